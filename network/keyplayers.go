package network

import (
	"context"
	"math"
	"slices"
	"strings"

	"clusterchain/network/internal/neumaier"
)

// KeyPlayer is one row of keyplayers.csv (SPEC §5): the node taken at
// one step of the greedy key-player search for the buyers' side.
type KeyPlayer struct {
	// Rank is the step, from 1.
	Rank int
	Node int32
	// VolumeAtRisk is Σ_C R(C) of the full network minus the same on the
	// network without the nodes of ranks 1…Rank: cumulative.
	VolumeAtRisk float64
	// ShareAtRisk is VolumeAtRisk / Σ_C R(C) of the full network (0 when
	// that is 0), clamped to [0, 1].
	ShareAtRisk float64
}

// The greedy key-player search (SPEC §5). S(X) = Σ_C R(C) on the network
// without the set X is the cluster volume that ends at buyers. Summed over
// the clusters it does not matter which cluster sent what: with V(t) the
// volume that firms of any cluster send to market or buyer t and T(t) the
// share of a unit entering t that ends at a buyer (T = 1 for a buyer, the
// absorbing chain of the markets for a market),
//
//	S(X) = Σ_{t ∉ X} V(t)·T(t),
//
// both taken on the network without X. Step k takes the node x that
// maximises the gain S(X) − S(X ∪ {x}), X the nodes of the steps before.
//
// What removing a candidate c changes:
//   - T only on the markets upstream of c, A(c): the markets that pass goods
//     to c, directly or through other markets (for a firm: the markets that
//     supply it — a firm absorbs what it gets, so taking it away gives those
//     markets' other customers a larger share). Every other market's share
//     is a function of the markets downstream of it, which do not change.
//   - V at c's own targets, when c is a firm of a cluster: its sales to
//     markets and buyers no longer count. Goods that pass through a firm do
//     not reach a buyer (SPEC §4), so nothing else depends on a firm.
//
// So gain(c) = Σ_{m ∈ A(c)} V(m)·(T(m) − T₋c(m)) + V(c)·T(c) [c a market or
// buyer] + Σ_t w(c → t)·T₋c(t) [c a firm of a cluster], where T₋c is T
// re-solved on A(c) alone (chain.solve, the other markets at their current
// shares). A firm with no market supplying it has A(c) = ∅ and costs its
// degree; a market or buyer costs the solve of its upstream markets, as in
// resilience.csv.
//
// Between steps most gains stay as they are: taking x changes T on A(x),
// V on x's targets, and removes x, and a candidate c depends on those only
// when c is one of them, lies downstream of one (a market of A(c) is
// upstream of c), or is a firm selling to a market whose T changed. Those
// candidates are found by one search downstream from A(x) ∪ {x} ∪ x's
// targets and by the sellers of A(x) ∪ {x}; only their gains are computed
// again. The first step costs about what resilience.csv costs plus O(m);
// each later step the solves of the candidates near what it took, plus an
// O(n) pass to pick the best. TestKeyPlayersMatchGreedy checks the result
// against the straightforward greedy that analyses the network without
// X ∪ {c} afresh for every candidate c at every step.
//
// Ties: gains within riskEpsilon·S(∅) of the largest count as equal (a
// gain computed through a different order of sums differs in the last
// bits), and go to the smallest id (byte order).
type keyPlayers struct {
	a       *Analysis
	ci      *chainIndex
	ch      *chain
	up      *upstream
	targets [][]target // per cluster, as clusterTargets
	gone    []bool
	// V[v] is the volume firms of clusters (not gone) send to market or
	// buyer v; T[p] is market position p's share that ends at buyers.
	V   []float64
	T   []float64
	cur [][]share // per market position: T as the chain's rows
	// gain and fresh: each candidate's last computed gain, and whether it
	// still holds.
	gain  []float64
	fresh []bool
	// supplied[v]: a firm with a link of positive volume from a market.
	supplied []bool
	// s0 is S(∅), Σ_C R(C) of the full network.
	s0 float64
}

