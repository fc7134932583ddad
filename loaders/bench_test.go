package loaders

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"clusterchain/network"
)

// synthetic writes a dataset shaped like `clusterchain generate`: firms
// f0000000… in clusters, 0.35% as many markets, 0.1% buyers, and about
// linksPerFirm links per firm listed by from (supply and subcontracting
// to firms, sales to markets and buyers, volumes with two decimals).
func synthetic(firms int, linksPerFirm float64) fstest.MapFS {
	r := rand.New(rand.NewPCG(1, uint64(firms)))
	markets, buyers := max(1, firms*35/10000), max(1, firms/1000)
	var f, m, b, l strings.Builder
	f.WriteString("id,name,cluster\n")
	for i := 0; i < firms; i++ {
		fmt.Fprintf(&f, "f%07d,Firm %d,c%04d\n", i, i, i/360)
	}
	m.WriteString("id,name\n")
	for i := 0; i < markets; i++ {
		fmt.Fprintf(&m, "m%04d,Market %d\n", i, i)
	}
	b.WriteString("id,name\n")
	for i := 0; i < buyers; i++ {
		fmt.Fprintf(&b, "b%04d,Buyer %d\n", i, i)
	}
	l.WriteString("from,to,kind,volume\n")
	vol := func() string { return strconv.Itoa(r.IntN(5000)) + "." + strconv.Itoa(r.IntN(100)) }
	for i := 0; i < firms; i++ {
		n := int(linksPerFirm)
		if r.Float64() < linksPerFirm-float64(n) {
			n++
		}
		for k := 0; k < n; k++ {
			switch x := r.IntN(10); {
			case x < 4:
				j := r.IntN(firms)
				if j == i {
					j = (j + 1) % firms
				}
				fmt.Fprintf(&l, "f%07d,f%07d,%s,%s\n", i, j, []string{"supply", "subcontract"}[x%2], vol())
			case x < 9:
				fmt.Fprintf(&l, "f%07d,m%04d,sale,%s\n", i, r.IntN(markets), vol())
			default:
				fmt.Fprintf(&l, "f%07d,b%04d,sale,%s\n", i, r.IntN(buyers), vol())
			}
		}
	}
	for i := 0; i < markets; i++ {
		fmt.Fprintf(&l, "m%04d,b%04d,sale,%s\n", i, r.IntN(buyers), vol())
	}
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{"firms.csv": file(f.String()), "markets.csv": file(m.String()),
		"buyers.csv": file(b.String()), "links.csv": file(l.String())}
}

var benchWorkers = 0

var synthCache = map[int]fstest.MapFS{}

func syntheticCached(firms int) fstest.MapFS {
	if d, ok := synthCache[firms]; ok {
		return d
	}
	d := synthetic(firms, 2.4)
	synthCache[firms] = d
	return d
}

// BenchmarkLoadLinks measures reading links.csv alone (reading the file,
// decoding, sniffing, parsing, checking, summing, sorting, building the
// network's graph), after the node tables: MB/s is the rate over
// links.csv. The tables are files on disk (in the page cache after the
// first run), read through os.DirFS as the commands read them.
// firms=1000000 is the size of `clusterchain generate --firms 1000000`
// (2.4M rows, ~80 MB).
func BenchmarkLoadLinks(b *testing.B) {
	for _, firms := range []int{10000, 1000000} {
		b.Run(fmt.Sprintf("firms=%d", firms), func(b *testing.B) {
			mem := syntheticCached(firms)
			dir := b.TempDir()
			for name, f := range mem {
				if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
					b.Fatal(err)
				}
			}
			fsys := os.DirFS(dir)
			b.SetBytes(int64(len(mem["links.csv"].Data)))
			b.ReportAllocs()
			b.ResetTimer()
			links := 0
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				l := newLoader(fsys, Options{workers: benchWorkers})
				l.readNodes(FirmsFile, firmsTable, network.Firm, true)
				l.readNodes(MarketsFile, marketsTable, network.Market, false)
				l.readNodes(BuyersFile, buyersTable, network.Buyer, false)
				l.b.EndNodes()
				b.StartTimer()
				l.readLinks(LinksFile)
				if len(l.errs.list) > 0 || l.res.Network == nil {
					b.Fatal(l.errs.list)
				}
				links = len(l.res.Network.Links())
			}
			b.ReportMetric(float64(links), "links")
		})
	}
}

// BenchmarkLoad1M measures a whole load of a million-firm dataset
// generated in the benchmark (1M firms, ~2.4M links, ~100 MB of CSV):
// Load, which builds the network, as every command does.
func BenchmarkLoad1M(b *testing.B) {
	fsys := syntheticCached(1000000)
	size := 0
	for _, f := range fsys {
		size += len(f.Data)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Load(fsys, Options{})
		if err != nil || res.Network == nil {
			b.Fatal(err)
		}
	}
}
