package loaders

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"clusterchain/internal/csvsafe"
	"clusterchain/network"
)

// fuzzOptions turns one fuzzed byte into reading options: the encoding
// (low 3 bits), the delimiter (next 3 bits), encoding/csv only (bit 6).
func fuzzOptions(b byte) Options {
	opt := Options{MaxErrors: 5}
	opt.Encoding = Encoding(b & 7 % 6)
	opt.Delimiter = []byte{0, ',', ';', '\t', '|', 0, 0, 0}[b>>3&7]
	opt.noFast = b&64 != 0
	return opt
}

// checkResult checks what a successful load promises: unique non-empty
// ids, links between known nodes in allowed directions with finite
// non-negative volumes, and a network whose dataset network.New builds
// again.
func checkResult(t *testing.T, res *Result) {
	t.Helper()
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
	for _, l := range linksOf(res) {
		ft, ok1 := ids[l.From]
		tt, ok2 := ids[l.To]
		if !ok1 || !ok2 || l.From == l.To || !network.Allowed(l.Kind, ft, tt) ||
			l.Volume < 0 || math.IsNaN(l.Volume) || math.IsInf(l.Volume, 0) {
			t.Fatalf("bad link accepted: %+v", l)
		}
	}
	if _, err := network.New(res.Network.Dataset()); err != nil {
		t.Fatalf("network.New rejects a loaded dataset: %v", err)
	}
}

// FuzzLoad feeds arbitrary bytes as firms.csv and links.csv, in any
// encoding and delimiter: Load must never panic, and a dataset it
// accepts must be consistent and accepted by network.New. The fast path
// and encoding/csv must agree, and so must a parallel read.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(firms), []byte("from,to,kind,volume\na1,a2,subcontract,10\na1,a3,,\n"), byte(0))
	f.Add([]byte("\xef\xbb\xbfid,cluster\r\nx,c\r\ny,c\r\n"), []byte("from,to\r\nx,y\r\nx,y\r\n"), byte(0))
	f.Add([]byte("id,name\n\"a\nb\",\"q\"\"q\"\n"), []byte("to,from,volume\n\"a\nb\",\"a\nb\",1e308\n"), byte(64))
	f.Add([]byte("id\n"), []byte("from,to,volume\n,,\n"), byte(0))
	f.Add(gb18030(f, "编号;企业名称;所属集群;出口比例\na1;华丰;yiwu;35%\na2;美伦;;\n"),
		gb18030(f, "供方;需方;关系类型;金额\na1;a2;外协;12.5万\na2;a1;;1 250\n"), byte(0))
	f.Add(encodeAs[2].encode(f, "ID\tName\r\na1\tx\r\na2\ty\r\n"), encodeAs[3].encode(f, "From\tTo\tVolume\r\na1\ta2\t1,234.5\r\n"), byte(0))
	f.Add([]byte("code|firm name\na1|x\na2|y\n"), []byte("source|target|amount\na1|a2|３５\n"), byte(4<<3))
	f.Add([]byte("id\na1\na2\n"), []byte("i\x00d\x00"), byte(5))
	// The paths of issues 12 and 13: CR line ends, encodings named,
	// blank rows, units in headers, numbers under an unknown header,
	// apostrophes, unclosed quotes, a BOM inside the text.
	f.Add([]byte("id,name\ra1,\"two\rlines\"\ra2,x\r"), []byte("from,to,kind,交易额（万元）\ra1,a2,,1\r\r,,,\r"), byte(0))
	f.Add([]byte("id,name\r\na1,x\r\r\na2,y\n"), []byte("from,to,\"volume, 万元\"\na1,a2,\"1,000\"\n,,\n , ,\n"), byte(64))
	f.Add(encodeAs[2].encode(f, "编号,名称\na1,华丰\na2,美伦\n")[2:], []byte("from,to,amount [USD]\na1,a2,3\n"), byte(0))
	f.Add([]byte("\xff\xfe\x00\x00i\x00\x00\x00d\x00\x00\x00"), []byte("\x00\x00\x00f\x00\x00\x00r"), byte(0))
	f.Add([]byte("id\n=x\n''=x\n'\t=1\n-5\n"), []byte("from,to,成交金额\n=x,''=x,12\n-5,'\t=1,\n"), byte(0))
	f.Add([]byte("id,name\na1,\"open\na2,x\n"), []byte("from,to\na1,a2\n\xef\xbb\xbffrom,to\n"), byte(64))
	f.Add([]byte("id,name (全称),员工（人）\na1,x,1\na2,y,n/a\n,,\n"), []byte("from,to,kind,volume (10k (yuan))\na1,a2,,1\na1,a2,,\n"), byte(3<<3))
	// Non-printing characters in headers and ids, echoed in messages.
	f.Add([]byte("id\na1\na2\n"), []byte("from,to,\"v \u202e\u200b\x1b[2J\"\na1,a2,3\n"), byte(0))
	f.Add([]byte("id,\u202ename\na1,x\na2,y\n"), []byte("from,to\na1,a\u202e2\n"), byte(0))
	f.Fuzz(func(t *testing.T, fb, lb []byte, o byte) {
		fsys := fstest.MapFS{
			"firms.csv":   {Data: fb},
			"links.csv":   {Data: lb},
			"markets.csv": {Data: []byte(markets)},
			"buyers.csv":  {Data: []byte(buyers)},
		}
		opt := fuzzOptions(o)
		opt.KeepRows = true
		res, err := Load(fsys, opt)
		if err != nil {
			if res != nil {
				t.Fatal("result and error")
			}
		} else {
			checkResult(t, res)
		}
		checkMessages(t, res, err)
		want := dump(res, err)
		opt.noFast = !opt.noFast
		if got := dump(Load(fsys, opt)); got != want {
			t.Fatalf("fast path and encoding/csv differ:\n%s\n%s", got, want)
		}
		opt.noFast, opt.workers, opt.parallelMin = false, 3, 16
		if got := dump(Load(fsys, opt)); got != want {
			t.Fatalf("parallel read differs:\n%s\n%s", got, want)
		}
		if err == nil {
			checkRoundTrip(t, res)
		}
	})
}

