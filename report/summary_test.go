package report

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"clusterchain/network"
)

// longNames is a network whose names and ids are huge, carry a
// right-to-left override and control characters.
func longNames(t *testing.T, size int) *network.Analysis {
	t.Helper()
	big := strings.Repeat("义乌Yiwu ", size/10)
	nw, err := network.New(network.Dataset{
		Name: "ds" + big,
		Nodes: []network.Node{
			{ID: "f1", Name: big + "tail", Cluster: "c" + big},
			{ID: "f2", Name: "evil\u202Etxt.exe\r\x1b[31m", Cluster: "c" + big},
			{ID: "m" + big, Type: network.Market, Name: "Market " + big},
			{ID: "b1", Type: network.Buyer, Name: "buyer\u2066iso\u2069"},
		},
		Links: []network.Link{
			{From: "f1", To: "m" + big, Kind: network.Sale, Volume: 5},
			{From: "f2", To: "m" + big, Kind: network.Sale, Volume: 1},
			{From: "f2", To: "f1", Kind: network.Subcontract, Volume: 2},
			{From: "m" + big, To: "b1", Kind: network.Sale, Volume: 6},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// A multi-megabyte name puts a few kilobytes on the terminal, each cut
// value saying its full size; bidi and control characters are shown as
// escapes, never passed to the terminal.
func TestSummaryBoundedAndVisible(t *testing.T) {
	const size = 4 << 20
	a := longNames(t, size)
	r := &Run{Analysis: a, Warnings: []string{"links.csv: " + strings.Repeat("w", size)}, Notes: []string{"note \u202E"}}
	var b bytes.Buffer
	if err := WriteSummary(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if b.Len() > 16<<10 {
		t.Errorf("summary of %d bytes", b.Len())
	}
	for _, want := range []string{"bytes)", `evil\u202Etxt.exe\u000D\u001B[31m`, `buyer\u2066iso\u2069`, `note \u202E`} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	for _, r := range out {
		if (r < ' ' && r != '\n') || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) {
			t.Fatalf("summary passes %U to the terminal", r)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if DisplayWidth(line) > maxLine+200 {
			t.Errorf("line of %d columns", DisplayWidth(line))
		}
	}
	b.Reset()
	if err := WriteSummaryJSON(&b, r, "out", nil); err != nil {
		t.Fatal(err)
	}
	// The dataset object and ids are data, written exactly (the long
	// dataset name, cluster id and market id, the last in both top lists:
	// five copies); names and findings are display text and cut.
	if big := len(a.Network.Name()); b.Len() > 5*big+64<<10 {
		t.Errorf("summary JSON of %d bytes", b.Len())
	}
	var doc struct {
		Findings    []string
		MarketShare []struct{ ID, Name string } `json:"market_share"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range doc.Findings {
		if len(f) > 2*maxLine {
			t.Errorf("finding of %d bytes", len(f))
		}
	}
	if len(doc.MarketShare) == 0 || len(doc.MarketShare[0].Name) > 4*maxValue || len(doc.MarketShare[0].ID) < size {
		t.Errorf("market_share %d entries", len(doc.MarketShare))
	}
}

func TestShown(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"plain", 80, "plain"},
		{"a\tb\nc", 80, "a b c"},
		{"abcdef", 3, "abc… (6 bytes)"},
		{"义乌义乌", 5, "义乌… (12 bytes)"},
		{"x\u202Ey", 80, `x\u202Ey`},
		{strings.Repeat("z", 1234567), 2, "zz… (1,234,567 bytes)"},
	} {
		if got := Shown(c.in, c.max); got != c.want {
			t.Errorf("Shown(%.20q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
}

// The volume unit follows every volume of the summary and is the
// dataset's "unit" in report.json; without one the field is absent.
func TestUnit(t *testing.T) {
	a := small(t)
	for _, unit := range []string{"万元", ""} {
		r := &Run{Analysis: a, Unit: unit}
		var b bytes.Buffer
		if err := WriteSummary(&b, r); err != nil {
			t.Fatal(err)
		}
		hasUnit := strings.Contains(b.String(), "went away, 2.50 万元 less of the clusters' output")
		if hasUnit != (unit != "") {
			t.Errorf("unit %q: summary\n%s", unit, b.String())
		}
		b.Reset()
		if err := WriteJSON(&b, r); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Dataset map[string]any
		}
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		got, present := doc.Dataset["unit"]
		if present != (unit != "") || present && got != unit {
			t.Errorf("unit %q: report.json dataset.unit = %v (present %v)", unit, got, present)
		}
		if err := validate(t, compileSchemas(t)["urn:clusterchain:schema:report:v1"], b.Bytes()); err != nil {
			t.Errorf("unit %q: %v", unit, err)
		}
		b.Reset()
		if err := WriteSummaryJSON(&b, r, "out", nil); err != nil {
			t.Fatal(err)
		}
		if err := validate(t, compileSchemas(t)["urn:clusterchain:schema:summary:v1"], b.Bytes()); err != nil {
			t.Errorf("unit %q: summary: %v", unit, err)
		}
		if strings.Contains(b.String(), "万元") != (unit != "") {
			t.Errorf("unit %q: summary JSON %s", unit, b.String())
		}
	}
}
