package loaders

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// Encoding is the character encoding of an input file.
type Encoding uint8

// The encodings Load reads. Auto detects one per file: a byte-order mark
// says UTF-8 or UTF-16 (little or big endian); otherwise bytes that are
// valid UTF-8 are UTF-8 and anything else is GB18030, which covers GBK
// and GB2312 (Excel's "CSV" on a Chinese Windows).
const (
	Auto Encoding = iota
	UTF8
	UTF16LE
	UTF16BE
	UTF16 // UTF-16 whose byte-order mark says which
	GB18030
)

var encodingNames = [...]string{Auto: "auto", UTF8: "UTF-8", UTF16LE: "UTF-16LE", UTF16BE: "UTF-16BE",
	UTF16: "UTF-16", GB18030: "GB18030"}

func (e Encoding) String() string {
	if int(e) < len(encodingNames) {
		return encodingNames[e]
	}
	return fmt.Sprintf("Encoding(%d)", uint8(e))
}

// EncodingNames lists the names ParseEncoding accepts, for help texts.
const EncodingNames = "auto, utf-8, utf-16, utf-16le, utf-16be, gb18030 (also gbk, gb2312, cp936)"

// ParseEncoding reads an encoding name, ignoring case, "-" and "_".
func ParseEncoding(name string) (Encoding, error) {
	n := strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(strings.TrimSpace(name)))
	switch n {
	case "", "auto":
		return Auto, nil
	case "utf8":
		return UTF8, nil
	case "utf16":
		return UTF16, nil
	case "utf16le":
		return UTF16LE, nil
	case "utf16be":
		return UTF16BE, nil
	case "gb18030", "gbk", "gb2312", "cp936", "euccn":
		return GB18030, nil
	}
	return Auto, fmt.Errorf("unknown encoding %q (known: %s)", name, EncodingNames)
}

var (
	bomUTF8    = []byte{0xef, 0xbb, 0xbf}
	bomUTF16LE = []byte{0xff, 0xfe}
	bomUTF16BE = []byte{0xfe, 0xff}
	bomUTF32LE = []byte{0xff, 0xfe, 0, 0}
	bomUTF32BE = []byte{0, 0, 0xfe, 0xff}
)

// decode turns the bytes of file into UTF-8 text with LF line ends (CRLF
// and a lone CR, as Excel's "CSV (Macintosh)" writes, are both a line
// end). It returns the encoding it read (with "with BOM" when a
// byte-order mark was stripped), or false after reporting why the file
// cannot be read: bytes that do not decode, UTF-16 without a byte-order
// mark and UTF-32 (named as such), a zero byte, or a byte-order mark
// inside the text. b is the caller's and is changed.
func decode(file string, b []byte, enc Encoding, errs *collector) ([]byte, string, bool) {
	text, name, ok := decodeText(file, b, enc, errs)
	if !ok {
		return nil, "", false
	}
	if i := bytes.IndexByte(text, 0); i >= 0 {
		line, char := textPos(text, i)
		errs.errf(file, line, 0, ErrEncoding, "save the file as CSV in UTF-8 (in Excel: CSV UTF-8)",
			"a zero byte (NUL) at line %d, character %d: not text, or in an encoding with zero bytes (UTF-16 or UTF-32) that was not recognised", line, char)
		return nil, "", false
	}
	if i := bytes.Index(text, bomUTF8); i >= 0 {
		line, char := textPos(text, i)
		errs.errf(file, line, 0, ErrEncoding, "delete the invisible character (U+FEFF) there; a file saved once has its byte-order mark only at the start",
			"a byte-order mark inside the file at line %d, character %d: were two files joined?", line, char)
		return nil, "", false
	}
	return text, name, true
}

// textPos is the 1-based line and character of byte i of text.
func textPos(text []byte, i int) (int, int) {
	before := text[:i]
	start := bytes.LastIndexByte(before, '\n') + 1
	return bytes.Count(before, []byte{'\n'}) + 1, utf8.RuneCount(before[start:]) + 1
}

// normalizeEOL turns every lone CR of b into LF, in place, dropping the
// CR of CRLF when it does so; a text with no lone CR is left as it is
// (both readers take CRLF). In UTF-8 and GB18030 the bytes CR and LF are
// never part of another character, so the raw bytes may be normalised.
func normalizeEOL(b []byte) []byte {
	lone := false
	for i := bytes.IndexByte(b, '\r'); i >= 0; {
		if i+1 == len(b) || b[i+1] != '\n' {
			lone = true
			break
		}
		j := bytes.IndexByte(b[i+1:], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	if !lone {
		return b
	}
	w := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\r' {
			if i+1 < len(b) && b[i+1] == '\n' {
				continue
			}
			c = '\n'
		}
		b[w] = c
		w++
	}
	return b[:w]
}

