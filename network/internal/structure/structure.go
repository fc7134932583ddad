package structure

import (
	"math"
	"math/big"
	"math/bits"
	"slices"

	"clusterchain/network/internal/digraph"
)

// Components returns the strongly connected component of every node
// (numbered 0… in the order Tarjan's algorithm completes them) and their
// count. Iterative, so long chains cannot exhaust the stack.
func Components(g *digraph.Graph) (comp []int32, count int) {
	n := g.Order()
	comp = make([]int32, n)
	index := make([]int32, n) // 0: unvisited; else DFS index + 1
	low := make([]int32, n)
	onStack := make([]bool, n)
	var stack []int32
	type frame struct{ v, k int32 }
	var call []frame
	next := int32(1)
	for s := int32(0); int(s) < n; s++ {
		if index[s] != 0 {
			continue
		}
		index[s], low[s] = next, next
		next++
		stack = append(stack, s)
		onStack[s] = true
		call = append(call[:0], frame{v: s})
		for len(call) > 0 {
			top := &call[len(call)-1]
			v := top.v
			out := g.Out(v)
			if int(top.k) < len(out) {
				w := out[top.k]
				top.k++
				switch {
				case index[w] == 0:
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{v: w})
				case onStack[w]:
					low[v] = min(low[v], index[w])
				}
				continue
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				p := call[len(call)-1].v
				low[p] = min(low[p], low[v])
			}
			if low[v] == index[v] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp[w] = int32(count)
					if w == v {
						break
					}
				}
				count++
			}
		}
	}
	return comp, count
}

// FlowHierarchy returns the share of arcs that lie on no directed cycle:
// (m − arcs inside a strongly connected component) / m, as
// nx.flow_hierarchy(G) (Luo & Magee 2011). ok is false for a graph
// without arcs, where NetworkX divides by zero.
func FlowHierarchy(g *digraph.Graph) (h float64, ok bool) {
	m := g.Size()
	if m == 0 {
		return math.NaN(), false
	}
	comp, _ := Components(g)
	inside := 0
	for u := int32(0); int(u) < g.Order(); u++ {
		for _, v := range g.Out(u) {
			if comp[u] == comp[v] {
				inside++
			}
		}
	}
	return float64(m-inside) / float64(m), true
}

// Reciprocity returns the share of arcs u → v whose reverse v → u is also
// an arc, as nx.overall_reciprocity(G). ok is false for a graph without
// arcs (NetworkX: "Not defined for empty graphs").
func Reciprocity(g *digraph.Graph) (r float64, ok bool) {
	m := g.Size()
	if m == 0 {
		return math.NaN(), false
	}
	both := 0
	for u := int32(0); int(u) < g.Order(); u++ {
		both += common(g.Out(u), g.In(u))
	}
	return float64(both) / float64(m), true
}

// common counts the elements two increasing lists share.
func common(a, b []int32) int {
	c, j := 0, 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j < len(b) && b[j] == x {
			c++
		}
	}
	return c
}

// u128 is an unsigned 128-bit accumulator.
type u128 struct{ hi, lo uint64 }

func (a *u128) add(x uint64) {
	var c uint64
	a.lo, c = bits.Add64(a.lo, x, 0)
	a.hi += c
}

func (a *u128) addProduct(x, y uint64) {
	hi, lo := bits.Mul64(x, y)
	var c uint64
	a.lo, c = bits.Add64(a.lo, lo, 0)
	a.hi += hi + c
}

func (a u128) big() *big.Int {
	b := new(big.Int).SetUint64(a.hi)
	b.Lsh(b, 64)
	return b.Or(b, new(big.Int).SetUint64(a.lo))
}

// Assortativity returns the Pearson correlation, over the arcs u → v, of
// the out-degree of u and the in-degree of v:
// nx.degree_assortativity_coefficient(G, x='out', y='in') (Newman 2003).
// The five sums are exact integers and the two variances and the
// covariance are formed exactly before one rounding each, so the result
// is correct to a few units in the last place. ok is false (NaN) when
// there are no arcs or either degree is constant over the arcs, where
// NetworkX returns NaN.
func Assortativity(g *digraph.Graph) (r float64, ok bool) {
	m := g.Size()
	if m == 0 {
		return math.NaN(), false
	}
	var sx, sy, sxx, syy, sxy u128
	for u := int32(0); int(u) < g.Order(); u++ {
		x := uint64(g.OutDegree(u))
		for _, v := range g.Out(u) {
			y := uint64(g.InDegree(v))
			sx.add(x)
			sy.add(y)
			sxx.addProduct(x, x)
			syy.addProduct(y, y)
			sxy.addProduct(x, y)
		}
	}
	M := big.NewInt(int64(m))
	// m·Σab − Σa·Σb, exactly.
	moment := func(ab, a, b u128) *big.Int {
		p := new(big.Int).Mul(M, ab.big())
		return p.Sub(p, new(big.Int).Mul(a.big(), b.big()))
	}
	vx, vy, cov := moment(sxx, sx, sx), moment(syy, sy, sy), moment(sxy, sx, sy)
	if vx.Sign() == 0 || vy.Sign() == 0 {
		return math.NaN(), false
	}
	f := func(b *big.Int) float64 { x, _ := new(big.Float).SetInt(b).Float64(); return x }
	return f(cov) / (math.Sqrt(f(vx)) * math.Sqrt(f(vy))), true
}

// BowTie is the bow-tie decomposition around the largest strongly
// connected component (Broder et al. 2000): node counts.
type BowTie struct {
	Core int // the largest strongly connected component
	In   int // nodes that reach the core, outside it
	Out  int // nodes the core reaches, outside it
	Rest int // all other nodes (tendrils, tubes, other components)
	// Seed is the core's member that settled ties (the one of least rank);
	// −1 for a graph without nodes.
	Seed int32
}

