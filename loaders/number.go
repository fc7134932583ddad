package loaders

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The rules for numbers, in volume cells and in the numeric attribute
// columns (employees, revenue, export_share, booths):
//
//   - "." is always the decimal point.
//   - "," or a space (also a no-break or thin space) may group thousands:
//     1,234 and 12 345 678.5, in groups of exactly three digits before the
//     point. Any other comma (1,5 or 1,23 or 1.234,5) is an error, never a
//     guess: it may be a decimal comma.
//   - In a semicolon-separated file, which is what a European Excel
//     writes, a comma in a number is an error even in groups of three:
//     1,234 there may mean 1.234.
//   - Full-width digits and signs (１２３．５, －, ％, ，) read as their
//     ASCII forms.
//   - A "万" suffix multiplies by 10,000 and "亿" by 100,000,000, exactly
//     (12.3456万 is 123456, moved as decimal text, not multiplied in
//     floating point).
//   - A "%" suffix divides by 100 (35% is 0.35), except in volume cells:
//     a volume is an amount, not a share.
//   - An exponent (1.5e6) is read; NaN and infinities are not numbers.

// Errors of ParseNumber, wrapped in the error it returns.
var (
	errNotNumber   = errors.New("is not a number")
	errDecComma    = errors.New("has a comma that does not group thousands")
	errSemicolon   = errors.New("has a comma, in a semicolon-separated file")
	errPercent     = errors.New("is a percentage")
	errNotFinite   = errors.New("is not a finite number")
	errNegative    = errors.New("is negative")
	errBadGrouping = errors.New("has thousands groups that are not three digits")
)

// NumberError is a cell that is not a number by the rules above.
type NumberError struct {
	Cell string
	Err  error
}

func (e *NumberError) Error() string { return echo(e.Cell) + " " + e.Err.Error() }
func (e *NumberError) Unwrap() error { return e.Err }

// hint suggests a fix for the cell.
func (e *NumberError) hint(volume bool) string {
	switch e.Err {
	case errDecComma:
		return "write decimals with a point (1.5); a comma may only group thousands (1,234). A European Excel writes decimal commas: save the file with a point as decimal separator"
	case errSemicolon:
		return "a semicolon-separated file may come from a European Excel, where 1,234 means 1.234: write the number without the comma (1234 or 1.234)"
	case errBadGrouping:
		return "thousands are grouped by three digits: 1,234,567"
	case errPercent:
		return "a volume is an amount: write it as a number, not a percentage"
	}
	if volume {
		return "volumes are non-negative numbers like 1250, 3.5, 1,250 or 12.5万; leave the cell empty when unknown"
	}
	return "write a number like 1250, 3.5, 1,250, 35% or 12.5万, or leave the cell empty"
}

// numberRules say what a column accepts.
type numberRules struct {
	percent       bool // "%" allowed
	commaGrouping bool // "," may group thousands (not in ;-separated files)
	// decimalComma: "," is the decimal separator and "." (or a space)
	// groups thousands: 1.234,5 and 1,5 (Options.DecimalComma).
	decimalComma bool
}

// ParseNumber reads a cell by the rules above (in a comma-separated file)
// and returns its value and its plain decimal text: the digits as written
// with the point moved, without grouping, suffix, leading "+" or
// superfluous zeros ("1,234.50" gives "1234.5", "12.5万" gives "125000",
// "35%" gives "0.35"). A cell that is already a plain number keeps its
// text.
func ParseNumber(s string) (float64, string, error) {
	return parseNumber(s, numberRules{percent: true, commaGrouping: true})
}

// isPlain reports whether s holds only the bytes of a plain decimal
// number (digits, point, sign, exponent), which strconv reads as is.
func isPlain(s string) bool {
	if s == "" {
		return false
	}
	digit := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			digit = true
		case c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E':
		default:
			return false
		}
	}
	return digit
}

