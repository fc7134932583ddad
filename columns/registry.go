package columns

import (
	"fmt"
	"strconv"
	"strings"

	"clusterchain/network"
)

// The registry: every output table and its columns, in file and column
// order. SPEC §2–§4 fix the names, meanings and order; a new column is
// added at the end of its table (or after the columns of its SPEC
// section), with its description, formula and reference.
//
// Brokerage groups (SPEC §4, "Conventions"): a firm's group is its
// cluster (or "-" for none), every market is in the group "market" and
// every buyer in the group "buyer"; groups are (kind, id) pairs.
var registry = []Table{
	{Name: "nodes.csv", Object: "nodes",
		Description: "One row per node (firm, market or buyer): firms, then markets, then buyers, each by id (byte order).",
		rows:        func(a *network.Analysis) int { return len(a.Nodes) },
		cols:        nodeColumns},
	{Name: "clusters.csv", Object: "clusters",
		Description: "One row per industrial cluster, by id.",
		rows:        func(a *network.Analysis) int { return len(a.Clusters) },
		cols:        clusterColumns},
	{Name: "linkage.csv", Object: "linkage",
		Description: "One row per (cluster, market) pair with volume or reach above 0, by cluster then market.",
		rows:        func(a *network.Analysis) int { return len(a.Linkage) },
		cols:        linkageColumns},
	{Name: "reach.csv", Object: "reach",
		Description: "One row per (cluster, buyer) pair with volume above 0, by cluster then buyer: the cluster's volume that ends at the buyer.",
		rows:        func(a *network.Analysis) int { return len(a.Reach) },
		cols:        reachColumns},
	{Name: "resilience.csv", Object: "resilience",
		Description: "One row per market and buyer X, by id: the cluster volume that stops reaching buyers without X.",
		rows:        func(a *network.Analysis) int { return len(a.Resilience) },
		cols:        resilienceColumns},
	{Name: "keyplayers.csv", Object: "keyplayers",
		Description: "One row per step of the greedy key-player search for the buyers' side (--key-players K steps), by rank: the nodes that, removed together, cut the most cluster volume that reaches buyers.",
		rows:        func(a *network.Analysis) int { return len(a.KeyPlayers) },
		cols:        keyPlayerColumns},
	{Name: "risk.csv", Object: "risk",
		Description: "One row per node a cascade was started from (every market and buyer, or every node with --risk all), in nodes.csv order: what the cascade that node starts alone brings down (SPEC §6); only in a run with --risk or whatif --cascade.",
		rows:        func(a *network.Analysis) int { return len(a.Risk) },
		cols:        riskColumns},
}

func nd(a *network.Analysis, i int) *network.Node           { return &a.Network.Nodes()[i] }
func nf(a *network.Analysis, i int) *network.NodeFigures    { return &a.Nodes[i] }
func cf(a *network.Analysis, i int) *network.ClusterFigures { return &a.Clusters[i] }

// Brokerage, in the words of Gould and Fernandez: the node v is the middle
// of an open two-path a → v → b (a ≠ b, no edge a → b).
const brokerageRef = "R sna::brokerage(net, groups)$raw.nli"

// The brokerage z-scores (SPEC §5) compare a raw count with sna's null
// model: every possible edge present independently with the observed
// density d, so that one two-path is open with probability d²(1 − d).
const (
	brokerageZRef     = "R sna::brokerage(net, groups)$z.nli"
	brokerageZFormula = "(raw − E) / √Var under sna's null model (each of the n(n−1) possible edges present with the density d = edges / (n(n−1))), E and Var from the sizes of the groups; empty where Var = 0"
)

// brokerageZ is the z-score column of one role (index into
// NodeFigures.BrokerageZ).
func brokerageZ(role int) func(a *network.Analysis, i int) float64 {
	return func(a *network.Analysis, i int) float64 { return nf(a, i).BrokerageZ[role] }
}

