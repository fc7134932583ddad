package loaders

import (
	"bytes"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"clusterchain/samples"
)

// sampleSurvey is samples/survey as a file system, with its schema.
func sampleSurvey(t *testing.T) (fstest.MapFS, *Schema) {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, f := range []string{"survey.csv", "markets.csv"} {
		b, err := os.ReadFile("../samples/survey/" + f)
		if err != nil {
			t.Fatal(err)
		}
		fsys[f] = &fstest.MapFile{Data: b}
	}
	b, err := os.ReadFile("../samples/survey/schema.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseSchema("schema.json", b)
	if err != nil {
		t.Fatal(err)
	}
	return fsys, s
}

// memFiles collects what WriteTables writes.
type memFiles map[string]*bytes.Buffer

type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

func (m memFiles) create(name string) (io.WriteCloser, error) {
	m[name] = &bytes.Buffer{}
	return nopCloser{m[name]}, nil
}

func (m memFiles) String() string {
	var names []string
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		b.WriteString("== " + n + "\n" + m[n].String())
	}
	return b.String()
}

func (m memFiles) fs() fstest.MapFS {
	fsys := fstest.MapFS{}
	for n, b := range m {
		fsys[n] = &fstest.MapFile{Data: b.Bytes()}
	}
	return fsys
}

