package loaders

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"unicode/utf8"
)

// scanner is a tokenizer for the XML of a sheet, which may be several
// hundred megabytes for a million rows. encoding/xml reads a byte at a
// time through an interface and allocates every token: loading a
// 1,000,000-row links sheet took 14 s with it and takes 6 s with this
// (BenchmarkWorkbook1M, on a loaded 2-core machine), most of the rest
// being decompression. Names, attributes and character data are slices
// of its buffer, valid until the next call. For a well-formed document it
// gives the tokens encoding/xml's RawToken gives — start and end
// elements, character data (entities decoded, CDATA sections as text,
// line ends normalised to LF), comments and processing instructions
// skipped — which FuzzScanner checks. It never expands an entity other
// than XML's five and character references, and refuses a DTD.
type scanner struct {
	r    io.Reader
	buf  []byte
	pos  int // next byte of buf to read
	eof  bool
	err  error
	text []byte // decoded character data, reused
	// pendingEnd: the last start tag closed itself; its end is next.
	pendingEnd   bool
	space, local []byte
	attrs        []rawAttr
	line         int
}

// maxToken bounds one tag or one run of character data.
const maxToken = 1 << 22

var errScan = errors.New("malformed XML")

func newScanner(r io.Reader) *scanner {
	return &scanner{r: r, buf: make([]byte, 0, 64<<10), line: 1}
}

// more reads more input after buf[pos:], keeping it; false at the end.
func (s *scanner) more() bool {
	if s.eof {
		return false
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:])
		s.buf = s.buf[:n]
		s.pos = 0
	}
	if len(s.buf) == cap(s.buf) {
		if cap(s.buf) >= 2*maxToken {
			s.err = fmt.Errorf("%w: a token of more than %d bytes", errScan, maxToken)
			return false
		}
		nb := make([]byte, len(s.buf), 2*cap(s.buf))
		copy(nb, s.buf)
		s.buf = nb
	}
	n, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
	s.buf = s.buf[:len(s.buf)+n]
	if err != nil {
		if err != io.EOF {
			s.err = err
		}
		s.eof = true
	}
	return n > 0 || !s.eof
}

// find returns the index (from pos) of the first sep in the input,
// reading more as needed, or -1 at the end.
func (s *scanner) find(sep []byte) int {
	from := 0
	for {
		if i := bytes.Index(s.buf[s.pos+from:], sep); i >= 0 {
			return from + i
		}
		from = max(0, len(s.buf)-s.pos-len(sep)+1)
		if from > maxToken || !s.more() {
			return -1
		}
	}
}

func (s *scanner) failf(format string, a ...any) error {
	if s.err == nil {
		s.err = fmt.Errorf("%w on line %d: "+format, append([]any{errScan, s.line}, a...)...)
	}
	return s.err
}

// The kinds of token next returns.
type tokKind uint8

const (
	tokStart tokKind = iota + 1
	tokEnd
	tokText
)

// rawAttr is an attribute of the current start tag: its name (the local
// part) and value (decoded), valid until the next call of next.
type rawAttr struct {
	space, local []byte
	value        []byte
}

// next reads the next token: a start or end element (its name in
// s.space, s.local; a start element's attributes in s.attrs) or
// character data (s.text), all valid until the next call; io.EOF at the
// end. A self-closing tag gives a start and an end.
func (s *scanner) next() (tokKind, error) {
	if s.pendingEnd {
		s.pendingEnd = false
		s.attrs = s.attrs[:0]
		return tokEnd, nil
	}
	for {
		if s.err != nil {
			return 0, s.err
		}
		if s.pos >= len(s.buf) && !s.more() {
			if s.err != nil {
				return 0, s.err
			}
			return 0, io.EOF
		}
		if s.buf[s.pos] != '<' {
			return tokText, s.charData()
		}
		// Markup: make sure its first bytes are in the buffer.
		for len(s.buf)-s.pos < 9 && s.more() {
		}
		rest := s.buf[s.pos:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			if !s.skipPast([]byte("-->"), 4) {
				return 0, s.failf("a comment that does not end")
			}
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			return tokText, s.cdata()
		case bytes.HasPrefix(rest, []byte("<?")):
			if !s.skipPast([]byte("?>"), 2) {
				return 0, s.failf("a processing instruction that does not end")
			}
		case bytes.HasPrefix(rest, []byte("<!")):
			return 0, s.failf("a DTD or directive (<!…>), which a sheet does not have")
		default:
			return s.tag()
		}
	}
}

