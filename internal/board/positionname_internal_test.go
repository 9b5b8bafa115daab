package board

import (
	"testing"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/internal/governance"
)

// A mandate is named by its position's title in the statutes in force, in
// the reader's language; a position those statutes no longer have is named
// by its office.
func TestAMandateIsNamedByItsPositionsTitleOrElseItsOffice(t *testing.T) {
	n := PositionNames{rules: governance.OMSN()}
	cases := []struct {
		m         *ent.Mandate
		lang      string
		name      string
		isKeyName bool
	}{
		{&ent.Mandate{Position: "secretary_general", Office: mandate.OfficeSecretaryGeneral}, "en", "Secretary general", false},
		{&ent.Mandate{Position: "treasurer", Office: mandate.OfficeTreasurer}, "ar", "أمين(ة) المال", false},
		{&ent.Mandate{Position: "deputy_treasurer", Office: mandate.OfficeTreasurer}, "fr", "office.treasurer", true},
	}
	for _, c := range cases {
		name, key := n.Of(c.m, c.lang)
		if name != c.name || key != c.isKeyName {
			t.Errorf("%s in %s: %q (key %v), want %q (key %v)", c.m.Position, c.lang, name, key, c.name, c.isKeyName)
		}
	}
}