var nodeColumns = []Column{
	{Name: "id", Type: ID, Key: true, Spec: "§3",
		Description: "The node's id, unique across firms, markets and buyers.",
		text:        str(func(a *network.Analysis, i int) string { return nd(a, i).ID })},
	{Name: "type", Type: Text, Spec: "§3",
		Description: "What the node is: firm, market (a specialized market such as Yiwu) or buyer (a multinational buyer).",
		text:        str(func(a *network.Analysis, i int) string { return nd(a, i).Type.String() })},
	{Name: "name", Type: Text, Spec: "§3",
		Description: "The node's name; its id when the input gives none.",
		text:        str(func(a *network.Analysis, i int) string { return nd(a, i).Name })},
	{Name: "cluster", Type: ID, Spec: "§3",
		Description: "The id of the firm's industrial cluster; empty for a firm in no cluster and for markets and buyers.",
		text:        str(func(a *network.Analysis, i int) string { return nd(a, i).Cluster })},
	{Name: "attributes", Type: Attrs, JSONOnly: true, Spec: "§3",
		Description: "The optional columns of the node's input table (town, province, employees, …) as text; absent when there are none.",
		attrs:       func(a *network.Analysis, i int) []network.Attr { return nd(a, i).Attrs }},
	{Name: "in_degree", Type: Int, Spec: "§2",
		Description: "How many distinct suppliers deliver to the node.",
		Formula:     "#{u : u → v in G}",
		Reference:   "G.in_degree()",
		int:         whole(func(a *network.Analysis, i int) int64 { return int64(nf(a, i).InDegree) })},
	{Name: "out_degree", Type: Int, Spec: "§2",
		Description: "How many distinct customers the node delivers to.",
		Formula:     "#{w : v → w in G}",
		Reference:   "G.out_degree()",
		int:         whole(func(a *network.Analysis, i int) int64 { return int64(nf(a, i).OutDegree) })},
	{Name: "in_volume", Type: Float, Volume: true, Spec: "§2",
		Description: "How much comes in: the summed volume of the node's incoming links.",
		Formula:     "Σ_u w(u → v)",
		Reference:   `G.in_degree(weight="weight")`,
		float:       func(a *network.Analysis, i int) float64 { return nf(a, i).InVolume }},
	{Name: "out_volume", Type: Float, Volume: true, Spec: "§2",
		Description: "How much goes out: the summed volume of the node's outgoing links.",
		Formula:     "Σ_w w(v → w)",
		Reference:   `G.out_degree(weight="weight")`,
		float:       func(a *network.Analysis, i int) float64 { return nf(a, i).OutVolume }},
	{Name: "betweenness", Type: Float, Spec: "§2",
		Description: "The share of shortest directed supply paths (by hop count) between other nodes that pass through the node: who brokers.",
		Formula:     "Σ_{s≠v≠t} σ_st(v) / σ_st, divided by (n−1)(n−2); σ_st counts the shortest paths from s to t, σ_st(v) those through v",
		Reference:   "nx.betweenness_centrality(G, normalized=True)",
		float:       func(a *network.Analysis, i int) float64 { return nf(a, i).Betweenness }},
	{Name: "closeness", Type: Float, Spec: "§2",
		Description: "How close the node is to everything that can deliver to it, scaled down when few nodes reach it (Wasserman–Faust).",
		Formula:     "(r / (n−1)) · r / Σ_u d(u → v) over the r nodes u that reach v; 0 when none does",
		Reference:   "nx.closeness_centrality(G)",
		float:       func(a *network.Analysis, i int) float64 { return nf(a, i).Closeness }},
	{Name: "harmonic", Type: Float, Spec: "§2",
		Description: "The mean of 1/distance from every other node to the node: closeness that copes with disconnected networks.",
		Formula:     "Σ_{u≠v} 1 / d(u → v), divided by n−1 (1/∞ = 0; 0 for a network of one node)",
		Reference:   "nx.harmonic_centrality(G) / (n−1)",
		float:       func(a *network.Analysis, i int) float64 { return nf(a, i).Harmonic }},
	{Name: "pagerank", Type: Float, Spec: "§2",
		Description: "Where volume ends up when it keeps flowing downstream: volume-weighted PageRank, damping 0.85; a node with no outgoing volume spreads its share evenly.",
		Formula:     "PR(v) = (1−α)/n + α (Σ_u PR(u) w(u → v) / out(u) + Σ_{u dangling} PR(u) / n), α = 0.85",
		Reference:   `nx.pagerank(G, alpha=0.85, weight="weight")`,
		float:       func(a *network.Analysis, i int) float64 { return nf(a, i).PageRank }},
	{Name: "tier", Type: Int, Nullable: true, Spec: "§2",
		Description: "The fewest subcontracting steps from the firm up to a lead firm (a lead is 0, its direct subcontractors 1); empty for a node with no subcontract link.",
		Formula:     "shortest path length from the firm's unit to a lead unit in S with pooling rings collapsed; a lead unit has no outgoing link in S",
		int:         opt(func(a *network.Analysis, i int) int32 { return nf(a, i).Tier })},
	{Name: "depth", Type: Int, Nullable: true, Spec: "§2",
		Description: "The length of the longest chain of subcontractors beneath the firm (0 for a firm with none); empty for a node with no subcontract link.",
		Formula:     "length of the longest chain of units ending at the firm's unit in S with pooling rings collapsed",
		int:         opt(func(a *network.Analysis, i int) int32 { return nf(a, i).Depth })},
	{Name: "ring", Type: ID, Nullable: true, Spec: "§2",
		Description: "The pooling ring the firm belongs to (firms that subcontract to each other to fill large orders together), named by its smallest member id; empty for none.",
		Formula:     "a strongly connected component of S with more than one firm",
		Reference:   "nx.strongly_connected_components(S)",
		text:        nodeRef(func(a *network.Analysis, i int) int32 { return nf(a, i).Ring })},

	{Name: "hub", Type: Float, Spec: "§4",
		Description: "HITS hub score on the unweighted network: high for a node that delivers to many good receivers; the column sums to 1.",
		Formula:     "h ∝ A a and a ∝ Aᵀ h (the leading singular vectors of the adjacency matrix A), each scaled to sum 1",
		Reference:   "nx.hits(G) (tolerance 1e-6)",
		float:       func(a *network.Analysis, i int) float64 { return nf(a, i).Hub }},
	{Name: "authority", Type: Float, Spec: "§4",
		Description: "HITS authority score on the unweighted network: high for a node that receives from many good deliverers; the column sums to 1.",
		Formula:     "a ∝ Aᵀ h and h ∝ A a, each scaled to sum 1",
		Reference:   "nx.hits(G) (tolerance 1e-6)",
		float:       func(a *network.Analysis, i int) float64 { return nf(a, i).Authority }},
	{Name: "constraint", Type: Float, Nullable: true, Spec: "§4",
		Description: "Burt's constraint: how much the node's ties lead back into one another (0 when its contacts are unconnected); empty for a node with no outgoing link.",
		Formula:     "Σ_j (p_vj + Σ_{q≠v,j} p_vq p_qj)², p_vj the share of v's ties (in and out, unweighted G) that go to j",
		Reference:   "nx.constraint(G)",
		float:       func(a *network.Analysis, i int) float64 { return nf(a, i).Constraint }},
	{Name: "effective_size", Type: Float, Nullable: true, Spec: "§4",
		Description: "Burt's effective size: the number of the node's contacts minus their redundancy with each other; empty for a node with no outgoing link.",
		Formula:     "Σ_j (1 − Σ_{q≠v,j} p_vq m_jq), m_jq = 1 when j and q are tied",
		Reference:   "nx.effective_size(G)",
		float:       func(a *network.Analysis, i int) float64 { return nf(a, i).EffectiveSize }},
	{Name: "core", Type: Int, Spec: "§4",
		Description: "The k-core number: the largest k such that the node lies in a part of the undirected network where everyone has at least k ties.",
		Formula:     "max{k : v is in the k-core of the undirected simple projection of G}",
		Reference:   "nx.core_number(G.to_undirected())",
		int:         whole(func(a *network.Analysis, i int) int64 { return int64(nf(a, i).Core) })},
	{Name: "cut", Type: Bool, Spec: "§4",
		Description: "true when removing the node disconnects its part of the undirected network: a single point of failure.",
		Formula:     "v is an articulation point of the undirected projection of G",
		Reference:   "nx.articulation_points(G.to_undirected())",
		int:         boolean(func(a *network.Analysis, i int) bool { return nf(a, i).Cut })},
	{Name: "coordinator", Type: Long, Spec: "§4",
		Description: "Brokerage inside a group: open two-paths a → v → b with a, v and b all in the same group.",
		Formula:     "#{(a, b) : a → v → b, a ≠ b, no a → b, g(a) = g(v) = g(b)}",
		Reference:   brokerageRef,
		int:         whole(func(a *network.Analysis, i int) int64 { return nf(a, i).Coordinator })},
	{Name: "gatekeeper", Type: Long, Spec: "§4",
		Description: "Brokerage that lets goods into the node's group: open two-paths a → v → b with a from another group than v and b.",
		Formula:     "#{(a, b) : a → v → b, a ≠ b, no a → b, g(a) ≠ g(v) = g(b)}",
		Reference:   brokerageRef,
		int:         whole(func(a *network.Analysis, i int) int64 { return nf(a, i).Gatekeeper })},
	{Name: "representative", Type: Long, Spec: "§4",
		Description: "Brokerage that passes the node's group's goods out: open two-paths a → v → b with a in v's group and b outside it.",
		Formula:     "#{(a, b) : a → v → b, a ≠ b, no a → b, g(a) = g(v) ≠ g(b)}",
		Reference:   brokerageRef,
		int:         whole(func(a *network.Analysis, i int) int64 { return nf(a, i).Representative })},
	{Name: "itinerant", Type: Long, Spec: "§4",
		Description: "Brokerage for another group: open two-paths a → v → b with a and b in one group and v outside it.",
		Formula:     "#{(a, b) : a → v → b, a ≠ b, no a → b, g(a) = g(b) ≠ g(v)}",
		Reference:   brokerageRef,
		int:         whole(func(a *network.Analysis, i int) int64 { return nf(a, i).Itinerant })},
	{Name: "liaison", Type: Long, Spec: "§4",
		Description: "Brokerage between strangers: open two-paths a → v → b with a, v and b in three different groups (a market between a cluster firm and a buyer).",
		Formula:     "#{(a, b) : a → v → b, a ≠ b, no a → b, g(a), g(v), g(b) all different}",
		Reference:   brokerageRef,
		int:         whole(func(a *network.Analysis, i int) int64 { return nf(a, i).Liaison })},
	{Name: "customer_hhi", Type: Float, Nullable: true, Spec: "§4",
		Description: "How concentrated the node's sales are: the Herfindahl index of its customers' shares of its outgoing volume (1 = a single customer); empty when nothing goes out.",
		Formula:     "Σ_w s_w², s_w = w(v → w) / out_volume(v)",
		float:       func(a *network.Analysis, i int) float64 { return nf(a, i).CustomerHHI }},
	{Name: "top_customer_share", Type: Float, Nullable: true, Spec: "§4",
		Description: "The largest customer's share of the node's outgoing volume; empty when nothing goes out.",
		Formula:     "max_w s_w, s_w = w(v → w) / out_volume(v)",
		float:       func(a *network.Analysis, i int) float64 { return nf(a, i).TopCustomerShare }},
	{Name: "community", Type: Int, Spec: "§4",
		Description: "The node's Louvain community in the undirected network weighted by volume, numbered 1… by falling size then smallest member id (seeded by --seed).",
		Formula:     "the partition found by Louvain maximising modularity at resolution 1 on the undirected projection, volumes of a → b and b → a summed",
		Reference:   "gonum community.Modularize(g, 1, rand.NewSource(seed))",
		int:         whole(func(a *network.Analysis, i int) int64 { return int64(nf(a, i).Community) })},
	{Name: "trophic_level", Type: Float, Spec: "§5",
		Description: "Where the node sits between raw suppliers (near 0) and final buyers (highest): the improved trophic level of MacKay, Johnson and Sansom, defined on any network, rings and market cycles included.",
		Formula:     "h solving Λh = v on the unweighted G, Λ = diag(k_in + k_out) − A − Aᵀ, v = k_in − k_out, shifted so that each weakly connected component's minimum is 0",
		Reference:   "numpy least squares on Λ (np.linalg.lstsq: the pseudo-inverse solution), then the shift",
		float:       func(a *network.Analysis, i int) float64 { return nf(a, i).TrophicLevel }},
	{Name: "coordinator_z", Type: Float, Nullable: true, Spec: "§5",
		Description: "How far the node's coordinator count lies above (or below) what chance would give a node of its group, in standard deviations; empty where chance leaves no spread.",
		Formula:     brokerageZFormula, Reference: brokerageZRef, float: brokerageZ(0)},
	{Name: "gatekeeper_z", Type: Float, Nullable: true, Spec: "§5",
		Description: "How far the node's gatekeeper count lies above (or below) what chance would give a node of its group, in standard deviations; empty where chance leaves no spread.",
		Formula:     brokerageZFormula, Reference: brokerageZRef, float: brokerageZ(1)},
	{Name: "representative_z", Type: Float, Nullable: true, Spec: "§5",
		Description: "How far the node's representative count lies above (or below) what chance would give a node of its group, in standard deviations; empty where chance leaves no spread.",
		Formula:     brokerageZFormula, Reference: brokerageZRef, float: brokerageZ(2)},
	{Name: "itinerant_z", Type: Float, Nullable: true, Spec: "§5",
		Description: "How far the node's itinerant count lies above (or below) what chance would give a node of its group, in standard deviations; empty where chance leaves no spread.",
		Formula:     brokerageZFormula, Reference: brokerageZRef, float: brokerageZ(3)},
	{Name: "liaison_z", Type: Float, Nullable: true, Spec: "§5",
		Description: "How far the node's liaison count lies above (or below) what chance would give a node of its group, in standard deviations; empty where chance leaves no spread.",
		Formula:     brokerageZFormula, Reference: brokerageZRef, float: brokerageZ(4)},
	// Standard errors of the sampled figures ("Conventions"): only in a run
	// that estimates betweenness, closeness and harmonic from sampled sources.
	{Name: "betweenness_se", Type: Float, Nullable: true, Spec: "Conventions",
		Description: "The standard error of the sampled betweenness estimate: the spread of the per-source contributions, corrected for sampling without replacement; only when the run estimates.",
		Formula:     "√((1 − k/n) · s² / k), s² the sample variance of the k sources' scaled contributions",
		float:       func(a *network.Analysis, i int) float64 { return nf(a, i).BetweennessSE }, when: estimated},
	{Name: "closeness_se", Type: Float, Nullable: true, Spec: "Conventions",
		Description: "The standard error of the sampled closeness estimate (delta method on the sampled sums of distances and reachers); only when the run estimates.",
		float:       func(a *network.Analysis, i int) float64 { return nf(a, i).ClosenessSE }, when: estimated},
	{Name: "harmonic_se", Type: Float, Nullable: true, Spec: "Conventions",
		Description: "The standard error of the sampled harmonic estimate: the spread of the per-source 1/d contributions; only when the run estimates.",
		float:       func(a *network.Analysis, i int) float64 { return nf(a, i).HarmonicSE }, when: estimated},
}

