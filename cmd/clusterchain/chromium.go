package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"clusterchain/viz"
)

// chromiumPath is where Debian installs Chromium.
const chromiumPath = "/usr/bin/chromium"

// chromiumInstall is what to install where Chromium is missing.
const chromiumInstall = "apt-get install chromium fonts-noto-cjk"

// Limits of one Chromium run.
const (
	// defaultPrintTimeout bounds a run that a large page makes slow.
	defaultPrintTimeout = 2 * time.Minute
	// maxPixels bounds each side of a PNG in device pixels: larger
	// screenshots fail in Chromium or take minutes.
	maxPixels = 16384
	// waitDelay is how long Wait waits for the pipes after the process
	// group is killed.
	waitDelay = 5 * time.Second
)

// chromium prints pages with headless Chromium: viz.Printer for the
// command. Each run has its own profile directory in a temporary
// directory, removed afterwards; Chromium runs in a process group of its
// own, killed as a whole when the run ends, times out or is cancelled, so
// no renderer outlives it.
type chromium struct {
	// Path is the Chromium binary; empty means /usr/bin/chromium.
	Path string
	// Scale is the PNG's device pixels per CSS pixel (--dpi / 96); 0
	// means 1.5 (144 dpi: 2 pixels per point of a Graphviz diagram).
	Scale float64
	// Timeout bounds one run; 0 means two minutes.
	Timeout time.Duration
	// TempDir holds the run's temporary directory; empty means the
	// system's.
	TempDir string
}

var _ viz.Printer = (*chromium)(nil)

// errNoChromium is returned where Chromium is not installed.
var errNoChromium = errors.New("PNG and PDF are drawn with headless Chromium, which is not installed (" +
	chromiumPath + "): " + chromiumInstall + " (go-graphviz's own PNG draws no edges and no Chinese text); " +
	"or write SVG")

// Print writes page as format: "png", a screenshot of the page at its size
// (Scale device pixels per CSS pixel), or "pdf", the page printed on A4
// (an SVG scaled to fit one page, landscape when it is wider than tall;
// an HTML page with its own print style, A4 unless it names a size).
func (c *chromium) Print(ctx context.Context, page viz.Page, format string, w io.Writer) error {
	scale := c.Scale
	if scale == 0 {
		scale = 1.5
	}
	if !(scale > 0 && scale <= 16) {
		return fmt.Errorf("device scale %g out of range", scale)
	}
	if page.Kind != "svg" && page.Kind != "html" {
		return fmt.Errorf("cannot print a page of kind %q (svg, html)", page.Kind)
	}
	width, height := math.Ceil(page.Width), math.Ceil(page.Height)
	if format == "png" {
		if page.Kind == "html" && width == 0 {
			width = 1240
		}
		if height == 0 {
			height = 1754
		}
		if !(width >= 1 && height >= 1) || width*scale > maxPixels || height*scale > maxPixels {
			return fmt.Errorf("a %.0f × %.0f px PNG (%.0f × %.0f px page at scale %g) is larger than Chromium draws (%d px a side): "+
				"use a lower --dpi, or PDF or SVG", width*scale, height*scale, width, height, scale, maxPixels)
		}
	} else if format != "pdf" {
		return fmt.Errorf("cannot print %q (png, pdf)", format)
	}
	path := c.Path
	if path == "" {
		path = chromiumPath
	}
	if _, err := os.Stat(path); err != nil {
		if c.Path == "" || errors.Is(err, os.ErrNotExist) {
			return errNoChromium
		}
		return err
	}
	removeStaleRuns(c.TempDir)
	dir, err := os.MkdirTemp(c.TempDir, chromiumRunPrefix)
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "pid"), []byte(strconv.Itoa(os.Getpid())), 0o600); err != nil {
		return err
	}
	src := filepath.Join(dir, "page.html")
	if err := os.WriteFile(src, printHTML(page, format, width, height), 0o600); err != nil {
		return err
	}
	out := filepath.Join(dir, "out."+format)
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-extensions", "--hide-scrollbars", "--mute-audio",
		"--user-data-dir=" + filepath.Join(dir, "profile")}
	if format == "png" {
		args = append(args, "--screenshot="+out,
			fmt.Sprintf("--window-size=%.0f,%.0f", width, height),
			"--force-device-scale-factor="+strconv.FormatFloat(scale, 'g', -1, 64))
	} else {
		args = append(args, "--print-to-pdf="+out, "--no-pdf-header-footer")
	}
	args = append(args, "file://"+src)
	if err := c.run(ctx, path, args); err != nil {
		return err
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return fmt.Errorf("chromium wrote no %s: %w", strings.ToUpper(format), err)
	}
	magic := map[string]string{"png": "\x89PNG\r\n\x1a\n", "pdf": "%PDF-"}[format]
	if !bytes.HasPrefix(b, []byte(magic)) {
		return fmt.Errorf("chromium wrote %d bytes that are not a %s", len(b), strings.ToUpper(format))
	}
	_, err = w.Write(b)
	return err
}

