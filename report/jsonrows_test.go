package report

import (
	"encoding/json"
	"math"
	"testing"
)

// appendJSONFloat writes what encoding/json writes for every float64.
func FuzzJSONFloat(f *testing.F) {
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -1.5, 1e-7, 1e-6, 9.99e-7, 1e20, 1e21, 1.5e300, 5e-324, 123456789, 0.1} {
		f.Add(math.Float64bits(x))
	}
	f.Fuzz(func(t *testing.T, bits uint64) {
		x := math.Float64frombits(bits)
		want, werr := json.Marshal(x)
		got, gerr := appendJSONFloat(nil, x)
		if (werr != nil) != (gerr != nil) || werr == nil && string(got) != string(want) {
			t.Fatalf("%v: %q (%v), encoding/json %q (%v)", x, got, gerr, want, werr)
		}
	})
}

// appendJSONString writes what encoding/json writes for every string.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "<&>", "\"\\", "\x00\x1f\x7f", "义乌", "\u2028", "\xff", "a\u202Eb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Fatalf("%q: %s, encoding/json %s", s, got, want)
		}
	})
}
