// Package worklist says what waits for a person: the items of their home
// page, each a count (sometimes an amount or a deadline) and a link to the
// page where the work is done. Each domain contributes its items as a
// Source; later capabilities (assemblies to come, votes open) add theirs
// the same way.
//
// An item is shown only to a person who may open its page: the web layer
// answers that from its route table (Person.May), and a source whose page
// the person may not open is not even counted.
package worklist

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/omsn/majlis/internal/apperr"
)

// Urgency says how soon an item wants attention.
type Urgency string

// The urgencies, from calm to pressing.
const (
	// Calm: nothing is pressing (often a count of zero).
	Calm Urgency = "calm"
	// Waiting: something waits for this person.
	Waiting Urgency = "waiting"
	// Late: a deadline has passed, or something went wrong.
	Late Urgency = "late"
)

// Item is one thing a person finds on their home page.
type Item struct {
	// Key names the item for pages and tests (applications, arrears…).
	Key string
	// Label is the translation key of the item's title; Detail, if set,
	// that of a line under it. Both may use {{.Count}}, {{.Amount}},
	// {{.Date}} and {{.Days}}, which the page formats in its language.
	Label, Detail string
	// Count is how many things wait.
	Count int
	// Amount, when the item is about money, in the smallest unit of
	// Currency.
	Amount   int64
	Currency string
	// Date, when the item has a deadline.
	Date time.Time
	// Days is a horizon the label names ("within 90 days").
	Days int
	// Link is the page where the work is done.
	Link    string
	Urgency Urgency
}

// Person is whom the home page is for.
type Person struct {
	// UserID is the signed-in account.
	UserID int
	// May reports whether the person may open a page of the site, by its
	// path (the route table decides).
	May func(path string) bool
}

// Source computes one item. Its Link is checked against the person's
// rights before Count runs.
type Source struct {
	Key  string
	Link string
	// Count fills in the item; ok false means there is nothing to show
	// this person (a member page for someone who is no member).
	Count func(ctx context.Context, p Person) (it Item, ok bool, err error)
}

// Service gathers the items of every source.
type Service struct {
	sources []Source
}

// New returns a service on the sources, shown in that order.
func New(sources ...Source) *Service { return &Service{sources: sources} }

// Add appends a source.
func (s *Service) Add(src Source) { s.sources = append(s.sources, src) }

// For lists the items waiting for a person, in the sources' order, only
// those whose page the person may open.
func (s *Service) For(ctx context.Context, p Person) ([]Item, error) {
	if p.UserID == 0 || p.May == nil {
		return nil, nil
	}
	var out []Item
	for _, src := range s.sources {
		if !p.May(PathOf(src.Link)) {
			continue
		}
		it, ok, err := src.Count(ctx, p)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		it.Key, it.Link = src.Key, src.Link
		if it.Urgency == "" {
			it.Urgency = Calm
			if it.Count > 0 {
				it.Urgency = Waiting
			}
		}
		out = append(out, it)
	}
	return out, nil
}

// PathOf is a link's path, without its query or fragment: what the route
// table knows.
func PathOf(link string) string {
	if u, err := url.Parse(link); err == nil {
		return u.Path
	}
	path, _, _ := strings.Cut(link, "?")
	path, _, _ = strings.Cut(path, "#")
	return path
}

// notFound reports an absent record, which means "nothing to show".
func notFound(err error) bool { return errors.Is(err, apperr.ErrNotFound) }
