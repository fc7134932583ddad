package viz

//go:generate sh -c "/usr/bin/python3 fontwidths.py | gofmt > widths_table.go"

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"clusterchain/internal/textsafe"
)

// Text metrics. Every label is measured before it is placed: a wide East
// Asian character (Han, kana, Hangul, full-width forms) is one em, as in
// every CJK font; Latin, Greek, Cyrillic and punctuation take the advance
// widths of widths_table.go, the larger of Noto Sans CJK SC (the first
// font the diagrams name, whose Latin letters browsers then use) and
// Noto Sans; anything else counts 0.7 em, emoji 1.25 em.

// isWide reports whether r takes two columns (East Asian wide or
// full-width), as CJK characters do.
func isWide(r rune) bool {
	if r < 0x1100 {
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xff60) ||
		(r >= 0xffe0 && r <= 0xffe6) || (r >= 0x3200 && r <= 0x33ff) || (r >= 0xfe30 && r <= 0xfe4f) ||
		(r >= 0x3100 && r <= 0x312f) || (r >= 0x31c0 && r <= 0x31ef)
}

// isEmoji reports whether r is drawn from an emoji font, wider than an em.
func isEmoji(r rune) bool {
	return (r >= 0x1f300 && r <= 0x1faff) || (r >= 0x2600 && r <= 0x27bf) || (r >= 0x1f000 && r <= 0x1f2ff)
}

// latinFast holds latinWidths below U+0250 as an array (0: absent).
var latinFast = func() (t [2][0x250]uint16) {
	for r, w := range latinWidths {
		if r < 0x250 {
			t[0][r], t[1][r] = w[0], w[1]
		}
	}
	return t
}()

// runeEm is the advance width of r in em.
func runeEm(r rune, bold bool) float64 {
	if r >= 0 && r < 0x250 {
		k := 0
		if bold {
			k = 1
		}
		if w := latinFast[k][r]; w > 0 {
			return float64(w) / 1000
		}
	}
	if w, ok := latinWidths[r]; ok {
		if bold {
			return float64(w[1]) / 1000
		}
		return float64(w[0]) / 1000
	}
	switch {
	case isWide(r):
		return 1
	case isEmoji(r):
		return 1.25
	case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || r == 0x200b || r == 0x200c || r == 0x200d || r == 0xfeff:
		return 0
	}
	return 0.7
}

// textWidth is the width in points of s at the font size, regular weight.
func textWidth(s string, fontSize float64) float64 { return measure(s, fontSize, false) }

// measure is the width in points of s at the font size and weight.
func measure(s string, fontSize float64, bold bool) float64 {
	em := 0.0
	for _, r := range s {
		em += runeEm(r, bold)
	}
	return em * fontSize
}