// attr returns the value of the current start tag's attribute with this
// local name and no prefix, or nil.
func (s *scanner) attr(local string) []byte {
	for _, a := range s.attrs {
		if len(a.space) == 0 && string(a.local) == local {
			return a.value
		}
	}
	return nil
}

// RawToken returns the next token as encoding/xml's RawToken does (the
// tests compare the two).
func (s *scanner) RawToken() (xml.Token, error) {
	kind, err := s.next()
	if err != nil {
		return nil, err
	}
	n := xml.Name{Space: string(s.space), Local: string(s.local)}
	switch kind {
	case tokStart:
		se := xml.StartElement{Name: n}
		for _, a := range s.attrs {
			se.Attr = append(se.Attr, xml.Attr{Name: xml.Name{Space: string(a.space), Local: string(a.local)}, Value: string(a.value)})
		}
		return se, nil
	case tokEnd:
		return xml.EndElement{Name: n}, nil
	}
	return xml.CharData(slices.Clone(s.text)), nil
}

// skipPast moves past the first sep after skip bytes; false at the end.
func (s *scanner) skipPast(sep []byte, skip int) bool {
	s.pos += skip
	i := s.find(sep)
	if i < 0 {
		return false
	}
	s.line += bytes.Count(s.buf[s.pos:s.pos+i], []byte{'\n'})
	s.pos += i + len(sep)
	return true
}

func (s *scanner) cdata() error {
	s.pos += len("<![CDATA[")
	i := s.find([]byte("]]>"))
	if i < 0 {
		return s.failf("a CDATA section that does not end")
	}
	raw := s.buf[s.pos : s.pos+i]
	s.line += bytes.Count(raw, []byte{'\n'})
	if !utf8.Valid(raw) {
		return s.failf("bytes that are not UTF-8")
	}
	s.text = appendLines(s.text[:0], raw)
	s.pos += i + 3
	return nil
}

// appendLines appends raw with CRLF and a lone CR turned into LF.
func appendLines(dst, raw []byte) []byte {
	for {
		i := bytes.IndexByte(raw, '\r')
		if i < 0 {
			return append(dst, raw...)
		}
		dst = append(dst, raw[:i]...)
		dst = append(dst, '\n')
		raw = raw[i+1:]
		if len(raw) > 0 && raw[0] == '\n' {
			raw = raw[1:]
		}
	}
}

// charData reads text up to the next '<'.
func (s *scanner) charData() error {
	i := s.find([]byte{'<'})
	if i < 0 {
		i = len(s.buf) - s.pos // the text runs to the end
	}
	raw := s.buf[s.pos : s.pos+i]
	s.line += bytes.Count(raw, []byte{'\n'})
	var err error
	s.text, err = s.decode(s.text[:0], raw)
	s.pos += i
	return err
}

// decode appends raw text (character data or an attribute value) with
// its entities and character references decoded and its line ends
// normalised, as encoding/xml does both.
func (s *scanner) decode(dst, raw []byte) ([]byte, error) {
	if !utf8.Valid(raw) {
		return nil, s.failf("bytes that are not UTF-8")
	}
	for {
		i := bytes.IndexAny(raw, "&\r")
		if i < 0 {
			return append(dst, raw...), nil
		}
		dst = append(dst, raw[:i]...)
		raw = raw[i:]
		if raw[0] == '\r' {
			dst = append(dst, '\n')
			raw = raw[1:]
			if len(raw) > 0 && raw[0] == '\n' {
				raw = raw[1:]
			}
			continue
		}
		end := bytes.IndexByte(raw, ';')
		if end < 0 || end > 12 {
			return nil, s.failf("an & that does not begin an entity")
		}
		name := string(raw[1:end])
		raw = raw[end+1:]
		switch name {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "apos":
			dst = append(dst, '\'')
		case "quot":
			dst = append(dst, '"')
		default:
			if len(name) < 2 || name[0] != '#' {
				return nil, s.failf("the entity &%s;, which XML does not define", name)
			}
			var n uint64
			var err error
			if name[1] == 'x' {
				n, err = strconv.ParseUint(name[2:], 16, 32)
			} else {
				n, err = strconv.ParseUint(name[1:], 10, 32)
			}
			r := rune(n)
			if err != nil || !isXMLChar(r) {
				return nil, s.failf("the character reference &%s;", name)
			}
			dst = utf8.AppendRune(dst, r)
		}
	}
}

