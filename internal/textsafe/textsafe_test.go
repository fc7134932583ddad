package textsafe

import (
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestVisible(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"Yiwu 义乌 & <co>", "Yiwu 义乌 & <co>"},
		{"tab\tnew\nline", "tab\tnew\nline"},
		{"a\x01b", `a\u0001b`},
		{"evil\u202Etxt.exe", `evil\u202Etxt.exe`},
		{"iso\u2066x\u2069", `iso\u2066x\u2069`},
		{"non\uFFFEchar\uFFFF", `non\uFFFEchar\uFFFF`},
		{"cr\r", `cr\u000D`},
		{"del\x7f c1\u0085", `del\u007F c1\u0085`},
		{"bad\xffbyte", "bad\uFFFDbyte"},
		{"mark\u200F", `mark\u200F`},
	} {
		if got := Visible(c.in); got != c.want {
			t.Errorf("Visible(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzVisible checks that whatever goes in, the result is valid UTF-8 that
// an XML parser accepts as character data and that holds no bidi control.
func FuzzVisible(f *testing.F) {
	for _, s := range []string{"", "a\x00", "\uFFFE", "\u202E", "\xff", "义乌"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := Visible(s)
		if !utf8.ValidString(v) {
			t.Fatalf("Visible(%q) = %q is not UTF-8", s, v)
		}
		for _, r := range v {
			if !XMLChar(r) || BidiControl(r) {
				t.Fatalf("Visible(%q) keeps %U", s, r)
			}
		}
		var b strings.Builder
		xml.EscapeText(&b, []byte(v))
		var out struct {
			Text string `xml:",chardata"`
		}
		if err := xml.Unmarshal([]byte("<a>"+b.String()+"</a>"), &out); err != nil {
			t.Fatalf("Visible(%q) = %q does not parse: %v", s, v, err)
		}
	})
}
