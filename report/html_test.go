package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"clusterchain/columns"
	"clusterchain/loaders"
	"clusterchain/network"
	"clusterchain/samples"
)

// sampleAnalysis is the embedded sample, analysed; sampled > 0 estimates
// the all-pairs figures from that many sources.
func sampleAnalysis(t testing.TB, sampled int) *network.Analysis {
	return sampleWith(t, sampled, false)
}

// sampleShocks is the sample with the SPEC §6 figures: bootstrap
// intervals and the cascade of every market and buyer.
func sampleShocks(t testing.TB) *network.Analysis { return sampleWith(t, 0, true) }

func sampleWith(t testing.TB, sampled int, shocks bool) *network.Analysis {
	t.Helper()
	res, err := loaders.Load(samples.Zhejiang(), loaders.Options{Name: samples.ZhejiangName})
	if err != nil {
		t.Fatal(err)
	}
	nw, err := network.New(res.Dataset)
	if err != nil {
		t.Fatal(err)
	}
	opt := network.Options{Seed: 1}
	if sampled > 0 {
		opt.Sampling = network.Sampling{Sources: sampled}
	}
	if shocks {
		opt.Bootstrap, opt.Risk = 50, network.RiskMarkets
	}
	a, err := network.Analyze(t.Context(), nw, opt)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// fakeDiagrams are small SVGs standing in for viz's, one with ids (and a
// reference to one) that the page must prefix.
func fakeDiagrams() map[string][]byte {
	d := map[string][]byte{}
	for _, v := range htmlViews {
		d[v] = []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<svg xmlns="http://www.w3.org/2000/svg" width="300pt" height="200pt" viewBox="0 0 300 200" class="clusterchain ` + v + `">` +
			`<defs><marker id="arrow"><path d="M0 0L4 2L0 4z"/></marker></defs>` +
			`<title>` + v + `</title><path d="M10 10H200" marker-end="url(#arrow)"/><text x="10" y="30">` + v + ` 义乌</text></svg>`)
	}
	return d
}

func fullRun(a *network.Analysis, lang, unit string) *Run {
	return &Run{Analysis: a, Lang: lang, Unit: unit, Seed: 1,
		Warnings: []string{"links.csv: 1 link has an unknown volume"},
		Notes:    []string{"network.svg: the 2 clusters with the smallest output are folded into one box"},
		Provenance: &Provenance{Version: "clusterchain v1.2.3 (commit 0123456789ab) go1.26",
			Command: "clusterchain analyze samples/zhejiang --lang " + lang,
			Inputs:  []InputFile{{Name: "firms.csv", Size: 12345, SHA256: strings.Repeat("ab", 32)}}},
		Files: []string{"clusters.svg", "flows.svg", "network.svg", "nodes.csv", "report.html", "tiers.svg"}}
}

// checkPage parses the page as XML (it is written to be well-formed:
// void elements closed, script and style in CDATA) and checks what an
// HTML5 validator would: one h1, unique ids, every fragment link pointing
// at an id, a lang attribute, and nothing loaded from elsewhere.
func checkPage(t *testing.T, page []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(page))
	d.Strict = true
	ids := map[string]bool{}
	var refs []string
	h1, depth := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			depth++
			if e.Name.Local == "h1" {
				h1++
			}
			if e.Name.Local == "html" && attrOf(e, "lang") == "" {
				t.Error("html has no lang")
			}
			for _, at := range e.Attr {
				switch at.Name.Local {
				case "id":
					if ids[at.Value] {
						t.Errorf("id %q twice", at.Value)
					}
					ids[at.Value] = true
				case "href", "src":
					if strings.HasPrefix(at.Value, "#") {
						refs = append(refs, at.Value[1:])
					} else if strings.Contains(at.Value, ":") || strings.HasPrefix(at.Value, "//") {
						t.Errorf("<%s %s=%q> points elsewhere", e.Name.Local, at.Name.Local, at.Value)
					}
				}
			}
		case xml.EndElement:
			depth--
		}
	}
	if h1 != 1 {
		t.Errorf("%d h1 elements", h1)
	}
	for _, r := range refs {
		if !ids[r] {
			t.Errorf("link to #%s, which is no id", r)
		}
	}
	if depth != 0 {
		t.Errorf("unbalanced: depth %d at the end", depth)
	}
}

func attrOf(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// The page of the sample, in both languages, estimated or exact, with and
// without diagrams, is well-formed, has one h1, unique ids and working
// internal links, and is the same on two writes.
func TestHTMLWellFormed(t *testing.T) {
	exact, sampled := sampleAnalysis(t, 0), sampleAnalysis(t, 40)
	for _, a := range []*network.Analysis{exact, sampled, sampleShocks(t), small(t)} {
		for _, lang := range []string{"en", "zh"} {
			for _, d := range []map[string][]byte{nil, fakeDiagrams()} {
				run := fullRun(a, lang, "万元")
				var b1, b2 bytes.Buffer
				if err := WriteHTML(&b1, run, d); err != nil {
					t.Fatal(err)
				}
				if err := WriteHTML(&b2, run, d); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
					t.Fatal("two writes differ")
				}
				t.Run(fmt.Sprintf("%s-%s-%d-%d", a.Network.Name(), lang, len(d), a.SampledSources), func(t *testing.T) { checkPage(t, b1.Bytes()) })
			}
		}
	}
}

// Hostile names, ids, cluster names, units, warnings, notes, command
// lines and file names are escaped; bidirectional overrides and
// characters XML forbids are shown as visible escapes; the page stays
// well-formed, and no script but the page's own can run.
func TestHTMLEscapes(t *testing.T) {
	const evil = "<script>alert(1)</script>\u202Eexe.txt\uFFFE&\"'"
	nw, err := network.New(network.Dataset{
		Name: "ds " + evil,
		Nodes: []network.Node{
			{ID: "f1" + evil, Name: "firm " + evil, Cluster: "c" + evil},
			{ID: "f2", Name: "<img src=x onerror=alert(1)>", Cluster: "c" + evil},
			{ID: "f3", Name: "义乌\u202E市", Cluster: "c2"},
			{ID: "m" + evil, Type: network.Market, Name: "market " + evil},
			{ID: "b1", Type: network.Buyer, Name: "javascript:alert(1)"},
		},
		Clusters: []network.Cluster{{ID: "c" + evil, Name: "cluster " + evil}},
		Links: []network.Link{
			{From: "f2", To: "f1" + evil, Kind: network.Subcontract, Volume: 3},
			{From: "f1" + evil, To: "m" + evil, Kind: network.Sale, Volume: 5},
			{From: "f3", To: "m" + evil, Kind: network.Sale, Volume: 2},
			{From: "f3", To: "f1" + evil, Kind: network.Supply, Volume: 1},
			{From: "m" + evil, To: "b1", Kind: network.Sale, Volume: 7},
			{From: "f2", To: "b1", Kind: network.Sale, Volume: 1},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(t.Context(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "zh"} {
		run := &Run{Analysis: a, Lang: lang, Unit: "u" + evil, Warnings: []string{"links.csv: " + evil},
			Notes: []string{"note " + evil},
			Provenance: &Provenance{Version: "v" + evil, Command: "clusterchain analyze '" + evil + "'",
				Inputs: []InputFile{{Name: "in" + evil, SHA256: "00"}}},
			Files: []string{"flows.svg", "x" + evil}}
		var buf bytes.Buffer
		if err := WriteHTML(&buf, run, fakeDiagrams()); err != nil {
			t.Fatal(err)
		}
		page := buf.String()
		checkPage(t, buf.Bytes())
		for _, bad := range []string{"<script>alert", "<img", "\u202E", "\uFFFE", `href="javascript`, "onerror=alert(1)>"} {
			if strings.Contains(page, bad) {
				t.Errorf("%s: %q in report.html", lang, bad)
			}
		}
		for _, good := range []string{`&lt;script&gt;alert(1)&lt;/script&gt;\u202Eexe.txt\uFFFE&amp;`, `义乌\u202E市`, "&lt;img src=x onerror=alert(1)&gt;"} {
			if !strings.Contains(page, good) {
				t.Errorf("%s: missing %q in report.html", lang, good)
			}
		}
		if n := strings.Count(page, "<script"); n != 1 {
			t.Errorf("%s: %d script elements", lang, n)
		}
	}
}

