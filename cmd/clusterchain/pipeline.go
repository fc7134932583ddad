package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strings"
	"time"

	"clusterchain/internal/atomicfs"
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
	// only, if set, says whether a run writes the file at all (risk.csv
	// only with --risk).
	only func(*job) bool
}

// job is one dataset's analysis on its way to its output directory.
type job struct {
	run      *report.Run
	diagrams map[string][]byte // view name → SVG
}

// defaultKeyPlayers is --key-players' default: the steps of the greedy
// key-player search (keyplayers.csv; 0 writes none).
const defaultKeyPlayers = 5

func tableOut(f func(io.Writer, *network.Analysis) error) func(io.Writer, *job) error {
	return func(w io.Writer, j *job) error { return f(w, j.run.Analysis) }
}

func svgOut(view string) func(io.Writer, *job) error {
	return func(w io.Writer, j *job) error {
		_, err := w.Write(j.diagrams[view])
		return err
	}
}

// outputs lists every file analyze can write, by format.
func outputs() []output {
	return []output{
		{"csv", "nodes.csv", tableOut(report.WriteNodes), nil},
		{"csv", "clusters.csv", tableOut(report.WriteClusters), nil},
		{"csv", "linkage.csv", tableOut(report.WriteLinkage), nil},
		{"csv", "reach.csv", tableOut(report.WriteReach), nil},
		{"csv", "resilience.csv", tableOut(report.WriteResilience), nil},
		{"csv", "keyplayers.csv", tableOut(report.WriteKeyPlayers), func(j *job) bool { return j.run.Analysis.KeyPlayers != nil }},
		{"csv", "edges.csv", tableOut(report.WriteEdges), nil},
		{"csv", "risk.csv", tableOut(report.WriteRisk), func(j *job) bool { return j.run.Analysis.Risk != nil }},
		{"json", "report.json", func(w io.Writer, j *job) error { return report.WriteJSON(w, j.run) }, nil},
		{"html", "report.html", func(w io.Writer, j *job) error { return report.WriteHTML(w, j.run, j.diagrams) }, nil},
		{"svg", "network.svg", svgOut("network"), nil},
		{"svg", "flows.svg", svgOut("flows"), nil},
		{"svg", "clusters.svg", svgOut("clusters"), nil},
		{"svg", "tiers.svg", svgOut("tiers"), nil},
		{"gexf", "network.gexf", tableOut(interop.WriteGEXF), nil},
		{"graphml", "network.graphml", tableOut(interop.WriteGraphML), nil},
		{"net", "network.net", tableOut(interop.WritePajek), nil},
		{"xlsx", xlsxout.File, tableOut(xlsxout.Write), nil},
		{"parquet", "nodes.parquet", tableOut(parquetout.WriteNodes), nil},
		{"parquet", "links.parquet", tableOut(parquetout.WriteLinks), nil},
	}
}

// parseFormats checks a comma-separated list of format names.
func parseFormats(list string) ([]string, error) {
	var known []string
	for _, o := range outputs() {
		if !slices.Contains(known, o.format) {
			known = append(known, o.format)
		}
	}
	var out []string
	for _, f := range strings.Split(list, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		switch {
		case f == "":
			continue
		case f == "all":
			return known, nil
		case !slices.Contains(known, f):
			return nil, usagef("unknown format %q (known: %s, all)%s", f, strings.Join(known, ", "), didYouMean(f, known))
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil, usagef("--formats names no format")
	}
	return out, nil
}

// settings are the choices shared by analyze and batch.
type settings struct {
	formats []string
	workers int
	seed    uint64
	sizeBy  string
	maxNode int
	lang    string // diagram titles and legends: en (default) or zh
	prog    *progress
	// sample > 0 estimates the all-pairs figures from that many sources;
	// exact forbids estimating; otherwise networks above autoSampleNodes
	// are estimated from defaultSample sources.
	sample int
	exact  bool
	// keyPlayers is the number of key-player steps (keyplayers.csv); 0
	// computes and writes none.
	keyPlayers int
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
	if w := network.SweepWork(ds.network, opt); w.Duration(s.cores()) > slowSweep && s.prog != nil {
		msg := fmt.Sprintf("%s: the shortest paths take about %s (%d searches, %.2g link visits)",
			ds.network.Name(), roughly(w.Duration(s.cores())), w.Sources, w.LinkVisits)
		if !w.Sampled {
			k := network.AutoSources(len(ds.network.Nodes()), ds.network.G().Size())
			quick := network.SweepWork(ds.network, network.Options{Seed: s.seed, Sampling: network.Sampling{Sources: k}})
			msg += fmt.Sprintf("; --sample %d estimates them in about %s", k, roughly(quick.Duration(s.cores())))
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
	j := &job{run: run, diagrams: map[string][]byte{}}
	if slices.Contains(s.formats, "svg") || slices.Contains(s.formats, "html") {
		for _, view := range []viz.View{viz.ViewNetwork, viz.ViewFlows, viz.ViewClusters, viz.ViewTiers} {
			s.prog.step(fmt.Sprintf("drawing %s.svg", view))
			d, err := viz.Build(a, view, viz.Options{Title: ds.network.Name(), SizeBy: s.sizeBy, MaxNodes: s.maxNode, Lang: s.lang})
			if err != nil {
				return nil, nil, fmt.Errorf("%s diagram: %w", view, err)
			}
			var buf bytes.Buffer
			if err := d.Render(ctx, "svg", &buf); err != nil {
				return nil, nil, fmt.Errorf("%s diagram: %w", view, err)
			}
			j.diagrams[string(view)] = buf.Bytes()
			for _, note := range d.Notes {
				run.Notes = append(run.Notes, fmt.Sprintf("%s.svg: %s", view, note))
			}
		}
	}
	for _, o := range outputs() {
		if !slices.Contains(s.formats, o.format) || o.only != nil && !o.only(j) {
			continue
		}
		s.prog.step("writing " + o.file)
		if err := st.WriteFile(o.file, func(w io.Writer) error { return o.write(w, j) }); err != nil {
			s.prog.done()
			return nil, nil, err
		}
		if err := ctx.Err(); err != nil {
			s.prog.done()
			return nil, nil, err
		}
	}
	s.prog.done()
	files := st.Files()
	if err := st.Commit(); err != nil {
		return nil, nil, outputError(err)
	}
	return run, files, nil
}

// cores is the number of cores the sweep will use.
func (s settings) cores() int {
	if s.workers > 0 {
		return s.workers
	}
	return runtime.GOMAXPROCS(0)
}

// roughly writes a duration as a person would say it up front.
func roughly(d time.Duration) string {
	switch {
	case d < 90*time.Second:
		return fmt.Sprintf("%.0f s", math.Max(1, d.Seconds()))
	case d < 90*time.Minute:
		return fmt.Sprintf("%.0f min", d.Minutes())
	}
	return fmt.Sprintf("%.1f h", d.Hours())
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
