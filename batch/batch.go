package batch

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"clusterchain/internal/textsafe"
	"clusterchain/internal/words"
	"clusterchain/report"
)

// Row is one dataset of a batch: one line of summary.csv.
type Row struct {
	// Name is the dataset's name, Dir its output directory under the
	// batch's directory, Status "ok" or "failed", Error why it failed.
	Name, Dir, Status, Error                          string
	Firms, Markets, Buyers, Links, Clusters, Warnings int
	MeanMarketShare                                   float64
	// MaxDepth is the deepest subcontracting chain, −1 when no firm
	// subcontracts.
	MaxDepth int32
	// Written is true when the outputs were written into Dir.
	Written bool
}

// WriteSummaryCSV writes summary.csv: one row per dataset, names and
// errors neutralised for spreadsheets.
func WriteSummaryCSV(w io.Writer, rows []Row) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"dataset", "status", "firms", "markets", "buyers", "links", "clusters",
		"warnings", "mean_market_share", "max_depth", "error"})
	for _, r := range rows {
		depth := ""
		if r.MaxDepth >= 0 {
			depth = strconv.Itoa(int(r.MaxDepth))
		}
		share := ""
		if r.Written {
			share = report.Float(r.MeanMarketShare)
		}
		cw.Write([]string{report.Text(r.Name), r.Status, strconv.Itoa(r.Firms), strconv.Itoa(r.Markets),
			strconv.Itoa(r.Buyers), strconv.Itoa(r.Links), strconv.Itoa(r.Clusters), strconv.Itoa(r.Warnings),
			share, depth, report.Text(r.Error)})
	}
	cw.Flush()
	return cw.Error()
}

// batchJSON is what batch --json prints (report/schema/batch-v1.schema.json).
type batchJSON struct {
	Format   string          `json:"format"`
	Version  int             `json:"version"`
	Dir      string          `json:"dir"`
	Datasets []batchJSONItem `json:"datasets"`
	Failed   int             `json:"failed"`
}

type batchJSONItem struct {
	Dataset         string   `json:"dataset"`
	Dir             string   `json:"dir"`
	Status          string   `json:"status"`
	Firms           int      `json:"firms"`
	Markets         int      `json:"markets"`
	Buyers          int      `json:"buyers"`
	Links           int      `json:"links"`
	Clusters        int      `json:"clusters"`
	Warnings        int      `json:"warnings"`
	MeanMarketShare *float64 `json:"mean_market_share"`
	MaxDepth        *int32   `json:"max_depth"`
	Error           string   `json:"error"`
}

// WriteJSON writes what batch --json prints: format "clusterchain-batch",
// version 1, the rows of summary.csv and the number of failed datasets
// (report/schema/batch-v1.schema.json).
func WriteJSON(w io.Writer, dir string, rows []Row, failed int) error {
	doc := batchJSON{Format: "clusterchain-batch", Version: 1, Dir: dir, Datasets: []batchJSONItem{}, Failed: failed}
	for _, r := range rows {
		it := batchJSONItem{Dataset: r.Name, Dir: r.Dir, Status: r.Status, Firms: r.Firms, Markets: r.Markets,
			Buyers: r.Buyers, Links: r.Links, Clusters: r.Clusters, Warnings: r.Warnings, Error: r.Error}
		if r.Written {
			it.MeanMarketShare = &r.MeanMarketShare
		}
		if r.MaxDepth >= 0 {
			it.MaxDepth = &r.MaxDepth
		}
		doc.Datasets = append(doc.Datasets, it)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

var indexTemplate = template.Must(template.New("index").Funcs(template.FuncMap{"visible": textsafe.Visible}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>clusterchain batch</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}td.n{text-align:right}.failed td{color:#a00}</style></head>
<body><h1>clusterchain batch</h1>
<p>{{.Count}}, {{.Failed}} failed. The same as a table: <a href="summary.csv">summary.csv</a>.</p>
<table><tr><th>dataset</th><th>status</th><th>firms</th><th>markets</th><th>buyers</th><th>links</th><th>clusters</th><th>warnings</th><th>mean market share</th><th>max depth</th></tr>
{{range .Rows}}<tr class="{{.Status}}"><td>{{if .Href}}<a href="{{.Href}}">{{visible .Name}}</a>{{else}}{{visible .Name}}{{end}}</td><td>{{.Status}}{{if .Error}}: {{visible .Error}}{{end}}</td><td class="n">{{.Firms}}</td><td class="n">{{.Markets}}</td><td class="n">{{.Buyers}}</td><td class="n">{{.Links}}</td><td class="n">{{.Clusters}}</td><td class="n">{{.Warnings}}</td><td class="n">{{.Share}}</td><td class="n">{{.Depth}}</td></tr>
{{end}}</table></body></html>
`))

// indexRow is a summary row as index.html shows it.
type indexRow struct {
	Row
	Href         template.URL
	Share, Depth string
}

// WriteIndex writes index.html: every dataset whose outputs were written
// links to its report.html, or to its directory when html was not among
// the formats. Names and errors are escaped by html/template, with
// controls and bidirectional overrides shown as \uXXXX; the link is
// built from the directory name escaped as one URL path segment.
func WriteIndex(w io.Writer, rows []Row, formats []string) error {
	failed := 0
	out := make([]indexRow, len(rows))
	for i, r := range rows {
		if r.Status != "ok" {
			failed++
		}
		out[i] = indexRow{Row: r}
		if r.Written {
			// "./" and an escaped ":" keep a name like "javascript:x"
			// from reading as a URL scheme.
			href := "./" + strings.ReplaceAll(url.PathEscape(r.Dir), ":", "%3A") + "/"
			if slices.Contains(formats, "html") {
				href += "report.html"
			}
			out[i].Href = template.URL(href)
			out[i].Share = fmt.Sprintf("%.3f", r.MeanMarketShare)
		}
		if r.MaxDepth >= 0 {
			out[i].Depth = strconv.Itoa(int(r.MaxDepth))
		}
	}
	return indexTemplate.Execute(w, struct {
		Rows   []indexRow
		Count  string
		Failed int
	}{out, words.Count(len(rows), "dataset"), failed})
}

// Reserved are the names of the files a batch writes beside the dataset
// directories: no dataset directory takes one of them.
func Reserved() []string { return []string{"summary.csv", "index.html"} }

// DirNames gives each dataset of a batch, by the base name of its path,
// an output directory name that no other takes, in argument order: a
// base name keeps its name at its first use, later uses get -2, -3, …,
// skipping every name taken by another dataset (so "x", "x-2", "x" are
// x, x-2 and x-3), the names of Reserved ("summary.csv" becomes
// summary.csv-2), and names that differ only in case (two directories on
// a case-insensitive file system). An empty name, ".", ".." or one with a
// separator is "dataset".
func DirNames(bases []string) []string {
	fold := strings.ToLower
	taken := map[string]bool{}
	for _, r := range Reserved() {
		taken[fold(r)] = true
	}
	clean := make([]string, len(bases))
	names := make([]string, len(bases))
	for i, b := range bases {
		if b == "" || b == "." || b == ".." || strings.Contains(b, "/") {
			b = "dataset"
		}
		clean[i] = b
		if !taken[fold(b)] {
			taken[fold(b)] = true
			names[i] = b
		}
	}
	for i, b := range clean {
		if names[i] != "" {
			continue
		}
		for k := 2; ; k++ {
			if c := fmt.Sprintf("%s-%d", b, k); !taken[fold(c)] {
				taken[fold(c)] = true
				names[i] = c
				break
			}
		}
	}
	return names
}
