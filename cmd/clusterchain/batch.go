package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"clusterchain/internal/atomicfs"
	"clusterchain/network"
	"clusterchain/report"
)

const batchHelp = `Usage: clusterchain batch DATASET… -o DIR [--jobs N] [--strict] [--formats LIST] [--json]

Analyses every DATASET into DIR/<name>/ with all its outputs (<name> is the
dataset directory's name; repeats get -2, -3, …), then writes
DIR/summary.csv (one row per dataset) and DIR/index.html linking every
report. A DATASET that holds no firms.csv but dataset directories stands
for them (hidden directories and DIR itself are skipped), so
"batch surveys -o reports" analyses every survey in surveys/.

Datasets run concurrently (--jobs, default the number of cores); one
failure never stops the others, and a dataset that fails leaves its
DIR/<name>/ as it was. Exit status 1 if any dataset failed. With --strict a
dataset with warnings (duplicate rows summed, unknown volumes, estimated
figures, …) counts as failed too; its outputs are still written, so that
the warnings can be read in its report. The output is byte for byte the
same whatever the number of jobs. Progress goes to stderr when it is a
terminal; the result, one line per dataset, to stdout, or with --json one
JSON document (format "clusterchain-batch", version 1, the rows of
summary.csv; schema in report/schema/batch-v1.schema.json).

summary.csv columns:
  dataset,status,firms,markets,buyers,links,clusters,warnings,mean_market_share,max_depth,error
status is ok or failed; mean_market_share is the mean market_share of the
clusters with outgoing volume (empty when the dataset failed); max_depth
the deepest subcontracting chain (empty when no firm subcontracts).

Examples:
  clusterchain batch surveys/* -o reports
  clusterchain batch surveys -o reports --jobs 4 --strict
  clusterchain batch surveys -o reports --formats csv,json,html --json > batch.json
`

// batchRow is one line of summary.csv.
type batchRow struct {
	Name, Dir, Status, Error                          string
	Firms, Markets, Buyers, Links, Clusters, Warnings int
	MeanMarketShare                                   float64
	MaxDepth                                          int32
	// Written is true when the outputs were written into Dir.
	Written bool
}

func runBatch(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("batch", batchHelp, stdout)
	in := inputFlags(fs)
	dir := fs.String("o", "", "output `DIR`ectory (required)")
	jobs := fs.Int("jobs", runtime.NumCPU(), "datasets analysed at once")
	strict := fs.Bool("strict", false, "treat warnings as failures")
	formats := fs.String("formats", "all", "comma-separated `LIST` of outputs per dataset")
	seed := fs.Uint64("seed", 1, "seed for the Louvain communities")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	asJSON := fs.Bool("json", false, "print the result as JSON on stdout instead of text")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *dir == "" {
		return usagef("-o DIR is required")
	}
	if len(pos) == 0 {
		return usagef("no DATASET given")
	}
	if *jobs < 1 {
		return usagef("--jobs must be at least 1")
	}
	fmts, err := parseFormats(*formats)
	if err != nil {
		return err
	}
	paths, err := expandDatasets(pos, *dir)
	if err != nil {
		return err
	}
	showProgress := !*quiet && isTerminal(stderr)
	names := uniqueNames(paths)
	rows := make([]batchRow, len(paths))
	var wg sync.WaitGroup
	sem := make(chan struct{}, *jobs)
	var mu sync.Mutex
	done := 0
	for i, p := range paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			// One goroutine per dataset already: the sweep of each gets
			// its share of the cores.
			workers := max(1, runtime.GOMAXPROCS(0) / *jobs)
			rows[i] = batchOne(in, p, names[i], filepath.Join(*dir, names[i]),
				settings{formats: fmts, workers: workers, seed: *seed, sizeBy: "pagerank", maxNode: 1500}, *strict)
			mu.Lock()
			done++
			if showProgress {
				fmt.Fprintf(stderr, "[%d/%d] %s: %s\n", done, len(paths), names[i], rows[i].Status)
			}
			mu.Unlock()
		}()
	}
	wg.Wait()

	st, err := atomicfs.Stage(*dir)
	if err != nil {
		return err
	}
	if err := st.WriteFile("summary.csv", func(w io.Writer) error { return writeSummaryCSV(w, rows) }); err != nil {
		st.Abort()
		return err
	}
	if err := st.WriteFile("index.html", func(w io.Writer) error { return writeIndex(w, rows, fmts) }); err != nil {
		st.Abort()
		return err
	}
	if err := st.Commit(); err != nil {
		return err
	}
	failed := 0
	for _, r := range rows {
		if r.Status != "ok" {
			failed++
		}
	}
	if *asJSON {
		if err := writeBatchJSON(stdout, *dir, rows, failed); err != nil {
			return err
		}
	} else {
		for _, r := range rows {
			fmt.Fprintf(stdout, "%-8s %s", r.Status, r.Name)
			if r.Error != "" {
				fmt.Fprintf(stdout, ": %s", firstLine(r.Error))
			}
			fmt.Fprintln(stdout)
		}
		fmt.Fprintf(stdout, "wrote summary.csv and index.html into %s\n", *dir)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d datasets failed", failed, len(rows))
	}
	return nil
}

