package viz

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"

	"github.com/goccy/go-graphviz"
)

// gv owns the one Graphviz instance of the process. go-graphviz shares its
// WebAssembly module between instances and is not safe for concurrent
// use, so every call into it holds gv.mu.
var gv struct {
	mu sync.Mutex
	g  *graphviz.Graphviz
}

// layoutSVG lays out dot text with the named Graphviz engine and returns
// the SVG.
func layoutSVG(ctx context.Context, dot []byte, layout string) ([]byte, error) {
	gv.mu.Lock()
	defer gv.mu.Unlock()
	if gv.g == nil {
		g, err := graphviz.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("starting Graphviz: %w", err)
		}
		gv.g = g
	}
	graph, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("Graphviz cannot read the diagram: %w", err)
	}
	defer graph.Close()
	gv.g.SetLayout(graphviz.Layout(layout))
	var buf bytes.Buffer
	if err := gv.g.Render(ctx, graph, graphviz.SVG, &buf); err != nil {
		return nil, fmt.Errorf("Graphviz layout failed: %w", err)
	}
	// go-graphviz can report success and produce nothing.
	if buf.Len() == 0 || !bytes.Contains(buf.Bytes(), []byte("</svg>")) {
		return nil, errors.New("Graphviz produced no SVG")
	}
	return buf.Bytes(), nil
}

// Render writes the diagram as "svg", "dot" (the DOT text) or "png".
func (d *Diagram) Render(ctx context.Context, format string, w io.Writer) error {
	switch format {
	case "dot":
		dot, err := d.dotText()
		if err != nil {
			return err
		}
		_, err = w.Write(dot)
		return err
	case "svg":
		svg, err := d.svgBytes(ctx)
		if err != nil {
			return err
		}
		_, err = w.Write(svg)
		return err
	case "png":
		svg, err := d.svgBytes(ctx)
		if err != nil {
			return err
		}
		png, err := rasterise(ctx, svg)
		if err != nil {
			return err
		}
		_, err = w.Write(png)
		return err
	}
	return fmt.Errorf("unknown format %q (svg, png, dot)", format)
}

// Chromium is where PNG rendering looks for a browser.
const Chromium = "/usr/bin/chromium"

var svgSize = regexp.MustCompile(`<svg[^>]*\swidth="([0-9.]+)pt"[^>]*\sheight="([0-9.]+)pt"`)

// rasterise turns SVG into PNG with headless Chromium, at 2 pixels per
// point: go-graphviz's own PNG output draws no outlines or edge lines and
// shows Chinese as boxes.
func rasterise(ctx context.Context, svg []byte) ([]byte, error) {
	if _, err := os.Stat(Chromium); err != nil {
		return nil, errors.New("PNG needs headless Chromium (" + Chromium + ", Debian package chromium): " +
			"go-graphviz's own PNG renderer draws no edges and no Chinese text; render SVG instead, or install chromium")
	}
	w, h := 1200.0, 900.0
	if m := svgSize.FindSubmatch(svg); m != nil {
		w, _ = strconv.ParseFloat(string(m[1]), 64)
		h, _ = strconv.ParseFloat(string(m[2]), 64)
	}
	dir, err := os.MkdirTemp("", "clusterchain-png-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	page := filepath.Join(dir, "d.html")
	html := fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#fff}svg{width:%.0fpx;height:%.0fpx}</style></head><body>%s</body></html>`,
		w*2, h*2, stripXMLHeader(svg))
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		return nil, err
	}
	out := filepath.Join(dir, "d.png")
	cmd := exec.CommandContext(ctx, Chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--hide-scrollbars", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--screenshot="+out, fmt.Sprintf("--window-size=%.0f,%.0f", w*2, h*2), "file://"+page)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("chromium: %v: %s", err, msg)
	}
	return os.ReadFile(out)
}

var xmlHeader = regexp.MustCompile(`(?s)^.*?(<svg[\s>])`)

// stripXMLHeader drops the XML declaration, DOCTYPE and comments before the
// <svg> element, so that the SVG can be inlined into HTML.
func stripXMLHeader(svg []byte) []byte {
	return xmlHeader.ReplaceAll(svg, []byte("$1"))
}

// InlineSVG returns svg ready to be placed inside an HTML page.
func InlineSVG(svg []byte) []byte { return stripXMLHeader(svg) }
