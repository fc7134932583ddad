package viz

import (
	"math"
	"sort"
)

// Helpers for the column layouts viz draws itself (network, clusters,
// flows): placing nodes along a column, routing edges through the gaps
// of a column, placing labels where nothing else is.

// rect is an axis-aligned box.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) overlaps(s rect) bool {
	return r.x0 < s.x1 && s.x0 < r.x1 && r.y0 < s.y1 && s.y0 < r.y1
}

func (r rect) grow(d float64) rect { return rect{r.x0 - d, r.y0 - d, r.x1 + d, r.y1 + d} }

// place1D positions boxes of the given heights along a column, in the
// given order, as close as it can to their desired centres, at least gap
// apart and within [lo, hi] when they fit (else from lo down). It returns
// the top of each box. This is isotonic regression: blocks of touching
// boxes sit at the mean of their members' wishes.
func place1D(desired, heights []float64, gap, lo, hi float64) []float64 {
	n := len(desired)
	tops := make([]float64, n)
	if n == 0 {
		return tops
	}
	// offset[i]: top of box i relative to the top of its block.
	type block struct {
		first, last int
		top         float64 // top of the block
		sum         float64 // Σ (desired top of member − its offset)
		count       float64
		height      float64
	}
	var blocks []block
	for i := 0; i < n; i++ {
		want := desired[i] - heights[i]/2
		b := block{first: i, last: i, top: want, sum: want, count: 1, height: heights[i]}
		for len(blocks) > 0 {
			p := &blocks[len(blocks)-1]
			if p.top+p.height+gap <= b.top {
				break
			}
			// Merge: b's members are offset by p.height + gap.
			off := p.height + gap
			p.sum += b.sum - off*b.count
			p.count += b.count
			p.height += gap + b.height
			p.last = b.last
			p.top = p.sum / p.count
			b = *p
			blocks = blocks[:len(blocks)-1]
		}
		blocks = append(blocks, b)
	}
	total := 0.0
	for _, h := range heights {
		total += h
	}
	total += gap * float64(n-1)
	for _, b := range blocks {
		y := b.top
		for i := b.first; i <= b.last; i++ {
			tops[i] = y
			y += heights[i] + gap
		}
	}
	// Into [lo, hi]: down from lo, then, when everything fits, up from hi.
	tops[0] = math.Max(tops[0], lo)
	for i := 1; i < n; i++ {
		tops[i] = math.Max(tops[i], tops[i-1]+heights[i-1]+gap)
	}
	if total <= hi-lo {
		tops[n-1] = math.Min(tops[n-1], hi-heights[n-1])
		for i := n - 2; i >= 0; i-- {
			tops[i] = math.Min(tops[i], tops[i+1]-gap-heights[i])
		}
	}
	return tops
}

// baryOrder sorts items by their barycentre (the weighted mean position
// of their neighbours); items without neighbours keep their place
// relative to the others. pinned items stay at the end.
func baryOrder(items []int, bary func(int) (float64, bool), pos map[int]float64, pinned func(int) bool) {
	key := map[int]float64{}
	for _, i := range items {
		if v, ok := bary(i); ok {
			key[i] = v
		} else {
			key[i] = pos[i]
		}
	}
	sort.SliceStable(items, func(a, b int) bool {
		pa, pb := pinned != nil && pinned(items[a]), pinned != nil && pinned(items[b])
		if pa != pb {
			return pb
		}
		if pa {
			return false
		}
		return key[items[a]] < key[items[b]]
	})
}

// interval is a free stretch of a column, from y0 to y1.
type interval struct{ y0, y1 float64 }

// columnGaps returns the free stretches between the boxes of a column
// (given as top, height in order) and above and below them, within
// [lo, hi].
func columnGaps(tops, heights []float64, lo, hi float64) []interval {
	var gs []interval
	y := lo
	for i := range tops {
		if tops[i] > y {
			gs = append(gs, interval{y, tops[i]})
		}
		y = math.Max(y, tops[i]+heights[i])
	}
	if hi > y {
		gs = append(gs, interval{y, hi})
	}
	return gs
}

// nearestGap returns the index of the gap, at least minH high, whose
// middle is closest to y (the first gap when none is high enough).
func nearestGap(gs []interval, y, minH float64) int {
	best, bestD := -1, math.Inf(1)
	for i, g := range gs {
		if g.y1-g.y0 < minH {
			continue
		}
		c := math.Max(g.y0+minH/2, math.Min(g.y1-minH/2, y))
		if d := math.Abs(c - y); d < bestD {
			best, bestD = i, d
		}
	}
	if best < 0 {
		for i, g := range gs {
			if d := math.Abs((g.y0+g.y1)/2 - y); d < bestD {
				best, bestD = i, d
			}
		}
	}
	return best
}

// placer puts labels where they cover no obstacle and no other label.
type placer struct {
	obstacles []rect
	placed    []rect
}

func (p *placer) free(r rect) bool {
	for _, o := range p.obstacles {
		if r.overlaps(o) {
			return false
		}
	}
	for _, o := range p.placed {
		if r.overlaps(o) {
			return false
		}
	}
	return true
}

// place tries the candidate centres in order for a label of w × h and
// keeps the first free one.
func (p *placer) place(cands []pt2, w, h float64) (pt2, bool) {
	for _, c := range cands {
		r := rect{c.x - w/2, c.y - h/2, c.x + w/2, c.y + h/2}
		if p.free(r.grow(0.8)) {
			p.placed = append(p.placed, r)
			return c, true
		}
	}
	return pt2{}, false
}

type pt2 struct{ x, y float64 }

// curvePoint is the point at t on the S-curve from (x0, y0) to (x1, y1)
// drawn by curve.
func curvePoint(x0, y0, x1, y1, t float64) pt2 {
	mx := (x0 + x1) / 2
	return pt2{bezier(x0, mx, mx, x1, t), bezier(y0, y0, y1, y1, t)}
}

// labelTs is the order in which positions along an edge are tried.
var labelTs = []float64{0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2, 0.8, 0.14, 0.86, 0.46, 0.54, 0.38, 0.62, 0.3, 0.7, 0.24, 0.76}

// ports spreads n attachment points over the side of a box from y0 to y1,
// in the order given.
func ports(y0, y1 float64, n int) []float64 {
	out := make([]float64, n)
	if n == 0 {
		return out
	}
	pad := math.Min(4, (y1-y0)/4)
	span := y1 - y0 - 2*pad
	for i := range out {
		if n == 1 {
			out[i] = (y0 + y1) / 2
		} else {
			out[i] = y0 + pad + span*float64(i)/float64(n-1)
		}
	}
	return out
}
