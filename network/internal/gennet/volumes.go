package gennet

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strconv"
)

// Volumes reads the volume column of dir's links.csv and returns, for
// every arc of nw.Graph in out-CSR order (the arc u → out[k] of
// Graph.Out(u) at OutCSR's offset of u plus k), the summed volume of the
// rows of that (from, to) pair, as SPEC §1 and §2 weigh G's edges: an
// empty cell weighs 0, no volume column weighs every row 1. Rows are
// summed in file order with Neumaier's compensation. nw must have been
// read from dir.
func Volumes(dir string, nw *Net) ([]float64, error) {
	rows, col, err := readTable(filepath.Join(dir, "links.csv"), "from", "to", "volume")
	if err != nil {
		return nil, err
	}
	if col[0] < 0 || col[1] < 0 {
		return nil, fmt.Errorf("gennet: links.csv needs from and to")
	}
	index := make(map[string]int32, len(nw.IDs))
	for i, id := range nw.IDs {
		index[id] = int32(i)
	}
	start, adj := nw.Graph.OutCSR()
	sum := make([]float64, len(adj))
	comp := make([]float64, len(adj))
	for i, r := range rows {
		u, ok1 := index[r[col[0]]]
		v, ok2 := index[r[col[1]]]
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("gennet: links.csv row %d names an unknown node", i+2)
		}
		x := 1.0
		if col[2] >= 0 {
			switch cell := r[col[2]]; cell {
			case "":
				x = 0
			default:
				if x, err = strconv.ParseFloat(cell, 64); err != nil || x < 0 || math.IsInf(x, 0) {
					return nil, fmt.Errorf("gennet: links.csv row %d: volume %q", i+2, cell)
				}
			}
		}
		out := adj[start[u]:start[u+1]]
		k := sort.Search(len(out), func(j int) bool { return out[j] >= v })
		if k == len(out) || out[k] != v {
			return nil, fmt.Errorf("gennet: links.csv row %d: arc %d→%d not in the graph", i+2, u, v)
		}
		p := int(start[u]) + k
		t := sum[p] + x
		if math.Abs(sum[p]) >= math.Abs(x) {
			comp[p] += (sum[p] - t) + x
		} else {
			comp[p] += (x - t) + sum[p]
		}
		sum[p] = t
	}
	for p := range sum {
		sum[p] += comp[p]
	}
	return sum, nil
}
