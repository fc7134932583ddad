package loaders

import (
	"math"
	"testing"
	"testing/fstest"

	"clusterchain/network"
)

// FuzzLoad feeds arbitrary bytes as firms.csv and links.csv: Load must
// never panic, and a dataset it accepts must be consistent and accepted
// by network.New.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(firms), []byte("from,to,kind,volume\na1,a2,subcontract,10\na1,a3,,\n"))
	f.Add([]byte("\xef\xbb\xbfid,cluster\r\nx,c\r\ny,c\r\n"), []byte("from,to\r\nx,y\r\nx,y\r\n"))
	f.Add([]byte("id,name\n\"a\nb\",\"q\"\"q\"\n"), []byte("to,from,volume\n\"a\nb\",\"a\nb\",1e308\n"))
	f.Add([]byte("id\n"), []byte("from,to,volume\n,,\n"))
	f.Fuzz(func(t *testing.T, fb, lb []byte) {
		fsys := fstest.MapFS{
			"firms.csv":   {Data: fb},
			"links.csv":   {Data: lb},
			"markets.csv": {Data: []byte(markets)},
			"buyers.csv":  {Data: []byte(buyers)},
		}
		res, err := Load(fsys, Options{MaxErrors: 5})
		if err != nil {
			if res != nil {
				t.Fatal("result and error")
			}
			return
		}
		ids := map[string]network.NodeType{}
		for _, nd := range res.Dataset.Nodes {
			if nd.ID == "" {
				t.Fatal("empty id accepted")
			}
			if _, dup := ids[nd.ID]; dup {
				t.Fatalf("duplicate id %q accepted", nd.ID)
			}
			ids[nd.ID] = nd.Type
		}
		for _, l := range res.Dataset.Links {
			ft, ok1 := ids[l.From]
			tt, ok2 := ids[l.To]
			if !ok1 || !ok2 || l.From == l.To || !network.Allowed(l.Kind, ft, tt) ||
				l.Volume < 0 || math.IsNaN(l.Volume) || math.IsInf(l.Volume, 0) {
				t.Fatalf("bad link accepted: %+v", l)
			}
		}
		if _, err := network.New(res.Dataset); err != nil {
			t.Fatalf("network.New rejects a loaded dataset: %v", err)
		}
	})
}
