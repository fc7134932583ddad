package main

import (
	"bytes"
	"context"
	bin "encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"clusterchain/viz"
)

// requireChromium skips where Debian's chromium is missing, and fails
// under CI (CI=true), whose setup installs it.
func requireChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err == nil {
		return
	}
	msg := "no " + chromiumPath + " (" + chromiumInstall + ")"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// svgPage is a small diagram of w × h CSS pixels with Chinese text.
func svgPage(w, h int) viz.Page {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="` + strconv.Itoa(w) + `px" height="` + strconv.Itoa(h) +
		`px" viewBox="0 0 ` + strconv.Itoa(w) + ` ` + strconv.Itoa(h) + `"><rect x="5" y="5" width="40" height="20" fill="#036"/>` +
		`<text x="50" y="20" font-size="12">义乌 Yiwu</text></svg>`
	return viz.SVGPage([]byte(svg))
}

// pngSize reads the width and height of a PNG.
func pngSize(t *testing.T, b []byte) (int, int) {
	t.Helper()
	if len(b) < 24 || string(b[12:16]) != "IHDR" {
		t.Fatalf("not a PNG: %d bytes", len(b))
	}
	return int(bin.BigEndian.Uint32(b[16:20])), int(bin.BigEndian.Uint32(b[20:24]))
}

var mediaBox = regexp.MustCompile(`/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]`)

// pdfPages returns the page count and the size of the first page (points).
func pdfPages(t *testing.T, b []byte) (int, float64, float64) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.20q", b)
	}
	n := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(b, -1))
	m := mediaBox.FindSubmatch(b)
	if m == nil {
		t.Fatalf("no MediaBox")
	}
	w, _ := strconv.ParseFloat(string(m[1]), 64)
	h, _ := strconv.ParseFloat(string(m[2]), 64)
	return n, w, h
}

