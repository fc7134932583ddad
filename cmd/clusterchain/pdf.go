package main

import (
	"bytes"
	"context"
	"io"
	"regexp"

	"clusterchain/viz"
)

// printPDF prints page as PDF through p, with the dates Chromium stamps
// into the document information (/CreationDate, /ModDate) fixed, so that
// the same input gives the same bytes (stablePDF).
func printPDF(ctx context.Context, p viz.Printer, page viz.Page, w io.Writer) error {
	var buf bytes.Buffer
	if err := p.Print(ctx, page, "pdf", &buf); err != nil {
		return err
	}
	_, err := w.Write(stablePDF(buf.Bytes()))
	return err
}

// pdfDate is a date of a PDF's document information: D:YYYYMMDDHHmmSS,
// then an optional time zone.
var pdfDate = regexp.MustCompile(`/(CreationDate|ModDate) ?\(D:[0-9]{4,14}`)

// stablePDF replaces the digits of every /CreationDate and /ModDate with
// those of 1 January 2000, 00:00:00, keeping their length: the byte
// offsets of the cross-reference table stay right. Nothing else in
// Chromium's PDF depends on the time of the run.
func stablePDF(pdf []byte) []byte {
	const epoch = "20000101000000"
	return pdfDate.ReplaceAllFunc(pdf, func(m []byte) []byte {
		i := bytes.Index(m, []byte("(D:")) + 3
		out := append([]byte(nil), m...)
		copy(out[i:], epoch[:len(m)-i])
		return out
	})
}

// fileLink is a link of report.html to a file beside it.
var fileLink = regexp.MustCompile(` href="[^"#][^"]*"`)

// printable is report.html as report.pdf prints it: links to the files
// beside it left as text. Chromium would make each an absolute file: URI
// into the temporary directory it printed from, different on every run
// and pointing nowhere; links within the page stay links.
func printable(page []byte) []byte { return fileLink.ReplaceAll(page, nil) }
