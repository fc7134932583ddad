package interop

import (
	"testing"
	"unicode/utf8"

	"clusterchain/internal/textsafe"
)

func TestEncodeID(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"datang-01", "datang-01"},
		{"义乌 3", "义乌 3"},
		{`p\`, `p\`},
		{`C:\data\a`, `C:\data\a`},
		{"a\x01", `a\u0001`},
		{"a\x02", `a\u0002`},
		{`a\u0001`, `a\\u0001`},
		{`a\\b`, `a\\\b`},
		{"non\uFFFE\uFFFF", `non\uFFFE\uFFFF`},
		{"tab\tnl\ncr\r", `tab\u0009nl\u000Acr\u000D`},
		{"bad\xffbyte", `bad\xFFbyte`},
		{`back\` + "\x01", `back\\\u0001`},
		{"rtl\u202Eok", "rtl\u202Eok"}, // legal XML: data, kept
	} {
		got := EncodeID(c.in)
		if got != c.want {
			t.Errorf("EncodeID(%q) = %q, want %q", c.in, got, c.want)
		}
		if back := DecodeID(got); back != c.in {
			t.Errorf("DecodeID(%q) = %q, want %q", got, back, c.in)
		}
	}
}

// FuzzEncodeID: DecodeID undoes EncodeID for every string (so distinct ids
// stay distinct), and what EncodeID writes is valid UTF-8 of XML
// characters without controls.
func FuzzEncodeID(f *testing.F) {
	for _, s := range []string{"", `\`, `\\`, `\u`, `\u0001`, "\x01", "\xff", "\uFFFE", `\x41`, "a\\\x01"} {
		f.Add(s, s+"x")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ea, eb := EncodeID(a), EncodeID(b)
		if DecodeID(ea) != a {
			t.Fatalf("DecodeID(EncodeID(%q)) = %q via %q", a, DecodeID(ea), ea)
		}
		if a != b && ea == eb {
			t.Fatalf("EncodeID(%q) == EncodeID(%q) == %q", a, b, ea)
		}
		if !utf8.ValidString(ea) {
			t.Fatalf("EncodeID(%q) = %q is not UTF-8", a, ea)
		}
		for _, r := range ea {
			if !textsafe.XMLChar(r) || r < 0x20 || (r >= 0x7f && r <= 0x9f) {
				t.Fatalf("EncodeID(%q) = %q keeps %U", a, ea, r)
			}
		}
	})
}