func parseNumber(s string, rules numberRules) (float64, string, error) {
	if rules.decimalComma {
		return parseDecimalComma(s, rules)
	}
	if isPlain(s) {
		v, err := strconv.ParseFloat(s, 64)
		if err == nil {
			if math.IsInf(v, 0) {
				return 0, "", &NumberError{s, errNotFinite}
			}
			return v, s, nil
		}
		if errors.Is(err, strconv.ErrRange) {
			return 0, "", &NumberError{s, errNotFinite}
		}
		return 0, "", &NumberError{s, errNotNumber}
	}
	if t := strings.TrimLeft(strings.TrimSpace(s), "+-"); strings.EqualFold(t, "nan") || strings.EqualFold(t, "inf") || strings.EqualFold(t, "infinity") {
		return 0, "", &NumberError{s, errNotFinite}
	}
	text, err := plainDecimal(s, rules)
	if err != nil {
		return 0, "", &NumberError{s, err}
	}
	v, perr := strconv.ParseFloat(text, 64)
	if perr != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		if perr != nil && !errors.Is(perr, strconv.ErrRange) {
			return 0, "", &NumberError{s, errNotNumber}
		}
		return 0, "", &NumberError{s, errNotFinite}
	}
	return v, text, nil
}

// parseVolume reads a volume cell: a number by the rules, not a
// percentage, not negative.
func parseVolume(s string, rules numberRules) (float64, string, error) {
	rules.percent = false
	v, text, err := parseNumber(s, rules)
	if err != nil {
		return 0, "", err
	}
	if v < 0 {
		return 0, "", &NumberError{s, errNegative}
	}
	return v, text, nil
}

// ParseVolume reads a volume cell: a non-negative finite number by the
// rules of ParseNumber, not a percentage.
func ParseVolume(s string) (float64, error) {
	v, _, err := parseVolume(s, numberRules{commaGrouping: true})
	return v, err
}

// fullWidth maps the full-width forms Excel users type to ASCII.
func fullWidth(r rune) rune {
	switch {
	case '０' <= r && r <= '９':
		return '0' + (r - '０')
	}
	switch r {
	case '．':
		return '.'
	case '，':
		return ','
	case '％':
		return '%'
	case '－', '−':
		return '-'
	case '＋':
		return '+'
	case 'ｅ':
		return 'e'
	case 'Ｅ':
		return 'E'
	}
	return r
}

func isGroupSpace(r rune) bool {
	return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009' || r == '\u3000'
}

// plainDecimal turns a cell in survey notation into plain decimal text,
// exactly.
func plainDecimal(s string, rules numberRules) (string, error) {
	// Full-width forms to ASCII.
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(fullWidth(r))
	}
	s = strings.TrimFunc(b.String(), unicode.IsSpace)
	shift := 0
	switch {
	case strings.HasSuffix(s, "%"):
		if !rules.percent {
			return "", errPercent
		}
		s, shift = s[:len(s)-1], -2
	case strings.HasSuffix(s, "万"):
		s, shift = s[:len(s)-len("万")], 4
	case strings.HasSuffix(s, "亿"):
		s, shift = s[:len(s)-len("亿")], 8
	}
	s = strings.TrimFunc(s, unicode.IsSpace)
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	// Mantissa and exponent.
	mant, exp := s, ""
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant, exp = s[:i], s[i+1:]
		if !validExponent(exp) {
			return "", errNotNumber
		}
	}
	intPart, frac, hasPoint := strings.Cut(mant, ".")
	if hasPoint && !allDigits(frac) {
		if strings.ContainsRune(frac, ',') && allDigits(strings.ReplaceAll(frac, ",", "")) {
			return "", errDecComma // 1.234,5
		}
		return "", errNotNumber
	}
	digits, err := ungroup(intPart, rules)
	if err != nil {
		return "", err
	}
	if digits == "" && frac == "" {
		return "", errNotNumber
	}
	if exp != "" {
		// Keep the exponent and move it instead of the point.
		e, _ := strconv.Atoi(exp)
		if e > 1e6 || e < -1e6 {
			return "", errNotFinite
		}
		out := digits
		if frac != "" {
			out += "." + frac
		}
		if out == "" || out[0] == '.' {
			out = "0" + out
		}
		out += "e" + strconv.Itoa(e+shift)
		if neg {
			out = "-" + out
		}
		return out, nil
	}
	// Move the point by shift, on the digit string.
	all := digits + frac
	point := len(digits) + shift
	for point < 0 {
		all = "0" + all
		point++
	}
	for point > len(all) {
		all += "0"
	}
	ip, fp := strings.TrimLeft(all[:point], "0"), strings.TrimRight(all[point:], "0")
	if ip == "" {
		ip = "0"
	}
	out := ip
	if fp != "" {
		out += "." + fp
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out, nil
}

