package waves

import (
	"clusterchain/internal/csvsafe"
	"clusterchain/report"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// ErrDataset is ReadTables given a dataset (the input tables) instead of
// the output of an analysis.
var ErrDataset = errors.New("a dataset, not the output of an analysis")

// tableKeys is the number of key columns of each output table.
var tableKeys = map[string]int{
	"nodes.csv": 1, "clusters.csv": 1, "linkage.csv": 2, "reach.csv": 2, "resilience.csv": 1, "risk.csv": 1,
}

// TableNames lists the output tables in file order.
func TableNames() []string {
	return []string{"nodes.csv", "clusters.csv", "linkage.csv", "reach.csv", "resilience.csv", "risk.csv"}
}

// ReadTable reads a table written by Table.WriteCSV, undoing the
// spreadsheet escaping of its cells (csvsafe.Unescape, the inverse of the
// writers' csvsafe.Escape), so that distinct cells stay distinct.
func ReadTable(r io.Reader, name string) (report.Table, error) {
	cr := csv.NewReader(r)
	recs, err := cr.ReadAll()
	if err != nil {
		return report.Table{}, fmt.Errorf("%s: %w", name, err)
	}
	if len(recs) == 0 {
		return report.Table{}, fmt.Errorf("%s: empty file", name)
	}
	keys, ok := tableKeys[name]
	if !ok {
		keys = 1
	}
	t := report.Table{Name: name, Header: recs[0], Keys: keys}
	if len(t.Header) < keys {
		return report.Table{}, fmt.Errorf("%s: %d columns, want at least %d", name, len(t.Header), keys)
	}
	for _, rec := range recs[1:] {
		for i, c := range rec {
			rec[i] = csvsafe.Unescape(c)
		}
		t.Rows = append(t.Rows, rec)
	}
	return t, nil
}

// ReadTables reads every output table present in fsys (an analysis
// output directory); tables that are absent are left out. A dataset
// directory (with firms.csv or links.csv) is ErrDataset.
func ReadTables(fsys fs.FS) ([]report.Table, error) {
	// An analysis never writes firms.csv or links.csv; a dataset has both
	// (and may have a clusters.csv that is not the output table).
	for _, input := range []string{"firms.csv", "links.csv"} {
		if _, err := fs.Stat(fsys, input); err == nil {
			return nil, fmt.Errorf("%w: it holds %s, an input table; run 'clusterchain analyze DATASET -o DIR' first "+
				"and compare the output directories", ErrDataset, input)
		}
	}
	var out []report.Table
	for _, name := range TableNames() {
		f, err := fsys.Open(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		t, err := ReadTable(f, name)
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no output tables (nodes.csv, clusters.csv, …) found")
	}
	return out, nil
}
