package loaders_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/encoding/simplifiedchinese"

	"clusterchain/loaders"
	"clusterchain/network"
	"clusterchain/report"
	"clusterchain/samples"
)

// chinese are the Chinese headers the survey-grade sample gets, per file.
var chinese = map[string]map[string]string{
	"firms.csv": {"id": "企业编号", "name": "企业名称", "cluster": "所属集群", "town": "城镇", "province": "省份",
		"industry": "行业", "employees": "员工人数", "revenue": "营业收入", "export_share": "出口比例"},
	"markets.csv":  {"id": "市场代码", "name": "市场名称", "city": "城市", "category": "类别", "booths": "摊位数"},
	"buyers.csv":   {"id": "买家代码", "name": "买家名称", "country": "国家", "kind": "类型"},
	"clusters.csv": {"id": "集群代码", "name": "集群名称", "town": "城镇", "province": "省份", "industry": "行业"},
	"links.csv":    {"from": "供方", "to": "需方", "kind": "关系类型", "volume": "金额"},
}

var chineseKinds = map[string]string{"subcontract": "分包", "supply": "供应", "sale": "销售"}

// shift moves the decimal point of a plain decimal n places (left when
// n < 0), in the text.
func shift(x string, n int) string {
	ip, fp, _ := strings.Cut(x, ".")
	digits, point := ip+fp, len(ip)+n
	for point <= 0 {
		digits, point = "0"+digits, point+1
	}
	for point > len(digits) {
		digits += "0"
	}
	ip, fp = strings.TrimLeft(digits[:point], "0"), strings.TrimRight(digits[point:], "0")
	if ip == "" {
		ip = "0"
	}
	if fp == "" {
		return ip
	}
	return ip + "." + fp
}