// The Content-Security-Policy allows exactly the page's own script: its
// hash is the SHA-256 of what the page's script element holds.
func TestHTMLContentSecurityPolicy(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, fullRun(small(t), "en", ""), fakeDiagrams()); err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(buf.String())
	m := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no script")
	}
	sum := sha256.Sum256([]byte(m[1]))
	want := "script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	if !strings.Contains(page, want) {
		t.Errorf("the policy does not allow the script (want %s)", want)
	}
	for _, want := range []string{"default-src 'none'", `http-equiv="Content-Security-Policy"`} {
		if !strings.Contains(page, want) {
			t.Errorf("missing %s", want)
		}
	}
	if strings.Contains(page, "unsafe-eval") || strings.Contains(page, "script-src 'unsafe-inline") {
		t.Error("the policy lets other scripts run")
	}
}

// Every message of the Chinese page has its Chinese text: nothing is left
// in English but names from the data, column names and formulas.
func TestHTMLChineseComplete(t *testing.T) {
	var missing []string
	for _, a := range []*network.Analysis{sampleAnalysis(t, 0), sampleAnalysis(t, 40), sampleShocks(t), small(t), bigAnalysis(t)} {
		for _, unit := range []string{"", "万元"} {
			run := fullRun(a, "zh", unit)
			for _, d := range []map[string][]byte{nil, fakeDiagrams()} {
				if err := writeHTML(io.Discard, run, d, lang{zh: true, missing: &missing}); err != nil {
					t.Fatal(err)
				}
			}
			run.Provenance = nil
			if err := writeHTML(io.Discard, run, nil, lang{zh: true, missing: &missing}); err != nil {
				t.Fatal(err)
			}
		}
	}
	slices.Sort(missing)
	for _, k := range slices.Compact(missing) {
		t.Errorf("no Chinese for %q", k)
	}
	// Every table and column description of the registry.
	for _, tb := range columns.Tables() {
		if _, ok := zhColumns[tb.Name]; !ok {
			t.Errorf("no Chinese description of %s", tb.Name)
		}
		for _, c := range tb.All() {
			if _, ok := zhColumns[tb.Name+" "+c.Name]; !ok {
				t.Errorf("no Chinese description of %s %s", tb.Name, c.Name)
			}
		}
	}
}