// keyPlayerSteps computes keyplayers.csv: k steps of the greedy search,
// fewer when the candidates run out. ctx is checked between steps and
// every 256 gains.
func (a *Analysis) keyPlayerSteps(ctx context.Context, k int) ([]KeyPlayer, error) {
	if k <= 0 || len(a.Network.nodes) == 0 {
		return nil, nil
	}
	kp := a.newKeyPlayers()
	var out []KeyPlayer
	for step := 1; step <= k && step <= len(kp.gone); step++ {
		x, err := kp.step(ctx)
		if err != nil {
			return nil, err
		}
		risk := kp.s0 - kp.sum()
		out = append(out, KeyPlayer{Rank: step, Node: x, VolumeAtRisk: risk, ShareAtRisk: shareOf(risk, kp.s0)})
	}
	return out, nil
}

// newKeyPlayers sets up the search on the full network.
func (a *Analysis) newKeyPlayers() *keyPlayers {
	nw := a.Network
	n := len(nw.nodes)
	kp := &keyPlayers{a: a, ci: nw.chainIndex(), targets: nw.clusterTargets(), gone: make([]bool, n),
		V: make([]float64, n), gain: make([]float64, n), fresh: make([]bool, n), supplied: make([]bool, n)}
	kp.ch = newChain(nw.g, kp.ci, kp.ci.one, 1)
	kp.ch.gone = kp.gone
	kp.up = nw.newUpstream(kp.ci)
	kp.up.gone = kp.gone
	kp.cur = kp.ch.solve(kp.ci.all(), -1, nil)
	kp.T = make([]float64, len(kp.ci.markets))
	for p := range kp.T {
		kp.T[p] = total(kp.cur[p])
	}
	vol := make([]neumaier.Sum, n)
	for _, ts := range kp.targets {
		for _, t := range ts {
			vol[t.node].Add(t.vol)
		}
	}
	for v := range vol {
		kp.V[v] = vol[v].Value()
	}
	for _, m := range kp.ci.markets {
		adj, w := nw.g.Out(m)
		for j, v := range adj {
			if w[j] > 0 && nw.nodes[v].Type == Firm {
				kp.supplied[v] = true
			}
		}
	}
	kp.s0 = kp.sum()
	return kp
}

// step brings every stale gain up to date, takes the best candidate and
// returns it.
func (kp *keyPlayers) step(ctx context.Context) (int32, error) {
	nw := kp.a.Network
	if err := ctx.Err(); err != nil {
		return -1, err
	}
	computed := 0
	for c := range kp.gone {
		if kp.gone[c] || kp.fresh[c] {
			continue
		}
		if computed++; computed&255 == 0 {
			if err := ctx.Err(); err != nil {
				return -1, err
			}
		}
		kp.gain[c], kp.fresh[c] = kp.gainOf(int32(c)), true
	}
	best := math.Inf(-1)
	for c, g := range kp.gain {
		if !kp.gone[c] {
			best = max(best, g)
		}
	}
	eps := riskEpsilon * math.Abs(kp.s0)
	x := int32(-1)
	for c, g := range kp.gain {
		if !kp.gone[c] && g >= best-eps && (x < 0 || nw.nodes[c].ID < nw.nodes[x].ID) {
			x = int32(c)
		}
	}
	kp.take(x)
	return x, nil
}

// total is the share of a chain row that ends at any buyer.
func total(F []share) float64 {
	if len(F) == 0 {
		return 0
	}
	return F[0].f
}

// sum returns S(X) = Σ_{t ∉ X} V(t)·T(t).
func (kp *keyPlayers) sum() float64 {
	var s neumaier.Sum
	for p, m := range kp.ci.markets {
		if !kp.gone[m] {
			s.Add(kp.V[m] * kp.T[p])
		}
	}
	for _, b := range kp.ci.buyers {
		if !kp.gone[b] {
			s.Add(kp.V[b])
		}
	}
	return s.Value()
}

// affected returns A(c), the positions of the markets upstream of c on the
// network without the nodes gone, increasing; nil for a firm no market
// supplies.
func (kp *keyPlayers) affected(c int32) []int32 {
	if kp.a.Network.nodes[c].Type == Firm && !kp.supplied[c] {
		return nil
	}
	return kp.up.of(c)
}

