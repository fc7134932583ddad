package loaders

import (
	"fmt"
	"strings"
)

// Delimiters are the field separators sniff chooses among, in the order
// it prefers them when the text allows several.
const Delimiters = ",;\t|"

// ParseDelimiter reads a --delimiter value: one of , ; | or a tab,
// written as "tab" or "\t".
func ParseDelimiter(s string) (byte, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return 0, nil
	case ",", "comma":
		return ',', nil
	case ";", "semicolon":
		return ';', nil
	case "|", "pipe":
		return '|', nil
	case "\t", `\t`, "tab":
		return '\t', nil
	}
	return 0, fmt.Errorf("unknown delimiter %q (known: , ; | tab)", s)
}

const (
	sniffBytes   = 64 << 10
	sniffRecords = 100
)

// sniff chooses the delimiter of text among Delimiters. For each it
// splits the first records as encoding/csv would (a field that starts
// with a double quote runs to the closing quote, across delimiters and
// newlines), and prefers, in turn: a header of two fields or more; the
// same number of fields on every sampled row; more header cells that
// name a known column; more rows like the header; the order of
// Delimiters. Delimiters are ASCII and never occur inside the UTF-8 bytes
// of other characters, so Chinese text does not mislead it (full-width
// ，and ；are other characters). It returns how it chose and, when two
// delimiters fit equally well, a warning.
func sniff(text string) (comma byte, how, warning string) {
	complete := len(text) <= sniffBytes
	if !complete {
		text = text[:sniffBytes]
		if i := strings.LastIndexByte(text, '\n'); i > 0 {
			text = text[:i+1]
		}
	}
	type score struct {
		c          byte
		header     int
		consistent bool
		known      int
		like       int
	}
	var best []score
	better := func(a, b score) int { // > 0 when a is better
		switch {
		case a.consistent != b.consistent:
			if a.consistent {
				return 1
			}
			return -1
		case a.known != b.known:
			return a.known - b.known
		}
		return a.like - b.like
	}
	for i := 0; i < len(Delimiters); i++ {
		c := Delimiters[i]
		counts, header := splitSample(text, c, complete)
		if len(counts) == 0 || counts[0] < 2 {
			continue
		}
		s := score{c: c, header: counts[0], consistent: true}
		for _, n := range counts[1:] {
			if n == counts[0] {
				s.like++
			} else {
				s.consistent = false
			}
		}
		for _, h := range header {
			if knownHeader(h) {
				s.known++
			}
		}
		switch {
		case len(best) == 0 || better(s, best[0]) > 0:
			best = []score{s}
		case better(s, best[0]) == 0:
			best = append(best, s)
		}
	}
	switch {
	case len(best) == 0:
		return ',', "one column", ""
	case len(best) > 1:
		names := make([]string, len(best))
		for i, s := range best {
			names[i] = quoteDelim(delimName(s.c))
		}
		list := strings.Join(names, " or ")
		return best[0].c, "ambiguous: " + list, fmt.Sprintf(
			"the delimiter could be %s: read as %s-separated; --delimiter chooses", list, names[0])
	case !best[0].consistent:
		return best[0].c, "guessed: rows have different numbers of fields", ""
	}
	return best[0].c, "detected", ""
}

// splitSample returns the number of fields of each record of text split
// at c, and the header's cells (quotes removed), skipping empty lines.
// The last record is left out unless the sample is complete: the end of
// the sample may cut it.
func splitSample(text string, c byte, complete bool) (counts []int, header []string) {
	fields, inQuote, start, empty := 1, false, true, true
	var cell strings.Builder
	for i := 0; i < len(text) && len(counts) < sniffRecords; i++ {
		b := text[i]
		if inQuote {
			if b == '"' {
				if i+1 < len(text) && text[i+1] == '"' {
					i++
					cell.WriteByte('"')
				} else {
					inQuote = false
				}
			} else {
				cell.WriteByte(b)
			}
			continue
		}
		switch {
		case b == '"' && start:
			inQuote, start, empty = true, false, false
		case b == c:
			fields++
			start, empty = true, false
			if counts == nil {
				header = append(header, cell.String())
				cell.Reset()
			}
		case b == '\n':
			if !empty {
				if counts == nil {
					header = append(header, cell.String())
				}
				counts = append(counts, fields)
			}
			fields, start, empty = 1, true, true
			cell.Reset()
		case b == '\r':
		default:
			start, empty = false, false
			if counts == nil {
				cell.WriteByte(b)
			}
		}
	}
	if !empty && !inQuote && len(counts) < sniffRecords && (complete || len(counts) == 0) {
		if counts == nil {
			header = append(header, cell.String())
		}
		counts = append(counts, fields)
	}
	return counts, header
}
