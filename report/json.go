package report

import (
	"bufio"
	"encoding/json"
	"io"
	"math"

	"clusterchain/columns"
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
	// Unit is the volume unit named in the volume header (交易额（万元）
	// gives "万元"); empty when unknown. Volumes are not rescaled: the unit
	// is shown after them, and report.json's dataset has it as "unit"
	// (absent when unknown).
	Unit string
}

type jsonBootstrap struct {
	Replicates int       `json:"replicates"`
	Seed       uint64    `json:"seed"`
	Levels     []float64 `json:"levels"`
	Method     string    `json:"method"`
}

type jsonCommunities struct {
	Count      int     `json:"count"`
	Seed       uint64  `json:"seed"`
	Modularity float64 `json:"modularity"`
	// NMI between declared clusters and communities, over firms in a cluster.
	NMI         float64 `json:"nmi"`
	UnitWeights bool    `json:"unit_weights"`
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
	// Unit is the volume unit; the field is absent when it is unknown.
	Unit string `json:"unit,omitempty"`
}

// jsonNetwork is report.json's "network" object (SPEC §5): figures of
// the whole network, null where undefined.
type jsonNetwork struct {
	TrophicIncoherence *float64   `json:"trophic_incoherence"`
	FlowHierarchy      *float64   `json:"flow_hierarchy"`
	Reciprocity        *float64   `json:"reciprocity"`
	Assortativity      *float64   `json:"assortativity"`
	BowTie             jsonBowTie `json:"bowtie"`
	DegreeTailExponent *float64   `json:"degree_tail_exponent"`
}

type jsonBowTie struct {
	SCC  float64 `json:"scc"`
	In   float64 `json:"in"`
	Out  float64 `json:"out"`
	Rest float64 `json:"rest"`
}

// optional is nil for NaN (JSON null), else x.
func optional(x float64) *float64 {
	if math.IsNaN(x) {
		return nil
	}
	return &x
}

// networkJSON is the "network" object of report.json.
func networkJSON(a *network.Analysis) jsonNetwork {
	s := a.Structure
	return jsonNetwork{
		TrophicIncoherence: optional(s.TrophicIncoherence),
		FlowHierarchy:      optional(s.FlowHierarchy),
		Reciprocity:        optional(s.Reciprocity),
		Assortativity:      optional(s.Assortativity),
		BowTie:             jsonBowTie{SCC: s.BowTie.Core, In: s.BowTie.In, Out: s.BowTie.Out, Rest: s.BowTie.Rest},
		DegreeTailExponent: optional(s.DegreeTailExponent),
	}
}

type jsonRing struct {
	ID      string   `json:"id"`
	Members []string `json:"members"`
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
		SampledSources: a.SampledSources, Unit: r.Unit,
	}
}

// WriteJSON writes report.json: the dataset summary, the warnings and
// every table, in one document.
func WriteJSON(w io.Writer, r *Run) error {
	a := r.Analysis
	nw := a.Network
	nodes := nw.Nodes()
	rings := make([]jsonRing, len(a.Rings))
	for i, members := range a.Rings {
		ids := make([]string, len(members))
		for k, m := range members {
			ids[k] = nodes[m].ID
		}
		rings[i] = jsonRing{ID: ids[0], Members: ids}
	}
	ncomm := int32(0)
	for _, f := range a.Nodes {
		ncomm = max(ncomm, f.Community)
	}
	// The document, field by field, laid out as encoding/json's Encoder
	// with SetIndent("", "  ") lays out a struct of these fields: the
	// small ones through encoding/json, the tables streamed row by row.
	fields := []struct {
		name  string
		value any
	}{
		{"format", "clusterchain-report"},
		{"version", SchemaVersion},
		{"dataset", datasetJSON(r)},
		{"warnings", append([]string{}, r.Warnings...)},
		{"nodes", jsonRows{columns.Nodes(), a}},
		{"clusters", jsonRows{columns.Clusters(), a}},
		{"linkage", jsonRows{columns.Linkage(), a}},
		{"rings", rings},
		// SPEC §4
		{"communities", jsonCommunities{Count: int(ncomm), Seed: r.Seed, Modularity: a.Modularity,
			NMI: a.NMI, UnitWeights: a.UnitWeightCommunities}},
		{"reach", jsonRows{columns.Reach(), a}},
		{"resilience", jsonRows{columns.Resilience(), a}},
		// SPEC §5
		{"network", networkJSON(a)},
		{"keyplayers", jsonRows{columns.KeyPlayers(), a}},
	}
	// SPEC §6, only when asked for.
	if b := a.Bootstrap; b != nil {
		fields = append(fields, struct {
			name  string
			value any
		}{"bootstrap", jsonBootstrap{Replicates: b.Replicates, Seed: b.Seed, Levels: []float64{0.025, 0.975},
			Method: "percentile interval: each cluster's m firms drawn with replacement B times, the 2.5th and 97.5th percentiles of the replicates by linear interpolation between order statistics (Hyndman–Fan type 7, numpy.percentile's default)"}})
	}
	if a.Risk != nil {
		fields = append(fields, struct {
			name  string
			value any
		}{"risk_threshold", a.RiskThreshold}, struct {
			name  string
			value any
		}{"risk", jsonRows{columns.Risk(), a}})
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("{")
	for i, f := range fields {
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n" + jsonIndent)
		bw.Write(appendJSONString(nil, f.name))
		bw.WriteString(": ")
		if rows, ok := f.value.(jsonRows); ok {
			if err := rows.write(bw); err != nil {
				return err
			}
			continue
		}
		b, err := json.MarshalIndent(f.value, jsonIndent, jsonIndent)
		if err != nil {
			return err
		}
		bw.Write(b)
	}
	bw.WriteString("\n}\n")
	return bw.Flush()
}