// leftovers lists the processes whose command line names dir, and the
// entries of dir.
func leftovers(t *testing.T, dir string) ([]string, []string) {
	t.Helper()
	var procs []string
	cmdlines, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, c := range cmdlines {
		b, err := os.ReadFile(c)
		if err == nil && bytes.Contains(b, []byte(dir)) {
			procs = append(procs, c+": "+strings.ReplaceAll(string(b), "\x00", " "))
		}
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return procs, names
}

// checkClean fails when a Chromium process or a temporary file of a run
// in dir is left.
func checkClean(t *testing.T, dir string) {
	t.Helper()
	// The kill is immediate; give the kernel a moment to reap.
	deadline := time.Now().Add(5 * time.Second)
	for {
		procs, files := leftovers(t, dir)
		if len(procs) == 0 && len(files) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("left behind:\nprocesses %v\nfiles %v", procs, files)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// A PNG has the page's size times the device scale and shows the page
// (not blank); the temporary directory and every process are gone after.
func TestChromiumPNG(t *testing.T) {
	requireChromium(t)
	dir := t.TempDir()
	var b bytes.Buffer
	c := &chromium{Scale: 2, TempDir: dir}
	if err := c.Print(t.Context(), svgPage(300, 120), "png", &b); err != nil {
		t.Fatal(err)
	}
	if w, h := pngSize(t, b.Bytes()); w != 600 || h != 240 {
		t.Errorf("PNG %d × %d, want 600 × 240", w, h)
	}
	if b.Len() < 2000 {
		t.Errorf("PNG of %d bytes: blank?", b.Len())
	}
	checkClean(t, dir)
}

// An SVG prints on one A4 page, landscape when it is wide; an HTML page
// prints on A4 pages.
func TestChromiumPDF(t *testing.T) {
	requireChromium(t)
	dir := t.TempDir()
	c := &chromium{TempDir: dir}
	for _, tc := range []struct {
		name      string
		page      viz.Page
		pages     int
		landscape bool
	}{
		{"tall svg", svgPage(300, 2000), 1, false},
		{"wide svg", svgPage(3000, 500), 1, true},
		{"html", viz.Page{Kind: "html", Data: []byte("<!DOCTYPE html><html><head><title>r</title></head><body>" +
			strings.Repeat("<p style='margin:0;height:200px'>义乌 report</p>", 12) + "</body></html>")}, 3, false},
	} {
		var b bytes.Buffer
		if err := c.Print(t.Context(), tc.page, "pdf", &b); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		n, w, h := pdfPages(t, b.Bytes())
		long, short := max(w, h), min(w, h)
		if n != tc.pages || short < 594 || short > 597 || long < 841 || long > 843 || (w > h) != tc.landscape {
			t.Errorf("%s: %d pages of %.1f × %.1f pt, want %d A4 (595 × 842) landscape %v", tc.name, n, w, h, tc.pages, tc.landscape)
		}
	}
	checkClean(t, dir)
}

// A run past its timeout is stopped with its whole process group, and a
// cancelled one too: no Chromium process and no temporary file remain.
func TestChromiumTimeoutAndCancel(t *testing.T) {
	requireChromium(t)
	dir := t.TempDir()
	c := &chromium{TempDir: dir, Timeout: 300 * time.Millisecond}
	err := c.Print(t.Context(), svgPage(400, 400), "png", &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "did not finish within 300ms") {
		t.Errorf("timeout: %v", err)
	}
	checkClean(t, dir)

	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(400*time.Millisecond, cancel)
	c = &chromium{TempDir: dir}
	if err := c.Print(ctx, svgPage(400, 400), "pdf", &bytes.Buffer{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancel: %v", err)
	}
	checkClean(t, dir)
}

// Without Chromium the error names the Debian packages; a page too large
// to screenshot is refused before anything runs.
func TestChromiumRefuses(t *testing.T) {
	dir := t.TempDir()
	err := (&chromium{Path: filepath.Join(dir, "no-chromium")}).Print(t.Context(), svgPage(10, 10), "png", &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "apt-get install chromium fonts-noto-cjk") {
		t.Errorf("missing chromium: %v", err)
	}
	for _, tc := range []struct {
		page   viz.Page
		format string
		scale  float64
		want   string
	}{
		{svgPage(9000, 100), "png", 2, "larger than Chromium draws"},
		{svgPage(100, 100), "png", 100, "out of range"},
		{svgPage(100, 100), "jpg", 1, "cannot print"},
		{viz.Page{Kind: "pdf"}, "png", 1, "kind"},
	} {
		err := (&chromium{Scale: tc.scale, TempDir: dir}).Print(t.Context(), tc.page, tc.format, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s at %g: %v, want %q", tc.format, tc.scale, err, tc.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("refused runs left %v", entries)
	}
}

// The temporary directory of a run that was killed (its process is gone)
// is removed by the next run; one of a live process is kept.
func TestRemoveStaleRuns(t *testing.T) {
	dir := t.TempDir()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	for name, pid := range map[string]int{"dead": dead.Process.Pid, "live": os.Getpid()} {
		d := filepath.Join(dir, chromiumRunPrefix+name)
		os.MkdirAll(filepath.Join(d, "profile"), 0o700)
		os.WriteFile(filepath.Join(d, "pid"), []byte(strconv.Itoa(pid)), 0o600)
	}
	other := filepath.Join(dir, "unrelated")
	os.Mkdir(other, 0o700)
	removeStaleRuns(dir)
	for name, want := range map[string]bool{chromiumRunPrefix + "dead": false, chromiumRunPrefix + "live": true, "unrelated": true} {
		if _, err := os.Stat(filepath.Join(dir, name)); (err == nil) != want {
			t.Errorf("%s: present %v, want %v", name, err == nil, want)
		}
	}
}

// render --format pdf and --format png --dpi N write what they say; --dpi
// with another format is a usage error.
func TestRenderPrint(t *testing.T) {
	if code, _, errs := clusterchain(t, "render", "--view", "clusters", "--format", "svg", "--dpi", "300", "-o", filepath.Join(t.TempDir(), "x.svg")); code != 2 || !strings.Contains(errs, "--dpi") {
		t.Errorf("--dpi with svg: %d %s", code, errs)
	}
	if code, _, errs := clusterchain(t, "render", "--view", "clusters", "--format", "png", "--dpi", "5", "-o", "-"); code != 2 {
		t.Errorf("--dpi 5: %d %s", code, errs)
	}
	requireChromium(t)
	dir := t.TempDir()
	pdf, png := filepath.Join(dir, "c.pdf"), filepath.Join(dir, "c.png")
	if code, _, errs := clusterchain(t, "render", "--view", "clusters", "-o", pdf); code != 0 {
		t.Fatal(errs)
	}
	b, _ := os.ReadFile(pdf)
	if n, _, _ := pdfPages(t, b); n != 1 {
		t.Errorf("clusters.pdf: %d pages", n)
	}
	var svg bytes.Buffer
	if code, out, errs := clusterchain(t, "render", "--view", "clusters", "-o", "-"); code != 0 {
		t.Fatal(errs)
	} else {
		svg.WriteString(out)
	}
	page := viz.SVGPage(svg.Bytes())
	if code, _, errs := clusterchain(t, "render", "--view", "clusters", "--format", "png", "--dpi", "48", "-o", png); code != 0 {
		t.Fatal(errs)
	}
	b, _ = os.ReadFile(png)
	w, h := pngSize(t, b)
	if want := int(page.Width*48/96 + 0.99); w < want-1 || w > want+1 || h < int(page.Height/2)-1 {
		t.Errorf("PNG %d × %d at 48 dpi for a %.0f × %.0f px diagram", w, h, page.Width, page.Height)
	}
}

// alive reports whether process pid exists and is not a zombie.
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}

// Stopping a run kills Chromium's whole process group, not only the
// process started: a stand-in "chromium" that leaves a child of its own
// behind (as Chromium's renderers and the Debian wrapper script could)
// loses the child too, on a timeout and on cancel.
func TestChromiumKillsProcessGroup(t *testing.T) {
	for _, stop := range []string{"timeout", "cancel"} {
		t.Run(stop, func(t *testing.T) {
			dir := t.TempDir()
			pidFile := filepath.Join(dir, "child.pid")
			fake := filepath.Join(dir, "chromium")
			script := "#!/bin/sh\nsleep 60 &\necho $! > " + pidFile + "\nsleep 60\n"
			if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
				t.Fatal(err)
			}
			tmp := filepath.Join(dir, "tmp")
			os.Mkdir(tmp, 0o700)
			c := &chromium{Path: fake, TempDir: tmp, Timeout: 10 * time.Second}
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			if stop == "timeout" {
				c.Timeout = 500 * time.Millisecond
			} else {
				time.AfterFunc(500*time.Millisecond, cancel)
			}
			start := time.Now()
			err := c.Print(ctx, svgPage(100, 100), "png", &bytes.Buffer{})
			if err == nil || time.Since(start) > 8*time.Second {
				t.Fatalf("%s: %v after %v", stop, err, time.Since(start))
			}
			b, err := os.ReadFile(pidFile)
			if err != nil {
				t.Fatal(err)
			}
			pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
			deadline := time.Now().Add(3 * time.Second)
			for alive(pid) && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
			}
			if alive(pid) {
				exec.Command("kill", "-9", strconv.Itoa(pid)).Run()
				t.Errorf("%s: the stand-in's child %d outlived the run", stop, pid)
			}
			if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
				t.Errorf("%s: temporary files left: %v", stop, entries)
			}
		})
	}
}
