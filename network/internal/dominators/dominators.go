package dominators

import (
	"context"
	"slices"

	"clusterchain/network/internal/digraph"
)

// Root and Unreachable are the values Tree.Idom returns besides a node:
// the virtual root r, and "r does not reach this node".
const (
	Root        int32 = -1
	Unreachable int32 = -2
)

// Tree is the dominator tree of G + r for one source set.
type Tree struct {
	idom []int32 // by node: its immediate dominator, Root or Unreachable
}

// Idom returns the immediate dominator of v: a node, Root, or Unreachable
// (also for v outside 0…n−1).
func (t *Tree) Idom(v int32) int32 {
	if v < 0 || int(v) >= len(t.idom) {
		return Unreachable
	}
	return t.idom[v]
}

// Reachable reports whether r reaches v.
func (t *Tree) Reachable(v int32) bool { return t.Idom(v) != Unreachable }

// Chain returns the dominators of b other than r and b itself: the nodes
// every path from r to b passes through, ordered from r's side to b's. It
// is empty when b's immediate dominator is r, and nil when r does not
// reach b. The result is appended to dst[:0].
func (t *Tree) Chain(b int32, dst []int32) []int32 {
	if !t.Reachable(b) {
		return nil
	}
	dst = dst[:0]
	for d := t.idom[b]; d != Root; d = t.idom[d] {
		dst = append(dst, d)
	}
	slices.Reverse(dst)
	if dst == nil {
		dst = []int32{}
	}
	return dst
}

// Finder computes dominator trees of one graph for many source sets,
// reusing its scratch space; it is not safe for concurrent use.
type Finder struct {
	g *digraph.Graph
	n int32

	num      []int32  // a node's DFS number, valid where seen == epoch
	seen     []uint32 // per node
	isSource []uint32 // per node, == epoch: a source
	epoch    uint32

	// Indexed by DFS number 1…N (1 is the root; 0 means none).
	vertex, parent, semi, label, ancestor, idom []int32
	bucket, bucketNext                          []int32

	sources []int32
	stack   []frame
	chain   []int32
}

type frame struct {
	v int32 // node, or n for the root
	k int32 // next arc
}

// New returns a Finder for g.
func New(g *digraph.Graph) *Finder {
	n := g.Order()
	f := &Finder{g: g, n: int32(n), num: make([]int32, n), seen: make([]uint32, n), isSource: make([]uint32, n)}
	for _, p := range []*[]int32{&f.vertex, &f.parent, &f.semi, &f.label, &f.ancestor, &f.idom, &f.bucket, &f.bucketNext} {
		*p = make([]int32, n+2)
	}
	return f
}

// Tree returns the dominator tree of G + r, where the new root r has an
// arc to every node of sources (ids outside 0…n−1 ignored, duplicates
// merged), by the Lengauer–Tarjan algorithm with path compression
// (O(m log n)). It returns an error only when ctx is cancelled.
func (f *Finder) Tree(ctx context.Context, sources []int32) (*Tree, error) {
	f.epoch++
	if f.epoch == 0 {
		clear(f.seen)
		clear(f.isSource)
		f.epoch = 1
	}
	f.sources = f.sources[:0]
	for _, v := range sources {
		if v >= 0 && v < f.n && f.isSource[v] != f.epoch {
			f.isSource[v] = f.epoch
			f.sources = append(f.sources, v)
		}
	}
	slices.Sort(f.sources)
	N := f.dfs()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f.semidominators(N)
	t := &Tree{idom: make([]int32, f.n)}
	for v := range t.idom {
		t.idom[v] = Unreachable
	}
	for i := int32(2); i <= N; i++ {
		d := f.vertex[f.idom[i]]
		if d == f.n {
			d = Root
		}
		t.idom[f.vertex[i]] = d
	}
	return t, nil
}

// dfs numbers the nodes reachable from the root in depth-first preorder
// (arcs in increasing order) and records the DFS tree; it returns the
// count, root included.
func (f *Finder) dfs() int32 {
	N := int32(1)
	f.start(1, f.n, 0)
	st := append(f.stack[:0], frame{v: f.n})
	for len(st) > 0 {
		top := &st[len(st)-1]
		var adj []int32
		if top.v == f.n {
			adj = f.sources
		} else {
			adj = f.g.Out(top.v)
		}
		if int(top.k) == len(adj) {
			st = st[:len(st)-1]
			continue
		}
		w := adj[top.k]
		top.k++
		if f.seen[w] == f.epoch {
			continue
		}
		var pn int32 = 1
		if top.v != f.n {
			pn = f.num[top.v]
		}
		N++
		f.seen[w] = f.epoch
		f.num[w] = N
		f.start(N, w, pn)
		st = append(st, frame{v: w})
	}
	f.stack = st
	return N
}

// start initialises DFS number i for node v with DFS parent p.
func (f *Finder) start(i, v, p int32) {
	f.vertex[i], f.parent[i] = v, p
	f.semi[i], f.label[i], f.ancestor[i] = i, i, 0
	f.idom[i], f.bucket[i] = 0, 0
}

// semidominators runs the two passes of Lengauer & Tarjan (1979) over the
// DFS numbers 1…N and leaves the immediate dominators in f.idom.
func (f *Finder) semidominators(N int32) {
	for w := N; w >= 2; w-- {
		x := f.vertex[w]
		if f.isSource[x] == f.epoch { // the arc r → x
			f.semi[w] = 1
		}
		for _, v := range f.g.In(x) {
			if f.seen[v] != f.epoch {
				continue // not reachable from r
			}
			if u := f.eval(f.num[v]); f.semi[u] < f.semi[w] {
				f.semi[w] = f.semi[u]
			}
		}
		// bucket[semi(w)] gets w.
		s := f.semi[w]
		f.bucketNext[w] = f.bucket[s]
		f.bucket[s] = w
		p := f.parent[w]
		f.ancestor[w] = p // link(parent(w), w)
		for v := f.bucket[p]; v != 0; v = f.bucketNext[v] {
			if u := f.eval(v); f.semi[u] < f.semi[v] {
				f.idom[v] = u
			} else {
				f.idom[v] = p
			}
		}
		f.bucket[p] = 0
	}
	for w := int32(2); w <= N; w++ {
		if f.idom[w] != f.semi[w] {
			f.idom[w] = f.idom[f.idom[w]]
		}
	}
	f.idom[1] = 0
}

// eval returns the vertex of smallest semidominator on the forest path
// above v, compressing the path (iteratively, so long chains cannot
// exhaust the stack).
func (f *Finder) eval(v int32) int32 {
	if f.ancestor[v] == 0 {
		return v
	}
	c := f.chain[:0]
	for x := v; f.ancestor[f.ancestor[x]] != 0; x = f.ancestor[x] {
		c = append(c, x)
	}
	for i := len(c) - 1; i >= 0; i-- {
		x := c[i]
		a := f.ancestor[x]
		if f.semi[f.label[a]] < f.semi[f.label[x]] {
			f.label[x] = f.label[a]
		}
		f.ancestor[x] = f.ancestor[a]
	}
	f.chain = c
	return f.label[v]
}
