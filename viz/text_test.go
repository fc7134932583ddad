package viz

import (
	"strings"
	"testing"
)

// Widths measured in Chromium 14x (headless, fonts-noto-cjk, Noto Sans CJK
// SC first in the font list, as the diagrams name it) with
// getComputedTextLength at 10 px: our metrics never under-measure and are
// at most 6% wide (the table takes the wider of two fonts per glyph).
func TestWidthsAgainstChromium(t *testing.T) {
	for _, tc := range []struct {
		s        string
		reg, bld float64
	}{
		{"Haining leather and clothing", 132.00, 139.67},
		{"义乌中国小商品城 (Yiwu China Commodity City)", 217.88, 226.14},
		{"Yiwu Shunfa Accessories Industrial Co.", 177.33, 188.09},
		{"WWWWWWWWWW", 87.81, 91.50},
		{"iiiiiiiiii", 27.50, 30.41},
		{"Li & Fung", 42.63, 45.16},
		{"诸暨大唐市鸿运袜业有限公司", 130.00, 130.00},
		{"(China Science & Technology Hardware City)", 205.42, 217.14},
		{"Metro AG 56,774 (36%)", 104.34, 110.95},
		{"Cluster 12 — 3,027 volume units", 147.22, 155.84},
		{"Müller Straße Ørsted Ångström", 142.91, 151.92},
	} {
		for _, w := range []struct {
			bold bool
			want float64
		}{{false, tc.reg}, {true, tc.bld}} {
			got := measure(tc.s, 10, w.bold)
			if got < w.want-0.05 || got > w.want*1.06 {
				t.Errorf("%q (bold %v): %.2f, Chromium %.2f", tc.s, w.bold, got, w.want)
			}
		}
	}
}

func TestFitLabel(t *testing.T) {
	f := font{size: 10}
	for _, tc := range []struct {
		s     string
		maxW  float64
		lines int
		want  []string
		cut   bool
	}{
		// Bilingual names: each part on its own line.
		{"义乌中国小商品城 (Yiwu China Commodity City)", 200, 3, []string{"义乌中国小商品城", "(Yiwu China Commodity City)"}, false},
		{"Liushi low-voltage apparatus 柳市低压电器", 170, 3, []string{"Liushi low-voltage apparatus", "柳市低压电器"}, false},
		// Cut: both parts keep a line.
		{"Liushi low-voltage apparatus 柳市低压电器", 120, 2, []string{"Liushi low-voltage…", "柳市低压电器"}, true},
		// Never inside a word; hyphens may break.
		{"Accessories Industrial Co.", 80, 3, []string{"Accessories", "Industrial Co."}, false},
		{"low-voltage apparatus", 40, 3, []string{"low-", "voltage", "appar…"}, true},
		// CJK breaks between characters, not before closing punctuation.
		{"浙江省义乌市稠城街道小商品有限公司", 60, 3, []string{"浙江省义乌市", "稠城街道小商", "品有限公司"}, false},
		{"诸暨大唐市（鸿运）袜业", 60, 3, []string{"诸暨大唐市", "（鸿运）袜业"}, false},
		{"诸暨大唐市，鸿运袜业", 50, 3, []string{"诸暨大唐", "市，鸿运袜", "业"}, false},
		// One word wider than the box is cut, with an ellipsis.
		{"Supercalifragilisticexpialidocious", 60, 3, []string{"Supercalif…"}, true},
		// Hostile text is shown, not obeyed.
		{"a\u202Eb\uFFFE", 200, 1, []string{`a\u202Eb\uFFFE`}, false},
	} {
		got, cut := fitLabel(tc.s, f, tc.maxW, tc.lines)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || cut != tc.cut {
			t.Errorf("fitLabel(%q, %v, %d) = %q %v, want %q %v", tc.s, tc.maxW, tc.lines, got, cut, tc.want, tc.cut)
		}
		for _, l := range got {
			if w := f.width(l); w > tc.maxW+0.01 {
				t.Errorf("%q: line %q is %.1f pt, more than %v", tc.s, l, w, tc.maxW)
			}
		}
	}
}

// No line break falls inside a Latin word: every line of every label of
// the sample is made of whole words of the name (or ends in an ellipsis).
func TestNoBreakInsideWords(t *testing.T) {
	a := loadAnalysis(t, "sample")
	f := font{size: 7}
	for _, nd := range a.Network.Nodes() {
		words := map[string]bool{}
		for _, w := range strings.Fields(nd.Name) {
			words[w] = true
			for _, p := range strings.SplitAfter(w, "-") {
				words[p] = true
			}
		}
		for _, maxW := range []float64{50, 80, 120} {
			lines, _ := fitLabel(nd.Name, f, maxW, 3)
			for _, l := range lines {
				for _, w := range strings.Fields(l) {
					if strings.HasSuffix(w, ellipsis) || strings.ContainsFunc(w, isWide) {
						continue
					}
					if !words[w] {
						t.Errorf("%q at %v pt: %q is not a word of the name (lines %q)", nd.Name, maxW, w, lines)
					}
				}
			}
		}
	}
}

func TestDistinct(t *testing.T) {
	f := font{size: 8}
	names := []string{"Datang Hengtong Hosiery Co.", "Datang Hengtong Hosiery Industrial Co.", "Same", "Same", "Same"}
	ids := []string{"datang-018", "datang-022", "x-1", "x-2", "x-3"}
	var ls []label
	for _, n := range names {
		l, cut := fitLabel(n, f, 60, 1)
		ls = append(ls, label{lines: l, cut: cut})
	}
	distinct(ls, names, ids, f, 60, 2)
	seen := map[string]bool{}
	for i, l := range ls {
		if seen[l.key()] {
			t.Errorf("label %d %q repeats", i, l.lines)
		}
		seen[l.key()] = true
		for _, line := range l.lines {
			if f.width(line) > 60.01 {
				t.Errorf("%q is wider than 60 pt", line)
			}
		}
	}
	if !strings.Contains(ls[1].key(), "Industrial") || !strings.Contains(ls[3].key(), "x-2") {
		t.Errorf("the telling part is not shown: %q, %q", ls[1].lines, ls[3].lines)
	}
}

func TestPlace1D(t *testing.T) {
	tops := place1D([]float64{10, 11, 100}, []float64{10, 10, 10}, 2, 0, 200)
	// The first two collide: they share the mean of their wishes.
	if tops[0] != 0 || tops[1] != 12 || tops[2] != 95 { // the block wants −0.5: clamped to 0
		t.Errorf("tops %v", tops)
	}
	tops = place1D([]float64{0, 0, 0}, []float64{10, 10, 10}, 5, 0, 100)
	if tops[0] != 0 || tops[1] != 15 || tops[2] != 30 {
		t.Errorf("clamped tops %v", tops)
	}
}