// estimated reports whether a's all-pairs figures come from sampled sources.
func estimated(a *network.Analysis) bool { return a.SampledSources > 0 }

var clusterColumns = []Column{
	{Name: "id", Type: ID, Key: true, Spec: "§3",
		Description: "The cluster's id.",
		text:        str(func(a *network.Analysis, i int) string { return a.Network.Clusters()[i].ID })},
	{Name: "name", Type: Text, Spec: "§3",
		Description: "The cluster's name; its id when the input gives none.",
		text:        str(func(a *network.Analysis, i int) string { return a.Network.Clusters()[i].Name })},
	{Name: "attributes", Type: Attrs, JSONOnly: true, Spec: "§3",
		Description: "The optional columns of clusters.csv (town, province, industry, …) as text; absent when there are none.",
		attrs:       func(a *network.Analysis, i int) []network.Attr { return a.Network.Clusters()[i].Attrs }},
	{Name: "firms", Type: Int, Spec: "§3",
		Description: "How many firms belong to the cluster.",
		int:         whole(func(a *network.Analysis, i int) int64 { return int64(cf(a, i).Firms) })},
	{Name: "internal_links", Type: Int, Spec: "§3",
		Description: "Links (after rows with the same from, to and kind are summed) with both ends in the cluster.",
		int:         whole(func(a *network.Analysis, i int) int64 { return int64(cf(a, i).InternalLinks) })},
	{Name: "out_volume", Type: Float, Volume: true, Spec: "§2",
		Description: "out(C): the summed volume of links from the cluster's firms to any node outside it (firms of other clusters or none, markets, buyers).",
		Formula:     "Σ w(f → x) over firms f of C and nodes x outside C",
		float:       func(a *network.Analysis, i int) float64 { return cf(a, i).OutVolume }},
	{Name: "market_share", Type: Float, Spec: "§2",
		Description: "The Zhejiang-model index: the share of the cluster's outgoing volume sold through specialized markets.",
		Formula:     "Σ_M vol(C, M) / out(C); 0 when out(C) = 0",
		float:       func(a *network.Analysis, i int) float64 { return cf(a, i).MarketShare }},
	{Name: "buyer_share", Type: Float, Spec: "§2",
		Description: "The share of the cluster's outgoing volume sold directly to multinational buyers (direct export orders).",
		Formula:     "Σ_B vol(C, B) / out(C); 0 when out(C) = 0",
		float:       func(a *network.Analysis, i int) float64 { return cf(a, i).BuyerShare }},
	{Name: "firm_share", Type: Float, Spec: "§2",
		Description: "The rest of the cluster's outgoing volume: the share sold to firms outside the cluster.",
		Formula:     "Σ_f vol(C, f) / out(C) over firms f outside C; market_share + buyer_share + firm_share = 1 when out(C) > 0",
		float:       func(a *network.Analysis, i int) float64 { return cf(a, i).FirmShare }},
	{Name: "max_depth", Type: Int, Nullable: true, Spec: "§3",
		Description: "The largest subcontracting depth of the cluster's firms; empty when none of them subcontracts.",
		Formula:     "max depth(f) over firms f of C",
		int:         opt(func(a *network.Analysis, i int) int32 { return cf(a, i).MaxDepth })},
	{Name: "rings", Type: IDList, Spec: "§3",
		Description: "The pooling rings with a member in the cluster, by id.",
		list: func(a *network.Analysis, i int) []string {
			rings := cf(a, i).Rings
			ids := make([]string, len(rings))
			for k, r := range rings {
				ids[k] = a.Network.Nodes()[r].ID
			}
			return ids
		}},
	{Name: "customer_hhi", Type: Float, Nullable: true, Spec: "§4",
		Description: "How concentrated the cluster's sales are: the Herfindahl index of the shares of out(C) taken by each node outside it; empty when out(C) = 0.",
		Formula:     "Σ_x s_x², s_x = vol(C, x) / out(C)",
		float:       func(a *network.Analysis, i int) float64 { return cf(a, i).CustomerHHI }},
	{Name: "top_customer", Type: ID, Nullable: true, Spec: "§4",
		Description: "The node outside the cluster that takes the largest share of its outgoing volume (ties: the smallest id); empty when out(C) = 0.",
		Formula:     "argmax_x vol(C, x)",
		text:        nodeRef(func(a *network.Analysis, i int) int32 { return cf(a, i).TopCustomer })},
	{Name: "top_customer_share", Type: Float, Nullable: true, Spec: "§4",
		Description: "The top customer's share of the cluster's outgoing volume; empty when out(C) = 0.",
		Formula:     "max_x vol(C, x) / out(C)",
		float:       func(a *network.Analysis, i int) float64 { return cf(a, i).TopCustomerShare }},
	{Name: "buyer_reach", Type: Float, Spec: "§4",
		Description: "The share of the cluster's outgoing volume that ends at multinational buyers, directly or through markets, when every market passes goods on in proportion to its outgoing volumes.",
		Formula:     "R(C) / out(C), R(C) the volume of C absorbed at buyers in the absorbing Markov chain of the markets (volume into a market with no outgoing volume, or to a firm, does not reach a buyer)",
		float:       func(a *network.Analysis, i int) float64 { return cf(a, i).BuyerReach }},
	{Name: "ei_index", Type: Float, Nullable: true, Spec: "§5",
		Description: "How open the cluster is: the Krackhardt–Stern E-I index of its firms, from −1 (every tie inside the cluster) to 1 (every tie leaves it); empty for a cluster without ties.",
		Formula:     "(E − I) / (E + I), E the edges of G with exactly one end in C, I those with both ends in C",
		float:       func(a *network.Analysis, i int) float64 { return cf(a, i).EIIndex }},
	// Sampling uncertainty (SPEC §6): only in a run with --bootstrap B.
	bootColumn("market_share_lo", "market_share", "2.5th", func(b network.ClusterBounds) float64 { return b.MarketShare.Lo }),
	bootColumn("market_share_hi", "market_share", "97.5th", func(b network.ClusterBounds) float64 { return b.MarketShare.Hi }),
	bootColumn("buyer_share_lo", "buyer_share", "2.5th", func(b network.ClusterBounds) float64 { return b.BuyerShare.Lo }),
	bootColumn("buyer_share_hi", "buyer_share", "97.5th", func(b network.ClusterBounds) float64 { return b.BuyerShare.Hi }),
	bootColumn("buyer_reach_lo", "buyer_reach", "2.5th", func(b network.ClusterBounds) float64 { return b.BuyerReach.Lo }),
	bootColumn("buyer_reach_hi", "buyer_reach", "97.5th", func(b network.ClusterBounds) float64 { return b.BuyerReach.Hi }),
}