// checkMessages checks that no message prints raw input: no NUL, no
// byte-order mark, no invalid UTF-8, no line longer than a screenful
// because of a long value.
func checkMessages(t *testing.T, res *Result, err error) {
	t.Helper()
	var lines []string
	if err != nil {
		lines = strings.Split(err.Error(), "\n")
	} else {
		for _, w := range res.Warnings {
			lines = append(lines, w.String())
		}
	}
	for _, l := range lines {
		if !utf8.ValidString(l) || strings.ContainsAny(l, "\x00\ufeff\r") {
			t.Fatalf("raw input in a message: %q", l)
		}
		// Nothing that a terminal would act on or hide: controls,
		// bidirectional overrides, zero-width characters.
		if i := strings.IndexFunc(l, func(r rune) bool { return r != '\t' && !strconv.IsPrint(r) }); i >= 0 {
			t.Fatalf("a non-printing character in a message: %q", l)
		}
		if len(l) > 4000 {
			t.Fatalf("message of %d bytes: %.200q", len(l), l)
		}
	}
}

// checkRoundTrip writes res with WriteTables and loads the tables
// again: the same nodes, clusters and links, attributes in any order, and
// no written cell that a spreadsheet would run.
func checkRoundTrip(t *testing.T, res *Result) {
	t.Helper()
	want := canonical(res)
	tables := memFiles{}
	if err := WriteTables(res, tables.create); err != nil {
		t.Fatal(err)
	}
	for name, b := range tables {
		recs, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
		if err != nil {
			t.Fatalf("%s does not parse: %v", name, err)
		}
		for _, rec := range recs {
			for _, c := range rec {
				if csvsafe.Risky(c) && !plainNumber(c) {
					t.Fatalf("%s: cell %q runs as a formula", name, c)
				}
			}
		}
	}
	again, err := Load(tables.fs(), Options{KeepRows: true})
	if err != nil {
		t.Fatalf("the written tables do not load: %v\n%s", err, tables)
	}
	if got := canonical(again); got != want {
		t.Fatalf("the written tables load to another dataset:\n%s\nwant\n%s\ntables:\n%s", got, want, tables)
	}
}

// canonical is dumpData without warnings, attributes sorted by key.
func canonical(res *Result) string {
	d := res.Dataset
	d.Nodes = slices.Clone(d.Nodes)
	for i := range d.Nodes {
		d.Nodes[i].Attrs = slices.SortedFunc(slices.Values(d.Nodes[i].Attrs), func(a, b network.Attr) int { return strings.Compare(a.Key, b.Key) })
	}
	d.Clusters = slices.Clone(d.Clusters)
	for i := range d.Clusters {
		d.Clusters[i].Attrs = slices.SortedFunc(slices.Values(d.Clusters[i].Attrs), func(a, b network.Attr) int { return strings.Compare(a.Key, b.Key) })
	}
	s := dumpData(&Result{Dataset: d})
	return s[:strings.Index(s, "warnings:\n")] + fmt.Sprintf("unknown volumes %d, duplicate rows %d\n", res.UnknownVolumes, res.DuplicateRows)
}