func decodeText(file string, b []byte, enc Encoding, errs *collector) ([]byte, string, bool) {
	utf16 := func(b []byte, big bool, name string) ([]byte, string, bool) {
		out, name, ok := decodeUTF16(file, b, big, name, errs)
		return normalizeEOL(out), name, ok
	}
	switch enc {
	case Auto:
		switch {
		case bytes.HasPrefix(b, bomUTF32LE), bytes.HasPrefix(b, bomUTF32BE):
			order := "LE"
			if b[0] == 0 {
				order = "BE"
			}
			errs.errf(file, 1, 0, ErrEncoding, "save the file as CSV in UTF-8 (in Excel: CSV UTF-8) or as UTF-16",
				"UTF-32%s text (with a byte-order mark), which is not read", order)
			return nil, "", false
		case bytes.HasPrefix(b, bomUTF8):
			return decodeUTF8(file, normalizeEOL(b[3:]), "UTF-8 with BOM", errs)
		case bytes.HasPrefix(b, bomUTF16LE):
			return utf16(b[2:], false, "UTF-16LE with BOM")
		case bytes.HasPrefix(b, bomUTF16BE):
			return utf16(b[2:], true, "UTF-16BE with BOM")
		}
		switch guess := zeroPattern(b); guess {
		case "UTF-16LE", "UTF-16BE":
			errs.errf(file, 1, 0, ErrEncoding, "use --encoding "+strings.ToLower(guess)+", or save the file as CSV in UTF-8",
				"%s text without a byte-order mark (a zero byte in every other place)", guess)
			return nil, "", false
		case "UTF-32LE", "UTF-32BE":
			errs.errf(file, 1, 0, ErrEncoding, "save the file as CSV in UTF-8 (in Excel: CSV UTF-8) or as UTF-16",
				"%s text without a byte-order mark (three zero bytes in every four), which is not read", guess)
			return nil, "", false
		}
		b = normalizeEOL(b)
		if utf8.Valid(b) {
			return b, "UTF-8", true
		}
		return decodeGB18030(file, b, "GB18030 (not UTF-8)", errs)
	case UTF8:
		if bytes.HasPrefix(b, bomUTF8) {
			return decodeUTF8(file, normalizeEOL(b[3:]), "UTF-8 with BOM", errs)
		}
		return decodeUTF8(file, normalizeEOL(b), "UTF-8", errs)
	case UTF16:
		switch {
		case bytes.HasPrefix(b, bomUTF16LE):
			return utf16(b[2:], false, "UTF-16LE with BOM")
		case bytes.HasPrefix(b, bomUTF16BE):
			return utf16(b[2:], true, "UTF-16BE with BOM")
		}
		errs.errf(file, 1, 0, ErrEncoding, "use --encoding utf-16le or utf-16be to say which",
			"UTF-16 without a byte-order mark")
		return nil, "", false
	case UTF16LE:
		return utf16(bytes.TrimPrefix(b, bomUTF16LE), false, "UTF-16LE")
	case UTF16BE:
		return utf16(bytes.TrimPrefix(b, bomUTF16BE), true, "UTF-16BE")
	case GB18030:
		return decodeGB18030(file, normalizeEOL(b), "GB18030", errs)
	}
	errs.errf(file, 0, 0, ErrEncoding, "", "unknown encoding %v", enc)
	return nil, "", false
}

// zeroPattern tells UTF-16 and UTF-32 without a byte-order mark by where
// their zero bytes are, in the first 1 MiB: no text in UTF-8 or GB18030
// has any. CSV text always has ASCII (delimiters, line ends, digits),
// whose high bytes are zero: in UTF-16LE at odd offsets, in UTF-16BE at
// even ones, at least one in eight there; in UTF-32 two or three of
// every four bytes are zero. It returns "" when the zeros fit none of
// these (or there are none).
func zeroPattern(b []byte) string {
	if len(b) > 1<<20 {
		b = b[:1<<20]
	}
	var z [4]int
	total := 0
	for i, c := range b {
		if c == 0 {
			z[i&3]++
			total++
		}
	}
	quarter := len(b) / 4
	switch {
	case total == 0 || len(b) < 4:
		return ""
	case z[2]*10 >= quarter*9 && z[3]*10 >= quarter*9 && z[0]*10 < quarter:
		return "UTF-32LE" // x x 0 0: the top two bytes of every code point are zero
	case z[0]*10 >= quarter*9 && z[1]*10 >= quarter*9 && z[3]*10 < quarter:
		return "UTF-32BE"
	}
	odd, even := z[1]+z[3], z[0]+z[2]
	half := len(b) / 2
	switch {
	case odd*8 >= half && even*10 <= odd:
		return "UTF-16LE"
	case even*8 >= half && odd*10 <= even:
		return "UTF-16BE"
	}
	return ""
}

