package viz

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"clusterchain/internal/textsafe"
)

// quote returns s as a DOT double-quoted string whose label text is s
// itself: DOT needs \" for a quote, and Graphviz expands backslash escapes
// (\N, \n, \l …) in labels, so a user's backslash is doubled. Control
// characters, including newlines, become spaces; characters XML forbids
// and bidirectional controls are shown as escapes (textsafe.Visible), so
// the SVG Graphviz writes is well-formed and reads as it is stored.
func quote(s string) string {
	s = textsafe.Visible(s)
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

// wrap lays a name out in at most three lines of about n characters
// (see fitLabel: never inside a word, both parts of a bilingual name).
func wrap(s string, n int) []string {
	lines, _ := fitLabel(s, font{size: 10}, float64(n)*5.5, 3)
	return lines
}

// truncate shortens s to about n characters, with an ellipsis.
func truncate(s string, n int) string {
	return cutEnd(cleanText(s), font{size: 10}, float64(n)*5.5)
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

// okabeIto is the first colour of the palette, for legends.
var okabeIto = palette

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
