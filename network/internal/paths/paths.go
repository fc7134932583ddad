package paths

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"clusterchain/network/internal/csr"
	"clusterchain/network/internal/sched"
	"clusterchain/network/internal/topo"
)

// Result holds the shortest-path (hop count) centralities of every node,
// with the NetworkX 2.8 conventions of SPEC §2.
type Result struct {
	// Betweenness is betweenness_centrality(G, normalized=True): the raw
	// count of shortest directed paths through v, each pair (s, t)
	// counted once, times 1/((n−1)(n−2)) when n > 2.
	Betweenness []float64
	// Closeness is closeness_centrality(G): incoming distances,
	// Wasserman–Faust scaled: (r/(n−1))·(r/Σd) where r nodes reach v
	// with total distance Σd; 0 when nothing reaches v.
	Closeness []float64
	// Harmonic is harmonic_centrality(G)/(n−1): Σ over other nodes u
	// of 1/d(u→v), divided by n−1; 0 when n = 1.
	Harmonic []float64

	// Sources is the number of sampled sources, 0 for the exact sweep.
	// BetweennessSE, ClosenessSE and HarmonicSE are then the standard
	// errors of each estimate (see finishPaths); nil when exact.
	Sources                                int
	BetweennessSE, ClosenessSE, HarmonicSE []float64
}

// Options tune the all-pairs sweep.
type Options struct {
	// Workers is the number of goroutines; 0 means GOMAXPROCS. Results do
	// not depend on it: sources are processed in fixed blocks whose sums
	// are added in block order.
	Workers int
	// Progress, if non-nil, is called with the number of sources done
	// and the total, from one goroutine at a time.
	Progress func(done, total int)
	// Slots, if not nil, are shared with other work running at the same
	// time: a worker holds a slot while it runs a block.
	Slots sched.Slots
}

// pathSum is what one block of sources adds up for one node.
type pathSum struct {
	bc    float64 // Σ dependencies δ_s(v)
	harm  float64 // Σ 1/d(s→v)
	dist  int64   // Σ d(s→v)
	reach int64   // number of sources s ≠ v reaching v
}

// pathSq is what one block of sampled sources adds up for one node
// besides its pathSum: the sums of squares of the per-source
// contributions, from which the standard errors follow.
type pathSq struct {
	bc   float64 // Σ δ_s(v)²
	harm float64 // Σ 1/d(s→v)²
	dist float64 // Σ d(s→v)²
}

// pathSums are the per-node sums one block of sources contributes, in
// one array so that a node's four sums share a cache line; sq is nil
// unless the sources are sampled.
type pathSums struct {
	s  []pathSum
	sq []pathSq
}

func newPathSums(n int, squares bool) pathSums {
	p := pathSums{s: make([]pathSum, n)}
	if squares {
		p.sq = make([]pathSq, n)
	}
	return p
}

func (p pathSums) clear() {
	clear(p.s)
	clear(p.sq)
}

func (p pathSums) addTo(dst pathSums) {
	for i := range p.s {
		d := &dst.s[i]
		d.bc += p.s[i].bc
		d.harm += p.s[i].harm
		d.dist += p.s[i].dist
		d.reach += p.s[i].reach
	}
	for i := range p.sq {
		d := &dst.sq[i]
		d.bc += p.sq[i].bc
		d.harm += p.sq[i].harm
		d.dist += p.sq[i].dist
	}
}

// sweeper holds one goroutine's breadth-first search state. Nodes are
// marked as seen by the number of the current search, so nothing is
// reset between sources; everything else is indexed by a node's position
// in the search order, which keeps the backward pass on a compact range
// of memory.
type sweeper struct {
	g     *sweepGraph
	round uint32
	seen  []visit   // per node
	order []int32   // nodes in search order
	sigma []float64 // per position: number of shortest paths from the source
	coef  []float64 // per position: (1 + δ)/σ once δ is known
	// succ lists the positions of each position's successors on shortest
	// paths, those of position i at succ[succAt[i]:succAt[i+1]].
	succ   []int32
	succAt []int32
	levels []int32 // first position of each distance from the source
	inv    []float64
}

// visit records that a node was reached in search round and where it
// stands in the search order.
type visit struct {
	round uint32
	pos   int32
}

func newSweeper(g *sweepGraph) *sweeper {
	n := len(g.start) - 1
	return &sweeper{
		g:      g,
		seen:   make([]visit, n),
		order:  make([]int32, n),
		sigma:  make([]float64, n),
		coef:   make([]float64, n),
		succ:   make([]int32, 0, len(g.adj)),
		succAt: make([]int32, n+1),
		inv:    []float64{0},
	}
}

