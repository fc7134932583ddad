package report

import (
	"bytes"
	"encoding/csv"
	"io"
	"runtime"
	"strings"
	"sync"

	"clusterchain/columns"
	"clusterchain/internal/csvsafe"
	"clusterchain/network"
)

// Table is one output table as text cells: what the CSV files hold and
// what whatif and diff compare.
type Table struct {
	// Name is the file name, e.g. "nodes.csv".
	Name   string
	Header []string
	// Keys is the number of leading columns that identify a row.
	Keys int
	// Text marks the columns that hold text (ids, names): their cells are
	// always neutralised for spreadsheets (csvsafe.Escape). Cells of other
	// columns are neutralised only when they are not decimal numbers (so
	// −3.5 stays a number, and −Inf or a stray text becomes inert).
	Text []bool
	Rows [][]string
}

// NodeColumns returns the header of nodes.csv for a run without
// optional columns (SPEC §3 and §4); the registry in package columns is
// the one list of every table's columns.
func NodeColumns() []string { return columns.Nodes().Header(nil) }

// ClusterColumns returns the header of clusters.csv.
func ClusterColumns() []string { return columns.Clusters().Header(nil) }

// LinkageColumns returns the header of linkage.csv.
func LinkageColumns() []string { return columns.Linkage().Header(nil) }

// ReachColumns returns the header of reach.csv.
func ReachColumns() []string { return columns.Reach().Header(nil) }

// ResilienceColumns returns the header of resilience.csv.
func ResilienceColumns() []string { return columns.Resilience().Header(nil) }

// Float formats x in the shortest form that reads back to the same value.
func Float(x float64) string { return columns.FormatFloat(x) }

// Text neutralises a cell for spreadsheets (csvsafe.Escape): text that
// starts with =, +, -, @, a tab or a carriage return — or with the
// apostrophe the escape itself adds — gets a leading apostrophe, so that
// a spreadsheet shows it instead of running it and distinct texts stay
// distinct cells. ReadTable undoes it.
func Text(s string) string { return csvsafe.Escape(s) }

// RingsCell joins ring ids with ";", as clusters.csv writes them.
func RingsCell(a *network.Analysis, rings []int32) string {
	ids := make([]string, len(rings))
	for i, r := range rings {
		ids[i] = a.Network.Nodes()[r].ID
	}
	return strings.Join(ids, ";")
}

// textFlags marks the text columns of cols (ids, names, kinds, flags):
// always neutralised when written.
func textFlags(cols []columns.Column) []bool {
	t := make([]bool, len(cols))
	for i, c := range cols {
		t[i] = !c.Type.Numeric()
	}
	return t
}

// isTextColumn reports whether column of the output table named table
// ("nodes.csv", …) holds text: columns.IsText.
func isTextColumn(table, column string) bool { return columns.IsText(table, column) }

// registryTable is the table t of the registry for analysis a, its cells
// as text.
func registryTable(t columns.Table, a *network.Analysis) Table {
	cols := t.Columns(a)
	out := Table{Name: t.Name, Header: t.Header(a), Keys: t.Keys(), Text: textFlags(cols)}
	n := t.Rows(a)
	out.Rows = make([][]string, n)
	for i := range n {
		out.Rows[i] = rowCells(cols, a, i, make([]string, 0, len(cols)))
	}
	return out
}

// rowCells appends the cells of row i of the table whose columns are cols
// to rec[:0].
func rowCells(cols []columns.Column, a *network.Analysis, i int, rec []string) []string {
	rec = rec[:0]
	for k := range cols {
		rec = append(rec, cols[k].Cell(a, i))
	}
	return rec
}

// NodesTable is nodes.csv: one row per node, firms then markets then
// buyers, each by id.
func NodesTable(a *network.Analysis) Table { return registryTable(columns.Nodes(), a) }

// ClustersTable is clusters.csv: one row per cluster, by id.
func ClustersTable(a *network.Analysis) Table { return registryTable(columns.Clusters(), a) }

// LinkageTable is linkage.csv: one row per (cluster, market) pair with
// volume or reach above 0, by cluster then market.
func LinkageTable(a *network.Analysis) Table { return registryTable(columns.Linkage(), a) }

// ReachTable is reach.csv: the volume of each cluster that ends at each
// buyer, directly and through markets; pairs with volume > 0, by cluster
// then buyer.
func ReachTable(a *network.Analysis) Table { return registryTable(columns.Reach(), a) }

