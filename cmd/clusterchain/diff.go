package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"clusterchain/internal/atomicfs"
	"clusterchain/internal/words"
	"clusterchain/report"
	"clusterchain/waves"
)

const diffHelp = `Usage: clusterchain diff OLD_DIR NEW_DIR [-o DIR] [--fail-if CHECK]… [--json]

Compares two analysis outputs (directories written by analyze, or two
DIR/<name>/ of batch, e.g. two survey waves): the change of every cluster
figure; the clusters, markets and buyers, and the linkage pairs
(cluster/market), that appeared or vanished; and the nodes whose rank by
pagerank and by betweenness moved most. Tables present in only one of the
two are left out. Writes DIR/diff.csv
(table,key,column,before,after,change: every changed cell of every table)
and DIR/diff.md (for a person); DIR defaults to NEW_DIR. A short account
goes to stdout, or with --json one JSON document (format
"clusterchain-diff", version 1; schema in report/schema/diff-v1.schema.json).

Link churn (SPEC §6): when both outputs have edges.csv (the edge list
analyze writes with the csv format), DIR/churn.csv has per cluster

  cluster,links_a,links_b,kept,lost,new,partners_kept,partners_lost,partners_new

over the edges with a firm of the cluster at either end (links_a in OLD,
links_b in NEW, kept in both, lost only in OLD, new only in NEW; clusters
and firms matched by id, a firm counted in the cluster it has in each
output), the partners being the nodes outside the cluster at the other
end; the last row, *, is the whole network (its partners: every node with
an edge). The account and the JSON add persistence = kept / links_a of the
whole network. An output without edges.csv (written by an older
clusterchain, or without the csv format) is named and churn.csv left out.

Thresholds for CI: --fail-if CHECK makes the exit status 1 when some row's
change crosses the threshold; it may be given many times.
  CHECK = [TABLE:]COLUMN OP VALUE
  TABLE  clusters (default), nodes, linkage, reach, resilience or risk
  COLUMN a figure of that table, e.g. market_share, buyer_reach, share
  OP     <, <=, > or >=, comparing the change (new − old) with VALUE
A row present in only one output counts as a change to 0 (a cluster that
vanished lost all its market_share) or from 0 (a new linkage pair); a
COLUMN that the table does not have is an error (exit status 2), so that a
misspelt check cannot pass silently. A change that is only rounding (less
than 1e-12 of the largest value of its column) is not a change.

For more than two waves, 'clusterchain waves' writes the churn of every
consecutive pair and a dynamic network for Gephi.

Examples:
  clusterchain analyze samples/zhejiang -o results/2023
  clusterchain analyze samples/zhejiang -o results/2024 --seed 2   # stands in for a second wave
  clusterchain diff results/2023 results/2024
  # fail if any cluster's market_share fell by more than 0.1:
  clusterchain diff results/2023 results/2024 --fail-if 'market_share<-0.1'
  # several checks; a (cluster, market) share falling by more than 0.2:
  clusterchain diff results/2023 results/2024 --fail-if 'buyer_reach<-0.05' --fail-if 'linkage:share<-0.2'
  clusterchain diff results/2023 results/2024 --fail-if 'nodes:betweenness>0.3' --json > diff.json
`

// checks collects repeated --fail-if flags.
type checks []waves.Check

func (c *checks) String() string { return fmt.Sprint(*c) }
func (c *checks) Set(s string) error {
	ch, err := waves.ParseCheck(s)
	if err != nil {
		return err
	}
	*c = append(*c, ch)
	return nil
}