// source runs Brandes' algorithm from s and adds its contributions to
// acc, as the contributions of mult sources with s's out-neighbours and
// of pend sources whose only out-neighbour is s (see foldSources).
func (sw *sweeper) source(s int32, mult, pend int32, acc pathSums) {
	start, adj := sw.g.start, sw.g.adj
	if start[s] == start[s+1] {
		// Reaches nobody; its pendants reach s alone, at distance 1.
		a := &acc.s[s]
		a.harm += float64(pend)
		a.dist += int64(pend)
		a.reach += int64(pend)
		return
	}
	sw.round++
	round := sw.round
	seen, order, sigma, succAt := sw.seen, sw.order, sw.sigma, sw.succAt
	succ := sw.succ[:0]
	levels := append(sw.levels[:0], 0)
	seen[s] = visit{round, 0}
	order[0], sigma[0] = s, 1
	end := int32(1)     // positions below end are found
	nextLvl := int32(1) // first position one level below the node in hand
	for head := int32(0); head < end; head++ {
		if head == nextLvl {
			levels = append(levels, head)
			nextLvl = end
		}
		v := order[head]
		sv := sigma[head]
		succAt[head] = int32(len(succ))
		for _, w := range adj[start[v]:start[v+1]] {
			x := seen[w]
			if x.round != round {
				seen[w] = visit{round, end}
				order[end], sigma[end] = w, sv
				succ = append(succ, end)
				end++
			} else if x.pos >= nextLvl {
				sigma[x.pos] += sv
				succ = append(succ, x.pos)
			}
		}
	}
	succAt[end] = int32(len(succ))
	levels = append(levels, end)
	for len(sw.inv) <= len(levels) {
		sw.inv = append(sw.inv, 1/float64(len(sw.inv)))
	}
	// Dependencies, farthest first: δ(v) = σ(v)·Σ (1+δ(w))/σ(w) over the
	// successors w of v on shortest paths. One division per node, as
	// NetworkX does it. A pendant source sees every node one step further
	// away, through s, with the same dependencies.
	coef := sw.coef
	sq := acc.sq // sampled sources: mult 1, pend 0
	m, pd := float64(mult), float64(pend)
	weight := m + pd
	for d := len(levels) - 2; d > 0; d-- {
		harm := m*sw.inv[d] + pd*sw.inv[d+1]
		dist := int64(mult)*int64(d) + int64(pend)*int64(d+1)
		reach := int64(mult) + int64(pend)
		for i := levels[d+1] - 1; i >= levels[d]; i-- {
			c := 0.0
			for _, p := range succ[succAt[i]:succAt[i+1]] {
				c += coef[p]
			}
			sv := sigma[i]
			dep := sv * c
			coef[i] = (1 + dep) / sv
			a := &acc.s[order[i]]
			a.bc += weight * dep
			a.harm += harm
			a.dist += dist
			a.reach += reach
			if sq != nil {
				q := &sq[order[i]]
				q.bc += dep * dep
				q.harm += harm * harm
				q.dist += float64(dist) * float64(dist)
			}
		}
	}
	if pend > 0 { // s lies on the way from its pendants to all it reaches
		a := &acc.s[s]
		a.bc += pd * float64(end-1)
		a.harm += pd
		a.dist += int64(pend)
		a.reach += int64(pend)
	}
	sw.succ, sw.levels = succ, levels
}

