package association

import (
	"context"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/accounts"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/textinput"
)

// Identity is the editable identity of the association, as entered in the
// form. Dates are YYYY-MM-DD or empty.
type Identity struct {
	NameFr, NameAr, NameEn                    string
	ShortNameFr, ShortNameAr, ShortNameEn     string
	PurposeFr, PurposeAr, PurposeEn           string
	SeatAddress, SeatCity, SeatCountry        string
	Email, Phone, Website                     string
	RegistrationAuthority, RegistrationNumber string
	RegistrationDate, FoundedOn               string
}

// IdentityOf returns the form values of a stored association.
func IdentityOf(a *ent.Association) Identity {
	day := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	return Identity{
		NameFr: a.NameFr, NameAr: a.NameAr, NameEn: a.NameEn,
		ShortNameFr: a.ShortNameFr, ShortNameAr: a.ShortNameAr, ShortNameEn: a.ShortNameEn,
		PurposeFr: a.PurposeFr, PurposeAr: a.PurposeAr, PurposeEn: a.PurposeEn,
		SeatAddress: a.SeatAddress, SeatCity: a.SeatCity, SeatCountry: a.SeatCountry,
		Email: a.Email, Phone: a.Phone, Website: a.Website,
		RegistrationAuthority: a.RegistrationAuthority, RegistrationNumber: a.RegistrationNumber,
		RegistrationDate: day(a.RegistrationDate), FoundedOn: day(a.FoundedOn),
	}
}

// Save validates the identity and creates the association (on a new
// installation) or updates it. Problems are reported per field; nothing is
// written unless every field is valid.
func (s *Service) Save(ctx context.Context, in Identity) (*ent.Association, error) {
	in = trimAll(in)
	v := &apperr.ValidationError{}
	textinput.Lines(v, map[string]string{"name_fr": in.NameFr, "name_ar": in.NameAr, "name_en": in.NameEn,
		"short_name_fr": in.ShortNameFr, "short_name_ar": in.ShortNameAr, "short_name_en": in.ShortNameEn,
		"seat_city": in.SeatCity, "seat_country": in.SeatCountry, "email": in.Email, "phone": in.Phone,
		"website": in.Website, "registration_authority": in.RegistrationAuthority,
		"registration_number": in.RegistrationNumber, "registration_date": in.RegistrationDate, "founded_on": in.FoundedOn})
	for field, val := range map[string]string{"purpose_fr": in.PurposeFr, "purpose_ar": in.PurposeAr,
		"purpose_en": in.PurposeEn, "seat_address": in.SeatAddress} {
		textinput.CheckText(v, field, val)
	}
	if in.NameFr == "" {
		v.Add("name_fr", "error.required", nil)
	}
	for field, val := range map[string]string{"name_fr": in.NameFr, "name_ar": in.NameAr, "name_en": in.NameEn,
		"seat_address": in.SeatAddress, "registration_authority": in.RegistrationAuthority, "website": in.Website} {
		if utf8.RuneCountInString(val) > 300 {
			v.Add(field, "error.too_long", map[string]any{"Max": 300})
		}
	}
	for field, val := range map[string]string{"short_name_fr": in.ShortNameFr, "short_name_ar": in.ShortNameAr, "short_name_en": in.ShortNameEn,
		"phone": in.Phone} {
		if utf8.RuneCountInString(val) > 40 {
			v.Add(field, "error.too_long", map[string]any{"Max": 40})
		}
	}
	if utf8.RuneCountInString(in.SeatCity) > 120 {
		v.Add("seat_city", "error.too_long", map[string]any{"Max": 120})
	}
	if utf8.RuneCountInString(in.RegistrationNumber) > 100 {
		v.Add("registration_number", "error.too_long", map[string]any{"Max": 100})
	}
	in.SeatCountry = strings.ToUpper(in.SeatCountry)
	if !isCountryCode(in.SeatCountry) {
		v.Add("seat_country", "error.country_code", nil)
	}
	if in.Email != "" && !accounts.ValidEmail(strings.ToLower(in.Email)) {
		v.Add("email", "error.email_invalid", nil)
	}
	if in.Website != "" {
		if u, err := url.Parse(in.Website); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			v.Add("website", "error.url_invalid", nil)
		}
	}
	regDate := parseDay(v, "registration_date", in.RegistrationDate)
	founded := parseDay(v, "founded_on", in.FoundedOn)
	if err := v.OrNil(); err != nil {
		return nil, err
	}

	existing, err := database.Client(ctx, s.db).Association.Query().First(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	var a *ent.Association
	if existing == nil {
		c := database.Client(ctx, s.db).Association.Create()
		in.applyTo(c.Mutation(), regDate, founded)
		a, err = c.Save(ctx)
		if ent.IsConstraintError(err) {
			// Another administrator created it at the same moment.
			return nil, apperr.ErrConflict
		}
	} else {
		u := existing.Update()
		in.applyTo(u.Mutation(), regDate, founded)
		a, err = u.Save(ctx)
	}
	if err != nil {
		return nil, err
	}
	s.Forget()
	return a, nil
}

// applyTo writes the identity into a create or update mutation; on an
// update, a date left empty clears the stored one.
func (in Identity) applyTo(m *ent.AssociationMutation, regDate, founded *time.Time) {
	m.SetNameFr(in.NameFr)
	m.SetNameAr(in.NameAr)
	m.SetNameEn(in.NameEn)
	m.SetShortNameFr(in.ShortNameFr)
	m.SetShortNameAr(in.ShortNameAr)
	m.SetShortNameEn(in.ShortNameEn)
	m.SetPurposeFr(in.PurposeFr)
	m.SetPurposeAr(in.PurposeAr)
	m.SetPurposeEn(in.PurposeEn)
	m.SetSeatAddress(in.SeatAddress)
	m.SetSeatCity(in.SeatCity)
	m.SetSeatCountry(in.SeatCountry)
	m.SetEmail(strings.ToLower(in.Email))
	m.SetPhone(in.Phone)
	m.SetWebsite(in.Website)
	m.SetRegistrationAuthority(in.RegistrationAuthority)
	m.SetRegistrationNumber(in.RegistrationNumber)
	update := m.Op().Is(ent.OpUpdateOne)
	switch {
	case regDate != nil:
		m.SetRegistrationDate(*regDate)
	case update:
		m.ClearRegistrationDate()
	}
	switch {
	case founded != nil:
		m.SetFoundedOn(*founded)
	case update:
		m.ClearFoundedOn()
	}
}

func parseDay(v *apperr.ValidationError, field, s string) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		v.Add(field, "error.date_invalid", nil)
		return nil
	}
	return &t
}

func isCountryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

func trimAll(in Identity) Identity {
	for _, p := range []*string{&in.NameFr, &in.NameAr, &in.NameEn, &in.ShortNameFr, &in.ShortNameAr, &in.ShortNameEn,
		&in.PurposeFr, &in.PurposeAr, &in.PurposeEn, &in.SeatAddress, &in.SeatCity, &in.SeatCountry,
		&in.Email, &in.Phone, &in.Website, &in.RegistrationAuthority, &in.RegistrationNumber,
		&in.RegistrationDate, &in.FoundedOn} {
		*p = strings.TrimSpace(*p)
	}
	return in
}