// bootstrapped reports whether a run resampled the clusters' firms.
func bootstrapped(a *network.Analysis) bool { return a.Bootstrap != nil }

// bootFormula is how every bootstrap bound is defined.
const bootFormula = "the %s percentile, by linear interpolation between order statistics (Hyndman–Fan type 7, numpy.percentile's default), of %s over B replicates; each replicate draws the cluster's m firms with replacement from its m firms, the drawn firms bringing their outgoing links"

// bootColumn is a clusters.csv bound of figure at the given percentile.
func bootColumn(name, figure, level string, get func(network.ClusterBounds) float64) Column {
	side := "lower"
	if level == "97.5th" {
		side = "upper"
	}
	return Column{Name: name, Type: Float, Spec: "§6",
		Description: "The " + side + " bound of the 95% bootstrap interval of " + figure + ": how far the figure could move had other firms of the cluster been surveyed; only with --bootstrap.",
		Formula:     fmt.Sprintf(bootFormula, level, figure),
		Reference:   "numpy.percentile(replicates, " + strings.TrimSuffix(level, "th") + ")",
		float:       func(a *network.Analysis, i int) float64 { return get(a.Bootstrap.Clusters[i]) }, when: bootstrapped}
}

var linkageColumns = []Column{
	{Name: "cluster", Type: ID, Key: true, Spec: "§3",
		Description: "The cluster's id.",
		text:        clusterRef(func(a *network.Analysis, i int) int32 { return a.Linkage[i].Cluster })},
	{Name: "market", Type: ID, Key: true, Spec: "§3",
		Description: "The market's id.",
		text:        nodeRef(func(a *network.Analysis, i int) int32 { return a.Linkage[i].Market })},
	{Name: "volume", Type: Float, Volume: true, Spec: "§2",
		Description: "vol(C, M): the summed volume of links from the cluster's firms to the market.",
		Formula:     "Σ w(f → M) over firms f of C",
		float:       func(a *network.Analysis, i int) float64 { return a.Linkage[i].Volume }},
	{Name: "share", Type: Float, Spec: "§2",
		Description: "The linkage strength: the market's share of the cluster's outgoing volume.",
		Formula:     "vol(C, M) / out(C); 0 when out(C) = 0",
		float:       func(a *network.Analysis, i int) float64 { return a.Linkage[i].Share }},
	{Name: "reach", Type: Float, Spec: "§2",
		Description: "The share of the cluster's firms that sell to the market.",
		Formula:     "#{f ∈ C : f → M} / #C",
		float:       func(a *network.Analysis, i int) float64 { return a.Linkage[i].Reach }},
	{Name: "dependence", Type: Float, Spec: "§2",
		Description: "How much the market relies on the cluster: the cluster's share of the market's incoming volume.",
		Formula:     "vol(C, M) / in(M); 0 when in(M) = 0",
		float:       func(a *network.Analysis, i int) float64 { return a.Linkage[i].Dependence }},
	{Name: "share_lo", Type: Float, Spec: "§6",
		Description: "The lower bound of the 95% bootstrap interval of share; only with --bootstrap.",
		Formula:     fmt.Sprintf(bootFormula, "2.5th", "share"),
		Reference:   "numpy.percentile(replicates, 2.5)",
		float:       func(a *network.Analysis, i int) float64 { return a.Bootstrap.Linkage[i].Lo }, when: bootstrapped},
	{Name: "share_hi", Type: Float, Spec: "§6",
		Description: "The upper bound of the 95% bootstrap interval of share; only with --bootstrap.",
		Formula:     fmt.Sprintf(bootFormula, "97.5th", "share"),
		Reference:   "numpy.percentile(replicates, 97.5)",
		float:       func(a *network.Analysis, i int) float64 { return a.Bootstrap.Linkage[i].Hi }, when: bootstrapped},
}

