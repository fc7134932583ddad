package network

import (
	"context"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Paths holds the shortest-path (hop count) centralities of every node,
// with the NetworkX 2.8 conventions of SPEC §2.
type Paths struct {
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
}

// PathOptions tune the all-pairs sweep.
type PathOptions struct {
	// Workers is the number of goroutines; 0 means GOMAXPROCS. Results do
	// not depend on it: sources are processed in fixed blocks whose sums
	// are added in block order.
	Workers int
	// Progress, if non-nil, is called with the number of sources done
	// and the total, from one goroutine at a time.
	Progress func(done, total int)
}

// pathSums are the per-node sums one block of sources contributes.
type pathSums struct {
	bc    []float64
	harm  []float64
	dist  []int64 // Σ d(s→v)
	reach []int32 // number of s ≠ v reaching v
}

func newPathSums(n int) *pathSums {
	return &pathSums{
		bc:    make([]float64, n),
		harm:  make([]float64, n),
		dist:  make([]int64, n),
		reach: make([]int32, n),
	}
}

func (p *pathSums) clear() {
	clear(p.bc)
	clear(p.harm)
	clear(p.dist)
	clear(p.reach)
}

func (p *pathSums) addTo(dst *pathSums) {
	for i := range p.bc {
		dst.bc[i] += p.bc[i]
		dst.harm[i] += p.harm[i]
		dst.dist[i] += p.dist[i]
		dst.reach[i] += p.reach[i]
	}
}

// nodeState is one node's breadth-first search state, packed so that a
// visit touches one cache line.
type nodeState struct {
	sigma float64 // number of shortest paths from the source
	coef  float64 // (1 + δ)/σ once the node's dependency δ is known
	dist  int32   // hops from the source, −1 when not reached
}

// sweeper holds one goroutine's breadth-first search state.
type sweeper struct {
	g     *Graph
	st    []nodeState
	order []int32
}

func newSweeper(g *Graph) *sweeper {
	n := g.Order()
	sw := &sweeper{g: g, st: make([]nodeState, n), order: make([]int32, 0, n)}
	for i := range sw.st {
		sw.st[i].dist = -1
	}
	return sw
}

// source runs Brandes' algorithm from s and adds its contributions to acc.
func (sw *sweeper) source(s int32, acc *pathSums) {
	g := sw.g
	st := sw.st
	start, adj := g.outStart, g.outAdj
	order := sw.order[:0]
	st[s].dist = 0
	st[s].sigma = 1
	order = append(order, s)
	for head := 0; head < len(order); head++ {
		v := order[head]
		dv := st[v].dist + 1
		sv := st[v].sigma
		for _, w := range adj[start[v]:start[v+1]] {
			sw := &st[w]
			if sw.dist < 0 {
				sw.dist = dv
				order = append(order, w)
			}
			if sw.dist == dv {
				sw.sigma += sv
			}
		}
	}
	// Dependencies, farthest first: δ(v) = σ(v)·Σ (1+δ(w))/σ(w) over the
	// successors w of v on shortest paths, the out-neighbours one hop
	// further away. One division per node, as NetworkX does it.
	for i := len(order) - 1; i > 0; i-- {
		v := order[i]
		sv := &st[v]
		dv := sv.dist + 1
		c := 0.0
		for _, w := range adj[start[v]:start[v+1]] {
			if sw := &st[w]; sw.dist == dv {
				c += sw.coef
			}
		}
		d := sv.sigma * c
		sv.coef = (1 + d) / sv.sigma
		acc.bc[v] += d
		acc.harm[v] += 1 / float64(sv.dist)
		acc.dist[v] += int64(sv.dist)
		acc.reach[v]++
	}
	for _, v := range order {
		st[v] = nodeState{dist: -1}
	}
	sw.order = order
}

// blockCount is the number of blocks the sources are split into; it
// depends only on n so that results do not depend on the worker count.
func blockCount(n int) int {
	const maxBlocks = 256
	if n < maxBlocks {
		return n
	}
	return maxBlocks
}

// ShortestPaths computes betweenness, closeness and harmonic centrality
// of every node of g in one breadth-first sweep per source, spread over
// opt.Workers goroutines. It returns ctx's error if ctx is cancelled.
func ShortestPaths(ctx context.Context, g *Graph, opt PathOptions) (*Paths, error) {
	n := g.Order()
	sources := make([]int32, n)
	for i := range sources {
		sources[i] = int32(i)
	}
	total, err := sweep(ctx, g, sources, opt)
	if err != nil {
		return nil, err
	}
	return finishPaths(total, n, nil), nil
}

// SampledPaths estimates the same figures from k sources drawn uniformly
// without replacement with the given seed (Brandes & Pich 2007): each
// sampled source stands for n/k sources. Betweenness is the sum of the
// sampled dependencies times n/k (unbiased); the harmonic sum, the number
// of nodes reaching v and their total distance are scaled by (n−1)/k′,
// where k′ is the number of sampled sources other than v, and closeness
// is computed from those estimates. The relative error of a node's
// betweenness shrinks like 1/√k; with k ≥ n the figures are exact.
func SampledPaths(ctx context.Context, g *Graph, k int, seed uint64, opt PathOptions) (*Paths, error) {
	n := g.Order()
	if k >= n {
		return ShortestPaths(ctx, g, opt)
	}
	r := rand.New(rand.NewPCG(seed, 0x5a3b1e))
	perm := r.Perm(n)[:k]
	sources := make([]int32, k)
	inSample := make([]bool, n)
	for i, v := range perm {
		sources[i] = int32(v)
		inSample[v] = true
	}
	slices.Sort(sources) // block order independent of the draw order
	total, err := sweep(ctx, g, sources, opt)
	if err != nil {
		return nil, err
	}
	return finishPaths(total, n, &sample{k: k, in: inSample}), nil
}

// sample describes sampled sources for finishPaths.
type sample struct {
	k  int
	in []bool
}

// sweep runs the sources in blocks and returns the block sums added in
// block order.
func sweep(ctx context.Context, g *Graph, sources []int32, opt PathOptions) (*pathSums, error) {
	n := g.Order()
	total := newPathSums(n)
	nb := blockCount(len(sources))
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
		pending = make(map[int]*pathSums)
		nextAdd = 0
		free    = make(chan *pathSums, 2*workers)
		nextBlk atomic.Int64
		done    int
	)
	for i := 0; i < 2*workers; i++ {
		free <- newPathSums(n)
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
				b := int(nextBlk.Add(1) - 1)
				if b >= nb || ctx.Err() != nil {
					free <- buf
					return
				}
				buf.clear()
				blk := blockOf(b)
				for _, s := range blk {
					sw.source(s, buf)
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
			}
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return total, nil
}

// finishPaths turns summed contributions into the NetworkX-scaled
// figures; smp is nil for the exact sweep.
func finishPaths(t *pathSums, n int, smp *sample) *Paths {
	p := &Paths{
		Betweenness: t.bc,
		Closeness:   make([]float64, n),
		Harmonic:    t.harm,
	}
	bcScale := 1.0
	if smp != nil {
		bcScale = float64(n) / float64(smp.k)
	}
	if n > 2 {
		bcScale *= 1 / float64(int64(n-1)*int64(n-2))
	}
	for v := 0; v < n; v++ {
		p.Betweenness[v] *= bcScale
		if smp != nil {
			others := smp.k
			if smp.in[v] {
				others--
			}
			if others > 0 {
				f := float64(n-1) / float64(others)
				p.Harmonic[v] *= f
				if r := t.reach[v]; r > 0 {
					rr := float64(r) * f
					c := rr / (float64(t.dist[v]) * f)
					c *= rr / float64(n-1)
					p.Closeness[v] = min(c, 1)
				}
			}
		} else if r := t.reach[v]; r > 0 && n > 1 {
			c := float64(r) / float64(t.dist[v])
			c *= float64(r) / float64(n-1)
			p.Closeness[v] = c
		}
		if n > 1 {
			p.Harmonic[v] /= float64(n - 1)
		} else {
			p.Harmonic[v] = 0
		}
	}
	return p
}
