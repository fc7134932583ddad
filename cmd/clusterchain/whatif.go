package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"clusterchain/internal/atomicfs"
	"clusterchain/network"
	"clusterchain/report"
	"clusterchain/viz"
	"clusterchain/waves"
)

const whatifHelp = `Usage: clusterchain whatif DATASET --remove ID[,ID…] [-o DIR] [--seed N]
                         [--cascade [--threshold θ] [--risk markets|all]] [--json]

Recomputes every table on the network without the named nodes (markets,
buyers or firms) and their links, and writes DIR/whatif.csv (default DIR
"out"): one row per changed cell,

  table,key,column,before,after,change

where change is after − before for numbers (a change that is only
rounding, less than 1e-12 of the largest value of its column, is not
listed). Rows of removed nodes show empty "after" cells. A short account of the largest changes to the
clusters is printed.

Cascades (SPEC §6). With --cascade the removal is a shock that spreads:
round 0 removes the named nodes; in each later round a firm or market
still standing fails when the links to nodes that failed carry at least
θ of its out-volume (it lost its customers) or the links from them at
least θ of its in-volume (it lost its suppliers); buyers never fail;
volumes are those before the shock; the rounds go on until one adds
nobody. θ is --threshold, 0 < θ ≤ 1, default 0.5. It writes, besides
whatif.csv (which stays the direct effect of the removal):

  cascade.csv           id,type,cluster,round,reason — every node that
                        failed, by round then id; reason is removed,
                        customers or suppliers (both: customers)
  cascade.svg           the cascade drawn with its rounds as columns
                        (--lang zh for Chinese titles and legend)
  cascade_clusters.csv  cluster,firms,removed,failed,volume_failed,
                        share_failed — per cluster the firms removed and
                        failed, and the failed firms' part of out(C)
  risk.csv              id,type,firms_failed,volume_failed,share_failed,
                        nodes_failed,rounds — for every market and buyer
                        (every node with --risk all) the cascade that node
                        starts alone: the firms that fail after it (the
                        node itself not counted), their summed out-volume
                        and its share of all firms' out-volume

and prints the cascade in words, the clusters it hit and the nodes whose
failure alone topples most firms. With --json the account is one JSON
document (format "clusterchain-whatif", version 1; schema in
report/schema/whatif-v1.schema.json) instead of text.

Examples:
  clusterchain whatif samples/zhejiang --remove yiwu-ccc
  clusterchain whatif samples/zhejiang --remove walmart,carrefour -o results/no-retailers
  clusterchain whatif samples/zhejiang --remove yiwu-ccc --cascade
  clusterchain whatif samples/zhejiang --remove yiwu-ccc --cascade --threshold 0.3 --risk all -o results/shock
`

// riskScope reads --risk: which nodes risk.csv starts a cascade from.
func riskScope(s string) (all bool, err error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "markets", "":
		return false, nil
	case "all":
		return true, nil
	}
	return false, usagef("--risk %q: want markets (every market and buyer) or all (every node)", s)
}

// thresholdFlag checks --threshold: 0 < θ ≤ 1.
func thresholdFlag(theta float64) error {
	if !(theta > 0 && theta <= 1) {
		return usagef("--threshold %v: the cascade threshold must satisfy 0 < θ ≤ 1", theta)
	}
	return nil
}

