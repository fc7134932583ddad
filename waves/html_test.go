package waves

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"clusterchain/report"
)

// The page escapes every text, shows every churn row and the moves.
func TestSeriesHTML(t *testing.T) {
	nodesA := "id,type,name,cluster\na,firm,a,<script>x</script>\nb,firm,b,K\nm,market,m,\n"
	nodesB := "id,type,name,cluster\na,firm,a,<script>x</script>\nb,firm,b,K\nm,market,m,\n"
	clustersA := "id,name,out_volume,market_share\n<script>x</script>,S,10,0.5\nK,K,4,1\n"
	clustersB := "id,name,out_volume,market_share\n<script>x</script>,S,20,0.75\nK,K,4,1\n"
	var ws []*Wave
	var ts [][]report.Table
	for _, f := range []struct{ nodes, clusters, edges string }{
		{nodesA, clustersA, "a,m,5,sale\na,b,5,supply\nb,m,4,sale\n"},
		{nodesB, clustersB, "a,m,15,sale\nb,m,4,sale\n"},
	} {
		fs := waveFSWith(f.nodes, f.edges)
		fs["clusters.csv"] = &fstest.MapFile{Data: []byte(f.clusters)}
		tables, err := ReadTables(fs)
		if err != nil {
			t.Fatal(err)
		}
		w, err := ReadWave(fs)
		if err != nil {
			t.Fatal(err)
		}
		ws, ts = append(ws, w), append(ts, tables)
	}
	s := NewSeries([]string{"2023 <a>", "2024"}, ws, ts, 5)
	var buf bytes.Buffer
	if err := s.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if strings.Contains(page, "<script") || strings.Contains(page, "<a>") {
		t.Error("text reaches the page unescaped")
	}
	for _, want := range []string{"&lt;script&gt;x&lt;/script&gt;", "Wave 1 (2023 &lt;a&gt;) → wave 2 (2024)", "66.7% of the links of wave 1",
		"<td>market_share</td><td class=\"n\">50.0%</td><td class=\"n\">75.0%</td><td class=\"n\">&#43;25.0 pp</td>",
		"10.00</td><td class=\"n\">20.00</td><td class=\"n\">&#43;10.00 (&#43;100.0%)", "whole network"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Well-formed enough for an XML parser once the doctype is dropped.
	dec := xml.NewDecoder(strings.NewReader(strings.TrimPrefix(page, "<!DOCTYPE html>\n")))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("page does not parse: %v", err)
		}
	}
}
