package loaders

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"

	"clusterchain/network"
)

// WriteTables writes a loaded dataset as the SPEC §1 tables — UTF-8,
// comma-separated, SPEC column names — through create: firms.csv,
// markets.csv and buyers.csv (when they have rows), clusters.csv and
// links.csv. Attributes become columns after the SPEC ones, numbers in
// plain form. Links are res.Rows when they were kept (one row per row or
// survey cell read, unknown volumes left empty, so that loading the
// tables gives the same dataset and the same warnings), otherwise the
// summed links. Nodes keep the order they were read in.
func WriteTables(res *Result, create func(name string) (io.WriteCloser, error)) error {
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
		err := writeCSV(create, t.file, append(head, keys...), func(w *csv.Writer) error {
			for i, nd := range nodes {
				rec := []string{nd.ID, nd.Name}
				if t.typ == network.Firm {
					rec = append(rec, nd.Cluster)
				}
				if err := w.Write(append(rec, attrRow(keys, attrs[i])...)); err != nil {
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
	err := writeCSV(create, ClustersFile, append([]string{"id", "name"}, keys...), func(w *csv.Writer) error {
		for i, c := range d.Clusters {
			if err := w.Write(append([]string{c.ID, c.Name}, attrRow(keys, attrs[i])...)); err != nil {
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
		head = append(head, "volume")
	}
	return writeCSV(create, LinksFile, head, func(w *csv.Writer) error {
		rec := make([]string, len(head))
		if res.Rows != nil {
			for _, r := range res.Rows {
				rec[0], rec[1], rec[2] = r.From, r.To, r.Kind
				if res.hasVolume {
					rec[3] = r.Volume
				}
				if err := w.Write(rec); err != nil {
					return err
				}
			}
			return nil
		}
		for _, l := range d.Links {
			rec[0], rec[1], rec[2] = l.From, l.To, l.Kind.String()
			if res.hasVolume {
				rec[3] = strconv.FormatFloat(l.Volume, 'g', -1, 64)
			}
			if err := w.Write(rec); err != nil {
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

func writeCSV(create func(string) (io.WriteCloser, error), name string, head []string, rows func(*csv.Writer) error) error {
	f, err := create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	w := csv.NewWriter(bw)
	err = w.Write(head)
	if err == nil {
		err = rows(w)
	}
	w.Flush()
	if err == nil {
		err = w.Error()
	}
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
