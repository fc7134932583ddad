package network

import (
	"context"
	"math"

	"clusterchain/network/internal/brokeragez"
	"clusterchain/network/internal/connectivity"
	"clusterchain/network/internal/digraph"
	"clusterchain/network/internal/sched"
	"clusterchain/network/internal/structure"
	"clusterchain/network/internal/trophic"
)

// The third-order figures of SPEC §5: position in the chain, chokepoints,
// and the shape of the whole network. The algorithms are packages of
// their own (trophic, dominators, connectivity, structure, brokeragez);
// this file gives them the network and puts their results where the
// tables read them.

// StructureFigures are the figures of the whole network that report.json
// has in its "network" object (SPEC §5). A figure that is undefined for
// the network is NaN (null in report.json).
type StructureFigures struct {
	// TrophicIncoherence is F₀ = Σ over edges (h_j − h_i − 1)² / edges,
	// from the trophic levels h; NaN without edges.
	TrophicIncoherence float64
	// TrophicBound is the solver's a-posteriori bound on the error of any
	// trophic level (0 when every level was found exactly).
	TrophicBound float64
	// FlowHierarchy is the share of edges on no directed cycle
	// (nx.flow_hierarchy); NaN without edges.
	FlowHierarchy float64
	// Reciprocity is the share of edges whose reverse is an edge
	// (nx.overall_reciprocity); NaN without edges.
	Reciprocity float64
	// Assortativity is the correlation over the edges u → v of
	// out-degree(u) and in-degree(v)
	// (nx.degree_assortativity_coefficient(G, x='out', y='in')); NaN
	// without edges or when a degree is constant over them.
	Assortativity float64
	// BowTie splits the nodes around the largest strongly connected
	// component.
	BowTie BowTie
	// DegreeTailExponent is the Hill estimate of the tail exponent of the
	// total degrees; NaN when SPEC §5 leaves it empty.
	DegreeTailExponent float64
}

// BowTie is the bow-tie decomposition (Broder et al. 2000) around the
// largest strongly connected component of G, ties to the one with the
// smallest member id: the shares of the nodes in it (Core), in its IN set
// (they reach it), its OUT set (it reaches them) and the rest. The four
// sum to 1 (all 0 for a network without nodes).
type BowTie struct {
	Core, In, Out, Rest float64
	// Seed is the core's member with the smallest id, −1 without nodes.
	Seed int32
}

// digraphOf adapts G for the analysis packages, without copying its
// arrays.
func (nw *Network) digraphOf() (*digraph.Graph, error) {
	return digraph.New(nw.g.Adjacency())
}

// idRank numbers the nodes by id in byte order. Nodes are ordered by type,
// then id, so the three runs of ids are merged: O(n) comparisons.
func (nw *Network) idRank() []int32 {
	n := len(nw.nodes)
	var runs [][2]int // [start, end) of each type's run
	for i := 0; i < n; {
		j := i + 1
		for j < n && nw.nodes[j].Type == nw.nodes[i].Type {
			j++
		}
		runs = append(runs, [2]int{i, j})
		i = j
	}
	rank := make([]int32, n)
	pos := make([]int, len(runs))
	for k := range runs {
		pos[k] = runs[k][0]
	}
	for r := range n {
		best := -1
		for k := range runs {
			if pos[k] < runs[k][1] && (best < 0 || nw.nodes[pos[k]].ID < nw.nodes[pos[best]].ID) {
				best = k
			}
		}
		rank[pos[best]] = int32(r)
		pos[best]++
	}
	return rank
}

// trophicLevels computes every node's trophic level and F₀.
func (a *Analysis) trophicLevels(ctx context.Context, dg *digraph.Graph) error {
	res, err := trophic.Levels(ctx, dg)
	if err != nil {
		return err
	}
	for v, h := range res.Levels {
		a.Nodes[v].TrophicLevel = h
	}
	a.Structure.TrophicBound = res.Bound
	a.Structure.TrophicIncoherence = math.NaN()
	if f0, ok := trophic.Incoherence(dg, res.Levels); ok {
		a.Structure.TrophicIncoherence = f0
	}
	return nil
}

