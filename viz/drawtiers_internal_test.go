package viz

import "testing"

// Every tier of a panel keeps its axis label: drawPanel leaves out a
// label that would touch the one above it, so sizePanel must place the
// first line of each tier at least a label's height below the previous
// tier's, however small the cells (at 20,000 firms one-row tiers under
// 5 pt cells lost their numbers: a panel read "0, 2, 3").
func TestTierLabelsFit(t *testing.T) {
	b := &builder{}
	for _, m := range []tmode{
		{cellW: 4, cellH: 3, maxCols: 10},
		{cellW: 6, cellH: 6, maxCols: 3},
		{cellW: 20, cellH: 16, maxCols: 4, labels: true},
	} {
		p := &tpanel{name: "C", sub: "s", rows: [][]int32{{0}, {1}, {2, 3, 4, 5, 6}, {7}, {8}}, tiers: []int32{0, 1, 2, 3, 4}}
		b.sizePanel(p, m)
		prev := -1e9
		seen := 0
		for _, l := range p.lines {
			if !l.first {
				continue
			}
			seen++
			if l.y-prev < tierAxFont.size+0.5 {
				t.Errorf("cells %v: tier %d's first line %.2f below the previous tier's, under a label (%.1f)", m, l.tier, l.y-prev, tierAxFont.size)
			}
			prev = l.y
		}
		if seen != 5 {
			t.Errorf("cells %v: %d tiers placed, want 5", m, seen)
		}
		if last := p.lines[len(p.lines)-1]; p.h < last.y+m.cellH {
			t.Errorf("cells %v: panel height %.1f ends above its last line (%.1f)", m, p.h, last.y+m.cellH)
		}
	}
}
