package words

import (
	"testing"
	"time"
)

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		n    int
		noun string
		want string
	}{
		{0, "firm", "0 firms"},
		{1, "firm", "1 firm"},
		{2, "firm", "2 firms"},
		{1, "city", "1 city"},
		{3, "city", "3 cities"},
		{2, "key", "2 keys"},
		{1500, "node", "1500 nodes"},
	} {
		if got := Count(tc.n, tc.noun); got != tc.want {
			t.Errorf("Count(%d, %q) = %q, want %q", tc.n, tc.noun, got, tc.want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0", 7: "7", 999: "999", 1000: "1,000", 12345: "12,345", 123456: "123,456",
		1234567: "1,234,567", -1: "-1", -999: "-999", -1000: "-1,000", -123456: "-123,456",
		-9223372036854775808: "-9,223,372,036,854,775,808",
	} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "1 s", 400 * time.Millisecond: "1 s", 26 * time.Second: "26 s", 89 * time.Second: "89 s",
		90 * time.Second: "2 min", 43 * time.Minute: "43 min", 89 * time.Minute: "89 min",
		90 * time.Minute: "1.5 h", 7*time.Hour + 12*time.Minute: "7.2 h",
	} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
}
