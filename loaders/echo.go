package loaders

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Values from the input (ids, cells, header names, schema keys) reach
// messages only through echo or plain: quoted so that control
// characters, NUL bytes and bidirectional overrides are visible escapes,
// and cut to a readable length with their size, so that a 200 MB id gives
// a line, not a 200 MB message.
const (
	// echoMax is the longest value shown whole, in bytes.
	echoMax = 64
	// echoKeep is how much of a longer value is shown, in bytes.
	echoKeep = 40
	// listMax is the most header names a hint lists.
	listMax = 20
)

// echo quotes an input value for a message, Go-style, cut after echoKeep
// bytes when it is longer than echoMax: "abcdef…" (209,715,200 bytes).
func echo(s string) string {
	if len(s) <= echoMax {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:cutAt(s, echoKeep)]+"…") + " (" + thousands(len(s)) + " bytes)"
}

// plain is echo for a value shown without quotes (an id in a warning, a
// header name in a list): as it is when it is short and every character
// is printable, else quoted and cut as echo does.
func plain(s string) string {
	if len(s) <= echoMax && s != "" && strings.IndexFunc(s, func(r rune) bool {
		return r == utf8.RuneError || !strconv.IsPrint(r)
	}) < 0 {
		return s
	}
	return echo(s)
}

// plainList joins names for a hint, each through plain, at most listMax
// of them.
func plainList(names []string) string {
	var b strings.Builder
	for i, n := range names {
		if i == listMax {
			b.WriteString(", …and " + strconv.Itoa(len(names)-listMax) + " more")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(plain(n))
	}
	return b.String()
}

// cutAt returns the largest i <= n at a character boundary of s.
func cutAt(s string, n int) int {
	if n >= len(s) {
		return len(s)
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
