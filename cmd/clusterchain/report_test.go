package main

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"html"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"clusterchain/internal/atomicfs"
	"clusterchain/viz"
)

// The command line a report records: as given, quoted for a shell, without
// the flags that change no output (and their values, in either spelling).
func TestCommandLine(t *testing.T) {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.String("o", "out", "")
	fs.String("formats", "all", "")
	fs.String("lang", "en", "")
	fs.Bool("quiet", false, "")
	fs.Bool("json", false, "")
	fs.Int("workers", 0, "")
	fs.Uint64("seed", 1, "")
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "clusterchain analyze"},
		{[]string{"samples/zhejiang", "-o", "/tmp/x", "--quiet"}, "clusterchain analyze samples/zhejiang"},
		{[]string{"-o=/tmp/x", "ds", "--workers", "4", "--json=true", "--seed", "7"}, "clusterchain analyze ds --seed 7"},
		{[]string{"my survey", "--lang", "zh", "--formats=csv,html"}, "clusterchain analyze 'my survey' --lang zh --formats=csv,html"},
		{[]string{"调查/2024", "--unknown", "it's"}, `clusterchain analyze 调查/2024 --unknown 'it'\''s'`},
		{[]string{"a\u202eb", "$(rm -rf x)", ""}, "clusterchain analyze 'a\u202eb' '$(rm -rf x)' ''"},
		{[]string{"ds", "--", "-o"}, "clusterchain analyze ds -- -o"},
	} {
		if got := commandLine("analyze", fs, c.args); got != c.want {
			t.Errorf("commandLine(%q) = %q, want %q", c.args, got, c.want)
		}
	}
}

// Dates Chromium stamps into a PDF are fixed, at the same length (the
// cross-reference offsets stay right); nothing else changes.
func TestStablePDF(t *testing.T) {
	in := "%PDF-1.4\n/Producer (Skia/PDF m156)\n/CreationDate (D:20261201121757+00'00')\n/ModDate (D:20261201121757+00'00')>>\n/Title (D:20261201121757)"
	want := "%PDF-1.4\n/Producer (Skia/PDF m156)\n/CreationDate (D:20000101000000+00'00')\n/ModDate (D:20000101000000+00'00')>>\n/Title (D:20261201121757)"
	if got := string(stablePDF([]byte(in))); got != want {
		t.Errorf("stablePDF:\n%s\nwant\n%s", got, want)
	}
}

// The page report.pdf prints keeps its links within the page and drops
// those to the files beside it (Chromium would make them URIs into its
// temporary directory).
func TestPrintable(t *testing.T) {
	in := `<a href="#methods">m</a> <a class="full" href="flows.svg">flows.svg</a> <a href="report.json">j</a>`
	want := `<a href="#methods">m</a> <a class="full">flows.svg</a> <a>j</a>`
	if got := string(printable([]byte(in))); got != want {
		t.Errorf("printable: %s", got)
	}
}

// "all" is every format but PDF, which is named on its own.
func TestFormatsAll(t *testing.T) {
	all, err := parseFormats("all")
	if err != nil || slices.Contains(all, "pdf") || !slices.Contains(all, "html") || !slices.Contains(all, "net") {
		t.Errorf("all = %v, %v", all, err)
	}
	both, err := parseFormats("pdf,all")
	if err != nil || !slices.Contains(both, "pdf") || len(both) != len(all)+1 {
		t.Errorf("pdf,all = %v, %v", both, err)
	}
}

// Written concurrently, every output of the sample and of a generated
// network is byte for byte the same in two runs into two directories,
// report.html included (its command line leaves -o out), and in Chinese.
func TestAnalyzeAllOutputsDeterministic(t *testing.T) {
	t.Parallel()
	gen := filepath.Join(t.TempDir(), "gen")
	generate(t, gen, 400, "3")
	for _, args := range [][]string{{}, {"--lang", "zh"}, {gen, "--unit", "万元"}} {
		var trees []map[string][]byte
		for range 2 {
			dir := filepath.Join(t.TempDir(), "out")
			if code, _, errs := clusterchain(t, append([]string{"analyze", "-o", dir, "--quiet"}, args...)...); code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, errs)
			}
			trees = append(trees, readDir(t, dir))
		}
		if len(trees[0]) < 15 {
			t.Errorf("%v: %d files", args, len(trees[0]))
		}
		for name, b := range trees[0] {
			if !bytes.Equal(b, trees[1][name]) {
				t.Errorf("%v: %s differs between runs", args, name)
			}
		}
		page := string(trees[0]["report.html"])
		want := "clusterchain analyze"
		if len(args) > 0 {
			want += " " + strings.Join(args, " ")
		}
		if !strings.Contains(page, `<code id="command-line">`+html.EscapeString(want)+`</code>`) {
			t.Errorf("%v: report.html does not record %q", args, want)
		}
		if args := strings.Join(args, " "); strings.Contains(args, "zh") != strings.Contains(page, `<html lang="zh-Hans">`) {
			t.Errorf("%v: page language", args)
		}
	}
}