func validExponent(e string) bool {
	if e != "" && (e[0] == '+' || e[0] == '-') {
		e = e[1:]
	}
	return e != "" && allDigits(e) && len(e) <= 7
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ungroup removes thousands separators from the integer part, checking
// that they group by three.
func ungroup(s string, rules numberRules) (string, error) {
	if allDigits(s) {
		return s, nil
	}
	var groups []string
	var sep rune
	start := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			continue
		case r == ',' || isGroupSpace(r):
			if sep == 0 {
				sep = r
			} else if sep != r {
				return "", errNotNumber
			}
			groups = append(groups, s[start:i])
			start = i + utf8.RuneLen(r)
		default:
			return "", errNotNumber
		}
	}
	groups = append(groups, s[start:])
	if sep == ',' && !rules.commaGrouping {
		return "", errSemicolon
	}
	ok := len(groups[0]) >= 1 && len(groups[0]) <= 3
	for _, g := range groups[1:] {
		ok = ok && len(g) == 3
	}
	if !ok {
		if sep == ',' {
			return "", errDecComma
		}
		return "", errBadGrouping
	}
	return strings.Join(groups, ""), nil
}

// parseDecimalComma reads a number written the European way: "," is the
// decimal separator, "." or a space groups thousands by three (1.234,5;
// 1 234,5; 1,5; 1.234 is 1234). Everything else (suffixes, full-width
// forms, exponents) is as in parseNumber.
func parseDecimalComma(s string, rules numberRules) (float64, string, error) {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(fullWidth(r))
	}
	t := b.String()
	mant, exp := t, ""
	if i := strings.IndexAny(t, "eE"); i >= 0 {
		mant, exp = t[:i], t[i:]
	}
	if strings.Count(mant, ",") > 1 {
		return 0, "", &NumberError{s, errNotNumber}
	}
	ip, frac, hasComma := strings.Cut(mant, ",")
	if strings.Contains(frac, ".") {
		return 0, "", &NumberError{s, errNotNumber} // 1,234.5 is not European
	}
	if strings.Contains(ip, ".") {
		// Thousands groups: the digits between points are three each.
		body := strings.TrimLeft(strings.TrimSpace(ip), "+-－−＋")
		groups := strings.Split(body, ".")
		ok := len(groups[0]) >= 1 && len(groups[0]) <= 3 && allDigits(groups[0])
		for _, g := range groups[1:] {
			ok = ok && len(g) == 3 && allDigits(g)
		}
		if !ok {
			return 0, "", &NumberError{s, errBadGrouping}
		}
		ip = strings.ReplaceAll(ip, ".", "")
	}
	t = ip
	if hasComma {
		t += "." + frac
	}
	t += exp
	rules.decimalComma, rules.commaGrouping = false, false
	v, text, err := parseNumber(t, rules)
	if err != nil {
		var ne *NumberError
		if errors.As(err, &ne) {
			ne.Cell = s
		}
		return 0, "", err
	}
	return v, text, nil
}