// cleanText makes user text displayable on one line: every character XML
// forbids, every bidirectional control and other control character
// becomes a visible escape (textsafe.Visible), and runs of white space
// become one space.
func cleanText(s string) string {
	s = textsafe.Visible(s)
	if !strings.ContainsAny(s, "\t\n\r  ") && !strings.Contains(s, "  ") {
		return strings.TrimSpace(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// font is a font size and weight.
type font struct {
	size float64
	bold bool
}

func (f font) width(s string) float64 { return measure(s, f.size, f.bold) }

// lineHeight is the distance between the baselines of two lines.
func (f font) lineHeight() float64 { return f.size * 1.22 }

// Line breaking. A label breaks at spaces, after a hyphen or slash
// between letters, and between two CJK characters (never before closing
// or after opening punctuation), never inside a Latin word. A name that
// mixes scripts — "义乌中国小商品城 (Yiwu China Commodity City)",
// "Liushi low-voltage apparatus 柳市低压电器" — starts each part on its
// own line, and when the label must be cut both parts keep a line.

type token struct {
	text  string
	space bool // a space: dropped at a line break
	wide  bool // a CJK character
}

const (
	noBreakBefore = "，。、．：；！？）」』】〉》〕］｝’”%‰,.;:!?)]}·・ー～"
	noBreakAfter  = "（「『【〈《〔［｛‘“([{"
)

// tokens splits s into words, spaces and single wide characters; glue
// reports whether no break is allowed between token i−1 and i.
func tokens(s string) (toks []token, glue []bool) {
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, token{text: cur.String()})
			glue = append(glue, false)
			cur.Reset()
		}
	}
	prev := rune(0)
	for i, r := range s {
		switch {
		case r == ' ':
			flush()
			toks = append(toks, token{text: " ", space: true})
			glue = append(glue, false)
		case isWide(r):
			flush()
			toks = append(toks, token{text: string(r), wide: true})
			glue = append(glue, false)
		default:
			cur.WriteRune(r)
			// A break opportunity after a hyphen or slash between letters.
			if (r == '-' || r == '/') && unicode.IsLetter(prev) {
				next, _ := utf8.DecodeRuneInString(s[i+1:])
				if unicode.IsLetter(next) {
					flush()
				}
			}
		}
		prev = r
	}
	flush()
	// No break before closing or after opening punctuation, nor between a
	// word and a wide character touching it without a space when either
	// is punctuation.
	for i := 1; i < len(toks); i++ {
		a, b := toks[i-1], toks[i]
		if a.space || b.space {
			continue
		}
		first, _ := utf8.DecodeRuneInString(b.text)
		last, _ := utf8.DecodeLastRuneInString(a.text)
		if strings.ContainsRune(noBreakBefore, first) || strings.ContainsRune(noBreakAfter, last) {
			glue[i] = true
		}
		if !a.wide && !b.wide {
			glue[i] = true // a word split after a hyphen: only breakable there
			if strings.HasSuffix(a.text, "-") || strings.HasSuffix(a.text, "/") {
				glue[i] = false
			}
		}
	}
	return toks, glue
}

// unit is a run of tokens that cannot be broken.
type unit struct {
	text  string
	space bool
}

func units(s string) []unit {
	toks, glue := tokens(s)
	var us []unit
	for i, t := range toks {
		if i > 0 && glue[i] && len(us) > 0 && !us[len(us)-1].space {
			us[len(us)-1].text += t.text
			continue
		}
		us = append(us, unit{text: t.text, space: t.space})
	}
	return us
}

// greedy fills lines of at most maxW with the units of s. It returns the
// lines and whether a single unit is wider than maxW (then that line is
// wider than maxW).
func greedy(s string, f font, maxW float64) (lines []string, over bool) {
	var line strings.Builder
	w := 0.0
	pendingSpace := false
	spaceW := f.width(" ")
	for _, u := range units(s) {
		if u.space {
			pendingSpace = line.Len() > 0
			continue
		}
		uw := f.width(u.text)
		add := uw
		if pendingSpace {
			add += spaceW
		}
		if line.Len() > 0 && w+add > maxW+0.01 {
			lines = append(lines, line.String())
			line.Reset()
			w = 0
			add = uw
			pendingSpace = false
		}
		if pendingSpace {
			line.WriteByte(' ')
		}
		pendingSpace = false
		line.WriteString(u.text)
		w += add
		if uw > maxW+0.01 {
			over = true
		}
	}
	if line.Len() > 0 {
		lines = append(lines, line.String())
	}
	return lines, over
}

const ellipsis = "…"

// cutEnd shortens s to fit maxW with an ellipsis at its end, at a unit
// boundary when one fits and inside the first unit otherwise.
func cutEnd(s string, f font, maxW float64) string {
	if f.width(s) <= maxW {
		return s
	}
	ew := f.width(ellipsis)
	us := units(s)
	var b strings.Builder
	w := 0.0
	for i, u := range us {
		uw := f.width(u.text)
		if w+uw+ew > maxW {
			if i == 0 || b.Len() == 0 {
				// The first word alone is too wide: cut it.
				return cutRunes(s, f, maxW-ew) + ellipsis
			}
			return strings.TrimRight(b.String(), " ") + ellipsis
		}
		b.WriteString(u.text)
		w += uw
	}
	return b.String()
}

