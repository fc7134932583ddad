package loaders

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"clusterchain/samples"
)

func TestSplitUnit(t *testing.T) {
	for _, tc := range []struct {
		in, name, unit string
		ok             bool
	}{
		{"交易额（万元）", "交易额", "万元", true},
		{"volume (10k yuan)", "volume", "10k yuan", true},
		{"amount [USD]", "amount", "USD", true},
		{"volume, 万元", "volume", "万元", true},
		{"金额，万元", "金额", "万元", true},
		{"金额(万元）", "金额", "万元", true}, // mixed widths, as typed
		{"volume (10k (yuan))", "volume", "10k (yuan)", true},
		{"金额【万元】", "金额", "万元", true},
		{"volume ()", "volume", "", true},
		{"volume", "", "", false},
		{"(万元)", "", "", false},
		{"volume)", "", "", false},
		{"from,to", "", "", false}, // two columns under the wrong delimiter
		{"volume,", "", "", false},
	} {
		name, unit, ok := splitUnit(tc.in)
		if ok != tc.ok || ok && (name != tc.name || unit != tc.unit) {
			t.Errorf("splitUnit(%q) = %q, %q, %v; want %q, %q, %v", tc.in, name, unit, ok, tc.name, tc.unit, tc.ok)
		}
	}
}