// report.html lists every file the loader read with its size and SHA-256,
// as computed here from the files themselves, and links to the diagrams
// written beside it.
func TestReportProvenance(t *testing.T) {
	t.Parallel()
	ds := writeDataset(t, map[string]string{
		"firms.csv":   "id,name,cluster\nf1,One,c\nf2,Two,c\n",
		"markets.csv": "id,name\nm,Market\n",
		"buyers.csv":  "id,name\nb,Buyer\n",
		"links.csv":   "from,to,volume (万元)\nf1,m,3\nf2,m,4\nm,b,7\nf2,f1,1\n",
	})
	out := filepath.Join(t.TempDir(), "out")
	if code, _, errs := clusterchain(t, "analyze", ds, "-o", out, "--formats", "html,svg"); code != 0 {
		t.Fatal(errs)
	}
	page, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"firms.csv", "markets.csv", "buyers.csv", "links.csv"} {
		b, err := os.ReadFile(filepath.Join(ds, f))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		row := fmt.Sprintf(`<tr><td>%s</td><td class="n">%d</td><td><code class="hash">%s</code></td></tr>`, f, len(b), hex.EncodeToString(sum[:]))
		if !bytes.Contains(page, []byte(row)) {
			t.Errorf("no row %s", row)
		}
	}
	for _, want := range []string{`<a class="full" href="flows.svg">`, `<a class="full" href="network.svg">`, "<th>out-volume (万元)</th>",
		`<dd id="tool-version">clusterchain `} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("report.html lacks %s", want)
		}
	}
	if bytes.Contains(page, []byte(out)) {
		t.Error("report.html names the output directory")
	}
}

// fakePrinter prints a stand-in PDF with Chromium's dates and records
// what it printed.
type fakePrinter struct{ pages []viz.Page }

func (f *fakePrinter) Print(ctx context.Context, p viz.Page, format string, w io.Writer) error {
	f.pages = append(f.pages, p)
	_, err := fmt.Fprintf(w, "%%PDF-1.4 %s\n/CreationDate (D:20261201121757+00'00')\n", p.Kind)
	return err
}

// --formats pdf prints report.html and the four diagrams through the
// Printer, one at a time, with stable dates.
func TestAnalyzePDFThroughPrinter(t *testing.T) {
	t.Parallel()
	ds, err := (*input)(nil).open("", 0)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	st, err := atomicfs.Stage(dir, atomicfs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := &fakePrinter{}
	if _, _, err := analyzeTo(t.Context(), ds, st, settings{formats: []string{"pdf"}, printer: p, seed: 1}); err != nil {
		t.Fatal(err)
	}
	files := readDir(t, dir)
	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	if want := []string{"clusters.pdf", "flows.pdf", "network.pdf", "report.pdf", "tiers.pdf"}; !slices.Equal(names, want) {
		t.Fatalf("wrote %v, want %v", names, want)
	}
	if got := string(files["report.pdf"]); got != "%PDF-1.4 html\n/CreationDate (D:20000101000000+00'00')\n" {
		t.Errorf("report.pdf %q", got)
	}
	kinds := map[string]int{}
	for _, pg := range p.pages {
		kinds[pg.Kind]++
		if pg.Kind == "html" && !bytes.Contains(pg.Data, []byte(`<h2>Methods</h2>`)) {
			t.Error("report.pdf is not report.html")
		}
	}
	if kinds["html"] != 1 || kinds["svg"] != 4 {
		t.Errorf("printed %v", kinds)
	}
}

// Where Chromium is installed: report.pdf of the sample is A4, of a
// sensible length, with no blank page (every page has text, and, with
// poppler's pdftoppm, ink), every diagram on one page; two runs give the
// same bytes. Skips without Chromium, fails without it under CI.
func TestReportPDF(t *testing.T) {
	requireChromium(t)
	t.Parallel()
	var runs []map[string][]byte
	for range 2 {
		dir := filepath.Join(t.TempDir(), "out")
		if code, _, errs := clusterchain(t, "analyze", "-o", dir, "--quiet", "--formats", "pdf"); code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		runs = append(runs, readDir(t, dir))
	}
	for name, b := range runs[0] {
		if !bytes.Equal(b, runs[1][name]) {
			t.Errorf("%s differs between runs", name)
		}
	}
	for _, d := range []string{"network.pdf", "flows.pdf", "clusters.pdf", "tiers.pdf"} {
		if n, _, _ := pdfPages(t, runs[0][d]); n != 1 {
			t.Errorf("%s has %d pages", d, n)
		}
	}
	report := runs[0]["report.pdf"]
	n, w, h := pdfPages(t, report)
	if n < 10 || n > 45 {
		t.Errorf("report.pdf has %d pages", n)
	}
	if !(w > 590 && w < 600 && h > 838 && h < 845) {
		t.Errorf("first page %.0f × %.0f pt, not A4 portrait", w, h)
	}
	texts := pdfPageTexts(t, report)
	if len(texts) != n {
		t.Errorf("%d page content streams for %d pages", len(texts), n)
	}
	for i, c := range texts {
		if c == 0 {
			t.Errorf("page %d (in object order) shows no text", i+1)
		}
	}
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Log("no pdftoppm (apt-get install poppler-utils): the pages' ink is not checked")
		return
	}
	dir := t.TempDir()
	pdf := filepath.Join(dir, "report.pdf")
	os.WriteFile(pdf, report, 0o644)
	if out, err := exec.Command("pdftoppm", "-r", "24", "-gray", "-png", pdf, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "p-*.png"))
	if len(pngs) != n {
		t.Fatalf("pdftoppm drew %d pages of %d", len(pngs), n)
	}
	slices.Sort(pngs)
	for _, p := range pngs {
		if ink := pageInk(t, p); ink < 0.003 {
			t.Errorf("%s is blank (%.2f%% ink)", filepath.Base(p), 100*ink)
		}
	}
}

