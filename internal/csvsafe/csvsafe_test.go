package csvsafe

import (
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"},
		{"+1", "'+1"},
		{"-3.5", "'-3.5"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"'=x", "''=x"},
		{"'Tis", "''Tis"},
		{"a=b", "a=b"},
		{"义乌", "义乌"},
	} {
		if got := Escape(c.in); got != c.want {
			t.Errorf("Escape(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := Unescape(Escape(c.in)); got != c.in {
			t.Errorf("Unescape(Escape(%q)) = %q", c.in, got)
		}
	}
}

func TestUnescapeLeavesUnescapedText(t *testing.T) {
	for _, s := range []string{"'Tis", "'", "''", "x'=y", "abc"} {
		want := s
		if s == "''" {
			want = "'"
		}
		if got := Unescape(s); got != want {
			t.Errorf("Unescape(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestRisky(t *testing.T) {
	for s, want := range map[string]bool{"=1": true, "+": true, "-x": true, "@a": true,
		"\tx": true, "\rx": true, "'=1": false, "a": false, "": false} {
		if Risky(s) != want {
			t.Errorf("Risky(%q) = %v", s, !want)
		}
	}
}

// FuzzRoundTrip checks that Escape is injective and Unescape undoes it,
// and that no escaped cell starts a formula.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{"", "=", "'", "''=", "\t", "-1", "x"} {
		f.Add(s, "'"+s)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ea, eb := Escape(a), Escape(b)
		if Unescape(ea) != a {
			t.Fatalf("Unescape(Escape(%q)) = %q", a, Unescape(ea))
		}
		if a != b && ea == eb {
			t.Fatalf("Escape(%q) == Escape(%q) == %q", a, b, ea)
		}
		if Risky(ea) {
			t.Fatalf("Escape(%q) = %q still runs", a, ea)
		}
		if utf8.ValidString(a) && !utf8.ValidString(ea) {
			t.Fatalf("Escape broke UTF-8")
		}
	})
}
