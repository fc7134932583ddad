package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Hostile names are escaped in the page; a hostile "SVG" is only what
// the caller passes (Graphviz output), so it is not tested here.
func TestHTMLEscapes(t *testing.T) {
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