// pageInk is the share of a page's pixels that are not near white.
func pageInk(t *testing.T, path string) float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	im, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := im.Bounds()
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := im.At(x, y).RGBA()
			if (r+g+bl)/3 < 0xd000 {
				dark++
			}
		}
	}
	return float64(dark) / float64(max(1, b.Dx()*b.Dy()))
}

var (
	pdfObject   = regexp.MustCompile(`(?s)(\d+) 0 obj\s*(.*?)endobj`)
	pdfPageDict = regexp.MustCompile(`/Type\s*/Page[^s]`)
	pdfContents = regexp.MustCompile(`/Contents\s*(?:(\d+) 0 R|\[([^\]]*)\])`)
	pdfRef      = regexp.MustCompile(`(\d+) 0 R`)
	pdfShowText = regexp.MustCompile(`\bT[jJ]\b`)
)

// pdfPageTexts counts the text-showing operators (Tj, TJ) in each page's
// content streams, inflating Flate-compressed ones; pages in object order.
func pdfPageTexts(t *testing.T, pdf []byte) []int {
	t.Helper()
	objs := map[string][]byte{}
	var pages [][]byte
	for _, m := range pdfObject.FindAllSubmatch(pdf, -1) {
		objs[string(m[1])] = m[2]
		if pdfPageDict.Match(m[2]) {
			pages = append(pages, m[2])
		}
	}
	var out []int
	for _, pg := range pages {
		m := pdfContents.FindSubmatch(pg)
		if m == nil {
			out = append(out, 0)
			continue
		}
		refs := [][]byte{m[1]}
		if m[1] == nil {
			refs = nil
			for _, r := range pdfRef.FindAllSubmatch(m[2], -1) {
				refs = append(refs, r[1])
			}
		}
		n := 0
		for _, r := range refs {
			n += len(pdfShowText.FindAll(streamData(t, objs[string(r)]), -1))
		}
		out = append(out, n)
	}
	return out
}

// streamData is the content of a stream object, inflated when it is
// Flate-compressed.
func streamData(t *testing.T, obj []byte) []byte {
	i := bytes.Index(obj, []byte("stream"))
	j := bytes.LastIndex(obj, []byte("endstream"))
	if i < 0 || j < i {
		return nil
	}
	data := bytes.TrimLeft(obj[i+len("stream"):j], "\r\n")
	if !bytes.Contains(obj[:i], []byte("/FlateDecode")) {
		return data
	}
	r, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("content stream: %v", err)
	}
	b, err := io.ReadAll(r)
	if err != nil && len(b) == 0 {
		t.Fatalf("content stream: %v", err)
	}
	return b
}
