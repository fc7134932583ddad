package main

import (
	"context"
	"fmt"
	"io"

	"clusterchain/network"
)

const validateHelp = `Usage: clusterchain validate DATASET [--max-errors N] [--encoding E] [--delimiter D] [--schema FILE]

Checks DATASET without writing anything and lists every problem found, each
with file, line and column and most with a hint, then exits 1 if there was
any: CSV syntax, encodings, numbers, unknown ids, link directions, the
schema file. Warnings (summed duplicate links, unknown volumes) are listed
but do not fail. Files that are not plain UTF-8 and comma-separated are
listed with how they were read.

DATASET is a directory of CSV tables, or a wide survey file read with
--schema (see 'clusterchain help import').

Examples:
  clusterchain validate samples/zhejiang
  clusterchain validate samples/zhejiang --max-errors 1000
  clusterchain validate samples/zhejiang --encoding utf-8 --delimiter ,   # no sniffing
  clusterchain validate samples/survey/survey.csv --schema samples/survey/schema.json
`

func runValidate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("validate", validateHelp, stdout)
	maxErrors := fs.Int("max-errors", 100, "stop after `N` problems")
	in := inputFlags(fs)
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
	ds, err := in.open(pos[0], *maxErrors)
	if err != nil {
		return err
	}
	for _, r := range ds.result.Inputs {
		if r.Encoding != "UTF-8" || r.Delimiter != "," {
			fmt.Fprintf(stdout, "read %s\n", r)
		}
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