// bigAnalysis is a generated network with more than 25 markets and more
// clusters than the shares chart draws.
func bigAnalysis(t testing.TB) *network.Analysis {
	t.Helper()
	var ds network.Dataset
	ds.Name = "big"
	for m := range 30 {
		ds.Nodes = append(ds.Nodes, network.Node{ID: fmt.Sprintf("m%02d", m), Type: network.Market})
	}
	ds.Nodes = append(ds.Nodes, network.Node{ID: "b", Type: network.Buyer})
	for c := range 45 {
		for f := range 3 {
			id := fmt.Sprintf("f%02d-%d", c, f)
			ds.Nodes = append(ds.Nodes, network.Node{ID: id, Cluster: fmt.Sprintf("c%02d", c)})
			for m := range 1 + (c+f)%12 {
				ds.Links = append(ds.Links, network.Link{From: id, To: fmt.Sprintf("m%02d", (c+m)%30), Kind: network.Sale, Volume: float64(1 + m)})
			}
			if f > 0 {
				ds.Links = append(ds.Links, network.Link{From: id, To: fmt.Sprintf("f%02d-%d", c, f-1), Kind: network.Subcontract, Volume: 1})
			}
		}
	}
	for m := range 30 {
		ds.Links = append(ds.Links, network.Link{From: fmt.Sprintf("m%02d", m), To: "b", Kind: network.Sale, Volume: 10})
	}
	nw, err := network.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(t.Context(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// outline is the page's structure: its headings, section and figure ids,
// table headers and captions, one a line — what the golden files hold, so
// that a change of structure shows as a diff while the numbers may move.
func outline(page []byte) string {
	d := xml.NewDecoder(bytes.NewReader(page))
	var out strings.Builder
	var stack []string
	var text strings.Builder
	capture := ""
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch e := tok.(type) {
		case xml.StartElement:
			stack = append(stack, e.Name.Local)
			switch e.Name.Local {
			case "section", "figure", "article":
				fmt.Fprintf(&out, "%s<%s id=%s>\n", strings.Repeat("  ", len(stack)-3), e.Name.Local, attrOf(e, "id"))
			case "h1", "h2", "h3", "h4", "th", "caption", "dt":
				capture = e.Name.Local
				text.Reset()
			case "svg":
				fmt.Fprintf(&out, "%s<svg class=%s>\n", strings.Repeat("  ", len(stack)-3), attrOf(e, "class"))
			}
		case xml.CharData:
			if capture != "" {
				text.Write(e)
			}
		case xml.EndElement:
			if e.Name.Local == capture {
				fmt.Fprintf(&out, "%s%s: %s\n", strings.Repeat("  ", len(stack)-3), capture, strings.Join(strings.Fields(text.String()), " "))
				capture = ""
			}
			stack = stack[:len(stack)-1]
		}
	}
	return out.String()
}

// The structure of the sample's page, in English and Chinese, and the
// whole page of the small hostile network, against golden files.
func TestHTMLGolden(t *testing.T) {
	a := sampleAnalysis(t, 0)
	for _, lang := range []string{"en", "zh"} {
		var buf bytes.Buffer
		if err := WriteHTML(&buf, fullRun(a, lang, "万元"), fakeDiagrams()); err != nil {
			t.Fatal(err)
		}
		golden(t, "report-outline-"+lang+".txt", []byte(outline(buf.Bytes())))
	}
	var buf bytes.Buffer
	if err := WriteHTML(&buf, fullRun(small(t), "en", ""), fakeDiagrams()); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.html", buf.Bytes())
}

// The methods section has every column of the registry with its formula,
// reference and unit, and the volume unit on every volume column.
func TestHTMLMethodsFromRegistry(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, fullRun(small(t), "en", "万元"), nil); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	i := strings.Index(page, `id="figures"`)
	if i < 0 {
		t.Fatal("no figures part in the methods")
	}
	methods := html.UnescapeString(page[i:])
	esc := func(s string) string { return s }
	for _, tb := range columns.Tables() {
		if !strings.Contains(methods, "<h4>"+tb.Name+"</h4>") {
			t.Errorf("no %s in the methods", tb.Name)
		}
		for _, c := range tb.All() {
			row := "<td><code>" + c.Name + "</code></td><td>" + esc(c.Description) + "</td><td class=\"math\">" + esc(c.Formula) + "</td><td><code>" + esc(c.Reference) + "</code></td>"
			if !strings.Contains(methods, row) {
				t.Errorf("%s %s: no row %s", tb.Name, c.Name, row)
			}
			if c.Volume && !strings.Contains(methods, row+"<td>万元</td>") {
				t.Errorf("%s %s: volume column without the unit", tb.Name, c.Name)
			}
		}
	}
	for _, role := range []string{"coordinator", "gatekeeper", "representative", "itinerant", "liaison"} {
		if !strings.Contains(page, "<td><strong>"+role+"</strong></td>") {
			t.Errorf("brokerage role %s not defined", role)
		}
	}
}

// Every volume heading and volume figure of the page carries the unit.
func TestHTMLUnit(t *testing.T) {
	a := sampleAnalysis(t, 0)
	var buf bytes.Buffer
	if err := WriteHTML(&buf, fullRun(a, "en", "万元"), nil); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{"<th>out-volume (万元)</th>", "<th>volume (万元)</th>", "<th>direct (万元)</th>",
		"<th>through markets (万元)</th>", "万元 less of the clusters&#39; output", "<dd>万元</dd>"} {
		if !strings.Contains(page, want) {
			t.Errorf("missing %q", want)
		}
	}
	buf.Reset()
	if err := WriteHTML(&buf, fullRun(a, "en", ""), nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "<dd>not stated</dd>") || strings.Contains(buf.String(), "out-volume ()") {
		t.Error("a page without a unit says so")
	}
}

// The interpretation of each top-ten table says what kind of node leads;
// for closeness on the sample, all ten are markets and buyers.
func TestHTMLInterpretations(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, fullRun(sampleAnalysis(t, 0), "en", ""), nil); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, fig := range []string{"betweenness", "closeness", "harmonic", "pagerank", "hub", "authority"} {
		i := strings.Index(page, `id="top-`+fig+`"`)
		if i < 0 {
			t.Fatalf("no table for %s", fig)
		}
		rest := page[i:]
		note := rest[strings.Index(rest, `<p class="why">`):]
		note = note[:strings.Index(note, "</p>")]
		if !strings.Contains(note, "Here the top 10") {
			t.Errorf("%s: no composition in %q", fig, note)
		}
	}
	if !strings.Contains(page, "Closeness is incoming here") ||
		!regexp.MustCompile(`(?s)id="top-closeness".*?Here the top 10 are all markets and buyers`).MatchString(page) {
		t.Error("the closeness table does not say why its top ten are markets and buyers")
	}
	if !strings.Contains(page, "If 海宁中国皮革城 (Haining China Leather City) (market) went away") ||
		!strings.Contains(page, `<span class="caveat">model assumption: every market passes on`) {
		t.Error("the resilience finding comes without its assumption")
	}
}

