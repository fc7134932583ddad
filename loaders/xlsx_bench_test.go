package loaders

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/xuri/excelize/v2"
)

// bigBook writes a dataset workbook with excelize's stream writer: a
// firms sheet of firms rows and a links sheet of links rows (from, to,
// kind, volume as a number), and returns it with the links as CSV.
func bigBook(b *testing.B, firms, links int) (book, csvLinks, csvFirms []byte) {
	f := excelize.NewFile()
	defer f.Close()
	r := rand.New(rand.NewPCG(1, 2))
	var lc, fc bytes.Buffer
	fc.WriteString("id,name,cluster\n")
	lc.WriteString("from,to,kind,volume\n")
	write := func(sheet string, header []any, rows int, row func(i int) []any, text *bytes.Buffer) {
		if sheet == "firms" {
			if err := f.SetSheetName("Sheet1", sheet); err != nil {
				b.Fatal(err)
			}
		} else if _, err := f.NewSheet(sheet); err != nil {
			b.Fatal(err)
		}
		sw, err := f.NewStreamWriter(sheet)
		if err != nil {
			b.Fatal(err)
		}
		if err := sw.SetRow("A1", header); err != nil {
			b.Fatal(err)
		}
		for i := 0; i < rows; i++ {
			vals := row(i)
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := sw.SetRow(cell, vals); err != nil {
				b.Fatal(err)
			}
			for j, v := range vals {
				if j > 0 {
					text.WriteByte(',')
				}
				fmt.Fprint(text, v)
			}
			text.WriteByte('\n')
		}
		if err := sw.Flush(); err != nil {
			b.Fatal(err)
		}
	}
	write("firms", []any{"id", "name", "cluster"}, firms, func(i int) []any {
		return []any{fmt.Sprintf("f%07d", i), fmt.Sprintf("Firm %d", i), fmt.Sprintf("c%04d", i/360)}
	}, &fc)
	write("links", []any{"from", "to", "kind", "volume"}, links, func(i int) []any {
		from := i * firms / links
		to := r.IntN(firms)
		if to == from {
			to = (to + 1) % firms
		}
		return []any{fmt.Sprintf("f%07d", from), fmt.Sprintf("f%07d", to), "supply", float64(r.IntN(500000)) / 100}
	}, &lc)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes(), lc.Bytes(), fc.Bytes()
}

var bigBookOnce struct {
	sync.Once
	book, links, firms []byte
}

// peakHeap runs f and returns the most heap in use (live and not yet
// collected objects, runtime/metrics' /memory/classes/heap/objects:bytes,
// read without stopping the world) while it ran, above what was in use
// before, sampled every millisecond, and how long f took.
func peakHeap(f func()) (uint64, time.Duration) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	runtime.GC()
	base := read()
	peak := base
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				peak = max(peak, read())
			}
		}
	}()
	start := time.Now()
	f()
	took := time.Since(start)
	close(done)
	wg.Wait()
	return max(peak, read()) - base, took
}

// BenchmarkWorkbook1M loads a workbook whose links sheet has 1,000,000
// rows (and 100,000 firms), and the same tables as CSV files, reporting
// the peak heap of each load above what was in use before it (the
// workbook's or the CSV files' bytes are in memory already in both) and
// the uncompressed size of the links sheet's XML, which is streamed,
// never held:
//
//	go test ./loaders -run XXX -bench Workbook1M -benchtime 1x
func BenchmarkWorkbook1M(b *testing.B) {
	bigBookOnce.Do(func() { bigBookOnce.book, bigBookOnce.links, bigBookOnce.firms = bigBook(b, 100000, 1000000) })
	book := bigBookOnce.book
	wb, err := openWorkbook("big.xlsx", book)
	if err != nil {
		b.Fatal(err)
	}
	xmlSize := wb.find(wb.sheets[1].part).UncompressedSize64
	fsys := fstest.MapFS{"big.xlsx": {Data: book}}
	csvFS := fstest.MapFS{"firms.csv": {Data: bigBookOnce.firms}, "links.csv": {Data: bigBookOnce.links}}
	b.ResetTimer()
	var xlsxPeak, csvPeak uint64
	var xlsxTime, csvTime time.Duration
	for i := 0; i < b.N; i++ {
		xlsxPeak, xlsxTime = peakHeap(func() {
			res, err := LoadWorkbook(fsys, "big.xlsx", Options{})
			if err != nil {
				b.Fatal(err)
			}
			if len(res.Dataset.Links) < 990000 {
				b.Fatalf("%d links", len(res.Dataset.Links))
			}
		})
	}
	b.StopTimer()
	csvPeak, csvTime = peakHeap(func() {
		if _, err := Load(csvFS, Options{}); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(len(book))/1e6, "xlsx-MB")
	b.ReportMetric(float64(xmlSize)/1e6, "sheet-xml-MB")
	b.ReportMetric(float64(xlsxPeak)/1e6, "xlsx-peak-heap-MB")
	b.ReportMetric(float64(len(bigBookOnce.links)+len(bigBookOnce.firms))/1e6, "csv-MB")
	b.ReportMetric(float64(csvPeak)/1e6, "csv-peak-heap-MB")
	b.ReportMetric(xlsxTime.Seconds(), "xlsx-s")
	b.ReportMetric(csvTime.Seconds(), "csv-s")
}
