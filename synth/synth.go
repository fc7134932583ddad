package synth

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"

	"github.com/gocarina/gocsv"

	"clusterchain/network"
)

// MaxFirms is the most firms Generate makes: about 12 GB of memory and
// 1 GB of tables, ten times what analyze handles on one machine.
const MaxFirms = 10_000_000

// Config sets the size and seed of a generated dataset.
type Config struct {
	// Firms is the number of firms, 1 to MaxFirms.
	Firms int
	// Seed makes the dataset reproducible: the same seed, the same bytes.
	Seed uint64
}

// Generate builds a synthetic dataset. Nodes are firms, then markets, then
// buyers, each by id (zero-padded, so byte order is numeric order); links
// are sorted by from, to and kind.
func Generate(c Config) (*network.Dataset, error) {
	n := c.Firms
	if n < 1 {
		return nil, errors.New("synth: Firms must be at least 1")
	}
	if n > MaxFirms {
		return nil, fmt.Errorf("synth: %d firms: at most %d", n, MaxFirms)
	}
	r := rand.New(rand.NewPCG(c.Seed, c.Seed^0x5eed))
	nm, nb := n/400+3, n/1000+5
	w := len(strconv.Itoa(n))
	d := &network.Dataset{Name: fmt.Sprintf("synthetic-%d-seed%d", n, c.Seed)}
	d.Nodes = make([]network.Node, 0, n+nm+nb)

	// Cluster sizes: Pareto until the firms run out.
	var sizes []int
	for left := n - n*3/100; left > 0; {
		s := int(math.Min(float64(left), math.Ceil(20*math.Pow(r.Float64(), -1/1.2))))
		sizes = append(sizes, s)
		left -= s
	}
	cw := len(strconv.Itoa(len(sizes)))
	clusterOf := make([]int, n)
	start := make([]int, len(sizes)+1)
	f := 0
	for ci, s := range sizes {
		start[ci] = f
		for k := 0; k < s; k++ {
			clusterOf[f] = ci
			f++
		}
	}
	start[len(sizes)] = f
	for ; f < n; f++ {
		clusterOf[f] = -1
	}
	firmID := func(i int) string { return fmt.Sprintf("f%0*d", w, i) }
	for i := 0; i < n; i++ {
		nd := network.Node{ID: firmID(i), Type: network.Firm, Name: fmt.Sprintf("Firm %d", i)}
		if c := clusterOf[i]; c >= 0 {
			nd.Cluster = fmt.Sprintf("c%0*d", cw, c)
		}
		d.Nodes = append(d.Nodes, nd)
	}
	for ci := range sizes {
		d.Clusters = append(d.Clusters, network.Cluster{ID: fmt.Sprintf("c%0*d", cw, ci), Name: fmt.Sprintf("Cluster %d", ci)})
	}
	mw, bw := len(strconv.Itoa(nm)), len(strconv.Itoa(nb))
	marketID := func(i int) string { return fmt.Sprintf("m%0*d", mw, i) }
	buyerID := func(i int) string { return fmt.Sprintf("b%0*d", bw, i) }
	for i := 0; i < nm; i++ {
		d.Nodes = append(d.Nodes, network.Node{ID: marketID(i), Type: network.Market, Name: fmt.Sprintf("Market %d", i)})
	}
	for i := 0; i < nb; i++ {
		d.Nodes = append(d.Nodes, network.Node{ID: buyerID(i), Type: network.Buyer, Name: fmt.Sprintf("Buyer %d", i)})
	}

	type key struct {
		from, to string
		kind     network.Kind
	}
	seen := make(map[key]bool, 3*n)
	volume := func() float64 { return math.Round(100*10*math.Pow(r.Float64(), -1/1.5)) / 100 }
	add := func(from, to string, k network.Kind) {
		kk := key{from, to, k}
		if from == to || seen[kk] {
			return
		}
		seen[kk] = true
		d.Links = append(d.Links, network.Link{From: from, To: to, Kind: k, Volume: volume()})
	}
	// Subcontracting forests: a cluster's firms come in order; each is a
	// lead firm (the first, then one in leadOdds) or subcontracts for an
	// earlier firm of the cluster above the deepest tier: the shallower of
	// two drawn uniformly, so early and high-tier firms gather more
	// subcontractors and the trees are wide near the top. Siblings
	// (firms working for the same contractor) are chained through
	// prevSibling, and a pooling ring is a few siblings in a cycle.
	const (
		leadOdds  = 12 // one firm in 12 leads its own tree
		deepest   = 5  // tiers 0…5 below a lead
		ringOdds  = 150
		noFirm    = -1
		ringLimit = 4
	)
	tier := make([]int8, n)
	lastChild := make([]int32, n)
	prevSibling := make([]int32, n)
	var eligible []int32
	for i := 0; i < n; i++ {
		ci := clusterOf[i]
		lastChild[i], prevSibling[i] = noFirm, noFirm
		if ci >= 0 {
			off := i - start[ci]
			if off == 0 {
				eligible = eligible[:0]
			}
			if off == 0 || r.IntN(leadOdds) == 0 {
				eligible = append(eligible, int32(i))
			} else {
				j := eligible[r.IntN(len(eligible))]
				if k := eligible[r.IntN(len(eligible))]; tier[k] < tier[j] {
					j = k // the shallower of two: trees widen near the top
				}
				add(firmID(i), firmID(int(j)), network.Subcontract)
				tier[i] = tier[j] + 1
				if tier[i] < deepest {
					eligible = append(eligible, int32(i))
				}
				prevSibling[i], lastChild[j] = lastChild[j], int32(i)
				if r.IntN(ringOdds) == 0 { // a pooling ring among siblings
					size := 2 + r.IntN(ringLimit-1)
					ring := []int32{int32(i)}
					for k := prevSibling[i]; k != noFirm && len(ring) < size; k = prevSibling[k] {
						ring = append(ring, k)
					}
					for k := range ring {
						if len(ring) > 1 {
							add(firmID(int(ring[k])), firmID(int(ring[(k+1)%len(ring)])), network.Subcontract)
						}
					}
				}
			}
		}
		if r.IntN(2) == 0 {
			add(firmID(i), firmID(r.IntN(n)), network.Supply)
		}
		home := r.IntN(nm)
		if ci >= 0 {
			home = ci % nm
		}
		if r.IntN(10) < 8 {
			add(firmID(i), marketID(home), network.Sale)
		}
		if r.IntN(100) < 15 {
			add(firmID(i), marketID(r.IntN(nm)), network.Sale)
		}
		if r.IntN(20) == 0 {
			add(firmID(i), buyerID(r.IntN(nb)), network.Sale)
		}
	}
	for m := 0; m < nm; m++ {
		for k := 0; k < 2+r.IntN(4); k++ {
			add(marketID(m), buyerID(r.IntN(nb)), network.Sale)
		}
		for k := 0; k < 2; k++ {
			add(marketID(m), firmID(r.IntN(n)), network.Supply)
		}
		if r.IntN(3) == 0 {
			add(marketID(m), marketID(r.IntN(nm)), network.Sale)
		}
	}
	sort.Slice(d.Links, func(i, j int) bool {
		a, b := d.Links[i], d.Links[j]
		if a.From != b.From {
			return a.From < b.From
		}
		if a.To != b.To {
			return a.To < b.To
		}
		return a.Kind < b.Kind
	})
	return d, nil
}