// Inlined diagrams lose their fixed size (CSS sizes them), keep their
// viewBox, and have their ids prefixed so that two diagrams' ids never
// clash.
func TestInlineSVG(t *testing.T) {
	svg := []byte(`<?xml version="1.0"?>` + "\n" + `<!DOCTYPE svg><svg width="300pt" height="200pt" viewBox="0 0 300 200" class="clusterchain flows">` +
		`<marker id="a"/><path marker-end="url(#a)"/><use href="#a"/><use xlink:href="#a"/></svg>`)
	got, w, h := inlineSVG(svg, "fig-flows")
	want := `<svg viewBox="0 0 300 200" class="clusterchain flows diagram" preserveAspectRatio="xMidYMid meet">` +
		`<marker id="fig-flows-a"/><path marker-end="url(#fig-flows-a)"/><use href="#fig-flows-a"/><use xlink:href="#fig-flows-a"/></svg>`
	if string(got) != want || w != 300 || h != 200 {
		t.Errorf("got %s (%g × %g)\nwant %s", got, w, h, want)
	}
}

// Where Debian's chromium is installed, the page is rendered to a PNG as
// a person would see it; the test checks that the browser drew a page.
func TestHTMLInChromium(t *testing.T) {
	const chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no Chromium")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	if err := WriteHTML(&buf, &Run{Analysis: small(t)}, nil); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(page, buf.Bytes(), 0o644)
	png := filepath.Join(dir, "report.png")
	out, err := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--screenshot="+png, "--window-size=1200,1600", "file://"+page).CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	b, err := os.ReadFile(png)
	if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) || len(b) < 20000 {
		t.Errorf("no plausible screenshot (%d bytes, %v)", len(b), err)
	}
}

