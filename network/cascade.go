package network

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"clusterchain/network/internal/cascade"
	"clusterchain/network/internal/digraph"
	"clusterchain/network/internal/neumaier"
)

// The threshold cascade of SPEC §6 (package network/internal/cascade):
// round 0 removes some nodes; in each later round a firm or market still
// standing fails when the volume of its links to failed nodes reaches θ
// of its out-volume (it lost its customers) or the volume of the links
// from failed nodes into it reaches θ of its in-volume (it lost its
// suppliers); buyers never fail; volumes are those before the shock.

// DefaultThreshold is θ when none is given.
const DefaultThreshold = 0.5

// FailReason says why a node failed in a cascade.
type FailReason uint8

// The reasons, as cascade.csv writes them.
const (
	FailRemoved   FailReason = iota + 1 // taken out in round 0
	FailCustomers                       // lost θ of its out-volume (also when its suppliers failed too)
	FailSuppliers                       // lost θ of its in-volume
)

// String returns "removed", "customers" or "suppliers".
func (r FailReason) String() string {
	switch r {
	case FailRemoved:
		return "removed"
	case FailCustomers:
		return "customers"
	case FailSuppliers:
		return "suppliers"
	}
	return fmt.Sprintf("FailReason(%d)", uint8(r))
}

// Failure is one node that failed in a cascade.
type Failure struct {
	Node   int32
	Round  int // 0 for a removed node
	Reason FailReason
}

// ClusterLoss is what a cascade took from one cluster.
type ClusterLoss struct {
	Cluster int32
	// Removed counts the cluster's firms removed in round 0, Failed those
	// that failed in later rounds.
	Removed, Failed int
	// Volume is the failed firms' volume to nodes outside the cluster (their
	// part of out(C)); Share is Volume / out(C), 0 when out(C) is 0.
	Volume, Share float64
}

// Cascade is the outcome of one cascade.
type Cascade struct {
	Threshold float64
	// Failures lists every failed node, the removed ones included, by
	// round, then id (byte order).
	Failures []Failure
	// Rounds is the last round that added a node (0 when nothing failed
	// beyond the removed nodes).
	Rounds int
	// Clusters has one entry per cluster, in cluster order.
	Clusters []ClusterLoss
	// FirmsFailed counts the firms that failed in rounds 1 and later,
	// VolumeFailed sums their out-volumes, ShareFailed is VolumeFailed
	// over the summed out-volume of all firms (0 when that is 0).
	FirmsFailed  int
	VolumeFailed float64
	ShareFailed  float64
}

// Risk is one row of risk.csv: the cascade started by one node alone.
type Risk struct {
	Node int32
	// FirmsFailed counts the firms that fail in rounds 1 and later (the
	// starting node is not counted), VolumeFailed sums their out-volumes,
	// ShareFailed is VolumeFailed over the summed out-volume of all firms.
	FirmsFailed  int
	VolumeFailed float64
	ShareFailed  float64
	// NodesFailed counts every node that fails (markets too), Rounds the
	// last round that added one.
	NodesFailed, Rounds int
}

// cascadeNet prepares G for cascades: its arcs with their volumes, buyers
// immune.
func (nw *Network) cascadeNet() (*cascade.Net, error) {
	g := nw.g
	n := g.Order()
	start := make([]int32, n+1)
	adj := make([]int32, 0, g.Size())
	w := make([]float64, 0, g.Size())
	immune := make([]bool, n)
	for u := 0; u < n; u++ {
		out, ow := g.Out(int32(u))
		adj = append(adj, out...)
		w = append(w, ow...)
		start[u+1] = int32(len(adj))
		immune[u] = nw.nodes[u].Type == Buyer
	}
	dg, err := digraph.New(start, adj, nil, nil)
	if err != nil {
		return nil, err
	}
	return cascade.New(dg, w, immune)
}

// checkThreshold returns an error unless 0 < θ ≤ 1.
func checkThreshold(theta float64) error {
	if !(theta > 0 && theta <= 1) {
		return fmt.Errorf("the cascade threshold must satisfy 0 < θ ≤ 1, got %v", theta)
	}
	return nil
}

// firmVolume sums the out-volume of every firm, with compensation.
func (nw *Network) firmVolume() float64 {
	var s neumaier.Sum
	for v, nd := range nw.nodes {
		if nd.Type == Firm {
			s.Add(nw.outVol[v])
		}
	}
	return s.Value()
}

