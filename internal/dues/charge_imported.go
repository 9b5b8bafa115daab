package dues

import (
	"context"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/duesperiod"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/members/statusset"
)

// ChargeMembers charges members entered in bulk (a roster import) for every
// period still running or to come, as ChargeMember does for one admission,
// in the transaction ctx carries (the import's). Former members are not
// charged, nor a period already charged.
func (s *Service) ChargeMembers(ctx context.Context, memberIDs []int) error {
	st, err := s.statutes.InForce(ctx)
	if err != nil {
		return err
	}
	return database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		periods, err := db.DuesPeriod.Query().Where(duesperiod.EndsOnGT(s.Now())).All(ctx)
		if err != nil || len(periods) == 0 {
			return err // without a period, the treasurer's opening charges everyone
		}
		// SQLite takes at most 32,766 values per statement: work in chunks.
		const chunk = 500
		for start := 0; start < len(memberIDs); start += chunk {
			ids := memberIDs[start:min(start+chunk, len(memberIDs))]
			ms, err := db.Member.Query().Where(member.IDIn(ids...), statusset.Current.Where()).All(ctx)
			if err != nil {
				return err
			}
			charged := map[[2]int]bool{}
			existing, err := db.DuesCharge.Query().Where(duescharge.MemberIDIn(ids...)).
				Select(duescharge.FieldMemberID, duescharge.FieldPeriodID).All(ctx)
			if err != nil {
				return err
			}
			for _, c := range existing {
				charged[[2]int{c.MemberID, c.PeriodID}] = true
			}
			var bulk []*ent.DuesChargeCreate
			for _, p := range periods {
				for _, m := range ms {
					if charged[[2]int{m.ID, p.ID}] {
						continue
					}
					if c := s.chargeOf(ctx, st.Rules, p, m); c != nil {
						bulk = append(bulk, c)
					}
				}
			}
			for b := 0; b < len(bulk); b += chunk {
				if err := db.DuesCharge.CreateBulk(bulk[b:min(b+chunk, len(bulk))]...).Exec(ctx); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
