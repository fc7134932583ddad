package viz

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The geometry of a rendered SVG (Graphviz's or viz's own), read back
// from the file: text boxes from the width metrics of text.go, shapes from
// their coordinates, edges as polylines.

type pt struct{ x, y float64 }

type box struct{ x0, y0, x1, y1 float64 }

func (b box) overlaps(c box, tol float64) bool {
	return b.x0+tol < c.x1 && c.x0+tol < b.x1 && b.y0+tol < c.y1 && c.y0+tol < b.y1
}

func (b box) contains(p pt, tol float64) bool {
	return p.x >= b.x0-tol && p.x <= b.x1+tol && p.y >= b.y0-tol && p.y <= b.y1+tol
}

func (b box) String() string { return fmt.Sprintf("[%.1f,%.1f–%.1f,%.1f]", b.x0, b.y0, b.x1, b.y1) }

type shape struct {
	poly    []pt // closed outline
	ellipse *[4]float64
}

func (s shape) bounds() box {
	if e := s.ellipse; e != nil {
		return box{e[0] - e[2], e[1] - e[3], e[0] + e[2], e[1] + e[3]}
	}
	return bounds(s.poly)
}

func bounds(ps []pt) box {
	b := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, p := range ps {
		b.x0, b.y0 = math.Min(b.x0, p.x), math.Min(b.y0, p.y)
		b.x1, b.y1 = math.Max(b.x1, p.x), math.Max(b.y1, p.y)
	}
	return b
}

// inside reports whether p lies in the shape, with a tolerance.
func (s shape) inside(p pt, tol float64) bool {
	if e := s.ellipse; e != nil {
		dx, dy := (p.x-e[0])/(e[2]+tol), (p.y-e[1])/(e[3]+tol)
		return dx*dx+dy*dy <= 1
	}
	if inPolygon(s.poly, p) {
		return true
	}
	// Within tol of an edge counts as inside.
	for i := range s.poly {
		a, b := s.poly[i], s.poly[(i+1)%len(s.poly)]
		if segDist(p, a, b) <= tol {
			return true
		}
	}
	return false
}

func inPolygon(poly []pt, p pt) bool {
	in := false
	for i, j := 0, len(poly)-1; i < len(poly); j, i = i, i+1 {
		a, b := poly[i], poly[j]
		if (a.y > p.y) != (b.y > p.y) && p.x < (b.x-a.x)*(p.y-a.y)/(b.y-a.y)+a.x {
			in = !in
		}
	}
	return in
}

func segDist(p, a, b pt) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	l := dx*dx + dy*dy
	t := 0.0
	if l > 0 {
		t = math.Max(0, math.Min(1, ((p.x-a.x)*dx+(p.y-a.y)*dy)/l))
	}
	qx, qy := a.x+t*dx-p.x, a.y+t*dy-p.y
	return math.Hypot(qx, qy)
}

type placedSVGText struct {
	s     string
	b     box
	class string
	node  int // index into nodes, −1 outside a node group
}

type svgNode struct {
	shapes []shape
	title  string
}

type svgGeometry struct {
	w, h    float64
	texts   []placedSVGText
	nodes   []svgNode
	edges   [][]pt
	legend  *box
	legends int // items drawn in the legend
	titles  []string
}

type affine struct{ a, b, c, d, e, f float64 } // x' = a x + c y + e, y' = b x + d y + f

func (m affine) apply(p pt) pt {
	return pt{m.a*p.x + m.c*p.y + m.e, m.b*p.x + m.d*p.y + m.f}
}

func (m affine) then(n affine) affine { // first n, then m
	return affine{
		a: m.a*n.a + m.c*n.b, b: m.b*n.a + m.d*n.b,
		c: m.a*n.c + m.c*n.d, d: m.b*n.c + m.d*n.d,
		e: m.a*n.e + m.c*n.f + m.e, f: m.b*n.e + m.d*n.f + m.f,
	}
}

var identity = affine{a: 1, d: 1}