// Shares returns the four counts divided by the node count n (all 0 when
// n = 0: a ratio whose denominator is 0 is 0, as in SPEC §2).
func (b BowTie) Shares() (core, in, out, rest float64) {
	n := float64(b.Core + b.In + b.Out + b.Rest)
	if n == 0 {
		return 0, 0, 0, 0
	}
	return float64(b.Core) / n, float64(b.In) / n, float64(b.Out) / n, float64(b.Rest) / n
}

// Decompose returns the bow-tie of g. Among strongly connected components
// of the largest size, the core is the one holding the node of least rank
// (rank[v] orders the nodes, e.g. by their ids in byte order; nil means
// the node numbers themselves). A graph whose components all have one
// node has a one-node core.
func Decompose(g *digraph.Graph, rank []int32) BowTie {
	n := g.Order()
	if n == 0 {
		return BowTie{Seed: -1}
	}
	less := func(a, b int32) bool { return a < b }
	if len(rank) == n {
		less = func(a, b int32) bool { return rank[a] < rank[b] }
	}
	comp, count := Components(g)
	size := make([]int, count)
	best := make([]int32, count) // least-ranked member of each component
	for i := range best {
		best[i] = -1
	}
	for v := int32(0); int(v) < n; v++ {
		c := comp[v]
		size[c]++
		if best[c] < 0 || less(v, best[c]) {
			best[c] = v
		}
	}
	core := int32(0)
	for c := int32(1); int(c) < count; c++ {
		if size[c] > size[core] || (size[c] == size[core] && less(best[c], best[core])) {
			core = c
		}
	}
	// OUT: forward from the core; IN: backward.
	mark := make([]byte, n) // 1 core, 2 out, 4 in
	var q []int32
	for v := int32(0); int(v) < n; v++ {
		if comp[v] == core {
			mark[v] = 1
			q = append(q, v)
		}
	}
	bt := BowTie{Core: len(q), Seed: best[core]}
	walk := func(adj func(int32) []int32, bit byte) int {
		queue := slices.Clone(q)
		c := 0
		for k := 0; k < len(queue); k++ {
			for _, w := range adj(queue[k]) {
				if mark[w] == 0 {
					mark[w] = bit
					c++
					queue = append(queue, w)
				}
			}
		}
		return c
	}
	bt.Out = walk(g.Out, 2)
	bt.In = walk(g.In, 4) // a node both reaching and reached would be in the core
	bt.Rest = n - bt.Core - bt.In - bt.Out
	return bt
}

// TailExponent returns the Hill estimate of the tail exponent of the total
// degrees (in + out) as SPEC §5 defines it: with x₁ ≥ x₂ ≥ … the degrees,
// m the number of nodes with degree > 0 and k = min(⌈√n⌉, m − 1),
// α = 1 + k / Σᵢ₌₁..ₖ ln(xᵢ / xₖ₊₁). ok is false when k < 2 or xₖ₊₁ = 0
// (SPEC's empty cases), and also when the k + 1 largest degrees are all
// equal, where the sum is 0 and α would be infinite.
func TailExponent(g *digraph.Graph) (alpha float64, ok bool) {
	n := g.Order()
	deg := make([]int, 0, n)
	for v := int32(0); int(v) < n; v++ {
		if d := g.InDegree(v) + g.OutDegree(v); d > 0 {
			deg = append(deg, d)
		}
	}
	slices.Sort(deg)
	slices.Reverse(deg)
	k := min(ceilSqrt(n), len(deg)-1)
	if k < 2 || deg[k] == 0 {
		return math.NaN(), false
	}
	xk := float64(deg[k])
	sum := 0.0
	for _, d := range deg[:k] {
		sum += math.Log(float64(d) / xk)
	}
	if sum == 0 {
		return math.NaN(), false
	}
	return 1 + float64(k)/sum, true
}

// ceilSqrt returns ⌈√n⌉ exactly.
func ceilSqrt(n int) int {
	s := int(math.Sqrt(float64(n)))
	for s*s < n {
		s++
	}
	for s > 0 && (s-1)*(s-1) >= n {
		s--
	}
	return s
}

// EI is the Krackhardt–Stern E–I index of one group.
type EI struct {
	External int // arcs with exactly one end in the group
	Internal int // arcs with both ends in the group
	// Index is (E − I)/(E + I), in [−1, 1]; NaN when E + I = 0 (SPEC §5:
	// empty).
	Index float64
}

// EIIndex returns the E–I index of each of k groups; group[v] is v's
// group in 0…k−1, or any value outside that range for none (for
// clusterchain: a firm's cluster; markets, buyers and firms of no cluster
// are in none). len(group) must be n; otherwise every index is NaN.
func EIIndex(g *digraph.Graph, group []int32, k int) []EI {
	res := make([]EI, max(k, 0))
	if len(group) == g.Order() {
		in := func(c int32) bool { return c >= 0 && int(c) < k }
		for u := int32(0); int(u) < g.Order(); u++ {
			cu := group[u]
			for _, v := range g.Out(u) {
				cv := group[v]
				switch {
				case in(cu) && cu == cv:
					res[cu].Internal++
				default:
					if in(cu) {
						res[cu].External++
					}
					if in(cv) {
						res[cv].External++
					}
				}
			}
		}
	}
	for i := range res {
		e, in := res[i].External, res[i].Internal
		res[i].Index = math.NaN()
		if e+in > 0 && len(group) == g.Order() {
			res[i].Index = float64(e-in) / float64(e+in)
		}
	}
	return res
}