// isXMLChar reports whether r may appear in an XML 1.0 document.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// splitName splits a tag's name at its colon as encoding/xml does: a
// prefix and a local name, or all of it the local name when either would
// be empty (a name with two colons is refused by the caller).
func splitName(b []byte) (space, local []byte) {
	if i := bytes.IndexByte(b, ':'); i > 0 && i < len(b)-1 {
		return b[:i], b[i+1:]
	}
	return nil, b
}

// badName reports a name encoding/xml refuses: more than one colon.
func badName(b []byte) bool { return bytes.Count(b, []byte{':'}) > 1 }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// tag reads a start or end tag, at s.buf[s.pos] == '<'.
func (s *scanner) tag() (tokKind, error) {
	// Find the closing '>' outside quotes.
	quote := byte(0)
	i := s.pos + 1
	for {
		if i >= len(s.buf) {
			off := i - s.pos
			if off > maxToken || !s.more() {
				return 0, s.failf("a tag that does not end")
			}
			i = s.pos + off
			continue
		}
		c := s.buf[i]
		if quote != 0 {
			if c == quote {
				quote = 0
			}
		} else if c == '"' || c == '\'' {
			quote = c
		} else if c == '>' {
			break
		}
		i++
	}
	body := s.buf[s.pos+1 : i]
	if bytes.IndexByte(body, '\n') >= 0 {
		s.line += bytes.Count(body, []byte{'\n'})
	}
	s.pos = i + 1
	s.attrs = s.attrs[:0]
	if len(body) > 0 && body[0] == '/' {
		b := trimSpaceRight(body[1:])
		if len(b) == 0 || badName(b) {
			return 0, s.failf("an end tag without a name")
		}
		s.space, s.local = splitName(b)
		return tokEnd, nil
	}
	selfClosing := len(body) > 0 && body[len(body)-1] == '/'
	if selfClosing {
		body = body[:len(body)-1]
	}
	j := 0
	for j < len(body) && !isSpace(body[j]) {
		j++
	}
	if j == 0 || badName(body[:j]) {
		return 0, s.failf("a tag without a name")
	}
	s.space, s.local = splitName(body[:j])
	rest := body[j:]
	for {
		k := 0
		for k < len(rest) && isSpace(rest[k]) {
			k++
		}
		rest = rest[k:]
		if len(rest) == 0 {
			break
		}
		eq := bytes.IndexByte(rest, '=')
		if eq <= 0 {
			return 0, s.failf("an attribute without a value")
		}
		an := trimSpaceRight(rest[:eq])
		if badName(an) {
			return 0, s.failf("a name with two colons")
		}
		rest = rest[eq+1:]
		k = 0
		for k < len(rest) && isSpace(rest[k]) {
			k++
		}
		rest = rest[k:]
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return 0, s.failf("an attribute value without quotes")
		}
		q := rest[0]
		end := bytes.IndexByte(rest[1:], q)
		if end < 0 {
			return 0, s.failf("an attribute value that does not end")
		}
		v := rest[1 : 1+end]
		rest = rest[end+2:]
		if bytes.IndexByte(v, '&') >= 0 || bytes.IndexByte(v, '\r') >= 0 || !utf8.Valid(v) {
			var err error
			if v, err = s.decode(nil, v); err != nil {
				return 0, err
			}
		}
		as, al := splitName(an)
		s.attrs = append(s.attrs, rawAttr{space: as, local: al, value: v})
	}
	s.pendingEnd = selfClosing
	return tokStart, nil
}

func trimSpaceRight(b []byte) []byte {
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// skip reads tokens up to the end of the element just started.
func (s *scanner) skip() error {
	depth := 0
	for {
		kind, err := s.next()
		if err != nil {
			return err
		}
		switch kind {
		case tokStart:
			depth++
		case tokEnd:
			if depth == 0 {
				return nil
			}
			depth--
		}
	}
}
