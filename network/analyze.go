package network

import (
	"clusterchain/network/internal/neumaier"
	"clusterchain/network/internal/paths"
	"clusterchain/network/internal/sched"
	"clusterchain/network/internal/spectral"
	"clusterchain/network/internal/topo"
	"context"
	"fmt"
	"runtime"
	"sort"
	"sync"
)

// NodeFigures are the figures of one node (SPEC §2, nodes.csv).
type NodeFigures struct {
	InDegree, OutDegree int
	InVolume, OutVolume float64
	Betweenness         float64
	Closeness           float64
	Harmonic            float64
	PageRank            float64
	// BetweennessSE, ClosenessSE and HarmonicSE are the standard errors
	// of the three figures above when they are estimated from sampled
	// sources (Analysis.SampledSources > 0; see Analysis.Estimate); NaN
	// when the figures are exact.
	BetweennessSE, ClosenessSE, HarmonicSE float64
	// Tier, Depth and Ring are −1 for a node with no subcontract link;
	// Ring is the index of the ring's smallest member.
	Tier, Depth, Ring int32

	// Second-order figures (SPEC §4).
	Hub, Authority float64
	// Constraint and EffectiveSize are NaN for a node with no outgoing link.
	Constraint, EffectiveSize float64
	Core                      int32
	Cut                       bool
	Brokerage
	// CustomerHHI and TopCustomerShare are NaN when OutVolume is 0.
	CustomerHHI, TopCustomerShare float64
	Community                     int32

	// Third-order figures (SPEC §5).
	// TrophicLevel is the improved trophic level of MacKay, Johnson and
	// Sansom (2020): 0 at the lowest node of each weakly connected
	// component.
	TrophicLevel float64
	// BrokerageZ are the Gould–Fernandez z-scores of the five roles, in
	// the order of Brokerage's fields (coordinator, gatekeeper,
	// representative, itinerant, liaison), under R sna's null model; NaN
	// where its variance is 0.
	BrokerageZ [5]float64
}

// Analysis is every figure of SPEC §2 for one network.
type Analysis struct {
	Network *Network
	// Nodes is aligned with Network.Nodes().
	Nodes []NodeFigures
	// Clusters is aligned with Network.Clusters().
	Clusters []ClusterFigures
	// Linkage lists the (cluster, market) pairs with volume or reach > 0,
	// sorted by cluster then market id.
	Linkage []Linkage
	// Rings lists the pooling rings, each as member node indices.
	Rings [][]int32
	// Reach lists the (cluster, buyer) pairs with volume > 0 (reach.csv).
	Reach []BuyerFlow
	// Resilience has one row per market and buyer, by id.
	Resilience []Resilience
	// Modularity of the communities; NMI between declared clusters and
	// communities over the firms that belong to a cluster.
	Modularity, NMI float64
	// Structure holds the figures of the whole network (SPEC §5).
	Structure StructureFigures
	// KeyPlayers are the greedy key players for the buyers' side, one per
	// step (Options.KeyPlayers steps; none when it is 0).
	KeyPlayers []KeyPlayer
	// UnitWeightCommunities is true when no tie had a known positive
	// volume and communities were found with every tie weighing 1.
	UnitWeightCommunities bool
	// SampledSources is the number of sources the all-pairs figures were
	// estimated from, 0 when they are exact; Estimate says what their
	// standard errors mean.
	SampledSources int
	seed           uint64
	// Bootstrap holds the percentile intervals of the cluster shares and
	// linkage shares (SPEC §6) when Options.Bootstrap > 0, else nil.
	Bootstrap *Bootstrap
	// Risk has one row per start of Options.Risk (risk.csv, SPEC §6), in
	// node order; RiskThreshold is the θ its cascades ran at. Nil without
	// Options.Risk.
	Risk          []Risk
	RiskThreshold float64
}

// Options tune Analyze.
type Options struct {
	// Workers is the number of goroutines for the all-pairs sweep; 0
	// means GOMAXPROCS. Results do not depend on it.
	Workers int
	// Progress, if non-nil, is told how far each long step has got: the
	// sources of the all-pairs sweep ("shortest paths") and the figure
	// families finished ("figures"). It is called from one goroutine at a
	// time.
	Progress func(step string, done, total int)
	// Seed seeds the Louvain communities and the sampled sources.
	Seed uint64
	// Sampling chooses between exact and estimated all-pairs figures
	// (betweenness, closeness, harmonic); the zero value is exact.
	Sampling Sampling
	// Sources is the older spelling of Sampling.Sources, used when
	// Sampling is the zero value.
	Sources int
	// KeyPlayers is the number of steps of the greedy key-player search
	// (SPEC §5, keyplayers.csv); 0 computes none.
	KeyPlayers int
	// Bootstrap, when above 0, resamples each cluster's firms that many
	// times (SPEC §6: the percentile intervals of Analysis.Bootstrap),
	// with random streams seeded by Seed.
	Bootstrap int
	// Risk, when not RiskNone, runs the cascade started by each market
	// and buyer (RiskMarkets) or by every node (RiskAll) alone at
	// Threshold (0: DefaultThreshold) and fills Analysis.Risk.
	Risk      RiskScope
	Threshold float64
}