func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("diff", diffHelp, stdout)
	dir := fs.String("o", "", "output `DIR`ectory (default NEW_DIR)")
	var cs checks
	fs.Var(&cs, "fail-if", "fail when a change crosses this `CHECK` (repeatable)")
	top := fs.Int("top", 10, "rank movers listed per centrality")
	asJSON := fs.Bool("json", false, "print the result as JSON on stdout instead of text")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("diff takes OLD_DIR and NEW_DIR, got %d arguments", len(pos))
	}
	read := func(p string) ([]report.Table, error) {
		ts, err := waves.ReadTables(os.DirFS(p))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		return ts, nil
	}
	before, err := read(pos[0])
	if err != nil {
		return err
	}
	after, err := read(pos[1])
	if err != nil {
		return err
	}
	before, after = waves.CommonTables(before, after)
	if len(before) == 0 {
		return fmt.Errorf("%s and %s have no output table in common", pos[0], pos[1])
	}
	for _, c := range cs {
		if err := c.Validate(before, after); err != nil {
			return &usageError{err.Error()}
		}
	}
	out := *dir
	if out == "" {
		out = pos[1]
	}
	wv := waves.Compare(before, after, *top)
	wv.Churn, wv.ChurnMissing, err = churn(pos[0], pos[1], before, after)
	if err != nil {
		return err
	}
	failed := map[string][]waves.Change{}
	nFailed := 0
	for _, c := range cs {
		if f := c.Failures(wv.Changes); len(f) > 0 {
			failed[c.String()] = f
			nFailed += len(f)
		}
	}
	oldName, newName := distinctNames(pos[0], pos[1])
	// diff.csv and diff.md go beside the tables (into NEW_DIR by
	// default), but never over one of them.
	var keep []string
	for _, p := range pos {
		for _, name := range append(waves.TableNames(), waves.EdgesFile) {
			keep = append(keep, filepath.Join(p, name))
		}
	}
	st, err := stage(out, atomicfs.Options{Keep: keep}, stderr, false)
	if err != nil {
		return err
	}
	defer st.Abort()
	if err := st.WriteFile("diff.csv", waves.ChangesTable("diff.csv", wv.Changes).WriteCSV); err != nil {
		return err
	}
	if wv.Churn != nil {
		if err := st.WriteFile("churn.csv", waves.ChurnTable(wv.Churn).WriteCSV); err != nil {
			return err
		}
	}
	if err := st.WriteFile("diff.md", func(w io.Writer) error {
		return waves.WriteMarkdown(w, oldName, newName, wv, failed)
	}); err != nil {
		return err
	}
	if err := st.Commit(); err != nil {
		return err
	}
	if *asJSON {
		if err := waves.WriteJSON(stdout, pos[0], pos[1], out, wv, cs, failed); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(stdout, "%s → %s: %s changed, %d linkage pairs appeared, %d vanished\n",
			oldName, newName, words.Count(len(wv.Changes), "cell"), len(wv.Appeared), len(wv.Vanished))
		if !wv.VanishedEntities.Empty() {
			fmt.Fprintf(stdout, "vanished: %s\n", wv.VanishedEntities)
		}
		if !wv.AppearedEntities.Empty() {
			fmt.Fprintf(stdout, "appeared: %s\n", wv.AppearedEntities)
		}
		for _, c := range cs {
			for _, f := range failed[c.String()] {
				before, after, change := f.Cells()
				fmt.Fprintf(stdout, "check %s failed: %s %s %s → %s (%s)\n", c, f.Key, f.Column, before, after, change)
			}
		}
		written := "diff.csv and diff.md"
		if p, ok := wv.Persistence(); ok {
			r := wv.Churn[len(wv.Churn)-1]
			fmt.Fprintf(stdout, "links: %d kept, %d lost, %d new (persistence %.1f%%)\n", r.Kept, r.Lost, r.New, 100*p)
			written = "diff.csv, churn.csv and diff.md"
		} else {
			fmt.Fprintf(stdout, "churn.csv not written: %s\n", wv.ChurnMissing)
		}
		fmt.Fprintf(stdout, "wrote %s into %s\n", written, out)
	}
	if nFailed > 0 {
		return fmt.Errorf("%s failed, on %s", words.Count(len(failed), "check"), words.Count(nFailed, "row"))
	}
	return nil
}

// churn compares the edge lists of two outputs (churn.csv). When one of
// them has none, it returns no rows and a sentence naming which.
func churn(oldDir, newDir string, before, after []report.Table) ([]waves.Churn, string, error) {
	var ws [2]*waves.Wave
	var missing []string
	for i, p := range []string{oldDir, newDir} {
		edges, err := waves.ReadEdges(os.DirFS(p))
		if errors.Is(err, waves.ErrNoEdges) {
			missing = append(missing, p)
			continue
		}
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", p, err)
		}
		ws[i], err = waves.NewWave([][]report.Table{before, after}[i], edges)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", p, err)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Sprintf("%s %s no edges.csv (the edge list analyze writes with the csv format since this version); "+
			"run 'clusterchain analyze DATASET -o DIR' again to compare the links", strings.Join(missing, " and "),
			map[bool]string{true: "have", false: "has"}[len(missing) > 1]), nil
	}
	return waves.ChurnOf(ws[0], ws[1]), "", nil
}

// distinctNames names two output directories for a person by the
// shortest trailing parts of their paths that tell them apart:
// "results/2023" and "results/2024" are 2023 and 2024, while
// "reports/2023/yiwu" and "reports/2024/yiwu" are 2023/yiwu and 2024/yiwu.
func distinctNames(a, b string) (string, string) {
	pa := strings.Split(filepath.ToSlash(filepath.Clean(a)), "/")
	pb := strings.Split(filepath.ToSlash(filepath.Clean(b)), "/")
	for k := 1; k <= max(len(pa), len(pb)); k++ {
		na := strings.Join(pa[max(0, len(pa)-k):], "/")
		nb := strings.Join(pb[max(0, len(pb)-k):], "/")
		if na != nb || k >= len(pa) && k >= len(pb) {
			return na, nb
		}
	}
	return a, b
}
