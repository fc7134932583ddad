package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"clusterchain/network"
	"clusterchain/report"
)

const batchHelp = `Usage: clusterchain batch DATASET… -o DIR [--jobs N] [--strict] [--formats LIST]

Analyses every DATASET into DIR/<name>/ with all its outputs, then writes
DIR/summary.csv (one row per dataset) and DIR/index.html linking every
report. A DATASET that holds no firms.csv but dataset directories is
expanded to them. Datasets run concurrently; one failure never stops the
others. Exit status 1 if any dataset failed (with --strict, also if any
had warnings). The output is the same whatever the number of jobs.

summary.csv columns:
  dataset,status,firms,markets,buyers,links,clusters,warnings,mean_market_share,max_depth,error

Examples:
  clusterchain batch surveys/* -o reports
  clusterchain batch surveys -o reports --jobs 4 --strict
`

// batchRow is one line of summary.csv.
type batchRow struct {
	Name, Dir, Status, Error                          string
	Firms, Markets, Buyers, Links, Clusters, Warnings int
	MeanMarketShare                                   float64
	MaxDepth                                          int32
}

func runBatch(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("batch", batchHelp, stdout)
	dir := fs.String("o", "", "output `DIR`ectory (required)")
	jobs := fs.Int("jobs", runtime.NumCPU(), "datasets analysed at once")
	strict := fs.Bool("strict", false, "treat warnings as failures")
	formats := fs.String("formats", "all", "comma-separated `LIST` of outputs per dataset")
	seed := fs.Uint64("seed", 1, "seed for the Louvain communities")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
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
	paths, err := expandDatasets(pos)
	if err != nil {
		return err
	}
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
			rows[i] = batchOne(p, names[i], filepath.Join(*dir, names[i]),
				settings{formats: fmts, workers: workers, seed: *seed, sizeBy: "pagerank", maxNode: 1500}, *strict)
			mu.Lock()
			done++
			if !*quiet {
				fmt.Fprintf(stderr, "[%d/%d] %s: %s\n", done, len(paths), names[i], rows[i].Status)
			}
			mu.Unlock()
		}()
	}
	wg.Wait()

	st, err := report.Stage(*dir)
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
		fmt.Fprintf(stdout, "%-8s %s", r.Status, r.Name)
		if r.Error != "" {
			fmt.Fprintf(stdout, ": %s", firstLine(r.Error))
		}
		fmt.Fprintln(stdout)
		if r.Status != "ok" {
			failed++
		}
	}
	fmt.Fprintf(stdout, "wrote summary.csv and index.html into %s\n", *dir)
	if failed > 0 {
		return fmt.Errorf("%d of %d datasets failed", failed, len(rows))
	}
	return nil
}

// batchOne analyses one dataset; errors become the row's status.
func batchOne(path, name, dir string, s settings, strict bool) batchRow {
	row := batchRow{Name: name, Dir: name, Status: "ok", MaxDepth: -1}
	ds, err := openDatasetNamed(path, name, 0)
	if err != nil {
		row.Status, row.Error = "failed", err.Error()
		return row
	}
	nw := ds.network
	row.Firms, row.Markets, row.Buyers = nw.Count(network.Firm), nw.Count(network.Market), nw.Count(network.Buyer)
	row.Links, row.Clusters = len(nw.Links()), len(nw.Clusters())
	row.Warnings = len(ds.result.Warnings)
	if strict && row.Warnings > 0 {
		row.Status, row.Error = "failed", fmt.Sprintf("--strict: %s", report.Count(row.Warnings, "warning"))
		return row
	}
	run, _, err := analyzeTo(context.Background(), ds, dir, s)
	if err != nil {
		row.Status, row.Error = "failed", err.Error()
		return row
	}
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
	return row
}

// expandDatasets turns the arguments into dataset directories: a
// directory without firms.csv stands for its subdirectories that have one.
func expandDatasets(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		if _, err := os.Stat(filepath.Join(a, "firms.csv")); err == nil {
			out = append(out, a)
			continue
		}
		entries, err := os.ReadDir(a)
		if err != nil {
			// Not a directory we can read: let the dataset fail on its own.
			out = append(out, a)
			continue
		}
		var subs []string
		for _, e := range entries {
			if e.IsDir() {
				subs = append(subs, filepath.Join(a, e.Name()))
			}
		}
		sort.Strings(subs)
		if len(subs) == 0 {
			out = append(out, a) // fails with "no firms.csv"
		}
		out = append(out, subs...)
	}
	return out, nil
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
		if r.Status == "ok" {
			share = report.Float(r.MeanMarketShare)
		}
		cw.Write([]string{report.Text(r.Name), r.Status, strconv.Itoa(r.Firms), strconv.Itoa(r.Markets),
			strconv.Itoa(r.Buyers), strconv.Itoa(r.Links), strconv.Itoa(r.Clusters), strconv.Itoa(r.Warnings),
			share, depth, report.Text(r.Error)})
	}
	cw.Flush()
	return cw.Error()
}

var indexTemplate = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>clusterchain batch</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}.failed{color:#a00}</style></head>
<body><h1>clusterchain batch</h1>
<p>{{len .Rows}} datasets, {{.Failed}} failed.</p>
<table><tr><th>dataset</th><th>status</th><th>firms</th><th>markets</th><th>buyers</th><th>links</th><th>clusters</th><th>warnings</th><th>mean market share</th><th>max depth</th></tr>
{{range .Rows}}<tr class="{{.Status}}"><td>{{if and (eq .Status "ok") $.HTML}}<a href="{{.Dir}}/report.html">{{.Name}}</a>{{else}}{{.Name}}{{end}}</td><td>{{.Status}}{{if .Error}}: {{.Error}}{{end}}</td><td>{{.Firms}}</td><td>{{.Markets}}</td><td>{{.Buyers}}</td><td>{{.Links}}</td><td>{{.Clusters}}</td><td>{{.Warnings}}</td><td>{{if eq .Status "ok"}}{{printf "%.3f" .MeanMarketShare}}{{end}}</td><td>{{if ge .MaxDepth 0}}{{.MaxDepth}}{{end}}</td></tr>
{{end}}</table></body></html>
`))

func writeIndex(w io.Writer, rows []batchRow, formats []string) error {
	failed := 0
	for _, r := range rows {
		if r.Status != "ok" {
			failed++
		}
	}
	html := false
	for _, f := range formats {
		html = html || f == "html"
	}
	return indexTemplate.Execute(w, struct {
		Rows   []batchRow
		Failed int
		HTML   bool
	}{rows, failed, html})
}
