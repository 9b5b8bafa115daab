package members

import (
	"context"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
)

// A member's listing is what the roster reads of their names, derived from
// them and stored next to them so that the database can search, sort and
// page: the folded search text and one collation key per collation the
// languages use. It is written with the names, by every use case that
// writes them (Listed for a new member, relist for a change).
type listing struct {
	searchText     string
	sortKey, keyAr []byte
}

// Sort key groups: the first byte of every key, so that anonymised
// members, whose name is gone, come after everyone else, in order of
// number.
const (
	named      byte = 1
	anonymised byte = 2
)

// collators gives each goroutine its own collator per collation (a
// Collator keeps state between calls). French and English follow CLDR's
// root order; Arabic has its own tailoring (ة with ت, ى with ي).
var collators = map[string]*sync.Pool{
	"root": {New: func() any { return collate.New(language.French) }},
	"ar":   {New: func() any { return collate.New(language.Arabic) }},
}

func collationKey(collation string, group byte, s string) []byte {
	c := collators[collation].Get().(*collate.Collator)
	defer collators[collation].Put(c)
	var buf collate.Buffer
	return append([]byte{group}, c.KeyFromString(&buf, s)...)
}

// sortName is the name the roster shows and sorts on: a person's last then
// first name, an organisation's name.
func sortName(kind member.Kind, first, last, org string) string {
	if kind == member.KindOrganisation {
		return org
	}
	return strings.TrimSpace(last + " " + first)
}

func listingOf(kind member.Kind, first, last, org, rep, email, number string, erased bool) listing {
	if erased {
		return listing{searchText: Fold(number), sortKey: append([]byte{anonymised}, number...),
			keyAr: append([]byte{anonymised}, number...)}
	}
	name := sortName(kind, first, last, org)
	return listing{searchText: searchText(first, last, org, rep, email, number),
		sortKey: collationKey("root", named, name), keyAr: collationKey("ar", named, name)}
}

// Listed sets on a new member their listing, from the names, email and
// number the creation sets. Every creation of a member goes through it.
func Listed(c *ent.MemberCreate) *ent.MemberCreate {
	m := c.Mutation()
	kind, ok := m.Kind()
	if !ok {
		kind = member.DefaultKind
	}
	first, _ := m.FirstName()
	last, _ := m.LastName()
	org, _ := m.OrganisationName()
	rep, _ := m.RepresentativeName()
	email, _ := m.Email()
	number, _ := m.Number()
	l := listingOf(kind, first, last, org, rep, email, number, false)
	return c.SetSearchText(l.searchText).SetSortKey(l.sortKey).SetSortKeyAr(l.keyAr)
}

// relist sets on a change of member old their listing, from the values the
// change sets and, for the others, old's.
func relist(u *ent.MemberUpdateOne, old *ent.Member) *ent.MemberUpdateOne {
	m := u.Mutation()
	pick := func(v string, set bool, was string) string {
		if set {
			return v
		}
		return was
	}
	first, ok := m.FirstName()
	first = pick(first, ok, old.FirstName)
	last, ok := m.LastName()
	last = pick(last, ok, old.LastName)
	org, ok := m.OrganisationName()
	org = pick(org, ok, old.OrganisationName)
	rep, ok := m.RepresentativeName()
	rep = pick(rep, ok, old.RepresentativeName)
	email, ok := m.Email()
	email = pick(email, ok, old.Email)
	number, ok := m.Number()
	if !ok && old.Number != nil {
		number = *old.Number
	}
	_, erasing := m.AnonymisedAt()
	l := listingOf(old.Kind, first, last, org, rep, email, number, erasing || old.AnonymisedAt != nil)
	return u.SetSearchText(l.searchText).SetSortKey(l.sortKey).SetSortKeyAr(l.keyAr)
}

// FillSortKeys computes the sort keys of the members written before they
// existed (no key), in batches. It runs at start-up, after the
// migrations; once every member has keys it is one indexed lookup.
func FillSortKeys(ctx context.Context, db *ent.Client) (int, error) {
	filled := 0
	for {
		ms, err := db.Member.Query().Where(member.Or(member.SortKeyIsNil(), member.SortKeyArIsNil())).
			Order(member.ByID()).Limit(500).All(ctx)
		if err != nil || len(ms) == 0 {
			return filled, err
		}
		tx, err := db.Tx(ctx)
		if err != nil {
			return filled, err
		}
		for _, m := range ms {
			if err := relist(tx.Member.UpdateOneID(m.ID), m).Exec(ctx); err != nil {
				_ = tx.Rollback()
				return filled, err
			}
		}
		if err := tx.Commit(); err != nil {
			return filled, err
		}
		filled += len(ms)
	}
}