// The sample survey loads to the golden dataset in every encoding, and
// its tables, written and read again, give the same dataset.
func TestSampleSurvey(t *testing.T) {
	fsys, s := sampleSurvey(t)
	res, err := LoadSurvey(fsys, "survey.csv", Options{Schema: s})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "survey/sample.golden", dump(res, nil))
	tables := memFiles{}
	if err := WriteTables(res, tables.create); err != nil {
		t.Fatal(err)
	}
	golden(t, "survey/sample-tables.golden", tables.String())
	again, err := Load(tables.fs(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The same dataset, nodes grouped by type; the warnings name
	// links.csv instead of the survey.
	// The unknown-volume warning names the lines of each file.
	lines := regexp.MustCompile(`:\d+: (\d+ links? ha(s|ve) an unknown volume \(empty cell), lines? [\d, ]+\)`)
	unlined := func(s string) string { return lines.ReplaceAllString(s, ": $1)") }
	if a, b := sortedLines(unlined(strings.ReplaceAll(dumpData(again), "links.csv", "survey.csv"))), sortedLines(unlined(dumpData(res))); a != b {
		t.Errorf("imported tables load to\n%s\nwant\n%s", a, b)
	}
	for _, enc := range encodeAs {
		text, _ := fs2(fsys, "survey.csv")
		conv := fstest.MapFS{"markets.csv": fsys["markets.csv"], "survey.csv": {Data: enc.encode(t, text)}}
		r, err := LoadSurvey(conv, "survey.csv", Options{Schema: s})
		if err != nil {
			t.Fatalf("%s: %v", enc.name, err)
		}
		if dumpData(r) != dumpData(res) {
			t.Errorf("%s: differs", enc.name)
		}
	}
}

func sortedLines(s string) string {
	lines := strings.Split(s, "\n")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func fs2(fsys fstest.MapFS, name string) (string, bool) {
	f, ok := fsys[name]
	if !ok {
		return "", false
	}
	return string(f.Data), true
}

func TestSurveyErrors(t *testing.T) {
	s, err := ParseSchema("schema.json", []byte(`{"tables": {"markets": "markets.csv"},
		"survey": {"relations": [
			{"prefix": "market_", "target": "market", "kind": "sale", "volume_suffix": "_volume"},
			{"prefix": "buyer_", "target": "buyer", "volume_suffix": "_volume", "kind_suffix": "_kind"},
			{"prefix": "supplier_", "target": "firm", "direction": "in"},
			{"prefix": "shop_", "target": "market"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fsOf(map[string]string{
		"markets.csv": "id,name\nm1,大唐袜业城\nm2,同名市场\nm3,同名市场\n",
		"survey.csv": "编号,名称,market_1,market_1_volume,market_2,market_2_volume,buyer_1,buyer_1_volume,buyer_1_kind,supplier_1,buyer_2_volume\n" +
			"a1,华丰,大唐袜业城,\"1,5\",m9,3万,walmart,1,subcontract,a2,\n" +
			"a2,美伦,,12万,同名市场,1,a1,2,,a2,\n" +
			",无名,m1,1,,,,,,,\n" +
			"a1,重复,m1,1,,,,,,,\n" +
			"a3,,m1,35%,,,,,赠送,a1,7\n",
	})
	_, err = LoadSurvey(fsys, "survey.csv", Options{Schema: s})
	want := strings.Join([]string{
		`survey.csv:1: no column shop_1, shop_2, … for schema.json (survey.relations[3].prefix) (hint: the header has: 编号, 名称, market_1, market_1_volume, market_2, market_2_volume, buyer_1, buyer_1_volume, buyer_1_kind, supplier_1, buyer_2_volume)`,
		`survey.csv:1:11: column "buyer_2_volume" has no partner column "buyer_2" (hint: every numbered volume or kind column goes with its partner column)`,
		`survey.csv:2:4: volume "1,5" has a comma that does not group thousands (hint: write decimals with a point (1.5); a comma may only group thousands (1,234). A European Excel writes decimal commas: save the file with a point as decimal separator)`,
		`survey.csv:2:7: a firm cannot subcontract for a buyer (subcontract firm→buyer) (hint: subcontract is firm→firm; supply is firm→firm or market→firm; sale is firm→market, firm→buyer, market→buyer or market→market)`,
		`survey.csv:3:4: "12万" without a partner: column "market_1" is empty (hint: fill in the partner or clear the cell)`,
		`survey.csv:3:5: "同名市场" is the name of several markets (hint: write the partner's id instead of its name)`,
		`survey.csv:3:7: "a1" is a firm (survey.csv line 2), but column "buyer_1" names a buyer (hint: a partner is one node: give the buyer another id)`,
		`survey.csv:3:10: self-link: "a2" delivers to itself`,
		`survey.csv:4:1: empty id`,
		`survey.csv:5:1: duplicate id "a1" (first in survey.csv line 2) (hint: ids must be unique across firms, markets and buyers)`,
		`survey.csv:6:4: volume "35%" is a percentage (hint: a volume is an amount: write it as a number, not a percentage)`,
		`survey.csv:6:9: "赠送" without a partner: column "buyer_1" is empty (hint: fill in the partner or clear the cell)`,
	}, "\n")
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

func TestSurveyNeedsSchema(t *testing.T) {
	_, err := LoadSurvey(fsOf(map[string]string{"s.csv": "id\n"}), "s.csv", Options{})
	if err == nil || !strings.Contains(err.Error(), `s.csv: a survey table needs a schema with a "survey" section`) {
		t.Errorf("got %v", err)
	}
}

// Loading a dataset with KeepRows and writing its tables gives tables
// that load to the same dataset with the same warnings.
func TestWriteTablesRoundTrip(t *testing.T) {
	res, err := Load(samples.Zhejiang(), Options{KeepRows: true, Name: "z"})
	if err != nil {
		t.Fatal(err)
	}
	tables := memFiles{}
	if err := WriteTables(res, tables.create); err != nil {
		t.Fatal(err)
	}
	again, err := Load(tables.fs(), Options{Name: "z"})
	if err != nil {
		t.Fatal(err)
	}
	if dumpData(again) != dumpData(res) {
		t.Errorf("round trip differs:\n%s\nwant\n%s", dumpData(again), dumpData(res))
	}
	// Without kept rows, the summed links are written.
	res.Rows = nil
	tables = memFiles{}
	if err := WriteTables(res, tables.create); err != nil {
		t.Fatal(err)
	}
	if again, err = Load(tables.fs(), Options{}); err != nil || len(linksOf(again)) != len(linksOf(res)) {
		t.Errorf("summed links: %v", err)
	}
}