// cutRunes returns the longest prefix of s no wider than maxW.
func cutRunes(s string, f font, maxW float64) string {
	w := 0.0
	for i, r := range s {
		w += runeEm(r, f.bold) * f.size
		if w > maxW {
			return s[:i]
		}
	}
	return s
}

// cutStart shortens s to fit maxW with an ellipsis at its start, keeping
// the end (where ids and numbers differ).
func cutStart(s string, f font, maxW float64) string {
	if f.width(s) <= maxW {
		return s
	}
	rs := []rune(s)
	w := f.width(ellipsis)
	i := len(rs)
	for i > 0 {
		rw := runeEm(rs[i-1], f.bold) * f.size
		if w+rw > maxW {
			break
		}
		w += rw
		i--
	}
	return ellipsis + string(rs[i:])
}

// wrapLines wraps s into at most maxLines lines no wider than maxW,
// cutting the end of the last line with an ellipsis when s does not fit.
// It reports whether anything was cut.
func wrapLines(s string, f font, maxW float64, maxLines int) ([]string, bool) {
	lines, over := greedy(s, f, maxW)
	if len(lines) <= maxLines && !over {
		return lines, false
	}
	cut := false
	if len(lines) > maxLines {
		rest := strings.Join(lines[maxLines-1:], " ")
		lines = append(lines[:maxLines-1:maxLines-1], rest)
		cut = true
	}
	for i, l := range lines {
		if f.width(l) > maxW+0.01 {
			lines[i] = cutEnd(l, f, maxW)
			cut = true
		}
	}
	return lines, cut
}

// isCJK reports whether r is a CJK character (not punctuation).
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r)
}

// isLatin reports whether r is a letter of an alphabetic script.
func isLatin(r rune) bool { return unicode.IsLetter(r) && !isCJK(r) && !isWide(r) }

// scriptParts splits a bilingual name into its parts at a space where the
// script changes between CJK and Latin letters: "义乌中国小商品城 (Yiwu
// China Commodity City)" → "义乌中国小商品城", "(Yiwu China Commodity
// City)". A name in one script is one part.
func scriptParts(s string) []string {
	words := strings.Split(s, " ")
	if len(words) < 2 {
		return []string{s}
	}
	script := func(w string) int { // 1 CJK, 2 Latin, 0 neither
		c, l := 0, 0
		for _, r := range w {
			switch {
			case isCJK(r):
				c++
			case isLatin(r):
				l++
			}
		}
		switch {
		case c > 0 && c >= l:
			return 1
		case l > 0:
			return 2
		}
		return 0
	}
	var parts []string
	start, cur := 0, 0
	for i, w := range words {
		sc := script(w)
		if sc == 0 {
			continue
		}
		if cur != 0 && sc != cur {
			parts = append(parts, strings.Join(words[start:i], " "))
			start = i
		}
		cur = sc
	}
	parts = append(parts, strings.Join(words[start:], " "))
	if len(parts) > 3 {
		return []string{s}
	}
	return parts
}

