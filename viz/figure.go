package viz

import (
	"fmt"

	"clusterchain/network"
	"math"
	"strings"
)

// The page. Every diagram fits "about A3 at 100%": its long side at most
// pageLong points and its short side at most pageShort, with its aspect
// ratio between 1:2 and 2:1. Larger networks are folded or drawn smaller,
// never stretched.
const (
	pageLong  = 1191.0 // A3: 297 × 420 mm
	pageShort = 842.0
	margin    = 18.0
)

var (
	titleFont   = font{size: 15, bold: true}
	subFont     = font{size: 10}
	legendFont  = font{size: 9}
	captionFont = font{size: 9}
)

// Colours. Clusters take the Okabe–Ito colour-blind-safe palette without
// its grey, then five of Paul Tol's muted colours: twelve distinct fills,
// none of them the grey that means "no cluster". From the thirteenth
// cluster on the colours repeat with a dashed outline, from the 25th with
// a dotted one; the legends say so.
var palette = []string{
	"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
	"#332288", "#44AA99", "#999933", "#882255", "#CC6677",
}

const (
	noClusterFill = "#c8c8c8" // firms in no cluster
	otherFill     = "#ffffff" // folded "other" clusters: white, dashed outline
	marketFill    = "#3b3b3b"
	inkColour     = "#222222"
	mutedText     = "#555555"
)

// clusterColour returns the fill of the i-th cluster and the dash pattern
// of its outline ("" for solid).
func clusterColour(i int) (fill, dash string) {
	fill = palette[i%len(palette)]
	switch (i / len(palette)) % 3 {
	case 1:
		dash = "4,2"
	case 2:
		dash = "1,2"
	}
	return fill, dash
}

// clusterStyle returns the DOT fill colour and style of the i-th cluster.
func clusterStyle(i int) (fill, style string) {
	fill, dash := clusterColour(i)
	switch dash {
	case "":
		style = "filled"
	case "4,2":
		style = "filled,dashed"
	default:
		style = "filled,dotted"
	}
	return fill, style
}

// textOn returns a readable text colour on fill: white on the dark
// colours, near-black on the rest.
func textOn(fill string) string {
	switch fill {
	case "#0072B2", "#D55E00", "#009E73", "#3b3b3b", "#332288", "#882255", "#CC79A7", "#44AA99", "#999933", "#CC6677":
		return "#ffffff"
	}
	return inkColour
}

// legendItem is one entry of a legend: a symbol and its text.
type legendItem struct {
	symbol func(w *svgWriter, x, cy float64) // draws the symbol, left edge x, centred on cy
	width  float64                           // the symbol's width
	height float64
	text   string
}

// Legend symbols.

func swatch(fill, stroke, dash string, rx float64) legendItem {
	return legendItem{width: 18, height: 12, symbol: func(w *svgWriter, x, cy float64) {
		w.rect(x, cy-6, 18, 12, rx, "fill", fill, "stroke", stroke, "stroke-width", "1", "stroke-dasharray", dash)
	}}
}

func lineSymbol(stroke string, width float64, dash, opacity string) legendItem {
	return legendItem{width: 28, height: math.Max(8, width), symbol: func(w *svgWriter, x, cy float64) {
		var p pathBuilder
		p.M(x, cy).L(x+28, cy)
		w.path(p.String(), "fill", "none", "stroke", stroke, "stroke-width", num(width), "stroke-dasharray", dash, "stroke-opacity", opacity)
	}}
}

func houseSymbol() legendItem {
	return legendItem{width: 22, height: 14, symbol: func(w *svgWriter, x, cy float64) {
		w.polygon(housePoints(x, cy-7, 22, 14), "fill", marketFill)
	}}
}

func octagonSymbol() legendItem {
	return legendItem{width: 22, height: 14, symbol: func(w *svgWriter, x, cy float64) {
		w.polygon(octagonPoints(x, cy-7, 22, 14, 4), "fill", "#ffffff", "stroke", inkColour, "stroke-width", "1.6")
	}}
}

func circleSymbol(r float64, fill, stroke string) legendItem {
	return legendItem{width: 2 * r, height: 2 * r, symbol: func(w *svgWriter, x, cy float64) {
		w.circle(x+r, cy, r, "fill", fill, "stroke", stroke, "stroke-width", "0.6")
	}}
}

// housePoints is a market's shape: a box with a low roof, the roof a
// quarter of the height.
func housePoints(x, y, w, h float64) []float64 {
	roof := math.Min(h/4, 8)
	return []float64{x, y + roof, x + w/2, y, x + w, y + roof, x + w, y + h, x, y + h}
}

// octagonPoints is a buyer's shape: a box with its corners cut by c.
func octagonPoints(x, y, w, h, c float64) []float64 {
	return []float64{x + c, y, x + w - c, y, x + w, y + c, x + w, y + h - c, x + w - c, y + h, x + c, y + h, x, y + h - c, x, y + c}
}

// frame is what every diagram has around its drawing: a title and a
// subtitle above, the legend and the caption below, none of them covered
// by the drawing.
type frame struct {
	view    View
	title   string
	sub     []string // subtitle paragraphs
	legend  []legendItem
	caption []string // caption paragraphs
}

func wrapParagraphs(ps []string, f font, width float64) []string {
	var out []string
	for _, p := range ps {
		ls, _ := greedy(cleanText(p), f, width)
		out = append(out, ls...)
	}
	return out
}

