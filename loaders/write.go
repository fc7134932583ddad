package loaders

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"clusterchain/internal/csvsafe"
	"clusterchain/network"
)

// WriteTables writes a loaded dataset as the SPEC §1 tables — UTF-8,
// comma-separated, SPEC column names — through create: firms.csv,
// markets.csv and buyers.csv (when they have rows), clusters.csv and
// links.csv. Attributes become columns after the SPEC ones, numbers in
// plain form; the volume header carries res.VolumeUnit, as in
// "volume (万元)". Links are res.Rows when they were kept (one row per row
// or survey cell read, unknown volumes left empty, so that loading the
// tables gives the same dataset and the same warnings), otherwise the
// summed links. Nodes keep the order they were read in.
//
// Every text cell goes through csvsafe.Escape, so that no cell runs as a
// spreadsheet formula: =HYPERLINK(…) is written '=HYPERLINK(…), and a
// text that already begins with an apostrophe before a formula character
// gets a second one. A plain decimal number (-5, +1e3) is written as it
// is. Load reads every cell back through csvsafe.Unescape, so the written
// tables load to exactly the same ids and names. For each cell that
// looked like a formula WriteTables appends a warning to res.Warnings
// (one per file, column and text, with its lines), which a caller prints
// after the load's own warnings.
func WriteTables(res *Result, create func(name string) (io.WriteCloser, error)) error {
	notes := &formulaNotes{}
	err := writeTables(res, create, notes)
	res.Warnings = append(res.Warnings, notes.warnings()...)
	return err
}