// Cascade runs the cascade that starts by removing the given nodes (by
// index) at threshold θ, 0 < θ ≤ 1.
func (nw *Network) Cascade(ctx context.Context, removed []int32, theta float64) (*Cascade, error) {
	if err := checkThreshold(theta); err != nil {
		return nil, err
	}
	ct, err := nw.cascadeNet()
	if err != nil {
		return nil, err
	}
	fs, err := ct.Run(ctx, removed, theta)
	if err != nil {
		return nil, err
	}
	c := &Cascade{Threshold: theta, Clusters: make([]ClusterLoss, len(nw.clusters))}
	for i := range c.Clusters {
		c.Clusters[i].Cluster = int32(i)
	}
	outside := make([]neumaier.Sum, len(nw.clusters))
	var vol neumaier.Sum
	for _, f := range fs {
		x := Failure{Node: f.Node, Round: int(f.Round), Reason: FailReason(f.Reason)}
		c.Failures = append(c.Failures, x)
		c.Rounds = max(c.Rounds, x.Round)
		if nw.nodes[f.Node].Type != Firm {
			continue
		}
		cl := nw.clusterOf[f.Node]
		if f.Round == 0 {
			if cl >= 0 {
				c.Clusters[cl].Removed++
			}
			continue
		}
		c.FirmsFailed++
		vol.Add(nw.outVol[f.Node])
		if cl >= 0 {
			c.Clusters[cl].Failed++
			adj, w := nw.g.Out(f.Node)
			for k, v := range adj {
				if nw.clusterOf[v] != cl {
					outside[cl].Add(w[k])
				}
			}
		}
	}
	sort.SliceStable(c.Failures, func(i, j int) bool {
		a, b := c.Failures[i], c.Failures[j]
		if a.Round != b.Round {
			return a.Round < b.Round
		}
		return nw.nodes[a.Node].ID < nw.nodes[b.Node].ID
	})
	c.VolumeFailed = vol.Value()
	c.ShareFailed = shareOf(c.VolumeFailed, nw.firmVolume())
	for i := range c.Clusters {
		c.Clusters[i].Volume = outside[i].Value()
		c.Clusters[i].Share = shareOf(c.Clusters[i].Volume, nw.clusterOut[i])
	}
	return c, nil
}

// RiskStarts returns the nodes risk.csv starts a cascade from, in node
// order: every market and buyer, or with all every node.
func (nw *Network) RiskStarts(all bool) []int32 {
	var s []int32
	for v, nd := range nw.nodes {
		if all || nd.Type != Firm {
			s = append(s, int32(v))
		}
	}
	return s
}

// RiskBudget bounds the work of Risk: the links its cascades may visit
// together (each failed node's in- and out-links), about 20 s of one core.
// A cascade costs only the links it touches, but on a network where every
// failure topples a long chain the cascades of every node together cost
// n · m; beyond the budget Risk returns an error wrapping ErrRiskWork.
const RiskBudget = 2e9

// ErrRiskWork is Risk's error when its cascades exceed RiskBudget.
var ErrRiskWork = errors.New("the cascades exceed the work budget")

// Risk runs the cascade started by each of the given nodes alone at
// threshold θ and returns one row per start, in the order given. The
// cascades run on workers goroutines (≤ 0: GOMAXPROCS); the result does
// not depend on their number.
func (nw *Network) Risk(ctx context.Context, starts []int32, theta float64, workers int) ([]Risk, error) {
	if err := checkThreshold(theta); err != nil {
		return nil, err
	}
	ct, err := nw.cascadeNet()
	if err != nil {
		return nil, err
	}
	firm := make([]bool, len(nw.nodes))
	for v, nd := range nw.nodes {
		firm[v] = nd.Type == Firm
	}
	out, err := ct.RiskWithin(ctx, starts, theta, firm, workers, RiskBudget)
	if errors.Is(err, cascade.ErrWork) {
		return nil, fmt.Errorf("risk: the %d cascades would visit more than %.0e links (on this network a failure travels far); "+
			"start fewer (every market and buyer rather than every node): %w", len(starts), float64(RiskBudget), ErrRiskWork)
	}
	if err != nil {
		return nil, err
	}
	total := nw.firmVolume()
	res := make([]Risk, len(out))
	for i, o := range out {
		res[i] = Risk{Node: o.Start, FirmsFailed: o.Counted, VolumeFailed: o.Volume,
			ShareFailed: shareOf(o.Volume, total), NodesFailed: o.Failed, Rounds: int(o.Rounds)}
	}
	return res, nil
}
