package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"clusterchain/internal/atomicfs"
	"clusterchain/network"
	"clusterchain/report"
	"clusterchain/waves"
)

const whatifHelp = `Usage: clusterchain whatif DATASET --remove ID[,ID…] [-o DIR] [--seed N]

Recomputes every table on the network without the named nodes (markets,
buyers or firms) and their links, and writes DIR/whatif.csv (default DIR
"out"): one row per changed cell,

  table,key,column,before,after,change

where change is after − before for numbers (a change that is only
rounding, less than 1e-12 of the largest value of its column, is not
listed). Rows of removed nodes show empty "after" cells. A short account of the largest changes to the
clusters is printed.

Examples:
  clusterchain whatif samples/zhejiang --remove yiwu-ccc
  clusterchain whatif samples/zhejiang --remove walmart,carrefour -o results/no-retailers
`

func runWhatif(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("whatif", whatifHelp, stdout)
	in := inputFlags(fs)
	dir := fs.String("o", "out", "output `DIR`ectory, created if needed")
	remove := fs.String("remove", "", "comma-separated `IDS` of the nodes to take out")
	seed := fs.Uint64("seed", 1, "seed for the Louvain communities")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("whatif takes one DATASET, got %d", len(pos))
	}
	var ids []string
	for _, id := range strings.Split(*remove, ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return usagef("--remove names no node")
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
	opt := network.Options{Seed: *seed}
	before, err := network.Analyze(ctx, ds.network, opt)
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
	if err := st.Commit(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "without %s: %d cells changed\n", strings.Join(ids, ", "), len(changes))
	for _, c := range changes {
		if c.Table == "clusters.csv" && (c.Column == "buyer_reach" || c.Column == "market_share" || c.Column == "out_volume") && c.Change != "" {
			fmt.Fprintf(stdout, "  cluster %s %s: %s → %s (%s)\n", c.Key, c.Column, c.Before, c.After, c.Change)
		}
	}
	fmt.Fprintf(stdout, "wrote whatif.csv into %s\n", *dir)
	return nil
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