// The rows of the SPEC §1 tables, as gocsv maps them: the struct tags are
// the header.
type (
	firmRow struct {
		ID      string `csv:"id"`
		Name    string `csv:"name"`
		Cluster string `csv:"cluster"`
	}
	nodeRow struct {
		ID   string `csv:"id"`
		Name string `csv:"name"`
	}
	linkRow struct {
		From   string  `csv:"from"`
		To     string  `csv:"to"`
		Kind   string  `csv:"kind"`
		Volume float64 `csv:"volume"` // gocsv writes strconv's 'f', -1 form
	}
)

// WriteCSV writes the five SPEC §1 tables of d through create, with
// gocsv (given its own csv.Writer per file: gocsv's package-global
// configuration is left alone).
func WriteCSV(d *network.Dataset, create func(name string) (io.WriteCloser, error)) error {
	write := func(name string, rows any) error {
		f, err := create(name)
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(f, 1<<16)
		err = gocsv.MarshalCSV(rows, csv.NewWriter(bw))
		if err == nil {
			err = bw.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	}
	var firms []firmRow
	var markets, buyers, clusters []nodeRow
	for _, nd := range d.Nodes {
		switch nd.Type {
		case network.Firm:
			firms = append(firms, firmRow{nd.ID, nd.Name, nd.Cluster})
		case network.Market:
			markets = append(markets, nodeRow{nd.ID, nd.Name})
		case network.Buyer:
			buyers = append(buyers, nodeRow{nd.ID, nd.Name})
		}
	}
	for _, c := range d.Clusters {
		clusters = append(clusters, nodeRow{c.ID, c.Name})
	}
	links := make([]linkRow, len(d.Links))
	for i, l := range d.Links {
		links[i] = linkRow{l.From, l.To, l.Kind.String(), l.Volume}
	}
	for _, t := range []struct {
		name string
		rows any
	}{{"firms.csv", firms}, {"markets.csv", markets}, {"buyers.csv", buyers}, {"clusters.csv", clusters}, {"links.csv", links}} {
		if err := write(t.name, t.rows); err != nil {
			return err
		}
	}
	return nil
}