// run runs Chromium in a process group of its own and waits for it, for at
// most the timeout and until ctx is done; the whole group is killed when
// it ends either way.
func (c *chromium) run(ctx context.Context, path string, args []string) error {
	timeout := c.Timeout
	if timeout == 0 {
		timeout = defaultPrintTimeout
	}
	runCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// Pdeathsig: if clusterchain itself is killed, the kernel kills
	// Chromium (whose own children then exit with it). The signal follows
	// the thread that started the process, so this goroutine keeps its
	// thread until Chromium is gone.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cmd := exec.CommandContext(runCtx, path, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return killGroup(cmd.Process.Pid) }
	cmd.WaitDelay = waitDelay
	var msg tailBuffer
	cmd.Stdout, cmd.Stderr = &msg, &msg
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("chromium: %w", err)
	}
	err := cmd.Wait()
	killGroup(cmd.Process.Pid) // renderers and helpers left behind
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case runCtx.Err() != nil:
		return fmt.Errorf("chromium did not finish within %v and was stopped: the page is too large to print this way (write SVG, or a lower --dpi)", timeout)
	case err != nil:
		return fmt.Errorf("chromium: %v: %s", err, strings.TrimSpace(msg.String()))
	}
	return nil
}

// killGroup kills the process group led by pid; a group that is already
// gone is no error.
func killGroup(pid int) error {
	if err := syscall.Kill(-pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		return err
	}
	return nil
}

// chromiumRunPrefix names the temporary directories of Chromium runs.
const chromiumRunPrefix = "clusterchain-chromium-"

// removeStaleRuns removes the temporary directories that runs of this
// user left behind when they were killed before they could clean up: those
// whose recorded process no longer exists.
func removeStaleRuns(tempDir string) {
	if tempDir == "" {
		tempDir = os.TempDir()
	}
	dirs, _ := filepath.Glob(filepath.Join(tempDir, chromiumRunPrefix+"*"))
	for _, d := range dirs {
		fi, err := os.Lstat(d)
		if err != nil || !fi.IsDir() {
			continue
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); !ok || int(st.Uid) != os.Geteuid() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(d, "pid"))
		if err != nil {
			if time.Since(fi.ModTime()) > time.Hour { // killed before it wrote its pid
				os.RemoveAll(d)
			}
			continue
		}
		pid, err := strconv.Atoi(string(b))
		if err != nil || pid <= 0 || errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
			os.RemoveAll(d)
		}
	}
}

// printHTML is the page Chromium opens: an HTML page as it is (with an A4
// page size it can override), an SVG inside a page that shows it at its
// size (PNG) or fitted to one A4 page (PDF).
func printHTML(page viz.Page, format string, width, height float64) []byte {
	if page.Kind == "html" {
		if format != "pdf" {
			return page.Data
		}
		return withA4(page.Data)
	}
	var b bytes.Buffer
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>diagram</title><style>`)
	if format == "png" {
		fmt.Fprintf(&b, `html,body{margin:0;background:#fff}svg{display:block;width:%.0fpx;height:%.0fpx}`, width, height)
	} else {
		orientation := "portrait"
		pw, ph := 190.0, 277.0 // A4 less 10 mm margins, in mm
		if width > height {
			orientation, pw, ph = "landscape", ph, pw
		}
		fmt.Fprintf(&b, `@page{size:A4 %s;margin:10mm}html,body{margin:0;background:#fff}`+
			`svg{display:block;margin:auto;width:%.2fmm;height:%.2fmm}`, orientation,
			min(pw, ph*width/height), min(ph, pw*height/width))
	}
	b.WriteString(`</style></head><body>`)
	b.Write(page.Data)
	b.WriteString(`</body></html>`)
	return b.Bytes()
}

// withA4 puts a default A4 page size into an HTML document, before its own
// styles so that a size the page names wins.
func withA4(doc []byte) []byte {
	const style = `<style>@page{size:A4}</style>`
	lower := bytes.ToLower(doc)
	if i := bytes.Index(lower, []byte("<head")); i >= 0 {
		if j := bytes.IndexByte(doc[i:], '>'); j >= 0 {
			k := i + j + 1
			return append(append(append([]byte{}, doc[:k]...), style...), doc[k:]...)
		}
	}
	return append([]byte(style), doc...)
}

// tailBuffer keeps the last 4 KB written to it: Chromium's messages.
type tailBuffer struct{ b []byte }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > 4096 {
		t.b = append(t.b[:0], t.b[len(t.b)-4096:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.b) }