// Hostile names of the small network are escaped in the page; a hostile
// "SVG" is only what the caller passes (viz's output), so it is not
// tested here.
func TestHTMLEscapesSmall(t *testing.T) {
	a := small(t)
	var buf bytes.Buffer
	run := &Run{Analysis: a, Warnings: []string{`links.csv: <img src=x onerror=alert(1)>`}}
	if err := WriteHTML(&buf, run, nil); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, bad := range []string{"<img src=x", `<Ltd>`, `"Sons"`} {
		if strings.Contains(page, bad) {
			t.Errorf("unescaped %q in report.html", bad)
		}
	}
	for _, good := range []string{"Stitch &amp; &#34;Sons&#34; &lt;Ltd&gt;", "=HYPERLINK(", "义乌市华丰饰品有限公司", "Findings"} {
		if !strings.Contains(page, good) {
			t.Errorf("missing %q in report.html", good)
		}
	}
	if strings.Contains(page, "http://") && !strings.Contains(page, "http://x") {
		t.Error("the page loads something from elsewhere")
	}
	var again bytes.Buffer
	WriteHTML(&again, run, nil)
	if again.String() != page {
		t.Error("two writes differ")
	}
}

// With --bootstrap and --risk, the clusters table shows each share's
// interval, the chart its whiskers, the findings the failures that topple
// most with the cascade model beside them, and Methods both assumptions.
func TestHTMLShocks(t *testing.T) {
	a := sampleShocks(t)
	var buf bytes.Buffer
	if err := WriteHTML(&buf, fullRun(a, "en", "万元"), nil); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	iv := a.Bootstrap.Clusters[0].MarketShare
	for _, want := range []string{
		pct(a.Clusters[0].MarketShare) + " (" + pct(iv.Lo) + "–" + pct(iv.Hi) + ")",
		"In brackets: the 95% bootstrap interval of each share, from 50 resamples",
		"The whiskers are the 95% bootstrap intervals",
		`id="assume-bootstrap"`, `id="assume-cascade"`, `<section id="cascades">`,
		"alone topples", `<span class="caveat">cascade model:`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("missing %q", want)
		}
	}
	if n := strings.Count(page, `<path d="M`); n < len(a.Clusters) {
		t.Errorf("%d whiskers for %d clusters", n, len(a.Clusters))
	}
}

