package report

import (
	"encoding/json"
	"io"
	"math"

	"clusterchain/network"
)

// SchemaVersion is the version of the report.json layout. It changes
// only when a field is renamed or changes meaning; added fields keep it.
// The layout is described by schema/report-v1.schema.json (JSON Schema
// 2020-12), which the tests hold every written document to.
const SchemaVersion = 1

// Run is one analysis with the facts of its loading: what report.json
// and the printed summary describe.
type Run struct {
	Analysis *network.Analysis
	// Warnings are the loader's warnings, already formatted.
	Warnings []string
	// Notes say what the diagrams simplified (folded nodes, dropped
	// edges). They are not warnings about the data: they depend on
	// --formats, so they stay out of report.json and batch's counts.
	Notes []string
	// UnknownVolumes counts link rows with an empty volume cell.
	UnknownVolumes int
	// DuplicateRows counts link rows summed into another.
	DuplicateRows int
	// Seed is the seed the communities were found with.
	Seed uint64
}

type jsonReport struct {
	Format   string        `json:"format"`
	Version  int           `json:"version"`
	Dataset  jsonDataset   `json:"dataset"`
	Warnings []string      `json:"warnings"`
	Nodes    []jsonNode    `json:"nodes"`
	Clusters []jsonCluster `json:"clusters"`
	Linkage  []jsonLinkage `json:"linkage"`
	Rings    []jsonRing    `json:"rings"`
	// SPEC §4
	Communities jsonCommunities  `json:"communities"`
	Reach       []jsonReach      `json:"reach"`
	Resilience  []jsonResilience `json:"resilience"`
}

type jsonCommunities struct {
	Count      int     `json:"count"`
	Seed       uint64  `json:"seed"`
	Modularity float64 `json:"modularity"`
	// NMI between declared clusters and communities, over firms in a cluster.
	NMI         float64 `json:"nmi"`
	UnitWeights bool    `json:"unit_weights"`
}

type jsonReach struct {
	Cluster    string  `json:"cluster"`
	Buyer      string  `json:"buyer"`
	Direct     float64 `json:"direct"`
	ViaMarkets float64 `json:"via_markets"`
	Share      float64 `json:"share"`
}

type jsonResilience struct {
	ID               string  `json:"id"`
	Type             string  `json:"type"`
	VolumeAtRisk     float64 `json:"volume_at_risk"`
	ClustersAffected int     `json:"clusters_affected"`
	WorstCluster     *string `json:"worst_cluster"`
	WorstShare       float64 `json:"worst_share"`
}

type jsonDataset struct {
	Name             string `json:"name"`
	Firms            int    `json:"firms"`
	Markets          int    `json:"markets"`
	Buyers           int    `json:"buyers"`
	Clusters         int    `json:"clusters"`
	Links            int    `json:"links"`
	Edges            int    `json:"edges"`
	SubcontractLinks int    `json:"subcontract_links"`
	Rings            int    `json:"rings"`
	UnknownVolumes   int    `json:"unknown_volumes"`
	DuplicateRows    int    `json:"duplicate_rows"`
	// SampledSources is the number of sources the all-pairs figures were
	// estimated from; 0 when they are exact.
	SampledSources int `json:"sampled_sources"`
}

type jsonNode struct {
	ID          string            `json:"id"`
	Type        string            `json:"type"`
	Name        string            `json:"name"`
	Cluster     string            `json:"cluster"`
	Attributes  map[string]string `json:"attributes,omitempty"`
	InDegree    int               `json:"in_degree"`
	OutDegree   int               `json:"out_degree"`
	InVolume    float64           `json:"in_volume"`
	OutVolume   float64           `json:"out_volume"`
	Betweenness float64           `json:"betweenness"`
	Closeness   float64           `json:"closeness"`
	Harmonic    float64           `json:"harmonic"`
	PageRank    float64           `json:"pagerank"`
	Tier        *int32            `json:"tier"`
	Depth       *int32            `json:"depth"`
	Ring        *string           `json:"ring"`

	Hub              float64  `json:"hub"`
	Authority        float64  `json:"authority"`
	Constraint       *float64 `json:"constraint"`
	EffectiveSize    *float64 `json:"effective_size"`
	Core             int32    `json:"core"`
	Cut              bool     `json:"cut"`
	Coordinator      int64    `json:"coordinator"`
	Gatekeeper       int64    `json:"gatekeeper"`
	Representative   int64    `json:"representative"`
	Itinerant        int64    `json:"itinerant"`
	Liaison          int64    `json:"liaison"`
	CustomerHHI      *float64 `json:"customer_hhi"`
	TopCustomerShare *float64 `json:"top_customer_share"`
	Community        int32    `json:"community"`
}

