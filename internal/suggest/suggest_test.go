package suggest

import (
	"strings"
	"testing"
)

func TestNearest(t *testing.T) {
	commands := []string{"analyze", "validate", "import", "whatif", "render", "generate", "batch", "diff", "help"}
	flags := []string{"formats", "o", "json", "quiet", "seed", "sample", "exact", "size-by", "max-nodes", "workers"}
	ids := []string{"yiwu-001", "yiwu-005", "yiwu-030", "yiwu-ccc", "walmart", "carrefour", "wenzhou-shoe-market"}
	rank := func(i int) int { // markets and buyers before firms
		if strings.HasPrefix(ids[i], "yiwu-0") {
			return 1
		}
		return 0
	}
	for _, tc := range []struct {
		word  string
		cands []string
		rank  func(int) int
		want  string
	}{
		{"analyse", commands, nil, "analyze"},
		{"anlyze", commands, nil, "analyze"},
		{"validat", commands, nil, "validate"},
		{"frobnicate", commands, nil, ""},
		{"fromats", flags, nil, "formats"},
		{"format", flags, nil, "formats"},
		{"sed", flags, nil, "seed"},
		{"yiwu", ids, rank, "yiwu-ccc yiwu-001 yiwu-005"},
		{"wallmart", ids, rank, "walmart"},
		{"WALMART", ids, rank, "walmart"},
		{"YIWU-005", ids, rank, "yiwu-005"},
		{"yiwu-00", ids, rank, "yiwu-001 yiwu-005 yiwu-030"},
		{"carefour", ids, rank, "carrefour"},
		{"cvs", []string{"csv", "json", "html", "svg"}, nil, "csv"},
		{"zzz", ids, rank, ""},
		{"", ids, rank, ""},
		{"温州", []string{"温州鞋革市场", "义乌"}, nil, "温州鞋革市场"},
	} {
		if got := strings.Join(Nearest(tc.word, tc.cands, tc.rank, 3), " "); got != tc.want {
			t.Errorf("Nearest(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"a", "", 1}, {"kitten", "sitting", 3}, {"walmart", "wallmart", 1}, {"义乌", "乌义", 1}, {"义乌市", "市义乌", 2}, {"flaw", "lawn", 2}, {"csv", "cvs", 1}, {"ca", "abc", 3}, {"abcd", "badc", 2}} {
		if d := distance(tc.a, tc.b); d != tc.d {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.a, tc.b, d, tc.d)
		}
	}
}

func TestPhrase(t *testing.T) {
	for in, want := range map[string]string{"": "", "a": `did you mean "a"?`, "a b": `did you mean "a" or "b"?`, "a b c": `did you mean "a", "b" or "c"?`,
		"a\x1b[2J \"q\" \u202e义": `did you mean "a\x1b[2J", "\"q\"" or "\u202e义"?`} {
		var s []string
		if in != "" {
			s = strings.Fields(in)
		}
		if got := Phrase(s); got != want {
			t.Errorf("Phrase(%q) = %q, want %q", in, got, want)
		}
	}
}
