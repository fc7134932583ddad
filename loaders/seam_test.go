package loaders

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

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

// Every source reports the network's rules through network.Builder: the
// same sentinel (errors.Is) from a CSV table and from a workbook's sheet,
// at the file, line and column of the CSV cell or the sheet and cell of
// the workbook's (issue 14.2).
func TestSentinelsAtTheirCell(t *testing.T) {
	type table = [][]string
	firmsT := table{{"id", "name", "cluster"}, {"a", "A", "k"}, {"b", "B", "k"}, {"c", "C", ""}}
	buyersT := table{{"id", "name"}, {"z", "Z"}}
	linksOK := table{{"from", "to", "kind", "volume"}, {"a", "b", "", "1"}}
	for _, tc := range []struct {
		name     string
		tables   map[string]table
		sentinel error
		// The first error's place: its table, line (row) and column.
		at        string
		line, col int
		// A message part, for the wording of sheets.
		csvText, bookText string
	}{
		{"duplicate id", map[string]table{"firms": append(slices.Clone(firmsT), []string{"b", "again", ""}), "links": linksOK},
			network.ErrDuplicateID, "firms", 5, 1, "(first in firms.csv line 3)", "(first in book.xlsx:firms row 3)"},
		{"empty id", map[string]table{"firms": append(slices.Clone(firmsT), []string{"", "nobody", ""}), "links": linksOK},
			network.ErrEmptyID, "firms", 5, 1, "empty id", "empty id"},
		{"duplicate cluster", map[string]table{"firms": firmsT, "clusters": {{"id", "name"}, {"k", "K"}, {"k", "K2"}}, "links": linksOK},
			network.ErrDuplicateID, "clusters", 3, 1, "duplicate cluster id", "duplicate cluster id"},
		{"unknown id", map[string]table{"firms": firmsT, "links": {{"from", "to", "kind", "volume"}, {"a", "b", "", "1"}, {"a", "zz", "", "2"}}},
			network.ErrUnknownID, "links", 3, 2, `unknown id "zz" in column "to"`, `unknown id "zz" in column "to"`},
		{"self-link", map[string]table{"firms": firmsT, "links": {{"from", "to", "kind", "volume"}, {"a", "b", "", "1"}, {"c", "c", "", "2"}}},
			network.ErrSelfLink, "links", 3, 1, `self-link: "c" delivers to itself`, `self-link: "c" delivers to itself`},
		{"direction", map[string]table{"firms": firmsT, "buyers": buyersT, "links": {{"from", "to", "kind", "volume"}, {"z", "a", "sale", "1"}}},
			network.ErrDirection, "links", 2, 1, "a buyer cannot sell to a firm", "a buyer cannot sell to a firm"},
		{"negative volume", map[string]table{"firms": firmsT, "links": {{"from", "to", "kind", "volume"}, {"a", "b", "", "1"}, {"b", "c", "", "-5"}}},
			network.ErrVolume, "links", 3, 4, `volume "-5" is negative`, `volume "-5" is negative`},
		{"overflow", map[string]table{"firms": firmsT, "links": {{"from", "to", "kind", "volume"}, {"a", "b", "", "1e308"}, {"b", "c", "", "1"}, {"a", "c", "", "1e308"}}},
			network.ErrVolumeOverflow, "links", 2, 4, "(lines 2, 4 of its 2 links already do)", "(rows 2, 4 of its 2 links already do)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The CSV tables, and one workbook of the same cells (numbers
			// as numbers).
			files := map[string]string{}
			var sheets []bookSheet
			for _, name := range []string{"firms", "markets", "buyers", "clusters", "links"} {
				rows, ok := tc.tables[name]
				if !ok {
					continue
				}
				var b strings.Builder
				sh := bookSheet{name: name}
				for _, r := range rows {
					b.WriteString(strings.Join(r, ",") + "\n")
					cells := make([]sheetCell, len(r))
					for i, c := range r {
						if x, err := strconv.ParseFloat(c, 64); err == nil {
							cells[i] = sheetCell{num: num(x)}
						} else {
							cells[i] = sheetCell{text: c}
						}
					}
					sh.rows = append(sh.rows, cells)
				}
				files[name+".csv"] = b.String()
				sheets = append(sheets, sh)
			}
			book := fstest.MapFS{"book.xlsx": {Data: writeBook(t, sheets)}}
			for _, src := range []struct {
				name, file, sheet, text string
				load                    func() (*Result, error)
			}{
				{"csv", tc.at + ".csv", "", tc.csvText, func() (*Result, error) { return Load(fsOf(files), Options{}) }},
				{"xlsx", "book.xlsx", tc.at, tc.bookText, func() (*Result, error) { return LoadWorkbook(book, "book.xlsx", Options{}) }},
			} {
				res, err := src.load()
				if res != nil || err == nil {
					t.Fatalf("%s: no error", src.name)
				}
				if !errors.Is(err, tc.sentinel) {
					t.Errorf("%s: error %v is not %v", src.name, err, tc.sentinel)
				}
				var el ErrorList
				if !errors.As(err, &el) || len(el) == 0 {
					t.Fatalf("%s: not an ErrorList: %v", src.name, err)
				}
				e := el[0]
				if e.File != src.file || e.Sheet != src.sheet || e.Line != tc.line || e.Column != tc.col {
					t.Errorf("%s: error at %q sheet %q %d:%d, want %q sheet %q %d:%d: %v",
						src.name, e.File, e.Sheet, e.Line, e.Column, src.file, src.sheet, tc.line, tc.col, e)
				}
				if !errors.Is(e, tc.sentinel) {
					t.Errorf("%s: the first error %v is not %v", src.name, e, tc.sentinel)
				}
				if !strings.Contains(e.Error(), src.text) {
					t.Errorf("%s: %v does not say %s", src.name, e, src.text)
				}
				// The place reads as the file's: links.csv:3:2 or
				// book.xlsx:links!B3.
				place := fmt.Sprintf("%s:%d:%d: ", src.file, tc.line, tc.col)
				if src.sheet != "" {
					place = fmt.Sprintf("%s:%s!%s%d: ", src.file, src.sheet, ColumnName(tc.col), tc.line)
				}
				if !strings.HasPrefix(e.Error(), place) {
					t.Errorf("%s: %v does not begin with %s", src.name, e, place)
				}
			}
		})
	}
}