// surveyGrade rewrites the embedded sample the way Excel on a Chinese
// Windows saves a survey: GB18030 without BOM, semicolons, Chinese
// headers and kinds, volumes in 万 and, with percent, export shares in %.
func surveyGrade(t *testing.T, percent bool) fstest.MapFS {
	out := fstest.MapFS{}
	for file, heads := range chinese {
		b, err := fs.ReadFile(samples.Zhejiang(), file)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		header := recs[0]
		for i, row := range recs[1:] {
			for c, v := range row {
				switch {
				case v == "":
				case file == "links.csv" && header[c] == "volume":
					row[c] = shift(v, -4) + "万"
				case file == "links.csv" && header[c] == "kind":
					row[c] = chineseKinds[strings.ToLower(v)]
				case header[c] == "export_share" && percent:
					row[c] = shift(v, 2) + "%"
				}
			}
			recs[i+1] = row
		}
		for c, h := range header {
			header[c] = heads[h]
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Comma = ';'
		w.UseCRLF = true
		if err := w.WriteAll(recs); err != nil {
			t.Fatal(err)
		}
		gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		out[file] = &fstest.MapFile{Data: gb}
	}
	return out
}

// analyse loads fsys and writes every table and report.json as the
// command does.
func analyse(t *testing.T, fsys fs.FS) (map[string][]byte, *loaders.Result) {
	res, err := loaders.Load(fsys, loaders.Options{Name: "zhejiang"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), res.Network, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	warnings := make([]string, len(res.Warnings))
	for i, w := range res.Warnings {
		warnings[i] = w.String()
	}
	run := &report.Run{Analysis: a, Warnings: warnings, UnknownVolumes: res.UnknownVolumes, DuplicateRows: res.DuplicateRows, Seed: 1}
	out := map[string][]byte{}
	for name, write := range map[string]func(io.Writer) error{
		"nodes.csv":      func(w io.Writer) error { return report.WriteNodes(w, a) },
		"clusters.csv":   func(w io.Writer) error { return report.WriteClusters(w, a) },
		"linkage.csv":    func(w io.Writer) error { return report.WriteLinkage(w, a) },
		"reach.csv":      func(w io.Writer) error { return report.WriteReach(w, a) },
		"resilience.csv": func(w io.Writer) error { return report.WriteResilience(w, a) },
		"report.json":    func(w io.Writer) error { return report.WriteJSON(w, run) },
	} {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			t.Fatal(err)
		}
		out[name] = buf.Bytes()
	}
	return out, res
}

// The "done when": the embedded sample saved as GB18030,
// semicolon-separated, with Chinese headers and 万 amounts gives tables
// byte-identical to the UTF-8 original's (report.json included: the
// attributes keep their SPEC names and values).
func TestSurveyGradeSampleIsByteIdentical(t *testing.T) {
	converted := surveyGrade(t, false)
	links := string(converted["links.csv"].Data)
	if strings.Contains(links, "from") || !strings.Contains(links, ";0.00478\xcd\xf2\r\n") { // 万 in GB18030
		t.Fatalf("the conversion did not happen:\n%.200q", links)
	}
	want, _ := analyse(t, samples.Zhejiang())
	got, res := analyse(t, converted)
	for _, in := range res.Inputs {
		if in.Encoding != "GB18030 (not UTF-8)" || in.Delimiter != ";" {
			t.Errorf("read %s", in)
		}
	}
	for name, w := range want {
		if !bytes.Equal(got[name], w) {
			t.Errorf("%s differs:\n%s\nwant\n%s", name, firstDiff(got[name], w), firstDiff(w, got[name]))
		}
	}
}

// Export shares written as percentages read to the same numbers (in
// plain form: 30% is 0.3, where the original wrote 0.30).
func TestSurveyGradePercentages(t *testing.T) {
	want, err := loaders.Load(samples.Zhejiang(), loaders.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := loaders.Load(surveyGrade(t, true), loaders.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i, nd := range want.Dataset.Nodes {
		for j, a := range nd.Attrs {
			if a.Key != "export_share" {
				continue
			}
			b := got.Dataset.Nodes[i].Attrs[j]
			x, _, _ := loaders.ParseNumber(a.Value)
			y, _, _ := loaders.ParseNumber(b.Value)
			if b.Key != a.Key || x != y {
				t.Errorf("%s: %v, want %v", nd.ID, b, a)
			}
			n++
		}
	}
	if n < 150 {
		t.Errorf("only %d export shares", n)
	}
}

func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	start := max(0, i-80)
	return string(a[start:min(len(a), i+80)])
}

func TestShift(t *testing.T) {
	for _, tc := range []struct {
		x    string
		n    int
		want string
	}{{"47.8", -4, "0.00478"}, {"1361.5", -4, "0.13615"}, {"0.32", 2, "32"}, {"0.05", 2, "5"}, {"0.7", 2, "70"}, {"12345", -4, "1.2345"}} {
		if got := shift(tc.x, tc.n); got != tc.want {
			t.Errorf("shift(%s, %d) = %s, want %s", tc.x, tc.n, got, tc.want)
		}
	}
}

// network.New looks link ends up through its own id table when a
// dataset has 65,536 links or more: the same network as through the map,
// and the same errors.
func TestNetworkNewLarge(t *testing.T) {
	var d network.Dataset
	for i := 0; i < 5000; i++ {
		d.Nodes = append(d.Nodes, network.Node{ID: fmt.Sprintf("f%05d", 4999-i), Type: network.Firm})
	}
	d.Nodes = append(d.Nodes, network.Node{ID: "a firm with an id of more than sixteen bytes", Type: network.Firm},
		network.Node{ID: "m", Type: network.Market})
	const long = "a firm with an id of more than sixteen bytes"
	for i := 0; i < 70000; i++ { // 14 distinct partners per firm
		f, k := i%5000, i/5000
		from, to, kind := fmt.Sprintf("f%05d", f), fmt.Sprintf("f%05d", (f+1+k)%5000), network.Supply
		switch {
		case k == 13 && f%2 == 0:
			to = long
		case k == 13:
			to, kind = "m", network.Sale
		}
		d.Links = append(d.Links, network.Link{From: from, To: to, Kind: kind, Volume: float64(i)})
	}
	big, err := network.New(d)
	if err != nil {
		t.Fatal(err)
	}
	// Every link of d is in the network, between the nodes Index gives.
	type key struct {
		from, to int32
		kind     network.Kind
		vol      float64
	}
	have := map[key]bool{}
	for _, l := range big.Links() {
		have[key{l.From, l.To, l.Kind, l.Volume}] = true
	}
	for _, l := range d.Links {
		f, ok1 := big.Index(l.From)
		to, ok2 := big.Index(l.To)
		if !ok1 || !ok2 || !have[key{f, to, l.Kind, l.Volume}] {
			t.Fatalf("link %+v missing", l)
		}
	}
	if len(have) != len(d.Links) {
		t.Errorf("%d links, want %d", len(have), len(d.Links))
	}
	d.Links[70] = network.Link{From: "f00001", To: "nobody", Kind: network.Supply}
	if _, err := network.New(d); err == nil || err.Error() != `unknown id "nobody" (link 71, to)` {
		t.Errorf("got %v", err)
	}
}