type jsonCluster struct {
	ID            string            `json:"id"`
	Name          string            `json:"name"`
	Attributes    map[string]string `json:"attributes,omitempty"`
	Firms         int               `json:"firms"`
	InternalLinks int               `json:"internal_links"`
	OutVolume     float64           `json:"out_volume"`
	MarketShare   float64           `json:"market_share"`
	BuyerShare    float64           `json:"buyer_share"`
	FirmShare     float64           `json:"firm_share"`
	MaxDepth      *int32            `json:"max_depth"`
	Rings         []string          `json:"rings"`

	CustomerHHI      *float64 `json:"customer_hhi"`
	TopCustomer      *string  `json:"top_customer"`
	TopCustomerShare *float64 `json:"top_customer_share"`
	BuyerReach       float64  `json:"buyer_reach"`
}

type jsonLinkage struct {
	Cluster    string  `json:"cluster"`
	Market     string  `json:"market"`
	Volume     float64 `json:"volume"`
	Share      float64 `json:"share"`
	Reach      float64 `json:"reach"`
	Dependence float64 `json:"dependence"`
}

type jsonRing struct {
	ID      string   `json:"id"`
	Members []string `json:"members"`
}

func optPtr(v int32) *int32 {
	if v < 0 {
		return nil
	}
	return &v
}

// optF is nil (null) for NaN: a figure not defined for the row.
func optF(x float64) *float64 {
	if math.IsNaN(x) {
		return nil
	}
	return &x
}

func optID(nodes []network.Node, i int32) *string {
	if i < 0 {
		return nil
	}
	return &nodes[i].ID
}

func attrMap(attrs []network.Attr) map[string]string {
	if len(attrs) == 0 {
		return nil
	}
	m := make(map[string]string, len(attrs))
	for _, a := range attrs {
		m[a.Key] = a.Value // encoding/json writes map keys sorted
	}
	return m
}

// datasetJSON is the "dataset" object of report.json and of the summary.
func datasetJSON(r *Run) jsonDataset {
	a := r.Analysis
	nw := a.Network
	sub := 0
	for _, l := range nw.Links() {
		if l.Kind == network.Subcontract {
			sub++
		}
	}
	return jsonDataset{
		Name: nw.Name(), Firms: nw.Count(network.Firm), Markets: nw.Count(network.Market),
		Buyers: nw.Count(network.Buyer), Clusters: len(nw.Clusters()), Links: len(nw.Links()),
		Edges: nw.G().Size(), SubcontractLinks: sub, Rings: len(a.Rings),
		UnknownVolumes: r.UnknownVolumes, DuplicateRows: r.DuplicateRows,
		SampledSources: a.SampledSources,
	}
}

