package members_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/testdb"
	"github.com/omsn/majlis/internal/textinput"
)

// fieldRefused reports whether err names field with the text rule's
// message.
func fieldRefused(err error, field string) bool {
	v, ok := apperr.AsValidation(err)
	return ok && v.Fields[field].Key == textinput.MessageKey
}

func TestImportedCellsWithControlCharactersAreReportedAtTheirRow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		csv := "email,last_name,first_name,category,city\n" +
			"ok@example.ma,Tazi,Karim,active,Rabat\n" +
			"nul@example.ma,Lah\x00lou,Imane,active,Fès\n" +
			"\"crlf@example.ma\",\"Kettani\r\nBcc: x@example.org\",Reda,active,Salé\n" +
			"bad\xff@example.ma,Skalli,Ghita,active,Tanger\n"
		rep, err := s.ImportCSV(ctx, strings.NewReader(csv), members.ImportOptions{ActorID: 1})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, p := range rep.Problems {
			got[fmt.Sprintf("%d:%s:%s", p.Line, p.Field, p.Key)] = true
			if !textinput.Line(p.Value) {
				t.Errorf("the report repeats the refused bytes %q", p.Value)
			}
		}
		for _, want := range []string{"3:last_name:" + textinput.MessageKey, "4:last_name:" + textinput.MessageKey,
			"5:email:" + textinput.MessageKey} {
			if !got[want] {
				t.Errorf("missing problem %s (got %v)", want, got)
			}
		}
		if rep.Imported != 0 || db.Ent.Member.Query().CountX(ctx) != 0 {
			t.Fatal("rows were written")
		}
	})
}

func TestTheBoardsAndTheMembersFormsRefuseControlCharacters(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		m := apply(t, s, "salma@example.ma")
		err := s.RequestInformation(ctx, m.ID, members.Decision{ActorID: *m.UserID, Reason: "Question\x00"})
		if !fieldRefused(err, "reason") {
			t.Fatalf("decision reason: %v", err)
		}
		err = s.Reject(ctx, m.ID, members.Decision{ActorID: *m.UserID, Reason: "Hors objet", Reference: "Bureau\r\n12"})
		if !fieldRefused(err, "reference") {
			t.Fatalf("decision reference: %v", err)
		}
		err = s.UpdateIdentity(ctx, m.ID, members.Identity{FirstName: "Sal\x00ma", LastName: "Idrissi", Email: "s\xff@example.ma",
			Address: "1 rue\n2e étage"}, members.Decision{ActorID: *m.UserID, Reason: "Correction"})
		if !fieldRefused(err, "first_name") || !fieldRefused(err, "email") {
			t.Fatalf("identity: %v", err)
		}
		if v, _ := apperr.AsValidation(err); v != nil && v.Fields["address"].Key != "" {
			t.Fatalf("an address on two lines was refused: %v", err)
		}
		err = s.UpdateOwnProfile(ctx, *m.UserID, members.Profile{City: "Ra\r\nbat", Address: "ok\nok"})
		if !fieldRefused(err, "city") {
			t.Fatalf("profile: %v", err)
		}
		if got, _ := s.Get(ctx, m.ID); got.FirstName != "Salma" || got.Application != "pending" {
			t.Fatalf("something was written: %+v", got)
		}
	})
}

func TestSearchesRefuseControlCharactersAtTheBox(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		for _, q := range []string{"\x00", "%\xff", "a\r\nb"} {
			if _, err := s.Roster(ctx, members.RosterQuery{Search: q}); !fieldRefused(err, "q") {
				t.Errorf("roster %q: %v", q, err)
			}
			if _, err := s.Directory(ctx, q); !fieldRefused(err, "q") {
				t.Errorf("directory %q: %v", q, err)
			}
		}
	})
}