// gainOf returns S(X) − S(X ∪ {c}).
func (kp *keyPlayers) gainOf(c int32) float64 {
	nw := kp.a.Network
	A := kp.affected(c)
	var res [][]share
	if len(A) > 0 {
		res = kp.ch.solve(A, c, func(q int32) []share { return kp.cur[q] })
	}
	// T₋c of a market: re-solved on A, else as it is.
	after := func(p int32) float64 {
		if i, ok := slices.BinarySearch(A, p); ok {
			return total(res[i])
		}
		return kp.T[p]
	}
	var g neumaier.Sum
	for i, p := range A {
		if m := kp.ci.markets[p]; !kp.gone[m] {
			g.Add(kp.V[m] * (kp.T[p] - total(res[i])))
		}
	}
	switch nw.nodes[c].Type {
	case Market:
		g.Add(kp.V[c] * kp.T[kp.ci.mpos[c]])
	case Buyer:
		g.Add(kp.V[c])
	default:
		if nw.clusterOf[c] >= 0 {
			adj, w := nw.g.Out(c)
			for j, v := range adj {
				if kp.gone[v] || w[j] == 0 {
					continue
				}
				if p := kp.ci.mpos[v]; p >= 0 {
					g.Add(w[j] * after(p))
				} else if kp.ci.bpos[v] >= 0 {
					g.Add(w[j])
				}
			}
		}
	}
	return g.Value()
}

// take removes x: it re-solves the markets upstream of x, takes x's sales
// out of V when x is a firm of a cluster, and marks the candidates whose
// gain may have changed.
func (kp *keyPlayers) take(x int32) {
	nw := kp.a.Network
	A := kp.affected(x)
	if len(A) > 0 {
		res := kp.ch.solve(A, x, func(q int32) []share { return kp.cur[q] })
		for i, p := range A {
			kp.cur[p] = res[i]
			kp.T[p] = total(res[i])
		}
	}
	changed := []int32{x} // nodes whose T, V or presence changed
	for _, p := range A {
		changed = append(changed, kp.ci.markets[p])
	}
	if nw.nodes[x].Type == Firm && nw.clusterOf[x] >= 0 {
		adj, w := nw.g.Out(x)
		for j, v := range adj {
			if t := nw.nodes[v].Type; (t == Market || t == Buyer) && w[j] > 0 {
				kp.V[v] = kp.revolume(v, x)
				changed = append(changed, v)
			}
		}
	}
	kp.gone[x] = true
	// Candidates downstream of a changed node (through markets still
	// there), and the firms that sell to a market or buyer whose T changed
	// or that went.
	seen := make(map[int32]bool, len(changed))
	queue := slices.Clone(changed)
	for _, v := range queue {
		seen[v] = true
	}
	for k := 0; k < len(queue); k++ {
		v := queue[k]
		kp.fresh[v] = false
		if nw.nodes[v].Type != Market || kp.gone[v] && v != x {
			continue
		}
		adj, w := nw.g.Out(v)
		for j, y := range adj {
			if w[j] > 0 && !kp.gone[y] && !seen[y] {
				seen[y] = true
				queue = append(queue, y)
			}
		}
	}
	for _, v := range changed {
		if t := nw.nodes[v].Type; t != Market && !(t == Buyer && v == x) {
			continue
		}
		in, _ := nw.g.In(v)
		for _, u := range in {
			kp.fresh[u] = false
		}
	}
}

// revolume returns V(v) without the firms gone and without firm x,
// summed afresh over v's in-links from firms of clusters.
func (kp *keyPlayers) revolume(v, x int32) float64 {
	nw := kp.a.Network
	in, w := nw.g.In(v)
	var s neumaier.Sum
	for j, u := range in {
		if u != x && !kp.gone[u] && nw.nodes[u].Type == Firm && nw.clusterOf[u] >= 0 {
			s.Add(w[j])
		}
	}
	return s.Value()
}

// keyPlayerIDs lists the ids of key players (for messages and tests).
func keyPlayerIDs(nw *Network, kp []KeyPlayer) string {
	ids := make([]string, len(kp))
	for i, k := range kp {
		ids[i] = nw.nodes[k.Node].ID
	}
	return strings.Join(ids, ",")
}
