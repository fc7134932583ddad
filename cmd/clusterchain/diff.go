package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"clusterchain/report"
)

const diffHelp = `Usage: clusterchain diff OLD_DIR NEW_DIR [-o DIR] [--fail-if CHECK]…

Compares two analysis outputs (directories written by analyze, e.g. two
survey waves): the change of every cluster figure, linkage pairs that
appeared or vanished, and the nodes whose centrality rank moved most.
Writes DIR/diff.csv (table,key,column,before,after,change: every changed
cell) and DIR/diff.md (for a person); DIR defaults to NEW_DIR.

--fail-if makes CI fail (exit status 1) when a change crosses a threshold:
  CHECK = [TABLE:]COLUMN OP VALUE, OP one of < <= > >=, on after − before;
  TABLE is clusters (default), nodes, linkage, reach or resilience.

Examples:
  clusterchain diff results/2023 results/2024
  clusterchain diff results/2023 results/2024 --fail-if 'market_share<-0.1'
  clusterchain diff old new --fail-if 'buyer_reach<-0.05' --fail-if 'linkage:share<-0.2'
`

// checks collects repeated --fail-if flags.
type checks []report.Check

func (c *checks) String() string { return fmt.Sprint(*c) }
func (c *checks) Set(s string) error {
	ch, err := report.ParseCheck(s)
	if err != nil {
		return err
	}
	*c = append(*c, ch)
	return nil
}

func runDiff(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("diff", diffHelp, stdout)
	dir := fs.String("o", "", "output `DIR`ectory (default NEW_DIR)")
	var cs checks
	fs.Var(&cs, "fail-if", "fail when a change crosses this `CHECK` (repeatable)")
	top := fs.Int("top", 10, "rank movers listed per centrality")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("diff takes OLD_DIR and NEW_DIR, got %d arguments", len(pos))
	}
	read := func(p string) ([]report.Table, error) {
		ts, err := report.ReadTables(os.DirFS(p))
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
	out := *dir
	if out == "" {
		out = pos[1]
	}
	wv := report.CompareWaves(before, after, *top)
	failed := map[string][]report.Change{}
	nFailed := 0
	for _, c := range cs {
		if f := c.Failures(wv.Changes); len(f) > 0 {
			failed[c.String()] = f
			nFailed += len(f)
		}
	}
	oldName, newName := filepath.Base(filepath.Clean(pos[0])), filepath.Base(filepath.Clean(pos[1]))
	st, err := report.Stage(out)
	if err != nil {
		return err
	}
	if err := st.WriteFile("diff.csv", report.ChangesTable("diff.csv", wv.Changes).WriteCSV); err != nil {
		st.Abort()
		return err
	}
	if err := st.WriteFile("diff.md", func(w io.Writer) error {
		return report.WriteWavesMarkdown(w, oldName, newName, wv, failed)
	}); err != nil {
		st.Abort()
		return err
	}
	if err := st.Commit(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s → %s: %s changed, %d linkage pairs appeared, %d vanished\n",
		oldName, newName, report.Count(len(wv.Changes), "cell"), len(wv.Appeared), len(wv.Vanished))
	for _, c := range cs {
		for _, f := range failed[c.String()] {
			fmt.Fprintf(stdout, "check %s failed: %s %s %s → %s (%s)\n", c, f.Key, f.Column, f.Before, f.After, f.Change)
		}
	}
	fmt.Fprintf(stdout, "wrote diff.csv and diff.md into %s\n", out)
	if nFailed > 0 {
		return fmt.Errorf("%s failed", report.Count(nFailed, "check"))
	}
	return nil
}
