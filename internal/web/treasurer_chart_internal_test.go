package web

import "testing"

func TestTheChartsAxisStepsAreRoundAndItsTopIsJustAboveTheBestMonth(t *testing.T) {
	for best, step := range map[int64]int64{
		2350000: 600000, // 23 500 MAD: 6 000, 12 000, 18 000, 24 000
		2500000: 750000, // 25 000 MAD: up to 30 000
		40000:   10000,  // 400 MAD: 100 a step
		1:       100,    // a centime still gets a one-dirham step
		60000:   15000,  // 600 MAD: 150 a step, top exactly 600
	} {
		if got := niceStep(best); got != step {
			t.Errorf("niceStep(%d) = %d, want %d", best, got, step)
		}
	}
}
