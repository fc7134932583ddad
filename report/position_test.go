package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"clusterchain/network"
)

// analyze builds and analyses a hand-made network.
func analyze(t *testing.T, ds network.Dataset) *network.Analysis {
	t.Helper()
	nw, err := network.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(t.Context(), nw, network.Options{Seed: 1, KeyPlayers: 2})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// chainNet is the chain f1 → m → b: f1, the one firm of cluster A, sells
// to buyer b through market m only. Trophic levels 0, 1, 2 (F₀ = 0); the
// chokepoints from A to b are f1 and then m, one channel; no tie on a
// cycle, none returned; the largest strongly connected component is a
// single node, the smallest id, b, and f1 and m reach it (IN).
func chainNet(t *testing.T) *network.Analysis {
	return analyze(t, network.Dataset{Name: "chain",
		Nodes: []network.Node{{ID: "f1", Name: "Firm One", Cluster: "A"},
			{ID: "m", Type: network.Market, Name: "大唐轻纺袜业城"}, {ID: "b", Type: network.Buyer, Name: "IKEA"}},
		Clusters: []network.Cluster{{ID: "A", Name: "Datang hosiery"}},
		Links: []network.Link{{From: "f1", To: "m", Kind: network.Sale, Volume: 10},
			{From: "m", To: "b", Kind: network.Sale, Volume: 10}}})
}

// parallelNet is two markets in parallel: a1 sells through m1, a2
// through m2, both markets to b; no chokepoint, two channels.
func parallelNet(t *testing.T) *network.Analysis {
	return analyze(t, network.Dataset{Name: "parallel",
		Nodes: []network.Node{{ID: "a1", Cluster: "A"}, {ID: "a2", Cluster: "A"},
			{ID: "m1", Type: network.Market, Name: "Market One"}, {ID: "m2", Type: network.Market, Name: "Market Two"},
			{ID: "b", Type: network.Buyer, Name: "IKEA"}},
		Clusters: []network.Cluster{{ID: "A", Name: "Datang hosiery"}},
		Links: []network.Link{{From: "a1", To: "m1", Kind: network.Sale, Volume: 3}, {From: "a2", To: "m2", Kind: network.Sale, Volume: 5},
			{From: "m1", To: "b", Kind: network.Sale, Volume: 3}, {From: "m2", To: "b", Kind: network.Sale, Volume: 5}}})
}

// page writes the page of a in lang and returns it unescaped.
func pageOf(t *testing.T, a *network.Analysis, lang string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, fullRun(a, lang, "万元"), nil); err != nil {
		t.Fatal(err)
	}
	checkPage(t, buf.Bytes())
	return html.UnescapeString(buf.String())
}

// section is the part of the page from the element with id to the next
// section.
func section(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no #%s", id)
	}
	rest := page[i:]
	if j := strings.Index(rest[1:], "<section "); j >= 0 {
		rest = rest[:j+1]
	}
	return rest
}