var reachColumns = []Column{
	{Name: "cluster", Type: ID, Key: true, Spec: "§4",
		Description: "The cluster's id.",
		text:        clusterRef(func(a *network.Analysis, i int) int32 { return a.Reach[i].Cluster })},
	{Name: "buyer", Type: ID, Key: true, Spec: "§4",
		Description: "The buyer's id.",
		text:        nodeRef(func(a *network.Analysis, i int) int32 { return a.Reach[i].Buyer })},
	{Name: "direct", Type: Float, Volume: true, Spec: "§4",
		Description: "The volume of links from the cluster's firms straight to the buyer.",
		Formula:     "Σ w(f → B) over firms f of C",
		float:       func(a *network.Analysis, i int) float64 { return a.Reach[i].Direct }},
	{Name: "via_markets", Type: Float, Volume: true, Spec: "§4",
		Description: "The cluster's volume that reaches the buyer through markets, when every market passes goods on in proportion to its outgoing volumes.",
		Formula:     "Σ_M vol(C, M) · P(M ⇝ B), P the absorption probabilities of the markets' Markov chain",
		float:       func(a *network.Analysis, i int) float64 { return a.Reach[i].ViaMarkets }},
	{Name: "share", Type: Float, Spec: "§4",
		Description: "The share of the cluster's outgoing volume that ends at the buyer.",
		Formula:     "(direct + via_markets) / out(C)",
		float:       func(a *network.Analysis, i int) float64 { return a.Reach[i].Share }},
	{Name: "chokepoints", Type: IDList, Nullable: true, Spec: "§5",
		Description: "The nodes that every path from the cluster's firms to the buyer passes through, from the cluster's side to the buyer's; empty when there is none; null when the run left the chokepoints and channels out for their cost (network.ReachPathsBudget; --chokepoints computes them).",
		Formula:     "with a new root r linked to every firm of C, the dominators of B in G + r, r and B left out",
		Reference:   "nx.immediate_dominators(G + r, r), walked up from B",
		list: func(a *network.Analysis, i int) []string {
			if !a.ReachPaths {
				return nil
			}
			return a.ChokepointIDs(a.Reach[i])
		}},
	{Name: "channels", Type: Int, Nullable: true, Spec: "§5",
		Description: "How many independent channels the cluster has to the buyer: the most paths from its firms to the buyer that share no node; empty (null) when the run left them out for their cost.",
		Formula:     "the local node connectivity from r (linked to every firm of C) to B in G + r: the most r–B paths without a common node besides r and B",
		Reference:   "nx.algorithms.connectivity.local_node_connectivity(G + r, r, B)",
		int:         func(a *network.Analysis, i int) (int64, bool) { return int64(a.Reach[i].Channels), a.ReachPaths }},
}