// fitLabel lays s out in at most maxLines lines no wider than maxW. A
// bilingual name starts each part on a new line; when it must be cut,
// each part keeps at least one line. It reports whether anything was cut.
func fitLabel(s string, f font, maxW float64, maxLines int) ([]string, bool) {
	s = cleanText(s)
	if s == "" {
		return []string{""}, false
	}
	parts := scriptParts(s)
	if len(parts) == 1 || len(parts) > maxLines {
		return wrapLines(s, f, maxW, maxLines)
	}
	// Each part on its own lines.
	var all []string
	over := false
	per := make([][]string, len(parts))
	for i, p := range parts {
		l, o := greedy(p, f, maxW)
		per[i] = l
		all = append(all, l...)
		over = over || o
	}
	if len(all) <= maxLines && !over {
		return all, false
	}
	if len(all) <= maxLines {
		for i, l := range all {
			all[i] = cutEnd(l, f, maxW)
		}
		return all, true
	}
	// Share the lines: one per part, the rest to the parts in order of
	// need.
	quota := make([]int, len(parts))
	left := maxLines
	for i := range quota {
		quota[i] = 1
		left--
	}
	for left > 0 {
		best := -1
		for i := range per {
			if len(per[i]) > quota[i] && (best < 0 || len(per[i])-quota[i] > len(per[best])-quota[best]) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		quota[best]++
		left--
	}
	var out []string
	for i, p := range parts {
		l, _ := wrapLines(p, f, maxW, quota[i])
		out = append(out, l...)
	}
	return out, true
}

// balanced lays s out like fitLabel but as narrow as it can without more
// lines or more cutting than at maxW, so that a two-line label is two
// lines of similar length. It returns the lines and their width.
func balanced(s string, f font, maxW float64, maxLines int) ([]string, float64, bool) {
	lines, cut := fitLabel(s, f, maxW, maxLines)
	if cut {
		return lines, widest(f, lines), true
	}
	if len(lines) == 1 {
		return lines, widest(f, lines), false
	}
	lo, hi := 0.0, widest(f, lines)
	best := lines
	for k := 0; k < 12 && hi-lo > 1; k++ {
		mid := (lo + hi) / 2
		l, c := fitLabel(s, f, mid, maxLines)
		if !c && len(l) <= len(lines) {
			hi, best = mid, l
		} else {
			lo = mid
		}
	}
	return best, widest(f, best), false
}

func widest(f font, lines []string) float64 {
	w := 0.0
	for _, l := range lines {
		w = max(w, f.width(l))
	}
	return w
}

// label is a node's name laid out in lines.
type label struct {
	lines []string
	cut   bool
}

func (l label) key() string { return strings.Join(l.lines, "\n") }

// distinct makes the labels of different nodes different: where two
// labels read the same (the names were cut at the same place, or the
// names are equal), each gives its last line to what tells it apart —
// the rest of its name after the common part, else its id — cut from the
// left so that the differing end shows. names and ids are aligned with
// labels.
func distinct(labels []label, names, ids []string, f font, maxW float64, maxLines int) {
	for round := 0; round < 3; round++ {
		groups := map[string][]int{}
		var keys []string
		for i, l := range labels {
			k := l.key()
			if _, ok := groups[k]; !ok {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], i)
		}
		clash := false
		for _, k := range keys {
			g := groups[k]
			if len(g) < 2 {
				continue
			}
			clash = true
			common := commonPrefix(names, g)
			for j, i := range g {
				name := cleanText(names[i])
				tail := strings.TrimSpace(name[min(common, len(name)):])
				switch {
				case round == 2:
					tail = "#" + itoa(j+1) + " " + cleanText(ids[i])
				case tail == "" || round == 1:
					tail = cleanText(ids[i])
				}
				labels[i] = withTail(name, tail, f, maxW, maxLines)
				if round == 2 {
					last := len(labels[i].lines) - 1
					labels[i].lines[last] = "#" + itoa(j+1) + " " + strings.TrimPrefix(cutStart(cleanText(ids[i]), f, maxW-f.width("#"+itoa(j+1)+" ")), "")
				}
			}
		}
		if !clash {
			return
		}
	}
}

// commonPrefix is the byte length of the longest common prefix of the
// cleaned names of g, moved back to the start of a word.
func commonPrefix(names []string, g []int) int {
	first := cleanText(names[g[0]])
	n := len(first)
	for _, i := range g[1:] {
		s := cleanText(names[i])
		k := 0
		for k < n && k < len(s) && s[k] == first[k] {
			k++
		}
		n = k
	}
	if n < len(first) {
		for n > 0 && first[n-1] != ' ' {
			n--
		}
	}
	return n
}

// withTail lays out name in maxLines−1 lines and tail, cut from the left,
// in the last.
func withTail(name, tail string, f font, maxW float64, maxLines int) label {
	if maxLines < 2 {
		return label{lines: []string{cutStart(tail, f, maxW)}, cut: true}
	}
	head, _ := fitLabel(name, f, maxW, maxLines-1)
	return label{lines: append(head, cutStart(tail, f, maxW)), cut: true}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
