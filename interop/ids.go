package interop

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"clusterchain/internal/textsafe"
)

// escaped reports whether EncodeID writes r as \uXXXX: a character XML
// 1.0 forbids (most C0 controls, U+FFFE, U+FFFF), and every other control
// character (tab, line feed, carriage return, DEL, C1), which XML would
// normalise away in an attribute and which ends a Pajek line.
func escaped(r rune) bool {
	return !textsafe.XMLChar(r) || r < 0x20 || (r >= 0x7F && r <= 0x9F)
}

// EncodeID returns an id as the exchange files write it, so that it is
// legal XML 1.0 and a single Pajek line, and distinct ids stay distinct:
//
//   - a character XML forbids, or any control character, is written
//     \uXXXX (four upper-case hex digits; all such characters are below
//     U+10000);
//   - a byte that is not UTF-8 is written \xHH;
//   - a backslash is doubled when what follows it would otherwise read as
//     an escape (u, x, a backslash, or an escaped character);
//   - everything else, including every other backslash, is kept.
//
// Ids without controls, non-characters or invalid bytes — every id of a
// usual dataset, p\ and C:\data included — are written unchanged.
// DecodeID undoes EncodeID for every string, so the encoding is injective:
// a\x01 and a\x02 become the two ids a\u0001 and a\u0002 where XML writers
// would merge them into one U+FFFD.
func EncodeID(id string) string {
	clean := true
	for i := 0; i < len(id); {
		r, size := utf8.DecodeRuneInString(id[i:])
		if (r == utf8.RuneError && size == 1) || escaped(r) || r == '\\' {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return id
	}
	var b strings.Builder
	b.Grow(len(id) + 8)
	for i := 0; i < len(id); {
		r, size := utf8.DecodeRuneInString(id[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02X`, id[i])
		case escaped(r):
			fmt.Fprintf(&b, `\u%04X`, r)
		case r == '\\':
			b.WriteByte('\\')
			if next := id[i+1:]; next != "" && startsEscape(next) {
				b.WriteByte('\\')
			}
		default:
			b.WriteString(id[i : i+size])
		}
		i += size
	}
	return b.String()
}

// startsEscape reports whether s, the rest of an id after a backslash,
// begins with what EncodeID's output would read as the rest of an escape.
func startsEscape(s string) bool {
	switch s[0] {
	case 'u', 'x', '\\':
		return true
	}
	r, size := utf8.DecodeRuneInString(s)
	return (r == utf8.RuneError && size == 1) || escaped(r)
}

// DecodeID returns the id that EncodeID wrote as s: \\ is a backslash,
// \uXXXX a character, \xHH a byte; any other backslash is itself.
func DecodeID(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch s[i+1] {
		case '\\':
			b.WriteByte('\\')
			i++
			continue
		case 'u':
			if i+6 <= len(s) {
				if v, err := strconv.ParseUint(s[i+2:i+6], 16, 32); err == nil {
					b.WriteRune(rune(v))
					i += 5
					continue
				}
			}
		case 'x':
			if i+4 <= len(s) {
				if v, err := strconv.ParseUint(s[i+2:i+4], 16, 8); err == nil {
					b.WriteByte(byte(v))
					i += 3
					continue
				}
			}
		}
		b.WriteByte('\\')
	}
	return b.String()
}