var resilienceColumns = []Column{
	{Name: "id", Type: ID, Key: true, Spec: "§4",
		Description: "The market's or buyer's id.",
		text:        nodeRef(func(a *network.Analysis, i int) int32 { return a.Resilience[i].Node })},
	{Name: "type", Type: Text, Spec: "§4",
		Description: "market or buyer.",
		text:        str(func(a *network.Analysis, i int) string { return nd(a, int(a.Resilience[i].Node)).Type.String() })},
	{Name: "volume_at_risk", Type: Float, Volume: true, Spec: "§4",
		Description: "The cluster volume that would stop reaching buyers if the node and its links went away (recomputed on the network without it; negative when the other clusters would gain).",
		Formula:     "Σ_C R(C) − R₋X(C)",
		float:       func(a *network.Analysis, i int) float64 { return a.Resilience[i].VolumeAtRisk }},
	{Name: "clusters_affected", Type: Int, Spec: "§4",
		Description: "How many clusters would lose volume that reaches buyers.",
		Formula:     "#{C : R(C) − R₋X(C) > 0}",
		int:         whole(func(a *network.Analysis, i int) int64 { return int64(a.Resilience[i].ClustersAffected) })},
	{Name: "worst_cluster", Type: ID, Nullable: true, Spec: "§4",
		Description: "The cluster that would lose the largest share of its outgoing volume (ties: the smallest id); empty when no cluster loses.",
		Formula:     "argmax_C (R(C) − R₋X(C)) / out(C)",
		text:        clusterRef(func(a *network.Analysis, i int) int32 { return a.Resilience[i].WorstCluster })},
	{Name: "worst_share", Type: Float, Spec: "§4",
		Description: "The worst cluster's loss as a share of its outgoing volume; 0 when no cluster loses.",
		Formula:     "max_C (R(C) − R₋X(C)) / out(C), out(C) of the full network",
		float:       func(a *network.Analysis, i int) float64 { return a.Resilience[i].WorstShare }},
}