// foldSources decides which sources need a search of their own. A source
// s that no out-neighbour of s reaches back (s is in no cycle) sees the
// network exactly as any other such source with the same out-neighbours
// does, and a source whose only out-neighbour is t sees it as t does, one
// step further away. So one search stands for all of them:
//
//   - a source in no cycle with one out-neighbour t is folded into t when
//     t is not such a source itself (pend[t] counts them);
//   - sources in no cycle with the same two or more out-neighbours, none
//     of them a fold target, form a class searched once from its first
//     member (mult[first] is the class size).
//
// It returns the sources to search, in order, with mult and pend indexed
// by node; every other node has mult 0.
func foldSources(g *csr.Graph, h *sweepGraph) (sources []int32, mult, pend []int32) {
	n := g.Order()
	outStart, outAdj, _ := g.OutCSR()
	comp, _ := topo.SCC(g)
	size := make([]int32, n)
	for _, c := range comp {
		if c >= 0 {
			size[c]++
		}
	}
	acyclic := func(v int32) bool { return comp[v] < 0 || size[comp[v]] == 1 }
	single := func(v int32) bool {
		return acyclic(v) && outStart[v+1]-outStart[v] == 1
	}
	mult = make([]int32, n)
	pend = make([]int32, n)
	folded := make([]bool, n)
	for v := int32(0); int(v) < n; v++ {
		mult[v] = 1
		if single(v) {
			if t := outAdj[outStart[v]]; !single(t) {
				folded[v] = true
				pend[t]++
			}
		}
	}
	// Classes of identical out-neighbour lists, found by hash.
	first := make(map[uint64][]int32)
	for v := int32(0); int(v) < n; v++ {
		out := outAdj[outStart[v]:outStart[v+1]]
		if len(out) < 2 || !acyclic(v) || pend[v] > 0 {
			continue
		}
		hash := uint64(14695981039346656037)
		for _, w := range out {
			hash = (hash ^ uint64(w)) * 1099511628211
		}
		found := false
		for _, r := range first[hash] {
			if slices.Equal(out, outAdj[outStart[r]:outStart[r+1]]) {
				mult[r]++
				folded[v] = true
				found = true
				break
			}
		}
		if !found {
			first[hash] = append(first[hash], v)
		}
	}
	// Search in the sweep graph's numbering; mult and pend follow it.
	hm := make([]int32, n)
	hp := make([]int32, n)
	for v := int32(0); int(v) < n; v++ {
		if folded[v] {
			continue
		}
		l := h.label[v]
		hm[l], hp[l] = mult[v], pend[v]
	}
	for l := int32(0); int(l) < n; l++ {
		if hm[l] > 0 {
			sources = append(sources, l)
		}
	}
	return sources, hm, hp
}

// Searches returns the sources from which Exact runs a breadth-first
// search of its own, the others being folded into them (see foldSources),
// as nodes of g, in the order the sweep searches them.
func Searches(g *csr.Graph) []int32 {
	h := newSweepGraph(g)
	labels, _, _ := foldSources(g, h)
	out := make([]int32, len(labels))
	for i, l := range labels {
		out[i] = h.node[l]
	}
	return out
}

// blockCount is the number of blocks k sources on n nodes are split
// into; it depends only on k and n so that results do not depend on the
// worker count. Every block clears and adds up a buffer of n sums, about
// as much work as a few searches (each reaches a good share of the
// nodes), so a block holds at least 8 sources, or all of them on tiny
// graphs.
func blockCount(k, n int) int {
	if n < 64 {
		return min(k, 256)
	}
	return max(1, min(k/8, 256))
}

// sweepGraph is the out-adjacency of a Graph with its nodes renumbered
// in breadth-first order over the undirected ties, so that nodes found
// together by a search sit together in memory.
type sweepGraph struct {
	start, adj []int32
	label      []int32 // label[v] is the number of node v of the Graph
	node       []int32 // node[i] is the Graph's node numbered i
}

func newSweepGraph(g *csr.Graph) *sweepGraph {
	n := g.Order()
	outStart, outAdj, _ := g.OutCSR()
	inStart, inAdj, _ := g.InCSR()
	h := &sweepGraph{
		start: make([]int32, n+1),
		adj:   make([]int32, 0, g.Size()),
		label: make([]int32, n),
		node:  make([]int32, 0, n),
	}
	for i := range h.label {
		h.label[i] = -1
	}
	for r := 0; r < n; r++ {
		if h.label[r] >= 0 {
			continue
		}
		h.label[r] = int32(len(h.node))
		h.node = append(h.node, int32(r))
		for head := len(h.node) - 1; head < len(h.node); head++ {
			v := h.node[head]
			for _, nb := range [2][]int32{outAdj[outStart[v]:outStart[v+1]], inAdj[inStart[v]:inStart[v+1]]} {
				for _, w := range nb {
					if h.label[w] < 0 {
						h.label[w] = int32(len(h.node))
						h.node = append(h.node, w)
					}
				}
			}
		}
	}
	for i, v := range h.node {
		for _, w := range outAdj[outStart[v]:outStart[v+1]] {
			h.adj = append(h.adj, h.label[w])
		}
		h.start[i+1] = int32(len(h.adj))
	}
	return h
}

// unlabel returns sums indexed by the Graph's node numbers.
func (h *sweepGraph) unlabel(t pathSums) pathSums {
	out := newPathSums(len(t.s), t.sq != nil)
	for i, v := range h.node {
		out.s[v] = t.s[i]
		if t.sq != nil {
			out.sq[v] = t.sq[i]
		}
	}
	return out
}

