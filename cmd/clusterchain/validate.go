package main

import (
	"fmt"
	"io"

	"clusterchain/network"
)

const validateHelp = `Usage: clusterchain validate DATASET [--max-errors N]

Checks DATASET without writing anything and lists every problem found, each
with file, line and column, then exits 1 if there was any. Warnings (summed
duplicate links, unknown volumes) are listed but do not fail.

Examples:
  clusterchain validate surveys/yiwu-2024
  clusterchain validate surveys/yiwu-2024 --max-errors 1000
`

func runValidate(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("validate", validateHelp, stdout)
	maxErrors := fs.Int("max-errors", 100, "stop after `N` problems")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("validate takes one DATASET, got %d", len(pos))
	}
	if *maxErrors < 1 {
		return usagef("--max-errors must be at least 1")
	}
	ds, err := openDataset(pos[0], *maxErrors)
	if err != nil {
		return err
	}
	for _, w := range ds.warnings() {
		fmt.Fprintf(stdout, "warning: %s\n", w)
	}
	nw := ds.network
	fmt.Fprintf(stdout, "ok: %d firms, %d markets, %d buyers, %d clusters, %d links\n",
		nw.Count(network.Firm), nw.Count(network.Market), nw.Count(network.Buyer),
		len(nw.Clusters()), len(nw.Links()))
	return nil
}
