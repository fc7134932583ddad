package report

import (
	"encoding/json"
	"io"

	"clusterchain/network"
)

// SummaryVersion is the version of the JSON summary that analyze --json
// prints (schema/summary-v1.schema.json); it follows the rules of
// SchemaVersion.
const SummaryVersion = 1

type jsonSummary struct {
	Format      string           `json:"format"`
	Version     int              `json:"version"`
	Dataset     jsonDataset      `json:"dataset"`
	Warnings    []string         `json:"warnings"`
	Output      jsonOutput       `json:"output"`
	MarketShare []jsonTopCluster `json:"market_share"`
	Findings    []string         `json:"findings"`
	MostCentral jsonMostCentral  `json:"most_central"`
}

type jsonOutput struct {
	Dir   string   `json:"dir"`
	Files []string `json:"files"`
}

type jsonTopCluster struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	MarketShare float64 `json:"market_share"`
}

type jsonTopNode struct {
	ID    string  `json:"id"`
	Type  string  `json:"type"`
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

type jsonMostCentral struct {
	PageRank    []jsonTopNode `json:"pagerank"`
	Betweenness []jsonTopNode `json:"betweenness"`
}

// WriteSummaryJSON writes the run summary as one JSON document: what
// WriteSummary says in text (the dataset's size, the warnings, the five
// clusters most tied to markets, the findings in words, the five most
// central nodes by PageRank and by betweenness) and where the files went.
// dir is written as given and files in the order given, so the document
// depends only on the input and the command line. Names and findings are
// display text, shown as the printed summary shows them (Shown: cut to a
// readable length with their size, controls visible); ids and the
// dataset object are data, written exactly.
func WriteSummaryJSON(w io.Writer, r *Run, dir string, files []string) error {
	a := r.Analysis
	nw := a.Network
	nodes := nw.Nodes()
	doc := jsonSummary{
		Format:      "clusterchain-summary",
		Version:     SummaryVersion,
		Dataset:     datasetJSON(r),
		Warnings:    append([]string{}, r.Warnings...),
		Output:      jsonOutput{Dir: dir, Files: append([]string{}, files...)},
		MarketShare: []jsonTopCluster{},
		Findings:    append([]string{}, findings(a, r.Unit)...),
	}
	for _, c := range TopClusters(a, 5, func(f network.ClusterFigures) float64 { return f.MarketShare }) {
		cl := nw.Clusters()[c.Index]
		doc.MarketShare = append(doc.MarketShare, jsonTopCluster{cl.ID, Shown(cl.Name, maxValue), c.Value})
	}
	top := func(fig func(network.NodeFigures) float64) []jsonTopNode {
		out := []jsonTopNode{}
		for _, n := range TopNodes(a, 5, fig) {
			nd := nodes[n.Index]
			out = append(out, jsonTopNode{nd.ID, nd.Type.String(), Shown(nd.Name, maxValue), n.Value})
		}
		return out
	}
	doc.MostCentral.PageRank = top(func(f network.NodeFigures) float64 { return f.PageRank })
	doc.MostCentral.Betweenness = top(func(f network.NodeFigures) float64 { return f.Betweenness })
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
