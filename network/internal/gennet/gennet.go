// Package gennet gives the tests and benchmarks of the packages under
// network/internal a generated clusterchain dataset as a digraph.Graph:
// it writes synth's tables into a directory (where the NetworkX and R
// reference scripts read them too) and reads them back with the standard
// library only, so that the figures checked do not depend on the loaders
// or on the network package.
//
// The node numbering is nodes.csv's: firms, then markets, then buyers,
// each by id in byte order. G is the simple directed graph of SPEC §2: one
// arc per distinct (from, to) pair of links.csv.
package gennet

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"clusterchain/network/internal/digraph"
	"clusterchain/synth"
)

// Node types, in nodes.csv order.
const (
	Firm   byte = 'f'
	Market byte = 'm'
	Buyer  byte = 'b'
)

// Net is a dataset read as a graph.
type Net struct {
	IDs      []string // node ids by node number
	Type     []byte   // Firm, Market or Buyer
	Cluster  []int32  // a firm's cluster (index into Clusters), −1 for none and for markets and buyers
	Clusters []string // cluster ids, sorted
	Graph    *digraph.Graph
}

// Generate writes synth's dataset of the given size and seed into dir,
// as `clusterchain generate --firms firms --seed seed -o dir` does.
func Generate(dir string, firms int, seed uint64) error {
	d, err := synth.Generate(synth.Config{Firms: firms, Seed: seed})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return synth.WriteCSV(d, func(name string) (io.WriteCloser, error) {
		return os.Create(filepath.Join(dir, name))
	})
}

// Read reads firms.csv, markets.csv, buyers.csv (the last two optional)
// and links.csv of dir.
func Read(dir string) (*Net, error) {
	nw := &Net{}
	clusterIdx := map[string]int32{}
	var firmClusters []string
	for _, t := range []struct {
		file string
		typ  byte
	}{{"firms.csv", Firm}, {"markets.csv", Market}, {"buyers.csv", Buyer}} {
		rows, col, err := readTable(filepath.Join(dir, t.file), "id", "cluster")
		if errors.Is(err, os.ErrNotExist) && t.typ != Firm {
			continue
		}
		if err != nil {
			return nil, err
		}
		sort.SliceStable(rows, func(i, j int) bool { return rows[i][col[0]] < rows[j][col[0]] })
		for _, r := range rows {
			nw.IDs = append(nw.IDs, r[col[0]])
			nw.Type = append(nw.Type, t.typ)
			c := ""
			if t.typ == Firm && col[1] >= 0 {
				c = r[col[1]]
				if c != "" {
					clusterIdx[c] = 0
				}
			}
			firmClusters = append(firmClusters, c)
		}
	}
	for c := range clusterIdx {
		nw.Clusters = append(nw.Clusters, c)
	}
	sort.Strings(nw.Clusters)
	for i, c := range nw.Clusters {
		clusterIdx[c] = int32(i)
	}
	index := make(map[string]int32, len(nw.IDs))
	nw.Cluster = make([]int32, len(nw.IDs))
	for i, id := range nw.IDs {
		if _, dup := index[id]; dup {
			return nil, fmt.Errorf("gennet: duplicate id %q", id)
		}
		index[id] = int32(i)
		nw.Cluster[i] = -1
		if c := firmClusters[i]; c != "" {
			nw.Cluster[i] = clusterIdx[c]
		}
	}
	rows, col, err := readTable(filepath.Join(dir, "links.csv"), "from", "to")
	if err != nil {
		return nil, err
	}
	if col[0] < 0 || col[1] < 0 {
		return nil, errors.New("gennet: links.csv needs from and to")
	}
	arcs := make([][2]int32, 0, len(rows))
	for _, r := range rows {
		u, ok1 := index[r[col[0]]]
		v, ok2 := index[r[col[1]]]
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("gennet: link %s→%s names an unknown node", r[col[0]], r[col[1]])
		}
		arcs = append(arcs, [2]int32{u, v})
	}
	nw.Graph, err = digraph.FromArcs(len(nw.IDs), arcs)
	return nw, err
}

// readTable reads a CSV file and returns its data rows and the positions
// of the named columns (−1 when absent).
func readTable(path string, cols ...string) ([][]string, []int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	all, err := r.ReadAll()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(all) == 0 {
		return nil, nil, fmt.Errorf("%s: no header", path)
	}
	pos := make([]int, len(cols))
	for i, c := range cols {
		pos[i] = -1
		for j, h := range all[0] {
			if h == c {
				pos[i] = j
			}
		}
	}
	return all[1:], pos, nil
}

// Members returns the firms of each cluster, increasing.
func (nw *Net) Members() [][]int32 {
	m := make([][]int32, len(nw.Clusters))
	for v, c := range nw.Cluster {
		if c >= 0 {
			m[c] = append(m[c], int32(v))
		}
	}
	return m
}

// Buyers returns the node numbers of the buyers, increasing.
func (nw *Net) Buyers() []int32 {
	var b []int32
	for v, t := range nw.Type {
		if t == Buyer {
			b = append(b, int32(v))
		}
	}
	return b
}

// Groups returns the Gould–Fernandez group of every node as SPEC §4 sets
// it: a firm's cluster index, len(Clusters) for firms of no cluster,
// len(Clusters)+1 for every market and len(Clusters)+2 for every buyer.
func (nw *Net) Groups() []int32 {
	nc := int32(len(nw.Clusters))
	g := make([]int32, len(nw.IDs))
	for v := range g {
		switch {
		case nw.Type[v] == Market:
			g[v] = nc + 1
		case nw.Type[v] == Buyer:
			g[v] = nc + 2
		case nw.Cluster[v] >= 0:
			g[v] = nw.Cluster[v]
		default:
			g[v] = nc
		}
	}
	return g
}

// Make generates the dataset into dir and reads it back.
func Make(dir string, firms int, seed uint64) (*Net, error) {
	if err := Generate(dir, firms, seed); err != nil {
		return nil, err
	}
	return Read(dir)
}