// shape computes the figures of the whole network and each cluster's E–I
// index (it writes a.Structure, except the trophic figures, and the
// clusters' EI fields, so a.Clusters must exist).
func (a *Analysis) shape(dg *digraph.Graph) structureShape {
	nw := a.Network
	var s structureShape
	orNaN := func(x float64, ok bool) float64 {
		if !ok {
			return math.NaN()
		}
		return x
	}
	s.flow = orNaN(structure.FlowHierarchy(dg))
	s.recip = orNaN(structure.Reciprocity(dg))
	s.assort = orNaN(structure.Assortativity(dg))
	s.tail = orNaN(structure.TailExponent(dg))
	bt := structure.Decompose(dg, nw.idRank())
	s.bowtie.Core, s.bowtie.In, s.bowtie.Out, s.bowtie.Rest = bt.Shares()
	s.bowtie.Seed = bt.Seed
	s.ei = structure.EIIndex(dg, nw.clusterOf, len(nw.clusters))
	return s
}

// structureShape is what shape computes, put in place after the other
// families have finished (a.Clusters is written by the linkage family).
type structureShape struct {
	flow, recip, assort, tail float64
	bowtie                    BowTie
	ei                        []structure.EI
}

func (a *Analysis) setShape(s structureShape) {
	a.Structure.FlowHierarchy, a.Structure.Reciprocity = s.flow, s.recip
	a.Structure.Assortativity, a.Structure.DegreeTailExponent = s.assort, s.tail
	a.Structure.BowTie = s.bowtie
	for c := range a.Clusters {
		e := s.ei[c]
		a.Clusters[c].External, a.Clusters[c].Internal, a.Clusters[c].EIIndex = e.External, e.Internal, e.Index
	}
}

// brokerageZ returns the Gould–Fernandez z-scores of every node from its
// raw counts (R sna::brokerage's z.nli), for the groups grp.
func brokerageZ(raw []Brokerage, grp []int32, edges int) [][5]float64 {
	counts := make([]brokeragez.Counts, len(raw))
	for v, b := range raw {
		counts[v] = brokeragez.Counts{
			brokeragez.Coordinator:    float64(b.Coordinator),
			brokeragez.Gatekeeper:     float64(b.Gatekeeper),
			brokeragez.Representative: float64(b.Representative),
			brokeragez.Itinerant:      float64(b.Itinerant),
			brokeragez.Liaison:        float64(b.Liaison),
		}
	}
	z := brokeragez.ZScores(counts, grp, edges)
	out := make([][5]float64, len(raw))
	for v := range out {
		for r := range out[v] {
			out[v][r] = math.NaN()
			if z != nil {
				out[v][r] = z[v][r]
			}
		}
	}
	return out
}

// chokepoints gives every row of reach.csv its chokepoints and channels:
// with a root r linked to every firm of the cluster, the dominators of
// the buyer in G + r and the local node connectivity from r to the buyer
// (package connectivity, which shares the buyers among the workers and
// takes a slot per buyer).
func (a *Analysis) chokepoints(ctx context.Context, dg *digraph.Graph, workers int, slots sched.Slots) error {
	nw := a.Network
	members := make([][]int32, len(nw.clusters))
	for v, c := range nw.clusterOf {
		if c >= 0 {
			members[c] = append(members[c], int32(v))
		}
	}
	qs := make([]connectivity.Query, len(a.Reach))
	for i, r := range a.Reach {
		qs[i] = connectivity.Query{Group: r.Cluster, Target: r.Buyer}
	}
	pairs, err := connectivity.Pairs(ctx, dg, members, qs, connectivity.Options{Workers: workers, Slots: slots})
	if err != nil {
		return err
	}
	for i, p := range pairs {
		a.Reach[i].Chokepoints, a.Reach[i].Channels = p.Chokepoints, p.Channels
		if a.Reach[i].Chokepoints == nil {
			a.Reach[i].Chokepoints = []int32{}
		}
	}
	return nil
}

// ChokepointIDs returns the ids of a reach row's chokepoints, from the
// cluster's side to the buyer's.
func (a *Analysis) ChokepointIDs(r BuyerFlow) []string {
	ids := make([]string, len(r.Chokepoints))
	for k, v := range r.Chokepoints {
		ids[k] = a.Network.nodes[v].ID
	}
	return ids
}
