package loaders

import (
	"strings"
	"testing"
	"testing/fstest"
)

// A European Excel's file: ;-separated, decimal commas. Without
// --decimal-comma, one error for the file (not one per row) that
// suggests it; with it, the numbers read the European way, attributes
// too, and a number that is not one either way is still an error.
func TestDecimalComma(t *testing.T) {
	var links strings.Builder
	links.WriteString("from;to;volume\n")
	for i := 0; i < 100; i++ {
		links.WriteString("a;b;1.234,5\n")
	}
	links.WriteString("b;c;2,25\nc;a;7\n")
	fsys := fstest.MapFS{
		"firms.csv": {Data: []byte("id;employees;export_share\na;1.200;0,35\nb;12;0,5\nc;3;1\n")},
		"links.csv": {Data: []byte(links.String())},
	}
	_, err := Load(fsys, Options{})
	want := `links.csv:2:3: 101 volumes are numbers only with a decimal comma (lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, and 91 more; first "1.234,5", which would be 1234.5) (hint: the numbers look like a European Excel's: --decimal-comma reads them with "," as the decimal separator (1.234,5 is 1234.5, 1,5 is 1.5))`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	res, err := Load(fsys, Options{DecimalComma: true})
	if err != nil {
		t.Fatal(err)
	}
	got := dumpData(res)
	for _, s := range []string{`employees="1200" export_share="0.35"`, `"a" → "b" supply 123450`, `"b" → "c" supply 2.25`, `"c" → "a" supply 7`} {
		if !strings.Contains(got, s) {
			t.Errorf("no %s in\n%s", s, got)
		}
	}
	fsys["links.csv"] = &fstest.MapFile{Data: []byte("from;to;volume\na;b;1,2,3\nb;c;1.23,4\n")}
	_, err = Load(fsys, Options{DecimalComma: true})
	if err == nil || !strings.Contains(err.Error(), `links.csv:2:3: volume "1,2,3" is not a number`) ||
		!strings.Contains(err.Error(), `links.csv:3:3: volume "1.23,4" has thousands groups that are not three digits`) {
		t.Errorf("got %v", err)
	}
	for _, tc := range []struct {
		in   string
		want float64
	}{{"1.234,5", 1234.5}, {"1,5", 1.5}, {"1.234", 1234}, {"1 234,5", 1234.5}, {"12,5万", 125000}, {"-0,5", -0.5}, {"1,5e3", 1500}} {
		v, _, err := parseNumber(tc.in, numberRules{decimalComma: true, percent: true})
		if err != nil || v != tc.want {
			t.Errorf("%q: %v %v, want %v", tc.in, v, err, tc.want)
		}
	}
}