// Exact computes betweenness, closeness and harmonic centrality
// of every node of g in one breadth-first search per source, spread over
// opt.Workers goroutines; sources that provably see the network as
// another source does share its search (see foldSources). It returns
// ctx's error if ctx is cancelled.
func Exact(ctx context.Context, g *csr.Graph, opt Options) (*Result, error) {
	n := g.Order()
	h := newSweepGraph(g)
	sources, mult, pend := foldSources(g, h)
	total, err := sweep(ctx, h, sources, mult, pend, opt)
	if err != nil {
		return nil, err
	}
	return finishPaths(h.unlabel(total), n, nil), nil
}

// Sampled estimates the same figures from k sources drawn uniformly
// without replacement with the given seed (Brandes & Pich 2007): each
// sampled source stands for n/k sources. Betweenness is the sum of the
// sampled dependencies times n/k (unbiased); the harmonic sum, the number
// of nodes reaching v and their total distance are scaled by (n−1)/k′,
// where k′ is the number of sampled sources other than v, and closeness
// is computed from those estimates. Each estimate comes with its standard
// error (Result.BetweennessSE, …; see finishPaths), which shrinks like
// 1/√k; with k ≥ n the figures are exact.
func Sampled(ctx context.Context, g *csr.Graph, k int, seed uint64, opt Options) (*Result, error) {
	n := g.Order()
	if k >= n {
		return Exact(ctx, g, opt)
	}
	r := rand.New(rand.NewPCG(seed, 0x5a3b1e))
	perm := r.Perm(n)[:k]
	sources := make([]int32, k)
	for i, v := range perm {
		sources[i] = int32(v)
	}
	return sampledFrom(ctx, g, sources, opt)
}

// sampledFrom estimates the figures from the given distinct sources (nodes
// of g), as Sampled does.
func sampledFrom(ctx context.Context, g *csr.Graph, sources []int32, opt Options) (*Result, error) {
	n := g.Order()
	inSample := make([]bool, n)
	for _, v := range sources {
		inSample[v] = true
	}
	h := newSweepGraph(g)
	labels := make([]int32, len(sources))
	for i, s := range sources {
		labels[i] = h.label[s]
	}
	slices.Sort(labels) // block order independent of the draw order
	total, err := sweep(ctx, h, labels, nil, nil, opt)
	if err != nil {
		return nil, err
	}
	return finishPaths(h.unlabel(total), n, &sample{k: len(sources), in: inSample}), nil
}

// sample describes sampled sources for finishPaths.
type sample struct {
	k  int
	in []bool
}