// ResilienceTable is resilience.csv: for every market and buyer, by id,
// the cluster volume that stops reaching buyers without it.
func ResilienceTable(a *network.Analysis) Table { return registryTable(columns.Resilience(), a) }

// KeyPlayersTable is keyplayers.csv: the greedy key players for the
// buyers' side, by rank (no rows when the analysis computed none).
func KeyPlayersTable(a *network.Analysis) Table { return registryTable(columns.KeyPlayers(), a) }

// KeyPlayersColumns returns the header of keyplayers.csv.
func KeyPlayersColumns() []string { return columns.KeyPlayers().Header(nil) }

// Tables returns every output table of an analysis, in file order.
func Tables(a *network.Analysis) []Table {
	return []Table{NodesTable(a), ClustersTable(a), LinkageTable(a), ReachTable(a), ResilienceTable(a), KeyPlayersTable(a)}
}

// WriteCSV writes t as CSV, neutralising its text cells for spreadsheets.
func (t Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(t.Header)
	rec := make([]string, len(t.Header))
	for _, row := range t.Rows {
		cw.Write(neutralise(row, t.Text, rec))
	}
	cw.Flush()
	return cw.Error()
}

// neutralise copies row into rec with every cell a spreadsheet could run
// escaped (csvsafe.Escape): every cell of a text column, and every cell
// of another column that is not a decimal number (so −3.5 stays a
// number). Numbers never begin with an apostrophe, so csvsafe.Unescape
// reads every cell back exactly — except that a CSV reader turns CR LF
// inside a cell into LF, so a cell that begins with CR LF is written
// beginning with LF (what the reader would give anyway) rather than
// escaped for its CR.
func neutralise(row []string, text []bool, rec []string) []string {
	for i, cell := range row {
		if strings.HasPrefix(cell, "\r\n") {
			cell = cell[1:]
		}
		if cell != "" && strings.IndexByte(csvsafe.Prefixes, cell[0]) >= 0 &&
			((text != nil && text[i]) || !columns.IsDecimal(cell)) {
			cell = csvsafe.Escape(cell)
		}
		rec[i] = cell
	}
	return rec
}

// WriteNodes writes nodes.csv without holding the table in memory as
// text: blocks of rows are formatted on every core, a few rounds at a
// time, and written in row order, so the bytes do not depend on the
// number of cores.
func WriteNodes(w io.Writer, a *network.Analysis) error {
	t := columns.Nodes()
	cols := t.Columns(a)
	text := textFlags(cols)
	cw := csv.NewWriter(w)
	cw.Write(t.Header(a))
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	const blockRows = 4096
	n := len(a.Nodes)
	workers := runtime.GOMAXPROCS(0)
	bufs := make([]bytes.Buffer, 2*workers)
	for start := 0; start < n; start += len(bufs) * blockRows {
		var wg sync.WaitGroup
		for b := range bufs {
			lo := start + b*blockRows
			if lo >= n {
				break
			}
			wg.Add(1)
			go func(buf *bytes.Buffer, lo, hi int) {
				defer wg.Done()
				buf.Reset()
				bw := csv.NewWriter(buf)
				row := make([]string, 0, len(cols))
				rec := make([]string, len(cols))
				for i := lo; i < hi; i++ {
					row = rowCells(cols, a, i, row)
					bw.Write(neutralise(row, text, rec)) // a bytes.Buffer does not fail
				}
				bw.Flush()
			}(&bufs[b], lo, min(lo+blockRows, n))
		}
		wg.Wait()
		for b := range bufs {
			if start+b*blockRows >= n {
				break
			}
			if _, err := w.Write(bufs[b].Bytes()); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteClusters writes clusters.csv.
func WriteClusters(w io.Writer, a *network.Analysis) error { return ClustersTable(a).WriteCSV(w) }

// WriteLinkage writes linkage.csv.
func WriteLinkage(w io.Writer, a *network.Analysis) error { return LinkageTable(a).WriteCSV(w) }

// WriteReach writes reach.csv.
func WriteReach(w io.Writer, a *network.Analysis) error { return ReachTable(a).WriteCSV(w) }

// WriteResilience writes resilience.csv.
func WriteResilience(w io.Writer, a *network.Analysis) error { return ResilienceTable(a).WriteCSV(w) }

// WriteKeyPlayers writes keyplayers.csv.
func WriteKeyPlayers(w io.Writer, a *network.Analysis) error { return KeyPlayersTable(a).WriteCSV(w) }
