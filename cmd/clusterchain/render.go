package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"clusterchain/network"
	"clusterchain/report"
	"clusterchain/viz"
)

const renderHelp = `Usage: clusterchain render [DATASET] --view VIEW [--node ID --radius N] [--cluster ID] [--format FORMAT] [-o FILE]

Draws one diagram of DATASET (the embedded sample when left out).

  --view network    every firm in its cluster's box, markets, buyers
                    (folds the least central firms above --max-nodes)
  --view flows      Sankey diagram: cluster → market → buyer by volume
  --view clusters   clusters, markets and buyers, edges by linkage share
  --view tiers      the subcontracting chains, one panel per cluster;
                    with --cluster ID that one cluster at full size
  --view ego        --node ID and everything within --radius hops
  --format svg|png|dot   (default: from FILE's extension, else svg; dot,
                    the Graphviz source, for every view but flows)
  --lang en|zh      language of titles and legends

FILE defaults to VIEW.FORMAT in the current directory; "-" writes to stdout.

Examples:
  clusterchain render --view clusters -o clusters.svg
  clusterchain render --view tiers --cluster datang-hosiery -o datang.svg
  clusterchain render surveys/yiwu --view ego --node yiwu-ccc --radius 2 -o yiwu.svg
  clusterchain render surveys/yiwu --view network --format dot -o network.dot
`

func runRender(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("render", renderHelp, stdout)
	in := inputFlags(fs)
	view := fs.String("view", "network", "`VIEW`: network, clusters, tiers or ego")
	node := fs.String("node", "", "ego view: the centre node `ID`")
	cluster := fs.String("cluster", "", "tiers view: draw the cluster `ID` alone, full size")
	lang := fs.String("lang", "en", "`LANG`uage of titles and legends: en or zh")
	radius := fs.Int("radius", 1, "ego view: `N` hops in either direction")
	format := fs.String("format", "", "`FORMAT`: svg, png or dot")
	out := fs.String("o", "", "output `FILE` (- for stdout)")
	sizeBy := fs.String("size-by", "pagerank", "node size: any centrality `COLUMN`")
	maxNodes := fs.Int("max-nodes", 1500, "network view: fold above `N` nodes")
	seed := fs.Uint64("seed", 1, "seed for the Louvain communities")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("one DATASET at most, got %d", len(pos))
	}
	v := viz.View(strings.ToLower(*view))
	switch v {
	case viz.ViewNetwork, viz.ViewClusters, viz.ViewTiers, viz.ViewFlows:
	case viz.ViewEgo:
		if *node == "" {
			return usagef("--view ego needs --node ID")
		}
		if *radius < 1 {
			return usagef("--radius %d: an ego view draws at least the node's direct partners (--radius 1 or more)", *radius)
		}
	default:
		return usagef("unknown view %q (network, flows, clusters, tiers, ego)", *view)
	}
	if *cluster != "" && v != viz.ViewTiers {
		return usagef("--cluster is for --view tiers")
	}
	if !slices.Contains(viz.Langs(), *lang) {
		return usagef("--lang %q: one of %s", *lang, strings.Join(viz.Langs(), ", "))
	}
	f := strings.ToLower(*format)
	if f == "" {
		f = strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
		if f == "" || *out == "-" {
			f = "svg"
		}
	}
	if f != "svg" && f != "png" && f != "dot" {
		return usagef("unknown format %q (svg, png, dot)", f)
	}
	if *out == "" {
		*out = string(v) + "." + f
	}
	path := ""
	if len(pos) == 1 {
		path = pos[0]
	}
	ds, err := in.open(path, 0)
	if err != nil {
		return err
	}
	if v == viz.ViewEgo {
		if _, ok := ds.network.Index(*node); !ok {
			return fmt.Errorf("--node: no node with id %q in the dataset", *node)
		}
	}
	if *cluster != "" && !slices.ContainsFunc(ds.network.Clusters(), func(c network.Cluster) bool { return c.ID == *cluster }) {
		return fmt.Errorf("--cluster: no cluster with id %q in the dataset", *cluster)
	}
	a, err := network.Analyze(context.Background(), ds.network, network.Options{Seed: *seed})
	if err != nil {
		return err
	}
	d, err := viz.Build(a, v, viz.Options{Title: ds.network.Name(), SizeBy: *sizeBy, MaxNodes: *maxNodes,
		Node: *node, Radius: *radius, Cluster: *cluster, Lang: *lang})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := d.Render(context.Background(), f, &buf); err != nil {
		return err
	}
	for _, n := range d.Notes {
		fmt.Fprintf(stderr, "note: %s\n", n)
	}
	if *out == "-" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	// Write aside and rename, so a failed render never leaves half a file.
	tmp, err := os.CreateTemp(filepath.Dir(*out), "."+filepath.Base(*out)+".tmp-")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // CreateTemp makes it private
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%s)\n", *out, report.Count(buf.Len(), "byte"))
	return nil
}