// RiskScope says which nodes Analyze starts a cascade from.
type RiskScope uint8

// The scopes of Options.Risk.
const (
	RiskNone    RiskScope = iota
	RiskMarkets           // every market and buyer
	RiskAll               // every node
)

// PageRank parameters of SPEC §2. The iteration runs to the fixed point
// (L1 change below 1e-13), so results agree with NetworkX's default
// tolerance to well within 1e-6 and with a tight tolerance to 1e-12.
const (
	Damping       = 0.85
	pageRankTol   = 1e-13
	pageRankSteps = 10000
)

// Analyze computes every figure of SPEC §2, §4 and §5. The figure
// families are independent and run concurrently, so a long serial one
// (the communities) overlaps with the others; results do not depend on
// the order in which they finish. The chokepoints and channels of
// reach.csv and the key players start when the buyer reach they build on
// is known. It returns ctx's error if ctx is cancelled during the
// all-pairs sweep, the trophic levels, the channels or the key players.
func Analyze(ctx context.Context, nw *Network, opt Options) (*Analysis, error) {
	g := nw.g
	n := g.Order()
	a := &Analysis{Network: nw, Nodes: make([]NodeFigures, n), seed: opt.Seed}
	ids := make([]string, n)
	for i, nd := range nw.nodes {
		ids[i] = nd.ID
	}
	u := g.Undirected()
	dg, err := nw.digraphOf()
	if err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}

	// As many computations run at once as there are workers: more would
	// only take turns on the cores and spoil each other's caches. The
	// sweep takes a slot per block of sources, and the channels one per
	// buyer, so they fill whatever the others leave free.
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	slots := sched.NewSlots(workers)
	// Each family that finishes is reported as a step of "figures".
	families := 10
	if opt.KeyPlayers > 0 {
		families++
	}
	var progMu sync.Mutex
	finished := 0
	finish := func() {
		if opt.Progress == nil {
			return
		}
		progMu.Lock()
		defer progMu.Unlock()
		finished++
		opt.Progress("figures", finished, families)
	}
	grp := sched.NewGroup(slots, finish)
	run := grp.Go // in the order given, as slots come free
	var (
		comm      *communities
		sp        *paths.Result
		pathsErr  error
		pr        []float64
		hub, auth []float64
		cons, eff []float64
		core      []int32
		cut       []bool
		brk       []Brokerage
		brkZ      [][5]float64
		hhi, top  []float64
		sub       *subcontracting
		shape     structureShape
		errMu     sync.Mutex
		firstErr  error
	)
	fail := func(what string, err error) {
		errMu.Lock()
		defer errMu.Unlock()
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("%s: %w", what, err)
		}
	}
	// flowsDone is closed when reach.csv's rows are known: the channels
	// and the key players build on them.
	flowsDone := make(chan struct{})
	// Longest first: the communities are one serial computation.
	run(func() { comm = findCommunities(u, ids, opt.Seed) })
	inVol := make([]float64, n)
	for v := 0; v < n; v++ {
		f := &a.Nodes[v]
		out, _ := g.Out(int32(v))
		in, _ := g.In(int32(v))
		f.OutDegree, f.InDegree = len(out), len(in)
		f.OutVolume, f.InVolume = nw.outVol[v], nw.inVol[v]
		inVol[v] = f.InVolume
	}
	grp.Free(func() { // takes a slot per block of sources
		po := paths.Options{Workers: workers, Slots: slots}
		if opt.Progress != nil {
			po.Progress = func(done, total int) {
				progMu.Lock()
				defer progMu.Unlock()
				opt.Progress("shortest paths", done, total)
			}
		}
		if k := opt.sources(n, g.Size()); k > 0 {
			sp, pathsErr = paths.Sampled(ctx, g, k, opt.Seed, po)
			a.SampledSources = k
		} else {
			sp, pathsErr = paths.Exact(ctx, g, po)
		}
	})
	run(func() {
		sub = tiers(nw.s)
		a.Rings = sub.Rings
		a.Clusters, a.Linkage = nw.linkage(inVol, sub)
		a.flows(ids)
		close(flowsDone)
	})
	grp.Free(func() { // takes a slot per buyer
		<-flowsDone
		fail("channels", a.chokepoints(ctx, dg, workers, slots))
	})
	if opt.KeyPlayers > 0 {
		grp.Free(func() {
			<-flowsDone
			slots.Acquire()
			defer slots.Release()
			kp, err := a.keyPlayerSteps(ctx, opt.KeyPlayers)
			a.KeyPlayers = kp
			fail("key players", err)
		})
	}
	run(func() { pr = spectral.PageRank(g, Damping, pageRankTol, pageRankSteps) })
	run(func() { hub, auth = spectral.HITS(g, hitsTol, hitsSteps) })
	run(func() { cons, eff = structuralHoles(g, u) })
	run(func() {
		core, cut = topo.CoreNumbers(u), topo.CutNodes(u)
		grps := nw.Groups()
		brk = brokerages(g, grps)
		brkZ = brokerageZ(brk, grps, g.Size())
		hhi, top = concentration(g)
	})
	run(func() { fail("trophic levels", a.trophicLevels(ctx, dg)) })
	run(func() { shape = a.shape(dg) })
	grp.Wait()
	if pathsErr != nil {
		return nil, fmt.Errorf("shortest paths: %w", pathsErr)
	}
	if firstErr != nil {
		return nil, firstErr
	}

	for v := 0; v < n; v++ {
		f := &a.Nodes[v]
		f.Betweenness = sp.Betweenness[v]
		f.Closeness = sp.Closeness[v]
		f.Harmonic = sp.Harmonic[v]
		f.BetweennessSE, f.ClosenessSE, f.HarmonicSE = nan, nan, nan
		if sp.Sources > 0 {
			f.BetweennessSE, f.ClosenessSE, f.HarmonicSE = sp.BetweennessSE[v], sp.ClosenessSE[v], sp.HarmonicSE[v]
		}
		f.PageRank = pr[v]
		f.Tier, f.Depth, f.Ring = sub.Tier[v], sub.Depth[v], sub.Ring[v]
		f.Hub, f.Authority = hub[v], auth[v]
		f.Constraint, f.EffectiveSize = cons[v], eff[v]
		f.Core, f.Cut = core[v], cut[v]
		f.Brokerage = brk[v]
		f.BrokerageZ = brkZ[v]
		f.CustomerHHI, f.TopCustomerShare = hhi[v], top[v]
		f.Community = comm.Of[v]
	}
	a.setShape(shape)
	a.Modularity, a.UnitWeightCommunities = comm.Modularity, comm.UnitWeights
	var declared, found []int32
	for v, c := range nw.clusterOf {
		if c >= 0 {
			declared = append(declared, c)
			found = append(found, comm.Of[v])
		}
	}
	a.NMI = nmi(declared, found)
	if opt.Bootstrap > 0 {
		if err := a.bootstrap(ctx, opt.Bootstrap, opt.Seed, workers); err != nil {
			return nil, err
		}
	}
	if opt.Risk != RiskNone {
		theta := opt.Threshold
		if theta == 0 {
			theta = DefaultThreshold
		}
		risk, err := nw.Risk(ctx, nw.RiskStarts(opt.Risk == RiskAll), theta, workers)
		if err != nil {
			return nil, err
		}
		if risk == nil {
			risk = []Risk{} // asked for, none to start from
		}
		a.Risk, a.RiskThreshold = risk, theta
	}
	return a, nil
}

