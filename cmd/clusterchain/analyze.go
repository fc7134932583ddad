package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"clusterchain/internal/atomicfs"
	"clusterchain/network"
	"clusterchain/report"
	"clusterchain/viz"
)

const analyzeHelp = `Usage: clusterchain analyze [DATASET] [-o DIR] [--formats LIST] [--quiet] [--json]
                          [--key-players K] [--bootstrap B [--seed S]] [--risk markets|all [--threshold θ]]

Loads DATASET (a directory of CSV tables; the embedded Zhejiang sample when
left out), computes every figure and writes into DIR (default "out"):

  csv      nodes.csv, clusters.csv, linkage.csv, reach.csv, resilience.csv,
           keyplayers.csv (the K nodes that, removed together, cut the most
           cluster volume reaching buyers: --key-players K, default 5; 0
           writes none), edges.csv (from,to,volume,kinds: one row per edge
           of the network, what diff and waves compare), and risk.csv with
           --risk
  json     report.json
  html     report.html (one self-contained page with the diagrams)
  svg      network.svg, clusters.svg, tiers.svg
  gexf     network.gexf (Gephi): every column of nodes.csv and of the
           input tables a typed node attribute, edges weighted by volume
  graphml  network.graphml (Cytoscape, yEd, NetworkX): likewise
  net      network.net (Pajek): vertex i is row i of nodes.csv, labelled
           with its id; arcs weighted by volume

All formats are written unless --formats names some.

How sure is a survey figure (SPEC §6)? --bootstrap B resamples each
cluster's firms with replacement B times (a replicate draws m firms from
the cluster's m, each bringing its outgoing links) and adds the 2.5th and
97.5th percentiles of the replicates (linear interpolation between order
statistics, numpy.percentile's default) to clusters.csv
(market_share_lo, market_share_hi, buyer_share_lo, buyer_share_hi,
buyer_reach_lo, buyer_reach_hi), to linkage.csv (share_lo, share_hi), to
report.json and to the summary. The random streams come from --seed and
each cluster's id: the same seed gives the same bounds on any machine and
for any --workers. B = 1,000 is the usual choice (at most 100,000).

Which single failure would topple most firms? --risk markets starts a
threshold cascade from every market and buyer alone, --risk all from
every node, and writes risk.csv (id,type,firms_failed,volume_failed,
share_failed,nodes_failed,rounds; see 'clusterchain help whatif' for the
cascade) with the worst in words in the summary and report; --threshold θ
(0 < θ ≤ 1, default 0.5) is the share of its sales or supplies a node can
lose before it fails.

The files are built aside and moved into DIR only when all are written: a
failed or interrupted run leaves DIR as it was. DIR may not be, lie inside
or contain the dataset. A short summary is printed on stdout (--quiet: none,
nor any progress; only errors are printed); with --json the same summary
as one JSON document (format "clusterchain-summary", version 1: dataset,
warnings, output dir and files, market_share, findings, most_central;
schema in report/schema/summary-v1.schema.json), for scripts:

  clusterchain analyze samples/zhejiang -o results/zhejiang --json | jq '.dataset.firms'

Examples:
  clusterchain analyze
  clusterchain analyze samples/zhejiang -o results/zhejiang
  clusterchain analyze samples/zhejiang --formats csv -o results/tables
  clusterchain analyze samples/zhejiang --formats csv,json,gexf -o results/some
  clusterchain analyze samples/zhejiang --formats gexf,graphml,net -o gephi
  clusterchain analyze samples/zhejiang --quiet -o results/quiet
  clusterchain analyze samples/zhejiang --json -o results/json > run.json
  clusterchain analyze samples/zhejiang --bootstrap 1000 --seed 7 -o results/uncertainty
  clusterchain analyze samples/zhejiang --risk all --threshold 0.4 -o results/risk
`

// maxBootstrap bounds --bootstrap: the work is B × the firms, the memory
// B × (3 + markets) numbers for the largest cluster.
const maxBootstrap = 100000

func runAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("analyze", analyzeHelp, stdout)
	in := inputFlags(fs)
	dir := fs.String("o", "out", "output `DIR`ectory, created if needed")
	formats := fs.String("formats", "all", "comma-separated `LIST` of outputs: csv, json, html, svg, gexf, graphml, net, xlsx, parquet, or all")
	sizeBy, maxNodes := drawFlags(fs, "node size in network.svg: any centrality `COLUMN`",
		"network.svg folds the least central firms above `N` nodes")
	quiet := fs.Bool("quiet", false, "print nothing but errors: no summary, no progress")
	lang := fs.String("lang", "en", "`LANG`uage of diagram titles and legends: en or zh")
	workers := fs.Int("workers", 0, "goroutines for the all-pairs figures (0: one per core)")
	seed := fs.Uint64("seed", 1, "seed for the Louvain communities and sampled sources")
	sample := fs.Int("sample", 0, "estimate betweenness, closeness and harmonic from `K` sampled sources (default: exact up to 100,000 nodes; above, as many as fit a fixed budget, 100 to 2,000)")
	exact := fs.Bool("exact", false, "compute the all-pairs figures exactly at any size")
	asJSON := fs.Bool("json", false, "print the run summary as JSON on stdout instead of text")
	keyPlayers := fs.Int("key-players", defaultKeyPlayers, "steps of the greedy key-player search for keyplayers.csv (`K`; 0: none)")
	boot := fs.Int("bootstrap", 0, "add 95% percentile intervals of the cluster shares from `B` resamples of each cluster's firms")
	risk := fs.String("risk", "", "write risk.csv: the cascade started by every market and buyer (`markets`) or every node (all)")
	theta := fs.Float64("threshold", network.DefaultThreshold, "cascade threshold `θ` of --risk, 0 < θ ≤ 1")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("one DATASET at most, got %d", len(pos))
	}
	if *sample < 0 {
		return usagef("--sample must be positive")
	}
	if *keyPlayers < 0 {
		return usagef("--key-players must be 0 or more")
	}
	if *sample > 0 && *exact {
		return usagef("--sample and --exact exclude each other")
	}
	fmts, err := parseFormats(*formats)
	if err != nil {
		return err
	}
	if *boot < 0 || *boot > maxBootstrap {
		return usagef("--bootstrap %d: between 1 and %d replicates (0: none)", *boot, maxBootstrap)
	}
	scope := network.RiskNone
	switch strings.ToLower(strings.TrimSpace(*risk)) {
	case "":
		thetaSet := false
		fs.Visit(func(f *flag.Flag) { thetaSet = thetaSet || f.Name == "threshold" })
		if thetaSet {
			return usagef("--threshold goes with --risk")
		}
	case "markets":
		scope = network.RiskMarkets
	case "all":
		scope = network.RiskAll
	default:
		return usagef("--risk %q: want markets (every market and buyer) or all (every node)", *risk)
	}
	if err := thresholdFlag(*theta); err != nil {
		return err
	}
	if !slices.Contains(viz.Langs(), *lang) {
		return usagef("--lang %q: one of %s", *lang, strings.Join(viz.Langs(), ", "))
	}
	path := ""
	if len(pos) == 1 {
		path = pos[0]
	}
	st, err := stage(*dir, atomicfs.Options{Apart: in.apart(path), Keep: in.keep(path)}, stderr, *quiet)
	if err != nil {
		return err
	}
	defer st.Abort()
	prog := newProgress(stderr, !*quiet && isTerminal(stderr))
	prog.step("loading " + datasetLabel(path))
	ds, err := in.open(path, 0)
	prog.done()
	if err != nil {
		return err
	}
	st.Keep(ds.read(path)...)
	run, files, err := analyzeTo(ctx, ds, st, settings{
		formats: fmts, workers: *workers, seed: *seed, sizeBy: *sizeBy, maxNode: *maxNodes, lang: *lang, prog: prog,
		sample: *sample, exact: *exact, bootstrap: *boot, risk: scope, threshold: *theta, keyPlayers: *keyPlayers})
	if err != nil {
		return err
	}
	if *asJSON {
		return report.WriteSummaryJSON(stdout, run, *dir, files)
	}
	if *quiet {
		return nil
	}
	if err := report.WriteSummary(stdout, run); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nwrote %s into %s\n", strings.Join(files, ", "), *dir)
	return nil
}

// progress prints "step: done/total" on one terminal line, at most a few
// times a second.
type progress struct {
	mu   sync.Mutex
	w    io.Writer
	on   bool
	last time.Time
	any  bool
}

func newProgress(w io.Writer, on bool) *progress { return &progress{w: w, on: on} }

func (p *progress) report(step string, done, total int) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := time.Now(); done < total && now.Sub(p.last) < 200*time.Millisecond {
		return
	} else {
		p.last = now
	}
	p.any = true
	fmt.Fprintf(p.w, "\r\033[K%s: %d/%d (%d%%)", step, done, total, 100*done/max(total, 1))
}

// step shows the name of a step that has nothing to count (loading,
// writing a file) until the next report, step or done.
func (p *progress) step(name string) {
	if p == nil || !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.any = true
	fmt.Fprintf(p.w, "\r\033[K%s…", name)
}

func (p *progress) done() {
	if p == nil || !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.any {
		fmt.Fprint(p.w, "\r\033[K")
		p.any = false
	}
}

// datasetLabel names a dataset path in progress lines.
func datasetLabel(path string) string {
	if path == "" {
		return "the embedded sample"
	}
	return path
}