// WriteJSON writes report.json: the dataset summary, the warnings and
// every table, in one document.
func WriteJSON(w io.Writer, r *Run) error {
	a := r.Analysis
	nw := a.Network
	nodes := nw.Nodes()
	doc := jsonReport{
		Format:   "clusterchain-report",
		Version:  SchemaVersion,
		Dataset:  datasetJSON(r),
		Warnings: append([]string{}, r.Warnings...),
		Nodes:    make([]jsonNode, len(nodes)),
		Clusters: make([]jsonCluster, len(nw.Clusters())),
		Linkage:  make([]jsonLinkage, len(a.Linkage)),
		Rings:    make([]jsonRing, len(a.Rings)),
	}
	for i, nd := range nodes {
		f := a.Nodes[i]
		var ring *string
		if f.Ring >= 0 {
			id := nodes[f.Ring].ID
			ring = &id
		}
		doc.Nodes[i] = jsonNode{
			ID: nd.ID, Type: nd.Type.String(), Name: nd.Name, Cluster: nd.Cluster,
			Attributes: attrMap(nd.Attrs),
			InDegree:   f.InDegree, OutDegree: f.OutDegree, InVolume: f.InVolume, OutVolume: f.OutVolume,
			Betweenness: f.Betweenness, Closeness: f.Closeness, Harmonic: f.Harmonic, PageRank: f.PageRank,
			Tier: optPtr(f.Tier), Depth: optPtr(f.Depth), Ring: ring,
			Hub: f.Hub, Authority: f.Authority, Constraint: optF(f.Constraint), EffectiveSize: optF(f.EffectiveSize),
			Core: f.Core, Cut: f.Cut, Coordinator: f.Coordinator, Gatekeeper: f.Gatekeeper,
			Representative: f.Representative, Itinerant: f.Itinerant, Liaison: f.Liaison,
			CustomerHHI: optF(f.CustomerHHI), TopCustomerShare: optF(f.TopCustomerShare), Community: f.Community,
		}
	}
	for i, c := range nw.Clusters() {
		f := a.Clusters[i]
		rings := make([]string, len(f.Rings))
		for k, r := range f.Rings {
			rings[k] = nodes[r].ID
		}
		doc.Clusters[i] = jsonCluster{
			ID: c.ID, Name: c.Name, Attributes: attrMap(c.Attrs),
			Firms: f.Firms, InternalLinks: f.InternalLinks, OutVolume: f.OutVolume,
			MarketShare: f.MarketShare, BuyerShare: f.BuyerShare, FirmShare: f.FirmShare,
			MaxDepth: optPtr(f.MaxDepth), Rings: rings,
			CustomerHHI: optF(f.CustomerHHI), TopCustomer: optID(nodes, f.TopCustomer),
			TopCustomerShare: optF(f.TopCustomerShare), BuyerReach: f.BuyerReach,
		}
	}
	for i, l := range a.Linkage {
		doc.Linkage[i] = jsonLinkage{
			Cluster: nw.Clusters()[l.Cluster].ID, Market: nodes[l.Market].ID,
			Volume: l.Volume, Share: l.Share, Reach: l.Reach, Dependence: l.Dependence,
		}
	}
	for i, members := range a.Rings {
		ids := make([]string, len(members))
		for k, m := range members {
			ids[k] = nodes[m].ID
		}
		doc.Rings[i] = jsonRing{ID: ids[0], Members: ids}
	}
	ncomm := int32(0)
	for _, f := range a.Nodes {
		ncomm = max(ncomm, f.Community)
	}
	doc.Communities = jsonCommunities{Count: int(ncomm), Seed: r.Seed, Modularity: a.Modularity,
		NMI: a.NMI, UnitWeights: a.UnitWeightCommunities}
	doc.Reach = make([]jsonReach, len(a.Reach))
	for i, x := range a.Reach {
		doc.Reach[i] = jsonReach{Cluster: nw.Clusters()[x.Cluster].ID, Buyer: nodes[x.Buyer].ID,
			Direct: x.Direct, ViaMarkets: x.ViaMarkets, Share: x.Share}
	}
	doc.Resilience = make([]jsonResilience, len(a.Resilience))
	for i, x := range a.Resilience {
		var worst *string
		if x.WorstCluster >= 0 {
			worst = &nw.Clusters()[x.WorstCluster].ID
		}
		doc.Resilience[i] = jsonResilience{ID: nodes[x.Node].ID, Type: nodes[x.Node].Type.String(),
			VolumeAtRisk: x.VolumeAtRisk, ClustersAffected: x.ClustersAffected, WorstCluster: worst,
			WorstShare: x.WorstShare}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
