package viz

import (
	"bytes"
	"math"
	"strconv"
	"strings"
)

// svgWriter accumulates an SVG document drawn by viz itself. Coordinates
// are points (1 user unit = 1 pt, as in Graphviz's SVG), written with one
// decimal; all user text goes through esc.
type svgWriter struct {
	b bytes.Buffer
}

// num writes x with at most one decimal, without "-0".
func num(x float64) string {
	r := math.Round(x*10) / 10
	if r == 0 {
		return "0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// esc makes text safe inside an XML element or a double-quoted attribute:
// cleanText shows every character XML forbids and every bidirectional
// control as an escape; the five XML specials become entities.
func esc(s string) string {
	s = cleanText(s)
	if !strings.ContainsAny(s, `&<>"'`) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (w *svgWriter) raw(s ...string) {
	for _, x := range s {
		w.b.WriteString(x)
	}
}

// attrs writes name="value" pairs; values are written as given (numbers,
// colours, fixed words), never user text.
func (w *svgWriter) attrs(kv ...string) {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			continue
		}
		w.raw(" ", kv[i], `="`, kv[i+1], `"`)
	}
}

// open starts the document.
func (w *svgWriter) open(width, height float64, view View, title string) {
	w.raw(`<?xml version="1.0" encoding="UTF-8"?>`, "\n")
	w.raw(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="`, num(width), `pt" height="`, num(height),
		`pt" viewBox="0 0 `, num(width), " ", num(height), `" font-family="`, fontList, `" class="clusterchain `,
		string(view), `">`, "\n")
	w.raw("<title>", esc(title), "</title>\n")
	w.raw(`<rect width="`, num(width), `" height="`, num(height), `" fill="#ffffff"/>`, "\n")
}

func (w *svgWriter) close() { w.raw("</svg>\n") }

// group opens <g class=…> with an optional tooltip.
func (w *svgWriter) group(class, tooltip string, kv ...string) {
	w.raw("<g")
	w.attrs("class", class)
	w.attrs(kv...)
	w.raw(">")
	if tooltip != "" {
		w.raw("<title>", esc(tooltip), "</title>")
	}
}

func (w *svgWriter) end() { w.raw("</g>\n") }

func (w *svgWriter) rect(x, y, width, height, rx float64, kv ...string) {
	w.raw(`<rect x="`, num(x), `" y="`, num(y), `" width="`, num(width), `" height="`, num(height), `"`)
	if rx > 0 {
		w.raw(` rx="`, num(rx), `"`)
	}
	w.attrs(kv...)
	w.raw("/>")
}

func (w *svgWriter) circle(cx, cy, r float64, kv ...string) {
	w.raw(`<circle cx="`, num(cx), `" cy="`, num(cy), `" r="`, num(r), `"`)
	w.attrs(kv...)
	w.raw("/>")
}

func (w *svgWriter) path(d string, kv ...string) {
	w.raw(`<path d="`, d, `"`)
	w.attrs(kv...)
	w.raw("/>")
}

// polygon writes a closed path through the points (x0, y0, x1, y1, …).
func (w *svgWriter) polygon(pts []float64, kv ...string) {
	var d strings.Builder
	for i := 0; i+1 < len(pts); i += 2 {
		if i == 0 {
			d.WriteString("M")
		} else {
			d.WriteString(" L")
		}
		d.WriteString(num(pts[i]) + "," + num(pts[i+1]))
	}
	d.WriteString(" Z")
	w.path(d.String(), kv...)
}

// text writes one line of text; anchor is start, middle or end. class
// "label" marks a node's label (it must lie inside the node's shape), any
// other class text beside a shape.
func (w *svgWriter) text(x, y float64, f font, anchor, fill, class, s string, kv ...string) {
	w.raw(`<text x="`, num(x), `" y="`, num(y), `" font-size="`, num(f.size), `"`)
	if f.bold {
		w.raw(` font-weight="bold"`)
	}
	if anchor != "start" {
		w.raw(` text-anchor="`, anchor, `"`)
	}
	w.attrs("fill", fill, "class", class)
	w.attrs(kv...)
	w.raw(">", esc(s), "</text>")
}

// halo is the attribute set that draws a white outline behind text, so
// that text over lines stays readable.
var halo = []string{"stroke", "#ffffff", "stroke-width", "2.4", "stroke-linejoin", "round", "paint-order", "stroke"}

// baseline is the baseline of line i of n lines centred on cy: a line's
// ink runs from 0.78 em above its baseline to 0.22 em below.
func baseline(cy float64, f font, n, i int) float64 {
	lh := f.lineHeight()
	top := cy - (float64(n-1)*lh+f.size)/2
	return top + 0.78*f.size + float64(i)*lh
}

// blockHeight is the height of n lines.
func blockHeight(f font, n int) float64 {
	if n <= 0 {
		return 0
	}
	return float64(n-1)*f.lineHeight() + f.size
}

// pathBuilder writes path data.
type pathBuilder struct{ strings.Builder }

func (p *pathBuilder) M(x, y float64) *pathBuilder {
	p.WriteString("M" + num(x) + "," + num(y))
	return p
}

func (p *pathBuilder) L(x, y float64) *pathBuilder {
	p.WriteString(" L" + num(x) + "," + num(y))
	return p
}

func (p *pathBuilder) C(x1, y1, x2, y2, x, y float64) *pathBuilder {
	p.WriteString(" C" + num(x1) + "," + num(y1) + " " + num(x2) + "," + num(y2) + " " + num(x) + "," + num(y))
	return p
}

func (p *pathBuilder) Z() *pathBuilder {
	p.WriteString(" Z")
	return p
}

// band is the closed path of a Sankey band: from the vertical segment
// (x0, a0…a1) to (x1, b0…b1), with horizontal tangents at both ends.
func band(x0, a0, a1, x1, b0, b1 float64) string {
	var p pathBuilder
	mx := (x0 + x1) / 2
	p.M(x0, a0).C(mx, a0, mx, b0, x1, b0).L(x1, b1).C(mx, b1, mx, a1, x0, a1).Z()
	return p.String()
}

// bezier evaluates a cubic Bézier at t.
func bezier(p0, p1, p2, p3, t float64) float64 {
	u := 1 - t
	return u*u*u*p0 + 3*u*u*t*p1 + 3*u*t*t*p2 + t*t*t*p3
}
