package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"clusterchain/internal/atomicfs"
	"clusterchain/internal/words"
	"clusterchain/interop"
	"clusterchain/network"
	"clusterchain/parquetout"
	"clusterchain/report"
	"clusterchain/viz"
	"clusterchain/xlsxout"
)

// output is one file a format writes.
type output struct {
	format, file string
	write        func(io.Writer, *job) error
	// needs lists the diagrams (view names) the file is made from, and
	// html marks a file made from report.html: both are written once
	// those are ready.
	needs []string
	html  bool
	// pdf marks a file printed by headless Chromium.
	pdf bool
	// only, if set, says whether a run writes the file at all (risk.csv
	// only with --risk).
	only func(*job) bool
}

// job is one dataset's analysis on its way to its output directory.
type job struct {
	run *report.Run
	// diagrams holds each view's SVG (by view name), set once before the
	// view's ready channel is closed; the map itself is never written
	// after the job is made, so writers read it concurrently.
	diagrams map[string]*[]byte
	html     []byte // report.html, when a format needs it
	printer  viz.Printer
	ctx      context.Context
}

// defaultKeyPlayers is --key-players' default: the steps of the greedy
// key-player search (keyplayers.csv; 0 writes none).
const defaultKeyPlayers = 5

func tableOut(f func(io.Writer, *network.Analysis) error) func(io.Writer, *job) error {
	return func(w io.Writer, j *job) error { return f(w, j.run.Analysis) }
}

func svgOut(view string) func(io.Writer, *job) error {
	return func(w io.Writer, j *job) error {
		_, err := w.Write(*j.diagrams[view])
		return err
	}
}

// pdfOut prints a diagram on A4 (landscape when it is wider than tall).
func pdfOut(view string) func(io.Writer, *job) error {
	return func(w io.Writer, j *job) error {
		return printPDF(j.ctx, j.printer, viz.SVGPage(*j.diagrams[view]), w)
	}
}

// diagramViews are the diagrams analyze draws, in the order they are
// drawn (and their notes listed).
var diagramViews = []viz.View{viz.ViewNetwork, viz.ViewFlows, viz.ViewClusters, viz.ViewTiers}

// allViews names every diagram: what report.html is made from.
func allViews() []string {
	out := make([]string, len(diagramViews))
	for i, v := range diagramViews {
		out[i] = string(v)
	}
	return out
}

// outputs lists every file analyze can write, by format.
func outputs() []output {
	return []output{
		{format: "csv", file: "nodes.csv", write: tableOut(report.WriteNodes)},
		{format: "csv", file: "clusters.csv", write: tableOut(report.WriteClusters)},
		{format: "csv", file: "linkage.csv", write: tableOut(report.WriteLinkage)},
		{format: "csv", file: "reach.csv", write: tableOut(report.WriteReach)},
		{format: "csv", file: "resilience.csv", write: tableOut(report.WriteResilience)},
		{format: "csv", file: "keyplayers.csv", write: tableOut(report.WriteKeyPlayers), only: func(j *job) bool { return j.run.Analysis.KeyPlayers != nil }},
		{format: "csv", file: "edges.csv", write: tableOut(report.WriteEdges)},
		{format: "csv", file: "risk.csv", write: tableOut(report.WriteRisk), only: func(j *job) bool { return j.run.Analysis.Risk != nil }},
		{format: "json", file: "report.json", write: func(w io.Writer, j *job) error { return report.WriteJSON(w, j.run) }},
		{format: "html", file: "report.html", html: true, write: func(w io.Writer, j *job) error { _, err := w.Write(j.html); return err }},
		{format: "svg", file: "network.svg", write: svgOut("network"), needs: []string{"network"}},
		{format: "svg", file: "flows.svg", write: svgOut("flows"), needs: []string{"flows"}},
		{format: "svg", file: "clusters.svg", write: svgOut("clusters"), needs: []string{"clusters"}},
		{format: "svg", file: "tiers.svg", write: svgOut("tiers"), needs: []string{"tiers"}},
		{format: "gexf", file: "network.gexf", write: tableOut(interop.WriteGEXF)},
		{format: "graphml", file: "network.graphml", write: tableOut(interop.WriteGraphML)},
		{format: "net", file: "network.net", write: tableOut(interop.WritePajek)},
		{format: "xlsx", file: xlsxout.File, write: tableOut(xlsxout.Write)},
		{format: "parquet", file: "nodes.parquet", write: tableOut(parquetout.WriteNodes)},
		{format: "parquet", file: "links.parquet", write: tableOut(parquetout.WriteLinks)},
		{format: "pdf", file: "report.pdf", html: true, pdf: true, write: func(w io.Writer, j *job) error {
			return printPDF(j.ctx, j.printer, viz.Page{Kind: "html", Data: printable(j.html)}, w)
		}},
		{format: "pdf", file: "network.pdf", write: pdfOut("network"), needs: []string{"network"}, pdf: true},
		{format: "pdf", file: "flows.pdf", write: pdfOut("flows"), needs: []string{"flows"}, pdf: true},
		{format: "pdf", file: "clusters.pdf", write: pdfOut("clusters"), needs: []string{"clusters"}, pdf: true},
		{format: "pdf", file: "tiers.pdf", write: pdfOut("tiers"), needs: []string{"tiers"}, pdf: true},
	}
}

