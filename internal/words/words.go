package words

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Plural returns noun as it goes with the count n: "firm" for 1, "firms"
// otherwise, and "cities" for "city" (a y after a consonant).
func Plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	if strings.HasSuffix(noun, "y") && !strings.HasSuffix(noun, "ey") {
		return noun[:len(noun)-1] + "ies"
	}
	return noun + "s"
}

// Count writes n and noun: "1 firm", "2 firms", "0 cities".
func Count(n int, noun string) string { return strconv.Itoa(n) + " " + Plural(n, noun) }

// Thousands writes n with a comma between groups of three digits:
// 1234567 is "1,234,567", -1234 is "-1,234".
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return sign + s
}

// Duration writes a duration as a person would say it up front: "26 s"
// (at least 1 s), "43 min", "7.2 h".
func Duration(d time.Duration) string {
	switch {
	case d < 90*time.Second:
		return fmt.Sprintf("%.0f s", math.Max(1, d.Seconds()))
	case d < 90*time.Minute:
		return fmt.Sprintf("%.0f min", d.Minutes())
	}
	return fmt.Sprintf("%.1f h", d.Hours())
}
