package web

import (
	"math"
	"strings"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/i18n/localefmt"
	"github.com/omsn/majlis/internal/payments"
)

// MonthName is a month's short name in the page's language ("mars",
// "مارس", "Mar"): the one place pages take month names from.
func (p *page) MonthName(m time.Month) string {
	return p.T("treasury.month." + m.String())
}

// The collections chart is drawn in a 640×240 box: the amounts' axis on
// the start side, the bars in the plot area, the months under them.
const (
	chartLeft   = 96.0  // where the plot area starts (the axis labels before)
	chartRight  = 636.0 // where it ends
	chartTop    = 12.0
	chartBottom = 200.0 // the base line of the bars
)

// collectionsChart is the view of the monthly collections.
type collectionsChart struct {
	Bars  []bar
	Ticks []tick
	// Empty says that nothing was collected in the year: the page says so
	// rather than draw an empty frame.
	Empty bool
}

// bar is one month of the collections chart, in SVG units.
type bar struct {
	X, Y, W, H float64
	// LabelX is the middle of the bar, where the month's name goes.
	LabelX float64
	Month  string // the month's name
	Title  string // the month and year with the amount, for a tooltip
	Label  string // the amount
}

// tick is a value of the amounts' axis with its grid line.
type tick struct {
	Y     float64
	Label string
}

// chart lays out the monthly collections as bars, under an axis of four
// round steps whose top is just above the best month.
func chart(months []dues.MonthLine, monthName func(time.Month) string, format func(int64) string) collectionsChart {
	var out collectionsChart
	var best int64
	for _, m := range months {
		best = max(best, m.Collected)
	}
	if best == 0 {
		out.Empty = true
		return out
	}
	step := niceStep(best)
	top := 4 * step
	height := chartBottom - chartTop
	for i := 0; i <= 4; i++ {
		v := step * int64(i)
		out.Ticks = append(out.Ticks, tick{Y: chartBottom - math.Round(float64(v)*height/float64(top)), Label: format(v)})
	}
	w := (chartRight - chartLeft) / float64(len(months))
	for i, m := range months {
		h := math.Round(float64(m.Collected) * height / float64(top))
		name, title := m.Month, m.Month
		if t, err := time.Parse("2006-01", m.Month); err == nil {
			name = monthName(t.Month())
			title = name + " " + t.Format("2006")
		}
		x := chartLeft + float64(i)*w
		out.Bars = append(out.Bars, bar{X: x + 2, W: w - 4, H: h, Y: chartBottom - h, LabelX: x + w/2,
			Month: name, Title: title, Label: format(m.Collected)})
	}
	return out
}

// niceStep is the step between the axis's four grid lines: the smallest
// round amount (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 or 8 times a power of ten
// whole units) at least a quarter of n centimes, so that the top line is
// just above the best month and every line reads as a round figure.
func niceStep(n int64) int64 {
	quarter := (n + 3) / 4
	for mag := int64(100); ; mag *= 10 {
		for _, f := range []int64{10, 15, 20, 25, 30, 40, 50, 60, 75, 80} {
			if v := mag * f / 10; v >= quarter {
				return v
			}
		}
	}
}

// flaggedEvent is a provider's event waiting for the treasurer, in words.
type flaggedEvent struct {
	ReceivedAt time.Time
	// Kind says what the event is, in words; EventID is the provider's.
	Kind, EventID string
	Reason        string
}

// flaggedEvents words the flagged events in the page's language, their
// amounts formatted as money. Events recorded before flags were kept in
// this form show their plain reason.
func (s *Server) flaggedEvents(p *page, events []*ent.WebhookEvent) []flaggedEvent {
	out := make([]flaggedEvent, len(events))
	for i, ev := range events {
		out[i] = flaggedEvent{ReceivedAt: ev.ReceivedAt, EventID: ev.EventID, Kind: ev.Type, Reason: ev.Reason}
		if key := "treasury.event." + strings.ReplaceAll(ev.Type, ".", "_"); s.I18n.Has(p.Lang, key) {
			out[i].Kind = p.T(key)
		}
		if f := ev.Flag; f != nil && s.I18n.Has(p.Lang, "treasury.flag."+f.Code) {
			out[i].Reason = flagReason(p, f)
		}
	}
	return out
}

// flagReason says why an event was flagged: its message, with each amount
// formatted as money in the page's language.
func flagReason(p *page, f *payments.Flag) string {
	data := map[string]any{"Ref": f.Ref}
	for role, a := range f.Amounts {
		// The translator writes an Amount in the page's language (and
		// isolates it in Arabic, once).
		data[role] = localefmt.Amount{Minor: a.Value, Currency: a.Currency}
	}
	return p.T("treasury.flag."+f.Code, data)
}
