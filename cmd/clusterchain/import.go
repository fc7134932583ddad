package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"clusterchain/internal/atomicfs"
	"clusterchain/loaders"
	"clusterchain/network"
)

// importHelpFormat is the help of import, with the header aliases and
// the kind values (from the loaders) to fill in.
const importHelpFormat = `Usage: clusterchain import INPUT -o DATASET [--schema FILE] [--encoding E] [--delimiter D]

Reads INPUT as analyze would and writes it into DATASET as the plain SPEC
tables (UTF-8, comma-separated, English column names, plain numbers), so
that an analyst can inspect what was read: firms.csv, markets.csv,
buyers.csv, clusters.csv and links.csv. Nothing is written if INPUT has any
problem; the problems are listed as by validate.

INPUT is a dataset directory, or a wide survey file: one row per responding
firm with numbered relation columns (market_1, market_1_volume, buyer_1, …)
that --schema describes. analyze, validate, render, whatif and batch take
the same INPUT with the same flags.

Reading
  Encodings    UTF-8 with or without BOM, UTF-16 LE/BE with BOM, and
               GB18030 (also GBK, GB2312) when the bytes are not UTF-8;
               --encoding forces one.
  Delimiters   , ; tab | sniffed per file, preferring , when two fit;
               --delimiter forces one.
  Headers      matched ignoring case, spaces, _ and -, with these aliases:
%s
  Kinds        subcontract, supply, sale, ignoring case, and
%s
  Numbers      (volume, employees, revenue, export_share, booths)
               1,234.5 and 1 234 group thousands by three; . is the decimal
               point; 1,5 is an error (a decimal comma?), and so is any
               comma in a number of a ;-separated file; full-width digits
               read as digits; 35%% is 0.35 (not in volumes); 12.5万 is
               125000 and 1.2亿 120000000, exactly.

The schema file (JSON; every key optional):
  {
    "tables":  {"firms": "企业.csv", "links": "联系.csv"},
    "columns": {"links": {"volume": "交易额（万元）"}},
    "kinds":   {"委托加工": "subcontract"},
    "survey":  {
      "id": "企业编号", "name": "企业名称", "cluster": "所属集群",
      "relations": [
        {"prefix": "market_", "target": "market", "kind": "sale", "volume_suffix": "_volume"},
        {"prefix": "buyer_", "target": "buyer", "kind": "sale", "volume_suffix": "_volume"},
        {"prefix": "contractor_", "target": "firm", "kind": "subcontract", "volume_suffix": "_volume"},
        {"prefix": "supplier_", "target": "firm", "kind": "supply", "direction": "in", "volume_suffix": "_volume"}
      ]
    }
  }
  A relation's columns are PREFIX<N>, PREFIX<N>VOLUME_SUFFIX and
  PREFIX<N>KIND_SUFFIX. direction "out" (the default): the firm delivers
  to the partner; "in": the partner delivers to the firm. A partner cell
  holds an id, or the name of exactly one declared node of its type;
  anything else becomes a new node whose id and name are the cell's text.
  "tables" may name markets, buyers and clusters tables next to a survey.
  samples/survey/ holds a documented example.

Examples:
  clusterchain import samples/survey/survey.csv --schema samples/survey/schema.json -o data/datang
  clusterchain analyze samples/survey/survey.csv --schema samples/survey/schema.json -o out/datang
  clusterchain import samples/zhejiang --encoding utf-8 --delimiter , -o data/zhejiang
`

// importHelp returns the help of import with the loaders' header aliases
// and kind values.
func importHelp() string {
	var cols, kinds strings.Builder
	for _, c := range loaders.Columns() {
		name := c.Name
		if name == "kind" {
			name += " (" + strings.Join(c.Tables, ", ") + ")"
		}
		fmt.Fprintf(&cols, "               %-16s %s\n", name, strings.Join(c.Aliases, ", "))
	}
	ka := loaders.KindAliases()
	for _, k := range []network.Kind{network.Subcontract, network.Supply, network.Sale} {
		fmt.Fprintf(&kinds, "               %s: %s\n", k, strings.Join(ka[k], ", "))
	}
	return fmt.Sprintf(importHelpFormat, strings.TrimRight(cols.String(), "\n"), strings.TrimRight(kinds.String(), "\n"))
}

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", importHelp(), stdout)
	dir := fs.String("o", "", "output DATASET `DIR`ectory (required)")
	maxErrors := fs.Int("max-errors", 100, "stop after `N` problems")
	in := inputFlags(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("import takes one INPUT, got %d", len(pos))
	}
	if *dir == "" {
		return usagef("-o DATASET is required")
	}
	if *maxErrors < 1 {
		return usagef("--max-errors must be at least 1")
	}
	st, err := stage(*dir, atomicfs.Options{Apart: in.apart(pos[0]), Keep: in.keep(pos[0])}, stderr, false)
	if err != nil {
		return err
	}
	defer st.Abort()
	res, err := in.load(pos[0], "", *maxErrors, true)
	if err != nil {
		return err
	}
	st.Keep(readFiles(res, pos[0])...)
	nw := res.Network // what is written is what analyze accepts: the loader built it
	if err := loaders.WriteTables(res, st.Create); err != nil {
		return err
	}
	files := st.Files()
	if err := st.Commit(); err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stdout, "warning: %s\n", w)
	}
	for _, r := range res.Inputs {
		if r.Encoding != "UTF-8" || r.Delimiter != "," {
			fmt.Fprintf(stdout, "read %s\n", r)
		}
	}
	fmt.Fprintf(stdout, "wrote %s into %s: %d firms, %d markets, %d buyers, %d clusters, %d link rows (%d links)\n",
		strings.Join(files, ", "), *dir, nw.Count(network.Firm), nw.Count(network.Market), nw.Count(network.Buyer),
		len(nw.Clusters()), len(res.Rows), len(nw.Links()))
	return nil
}
