package loaders

import (
	"strings"
	"testing"
)

func TestEcho(t *testing.T) {
	long := strings.Repeat("abcdefghij", 20_971_520/10) // 20 MiB
	for _, tc := range []struct{ in, echo, plain string }{
		{"a1", `"a1"`, "a1"},
		{"义乌 3", `"义乌 3"`, "义乌 3"},
		{"", `""`, `""`},
		{"a\x00b", `"a\x00b"`, `"a\x00b"`},
		{"x\u202eevil", `"x\u202eevil"`, `"x\u202eevil"`},
		{"bad\xffutf8", `"bad\xffutf8"`, `"bad\xffutf8"`},
		{strings.Repeat("x", 64), `"` + strings.Repeat("x", 64) + `"`, strings.Repeat("x", 64)},
		{strings.Repeat("x", 65), `"` + strings.Repeat("x", 40) + `…" (65 bytes)`, `"` + strings.Repeat("x", 40) + `…" (65 bytes)`},
		// Cut at a character boundary: 13 three-byte characters are 39 bytes.
		{strings.Repeat("华", 30), `"` + strings.Repeat("华", 13) + `…" (90 bytes)`, `"` + strings.Repeat("华", 13) + `…" (90 bytes)`},
		{long, `"abcdefghijabcdefghijabcdefghijabcdefghij…" (20,971,520 bytes)`, `"abcdefghijabcdefghijabcdefghijabcdefghij…" (20,971,520 bytes)`},
	} {
		if got := echo(tc.in); got != tc.echo {
			t.Errorf("echo(%.80q) = %s, want %s", tc.in, got, tc.echo)
		}
		if got := plain(tc.in); got != tc.plain {
			t.Errorf("plain(%.80q) = %s, want %s", tc.in, got, tc.plain)
		}
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 209715200: "209,715,200", -1234: "-1,234"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %s", n, got)
		}
	}
	names := make([]string, 25)
	for i := range names {
		names[i] = string(rune('a' + i))
	}
	if got := plainList(names); got != "a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, …and 5 more" {
		t.Errorf("plainList: %s", got)
	}
}

// Every value a message echoes is cut: a 20 MiB id, header name or
// cell gives a message of a line, with the value's size.
func TestLongValuesAreCut(t *testing.T) {
	long := strings.Repeat("z", 20<<20)
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"unknown id", map[string]string{"firms.csv": firms, "links.csv": "from,to\na1," + long + "\n"},
			`links.csv:2:2: unknown id "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz…" (20,971,520 bytes) in column "to"`},
		{"header list", map[string]string{"firms.csv": "name," + long + "\nx,y\n", "links.csv": "from,to\na1,a2\n"},
			`firms.csv:1: missing required column "id" (hint: the header has: name, "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz…" (20,971,520 bytes))`},
		{"duplicate id", map[string]string{"firms.csv": "id\n" + long + "\n" + long + "\n", "links.csv": "from,to\na1,a2\n"},
			`firms.csv:3:1: duplicate id "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz…" (20,971,520 bytes) (first in firms.csv line 2)`},
		{"volume", map[string]string{"firms.csv": firms, "links.csv": "from,to,volume\na1,a2," + long + "\n"},
			`links.csv:2:3: volume "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz…" (20,971,520 bytes) is not a number`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(t, tc.files)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if len(msg) > 1000 || !strings.Contains(msg, tc.want) {
				t.Errorf("%d bytes: %.1000s\nwant it to contain %s", len(msg), msg, tc.want)
			}
		})
	}
	res, err := load(t, map[string]string{"firms.csv": "id,employees\n" + "a1," + long + "\na2,1\n", "links.csv": "from,to\na1,a2\na1,a2\n"})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range res.Warnings {
		if len(w.String()) > 1000 {
			t.Errorf("warning of %d bytes: %.300s", len(w.String()), w)
		}
	}
}