// Where Debian's chromium is installed, the page's own script runs under
// its Content-Security-Policy: every inline diagram gets its pan and zoom
// buttons, and the browser reports no refused script.
func TestHTMLScriptRunsInChromium(t *testing.T) {
	const chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no Chromium")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	if err := WriteHTML(&buf, fullRun(small(t), "en", ""), fakeDiagrams()); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(page, buf.Bytes(), 0o644)
	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--dump-dom", "file://"+page)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %s", err, stderr.String())
	}
	if n := strings.Count(stdout.String(), `<div class="tools">`); n != len(htmlViews) {
		t.Errorf("%d diagrams got their zoom buttons, want %d", n, len(htmlViews))
	}
	if strings.Contains(stderr.String(), "Content Security Policy") {
		t.Errorf("the browser refused something: %s", stderr.String())
	}
}

// WriteHTML cuts long warnings and notes on its own copies: the run's are
// written uncut into report.json, at the same time (analyze writes its
// outputs concurrently; the race detector caught the page cutting them
// in place).
func TestHTMLLeavesTheRunAlone(t *testing.T) {
	run := fullRun(small(t), "en", "")
	long := strings.Repeat("w", 3*maxLine)
	run.Warnings = []string{long}
	run.Notes = []string{long + "n"}
	var buf bytes.Buffer
	if err := WriteHTML(&buf, run, fakeDiagrams()); err != nil {
		t.Fatal(err)
	}
	if run.Warnings[0] != long || run.Notes[0] != long+"n" {
		t.Errorf("WriteHTML changed the run's warnings or notes (%d, %d bytes)", len(run.Warnings[0]), len(run.Notes[0]))
	}
	if strings.Contains(buf.String(), long) {
		t.Error("the page shows the long warning uncut")
	}
}