// batchOne analyses one dataset; errors become the row's status. With
// strict, a dataset whose report has warnings is written and then marked
// failed.
func batchOne(in *input, path, name, dir string, s settings, strict bool) batchRow {
	row := batchRow{Name: name, Dir: name, Status: "ok", MaxDepth: -1}
	ds, err := in.openNamed(path, name, 0)
	if err != nil {
		row.Status, row.Error = "failed", err.Error()
		return row
	}
	nw := ds.network
	row.Firms, row.Markets, row.Buyers = nw.Count(network.Firm), nw.Count(network.Market), nw.Count(network.Buyer)
	row.Links, row.Clusters = len(nw.Links()), len(nw.Clusters())
	row.Warnings = len(ds.result.Warnings)
	run, _, err := analyzeTo(context.Background(), ds, dir, s)
	if err != nil {
		row.Status, row.Error = "failed", err.Error()
		return row
	}
	row.Written = true
	row.Warnings = len(run.Warnings)
	n := 0
	for _, c := range run.Analysis.Clusters {
		if c.OutVolume > 0 {
			row.MeanMarketShare += c.MarketShare
			n++
		}
		row.MaxDepth = max(row.MaxDepth, c.MaxDepth)
	}
	if n > 0 {
		row.MeanMarketShare /= float64(n)
	}
	if strict && row.Warnings > 0 {
		row.Status = "failed"
		row.Error = fmt.Sprintf("--strict: %s, the first: %s", report.Count(row.Warnings, "warning"), firstLine(run.Warnings[0]))
	}
	return row
}

// expandDatasets turns the arguments into dataset directories: a
// directory without firms.csv stands for its subdirectories, by name,
// leaving out hidden ones and the output directory out.
func expandDatasets(args []string, out string) ([]string, error) {
	outAbs, _ := filepath.Abs(out)
	var paths []string
	for _, a := range args {
		if _, err := os.Stat(filepath.Join(a, "firms.csv")); err == nil {
			paths = append(paths, a)
			continue
		}
		entries, err := os.ReadDir(a)
		if err != nil {
			// Not a directory we can read: let the dataset fail on its own.
			paths = append(paths, a)
			continue
		}
		var subs []string
		for _, e := range entries {
			p := filepath.Join(a, e.Name())
			if abs, _ := filepath.Abs(p); !e.IsDir() || strings.HasPrefix(e.Name(), ".") || abs == outAbs {
				continue
			}
			subs = append(subs, p)
		}
		sort.Strings(subs)
		if len(subs) == 0 {
			paths = append(paths, a) // fails with "firms.csv: file missing"
		}
		paths = append(paths, subs...)
	}
	return paths, nil
}

// uniqueNames gives each dataset an output directory name: its base
// name, with -2, -3, … for repeats, in argument order.
func uniqueNames(paths []string) []string {
	seen := map[string]int{}
	names := make([]string, len(paths))
	for i, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			abs = p
		}
		base := filepath.Base(abs)
		if base == "." || base == string(filepath.Separator) || base == "" {
			base = "dataset"
		}
		seen[base]++
		if k := seen[base]; k > 1 {
			base = fmt.Sprintf("%s-%d", base, k)
		}
		names[i] = base
	}
	return names
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

func writeSummaryCSV(w io.Writer, rows []batchRow) error {
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

func writeBatchJSON(w io.Writer, dir string, rows []batchRow, failed int) error {
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

var indexTemplate = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>clusterchain batch</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}td.n{text-align:right}.failed td{color:#a00}</style></head>
<body><h1>clusterchain batch</h1>
<p>{{.Count}}, {{.Failed}} failed. The same as a table: <a href="summary.csv">summary.csv</a>.</p>
<table><tr><th>dataset</th><th>status</th><th>firms</th><th>markets</th><th>buyers</th><th>links</th><th>clusters</th><th>warnings</th><th>mean market share</th><th>max depth</th></tr>
{{range .Rows}}<tr class="{{.Status}}"><td>{{if .Href}}<a href="{{.Href}}">{{.Name}}</a>{{else}}{{.Name}}{{end}}</td><td>{{.Status}}{{if .Error}}: {{.Error}}{{end}}</td><td class="n">{{.Firms}}</td><td class="n">{{.Markets}}</td><td class="n">{{.Buyers}}</td><td class="n">{{.Links}}</td><td class="n">{{.Clusters}}</td><td class="n">{{.Warnings}}</td><td class="n">{{.Share}}</td><td class="n">{{.Depth}}</td></tr>
{{end}}</table></body></html>
`))

// indexRow is a summary row as index.html shows it.
type indexRow struct {
	batchRow
	Href         template.URL
	Share, Depth string
}

// writeIndex writes index.html: every dataset whose outputs were written
// links to its report.html, or to its directory when html was not among
// the formats. Names and errors are escaped by html/template; the link is
// built from the directory name escaped as one URL path segment.
func writeIndex(w io.Writer, rows []batchRow, formats []string) error {
	failed := 0
	out := make([]indexRow, len(rows))
	for i, r := range rows {
		if r.Status != "ok" {
			failed++
		}
		out[i] = indexRow{batchRow: r}
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
	}{out, report.Count(len(rows), "dataset"), failed})
}
