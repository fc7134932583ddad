package loaders

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"clusterchain/network"
)

// The rules of the network are checked once, by network.Builder: a loader
// error for one of them wraps network's sentinel and the Builder's own
// error, besides its file position (issue 14.2).
func TestNetworkSentinels(t *testing.T) {
	for _, tc := range []struct {
		name     string
		files    map[string]string
		sentinel error
		as       func(error) bool
	}{
		{"duplicate id", map[string]string{"firms.csv": firms, "markets.csv": "id\nm1\na2\n", "links.csv": "from,to\na1,a2\n"},
			network.ErrDuplicateID, func(err error) bool {
				var e *network.DuplicateIDError
				return errors.As(err, &e) && e.ID == "a2" && !e.Cluster && e.First == 1
			}},
		{"duplicate cluster", map[string]string{"firms.csv": firms, "clusters.csv": "id\nk\nk\n", "links.csv": "from,to\na1,a2\n"},
			network.ErrDuplicateID, func(err error) bool {
				var e *network.DuplicateIDError
				return errors.As(err, &e) && e.ID == "k" && e.Cluster && e.First == 0
			}},
		{"empty id", map[string]string{"firms.csv": "id,name\n,x\na1,y\n", "links.csv": "from,to\na1,a1\n"}, network.ErrEmptyID, nil},
		{"empty cluster id", map[string]string{"firms.csv": firms, "clusters.csv": "id,name\n,x\n", "links.csv": "from,to\na1,a2\n"}, network.ErrEmptyID, nil},
		{"unknown id", map[string]string{"firms.csv": firms, "links.csv": "from,to\nqq,zz9\n"}, network.ErrUnknownID,
			func(err error) bool {
				var e *network.UnknownIDError
				return errors.As(err, &e) && e.FromUnknown && e.ToUnknown && e.Row == 2
			}},
		{"empty link end", map[string]string{"firms.csv": firms, "links.csv": "from,to\na1,\n"}, network.ErrUnknownID, nil},
		{"self-link", map[string]string{"firms.csv": firms, "links.csv": "from,to\na1,a1\n"}, network.ErrSelfLink, nil},
		{"direction", map[string]string{"firms.csv": firms, "buyers.csv": buyers, "links.csv": "from,to,kind\nz1,a1,sale\n"}, network.ErrDirection, nil},
		{"negative volume", map[string]string{"firms.csv": firms, "links.csv": "from,to,volume\na1,a2,-5\n"}, network.ErrVolume, nil},
		{"overflow", map[string]string{"firms.csv": firms, "links.csv": "from,to,volume\na1,a2,1e308\na1,a3,1e308\n"}, network.ErrVolumeOverflow,
			func(err error) bool {
				var e *network.VolumeOverflowError
				return errors.As(err, &e) && e.Sum == "out-volume" && e.ID == "a1"
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, parallel := range []bool{false, true} {
				opt := Options{}
				if parallel {
					opt.parallelMin, opt.workers = 1, 2
				}
				res, err := Load(fsOf(tc.files), opt)
				if res != nil || err == nil {
					t.Fatal("no error")
				}
				if !errors.Is(err, tc.sentinel) {
					t.Errorf("error %v is not %v", err, tc.sentinel)
				}
				var le *Error
				if !errors.As(err, &le) || le.File == "" || le.Line == 0 {
					t.Errorf("error %v has no position", err)
				}
				if tc.as != nil && !tc.as(err) {
					t.Errorf("error %v: not the Builder's error expected", err)
				}
			}
		})
	}
}

// A sum of volumes beyond float64 is an error at each row that causes it
// (issue 12.4), the rows named by their lines; a link summed from rows is
// one such sum.
func TestVolumeOverflowRows(t *testing.T) {
	const hint = " (hint: a volume this large is most likely a typing error or a wrong unit)"
	for _, tc := range []struct {
		name, firms, links, clusters, want string
	}{
		{"out-volume", firms, "from,to,volume\na1,a2,1\na1,a3,1e308\na2,a3,5\na1,m1,1e308\n", "",
			`links.csv:3:3: out-volume of "a1": volumes sum to more than the largest float64 (1.8e308) (lines 3, 5 of its 3 links already do)` + hint + "\n" +
				`links.csv:5:3: out-volume of "a1": volumes sum to more than the largest float64 (1.8e308) (lines 3, 5 of its 3 links already do)` + hint},
		{"in-volume", firms, "from,to,volume\na2,a1,1e308\na3,a1,1e308\n", "",
			`links.csv:2:3: in-volume of "a1": volumes sum to more than the largest float64 (1.8e308) (lines 2, 3 of its 2 links already do)` + hint + "\n" +
				`links.csv:3:3: in-volume of "a1": volumes sum to more than the largest float64 (1.8e308) (lines 2, 3 of its 2 links already do)` + hint},
		{"summed rows", firms, "from,to,volume\na1,a2,1e308\na1,a3,1\na1,a2,1e308\na1,a2,1e308\n", "",
			`links.csv:2:3: link volume of "a1 → a2 (supply)": volumes sum to more than the largest float64 (1.8e308) (lines 2, 4 of its 3 rows already do)` + hint + "\n" +
				`links.csv:4:3: link volume of "a1 → a2 (supply)": volumes sum to more than the largest float64 (1.8e308) (lines 2, 4 of its 3 rows already do)` + hint},
		{"total", "id\nb1\nb2\nb3\nb4\n", "from,to,volume\nb1,b2,1e308\nb3,b4,1e308\n", "",
			`links.csv:2:3: total volume: volumes sum to more than the largest float64 (1.8e308) (lines 2, 3 of its 2 links already do)` + hint + "\n" +
				`links.csv:3:3: total volume: volumes sum to more than the largest float64 (1.8e308) (lines 2, 3 of its 2 links already do)` + hint},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"firms.csv": tc.firms, "links.csv": tc.links}
			if strings.Contains(tc.links, "m1") {
				files["markets.csv"] = markets
			}
			_, err := load(t, files)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, network.ErrVolumeOverflow) || !errors.Is(err, ErrBadVolume) {
				t.Errorf("error %v is not ErrVolumeOverflow and ErrBadVolume", err)
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// The loader's network is the one network.New builds from its dataset,
// and the loader keeps one id table: the network's.
func TestLoadedNetworkIsNew(t *testing.T) {
	for _, n := range []int{200, 3000} {
		res, err := Load(synthetic(n, 2.4), Options{parallelMin: 4096})
		if err != nil {
			t.Fatal(err)
		}
		again, err := network.New(res.Network.Dataset())
		if err != nil {
			t.Fatal(err)
		}
		if a, b := fmt.Sprint(res.Network.Dataset()), fmt.Sprint(again.Dataset()); a != b {
			t.Errorf("%d firms: the loaded network differs from network.New's", n)
		}
		for i, nd := range res.Network.Nodes() {
			if j, ok := res.Network.Index(nd.ID); !ok || int(j) != i {
				t.Fatalf("Index(%q) = %d, %v; want %d", nd.ID, j, ok, i)
			}
		}
		if _, ok := res.Network.Index("nobody"); ok {
			t.Error("Index finds an id that is not a node")
		}
	}
}
