package loaders

import (
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		text string  // plain text, or "" for an error
		v    float64 // value when text != ""
		err  error
	}{
		{"1250", "1250", 1250, nil},
		{"3.5", "3.5", 3.5, nil},
		{"502.0", "502.0", 502, nil}, // plain text is kept as written
		{"+5", "+5", 5, nil},
		{"1e3", "1e3", 1000, nil},
		{"1,234", "1234", 1234, nil},
		{"1,234.50", "1234.5", 1234.5, nil},
		{"12,345,678", "12345678", 12345678, nil},
		{"1 234", "1234", 1234, nil},
		{"1\u00a0234\u00a0567.5", "1234567.5", 1234567.5, nil},
		{"１２３．５", "123.5", 123.5, nil},
		{"－３", "-3", -3, nil},
		{"35%", "0.35", 0.35, nil},
		{"７０％", "0.7", 0.7, nil},
		{"0.5%", "0.005", 0.005, nil},
		{"12.5万", "125000", 125000, nil},
		{"12.3456万", "123456", 123456, nil},
		{"0.00478万", "47.8", 47.8, nil},
		{"1,250万", "12500000", 12500000, nil},
		{"1.2亿", "120000000", 120000000, nil},
		{"3 万", "30000", 30000, nil},
		{"1.5e2万", "1.5e6", 1500000, nil},
		{"-2万", "-20000", -20000, nil},
		{"1,5", "", 0, errDecComma},
		{"1,23", "", 0, errDecComma},
		{"1,2345", "", 0, errDecComma},
		{"1.234,5", "", 0, errDecComma},
		{"1234,567", "", 0, errDecComma},
		{"1 23", "", 0, errBadGrouping},
		{"1,234 567", "", 0, errNotNumber},
		{"lots", "", 0, errNotNumber},
		{"约50", "", 0, errNotNumber},
		{"1-2", "", 0, errNotNumber},
		{".", "", 0, errNotNumber},
		{"%", "", 0, errNotNumber},
		{"万", "", 0, errNotNumber},
		{"0x10", "", 0, errNotNumber},
		{"1_000", "", 0, errNotNumber},
		{"NaN", "", 0, errNotFinite},
		{"-Inf", "", 0, errNotFinite},
		{"1e400", "", 0, errNotFinite},
		{"1e400万", "", 0, errNotFinite},
	} {
		v, text, err := ParseNumber(tc.in)
		if tc.text == "" {
			if !errors.Is(err, tc.err) {
				t.Errorf("%q: got %v %q %v, want error %v", tc.in, v, text, err, tc.err)
			}
			continue
		}
		if err != nil || text != tc.text || v != tc.v {
			t.Errorf("%q: got %v %q %v, want %v %q", tc.in, v, text, err, tc.v, tc.text)
		}
	}
}

func TestVolumeRules(t *testing.T) {
	for _, tc := range []struct {
		in    string
		comma bool
		err   error
	}{
		{"35%", true, errPercent},
		{"-5", true, errNegative},
		{"1,234", false, errSemicolon}, // a ;-separated file
		{"1 234", false, nil},
		{"1,234", true, nil},
	} {
		_, _, err := parseVolume(tc.in, numberRules{commaGrouping: tc.comma})
		if !errors.Is(err, tc.err) {
			t.Errorf("%q (comma grouping %v): %v, want %v", tc.in, tc.comma, err, tc.err)
		}
	}
}

// A 万 amount reads to exactly the float of the decimal it stands for:
// the point is moved in the text, never multiplied.
func TestWanIsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		// A random decimal with up to 6 fraction digits.
		x := strconv.FormatFloat(float64(r.IntN(1e9))/1e6, 'f', -1, 64)
		want, _ := strconv.ParseFloat(x, 64)
		wan := shiftLeft(x, 4) + "万"
		got, _, err := ParseNumber(wan)
		if err != nil || got != want {
			t.Fatalf("%s (%s): got %v %v, want %v", wan, x, got, err, want)
		}
		// Multiplying in floating point would not do: 12.3456 * 10000.
		if i == 0 {
			if v, _, _ := ParseNumber("12.3456万"); v != 123456 || 12.3456*float64(nonConst(10000)) == 123456 {
				t.Errorf("12.3456万 = %v", v)
			}
		}
	}
}

func nonConst(x int) int { return x }

// shiftLeft divides a plain decimal by 10^n in its text.
func shiftLeft(x string, n int) string {
	ip, fp, _ := strings.Cut(x, ".")
	for len(ip) <= n {
		ip = "0" + ip
	}
	return ip[:len(ip)-n] + "." + ip[len(ip)-n:] + fp
}

// Numeric attribute columns (employees, export_share, booths, …) feed no
// figure: a cell that is not a number keeps its text, with one warning
// per column naming the first such cell; numbers are written plainly.
func TestNumberAttributeText(t *testing.T) {
	res, err := load(t, map[string]string{
		"firms.csv":   "id,employees,export_share,town\na1,lots,35%,\"1,5\"\na2,\"1,5\",,x\na3,\"1,200\",0.5,y\n",
		"markets.csv": "id;booths\nm1;1,200\nm2;300\n",
		"links.csv":   "from,to\na1,a2\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range res.Warnings {
		got = append(got, w.String())
	}
	want := []string{
		`firms.csv:2: column 2: employees is not a number in 2 rows (first "lots"), kept as text: no figure uses it (numbers look like 1250, 1,250, 35% or 12.5万)`,
		`markets.csv:2: column 2: booths is not a number in 1 row (first "1,200"), kept as text: no figure uses it (numbers look like 1250, 1,250, 35% or 12.5万; with --decimal-comma "1,200" reads as 1.2)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	attrs := map[string]string{}
	for _, nd := range res.Dataset.Nodes {
		for _, a := range nd.Attrs {
			attrs[nd.ID+"."+a.Key] = a.Value
		}
	}
	for k, v := range map[string]string{"a1.employees": "lots", "a1.export_share": "0.35", "a1.town": "1,5",
		"a2.employees": "1,5", "a3.employees": "1200", "a3.export_share": "0.5", "m1.booths": "1,200", "m2.booths": "300"} {
		if attrs[k] != v {
			t.Errorf("%s = %q, want %q", k, attrs[k], v)
		}
	}
}