func runWhatif(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("whatif", whatifHelp, stdout)
	in := inputFlags(fs)
	dir := fs.String("o", "out", "output `DIR`ectory, created if needed")
	remove := fs.String("remove", "", "comma-separated `IDS` of the nodes to take out")
	seed := fs.Uint64("seed", 1, "seed for the Louvain communities")
	cascade := fs.Bool("cascade", false, "let the removal spread as a threshold cascade (cascade.csv, risk.csv)")
	theta := fs.Float64("threshold", network.DefaultThreshold, "cascade threshold `θ`, 0 < θ ≤ 1: the share of its sales or supplies a node can lose before it fails")
	risk := fs.String("risk", "markets", "risk.csv starts a cascade from every market and buyer (`markets`) or every node (all)")
	workers := fs.Int("workers", 0, "goroutines for the cascades of risk.csv (0: one per core)")
	asJSON := fs.Bool("json", false, "print the result as JSON on stdout instead of text")
	lang := fs.String("lang", "en", "`LANGUAGE` of cascade.svg's titles, legend and caption: en or zh")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("whatif takes one DATASET, got %d", len(pos))
	}
	var ids []string
	for _, id := range strings.Split(*remove, ",") {
		if id = strings.TrimSpace(id); id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return usagef("--remove names no node")
	}
	var cascadeOnly []string
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "threshold" || f.Name == "risk" {
			cascadeOnly = append(cascadeOnly, "--"+f.Name)
		}
	})
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "lang" {
			cascadeOnly = append(cascadeOnly, "--lang")
		}
	})
	if !*cascade && len(cascadeOnly) > 0 {
		return usagef("%s only go with --cascade", strings.Join(cascadeOnly, " and "))
	}
	if err := thresholdFlag(*theta); err != nil {
		return err
	}
	all, err := riskScope(*risk)
	if err != nil {
		return err
	}
	st, err := stage(*dir, atomicfs.Options{Apart: in.apart(pos[0]), Keep: in.keep(pos[0])}, stderr, false)
	if err != nil {
		return err
	}
	defer st.Abort()
	ds, err := in.open(pos[0], 0)
	if err != nil {
		return err
	}
	st.Keep(ds.read(pos[0])...)
	without, err := withoutNodes(ds.result.Dataset, ds.network, ids)
	if err != nil {
		return err
	}
	opt := network.Options{Seed: *seed, Workers: *workers}
	bopt := opt
	if *cascade {
		bopt.Risk, bopt.Threshold = network.RiskMarkets, *theta
		if all {
			bopt.Risk = network.RiskAll
		}
	}
	before, err := network.Analyze(ctx, ds.network, bopt)
	if err != nil {
		return err
	}
	nw2, err := network.New(without)
	if err != nil {
		return err
	}
	after, err := network.Analyze(ctx, nw2, opt)
	if err != nil {
		return err
	}
	changes := waves.Diff(report.Tables(before), report.Tables(after))
	if err := st.WriteFile("whatif.csv", waves.ChangesTable("whatif.csv", changes).WriteCSV); err != nil {
		return err
	}
	var shock *report.Shock
	if *cascade {
		if shock, err = runCascade(ctx, st, before, ids, *theta, all, *lang); err != nil {
			return err
		}
	}
	files := st.Files()
	if err := st.Commit(); err != nil {
		return err
	}
	if *asJSON {
		return report.WriteWhatifJSON(stdout, before, ids, len(changes), shock, *dir, files)
	}
	fmt.Fprintf(stdout, "without %s: %d cells changed\n", strings.Join(ids, ", "), len(changes))
	for _, c := range changes {
		if c.Table == "clusters.csv" && (c.Column == "buyer_reach" || c.Column == "market_share" || c.Column == "out_volume") && c.Change != "" {
			fmt.Fprintf(stdout, "  cluster %s %s: %s → %s (%s)\n", c.Key, c.Column, c.Before, c.After, c.Change)
		}
	}
	if shock != nil {
		if err := report.WriteShock(stdout, before, shock); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "wrote %s into %s\n", strings.Join(files, ", "), *dir)
	return nil
}

// runCascade runs the cascade of the removed nodes on the full network
// and writes cascade.csv, cascade_clusters.csv, cascade.svg and risk.csv
// (the cascades Analyze ran for a.Risk) through st.
func runCascade(ctx context.Context, st *atomicfs.Staging, a *network.Analysis, ids []string, theta float64, all bool, lang string) (*report.Shock, error) {
	nw := a.Network
	removed := make([]int32, len(ids))
	for i, id := range ids {
		removed[i], _ = nw.Index(id) // withoutNodes checked every id
	}
	c, err := nw.Cascade(ctx, removed, theta)
	if err != nil {
		return nil, err
	}
	shock := &report.Shock{Removed: ids, Cascade: c, Risk: a.Risk, RiskAll: all}
	for _, f := range []struct {
		name  string
		table report.Table
	}{
		{"cascade.csv", report.CascadeTable(nw, c)},
		{"cascade_clusters.csv", report.CascadeClustersTable(a, c)},
		{"risk.csv", report.RiskTable(a)},
	} {
		if err := st.WriteFile(f.name, f.table.WriteCSV); err != nil {
			return nil, err
		}
	}
	d, err := viz.BuildCascade(a, c, viz.Options{Title: nw.Name(), Lang: lang})
	if err != nil {
		return nil, err
	}
	if err := st.WriteFile("cascade.svg", func(w io.Writer) error { return d.Render(ctx, "svg", w) }); err != nil {
		return nil, err
	}
	return shock, nil
}

// withoutNodes returns d without the nodes ids and every link touching
// them; an id that is not a node is an error naming the nearest ids of nw
// (the network of d).
func withoutNodes(d network.Dataset, nw *network.Network, ids []string) (network.Dataset, error) {
	drop := map[string]bool{}
	for _, id := range ids {
		drop[id] = true
	}
	out := network.Dataset{Name: d.Name, Clusters: d.Clusters}
	for _, nd := range d.Nodes {
		if drop[nd.ID] {
			delete(drop, nd.ID)
			continue
		}
		out.Nodes = append(out.Nodes, nd)
	}
	if len(drop) > 0 {
		var missing []string
		for _, id := range ids {
			if drop[id] {
				missing = append(missing, fmt.Sprintf("%q%s", id, idSuggestion(nw, id)))
			}
		}
		return out, fmt.Errorf("--remove: the dataset has no node with id %s", strings.Join(missing, ", nor "))
	}
	removed := map[string]bool{}
	for _, id := range ids {
		removed[id] = true
	}
	for _, l := range d.Links {
		if !removed[l.From] && !removed[l.To] {
			out.Links = append(out.Links, l)
		}
	}
	return out, nil
}