func decodeUTF8(file string, b []byte, name string, errs *collector) ([]byte, string, bool) {
	if utf8.Valid(b) {
		return b, name, true
	}
	line, char := 1, 1
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		if r == '\n' {
			line, char = line+1, 1
		} else {
			char++
		}
		i += size
	}
	errs.errf(file, line, 0, ErrEncoding, "save the file as UTF-8 (in Excel: CSV UTF-8), or name its encoding with --encoding",
		"invalid UTF-8 at line %d, character %d", line, char)
	return nil, "", false
}

// decodeUTF16 checks the code units first (an odd length or an unpaired
// surrogate is an error with its line: x/text would silently write
// U+FFFD), then decodes with golang.org/x/text.
func decodeUTF16(file string, b []byte, big bool, name string, errs *collector) ([]byte, string, bool) {
	unit := func(i int) uint16 {
		if big {
			return uint16(b[i])<<8 | uint16(b[i+1])
		}
		return uint16(b[i+1])<<8 | uint16(b[i])
	}
	line, char := 1, 1
	bad := ""
	for i := 0; i < len(b); i += 2 {
		if i+1 >= len(b) {
			bad = "an odd number of bytes"
			break
		}
		u := unit(i)
		switch {
		case utf16.IsSurrogate(rune(u)):
			if u >= 0xdc00 || i+3 >= len(b) {
				bad = "an unpaired surrogate"
			} else if v := unit(i + 2); v < 0xdc00 || v > 0xdfff {
				bad = "an unpaired surrogate"
			}
			i += 2
		case u == '\n', u == '\r' && (i+3 >= len(b) || unit(i+2) != '\n'):
			line, char = line+1, 0
		}
		if bad != "" {
			break
		}
		char++
	}
	if bad != "" {
		errs.errf(file, line, 0, ErrEncoding, "the file is not UTF-16 throughout; name its encoding with --encoding",
			"invalid %s: %s at line %d, character %d", name, bad, line, char)
		return nil, "", false
	}
	order := unicode.LittleEndian
	if big {
		order = unicode.BigEndian
	}
	out, err := unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder().Bytes(b)
	if err != nil {
		errs.errf(file, 0, 0, ErrEncoding, "", "%s: %v", name, err)
		return nil, "", false
	}
	return out, name, true
}

// decodeGB18030 decodes with golang.org/x/text. Its decoder writes U+FFFD
// for bytes that are not GB18030 and reports no error: every line whose
// text holds U+FFFD is encoded again, and if that does not give back the
// original bytes the file is in error at that line.
func decodeGB18030(file string, b []byte, name string, errs *collector) ([]byte, string, bool) {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil {
		errs.errf(file, 0, 0, ErrEncoding, "", "%s: %v", name, err)
		return nil, "", false
	}
	if !bytes.ContainsRune(out, utf8.RuneError) {
		return out, name, true
	}
	// In GB18030 the byte 0x0A is always a newline, never part of a
	// character, so source and text have the same lines.
	src, txt := b, out
	var enc *encoding.Encoder
	for line := 1; len(txt) > 0; line++ {
		si, ti := bytes.IndexByte(src, '\n'), bytes.IndexByte(txt, '\n')
		sl, tl := src, txt
		if si >= 0 && ti >= 0 {
			sl, tl = src[:si], txt[:ti]
			src, txt = src[si+1:], txt[ti+1:]
		} else {
			src, txt = nil, nil
		}
		at := bytes.IndexRune(tl, utf8.RuneError)
		if at < 0 {
			continue
		}
		if enc == nil {
			enc = simplifiedchinese.GB18030.NewEncoder()
		}
		if again, err := enc.Bytes(tl); err == nil && bytes.Equal(again, sl) {
			continue // a real U+FFFD, encoded as such
		}
		hint := "save the file as UTF-8, or name its encoding with --encoding"
		if name != "GB18030" {
			hint = "the file is neither UTF-8 nor GB18030/GBK: save it as UTF-8, or name its encoding with --encoding"
		}
		errs.errf(file, line, 0, ErrEncoding, hint,
			"bytes that are not %s at line %d, character %d", strings.TrimSuffix(name, " (not UTF-8)"), line,
			utf8.RuneCount(tl[:at])+1)
		return nil, "", false
	}
	return out, name, true
}
