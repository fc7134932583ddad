package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"clusterchain/internal/atomicfs"
	"clusterchain/report"
	"clusterchain/waves"
)

const wavesHelp = `Usage: clusterchain waves DIR DIR [DIR…] [-o OUT] [--title TEXT]

Puts survey waves together (SPEC §6). Each DIR is the output of
'clusterchain analyze' for one wave, oldest first (or DIR/<name>/ of a
batch). Writes into OUT (default "waves"):

  network.gexf  one dynamic network (GEXF 1.2, mode="dynamic",
                timeformat="integer"): wave i is time i; every node and
                edge has the spells of the waves it is in, every column of
                nodes.csv is a node attribute and volume and kinds edge
                attributes whose values change with the waves. Gephi:
                File ▸ Open, then Window ▸ Timeline, and press play.
  churn.csv     from_wave,to_wave,cluster,links_a,links_b,kept,lost,new,
                partners_kept,partners_lost,partners_new — the link churn
                of every consecutive pair of waves, as 'clusterchain diff'
                writes it for one pair (the row * is the whole network)
  waves.html    one self-contained page: the waves side by side, and for
                each consecutive pair the churn per cluster, the cluster
                shares and out-volumes that moved most and the nodes whose
                centrality rank moved most

The waves are analysis outputs rather than datasets because their figures
are then the ones the analyst already has (and diffs), a wave is not
analysed again, and the outputs of batch serve directly. Each DIR needs
the edges.csv that analyze writes with the csv format; an output written
before clusterchain wrote it is an error that says so (run analyze again).
Nodes, clusters and edges are matched across waves by id.

Examples:
  clusterchain analyze samples/zhejiang -o results/2023
  clusterchain analyze samples/zhejiang -o results/2024   # stands in for a second survey
  clusterchain waves results/2023 results/2024 -o results/waves
  clusterchain batch samples/zhejiang -o reports      # batch's DIR/<name>/ are outputs too
  clusterchain waves results/2023 results/2024 reports/zhejiang -o results/three-waves
`

func runWaves(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("waves", wavesHelp, stdout)
	dir := fs.String("o", "waves", "output `DIR`ectory, created if needed")
	title := fs.String("title", "", "`TEXT` naming the series in network.gexf (default: the wave names)")
	top := fs.Int("top", 10, "rank movers listed per centrality and pair")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return usagef("waves takes at least two analysis outputs, oldest first, got %d", len(pos))
	}
	if *top < 0 {
		return usagef("--top must not be negative")
	}
	var ws []*waves.Wave
	var tables [][]report.Table
	for _, p := range pos {
		if err := ctx.Err(); err != nil {
			return err
		}
		fsys := os.DirFS(p)
		ts, err := waves.ReadTables(fsys)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		edges, err := waves.ReadEdges(fsys)
		if err != nil { // waves.ErrNoEdges says what to do
			return fmt.Errorf("%s: %w", p, err)
		}
		w, err := waves.NewWave(ts, edges)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		ws = append(ws, w)
		tables = append(tables, ts)
	}
	names := waveNames(pos)
	series := waves.NewSeries(names, ws, tables, *top)
	name := *title
	if name == "" {
		name = "waves " + strings.Join(names, ", ")
	}
	var keep []string
	for _, p := range pos {
		for _, f := range append(waves.TableNames(), waves.EdgesFile) {
			keep = append(keep, filepath.Join(p, f))
		}
	}
	st, err := stage(*dir, atomicfs.Options{Keep: keep}, stderr, false)
	if err != nil {
		return err
	}
	defer st.Abort()
	if err := st.WriteFile("network.gexf", func(w io.Writer) error { return waves.WriteDynamicGEXF(w, name, ws) }); err != nil {
		return err
	}
	churn := report.Table{Name: "churn.csv", Header: append([]string{"from_wave", "to_wave"}, waves.ChurnColumns...), Keys: 3,
		Text: []bool{false, false, true, false, false, false, false, false, false, false, false}}
	for i, p := range series.Pairs {
		for _, row := range waves.ChurnTable(p.Churn).Rows {
			churn.Rows = append(churn.Rows, append([]string{strconv.Itoa(i + 1), strconv.Itoa(i + 2)}, row...))
		}
	}
	if err := st.WriteFile("churn.csv", churn.WriteCSV); err != nil {
		return err
	}
	if err := st.WriteFile("waves.html", series.WriteHTML); err != nil {
		return err
	}
	files := st.Files()
	if err := st.Commit(); err != nil {
		return err
	}
	for i, p := range series.Pairs {
		r := p.Churn[len(p.Churn)-1]
		fmt.Fprintf(stdout, "wave %d (%s) → %d (%s): %d links kept, %d lost, %d new (persistence %.1f%%)\n",
			i+1, names[i], i+2, names[i+1], r.Kept, r.Lost, r.New, 100*r.Persistence())
	}
	fmt.Fprintf(stdout, "wrote %s into %s\n", strings.Join(files, ", "), *dir)
	return nil
}

// waveNames names the output directories for a person by the shortest
// trailing parts of their paths that tell them all apart (as diff does
// for two).
func waveNames(paths []string) []string {
	parts := make([][]string, len(paths))
	longest := 0
	for i, p := range paths {
		parts[i] = strings.Split(filepath.ToSlash(filepath.Clean(p)), "/")
		longest = max(longest, len(parts[i]))
	}
	for k := 1; ; k++ {
		names := make([]string, len(paths))
		seen := map[string]bool{}
		distinct := true
		for i, ps := range parts {
			names[i] = strings.Join(ps[max(0, len(ps)-k):], "/")
			if seen[names[i]] {
				distinct = false
			}
			seen[names[i]] = true
		}
		if distinct || k >= longest {
			return names
		}
	}
}
