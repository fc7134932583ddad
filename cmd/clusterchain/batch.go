package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"clusterchain/batch"
	"clusterchain/internal/atomicfs"
	"clusterchain/internal/words"
	"clusterchain/network"
)

const batchHelp = `Usage: clusterchain batch DATASET… -o DIR [--jobs N] [--strict] [--formats LIST] [--json]

Analyses every DATASET into DIR/<name>/ with all its outputs (<name> is the
dataset directory's name; repeats get -2, -3, … so that no two datasets
share a directory, nor one the name of a file below), then writes
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
  clusterchain generate --firms 300 --seed 1 -o surveys/gen-1   # two datasets to batch
  clusterchain generate --firms 300 --seed 2 -o surveys/gen-2
  clusterchain batch samples/zhejiang surveys/* -o reports
  clusterchain batch surveys -o reports/strict --jobs 4 --strict
  clusterchain batch surveys -o reports/some --formats csv,json,html --json > batch.json
`

func runBatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("batch", batchHelp, stdout)
	in := inputFlags(fs)
	dir := fs.String("o", "", "output `DIR`ectory (required)")
	jobs := fs.Int("jobs", runtime.NumCPU(), "datasets analysed at once")
	strict := fs.Bool("strict", false, "treat warnings as failures")
	formats := fs.String("formats", "all", "comma-separated `LIST` of outputs per dataset")
	seed := fs.Uint64("seed", 1, "seed for the Louvain communities")
	quiet := fs.Bool("quiet", false, "print nothing but errors: no progress, no list of datasets (failed ones go to stderr)")
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
	var apart []atomicfs.Input
	for _, p := range paths {
		apart = append(apart, in.apart(p)...)
	}
	_, statErr := os.Stat(*dir)
	st, err := stage(*dir, atomicfs.Options{Apart: apart}, stderr, *quiet)
	if err != nil {
		return err
	}
	defer st.Abort()
	if err := st.Check(batch.Reserved()...); err != nil {
		return outputError(err)
	}
	if statErr != nil {
		// The datasets' directories go inside: make it now, once, and
		// remove it again if nothing was written into it.
		if err := os.MkdirAll(*dir, 0o755); err != nil {
			return err
		}
		defer os.Remove(*dir) // only when empty
	}
	showProgress := !*quiet && isTerminal(stderr)
	bases := make([]string, len(paths))
	for i, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			abs = p
		}
		bases[i] = filepath.Base(abs)
	}
	names := batch.DirNames(bases)
	rows := make([]batch.Row, len(paths))
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
			var notes []string
			rows[i], notes = batchOne(ctx, in, p, names[i], filepath.Join(*dir, names[i]),
				settings{formats: fmts, workers: workers, seed: *seed, sizeBy: defaultSizeBy, maxNode: defaultMaxNodes,
					keyPlayers: defaultKeyPlayers}, *strict)
			mu.Lock()
			defer mu.Unlock()
			done++
			if !*quiet {
				for _, n := range notes {
					fmt.Fprintf(stderr, "note: %s\n", n)
				}
			}
			if showProgress {
				fmt.Fprintf(stderr, "[%d/%d] %s: %s\n", done, len(paths), names[i], rows[i].Status)
			}
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		written := 0
		for _, r := range rows {
			if r.Written {
				written++
			}
		}
		return &stoppedError{fmt.Sprintf("%s of %d analysed before were written into %s, the others and summary.csv left as they were",
			words.Count(written, "dataset"), len(rows), *dir)}
	}

	if err := st.WriteFile("summary.csv", func(w io.Writer) error { return batch.WriteSummaryCSV(w, rows) }); err != nil {
		return err
	}
	if err := st.WriteFile("index.html", func(w io.Writer) error { return batch.WriteIndex(w, rows, fmts) }); err != nil {
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
		if err := batch.WriteJSON(stdout, *dir, rows, failed); err != nil {
			return err
		}
	} else {
		for _, r := range rows {
			w := stdout
			if *quiet {
				if r.Status == "ok" {
					continue
				}
				w = stderr
			}
			fmt.Fprintf(w, "%-8s %s", r.Status, r.Name)
			if r.Error != "" {
				fmt.Fprintf(w, ": %s", firstLine(r.Error))
			}
			fmt.Fprintln(w)
		}
		if !*quiet {
			fmt.Fprintf(stdout, "wrote summary.csv and index.html into %s\n", *dir)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d datasets failed", failed, len(rows))
	}
	return nil
}

// batchOne analyses one dataset into dir; errors become the row's
// status. With strict, a dataset whose report has warnings is written and
// then marked failed. It returns what the staging cleaned up.
func batchOne(ctx context.Context, in *input, path, name, dir string, s settings, strict bool) (batch.Row, []string) {
	row := batch.Row{Name: name, Dir: name, Status: "ok", MaxDepth: -1}
	st, err := atomicfs.Stage(dir, atomicfs.Options{Apart: in.apart(path), Keep: in.keep(path)})
	if err != nil {
		row.Status, row.Error = "failed", err.Error()
		return row, nil
	}
	defer st.Abort()
	if err := ctx.Err(); err != nil {
		row.Status, row.Error = "failed", err.Error()
		return row, st.Notes()
	}
	ds, err := in.openNamed(path, name, 0)
	if err != nil {
		row.Status, row.Error = "failed", err.Error()
		return row, st.Notes()
	}
	st.Keep(ds.read(path)...)
	nw := ds.network
	row.Firms, row.Markets, row.Buyers = nw.Count(network.Firm), nw.Count(network.Market), nw.Count(network.Buyer)
	row.Links, row.Clusters = len(nw.Links()), len(nw.Clusters())
	row.Warnings = len(ds.result.Warnings)
	run, _, err := analyzeTo(ctx, ds, st, s)
	if err != nil {
		row.Status, row.Error = "failed", err.Error()
		return row, st.Notes()
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
		row.Error = fmt.Sprintf("--strict: %s, the first: %s", words.Count(row.Warnings, "warning"), firstLine(run.Warnings[0]))
	}
	return row, st.Notes()
}

// expandDatasets turns the arguments into dataset directories: a
// directory without firms.csv stands for its subdirectories, by name,
// leaving out hidden ones and the output directory out.
func expandDatasets(args []string, out string) ([]string, error) {
	outAbs, _ := filepath.Abs(out)
	outInfo, outErr := os.Stat(out)
	isOut := func(p string) bool {
		if abs, _ := filepath.Abs(p); abs == outAbs {
			return true
		}
		fi, err := os.Stat(p)
		return err == nil && outErr == nil && os.SameFile(fi, outInfo) // also through a symlink
	}
	var paths []string
	for _, a := range args {
		if _, err := os.Stat(filepath.Join(a, "firms.csv")); err == nil {
			paths = append(paths, a)
			continue
		}
		if _, err := os.Stat(filepath.Join(a, "firms.xlsx")); err == nil { // per-table workbooks
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
			if !e.IsDir() || strings.HasPrefix(e.Name(), ".") || isOut(p) {
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

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}
