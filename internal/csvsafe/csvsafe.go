package csvsafe

// Prefixes are the first characters that make a spreadsheet run a cell
// (OWASP: =, +, -, @, tab, carriage return), plus the apostrophe that
// Escape itself adds.
const Prefixes = "=+-@\t\r'"

// needs reports whether a cell beginning with b must be escaped.
func needs(b byte) bool {
	for i := 0; i < len(Prefixes); i++ {
		if Prefixes[i] == b {
			return true
		}
	}
	return false
}

// Risky reports whether s would run as a formula in a spreadsheet: it
// begins with one of =, +, -, @, tab or carriage return.
func Risky(s string) bool { return s != "" && s[0] != '\'' && needs(s[0]) }

// Escape returns s with a leading apostrophe when it begins with one of
// Prefixes, and s itself otherwise.
func Escape(s string) string {
	if s != "" && needs(s[0]) {
		return "'" + s
	}
	return s
}

// Unescape undoes Escape: it drops a leading apostrophe that is followed
// by one of Prefixes. Any other text, including one with a lone leading
// apostrophe that Escape did not write ('Tis), is returned unchanged.
func Unescape(s string) string {
	if len(s) >= 2 && s[0] == '\'' && needs(s[1]) {
		return s[1:]
	}
	return s
}
