package viz

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

// fakePrinter records what it is asked to print.
type fakePrinter struct {
	page   Page
	format string
	err    error
}

func (f *fakePrinter) Print(ctx context.Context, p Page, format string, w io.Writer) error {
	f.page, f.format = p, format
	if f.err != nil {
		return f.err
	}
	_, err := io.WriteString(w, "printed "+format)
	return err
}

// PNG and PDF go through the Printer with the laid-out SVG and its size in
// CSS pixels; Render refuses them, so no caller gets go-graphviz's broken
// PNG; a Printer's error is returned.
func TestPrint(t *testing.T) {
	a := hostile(t)
	d, err := Build(a, ViewClusters, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var svg bytes.Buffer
	if err := d.Render(context.Background(), "svg", &svg); err != nil {
		t.Fatal(err)
	}
	want := SVGPage(svg.Bytes())
	for _, format := range []string{"png", "pdf"} {
		if err := d.Render(context.Background(), format, io.Discard); err == nil || !strings.Contains(err.Error(), "Printer") {
			t.Errorf("Render(%s): %v", format, err)
		}
		p := &fakePrinter{}
		var out bytes.Buffer
		if err := d.Print(context.Background(), p, format, &out); err != nil {
			t.Fatal(err)
		}
		if out.String() != "printed "+format || p.format != format {
			t.Errorf("%s: wrote %q, format %q", format, out.String(), p.format)
		}
		if p.page.Kind != "svg" || !bytes.HasPrefix(p.page.Data, []byte("<svg")) || !bytes.Equal(p.page.Data, want.Data) ||
			p.page.Width != want.Width || p.page.Height != want.Height {
			t.Errorf("%s: page %s %.1f×%.1f, want %.1f×%.1f", format, p.page.Kind, p.page.Width, p.page.Height, want.Width, want.Height)
		}
	}
	boom := errors.New("boom")
	if err := d.Print(context.Background(), &fakePrinter{err: boom}, "png", io.Discard); !errors.Is(err, boom) {
		t.Errorf("printer error: %v", err)
	}
	if err := d.Print(context.Background(), nil, "png", io.Discard); err == nil {
		t.Error("no printer accepted")
	}
	if err := d.Print(context.Background(), &fakePrinter{}, "svg", io.Discard); err == nil {
		t.Error("Print(svg) accepted")
	}
}

func TestSVGPage(t *testing.T) {
	for _, c := range []struct {
		svg  string
		w, h float64
	}{
		{`<?xml version="1.0"?><!DOCTYPE svg><svg width="72pt" height="36pt" viewBox="0 0 72 36">`, 96, 48},
		{`<svg width="300px" height="200px">`, 300, 200},
		{`<svg width="150" height="75">`, 150, 75},
		{`<svg viewBox="0 0 10 10">`, 1200, 900},
	} {
		p := SVGPage([]byte(c.svg))
		if p.Width != c.w || p.Height != c.h || !bytes.HasPrefix(p.Data, []byte("<svg")) {
			t.Errorf("%s: %v×%v %q", c.svg, p.Width, p.Height, p.Data)
		}
	}
}