var transformRe = regexp.MustCompile(`(translate|scale|rotate)\(([^)]*)\)`)

func parseTransform(s string) affine {
	m := identity
	for _, t := range transformRe.FindAllStringSubmatch(s, -1) {
		args := numbers(t[2])
		var n affine
		switch t[1] {
		case "translate":
			n = affine{a: 1, d: 1, e: args[0]}
			if len(args) > 1 {
				n.f = args[1]
			}
		case "scale":
			n = affine{a: args[0], d: args[0]}
			if len(args) > 1 {
				n.d = args[1]
			}
		case "rotate":
			if args[0] != 0 {
				panic("rotate not supported")
			}
			n = identity
		}
		m = m.then(n)
	}
	return m
}

var numRe = regexp.MustCompile(`-?[0-9]*\.?[0-9]+(e-?[0-9]+)?`)

func numbers(s string) []float64 {
	var out []float64
	for _, x := range numRe.FindAllString(s, -1) {
		v, _ := strconv.ParseFloat(x, 64)
		out = append(out, v)
	}
	return out
}

// pathPoints flattens SVG path data (M, L, H, V, C, Z, absolute or
// relative) into subpaths of points.
func pathPoints(d string) [][]pt {
	var out [][]pt
	var cur []pt
	var p, start pt
	toks := regexp.MustCompile(`[MLHVCZmlhvcz]|-?[0-9]*\.?[0-9]+(?:e-?[0-9]+)?`).FindAllString(d, -1)
	i := 0
	cmd := ""
	next := func() float64 {
		v, _ := strconv.ParseFloat(toks[i], 64)
		i++
		return v
	}
	isNum := func() bool { return i < len(toks) && !strings.ContainsAny(toks[i][:1], "MLHVCZmlhvcz") }
	for i < len(toks) {
		if !isNum() {
			cmd = toks[i]
			i++
		}
		rel := cmd == strings.ToLower(cmd)
		off := pt{}
		if rel {
			off = p
		}
		switch strings.ToUpper(cmd) {
		case "M":
			if len(cur) > 0 {
				out = append(out, cur)
			}
			p = pt{next() + off.x, next() + off.y}
			start = p
			cur = []pt{p}
			if rel {
				cmd = "l"
			} else {
				cmd = "L"
			}
		case "L":
			p = pt{next() + off.x, next() + off.y}
			cur = append(cur, p)
		case "H":
			p = pt{next() + off.x, p.y}
			cur = append(cur, p)
		case "V":
			p = pt{p.x, next() + off.y}
			cur = append(cur, p)
		case "C":
			c1 := pt{next() + off.x, next() + off.y}
			c2 := pt{next() + off.x, next() + off.y}
			e := pt{next() + off.x, next() + off.y}
			for k := 1; k <= 12; k++ {
				t := float64(k) / 12
				cur = append(cur, pt{bezier(p.x, c1.x, c2.x, e.x, t), bezier(p.y, c1.y, c2.y, e.y, t)})
			}
			p = e
		case "Z":
			p = start
			cur = append(cur, p)
		default:
			i++
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// parseGeometry reads an SVG document; it fails the test on ill-formed XML.
func parseGeometry(t *testing.T, svg []byte) *svgGeometry {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	g := &svgGeometry{}
	type frameT struct {
		m     affine
		class string
		node  int
		tag   string
	}
	stack := []frameT{{m: identity, node: -1}}
	var text *placedSVGText
	var textBuf strings.Builder
	var textFont font
	var textX, textY float64
	var anchor string
	var inTitle bool
	var titleBuf strings.Builder
	attr := func(se xml.StartElement, name string) string {
		for _, a := range se.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	f := func(se xml.StartElement, name string) float64 {
		v, _ := strconv.ParseFloat(strings.TrimSuffix(attr(se, name), "pt"), 64)
		return v
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		top := stack[len(stack)-1]
		switch el := tok.(type) {
		case xml.StartElement:
			// Every prefix bound (browsers refuse the file otherwise; Go's
			// decoder leaves an unbound prefix as the Space).
			for _, at := range append([]xml.Attr{{Name: el.Name}}, el.Attr...) {
				if sp := at.Name.Space; sp != "" && sp != "xmlns" && !strings.Contains(sp, "://") {
					t.Fatalf("SVG uses the unbound prefix %q in <%s>", sp, el.Name.Local)
				}
			}
			fr := frameT{m: top.m, class: top.class, node: top.node, tag: el.Name.Local}
			if tr := attr(el, "transform"); tr != "" {
				fr.m = top.m.then(parseTransform(tr))
			}
			cls := attr(el, "class")
			switch el.Name.Local {
			case "svg":
				if g.w == 0 {
					g.w, g.h = f(el, "width"), f(el, "height")
				}
			case "g":
				switch {
				case strings.Contains(cls, "legend"):
					fr.class = "legend"
				case cls == "node":
					fr.class = "node"
					fr.node = len(g.nodes)
					g.nodes = append(g.nodes, svgNode{})
				case cls == "edge":
					fr.class = "edge"
				case cls == "cluster":
					fr.class = "cluster"
				}
			case "title":
				inTitle = true
				titleBuf.Reset()
			case "a": // Graphviz's tooltips
				if fr.node >= 0 {
					g.nodes[fr.node].title += " " + attr(el, "title")
				}
			case "text":
				textFont = font{size: f(el, "font-size"), bold: attr(el, "font-weight") == "bold"}
				textX, textY = f(el, "x"), f(el, "y")
				anchor = attr(el, "text-anchor")
				text = &placedSVGText{class: cls, node: fr.node}
				if fr.class == "legend" {
					text.class = "legend"
				}
				textBuf.Reset()
			}
			var shp []shape
			var lines [][]pt
			switch el.Name.Local {
			case "rect":
				x, y, w, h := f(el, "x"), f(el, "y"), f(el, "width"), f(el, "height")
				ps := []pt{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}}
				if fr.class == "legend" && cls == "frame" {
					b := bounds(transformAll(fr.m, ps))
					g.legend = &b
				} else {
					shp = append(shp, shape{poly: transformAll(fr.m, ps)})
				}
			case "circle":
				c := fr.m.apply(pt{f(el, "cx"), f(el, "cy")})
				r := f(el, "r") * fr.m.a
				shp = append(shp, shape{ellipse: &[4]float64{c.x, c.y, r, r}})
			case "ellipse":
				c := fr.m.apply(pt{f(el, "cx"), f(el, "cy")})
				shp = append(shp, shape{ellipse: &[4]float64{c.x, c.y, f(el, "rx") * fr.m.a, f(el, "ry") * fr.m.d}})
			case "polygon":
				v := numbers(attr(el, "points"))
				var ps []pt
				for i := 0; i+1 < len(v); i += 2 {
					ps = append(ps, pt{v[i], v[i+1]})
				}
				if fr.class == "edge" {
					lines = append(lines, transformAll(fr.m, ps))
				} else {
					shp = append(shp, shape{poly: transformAll(fr.m, ps)})
				}
			case "path":
				for _, sub := range pathPoints(attr(el, "d")) {
					ps := transformAll(fr.m, sub)
					if fr.class == "edge" {
						lines = append(lines, ps)
					} else {
						shp = append(shp, shape{poly: ps})
					}
				}
			}
			if fr.class == "legend" {
				if el.Name.Local != "g" && el.Name.Local != "text" && cls != "frame" {
					g.legends++
				}
			} else {
				if fr.node >= 0 {
					g.nodes[fr.node].shapes = append(g.nodes[fr.node].shapes, shp...)
				}
				g.edges = append(g.edges, lines...)
			}
			stack = append(stack, fr)
		case xml.EndElement:
			switch el.Name.Local {
			case "title":
				inTitle = false
				if top.node >= 0 {
					g.nodes[top.node].title = titleBuf.String() + " " + g.nodes[top.node].title
				}
				g.titles = append(g.titles, titleBuf.String())
			case "text":
				s := textBuf.String()
				w := measure(s, textFont.size, textFont.bold)
				x0 := textX
				switch anchor {
				case "middle":
					x0 -= w / 2
				case "end":
					x0 -= w
				}
				p0 := top.m.apply(pt{x0, textY - 0.8*textFont.size})
				p1 := top.m.apply(pt{x0 + w, textY + 0.22*textFont.size})
				text.s = s
				text.b = box{p0.x, p0.y, p1.x, p1.y}
				if strings.TrimSpace(s) != "" {
					g.texts = append(g.texts, *text)
				}
				text = nil
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if text != nil {
				textBuf.Write(el)
			}
			if inTitle {
				titleBuf.Write(el)
			}
		}
	}
	return g
}

func transformAll(m affine, ps []pt) []pt {
	out := make([]pt, len(ps))
	for i, p := range ps {
		out[i] = m.apply(p)
	}
	return out
}

// checkGeometry applies the figure rules of issue 15 to a parsed SVG.
func checkGeometry(t *testing.T, name string, g *svgGeometry) {
	t.Helper()
	for i, p := range geometryProblems(g) {
		if i == 12 {
			t.Errorf("%s: … and more", name)
			break
		}
		t.Errorf("%s: %s", name, p)
	}
}

// geometryProblems lists every broken rule.
func geometryProblems(g *svgGeometry) []string {
	var problems []string
	fail := func(format string, a ...any) {
		problems = append(problems, fmt.Sprintf(format, a...))
	}
	// Page: A3 at most (with 5% to spare), aspect between 1:2 and 2:1.
	long, short := math.Max(g.w, g.h), math.Min(g.w, g.h)
	if long > pageLong*1.05 || short > pageShort*1.05 {
		fail("page %.0f × %.0f pt is larger than A3 (%.0f × %.0f)", g.w, g.h, pageShort, pageLong)
	}
	if r := g.w / g.h; r < 0.5 || r > 2 {
		fail("aspect %.2f (%.0f × %.0f) is outside 1:2 … 2:1", r, g.w, g.h)
	}
	// Every text on the page.
	page := box{0, 0, g.w, g.h}
	for _, tx := range g.texts {
		if !page.contains(pt{tx.b.x0, tx.b.y0}, 0.5) || !page.contains(pt{tx.b.x1, tx.b.y1}, 0.5) {
			fail("text %q %v runs off the page", tx.s, tx.b)
		}
	}
	// No two text boxes overlap (a grid of 40 pt cells).
	cells := map[[2]int][]int{}
	for i, tx := range g.texts {
		for cx := int(tx.b.x0 / 40); cx <= int(tx.b.x1/40); cx++ {
			for cy := int(tx.b.y0 / 40); cy <= int(tx.b.y1/40); cy++ {
				cells[[2]int{cx, cy}] = append(cells[[2]int{cx, cy}], i)
			}
		}
	}
	seen := map[[2]int]bool{}
	for _, list := range cells {
		for a := 0; a < len(list); a++ {
			for b := a + 1; b < len(list); b++ {
				i, j := list[a], list[b]
				if seen[[2]int{i, j}] {
					continue
				}
				seen[[2]int{i, j}] = true
				if g.texts[i].b.overlaps(g.texts[j].b, 0.3) {
					fail("texts %q %v and %q %v overlap", g.texts[i].s, g.texts[i].b, g.texts[j].s, g.texts[j].b)
				}
			}
		}
	}
	// Every node label inside its shape: Graphviz's node texts, and viz's
	// texts of class "label".
	for _, tx := range g.texts {
		if tx.node < 0 || (tx.class != "label" && tx.class != "") {
			continue
		}
		nd := g.nodes[tx.node]
		if len(nd.shapes) == 0 {
			fail("label %q has no shape", tx.s)
			continue
		}
		corners := []pt{{tx.b.x0, tx.b.y0}, {tx.b.x1, tx.b.y0}, {tx.b.x1, tx.b.y1}, {tx.b.x0, tx.b.y1}}
		ok := false
		for _, s := range nd.shapes {
			all := true
			for _, c := range corners {
				if !s.inside(c, 0.6) {
					all = false
					break
				}
			}
			if all {
				ok = true
				break
			}
		}
		if !ok {
			fail("label %q %v is not inside its shape %v (%s)", tx.s, tx.b, nd.shapes[0].bounds(), nd.title)
		}
	}
	// Nothing crosses the legend.
	if lg := g.legend; lg != nil {
		inner := box{lg.x0 + 0.5, lg.y0 + 0.5, lg.x1 - 0.5, lg.y1 - 0.5}
		for _, e := range g.edges {
			for k := 0; k+1 < len(e); k++ {
				if segHitsBox(e[k], e[k+1], inner) {
					fail("an edge crosses the legend %v at %v", *lg, e[k])
					break
				}
			}
		}
		for _, nd := range g.nodes {
			for _, s := range nd.shapes {
				if s.bounds().overlaps(inner, 0) {
					fail("node %q covers the legend", nd.title)
				}
			}
		}
		for _, tx := range g.texts {
			if tx.class != "legend" && tx.b.overlaps(inner, 0) {
				fail("text %q covers the legend", tx.s)
			}
		}
	}
	return problems
}

// segHitsBox reports whether the segment a–b meets the box.
func segHitsBox(a, b pt, bx box) bool {
	if bx.contains(a, 0) || bx.contains(b, 0) {
		return true
	}
	n := int(math.Max(math.Abs(b.x-a.x), math.Abs(b.y-a.y))/2) + 1
	for k := 1; k < n; k++ {
		t := float64(k) / float64(n)
		if bx.contains(pt{a.x + t*(b.x-a.x), a.y + t*(b.y-a.y)}, 0) {
			return true
		}
	}
	return false
}

// The checks find what they look for: a page of each kind of fault.
func TestGeometryChecksFindFaults(t *testing.T) {
	for _, tc := range []struct {
		name, svg, want string
	}{
		{"overlap", `<text x="10" y="20" font-size="10">Overlapping text</text><text x="30" y="22" font-size="10">more text</text>`, "overlap"},
		{"outside", `<g class="node"><rect x="10" y="10" width="20" height="12"/><text x="12" y="20" font-size="9" class="label">far too long a label</text></g>`, "not inside"},
		{"legend", `<g class="edge"><path d="M0,50 C20,50 40,150 100,150"/></g><g class="legend"><rect class="frame" x="30" y="90" width="60" height="30"/></g>`, "crosses the legend"},
		{"off page", `<text x="390" y="20" font-size="10">off the page</text>`, "runs off"},
		{"cjk", `<g class="node"><rect x="0" y="0" width="70" height="20"/><text x="35" y="14" font-size="10" text-anchor="middle" class="label">义乌中国小商品城</text></g>`, "not inside"},
	} {
		doc := `<svg xmlns="http://www.w3.org/2000/svg" width="400pt" height="300pt" viewBox="0 0 400 300">` + tc.svg + `</svg>`
		ps := geometryProblems(parseGeometry(t, []byte(doc)))
		if len(ps) == 0 || !strings.Contains(strings.Join(ps, "\n"), tc.want) {
			t.Errorf("%s: got %q, want a problem with %q", tc.name, ps, tc.want)
		}
	}
	wide := `<svg xmlns="http://www.w3.org/2000/svg" width="900pt" height="300pt" viewBox="0 0 900 300"></svg>`
	if ps := geometryProblems(parseGeometry(t, []byte(wide))); len(ps) != 1 || !strings.Contains(ps[0], "aspect") {
		t.Errorf("3:1 page: %q", ps)
	}
	big := `<svg xmlns="http://www.w3.org/2000/svg" width="1400pt" height="1000pt" viewBox="0 0 1400 1000"></svg>`
	if ps := geometryProblems(parseGeometry(t, []byte(big))); len(ps) != 1 || !strings.Contains(ps[0], "A3") {
		t.Errorf("page larger than A3: %q", ps)
	}
}