func writeTables(res *Result, create func(name string) (io.WriteCloser, error), notes *formulaNotes) error {
	d := &res.Dataset
	for _, t := range []struct {
		file string
		typ  network.NodeType
	}{{FirmsFile, network.Firm}, {MarketsFile, network.Market}, {BuyersFile, network.Buyer}} {
		var nodes []network.Node
		for _, nd := range d.Nodes {
			if nd.Type == t.typ {
				nodes = append(nodes, nd)
			}
		}
		if len(nodes) == 0 && t.typ != network.Firm {
			continue
		}
		head := []string{"id", "name"}
		if t.typ == network.Firm {
			head = append(head, "cluster")
		}
		attrs := make([][]network.Attr, len(nodes))
		for i, nd := range nodes {
			attrs[i] = nd.Attrs
		}
		keys := attrKeys(head, attrs)
		err := writeCSV(create, t.file, append(head, keys...), notes, func(w *safeWriter) error {
			for i, nd := range nodes {
				rec := []string{nd.ID, nd.Name}
				if t.typ == network.Firm {
					rec = append(rec, nd.Cluster)
				}
				if err := w.write(append(rec, attrRow(keys, attrs[i])...)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	attrs := make([][]network.Attr, len(d.Clusters))
	for i, c := range d.Clusters {
		attrs[i] = c.Attrs
	}
	keys := attrKeys([]string{"id", "name"}, attrs)
	err := writeCSV(create, ClustersFile, append([]string{"id", "name"}, keys...), notes, func(w *safeWriter) error {
		for i, c := range d.Clusters {
			if err := w.write(append([]string{c.ID, c.Name}, attrRow(keys, attrs[i])...)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	head := []string{"from", "to", "kind"}
	if res.hasVolume {
		vol := "volume"
		if res.VolumeUnit != "" {
			// Only a unit that reads back as written (brackets balanced).
			if h := vol + " (" + res.VolumeUnit + ")"; func() bool { n, u, ok := splitUnit(h); return ok && n == vol && u == res.VolumeUnit }() {
				vol = h
			}
		}
		head = append(head, vol)
	}
	return writeCSV(create, LinksFile, head, notes, func(w *safeWriter) error {
		rec := make([]string, len(head))
		if res.Rows != nil {
			for _, r := range res.Rows {
				rec[0], rec[1], rec[2] = r.From, r.To, r.Kind
				if res.hasVolume {
					rec[3] = r.Volume
				}
				if err := w.write(rec); err != nil {
					return err
				}
			}
			return nil
		}
		links := d.Links
		if links == nil && res.Network != nil { // Options.NetworkOnly
			links = linksByID(res.Network)
		}
		for _, l := range links {
			rec[0], rec[1], rec[2] = l.From, l.To, l.Kind.String()
			if res.hasVolume {
				rec[3] = strconv.FormatFloat(l.Volume, 'g', -1, 64)
			}
			if err := w.write(rec); err != nil {
				return err
			}
		}
		return nil
	})
}

// attrKeys lists the attribute keys in use, the SPEC columns first (in
// the column table's order), then the others as first met.
func attrKeys(head []string, attrs [][]network.Attr) []string {
	seen := map[string]bool{}
	for _, h := range head {
		seen[h] = true
	}
	used := map[string]bool{}
	var other []string
	for _, as := range attrs {
		for _, a := range as {
			if !used[a.Key] {
				used[a.Key] = true
				other = append(other, a.Key)
			}
		}
	}
	var keys []string
	for _, c := range columns {
		if used[c.Name] && !seen[c.Name] {
			seen[c.Name] = true
			keys = append(keys, c.Name)
		}
	}
	for _, k := range other {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys
}

func attrRow(keys []string, attrs []network.Attr) []string {
	row := make([]string, len(keys))
	for i, k := range keys {
		for _, a := range attrs {
			if a.Key == k {
				row[i] = a.Value
				break
			}
		}
	}
	return row
}

// safeWriter writes records of one file with every text cell escaped
// for spreadsheets, noting the formula-looking ones with their lines.
type safeWriter struct {
	w     *csv.Writer
	file  string
	head  []string
	line  int // physical line of the next record
	out   []string
	notes *formulaNotes
}

func (s *safeWriter) write(rec []string) error {
	s.out = s.out[:0]
	next := s.line + 1
	for i, c := range rec {
		if c != "" && !plainNumber(c) {
			if csvsafe.Risky(c) {
				col := ""
				if i < len(s.head) {
					col = s.head[i]
				}
				s.notes.add(s.file, col, c, s.line)
			}
			c = csvsafe.Escape(c)
		}
		next += strings.Count(c, "\n")
		s.out = append(s.out, c)
	}
	s.line = next
	return s.w.Write(s.out)
}

// plainNumber reports whether s is a plain decimal number as the loader
// writes them (-5, 1250.5, 1e-3): a spreadsheet reads it as a number,
// never as a formula.
func plainNumber(s string) bool {
	if !isPlain(s) {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// formulaNotes are the cells written with an apostrophe, by file, column
// and text, in the order met.
type formulaNotes struct {
	order []formulaKey
	lines map[formulaKey]*lineSet
}

type formulaKey struct{ file, col, text string }

func (n *formulaNotes) add(file, col, text string, line int) {
	k := formulaKey{file, col, text}
	s, ok := n.lines[k]
	if !ok {
		if n.lines == nil {
			n.lines = map[formulaKey]*lineSet{}
		}
		s = &lineSet{}
		n.lines[k] = s
		n.order = append(n.order, k)
	}
	s.add(line)
}

func (n *formulaNotes) warnings() []Warning {
	var out []Warning
	for _, k := range n.order {
		s := n.lines[k]
		out = append(out, Warning{File: k.file, Line: s.first[0], Message: fmt.Sprintf(
			"column %s: %s begins like a spreadsheet formula (%s): written with a leading apostrophe, Excel's mark for text; loading the table reads it back without it",
			echo(k.col), echo(k.text), s.phrase())})
	}
	return out
}

func writeCSV(create func(string) (io.WriteCloser, error), name string, head []string, notes *formulaNotes,
	rows func(*safeWriter) error) error {
	f, err := create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	w := &safeWriter{w: csv.NewWriter(bw), file: name, head: head, line: 1, notes: notes}
	err = w.write(head)
	if err == nil {
		err = rows(w)
	}
	w.w.Flush()
	if err == nil {
		err = w.w.Error()
	}
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