// A sum of volumes beyond float64 over the rows of two matrices is
// reported at each matrix's own cells.
func TestVolumeOverflowMatrices(t *testing.T) {
	sch, err := ParseSchema("m.json", []byte(`{"matrices": [{"file": "sub.csv", "kind": "subcontract"}, {"file": "trade.csv"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"sub.csv":   {Data: []byte(",b,c\na,1e308,\nb,,1\n")},
		"trade.csv": {Data: []byte(",c\na,1e308\n")},
	}
	_, err = Load(fsys, Options{Schema: sch})
	if !errors.Is(err, network.ErrVolumeOverflow) {
		t.Fatalf("error %v is not ErrVolumeOverflow", err)
	}
	const msg = `out-volume of "a": volumes sum to more than the largest float64 (1.8e308) (line 2 of sub.csv, line 2 of trade.csv of its 2 links already do)` +
		" (hint: a volume this large is most likely a typing error or a wrong unit)"
	want := "sub.csv:2:2: " + msg + "\ntrade.csv:2:2: " + msg
	if err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

// A graph file's links go through the same Builder: an unknown end is
// network.ErrUnknownID at the edge's line.
func TestGraphSentinels(t *testing.T) {
	const net = "*Vertices 2\n1 \"a\"\n2 \"b\"\n*Arcs\n1 2 1\n1 1 2\n"
	_, err := LoadGraph(fstest.MapFS{"g.net": {Data: []byte(net)}}, "g.net", Options{})
	if !errors.Is(err, network.ErrSelfLink) {
		t.Fatalf("error %v is not ErrSelfLink", err)
	}
	var el ErrorList
	if !errors.As(err, &el) || el[0].File != "g.net" || el[0].Line != 6 {
		t.Errorf("error %v not at g.net:6", err)
	}
}

// Result.Dataset.Links are the network's links by id, so that
// network.New(res.Dataset) builds the same network; with NetworkOnly they
// are left out and the network is the same.
func TestDatasetLinks(t *testing.T) {
	fsys := synthetic(300, 2.4)
	full, err := Load(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	only, err := Load(fsys, Options{NetworkOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if only.Dataset.Links != nil {
		t.Errorf("NetworkOnly: %d links in Dataset", len(only.Dataset.Links))
	}
	want := full.Network.Dataset()
	if len(full.Dataset.Links) != len(want.Links) || len(want.Links) == 0 {
		t.Fatalf("%d links in Dataset, the network has %d", len(full.Dataset.Links), len(want.Links))
	}
	for i := range want.Links {
		if full.Dataset.Links[i] != want.Links[i] {
			t.Fatalf("link %d: %+v, want %+v", i, full.Dataset.Links[i], want.Links[i])
		}
	}
	again, err := network.New(full.Dataset)
	if err != nil {
		t.Fatal(err)
	}
	if a, b, c := fmt.Sprint(again.Dataset()), fmt.Sprint(want), fmt.Sprint(only.Network.Dataset()); a != b || c != b {
		t.Error("network.New(res.Dataset), the loaded network and NetworkOnly's differ")
	}
}