// FuzzSurvey feeds arbitrary bytes as a survey and as its schema (a bad
// schema falls back to a fixed one, so that the survey is read anyway):
// nothing may panic, an accepted survey must be a consistent dataset, and
// the tables WriteTables writes must load to the same links.
func FuzzSurvey(f *testing.F) {
	const schema = `{"survey": {"relations": [
		{"prefix": "market_", "target": "market", "kind": "sale", "volume_suffix": "_volume"},
		{"prefix": "buyer_", "target": "buyer", "volume_suffix": "_v", "kind_suffix": "_k"},
		{"prefix": "contractor_", "target": "firm", "kind": "subcontract"},
		{"prefix": "supplier_", "target": "firm", "direction": "in", "volume_suffix": "_volume"}]}}`
	f.Add([]byte("编号,名称,所属集群,market_1,market_1_volume,buyer_1,buyer_1_v,buyer_1_k,contractor_1,supplier_1,supplier_1_volume\n"+
		"a1,华丰,c,m1,12.5万,w,\"1,000\",sale,a2,s1,3\na2,美伦,c,m1,,w,,,,a1,\n"), []byte(schema), byte(0))
	f.Add(gb18030(f, "id;market_1;market_1_volume\na;市场;1\nb;市场;\n"), []byte(schema), byte(0))
	f.Add([]byte("id,market_1\na,a\n"), []byte(`{"survey": {"relations": [{"prefix": "market_", "target": "firm"}]}}`), byte(0))
	f.Add([]byte("id,x_1\na,b\n"), []byte(`{"kinds": {"给": "sale"}, "survey": {"relations": [{"prefix": "x_", "target": "buyer", "kind": "给"}]}}`), byte(64))
	f.Add([]byte("企业编号（必填）,market_1,market_1_volume\r=x,''=x,1\r,,\r'=y,=x,\r"), []byte(schema), byte(0))
	f.Add([]byte("id,buyer_1,buyer_1_v,buyer_1_k\n-a,@b,,sale\n,,,\n"), []byte(schema), byte(64))
	f.Fuzz(func(t *testing.T, survey, schemaJSON []byte, o byte) {
		s, err := ParseSchema("schema.json", schemaJSON)
		if err != nil || s.Survey == nil {
			s, err = ParseSchema("schema.json", []byte(schema))
			if err != nil {
				t.Fatal(err)
			}
		}
		opt := fuzzOptions(o)
		opt.Schema = s
		res, err := LoadSurvey(fstest.MapFS{"survey.csv": {Data: survey}}, "survey.csv", opt)
		if err != nil {
			if res != nil {
				t.Fatal("result and error")
			}
			return
		}
		checkResult(t, res)
		tables := memFiles{}
		if err := WriteTables(res, tables.create); err != nil {
			t.Fatal(err)
		}
		again, err := Load(tables.fs(), Options{})
		if err != nil {
			t.Fatalf("the written tables do not load: %v\n%s", err, tables)
		}
		if len(linksOf(again)) != len(linksOf(res)) || len(again.Dataset.Nodes) != len(res.Dataset.Nodes) ||
			again.UnknownVolumes != res.UnknownVolumes || again.DuplicateRows != res.DuplicateRows {
			t.Fatalf("the written tables load to another dataset:\n%s\n%s", dumpData(again), dumpData(res))
		}
		// The same ids, exactly: distinct ids stay distinct.
		ids := func(r *Result) string {
			var s []string
			for _, nd := range r.Dataset.Nodes {
				s = append(s, nd.Type.String()+" "+strconv.Quote(nd.ID))
			}
			slices.Sort(s)
			return strings.Join(s, "\n")
		}
		if ids(again) != ids(res) {
			t.Fatalf("the written tables load to other ids:\n%s\nwant\n%s", ids(again), ids(res))
		}
	})
}

// FuzzNumber: ParseNumber never panics; what it accepts is finite and its
// plain text reads back, with strconv and with itself, to the same value.
func FuzzNumber(f *testing.F) {
	for _, s := range []string{"1,234.5", "1 234", "１２３．５", "35%", "12.3456万", "1.2亿", "1,5", "-0", "1e308", "0.00478万", "1.5e2万", "NaN", "1e-400万"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, text, err := ParseNumber(s)
		if err != nil {
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%q: %v accepted", s, v)
		}
		w, err := strconv.ParseFloat(text, 64)
		if err != nil || w != v {
			t.Fatalf("%q: text %q reads as %v %v, not %v", s, text, w, err, v)
		}
		u, again, err := ParseNumber(text)
		if err != nil || u != v || again != text {
			t.Fatalf("%q: %q reads again as %v %q %v", s, text, u, again, err)
		}
	})
}