// The position section, the profile's chokepoints and channels and the
// methods' network figures, with the numbers worked by hand above, in
// English and Chinese.
func TestHTMLPosition(t *testing.T) {
	chain, parallel := chainNet(t), parallelNet(t)
	if r := chain.Reach; len(r) != 1 || len(r[0].Chokepoints) != 2 || r[0].Channels != 1 {
		t.Fatalf("chain reach %+v", r)
	}
	if r := parallel.Reach; len(r) != 1 || len(r[0].Chokepoints) != 0 || r[0].Channels != 2 {
		t.Fatalf("parallel reach %+v", r)
	}
	// Hill on the chain: n = 3, degrees 2, 1, 1, k = min(⌈√3⌉, 3 − 1) = 2,
	// α = 1 + 2 / (ln 2 + ln 1).
	if got, want := chain.Structure.DegreeTailExponent, 1+2/math.Ln2; math.Abs(got-want) > 1e-12 {
		t.Errorf("tail exponent %v, want %v", got, want)
	}
	cases := []struct {
		name, lang string
		a          *network.Analysis
		position   []string // in the position section
		profile    []string // in the cluster's profile
		findings   []string
	}{
		{"chain", "en", chain,
			[]string{">all 1 firm<", ">0.00 (0.00–0.00)<", ">all 1 market<", ">1.00 (1.00–1.00)<", ">all 1 buyer<", ">2.00 (2.00–2.00)<",
				`<span class="v">0.00</span> 0 for a perfect chain, about 1 for pure cycles: the network is close to a clean chain`,
				`<span class="v">100.0%</span> No tie lies on a cycle`, `<span class="v">0.0%</span> The share of ties that are returned`,
				`<span class="v">–</span> not defined for this network (no ties, or every seller`,
				`<span class="v">core 33.3%, IN 66.7%, OUT 0.0%, rest 0.0%</span>`, "This network has no cycle, so its core is a single node",
				`<span class="v">3.89</span> An estimate (Hill, over the 2 largest total degrees, from degree 1 up)`},
			[]string{"Every sale of Datang hosiery to IKEA (100.0% of its output) passes through its firm Firm One and then 大唐轻纺袜业城: one channel.",
				"<th>channels</th>"},
			[]string{"1 of 1 cluster–buyer ties hang on a single chokepoint (one channel). The one they hang on most often is 大唐轻纺袜业城 (market), for 1 of them.",
				"Taken together, the 2 key players would cut 10 万元, 100% of the cluster volume that reaches buyers",
				"Trophic incoherence F₀ = 0.00"}},
		{"parallel", "en", parallel, []string{">all 2 markets<", ">1.00 (1.00–1.00)<", ">all 2 firms<", ">0.00 (0.00–0.00)<"},
			[]string{"Independent channels (paths that share no firm, market or buyer): 2 channels to IKEA."},
			nil},
		{"chain", "zh", chain,
			[]string{"在产业链中的位置", ">全部 1 家企业<", ">2.00 (2.00–2.00)<", "完美链条为 0，纯循环约为 1：网络接近一条整齐的链条",
				`<span class="v">核心 33.3%，IN 66.7%，OUT 0.0%，其余 0.0%</span>`},
			[]string{"Datang hosiery对IKEA的全部销售（占其产出的 100.0%）都要经过其企业Firm One，再经过大唐轻纺袜业城：只有一条渠道。", "<th>独立渠道</th>"},
			[]string{"在 1 个集群–采购商组合中，有 1 个只靠单一瓶颈"}},
		{"parallel", "zh", parallel, []string{">全部 2 个专业市场<"},
			[]string{"独立渠道（不共用任何企业、市场或采购商的路径）：通往IKEA的2 条独立渠道。"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name+"-"+c.lang, func(t *testing.T) {
			page := pageOf(t, c.a, c.lang)
			pos := section(t, page, "position")
			for _, w := range c.position {
				if !strings.Contains(pos, w) {
					t.Errorf("position section lacks %q", w)
				}
			}
			prof := section(t, page, "cluster-1")
			prof = prof[:strings.Index(prof, "</article>")]
			for _, w := range c.profile {
				if !strings.Contains(prof, w) {
					t.Errorf("profile lacks %q:\n%s", w, prof)
				}
			}
			fnd := section(t, page, "findings")
			for _, w := range c.findings {
				if !strings.Contains(fnd, w) {
					t.Errorf("findings lack %q", w)
				}
			}
			if !strings.Contains(page, `<a href="#position">`) {
				t.Error("no entry in the contents")
			}
			for _, key := range []string{"trophic_incoherence", "flow_hierarchy", "reciprocity", "assortativity", "bowtie", "degree_tail_exponent"} {
				if !strings.Contains(section(t, page, "methods"), "<td><code>"+key+"</code></td>") {
					t.Errorf("methods do not define %s", key)
				}
			}
		})
	}
	// The parallel network has no chokepoint: no such finding.
	if strings.Contains(section(t, pageOf(t, parallel, "en"), "findings"), "chokepoint") {
		t.Error("a chokepoint finding without a chokepoint")
	}
}

// A profile names at most routeChokepoints chokepoint buyers in full,
// lists the others that hang on one by name up to routeChannels, and
// counts the rest.
func TestHTMLRoutesCompact(t *testing.T) {
	ds := network.Dataset{Name: "many", Clusters: []network.Cluster{{ID: "A", Name: "A"}}}
	ds.Nodes = append(ds.Nodes, network.Node{ID: "f", Cluster: "A"}, network.Node{ID: "g", Cluster: "A"})
	for i := range 12 {
		b := fmt.Sprintf("b%02d", i)
		ds.Nodes = append(ds.Nodes, network.Node{ID: b, Type: network.Buyer})
		ds.Links = append(ds.Links, network.Link{From: "f", To: b, Kind: network.Sale, Volume: float64(20 - i)})
	}
	ds.Links = append(ds.Links, network.Link{From: "g", To: "f", Kind: network.Supply, Volume: 1})
	page := pageOf(t, analyze(t, ds), "en")
	prof := section(t, page, "cluster-1")
	if n := strings.Count(prof, "Every sale of A to "); n != routeChokepoints {
		t.Errorf("%d chokepoint sentences, want %d", n, routeChokepoints)
	}
	if !strings.Contains(prof, "Every sale of A to b00 (") || !strings.Contains(prof, "comes from one of its firms, f: one channel.") {
		t.Error("the largest buyer is not written out")
	}
	if !strings.Contains(prof, "Also on a single chokepoint: b04, b05, b06, b07, b08, and 3 buyers more (reach.csv).") &&
		!strings.Contains(prof, "Also on a single chokepoint: b04, b05, b06, b07, b08, and 3 more") {
		i := strings.Index(prof, "Also on")
		t.Errorf("the rest are not counted: %s", prof[i:min(len(prof), i+200)])
	}
}

// textBox is the estimated box of one SVG text.
type textBox struct {
	s                      string
	x0, y0, x1, y1         float64
	rotated                bool
	anchor, transform, src string
}

// svgTexts returns the view box and the boxes of the texts of one SVG
// chart (its own text, not its <title> tooltips), estimated as textWidth
// does for the layout; a text rotated by −90° about translate(x y) is
// turned accordingly.
func svgTexts(t *testing.T, svg string) (vb [4]float64, boxes []textBox) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	d.Strict = true
	fontStack := []float64{}
	var cur *textBox
	var curFont float64
	inTitle := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG not well-formed: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			fs := 0.0
			if len(fontStack) > 0 {
				fs = fontStack[len(fontStack)-1]
			}
			if v := attrOf(e, "font-size"); v != "" {
				fs, _ = strconv.ParseFloat(v, 64)
			}
			fontStack = append(fontStack, fs)
			switch e.Name.Local {
			case "svg":
				fmt.Sscan(attrOf(e, "viewBox"), &vb[0], &vb[1], &vb[2], &vb[3])
			case "title":
				inTitle++
			case "text":
				x, _ := strconv.ParseFloat(attrOf(e, "x"), 64)
				y, _ := strconv.ParseFloat(attrOf(e, "y"), 64)
				cur = &textBox{x0: x, y0: y, anchor: attrOf(e, "text-anchor"), transform: attrOf(e, "transform")}
				curFont = fs
			}
		case xml.CharData:
			if cur != nil && inTitle == 0 {
				cur.s += string(e)
			}
		case xml.EndElement:
			fontStack = fontStack[:len(fontStack)-1]
			switch e.Name.Local {
			case "title":
				inTitle--
			case "text":
				w := textWidth(cur.s, curFont)
				x, y := cur.x0, cur.y0
				if m := regexp.MustCompile(`translate\(([-\d.]+) ([-\d.]+)\) rotate\(-90\)`).FindStringSubmatch(cur.transform); m != nil {
					x, _ = strconv.ParseFloat(m[1], 64)
					y, _ = strconv.ParseFloat(m[2], 64)
					cur.rotated = true
				}
				lo := 0.0
				switch cur.anchor {
				case "middle":
					lo = -w / 2
				case "end":
					lo = -w
				}
				if cur.rotated { // reading upwards: along −y
					cur.x0, cur.x1 = x-0.8*curFont, x+0.25*curFont
					cur.y0, cur.y1 = y-lo-w, y-lo
				} else {
					cur.x0, cur.x1 = x+lo, x+lo+w
					cur.y0, cur.y1 = y-0.8*curFont, y+0.25*curFont
				}
				cur.src = fmt.Sprintf("%q at (%.1f, %.1f)", cur.s, x, y)
				boxes = append(boxes, *cur)
				cur = nil
			}
		}
	}
	return vb, boxes
}