var keyPlayerColumns = []Column{
	// The rank is the row's key: keys are identifiers, compared as text
	// (diff, whatif), so it is one too, a string in report.json.
	{Name: "rank", Type: ID, Key: true, Spec: "§5",
		Description: "The step of the greedy search at which the node was taken, from 1.",
		text:        str(func(a *network.Analysis, i int) string { return strconv.Itoa(a.KeyPlayers[i].Rank) })},
	{Name: "id", Type: ID, Spec: "§5",
		Description: "The id of the market, buyer or firm taken at this step.",
		text:        nodeRef(func(a *network.Analysis, i int) int32 { return a.KeyPlayers[i].Node })},
	{Name: "type", Type: Text, Spec: "§5",
		Description: "firm, market or buyer.",
		text:        str(func(a *network.Analysis, i int) string { return nd(a, int(a.KeyPlayers[i].Node)).Type.String() })},
	{Name: "volume_at_risk", Type: Float, Volume: true, Spec: "§5",
		Description: "The cluster volume that would stop reaching buyers if this node and every node of a smaller rank went away together (cumulative).",
		Formula:     "Σ_C R(C) − Σ_C R₋X(C), X the nodes of ranks 1 … rank, each taken as the one whose removal, with those before it, lowers Σ_C R(C) the most (ties: the smallest id)",
		float:       func(a *network.Analysis, i int) float64 { return a.KeyPlayers[i].VolumeAtRisk }},
	{Name: "share_at_risk", Type: Float, Spec: "§5",
		Description: "The volume at risk as a share of all the cluster volume that reaches buyers.",
		Formula:     "volume_at_risk / Σ_C R(C) of the full network; 0 when that is 0",
		float:       func(a *network.Analysis, i int) float64 { return a.KeyPlayers[i].ShareAtRisk }},
}

