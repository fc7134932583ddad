package interop

import (
	"bufio"
	"encoding/xml"
	"io"
	"unicode/utf8"
)

// xmlw streams an XML document in the layout of encoding/xml's Encoder
// with Indent("", " ") — each element on its own line, one space of
// indent per level, an element without child elements closed on its own
// line — and with its escaping (xml.EscapeText), keeping the first write
// error. It is what WriteGEXF and WriteGraphML used to get from
// xml.Encoder, without the reflection.
type xmlw struct {
	bw *bufio.Writer
	// depth, indentedIn and putNewline are encoding/xml's printer state.
	depth      int
	indentedIn bool
	putNewline bool
}

func newXMLW(w io.Writer) *xmlw {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(xml.Header)
	return &xmlw{bw: bw}
}

// indent is encoding/xml's printer.writeIndent.
func (x *xmlw) indent(delta int) {
	if delta < 0 {
		x.depth--
		if x.indentedIn {
			x.indentedIn = false
			return
		}
		x.indentedIn = false
	}
	if x.putNewline {
		x.bw.WriteByte('\n')
	} else {
		x.putNewline = true
	}
	for range x.depth {
		x.bw.WriteByte(' ')
	}
	if delta > 0 {
		x.depth++
		x.indentedIn = true
	}
}

// open writes a start tag with attributes given as name, value pairs.
func (x *xmlw) open(name string, attrs ...string) {
	x.indent(1)
	x.bw.WriteByte('<')
	x.bw.WriteString(name)
	for i := 0; i+1 < len(attrs); i += 2 {
		x.bw.WriteByte(' ')
		x.bw.WriteString(attrs[i])
		x.bw.WriteString(`="`)
		x.escape(attrs[i+1])
		x.bw.WriteByte('"')
	}
	x.bw.WriteByte('>')
}

// close writes the end tag of the element opened last.
func (x *xmlw) close(name string) {
	x.indent(-1)
	x.bw.WriteString("</")
	x.bw.WriteString(name)
	x.bw.WriteByte('>')
}

// empty writes an element without content: <name …></name>.
func (x *xmlw) empty(name string, attrs ...string) {
	x.open(name, attrs...)
	x.close(name)
}

// textElem writes an element holding text: <name …>text</name>.
func (x *xmlw) textElem(name, text string, attrs ...string) {
	x.open(name, attrs...)
	x.escape(text)
	x.close(name)
}

// finish ends the document with a newline and flushes it.
func (x *xmlw) finish() error {
	x.bw.WriteByte('\n')
	return x.bw.Flush()
}

// escape writes s escaped as xml.EscapeText does: the five XML specials
// and tab, newline and carriage return as character references, and
// every character XML 1.0 forbids (and every invalid UTF-8 byte) as
// U+FFFD.
func (x *xmlw) escape(s string) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		var esc string
		width := 1
		switch {
		case c >= 0x80:
			r, n := utf8.DecodeRuneInString(s[i:])
			width = n
			if !inCharacterRange(r) || r == utf8.RuneError && n == 1 {
				esc = "\uFFFD"
			}
		case c == '"':
			esc = "&#34;"
		case c == '\'':
			esc = "&#39;"
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '\t':
			esc = "&#x9;"
		case c == '\n':
			esc = "&#xA;"
		case c == '\r':
			esc = "&#xD;"
		case c < 0x20:
			esc = "\uFFFD"
		}
		if esc == "" {
			i += width
			continue
		}
		x.bw.WriteString(s[last:i])
		x.bw.WriteString(esc)
		i += width
		last = i
	}
	x.bw.WriteString(s[last:])
}

// inCharacterRange is encoding/xml's test for the characters XML 1.0
// allows (its Char production).
func inCharacterRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