// checkChart checks that every text of a chart lies inside its view box
// and that no two texts overlap.
func checkChart(t *testing.T, name, svg string) {
	t.Helper()
	if svg == "" {
		return
	}
	vb, boxes := svgTexts(t, svg)
	if vb[2] <= 0 || vb[3] <= 0 {
		t.Fatalf("%s: no view box", name)
	}
	if len(boxes) == 0 {
		t.Fatalf("%s: no text", name)
	}
	for i, b := range boxes {
		if b.x0 < vb[0]-0.5 || b.y0 < vb[1]-0.5 || b.x1 > vb[0]+vb[2]+0.5 || b.y1 > vb[1]+vb[3]+0.5 {
			t.Errorf("%s: %s leaves the view box %v (box %.1f,%.1f–%.1f,%.1f)", name, b.src, vb, b.x0, b.y0, b.x1, b.y1)
		}
		for _, c := range boxes[i+1:] {
			if b.x0 < c.x1-0.5 && c.x0 < b.x1-0.5 && b.y0 < c.y1-0.5 && c.y0 < b.y1-0.5 {
				t.Errorf("%s: %s overlaps %s", name, b.src, c.src)
			}
		}
	}
}

// The trophic chart and the degree plot keep every label inside the
// picture and apart from the others, in both languages, on the sample, a
// generated network with more clusters than the chart draws, and the hand
// networks; the fitted tail stays inside the plot frame.
func TestChartsGeometry(t *testing.T) {
	nets := []*network.Analysis{sampleAnalysis(t, 0), bigAnalysis(t), chainNet(t), parallelNet(t), small(t), starThroughMarket(t)}
	frame := regexp.MustCompile(`<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="none"`)
	tail := regexp.MustCompile(`<path d="M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)" stroke="#D55E00"`)
	for _, a := range nets {
		for _, lang := range []string{"en", "zh"} {
			p := buildPage(fullRun(a, lang, "万元"), nil, newLang(lang))
			name := a.Network.Name() + "-" + lang
			if p.Position == nil || p.Position.Chart == "" {
				t.Fatalf("%s: no trophic chart", name)
			}
			chart := string(p.Position.Chart)
			checkChart(t, name+" levels", chart)
			// One row per type and per cluster with firms, at most maxLevelRows clusters.
			rows := strings.Count(chart, "<circle ")
			want := len(TrophicByType(a)) + min(len(TrophicByCluster(a)), maxLevelRows)
			if rows != want {
				t.Errorf("%s: %d rows in the trophic chart, want %d", name, rows, want)
			}
			deg := string(p.Structure.Degree)
			checkChart(t, name+" degree", deg)
			if m := tail.FindStringSubmatch(deg); m != nil {
				f := frame.FindStringSubmatch(deg)
				var v [8]float64
				for i := range 4 {
					v[i], _ = strconv.ParseFloat(f[i+1], 64)
					v[4+i], _ = strconv.ParseFloat(m[i+1], 64)
				}
				for _, pt := range [][2]float64{{v[4], v[5]}, {v[6], v[7]}} {
					if pt[0] < v[0]-0.1 || pt[0] > v[0]+v[2]+0.1 || pt[1] < v[1]-0.1 || pt[1] > v[1]+v[3]+0.1 {
						t.Errorf("%s: the fitted tail reaches (%v, %v), outside the frame %v", name, pt[0], pt[1], v[:4])
					}
				}
			} else if !math.IsNaN(a.Structure.DegreeTailExponent) {
				t.Errorf("%s: α = %v but no fitted tail", name, a.Structure.DegreeTailExponent)
			}
		}
	}
}