var riskColumns = []Column{
	{Name: "id", Type: ID, Key: true, Spec: "§6",
		Description: "The id of the node whose failure starts the cascade.",
		text:        nodeRef(func(a *network.Analysis, i int) int32 { return a.Risk[i].Node })},
	{Name: "type", Type: Text, Spec: "§6",
		Description: "firm, market or buyer.",
		text:        str(func(a *network.Analysis, i int) string { return nd(a, int(a.Risk[i].Node)).Type.String() })},
	{Name: "firms_failed", Type: Int, Spec: "§6",
		Description: "How many firms fail in the cascade the node starts alone (the node itself not counted).",
		Formula:     "#{firms failing in rounds ≥ 1}; a firm or market fails when its links to failed nodes carry ≥ θ of its out-volume or the links from them ≥ θ of its in-volume; buyers never fail",
		int:         whole(func(a *network.Analysis, i int) int64 { return int64(a.Risk[i].FirmsFailed) })},
	{Name: "volume_failed", Type: Float, Volume: true, Spec: "§6",
		Description: "The summed out-volume of the firms that fail.",
		Formula:     "Σ out_volume(f) over the failed firms f",
		float:       func(a *network.Analysis, i int) float64 { return a.Risk[i].VolumeFailed }},
	{Name: "share_failed", Type: Float, Spec: "§6",
		Description: "The failed firms' share of all firms' out-volume.",
		Formula:     "volume_failed / Σ out_volume(f) over all firms f",
		float:       func(a *network.Analysis, i int) float64 { return a.Risk[i].ShareFailed }},
	{Name: "nodes_failed", Type: Int, Spec: "§6",
		Description: "How many nodes fail in the cascade, markets included (the node itself not counted).",
		Formula:     "#{nodes failing in rounds ≥ 1}",
		int:         whole(func(a *network.Analysis, i int) int64 { return int64(a.Risk[i].NodesFailed) })},
	{Name: "rounds", Type: Int, Spec: "§6",
		Description: "The last round of the cascade that added a failure (0 when nothing follows the node's failure).",
		int:         whole(func(a *network.Analysis, i int) int64 { return int64(a.Risk[i].Rounds) })},
}