// HITS stops when the eigen-residual is below 1e-13 of the eigenvalue,
// after at most 200 Lanczos restarts.
const (
	hitsTol   = 1e-13
	hitsSteps = 200
)

// flows computes the cluster figures of SPEC §4 that follow volume:
// customer concentration, buyer reach (reach.csv) and resilience. It
// needs a.Clusters.
func (a *Analysis) flows(ids []string) {
	nw := a.Network
	a.clusterCustomers()
	ci := nw.chainIndex()
	targets := nw.clusterTargets()
	var reach []float64
	reach, a.Reach = a.buyerReach(ci, targets)
	for c := range a.Clusters {
		a.Clusters[c].BuyerReach = reach[c]
	}
	a.Resilience = a.resilience(ci, targets)
	sortResilience(a.Resilience, ids)
}

func sortResilience(r []Resilience, ids []string) {
	sort.Slice(r, func(i, j int) bool { return ids[r[i].Node] < ids[r[j].Node] })
}

// clusterCustomers computes each cluster's customer concentration over
// its links to nodes outside it.
func (a *Analysis) clusterCustomers() {
	nw := a.Network
	per := make([]map[int32]*neumaier.Sum, len(nw.clusters))
	for u := range nw.nodes {
		c := nw.clusterOf[u]
		if c < 0 {
			continue
		}
		adj, w := nw.g.Out(int32(u))
		for j, v := range adj {
			if nw.clusterOf[v] != c {
				if per[c] == nil {
					per[c] = map[int32]*neumaier.Sum{}
				}
				if per[c][v] == nil {
					per[c][v] = new(neumaier.Sum)
				}
				per[c][v].Add(w[j])
			}
		}
	}
	for c := range a.Clusters {
		f := &a.Clusters[c]
		f.CustomerHHI, f.TopCustomerShare, f.TopCustomer = nan, nan, -1
		if f.OutVolume == 0 {
			continue
		}
		f.CustomerHHI, f.TopCustomerShare = 0, 0
		keys := make([]int32, 0, len(per[c]))
		for v := range per[c] {
			keys = append(keys, v)
		}
		sort.Slice(keys, func(i, j int) bool { return nw.nodes[keys[i]].ID < nw.nodes[keys[j]].ID })
		var hhi neumaier.Sum
		for _, v := range keys {
			s := shareOf(per[c][v].Value(), f.OutVolume)
			hhi.Add(s * s)
			if s > f.TopCustomerShare { // strict: ties stay with the smaller id
				f.TopCustomerShare, f.TopCustomer = s, v
			}
		}
		f.CustomerHHI = min(hhi.Value(), 1)
	}
}
