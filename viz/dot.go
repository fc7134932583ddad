package viz

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// quote returns s as a DOT double-quoted string whose label text is s
// itself: DOT needs \" for a quote, and Graphviz expands backslash escapes
// (\N, \n, \l …) in labels, so a user's backslash is doubled. Control
// characters, including newlines, become spaces.
func quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r < ' ' || r == 0x7f || r == 0x2028 || r == 0x2029:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// labelLines joins lines of user text with DOT's centred line break;
// each line is quoted as by quote.
func labelLines(lines ...string) string {
	q := make([]string, len(lines))
	for i, l := range lines {
		s := quote(l)
		q[i] = s[1 : len(s)-1]
	}
	return `"` + strings.Join(q, `\n`) + `"`
}

// wrap splits a name into at most two lines of about n characters: at
// " (" first (a Chinese name with its English one), else at the last
// space before n; the second line is truncated.
func wrap(s string, n int) []string {
	if len([]rune(s)) <= n {
		return []string{s}
	}
	if i := strings.Index(s, " ("); i > 0 && len([]rune(s[:i])) <= n {
		return []string{s[:i], truncate(s[i+1:], n)}
	}
	r := []rune(s)
	cut := n
	for i := n; i > n/2; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return []string{string(r[:cut]), truncate(strings.TrimSpace(string(r[cut:])), n)}
}

// truncate shortens s to at most n characters, with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// isWide reports whether r takes two columns (East Asian wide or
// full-width), as CJK characters do.
func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xff60) ||
		(r >= 0xffe0 && r <= 0xffe6)
}

// textWidth estimates the width in points of s at the font size: a wide
// character is one em, any other 0.6 em (a generous Latin average).
func textWidth(s string, fontSize float64) float64 {
	em := 0.0
	for _, r := range s {
		if isWide(r) {
			em += 1
		} else {
			em += 0.6
		}
	}
	return em * fontSize
}

// labelWidth is the minimum node width in inches for a label of lines.
func labelWidth(fontSize float64, lines ...string) float64 {
	w := 0.0
	for _, l := range lines {
		w = math.Max(w, textWidth(l, fontSize))
	}
	return (w + 16) / 72 // 8 pt margin either side
}

func inches(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }

// fontList is the font-family Graphviz writes into the SVG: CJK fonts
// first, so that browsers on any system find glyphs for Chinese.
const fontList = "Noto Sans CJK SC,Source Han Sans SC,Microsoft YaHei,PingFang SC,Helvetica,Arial,sans-serif"

// okabeIto is the Okabe–Ito colour-blind-safe palette, without black.
var okabeIto = []string{"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"}

// textOn returns a readable text colour on fill: white on the darker
// palette colours, black on the rest.
func textOn(fill string) string {
	switch fill {
	case "#0072B2", "#D55E00", "#009E73", "#3b3b3b":
		return "white"
	}
	return "black"
}

// clusterStyle returns the fill colour and outline style of the i-th cluster.
func clusterStyle(i int) (fill, style string) {
	fill = okabeIto[i%len(okabeIto)]
	switch (i / len(okabeIto)) % 3 {
	case 0:
		style = "filled"
	case 1:
		style = "filled,dashed"
	default:
		style = "filled,bold"
	}
	return fill, style
}

// dotWriter accumulates DOT text.
type dotWriter struct{ b strings.Builder }

func (w *dotWriter) line(indent int, format string, a ...any) {
	w.b.WriteString(strings.Repeat("  ", indent))
	fmt.Fprintf(&w.b, format, a...)
	w.b.WriteByte('\n')
}

// header opens a digraph with the defaults every view shares. Empty
// default labels keep a label set on one edge or cluster from leaking to
// the others.
func (w *dotWriter) header(title string, extra ...string) {
	w.line(0, "digraph clusterchain {")
	w.line(1, `graph [label=%s, labelloc=t, fontsize=18, fontname=%q, bgcolor="white", pad=0.3%s];`,
		labelLines(strings.Split(title, "\n")...), fontList, joinExtra(extra))
	w.line(1, `node [label="", fontname=%q, fontsize=10, style=filled, fillcolor="#ffffff", penwidth=0.8];`, fontList)
	w.line(1, `edge [label="", fontname=%q, fontsize=9, color="#555555", arrowsize=0.6];`, fontList)
}

func joinExtra(extra []string) string {
	if len(extra) == 0 {
		return ""
	}
	return ", " + strings.Join(extra, ", ")
}

func (w *dotWriter) String() string { return w.b.String() }
