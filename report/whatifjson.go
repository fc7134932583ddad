package report

import (
	"encoding/json"
	"io"

	"clusterchain/network"
)

// WhatifVersion is the version of the JSON that whatif --json prints
// (schema/whatif-v1.schema.json); it follows the rules of SchemaVersion.
const WhatifVersion = 1

type jsonWhatif struct {
	Format       string       `json:"format"`
	Version      int          `json:"version"`
	Dataset      string       `json:"dataset"`
	Removed      []string     `json:"removed"`
	ChangedCells int          `json:"changed_cells"`
	Output       jsonOutput   `json:"output"`
	Cascade      *jsonCascade `json:"cascade"`
}

type jsonCascade struct {
	Threshold    float64              `json:"threshold"`
	Rounds       int                  `json:"rounds"`
	FirmsFailed  int                  `json:"firms_failed"`
	NodesFailed  int                  `json:"nodes_failed"`
	VolumeFailed float64              `json:"volume_failed"`
	ShareFailed  float64              `json:"share_failed"`
	Finding      string               `json:"finding"`
	Clusters     []jsonCascadeCluster `json:"clusters"`
	Risk         jsonRisk             `json:"risk"`
}

type jsonCascadeCluster struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	Firms        int     `json:"firms"`
	Removed      int     `json:"removed"`
	Failed       int     `json:"failed"`
	VolumeFailed float64 `json:"volume_failed"`
	ShareFailed  float64 `json:"share_failed"`
}

type jsonRisk struct {
	Starts   string         `json:"starts"`
	Top      []jsonRiskNode `json:"top"`
	Findings []string       `json:"findings"`
}

type jsonRiskNode struct {
	ID           string  `json:"id"`
	Type         string  `json:"type"`
	Name         string  `json:"name"`
	FirmsFailed  int     `json:"firms_failed"`
	VolumeFailed float64 `json:"volume_failed"`
	ShareFailed  float64 `json:"share_failed"`
	NodesFailed  int     `json:"nodes_failed"`
	Rounds       int     `json:"rounds"`
}

// WriteWhatifJSON writes what whatif prints as one JSON document: the
// dataset's name, the removed ids, the number of changed cells, the files
// written into dir (as given) and, with a shock, the cascade: its
// threshold, rounds and failed firms, the finding in words, every
// cluster's loss, and the five nodes whose failure alone topples most
// firms with the findings about them. Names and findings are display text
// (Shown); ids are written exactly.
func WriteWhatifJSON(w io.Writer, a *network.Analysis, removed []string, changed int, s *Shock, dir string, files []string) error {
	nw := a.Network
	doc := jsonWhatif{Format: "clusterchain-whatif", Version: WhatifVersion, Dataset: nw.Name(),
		Removed: append([]string{}, removed...), ChangedCells: changed,
		Output: jsonOutput{Dir: dir, Files: append([]string{}, files...)}}
	if s != nil {
		c := s.Cascade
		failed := 0
		for _, f := range c.Failures {
			if f.Round > 0 {
				failed++
			}
		}
		jc := &jsonCascade{Threshold: c.Threshold, Rounds: c.Rounds, FirmsFailed: c.FirmsFailed,
			NodesFailed: failed, VolumeFailed: c.VolumeFailed, ShareFailed: c.ShareFailed,
			Finding: Shown(CascadeFinding(a, c, removed), maxLine), Clusters: []jsonCascadeCluster{},
			Risk: jsonRisk{Starts: "markets", Top: []jsonRiskNode{}, Findings: []string{}}}
		if s.RiskAll {
			jc.Risk.Starts = "all"
		}
		clusters := nw.Clusters()
		for _, l := range c.Clusters {
			cl := clusters[l.Cluster]
			jc.Clusters = append(jc.Clusters, jsonCascadeCluster{ID: cl.ID, Name: Shown(cl.Name, maxValue),
				Firms: a.Clusters[l.Cluster].Firms, Removed: l.Removed, Failed: l.Failed, VolumeFailed: l.Volume, ShareFailed: l.Share})
		}
		nodes := nw.Nodes()
		for _, r := range topRisks(nw, s.Risk, 5) {
			nd := nodes[r.Node]
			jc.Risk.Top = append(jc.Risk.Top, jsonRiskNode{ID: nd.ID, Type: nd.Type.String(), Name: Shown(nd.Name, maxValue),
				FirmsFailed: r.FirmsFailed, VolumeFailed: r.VolumeFailed, ShareFailed: r.ShareFailed, NodesFailed: r.NodesFailed, Rounds: r.Rounds})
		}
		for _, f := range RiskFindings(nw, s.Risk, c.Threshold, 3) {
			jc.Risk.Findings = append(jc.Risk.Findings, Shown(f, maxLine))
		}
		doc.Cascade = jc
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
