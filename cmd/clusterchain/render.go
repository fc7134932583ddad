package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"clusterchain/internal/atomicfs"
	"clusterchain/internal/words"
	"clusterchain/network"
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
  --format svg|png|pdf|dot   (default: from FILE's extension, else svg);
                    png and pdf are drawn with headless Chromium
                    (apt-get install chromium fonts-noto-cjk): png at
                    --dpi N (default 144), pdf on A4
  --lang en|zh      language of titles and legends

FILE defaults to VIEW.FORMAT in the current directory; "-" writes to stdout.

Examples:
  clusterchain render --view clusters -o clusters.svg
  clusterchain render samples/zhejiang --view ego --node yiwu-ccc --radius 2 -o yiwu.svg
  clusterchain render samples/zhejiang --view network --format dot -o network.dot
  clusterchain render --view clusters --format png --dpi 300 -o clusters.png
  clusterchain render --view clusters -o clusters.pdf
  clusterchain render --view tiers --cluster datang-hosiery -o datang.svg
`

func runRender(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("render", renderHelp, stdout)
	in := inputFlags(fs)
	view := fs.String("view", "network", "`VIEW`: network, clusters, tiers or ego")
	node := fs.String("node", "", "ego view: the centre node `ID`")
	cluster := fs.String("cluster", "", "tiers view: draw the cluster `ID` alone, full size")
	lang := fs.String("lang", "en", "`LANG`uage of titles and legends: en or zh")
	radius := fs.Int("radius", 1, "ego view: `N` hops in either direction")
	format := fs.String("format", "", "`FORMAT`: svg, png, pdf or dot")
	dpi := fs.Float64("dpi", 144, "png: `N` pixels per inch")
	out := fs.String("o", "", "output `FILE` (- for stdout)")
	sizeBy, maxNodes := drawFlags(fs, "node size: any centrality `COLUMN`",
		"network view: fold above `N` nodes")
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
		return usagef("unknown view %q (network, flows, clusters, tiers, ego)%s", *view,
			didYouMean(*view, []string{"network", "flows", "clusters", "tiers", "ego"}))
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
	if f != "svg" && f != "png" && f != "pdf" && f != "dot" {
		return usagef("unknown format %q (svg, png, pdf, dot)", f)
	}
	dpiSet := false
	fs.Visit(func(fl *flag.Flag) { dpiSet = dpiSet || fl.Name == "dpi" })
	if dpiSet && f != "png" {
		return usagef("--dpi applies to --format png, not %s", f)
	}
	if !(*dpi >= 24 && *dpi <= 1200) {
		return usagef("--dpi %g: want 24 to 1200", *dpi)
	}
	if *out == "" {
		*out = string(v) + "." + f
	}
	path := ""
	if len(pos) == 1 {
		path = pos[0]
	}
	var file *atomicfs.File
	if *out != "-" {
		// Checked before the work and written aside, so that a failed
		// render never leaves half a file, nor replaces an input.
		if file, err = atomicfs.StageFile(*out, atomicfs.Options{Keep: in.keep(path)}); err != nil {
			return outputError(err)
		}
		defer file.Abort()
		printNotes(stderr, file.Notes(), false)
	}
	ds, err := in.open(path, 0)
	if err != nil {
		return err
	}
	if file != nil {
		file.Keep(ds.read(path)...)
	}
	if v == viz.ViewEgo {
		if _, ok := ds.network.Index(*node); !ok {
			return fmt.Errorf("--node: no node with id %q in the dataset%s", *node, idSuggestion(ds.network, *node))
		}
	}
	if *cluster != "" && !slices.ContainsFunc(ds.network.Clusters(), func(c network.Cluster) bool { return c.ID == *cluster }) {
		return fmt.Errorf("--cluster: no cluster with id %q in the dataset", *cluster)
	}
	a, err := network.Analyze(ctx, ds.network, network.Options{Seed: *seed})
	if err != nil {
		return err
	}
	d, err := viz.Build(a, v, viz.Options{Title: ds.network.Name(), SizeBy: *sizeBy, MaxNodes: *maxNodes,
		Node: *node, Radius: *radius, Cluster: *cluster, Lang: *lang})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if f == "png" || f == "pdf" {
		// ctx ends on Ctrl-C or TERM: Chromium is stopped and its files removed.
		if err := d.Print(ctx, &chromium{Scale: *dpi / 96}, f, &buf); err != nil {
			return err
		}
		if f == "pdf" { // the same diagram, the same bytes: no dates of the run
			b := stablePDF(buf.Bytes())
			buf.Reset()
			buf.Write(b)
		}
	} else if err := d.Render(ctx, f, &buf); err != nil {
		return err
	}
	for _, n := range d.Notes {
		fmt.Fprintf(stderr, "note: %s\n", n)
	}
	if *out == "-" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	if err := file.Write(func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
		return err
	}
	if err := file.Commit(); err != nil {
		return outputError(err)
	}
	fmt.Fprintf(stdout, "wrote %s (%s)\n", *out, words.Count(buf.Len(), "byte"))
	return nil
}
