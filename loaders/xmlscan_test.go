package loaders

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"
)

// tokens lists what matters of a token stream: start and end elements
// with their attributes, and character data with adjacent runs joined;
// ok is false when the stream ended in an error, directive says that it
// had a directive (a DTD), which the scanner refuses by design.
func tokens(next func() (xml.Token, error)) (out []string, ok, directive bool) {
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			out = append(out, fmt.Sprintf("text %q", text.String()))
			text.Reset()
		}
	}
	for len(out) < 100000 {
		tok, err := next()
		if err == io.EOF {
			flush()
			return out, true, directive
		}
		if err != nil {
			return out, false, directive
		}
		switch t := tok.(type) {
		case xml.StartElement:
			flush()
			s := "start " + t.Name.Space + ":" + t.Name.Local
			for _, a := range t.Attr {
				s += fmt.Sprintf(" %s:%s=%q", a.Name.Space, a.Name.Local, a.Value)
			}
			out = append(out, s)
		case xml.EndElement:
			flush()
			out = append(out, "end "+t.Name.Space+":"+t.Name.Local)
		case xml.CharData:
			text.Write(t)
		case xml.Directive:
			directive = true
		}
	}
	return out, false, directive
}

// smallReader returns at most n bytes a read, so that tokens straddle
// the scanner's reads.
type smallReader struct {
	r io.Reader
	n int
}

func (s smallReader) Read(p []byte) (int, error) { return s.r.Read(p[:min(len(p), s.n)]) }

func checkScanner(t *testing.T, doc []byte, chunk int) {
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	want, ok, directive := tokens(d.RawToken)
	s := newScanner(smallReader{bytes.NewReader(doc), chunk})
	got, gotOK, _ := tokens(s.RawToken)
	if !ok || directive {
		return // encoding/xml refused it: the scanner need only not panic
	}
	if !gotOK || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("%q:\nscanner (ok %v):\n%s\nencoding/xml:\n%s", doc, gotOK, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestScannerMatchesEncodingXML(t *testing.T) {
	for _, doc := range []string{
		`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" + `<worksheet xmlns="x"><sheetData><row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r='B1' s="2"><f>SUM(A1:A2)</f><v>3.5</v></c></row><x:row><x:c t="inlineStr"><x:is><x:t xml:space="preserve"> a &amp; b &lt;&#x4e07;&#20159;</x:t></x:is></x:c></x:row></sheetData></worksheet>`,
		"<a b = 'x>y' c=\"&quot;\r\nz\"><![CDATA[<raw>\r\n]]><!-- a > comment --><b/>t\r\nu</a >",
		"<a>\xe4\xb8\x87</a>",
	} {
		for _, chunk := range []int{1, 3, 7, 4096} {
			checkScanner(t, []byte(doc), chunk)
		}
	}
}

// FuzzScanner checks the scanner against encoding/xml on any document
// that encoding/xml reads without error.
func FuzzScanner(f *testing.F) {
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><f>A1</f><v>3.5</v></c></row></sheetData></worksheet>`), uint8(5))
	f.Add([]byte("<a b = 'x>y' c=\"&quot;\r\nz\"><![CDATA[<raw>\r\n]]><!-- c --><b/>t&#x41;\r\nu</a >"), uint8(1))
	f.Fuzz(func(t *testing.T, doc []byte, chunk uint8) {
		checkScanner(t, doc, int(chunk)+1)
	})
}
