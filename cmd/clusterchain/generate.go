package main

import (
	"context"
	"fmt"
	"io"

	"clusterchain/internal/atomicfs"
	"clusterchain/synth"
)

const generateHelp = `Usage: clusterchain generate --firms N [--seed S] -o DIR

Writes a synthetic Zhejiang-model dataset (SPEC §1 tables) into DIR:
heavy-tailed clusters with subcontracting trees and pooling rings,
cross-cluster supply, firms selling through specialized markets, markets
and some firms selling to multinational buyers; about 2.5 links per firm.
The same seed gives the same files. The model is described in the synth
package's documentation (go doc clusterchain/synth).

Examples:
  clusterchain generate --firms 20000 -o data/gen-20k
  clusterchain generate --firms 2000 --seed 7 -o data/gen-2k-seed7
`

func runGenerate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("generate", generateHelp, stdout)
	firms := fs.Int("firms", 0, "number of firms `N`")
	seed := fs.Uint64("seed", 1, "random seed `S`")
	dir := fs.String("o", "", "output `DIR`ectory (required)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("generate takes no arguments, got %q", pos[0])
	}
	if *firms < 1 {
		return usagef("--firms N is required and must be at least 1")
	}
	if *firms > synth.MaxFirms {
		// Refused up front: the data set would not fit in memory (about
		// 1.2 kB a firm) and the run would end in an out-of-memory crash.
		return usagef("--firms %d: at most %d firms (about 12 GB of memory)", *firms, synth.MaxFirms)
	}
	if *dir == "" {
		return usagef("-o DIR is required")
	}
	st, err := stage(*dir, atomicfs.Options{}, stderr, false)
	if err != nil {
		return err
	}
	defer st.Abort()
	d, err := synth.Generate(synth.Config{Firms: *firms, Seed: *seed})
	if err != nil {
		return err
	}
	if err := synth.WriteCSV(d, st.Create); err != nil {
		return err
	}
	if err := st.Commit(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d firms, %d clusters, %d links into %s\n", *firms, len(d.Clusters), len(d.Links), *dir)
	return nil
}