// sweep runs the sources in blocks and returns the block sums added in
// block order. mult and pend, if not nil, say what each source stands for
// (see foldSources); nil means each source stands for itself.
func sweep(ctx context.Context, g *sweepGraph, sources, mult, pend []int32, opt Options) (pathSums, error) {
	n := len(g.start) - 1
	squares := mult == nil // sampled sources: standard errors too
	total := newPathSums(n, squares)
	nb := blockCount(len(sources), n)
	if nb == 0 {
		return total, nil
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers > nb {
		workers = nb
	}
	blockOf := func(b int) []int32 {
		return sources[b*len(sources)/nb : (b+1)*len(sources)/nb]
	}

	// Finished blocks wait in pending until every earlier block has been
	// added; a pool of 2×workers buffers bounds the memory.
	var (
		mu      sync.Mutex
		pending = make(map[int]pathSums)
		nextAdd = 0
		free    = make(chan pathSums, 2*workers)
		nextBlk atomic.Int64
		done    int
	)
	for i := 0; i < 2*workers; i++ {
		free <- newPathSums(n, squares)
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sw := newSweeper(g)
			for {
				// Take a buffer before claiming a block: blocks are claimed
				// in order, so the block the merge waits for always has one.
				buf := <-free
				if opt.Slots != nil {
					opt.Slots.Acquire()
				}
				b := int(nextBlk.Add(1) - 1)
				if b >= nb || ctx.Err() != nil {
					if opt.Slots != nil {
						opt.Slots.Release()
					}
					free <- buf
					return
				}
				buf.clear()
				blk := blockOf(b)
				for _, s := range blk {
					if mult != nil {
						sw.source(s, mult[s], pend[s], buf)
					} else {
						sw.source(s, 1, 0, buf)
					}
				}
				mu.Lock()
				pending[b] = buf
				for {
					p, ok := pending[nextAdd]
					if !ok {
						break
					}
					delete(pending, nextAdd)
					p.addTo(total)
					done += len(blockOf(nextAdd))
					nextAdd++
					free <- p
					if opt.Progress != nil {
						opt.Progress(done, len(sources))
					}
				}
				mu.Unlock()
				if opt.Slots != nil {
					opt.Slots.Release()
				}
			}
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return pathSums{}, ctx.Err()
	}
	return total, nil
}

// finishPaths turns summed contributions into the NetworkX-scaled
// figures; smp is nil for the exact sweep.
//
// For sampled sources it also gives each estimate's standard error, from
// the spread of the per-source contributions x_s over the k′ sampled
// sources that count for the node, as for the mean of a simple random
// sample drawn without replacement from a population of N sources:
// SE(mean) = √((1 − k′/N)·S²/k′), S² the sample variance. Betweenness
// (N = n, every source counts) and harmonic (N = n − 1, v itself left
// out) are N·mean, scaled as the figure. Closeness is a nonlinear
// function of two sampled means, C = ā²/b̄ with a_s = 1 when s reaches v
// and b_s = d(s→v) (0 when s does not reach v); its standard error comes
// from the delta method: Var C ≈ ∇ᵀ Σ ∇ with ∇ = (2ā/b̄, −ā²/b̄²) and Σ
// the covariance matrix of (ā, b̄), estimated like S²/k′ above (a_s² =
// a_s and a_s·b_s = b_s, so Σd² is the only extra sum it needs).
func finishPaths(t pathSums, n int, smp *sample) *Result {
	p := &Result{
		Betweenness: make([]float64, n),
		Closeness:   make([]float64, n),
		Harmonic:    make([]float64, n),
	}
	if smp != nil {
		p.BetweennessSE = make([]float64, n)
		p.ClosenessSE = make([]float64, n)
		p.HarmonicSE = make([]float64, n)
		p.Sources = smp.k
	}
	norm := 1.0
	if n > 2 {
		norm = 1 / float64(int64(n-1)*int64(n-2))
	}
	bcScale := norm
	if smp != nil {
		bcScale = float64(n) / float64(smp.k) * norm
	}
	for v := 0; v < n; v++ {
		ts := t.s[v]
		p.Betweenness[v] = ts.bc * bcScale
		p.Harmonic[v] = ts.harm
		if smp != nil {
			q := t.sq[v]
			k := float64(smp.k)
			p.BetweennessSE[v] = float64(n) * meanSE(ts.bc, q.bc, k, float64(n)) * norm
			others := smp.k
			if smp.in[v] {
				others--
			}
			if others > 0 {
				kk, N := float64(others), float64(n-1)
				f := N / kk
				p.Harmonic[v] *= f
				p.HarmonicSE[v] = N * meanSE(ts.harm, q.harm, kk, N)
				if r := ts.reach; r > 0 {
					rr := float64(r) * f
					c := rr / (float64(ts.dist) * f)
					c *= rr / N
					p.Closeness[v] = min(c, 1)
					p.ClosenessSE[v] = closenessSE(float64(r), float64(ts.dist), q.dist, kk, N)
				}
			}
		} else if r := ts.reach; r > 0 && n > 1 {
			c := float64(r) / float64(ts.dist)
			c *= float64(r) / float64(n-1)
			p.Closeness[v] = c
		}
		if n > 1 {
			p.Harmonic[v] /= float64(n - 1)
			if smp != nil {
				p.HarmonicSE[v] /= float64(n - 1)
			}
		} else {
			p.Harmonic[v] = 0
		}
	}
	return p
}

// meanSE is the standard error of the mean of k values drawn without
// replacement from N, given their sum and sum of squares.
func meanSE(sum, sumSq, k, N float64) float64 {
	if k < 2 {
		return 0
	}
	mean := sum / k
	s2 := max(sumSq-sum*mean, 0) / (k - 1)
	return math.Sqrt(max(1-k/N, 0) * s2 / k)
}

// closenessSE is the delta-method standard error of C = ā²/b̄ (see
// finishPaths): r sampled sources of k reach v, at total distance dist
// and summed squared distance dist2.
func closenessSE(r, dist, dist2, k, N float64) float64 {
	if k < 2 || dist == 0 {
		return 0
	}
	a, b := r/k, dist/k
	saa := max(r-r*a, 0) / (k - 1)
	sbb := max(dist2-dist*b, 0) / (k - 1)
	sab := (dist - r*b) / (k - 1)
	fpc := max(1-k/N, 0) / k
	ga, gb := 2*a/b, -a*a/(b*b)
	v := fpc * (ga*ga*saa + gb*gb*sbb + 2*ga*gb*sab)
	return math.Sqrt(max(v, 0))
}