// extraFormats are written only when --formats names them: "all" (the
// default) is every format clusterchain writes by itself, and PDF needs
// headless Chromium and takes seconds a page.
var extraFormats = []string{"pdf"}

// parseFormats checks a comma-separated list of format names. "all" is
// every format but the extra ones (PDF), which are named on their own.
func parseFormats(list string) ([]string, error) {
	var known []string
	for _, o := range outputs() {
		if !slices.Contains(known, o.format) {
			known = append(known, o.format)
		}
	}
	var out []string
	add := func(f string) {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	for _, f := range strings.Split(list, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		switch {
		case f == "":
			continue
		case f == "all":
			for _, k := range known {
				if !slices.Contains(extraFormats, k) {
					add(k)
				}
			}
			continue
		case !slices.Contains(known, f):
			return nil, usagef("unknown format %q (known: %s, all)%s", f, strings.Join(known, ", "), didYouMean(f, known))
		}
		add(f)
	}
	if len(out) == 0 {
		return nil, usagef("--formats names no format")
	}
	// In file order, whatever order the list names them in.
	slices.SortStableFunc(out, func(a, b string) int { return slices.Index(known, a) - slices.Index(known, b) })
	return out, nil
}

// settings are the choices shared by analyze and batch.
type settings struct {
	formats []string
	workers int
	seed    uint64
	sizeBy  string
	maxNode int
	lang    string // report.html, diagram titles and legends: en (default) or zh
	prog    *progress
	// prov is what report.html says produced the run (nil: nothing), or
	// provenance makes it for each dataset (batch).
	prov       *report.Provenance
	provenance func(path string, ds *dataset) (*report.Provenance, error)
	// printer prints the PDFs; nil is headless Chromium.
	printer viz.Printer
	// sample > 0 estimates the all-pairs figures from that many sources;
	// exact forbids estimating; otherwise networks above autoSampleNodes
	// are estimated from defaultSample sources.
	sample int
	exact  bool
	// keyPlayers is the number of key-player steps (keyplayers.csv); 0
	// computes and writes none.
	keyPlayers int
	// chokepoints computes the chokepoints and channels of reach.csv
	// whatever they cost (network.ReachPathsAlways).
	chokepoints bool
	// bootstrap > 0 adds the percentile intervals (SPEC §6); risk and
	// threshold run the cascades of risk.csv.
	bootstrap int
	risk      network.RiskScope
	threshold float64
}

// sampling is the network option for --sample and --exact; without
// either, network's default policy applies (network.Sampling).
func (s settings) sampling() network.Sampling {
	switch {
	case s.exact:
		return network.Sampling{}
	case s.sample > 0:
		return network.Sampling{Sources: s.sample}
	}
	return network.Sampling{Auto: true}
}

// slowSweep is the expected sweep time above which the run says up front
// how long it will take.
const slowSweep = 30 * time.Second

// analyzeTo analyses a loaded dataset and writes its outputs through st
// into its directory, all or nothing: on any error (or when ctx is
// cancelled) the directory is left as it was. It returns the run.
func analyzeTo(ctx context.Context, ds *dataset, st *atomicfs.Staging, s settings) (*report.Run, []string, error) {
	var progFn func(string, int, int)
	if s.prog != nil {
		progFn = s.prog.report
	}
	opt := network.Options{Workers: s.workers, Progress: progFn, Seed: s.seed, Sampling: s.sampling(),
		Bootstrap: s.bootstrap, Risk: s.risk, Threshold: s.threshold, KeyPlayers: s.keyPlayers}
	if s.chokepoints {
		opt.ReachPaths = network.ReachPathsAlways
	}
	if w := network.SweepWork(ds.network, opt); w.Duration(s.cores()) > slowSweep && s.prog != nil {
		msg := fmt.Sprintf("%s: the shortest paths take about %s (%d searches, %.2g link visits)",
			ds.network.Name(), words.Duration(w.Duration(s.cores())), w.Sources, w.LinkVisits)
		if !w.Sampled {
			k := network.AutoSources(len(ds.network.Nodes()), ds.network.G().Size())
			quick := network.SweepWork(ds.network, network.Options{Seed: s.seed, Sampling: network.Sampling{Sources: k}})
			msg += fmt.Sprintf("; --sample %d estimates them in about %s", k, words.Duration(quick.Duration(s.cores())))
		}
		s.prog.notice(msg)
	}
	a, err := network.Analyze(ctx, ds.network, opt)
	s.prog.done()
	if err != nil {
		return nil, nil, err
	}
	run := &report.Run{
		Analysis:       a,
		Warnings:       ds.warnings(),
		UnknownVolumes: ds.result.UnknownVolumes,
		DuplicateRows:  ds.result.DuplicateRows,
		Seed:           s.seed,
		Unit:           ds.unit,
	}
	if e, ok := a.Estimate(); ok {
		run.Warnings = append(run.Warnings, e.String()+"; --exact computes them exactly, --sample K takes more sources")
	}
	if o := a.ReachPathsOmitted; o != nil {
		run.Warnings = append(run.Warnings, o.String()+"; --chokepoints computes them")
	}
	j := &job{run: run, diagrams: map[string]*[]byte{}, printer: s.printer, ctx: ctx}
	for _, v := range allViews() {
		j.diagrams[v] = new([]byte)
	}
	var files []string
	for _, o := range j.outputs(s) {
		files = append(files, o.file)
	}
	sort.Strings(files)
	run.Lang, run.Provenance, run.Files = s.lang, s.prov, files
	if j.printer == nil {
		j.printer = &chromium{}
	}
	if err := writeOutputs(ctx, j, st, s); err != nil {
		s.prog.done()
		return nil, nil, err
	}
	s.prog.done()
	files = st.Files()
	if err := st.Commit(); err != nil {
		return nil, nil, outputError(err)
	}
	return run, files, nil
}

// outputs are the files the job writes with settings s.
func (j *job) outputs(s settings) []output {
	var out []output
	for _, o := range outputs() {
		if slices.Contains(s.formats, o.format) && (o.only == nil || o.only(j)) {
			out = append(out, o)
		}
	}
	return out
}

// writeOutputs writes the outputs of s.formats into st, concurrently: the
// diagrams are drawn in order on one goroutine (go-graphviz runs behind
// one lock in viz anyway) while the tables and exchange files are
// written on others; each SVG is written as soon as its diagram is
// drawn, report.html once all are (it shows them, and their notes), the
// PDFs one at a time as what they print is ready (one Chromium at a
// time). Every file's bytes are what a sequential run writes. The first
// error stops the rest.
func writeOutputs(ctx context.Context, j *job, st *atomicfs.Staging, s settings) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	j.ctx = ctx
	outs := j.outputs(s)
	needDiagrams, needHTML := false, false
	for _, o := range outs {
		needDiagrams = needDiagrams || len(o.needs) > 0 || o.html
		needHTML = needHTML || o.html
	}
	// Staging is not safe for concurrent Create: open every file first.
	type staged struct {
		o output
		w io.WriteCloser
	}
	files := make([]staged, len(outs))
	for i, o := range outs {
		w, err := st.Create(o.file)
		if err != nil {
			for _, f := range files[:i] {
				f.w.Close()
			}
			return err
		}
		files[i] = staged{o, w}
	}

	// ready[v] is closed when diagram v (or, for "report.html", the page)
	// is there to write; drawn[v] says whether it was drawn.
	ready := map[string]chan struct{}{"report.html": make(chan struct{})}
	for _, v := range allViews() {
		ready[v] = make(chan struct{})
	}
	var (
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	fail := func(err error) {
		errOnce.Do(func() { firstErr = err; cancel(err) })
	}
	// The diagrams, then report.html.
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer func() {
			for _, c := range ready {
				select {
				case <-c:
				default:
					close(c)
				}
			}
		}()
		if !needDiagrams {
			return
		}
		a := j.run.Analysis
		var notes []string
		for _, view := range diagramViews {
			if ctx.Err() != nil {
				return
			}
			s.prog.step(fmt.Sprintf("drawing %s.svg", view))
			d, err := viz.Build(a, view, viz.Options{Title: a.Network.Name(), SizeBy: s.sizeBy, MaxNodes: s.maxNode, Lang: s.lang})
			if err != nil {
				fail(fmt.Errorf("%s diagram: %w", view, err))
				return
			}
			var buf bytes.Buffer
			if err := d.Render(ctx, "svg", &buf); err != nil {
				fail(fmt.Errorf("%s diagram: %w", view, err))
				return
			}
			*j.diagrams[string(view)] = buf.Bytes()
			for _, note := range d.Notes {
				notes = append(notes, fmt.Sprintf("%s.svg: %s", view, note))
			}
			close(ready[string(view)])
		}
		j.run.Notes = append(j.run.Notes, notes...)
		if needHTML {
			svgs := map[string][]byte{}
			for v, b := range j.diagrams {
				svgs[v] = *b
			}
			var page bytes.Buffer
			if err := report.WriteHTML(&page, j.run, svgs); err != nil {
				fail(fmt.Errorf("report.html: %w", err))
				return
			}
			j.html = page.Bytes()
		}
		close(ready["report.html"])
	}()
	// Every file on a goroutine of its own; the writers that print wait
	// for one another.
	var printing sync.Mutex
	for _, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := func() error {
				waitFor := f.o.needs
				if f.o.html {
					waitFor = []string{"report.html"}
				}
				for _, v := range waitFor {
					select {
					case <-ready[v]:
					case <-ctx.Done():
						return context.Cause(ctx)
					}
				}
				if ctx.Err() != nil {
					return context.Cause(ctx)
				}
				if f.o.pdf {
					printing.Lock()
					defer printing.Unlock()
				}
				s.prog.step("writing " + f.o.file)
				bw := bufio.NewWriterSize(f.w, 256<<10)
				if err := f.o.write(bw, j); err != nil {
					return err
				}
				return bw.Flush()
			}()
			if cerr := f.w.Close(); err == nil {
				err = cerr
			}
			if err != nil && !errors.Is(err, context.Canceled) {
				fail(fmt.Errorf("%s: %w", f.o.file, err))
			} else if err != nil {
				fail(err)
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}

// cores is the number of cores the sweep will use.
func (s settings) cores() int {
	if s.workers > 0 {
		return s.workers
	}
	return runtime.GOMAXPROCS(0)
}

// notice prints a line for the person running the command, whether or not
// progress is shown, clearing a progress line first.
func (p *progress) notice(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.any {
		fmt.Fprint(p.w, "\r\033[K")
		p.any = false
	}
	fmt.Fprintln(p.w, msg)
}
