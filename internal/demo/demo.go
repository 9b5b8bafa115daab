// Package demo seeds a demonstration association modelled on the Moroccan
// Observatory for Digital Sovereignty (OMSN): its identity, its statutes in
// force, a roster of about two hundred members in every status and
// category who joined over the years since 2022, each with the history of
// their status, pending applications, and a full board with the history of
// its two terms. The people are invented; the roster is generated the same
// way on every run.
package demo

import (
	"context"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/accounts"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/database"
)

// The demo administrator's sign-in, printed at start. Demo data only.
const (
	AdminEmail    = "admin@omsn.example"
	AdminPassword = "majlis-demo"
)

// people are invented names for demo accounts.
var people = []accounts.NewAccount{
	{Email: "salma.idrissi@omsn.example", DisplayName: "Salma Idrissi", Language: "fr"},
	{Email: "youssef.benali@omsn.example", DisplayName: "Youssef Benali", Language: "ar"},
	{Email: "nadia.chraibi@omsn.example", DisplayName: "Nadia Chraibi", Language: "en"},
}

// Seed creates the demo association and its accounts if no association
// exists yet, all in one transaction. It reports whether it seeded.
func Seed(ctx context.Context, db *ent.Client, h *auth.Hasher) (bool, error) {
	n, err := database.Client(ctx, db).Association.Query().Count(ctx)
	if err != nil || n > 0 {
		return false, err
	}
	err = database.WithTx(ctx, db, func(ctx context.Context) error {
		// The services called below join this transaction through ctx.
		tx := database.Client(ctx, db)
		founded := time.Date(2022, time.March, 26, 0, 0, 0, 0, time.UTC)
		registered := time.Date(2022, time.April, 14, 0, 0, 0, 0, time.UTC)
		if err := tx.Association.Create().
			SetNameFr("Observatoire Marocain de la Souveraineté Numérique").
			SetNameAr("المرصد المغربي للسيادة الرقمية").
			SetNameEn("Moroccan Observatory for Digital Sovereignty").
			SetShortNameFr("OMSN").SetShortNameAr("OMSN").SetShortNameEn("OMSN").
			SetPurposeFr("Fédérer les acteurs du numérique autour de la souveraineté numérique comme axe stratégique du Maroc, " +
				"élaborer des études et des rapports, accompagner et conseiller les organisations dans leur stratégie numérique, " +
				"et organiser des rencontres pour l’émergence d’un écosystème numérique marocain souverain.").
			SetPurposeAr("توحيد الفاعلين في المجال الرقمي حول السيادة الرقمية باعتبارها محوراً استراتيجياً للمغرب، " +
				"وإعداد الدراسات والتقارير، ومواكبة المؤسسات وتقديم المشورة لها في استراتيجيتها الرقمية، " +
				"وتنظيم لقاءات من أجل بروز منظومة رقمية مغربية ذات سيادة.").
			SetPurposeEn("Bringing together digital actors around digital sovereignty as a strategic priority for Morocco, " +
				"producing studies and reports, advising organisations on their digital strategy, " +
				"and organising events for the emergence of a sovereign Moroccan digital ecosystem.").
			SetSeatAddress("12, avenue Mohammed V (adresse de démonstration)").
			SetSeatCity("Rabat").SetSeatCountry("MA").
			SetEmail("contact@omsn.example").
			SetWebsite("https://omsn.example").
			SetRegistrationAuthority("Préfecture de Rabat (démonstration)").
			SetRegistrationNumber("DEMO-2022-0417").
			SetRegistrationDate(registered).
			SetFoundedOn(founded).
			SetMemberNumberPrefix("OMSN-").
			Exec(ctx); err != nil {
			return err
		}
		svc := accounts.NewService(db, h)
		made := map[string]*ent.User{}
		admin, err := svc.Create(ctx, accounts.NewAccount{
			Email: AdminEmail, DisplayName: "Administration", Password: AdminPassword, Language: "fr", Admin: true,
		})
		if err != nil {
			return err
		}
		made[AdminEmail] = admin
		for _, p := range people {
			p.Password = AdminPassword
			u, err := svc.Create(ctx, p)
			if err != nil {
				return err
			}
			made[p.Email] = u
		}
		return seedStatutesAndRoster(ctx, db, made, founded)
	})
	return err == nil, err
}
