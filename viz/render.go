package viz

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"sync"

	"github.com/goccy/go-graphviz"

	"clusterchain/internal/gvcache"
)

// go-graphviz has compiled Graphviz in its package init, which runs before
// this one, with the per-user cache that package gvcache chose (or none):
// put TMPDIR back for everything else.
func init() { gvcache.Restore() }

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
		return nil, fmt.Errorf("graphviz cannot read the diagram: %w", err)
	}
	defer graph.Close()
	gv.g.SetLayout(graphviz.Layout(layout))
	var buf bytes.Buffer
	if err := gv.g.Render(ctx, graph, graphviz.SVG, &buf); err != nil {
		return nil, fmt.Errorf("graphviz layout failed: %w", err)
	}
	// go-graphviz can report success and produce nothing.
	if buf.Len() == 0 || !bytes.Contains(buf.Bytes(), []byte("</svg>")) {
		return nil, errors.New("graphviz produced no SVG")
	}
	return buf.Bytes(), nil
}

// Render writes the diagram as "svg" or "dot" (the DOT text). PNG and PDF
// need a Printer: see Print.
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
	case "png", "pdf":
		return fmt.Errorf("%s is drawn by a Printer (Diagram.Print), not by Graphviz: go-graphviz's own PNG draws no edges and no Chinese text", format)
	}
	return fmt.Errorf("unknown format %q (svg, dot; png and pdf through a Printer)", format)
}

// Page is a document for a Printer: an SVG image or a self-contained HTML
// page.
type Page struct {
	// Kind is "svg" or "html".
	Kind string
	Data []byte
	// Width and Height are the page's size in CSS pixels (1/96 inch): for
	// an SVG its own size, for HTML the width of the window it is laid out
	// in (0: the printer's default) and the height of a PNG of it.
	Width, Height float64
}

// A Printer turns a Page into "png" (a bitmap of the page) or "pdf" (the
// page printed, A4). viz lays diagrams out but never runs a process: the
// command provides the Printer (headless Chromium in cmd/clusterchain),
// and a test can provide its own.
type Printer interface {
	Print(ctx context.Context, page Page, format string, w io.Writer) error
}

// Print lays the diagram out as SVG and has p turn it into format ("png"
// or "pdf"), written to w.
func (d *Diagram) Print(ctx context.Context, p Printer, format string, w io.Writer) error {
	if format != "png" && format != "pdf" {
		return fmt.Errorf("Print makes png or pdf, not %q", format)
	}
	if p == nil {
		return errors.New(format + " needs a Printer (headless Chromium)")
	}
	svg, err := d.svgBytes(ctx)
	if err != nil {
		return err
	}
	page := SVGPage(svg)
	return p.Print(ctx, page, format, w)
}

var svgSize = regexp.MustCompile(`<svg[^>]*\swidth="([0-9.]+)(pt|px)?"[^>]*\sheight="([0-9.]+)(pt|px)?"`)

// SVGPage is an SVG document as a Page: its XML declaration and DOCTYPE
// dropped, its size read from the width and height of its root element
// (points, as Graphviz writes them, are 4/3 CSS pixels, a number without
// unit is pixels; 1200 × 900 px when it gives none).
func SVGPage(svg []byte) Page {
	p := Page{Kind: "svg", Data: stripXMLHeader(svg), Width: 1200, Height: 900}
	if m := svgSize.FindSubmatch(svg); m != nil {
		w, err1 := strconv.ParseFloat(string(m[1]), 64)
		h, err2 := strconv.ParseFloat(string(m[3]), 64)
		if err1 == nil && err2 == nil && w > 0 && h > 0 {
			if string(m[2]) == "pt" {
				w *= 96.0 / 72
			}
			if string(m[4]) == "pt" {
				h *= 96.0 / 72
			}
			p.Width, p.Height = w, h
		}
	}
	return p
}

var xmlHeader = regexp.MustCompile(`(?s)^.*?(<svg[\s>])`)

// stripXMLHeader drops the XML declaration, DOCTYPE and comments before the
// <svg> element, so that the SVG can be inlined into HTML.
func stripXMLHeader(svg []byte) []byte {
	return xmlHeader.ReplaceAll(svg, []byte("$1"))
}

// InlineSVG returns svg ready to be placed inside an HTML page.
func InlineSVG(svg []byte) []byte { return stripXMLHeader(svg) }
