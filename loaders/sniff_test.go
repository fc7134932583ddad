package loaders

import (
	"strings"
	"testing"
)

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		comma      byte
		how        string
		warns      bool
	}{
		{"comma", "id,name\na,b\n", ',', "detected", false},
		{"semicolon with commas in names", "id;name\na;Foo, Inc.\nb;Bar, Ltd, Co\n", ';', "detected", false},
		{"tab, CRLF", "id\tname\r\na\tb\r\n", '\t', "detected", false},
		{"pipe", "from|to|volume\na|b|1,250\n", '|', "detected", false},
		{"quoted semicolons in a comma file", "id,name\na,\"x;y;z\"\nb,\"p;q\"\n", ',', "detected", false},
		{"quoted newline", "id;name\na;\"line 1\nline 2, with comma\"\nb;c\n", ';', "detected", false},
		{"Chinese text and full-width punctuation", "编号;名称\na1;华丰，义乌；浙江\na2;美伦\n", ';', "detected", false},
		{"one column", "id\na\nb\n", ',', "one column", false},
		{"no final newline", "id;name\na;b", ';', "detected", false},
		{"known header names decide", "id;name,x\na;b,c\n", ';', "detected", false},
		{"ambiguous: comma preferred", "a;b,c;d\n1;2,3;4\n", ',', "ambiguous: ',' or ';'", true},
		{"ragged rows", "id;name\na;b;c\nd;e\n", ';', "guessed: rows have different numbers of fields", false},
		{"empty", "", ',', "one column", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, how, warn := sniff(tc.text)
			if c != tc.comma || how != tc.how || (warn != "") != tc.warns {
				t.Errorf("got %q %q %q, want %q %q warning %v", c, how, warn, tc.comma, tc.how, tc.warns)
			}
		})
	}
}

// Only the first 64 KiB are sniffed, cut at a line end.
func TestSniffLongFile(t *testing.T) {
	text := "from;to;volume\n" + strings.Repeat("a;b;1\n", 50000)
	if c, how, _ := sniff(text); c != ';' || how != "detected" {
		t.Errorf("got %q %q", c, how)
	}
}

func TestParseDelimiter(t *testing.T) {
	for in, want := range map[string]byte{"": 0, "auto": 0, ",": ',', ";": ';', "|": '|', "tab": '\t', "\t": '\t', `\t`: '\t', "TAB": '\t', "semicolon": ';'} {
		if got, err := ParseDelimiter(in); err != nil || got != want {
			t.Errorf("%q: %q %v", in, got, err)
		}
	}
	if _, err := ParseDelimiter(":"); err == nil {
		t.Error(": accepted")
	}
}

// An ambiguous delimiter is a warning of the load, and "," wins.
func TestAmbiguousDelimiterWarns(t *testing.T) {
	files := map[string]string{"firms.csv": "id,x;name\na1,1;2\na2,3;4\n", "links.csv": "from,to\na1,a2\n"}
	res, err := load(t, files)
	if err != nil {
		t.Fatal(err)
	}
	want := "firms.csv: the delimiter could be ',' or ';': read as ','-separated; --delimiter chooses"
	if len(res.Warnings) == 0 || res.Warnings[0].String() != want || res.Inputs[0].Sniffed != "ambiguous: ',' or ';'" {
		t.Errorf("warnings %v, inputs %v", res.Warnings, res.Inputs)
	}
	_, err = Load(fsOf(files), Options{Delimiter: ';'})
	if err == nil || !strings.Contains(err.Error(), `missing required column "from"`) {
		t.Errorf("forced ;: %v", err)
	}
}