// sampleLinks is the embedded sample with the header of links.csv
// replaced, as `sed -i '1s/.*/HEADER/' links.csv` does.
func sampleLinks(t *testing.T, header string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	err := fs.WalkDir(samples.Zhejiang(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(samples.Zhejiang(), p)
		if p == LinksFile {
			_, rest, _ := strings.Cut(string(b), "\n")
			b = []byte(header + "\n" + rest)
		}
		fsys[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

// A volume header with a unit is the volume column; the unit is kept as
// text. The sample loads to the same dataset whatever the header says.
func TestVolumeHeaderWithUnit(t *testing.T) {
	want, err := Load(samples.Zhejiang(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want.VolumeUnit != "" {
		t.Errorf("sample unit %q", want.VolumeUnit)
	}
	for header, unit := range map[string]string{
		"from,to,kind,交易额（万元）":           "万元",
		"from,to,kind,volume (10k yuan)": "10k yuan",
		"from,to,kind,amount [USD]":      "USD",
		`from,to,kind,"volume, 万元"`:      "万元",
		"供方（企业编号）,需方 (id),类型,金额（万元）":     "万元",
	} {
		got, err := Load(sampleLinks(t, header), Options{})
		if err != nil {
			t.Fatalf("%s: %v", header, err)
		}
		if got.VolumeUnit != unit || dumpData(got) != dumpData(want) {
			t.Errorf("%s: unit %q, want %q; same dataset %v", header, got.VolumeUnit, unit, dumpData(got) == dumpData(want))
		}
	}
	// Every column, not only volume: 企业名称（全称） is name, 员工（人） employees.
	res, err := load(t, map[string]string{
		"firms.csv": "编号,企业名称（全称）,员工人数（人）,note (free text)\na1,华丰,120,x\na2,美伦,\"1,200\",y\n",
		"links.csv": "from,to\na1,a2\n"})
	if err != nil {
		t.Fatal(err)
	}
	if nd := res.Dataset.Nodes[1]; nd.Name != "美伦" || len(nd.Attrs) != 2 || nd.Attrs[0].Key != "employees" || nd.Attrs[0].Value != "1200" ||
		nd.Attrs[1].Key != "note (free text)" {
		t.Errorf("node %+v", nd)
	}
}

// A links table without a volume column but with a column of numbers is
// an error naming the column and the schema mapping, never a weight of 1.
func TestNumbersWithoutVolumeColumn(t *testing.T) {
	hint := func(name string) string {
		return `if it holds the volumes, map it with --schema FILE where FILE has {"columns":{"links":{"volume":"` + name + `"}}}; if it does not, delete the column`
	}
	for _, tc := range []struct {
		name  string
		links string
		want  string // "" means it loads
	}{
		{"unknown header", "from,to,kind,成交金额\na1,a2,,12\na1,a3,,\na2,a3,,\"1,200.5\"\n",
			`links.csv:1:4: column "成交金额" holds only numbers, but no column is a volume column: every link would weigh 1 (hint: ` + hint("成交金额") + `)`},
		{"quotes and spaces in the header", "from,to,\"Wert \"\"x\"\" <b>\"\na1,a2,3\n",
			`links.csv:1:3: column "Wert \"x\" <b>" holds only numbers, but no column is a volume column: every link would weigh 1 (hint: ` + hint(`Wert \"x\" <b>`) + `)`},
		{"controls and an override in the header", "from,to,\"v \x1b[2J\u202e\U0001F600\"\na1,a2,3\n",
			`links.csv:1:3: column "v \x1b[2J\u202e😀" holds only numbers, but no column is a volume column: every link would weigh 1 (hint: ` + hint(`v \u001b[2J\u202e😀`) + `)`},
		{"two of them", "from,to,a,b\na1,a2,1,2\n",
			`links.csv:1:3: column "a" holds only numbers, but no column is a volume column: every link would weigh 1 (hint: ` + hint("a") + ")\n" +
				`links.csv:1:4: column "b" holds only numbers, but no column is a volume column: every link would weigh 1 (hint: ` + hint("b") + ")"},
		{"a long header", "from,to," + strings.Repeat("x", 100) + "\na1,a2,3\n",
			`links.csv:1:3: column "` + strings.Repeat("x", 40) + `…" (100 bytes) holds only numbers, but no column is a volume column: every link would weigh 1 (hint: if it holds the volumes, map it with --schema FILE where FILE has {"columns": {"links": {"volume": HEADER}}} with the column's header as HEADER; if it does not, delete the column)`},
		{"text in the column", "from,to,note\na1,a2,12\na1,a3,first order\n", ""},
		{"empty column", "from,to,note\na1,a2,\n", ""},
		{"percentages", "from,to,share\na1,a2,35%\n", ""},
		{"with a volume column", "from,to,volume,year\na1,a2,3,2024\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, noFast := range []bool{false, true} {
				_, err := Load(fsOf(map[string]string{"firms.csv": firms, "links.csv": tc.links}), Options{noFast: noFast})
				switch {
				case tc.want == "" && err != nil:
					t.Errorf("%v", err)
				case tc.want != "" && (err == nil || err.Error() != tc.want):
					t.Errorf("got  %v\nwant %s", err, tc.want)
				case tc.want != "" && !errors.Is(err, ErrVolumeColumn):
					t.Errorf("%v is not ErrVolumeColumn", err)
				}
			}
		})
	}
	// Read in parallel chunks: the column is judged on every row.
	files := bigLinks(20000, false)
	files["links.csv"] = strings.Replace(files["links.csv"], "from,to,kind,volume", "from,to,kind,betrag", 1)
	for _, workers := range []int{1, 3} {
		_, err := Load(fsOf(files), Options{workers: workers, parallelMin: 4096})
		if err == nil || !strings.HasPrefix(err.Error(), `links.csv:1:4: column "betrag" holds only numbers`) {
			t.Errorf("%d workers: %v", workers, err)
		}
	}
	files["links.csv"] += "f001,f002,supply,n/a\n"
	for _, workers := range []int{1, 3} {
		if _, err := Load(fsOf(files), Options{workers: workers, parallelMin: 4096}); err != nil {
			t.Errorf("%d workers, a text cell in the last chunk: %v", workers, err)
		}
	}
}

// The unknown-volume warning names the lines, like the duplicate
// warning, also when read in parallel.
func TestUnknownVolumeLines(t *testing.T) {
	var b strings.Builder
	b.WriteString("from,to,volume\n")
	for i := 0; i < 30; i++ {
		if i%2 == 0 {
			b.WriteString("a1,a2,\n")
		} else {
			b.WriteString("a2,a3,1\n")
		}
	}
	res, err := load(t, map[string]string{"firms.csv": firms, "links.csv": b.String()})
	if err != nil {
		t.Fatal(err)
	}
	want := "links.csv:2: 15 links have an unknown volume (empty cell, lines 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, and 5 more): counted in degrees and reach, weighing 0 in volumes"
	if res.Warnings[0].String() != want {
		t.Errorf("got  %s\nwant %s", res.Warnings[0], want)
	}
	files := bigLinks(20000, false)
	unknown := func(res *Result) string {
		for _, w := range res.Warnings {
			if strings.Contains(w.Message, "unknown volume") {
				return w.String()
			}
		}
		return ""
	}
	seq, err := Load(fsOf(files), Options{workers: 1})
	if err != nil || !strings.Contains(unknown(seq), "have an unknown volume (empty cell, lines ") {
		t.Fatalf("%v %.300s", err, unknown(seq))
	}
	par, err := Load(fsOf(files), Options{workers: 3, parallelMin: 4096})
	if err != nil || unknown(par) != unknown(seq) {
		t.Errorf("parallel: %v\n%.300s\nwant %.300s", err, unknown(par), unknown(seq))
	}
}
