package loaders

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"clusterchain/network"
)

func fsOf(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, body := range files {
		m[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return m
}

const firms = "id,name,cluster\na1,义乌市华丰饰品有限公司,yiwu\na2,Wenzhou Jiahe Shoes Co.,wenzhou\na3,,\n"
const markets = "id,name\nm1,Yiwu China Commodity City\n"
const buyers = "id,name,country\nz1,Walmart,United States\n"

func load(t *testing.T, files map[string]string) (*Result, error) {
	t.Helper()
	return Load(fsOf(files), Options{Name: "test"})
}

func TestLoadGood(t *testing.T) {
	res, err := load(t, map[string]string{
		"firms.csv":    "\xef\xbb\xbf" + strings.ReplaceAll(firms, "\n", "\r\n"), // BOM and CRLF
		"markets.csv":  markets,
		"buyers.csv":   buyers,
		"clusters.csv": "id,name\nyiwu,Yiwu smallware\n",
		"links.csv": "from,to,kind,volume\n" +
			"a2,a1,Subcontract ,10\n" + // kind: case and spaces ignored
			"a1,m1,,100\n" + // empty kind: firm → market is a sale
			"a1,m1,sale,50\n" + // summed with the row above
			"m1,z1,sale,\n" + // unknown volume
			"a3,a1,,2.5\n", // empty kind: firm → firm is supply
	})
	if err != nil {
		t.Fatal(err)
	}
	d := res.Dataset
	if len(d.Nodes) != 5 || d.Nodes[0].Name != "义乌市华丰饰品有限公司" || d.Nodes[2].Name != "" {
		t.Errorf("nodes %+v", d.Nodes)
	}
	if got := []string{d.Clusters[0].ID + "=" + d.Clusters[0].Name, d.Clusters[1].ID + "=" + d.Clusters[1].Name}; got[0] != "wenzhou=wenzhou" || got[1] != "yiwu=Yiwu smallware" {
		t.Errorf("clusters %v", got)
	}
	want := []network.Link{
		{From: "a1", To: "m1", Kind: network.Sale, Volume: 150},
		{From: "a2", To: "a1", Kind: network.Subcontract, Volume: 10},
		{From: "a3", To: "a1", Kind: network.Supply, Volume: 2.5},
		{From: "m1", To: "z1", Kind: network.Sale, Volume: 0},
	}
	if len(d.Links) != len(want) {
		t.Fatalf("links %+v", d.Links)
	}
	for i := range want {
		if d.Links[i] != want[i] {
			t.Errorf("link %d: %+v, want %+v", i, d.Links[i], want[i])
		}
	}
	if res.UnknownVolumes != 1 || res.DuplicateRows != 1 || len(res.Warnings) != 2 {
		t.Errorf("unknown %d duplicates %d warnings %v", res.UnknownVolumes, res.DuplicateRows, res.Warnings)
	}
	if got := res.Warnings[1].String(); got != "links.csv:4: 2 rows for a1 → m1 (sale) summed into one link (lines 3, 4)" {
		t.Errorf("warning %q", got)
	}
	if len(d.Nodes[4].Attrs) != 1 || d.Nodes[4].Attrs[0] != (network.Attr{Key: "country", Value: "United States"}) {
		t.Errorf("buyer attrs %+v", d.Nodes[4].Attrs)
	}
}

func TestNoVolumeColumnWeighsOne(t *testing.T) {
	res, err := load(t, map[string]string{"firms.csv": firms, "links.csv": "from,to\na1,a2\na1,a2\n"})
	if err != nil {
		t.Fatal(err)
	}
	if l := res.Dataset.Links; len(l) != 1 || l[0].Volume != 2 || l[0].Kind != network.Supply {
		t.Errorf("links %+v", l)
	}
}

// A quoted field spanning lines shifts the physical line of later rows:
// errors must name the physical line, not the record number.
func TestMultilineFieldKeepsLines(t *testing.T) {
	_, err := load(t, map[string]string{
		"firms.csv": "id,name\na1,\"Stitch & \"\"Sons\"\",\nLtd, with a comma\"\na2,x\n",
		"links.csv": "from,to\na1,a2\n\"a\nb\",a2\na1,zz9\n",
	})
	var el ErrorList
	if !errors.As(err, &el) {
		t.Fatalf("err %v", err)
	}
	got := el.Error()
	want := "links.csv:3:1: unknown id \"a\\nb\" in column \"from\" (hint: every id must be in firms.csv, markets.csv or buyers.csv)\n" +
		"links.csv:5:2: unknown id \"zz9\" in column \"to\" (hint: every id must be in firms.csv, markets.csv or buyers.csv)"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		files    map[string]string
		sentinel error
		want     string
	}{
		{"missing firms", map[string]string{"links.csv": "from,to\n"}, ErrMissingFile,
			"firms.csv: file missing (hint: a dataset needs firms.csv and links.csv (or firms.xlsx and links.xlsx, or one workbook with sheets firms and links))" + "\n" +
				"links.csv:1: no links: the table has no rows below its header (hint: a dataset needs at least one firm and one link)"},
		{"missing id column", map[string]string{"firms.csv": "name\nx\n", "links.csv": "from,to\n"}, ErrMissingColumn,
			"firms.csv:1: missing required column \"id\" (hint: the header has: name)" + "\n" +
				"links.csv:1: no links: the table has no rows below its header (hint: a dataset needs at least one firm and one link)"},
		{"duplicate column", map[string]string{"firms.csv": "id,ID\nx,y\n", "links.csv": "from,to\n"}, ErrDuplicateColumn,
			"firms.csv:1:2: column \"ID\" appears twice (also column 1)" + "\n" +
				"links.csv:1: no links: the table has no rows below its header (hint: a dataset needs at least one firm and one link)"},
		{"duplicate id across tables", map[string]string{"firms.csv": firms, "markets.csv": "id\nm1\na2\n", "links.csv": "from,to\na1,a2\n"}, ErrDuplicateID,
			"markets.csv:3:1: duplicate id \"a2\" (first in firms.csv line 3) (hint: ids must be unique across firms, markets and buyers)"},
		{"empty id", map[string]string{"firms.csv": "id,name\n,x\n", "links.csv": "from,to\n"}, ErrEmptyID,
			"firms.csv:2:1: empty id" + "\n" +
				"links.csv:1: no links: the table has no rows below its header (hint: a dataset needs at least one firm and one link)"},
		{"unknown id", map[string]string{"firms.csv": firms, "links.csv": "from,to\na1,zz9\n"}, ErrUnknownID,
			"links.csv:2:2: unknown id \"zz9\" in column \"to\" (hint: every id must be in firms.csv, markets.csv or buyers.csv)"},
		{"self-link", map[string]string{"firms.csv": firms, "links.csv": "from,to\na1,a1\n"}, ErrSelfLink,
			"links.csv:2:1: self-link: \"a1\" delivers to itself"},
		{"negative volume", map[string]string{"firms.csv": firms, "links.csv": "from,to,volume\na1,a2,-5\n"}, ErrBadVolume,
			"links.csv:2:3: volume \"-5\" is negative (hint: volumes are non-negative numbers like 1250, 3.5, 1,250 or 12.5万; leave the cell empty when unknown)"},
		{"text volume", map[string]string{"firms.csv": firms, "links.csv": "from,to,volume\na1,a2,lots\n"}, ErrBadVolume,
			"links.csv:2:3: volume \"lots\" is not a number (hint: volumes are non-negative numbers like 1250, 3.5, 1,250 or 12.5万; leave the cell empty when unknown)"},
		{"NaN volume", map[string]string{"firms.csv": firms, "links.csv": "from,to,volume\na1,a2,NaN\n"}, ErrBadVolume,
			"links.csv:2:3: volume \"NaN\" is not a finite number (hint: volumes are non-negative numbers like 1250, 3.5, 1,250 or 12.5万; leave the cell empty when unknown)"},
		{"bad kind", map[string]string{"firms.csv": firms, "links.csv": "from,to,kind\na1,a2,gift\n"}, ErrBadKind,
			"links.csv:2:3: unknown kind \"gift\" (hint: the kinds are subcontract, supply and sale (also 分包/外协, 供应/采购, 销售; --schema adds more), or empty for the default)"},
		{"swapped", map[string]string{"firms.csv": firms, "buyers.csv": buyers, "links.csv": "from,to,kind\nz1,a1,sale\n"}, ErrDirection,
			"links.csv:2:1: a buyer cannot sell to a firm (sale buyer→firm) (hint: from and to may be swapped: every link points the way the goods go)"},
		{"subcontract to a market", map[string]string{"firms.csv": firms, "markets.csv": markets, "links.csv": "from,to,kind\na1,m1,subcontract\n"}, ErrDirection,
			"links.csv:2:1: a firm cannot subcontract for a market (subcontract firm→market) (hint: from and to may be swapped, or the kind is wrong: subcontract is firm→firm; supply is firm→firm or market→firm; sale is firm→market, firm→buyer, market→buyer or market→market)"},
		{"too many fields", map[string]string{"firms.csv": firms, "links.csv": "from,to\na1,a2,3\n"}, ErrFieldCount,
			"links.csv:2:3: 3 fields, but the header has 2 (hint: a comma inside a value needs the value in double quotes)"},
		{"bare quote", map[string]string{"firms.csv": "id,name\na1,Stitch \"Sons\"\n", "links.csv": "from,to\n"}, ErrSyntax,
			"firms.csv:2: bare \" in non-quoted-field (hint: a double quote inside a quoted value is written twice (\"\"))" + "\n" +
				"links.csv:1: no links: the table has no rows below its header (hint: a dataset needs at least one firm and one link)"},
		{"neither UTF-8 nor GB18030", map[string]string{"firms.csv": "id,name\na1,\xd2\xe5\xce\xda\nb,M\xfcller,\xe9\n", "links.csv": "from,to\n"}, ErrEncoding,
			"firms.csv:3: bytes that are not GB18030 at line 3, character 9 (hint: the file is neither UTF-8 nor GB18030/GBK: save it as UTF-8, or name its encoding with --encoding)" + "\n" +
				"links.csv:1: no links: the table has no rows below its header (hint: a dataset needs at least one firm and one link)"},
		{"empty links", map[string]string{"firms.csv": firms, "links.csv": ""}, ErrMissingColumn,
			"links.csv:1: empty file: no header row (hint: the first row must name the columns)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := load(t, tc.files)
			if res != nil || err == nil {
				t.Fatalf("no error")
			}
			if !errors.Is(err, tc.sentinel) {
				t.Errorf("error %v is not %v", err, tc.sentinel)
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// Every problem is listed, not only the first, in file and line order,
// up to MaxErrors.
func TestAllErrorsListed(t *testing.T) {
	files := map[string]string{
		"firms.csv": "id\na1\na1\n",
		"links.csv": "from,to,volume\na1,x,1\ny,a1,1\na1,a1,2\na1,a2,-1\n",
	}
	_, err := Load(fsOf(files), Options{})
	var el ErrorList
	// duplicate a1; unknown x; unknown y; self-link; unknown a2.
	if !errors.As(err, &el) || len(el) != 5 {
		t.Fatalf("got %v", err)
	}
	if el[0].File != "firms.csv" || el[1].Line != 2 || el[2].Line != 3 || el[3].Line != 4 || el[4].Line != 5 {
		t.Errorf("order: %v", el)
	}
	_, err = Load(fsOf(files), Options{MaxErrors: 2})
	if !errors.As(err, &el) || len(el) != 3 || !errors.Is(el[2], ErrTooMany) {
		t.Errorf("capped: %v", err)
	}
}

// Rows Excel leaves behind when rows are cleared (",,,,", also with more
// commas than the header, or spaces) are skipped with one warning per
// table naming them; they are no "empty id".
func TestBlankRows(t *testing.T) {
	many := strings.Repeat(",,\n", 15)
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"trailing", map[string]string{"firms.csv": firms + ",,\n,,\n", "links.csv": "from,to,kind,volume\na1,a2,,1\n,,,\n, ,,,,\n"},
			[]string{"firms.csv:5: 2 blank rows skipped (lines 5, 6): every cell empty",
				"links.csv:3: 2 blank rows skipped (lines 3, 4): every cell empty"}},
		{"between, quoted", map[string]string{"firms.csv": "id,name\na1,x\n\"\",\"\"\na2,y\n", "links.csv": "from,to\na1,a2\n"},
			[]string{"firms.csv:3: 1 blank row skipped (line 3): every cell empty"}},
		{"many", map[string]string{"firms.csv": "id,name,cluster\na1,x,\n" + many + "a2,y,\n", "links.csv": "from,to\na1,a2\n"},
			[]string{"firms.csv:3: 15 blank rows skipped (lines 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, and 5 more): every cell empty"}},
		{"one column", map[string]string{"firms.csv": "id\na1\n  \na2\n", "links.csv": "from,to\na1,a2\n"},
			[]string{"firms.csv:3: 1 blank row skipped (line 3): every cell empty"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, noFast := range []bool{false, true} {
				res, err := Load(fsOf(tc.files), Options{noFast: noFast})
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, w := range res.Warnings {
					got = append(got, w.String())
				}
				if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
					t.Errorf("warnings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
				}
				if len(res.Dataset.Links) != 1 {
					t.Errorf("links %v", res.Dataset.Links)
				}
			}
		})
	}
}

// A required table without rows is an error, not a dataset of 0 firms.
func TestEmptyRequiredTables(t *testing.T) {
	const noFirms = "firms.csv:1: no firms: the table has no rows below its header (hint: a dataset needs at least one firm and one link)"
	const noLinks = "links.csv:1: no links: the table has no rows below its header (hint: a dataset needs at least one firm and one link)"
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"links header only", map[string]string{"firms.csv": firms, "links.csv": "from,to,kind,volume\n"}, noLinks},
		{"firms header only", map[string]string{"firms.csv": "id,name\r\n", "links.csv": "from,to\n"}, noFirms + "\n" + noLinks},
		{"only blank rows", map[string]string{"firms.csv": firms, "links.csv": "from,to\n,\n,\n"},
			"links.csv:1: no links: the table has no rows that are not blank below its header (hint: a dataset needs at least one firm and one link)"},
		{"renamed by a schema", map[string]string{"企业.csv": "编号\n", "links.csv": "from,to\na,b\n"},
			"企业.csv:1: no firms: the table has no rows below its header (hint: a dataset needs at least one firm and one link)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := ParseSchema("s.json", []byte(`{"tables": {"firms": "企业.csv"}}`))
			opt := Options{}
			if _, ok := tc.files["企业.csv"]; ok {
				opt.Schema = s
			}
			res, err := Load(fsOf(tc.files), opt)
			if err == nil {
				t.Fatalf("loaded: %d nodes, %d links", len(res.Dataset.Nodes), len(res.Dataset.Links))
			}
			if got := strings.SplitN(err.Error(), "\nlinks.csv:2", 2)[0]; got != tc.want {
				t.Errorf("got  %s\nwant %s", err, tc.want)
			}
			if !errors.Is(err, ErrNoRows) {
				t.Errorf("%v is not ErrNoRows", err)
			}
		})
	}
	// A survey with no rows, likewise, and one whose firms name no
	// partner: import would write a links.csv without rows.
	s, _ := ParseSchema("s.json", []byte(`{"survey": {"relations": [{"prefix": "market_", "target": "market"}]}}`))
	_, err := LoadSurvey(fsOf(map[string]string{"survey.csv": "id,market_1\n"}), "survey.csv", Options{Schema: s})
	if want := "survey.csv:1: no firms: the table has no rows below its header (hint: a dataset needs at least one firm and one link)"; err == nil || err.Error() != want {
		t.Errorf("survey: %v", err)
	}
	_, err = LoadSurvey(fsOf(map[string]string{"survey.csv": "id,market_1\na,\n"}), "survey.csv", Options{Schema: s})
	if want := "survey.csv:1: no links: no row names a partner in the relation columns (hint: a dataset needs at least one firm and one link)"; err == nil || err.Error() != want {
		t.Errorf("survey without partners: %v", err)
	}
}
