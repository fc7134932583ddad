package textsafe

import (
	"fmt"
	"strings"
)

// XMLChar reports whether r may appear in an XML 1.0 document:
// #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
func XMLChar(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// BidiControl reports whether r is a Unicode bidirectional formatting
// character: the embeddings and overrides U+202A…U+202E, the isolates
// U+2066…U+2069, and the marks U+200E, U+200F and U+061C.
func BidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) ||
		r == 0x200E || r == 0x200F || r == 0x061C
}

// unsafe reports whether r must be shown as an escape in displayed text:
// it is not an XML character, it is a bidirectional control, or it is a C0
// or C1 control other than tab and newline.
func unsafe(r rune) bool {
	if r == '\t' || r == '\n' {
		return false
	}
	return !XMLChar(r) || BidiControl(r) || r < 0x20 || (r >= 0x7F && r <= 0x9F)
}

// Visible returns s with every character that is not allowed in XML 1.0,
// every bidirectional control and every other control character except
// tab and newline replaced by a visible escape: \uXXXX (or \UXXXXXXXX
// above U+FFFF). Invalid UTF-8 bytes become U+FFFD. Text without such
// characters is returned unchanged.
func Visible(s string) string {
	clean := true
	for _, r := range s {
		if unsafe(r) || r == '\uFFFD' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch {
		case r == '\uFFFD':
			b.WriteRune(r) // an invalid byte, or U+FFFD itself: already visible
		case !unsafe(r):
			b.WriteRune(r)
		case r > 0xFFFF:
			fmt.Fprintf(&b, `\U%08X`, r)
		default:
			fmt.Fprintf(&b, `\u%04X`, r)
		}
	}
	return b.String()
}
