package words

import (
	"strconv"
	"strings"
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
