package viz

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"clusterchain/network"
)

func cascadeSVG(t *testing.T, a *network.Analysis, removed []string, theta float64, opt Options) (*Diagram, []byte) {
	t.Helper()
	nw := a.Network
	var idx []int32
	for _, id := range removed {
		v, ok := nw.Index(id)
		if !ok {
			t.Fatalf("no node %s", id)
		}
		idx = append(idx, v)
	}
	c, err := nw.Cascade(context.Background(), idx, theta)
	if err != nil {
		t.Fatal(err)
	}
	d, err := BuildCascade(a, c, opt)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.Render(context.Background(), "svg", &buf); err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("cascade.svg is not well-formed XML: %v", err)
		}
	}
	return d, buf.Bytes()
}

// The hostile network without its market: f1 (all its sales went there)
// and f3 (50 of 70) fail in round 1, then f2 (it subcontracts only for
// f1) and f4 (its contractor f3 failed) — every failure drawn, with its
// name escaped, in its round's column, each joined to what it lost.
func TestCascadeDiagram(t *testing.T) {
	a := hostile(t)
	nw := a.Network
	c, _ := nw.Cascade(context.Background(), []int32{mustIndex(t, nw, "m1")}, 0.5)
	_, svg := cascadeSVG(t, a, []string{"m1"}, 0.5, Options{})
	s := string(svg)
	for _, want := range []string{">removed<", ">round 1<", "&lt;script&gt;alert(1)&lt;/script&gt;", "Stitch &amp; &quot;Sons&quot;"} {
		if !strings.Contains(s, want) {
			t.Errorf("cascade.svg lacks %q", want)
		}
	}
	if strings.Contains(s, "<script>") {
		t.Error("a name reaches the SVG unescaped")
	}
	if got := strings.Count(s, `<g class="node">`); got != len(c.Failures) {
		t.Errorf("%d nodes drawn, %d failed", got, len(c.Failures))
	}
	// One line per link between a failure and an earlier one.
	round := map[int32]int{}
	for _, f := range c.Failures {
		round[f.Node] = f.Round
	}
	want := 0
	for _, f := range c.Failures {
		out, ow := nw.G().Out(f.Node)
		for k, u := range out {
			if r, ok := round[u]; ok && r < f.Round && ow[k] > 0 {
				want++
			}
		}
		in, iw := nw.G().In(f.Node)
		for k, u := range in {
			if r, ok := round[u]; ok && r < f.Round && iw[k] > 0 {
				want++
			}
		}
	}
	if got := strings.Count(s, `<g class="link">`); got != want || want == 0 {
		t.Errorf("%d links drawn, want %d", got, want)
	}
	checkGeometry(t, "cascade.svg", parseGeometry(t, svg))
}

func mustIndex(t *testing.T, nw *network.Network, id string) int32 {
	t.Helper()
	v, ok := nw.Index(id)
	if !ok {
		t.Fatalf("no node %s", id)
	}
	return v
}

// A large cascade folds: a column holds at most cascadeMaxPerColumn
// boxes, the rest are counted, the notes say so; in Chinese no message
// falls back to English.
func TestCascadeDiagramFolds(t *testing.T) {
	a := loadAnalysis(t, "synth:2000")
	var markets []string
	for _, nd := range a.Network.Nodes() {
		if nd.Type == network.Market {
			markets = append(markets, nd.ID)
		}
	}
	for _, lang := range []string{"en", "zh"} {
		d, svg := cascadeSVG(t, a, markets[:3], 0.3, Options{Lang: lang})
		s := string(svg)
		if n := strings.Count(s, `<g class="node">`) + strings.Count(s, `<g class="more">`); n > cascadeMaxColumns*cascadeMaxPerColumn {
			t.Errorf("%s: %d boxes drawn", lang, n)
		}
		if !strings.Contains(s, `<g class="more">`) || len(d.Notes) == 0 {
			t.Errorf("%s: a cascade of 2,000 firms drawn without folding (notes %v)", lang, d.Notes)
		}
		checkGeometry(t, "cascade.svg "+lang, parseGeometry(t, svg))
		b := &builder{a: a, opt: Options{Lang: lang, Title: "x"}}
		c, _ := a.Network.Cascade(context.Background(), []int32{mustIndex(t, a.Network, markets[0])}, 0.3)
		b.drawCascade(&Diagram{}, c)
		if len(b.missing) > 0 {
			t.Errorf("%s: messages without Chinese: %v", lang, b.missing)
		}
	}
	if _, err := BuildCascade(a, &network.Cascade{Threshold: 0.5}, Options{Lang: "fr"}); err == nil {
		t.Error("an unknown language: no error")
	}
}