// legendRows flows the items into rows no wider than width; it returns
// the rows as item indices and the total height.
func legendRows(items []legendItem, width float64) ([][]int, []float64) {
	var rows [][]int
	var heights []float64
	x := 0.0
	for i, it := range items {
		w := it.width + 5 + legendFont.width(cleanText(it.text))
		if len(rows) == 0 || (x > 0 && x+w > width) {
			rows = append(rows, nil)
			heights = append(heights, 0)
			x = 0
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], i)
		heights[len(heights)-1] = math.Max(heights[len(heights)-1], math.Max(it.height, legendFont.size*1.3))
		x += w + 16
	}
	return rows, heights
}

// render composes the page around a body of bodyW × bodyH points drawn by
// draw in its own coordinates (the frame translates it).
func (fr *frame) render(bodyW, bodyH float64, draw func(w *svgWriter)) []byte {
	width := math.Max(bodyW+2*margin, 460)
	var title, sub, caption []string
	var rows [][]int
	var rowH []float64
	legendH := 0.0
	layoutText := func() float64 {
		inner := width - 2*margin
		title, _ = wrapLines(cleanText(fr.title), titleFont, inner, 2)
		sub = wrapParagraphs(fr.sub, subFont, inner)
		caption = wrapParagraphs(fr.caption, captionFont, inner)
		legendH = 0
		rows, rowH = nil, nil
		if len(fr.legend) > 0 {
			rows, rowH = legendRows(fr.legend, inner-16)
			for _, h := range rowH {
				legendH += h + 5
			}
			legendH += 11
		}
		h := margin + blockHeight(titleFont, len(title)) + 4
		if len(sub) > 0 {
			h += 4 + float64(len(sub))*subFont.lineHeight()
		}
		h += 12 + bodyH + 14
		if legendH > 0 {
			h += legendH + 8
		}
		if len(caption) > 0 {
			h += float64(len(caption)) * captionFont.lineHeight()
		}
		return h + margin - 6
	}
	height := layoutText()
	if height > 2*width { // too tall: widen (the text gets shorter)
		width = math.Ceil(height / 2)
		height = layoutText()
	}
	pad := 0.0
	if width > 2*height { // too wide: room around the body
		pad = (width/2 - height) / 2
		height = width / 2
	}
	var w svgWriter
	w.open(width, height, fr.view, fr.title)
	y := margin
	w.group("title", "")
	for i, l := range title {
		w.text(margin, y+0.78*titleFont.size+float64(i)*titleFont.lineHeight(), titleFont, "start", inkColour, "title", l)
	}
	y += blockHeight(titleFont, len(title)) + 4
	if len(sub) > 0 {
		y += 4
		for _, l := range sub {
			w.text(margin, y+0.78*subFont.size, subFont, "start", mutedText, "subtitle", l)
			y += subFont.lineHeight()
		}
	}
	w.end()
	y += 12 + pad
	bx := math.Round((width-bodyW)/2*10) / 10
	w.raw(`<g class="body" transform="translate(`, num(bx), " ", num(y), `)">`, "\n")
	draw(&w)
	w.raw("</g>\n")
	y += bodyH + 14 + pad
	if legendH > 0 {
		w.group("legend", "")
		w.rect(margin, y, width-2*margin, legendH, 4, "fill", "#ffffff", "stroke", "#bbbbbb", "stroke-width", "0.8", "class", "frame")
		ly := y + 8
		for r, row := range rows {
			cy := ly + rowH[r]/2
			x := margin + 8
			for _, i := range row {
				it := fr.legend[i]
				it.symbol(&w, x, cy)
				x += it.width + 5
				w.text(x, cy+0.3*legendFont.size, legendFont, "start", inkColour, "legend", it.text)
				x += legendFont.width(cleanText(it.text)) + 16
			}
			ly += rowH[r] + 5
		}
		w.end()
		y += legendH + 8
	}
	if len(caption) > 0 {
		w.group("caption", "")
		for _, l := range caption {
			w.text(margin, y+0.78*captionFont.size, captionFont, "start", mutedText, "caption", l)
			y += captionFont.lineHeight()
		}
		w.end()
	}
	w.close()
	return w.b.Bytes()
}

// Numbers in labels.

// thousands writes n with comma separators.
func thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// volume writes a volume for a label: whole numbers with separators from
// 100 up, three significant digits below.
func volume(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "?"
	case math.Abs(x) >= 100:
		return thousands(int(math.Round(x)))
	case x == 0:
		return "0"
	}
	return fmt.Sprintf("%.3g", x)
}

// pct writes a share as a percentage: whole per cent from 1%, one
// decimal below, "<0.1%" for a positive share below that.
func pct(x float64) string {
	switch {
	case x <= 0 || math.IsNaN(x):
		return "0%"
	case x >= 0.995:
		return fmt.Sprintf("%.0f%%", 100*x)
	case x >= 0.01:
		return fmt.Sprintf("%.0f%%", 100*x)
	case x >= 0.001:
		return fmt.Sprintf("%.1f%%", 100*x)
	}
	return "<0.1%"
}

// figureValue writes a centrality figure for a legend: three significant
// digits.
func figureValue(x float64) string {
	if x >= 100 {
		return volume(x)
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3g", x), "0"), ".")
}

// paletteNote explains, when there are more clusters than colours, how
// the colours repeat.
func (b *builder) paletteNote(nw interface{ Clusters() []network.Cluster }) []legendItem {
	n := len(nw.Clusters())
	if n <= len(palette) {
		return nil
	}
	items := []legendItem{withText(swatch(palette[0], inkColour, "4,2", 4),
		b.tr("colours repeat every %d clusters (in id order): a dashed outline the second time", len(palette)))}
	if n > 2*len(palette) {
		items = append(items, withText(swatch(palette[0], inkColour, "1,2", 4), b.tr("a dotted one the third")))
	}
	return items
}
