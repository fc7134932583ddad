package suggest

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Nearest returns the candidates closest to word, best first, at most
// max of them (all when max ≤ 0), or none when nothing is close. In order
// of preference:
//
//  1. the same word ignoring case ("YIWU-005" for "yiwu-005"): then only
//     that one;
//  2. candidates that begin with word or that word begins with, ignoring
//     case ("yiwu" for "yiwu-ccc", "--format" for "--formats");
//  3. candidates within a small edit distance (on runes, a swap of two
//     neighbours counting as one edit, ignoring case: at most 1 for words of up to 4 letters, 2 up to 8,
//     else 3), nearer first ("wallmart" for "walmart", "analyse" for
//     "analyze", "fromats" for "formats").
//
// Ties go to the smaller rank (a caller's preference, e.g. markets before
// firms; nil ranks all alike), then to the shorter candidate, then to
// byte order.
func Nearest(word string, candidates []string, rank func(i int) int, max int) []string {
	if rank == nil {
		rank = func(int) int { return 0 }
	}
	w := strings.ToLower(word)
	if w == "" {
		return nil
	}
	type hit struct {
		i, class, dist, rank int
	}
	var hits []hit
	limit := 3
	switch n := utf8.RuneCountInString(w); {
	case n <= 4:
		limit = 1
	case n <= 8:
		limit = 2
	}
	for i, c := range candidates {
		lc := strings.ToLower(c)
		switch {
		case lc == w:
			return []string{c}
		case strings.HasPrefix(lc, w) || strings.HasPrefix(w, lc) && len(lc) > 0:
			hits = append(hits, hit{i, 0, distance(w, lc), rank(i)})
		default:
			if d := distance(w, lc); d <= limit {
				hits = append(hits, hit{i, 1, d, rank(i)})
			}
		}
	}
	sort.Slice(hits, func(a, b int) bool {
		x, y := hits[a], hits[b]
		if x.class != y.class {
			return x.class < y.class
		}
		if x.class == 1 && x.dist != y.dist {
			return x.dist < y.dist
		}
		if x.rank != y.rank {
			return x.rank < y.rank
		}
		cx, cy := candidates[x.i], candidates[y.i]
		if len(cx) != len(cy) {
			return len(cx) < len(cy)
		}
		return cx < cy
	})
	if max > 0 && len(hits) > max {
		hits = hits[:max]
	}
	out := make([]string, len(hits))
	for k, h := range hits {
		out[k] = candidates[h.i]
	}
	return out
}

// distance is the edit distance between a and b over runes: insertions,
// deletions, substitutions and swaps of two neighbours ("cvs" for "csv")
// each count 1 (the optimal string alignment distance).
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// d[i][j] is the distance between ra[:i] and rb[:j]; three rows.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// Phrase writes suggestions for a message: `did you mean "a"?`, `did
// you mean "a", "b" or "c"?`, or "" for none. Each is quoted as Go quotes
// a string, so that a suggestion taken from the data (an id, a header)
// shows a quote, a control or a bidirectional override as an escape and
// never acts on the terminal.
func Phrase(s []string) string {
	if len(s) == 0 {
		return ""
	}
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = strconv.Quote(x)
	}
	if len(q) == 1 {
		return "did you mean " + q[0] + "?"
	}
	return "did you mean " + strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1] + "?"
}
