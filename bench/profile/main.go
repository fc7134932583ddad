// Command profile runs the steps of `clusterchain analyze DATASET --formats
// csv` one after another — loading (each table), network.New,
// network.Analyze, each CSV writer, the printed summary — and says for
// each how long it took (wall and CPU), how much it allocated, the peak
// resident memory during it and the live heap after it. With -cpuprofile
// and -memprofile it writes a CPU profile of each step and a heap profile
// after each, for `go tool pprof -top`.
//
//	go run ./bench/profile -cpuprofile /tmp/p/cpu -memprofile /tmp/p/heap DATASET
//	go tool pprof -top /tmp/p/cpu-analyze.pprof
//
// It mirrors the command: the same loader options, the same rule for
// sampled sources (network.AutoSources above network.AutoSampleNodes),
// the loader's result kept until the analysis is done and dropped before
// writing.
// -phases picks the steps after loading (load always runs).
//
// -peakprofile writes a heap profile when the live heap is largest.
// Peak memory per step comes from Linux: VmHWM in /proc/self/status, reset
// before each step by writing 5 to /proc/self/clear_refs. The live heap is
// measured after a garbage collection outside the timed part (-live=false
// leaves those collections out). Timing claims need a quiet machine: the
// load average is printed with every step.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"clusterchain/loaders"
	"clusterchain/network"
	"clusterchain/report"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "profile:", err)
		os.Exit(1)
	}
}

var (
	cpuPrefix = flag.String("cpuprofile", "", "write a CPU profile of each step to `PREFIX`-STEP.pprof")
	memPrefix = flag.String("memprofile", "", "write a heap profile after each step to `PREFIX`-STEP.pprof")
	outDir    = flag.String("o", "", "write the CSV tables into `DIR` (default: a temporary directory, removed)")
	phases    = flag.String("phases", "new,analyze,write,summary", "steps after loading, comma-separated: new, analyze, write, summary")
	sources   = flag.Int("sources", -1, "sampled sources for the all-pairs figures (-1: the command's rule; 0: exact)")
	workers   = flag.Int("workers", 0, "workers for Analyze (0: one per core)")
	live      = flag.Bool("live", true, "measure the live heap after each step (a garbage collection, not timed)")
	peakPath  = flag.String("peakprofile", "", "write a heap profile to `FILE` whenever the live heap (as of the last collection) reaches a new high, 5% above the last one written")
)

// current is the name of the step running, for the peak sampler.
var current atomic.Value

// watchPeak samples the live heap every 100 ms and writes a heap profile
// at each new high: what is live when the process is largest.
func watchPeak(path string) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var written uint64
		at := ""
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				if written > 0 {
					fmt.Fprintf(os.Stderr, "largest live heap %s, during %s: heap profile in %s\n", size(written), at, path)
				}
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			v := sample[0].Value.Uint64()
			if v > written+written/20 {
				f, err := os.Create(path)
				if err != nil {
					continue
				}
				pprof.Lookup("heap").WriteTo(f, 0)
				f.Close()
				written, at = v, current.Load().(string)
			}
		}
	}()
	return func() { close(done); <-finished }
}

// step is one measured step.
type step struct {
	name             string
	wall, cpu        time.Duration
	alloc            uint64 // bytes allocated during the step
	peakRSS, liveEnd uint64 // bytes
	rssEnd           uint64
	load             string
}

var steps []step

// measure runs f as step name: resets the peak RSS, starts the CPU
// profile, times f, then writes the heap profile and measures the live
// heap.
func measure(name string, f func() error) error {
	resetPeak()
	current.Store(name)
	ld := loadAvg()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	alloc0 := ms.TotalAlloc
	var prof *os.File
	if *cpuPrefix != "" {
		var err error
		if prof, err = os.Create(*cpuPrefix + "-" + name + ".pprof"); err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(prof); err != nil {
			return err
		}
	}
	c0, t0 := cpuTime(), time.Now()
	err := f()
	s := step{name: name, wall: time.Since(t0), cpu: cpuTime() - c0, load: ld}
	if prof != nil {
		pprof.StopCPUProfile()
		prof.Close()
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	s.peakRSS, s.rssEnd = procStatus("VmHWM"), procStatus("VmRSS")
	runtime.ReadMemStats(&ms)
	s.alloc = ms.TotalAlloc - alloc0
	if *live {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		s.liveEnd = ms.HeapAlloc
	}
	if *memPrefix != "" {
		hf, err := os.Create(*memPrefix + "-" + name + ".pprof")
		if err != nil {
			return err
		}
		if err := pprof.Lookup("heap").WriteTo(hf, 0); err != nil {
			return err
		}
		hf.Close()
	}
	steps = append(steps, s)
	fmt.Fprintf(os.Stderr, "%-22s %8.2fs wall %8.2fs cpu %9s alloc  peak %9s  live %9s  (load %s)\n",
		s.name, s.wall.Seconds(), s.cpu.Seconds(), size(s.alloc), size(s.peakRSS), size(s.liveEnd), s.load)
	return nil
}

func run() error {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: profile [flags] DATASET")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	dir := flag.Arg(0)
	want := map[string]bool{}
	for _, p := range strings.Split(*phases, ",") {
		want[strings.TrimSpace(p)] = true
	}
	out := *outDir
	if out == "" && want["write"] {
		tmp, err := os.MkdirTemp("", "profile-out")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		out = tmp
	}
	start := time.Now()
	current.Store("start")
	if *peakPath != "" {
		defer watchPeak(*peakPath)()
	}

	// Loading, with the time of each table: the loader reads the tables
	// one after another, each opened when the previous one is done.
	var res *loaders.Result
	tfs := &timedFS{fs: os.DirFS(dir)}
	abs, _ := filepath.Abs(dir)
	if err := measure("load", func() error {
		var err error
		res, err = loaders.Load(tfs, loaders.Options{Name: filepath.Base(abs)})
		tfs.mark("(end)")
		return err
	}); err != nil {
		return err
	}
	tfs.print(os.Stderr)
	if !want["new"] {
		return nil
	}
	var nw *network.Network
	if err := measure("network.New", func() error {
		var err error
		nw, err = network.New(res.Dataset)
		return err
	}); err != nil {
		return err
	}
	n, m := len(nw.Nodes()), nw.G().Size()
	k := *sources
	if k < 0 {
		k = 0
		if n > network.AutoSampleNodes {
			k = network.AutoSources(n, m)
		}
	}
	fmt.Fprintf(os.Stderr, "%d nodes, %d edges of G, %d links, %d edges of S; sources %d (0: exact)\n",
		n, m, len(nw.Links()), nw.S().Size(), k)
	if !want["analyze"] {
		return nil
	}
	var a *network.Analysis
	if err := measure("network.Analyze", func() error {
		var err error
		a, err = network.Analyze(context.Background(), nw, network.Options{Workers: *workers, Seed: 1, Sampling: network.Sampling{Sources: k}})
		return err
	}); err != nil {
		return err
	}
	run := &report.Run{Analysis: a, UnknownVolumes: res.UnknownVolumes, DuplicateRows: res.DuplicateRows, Seed: 1}
	for _, w := range res.Warnings {
		run.Warnings = append(run.Warnings, w.String())
	}
	res = nil // the command holds the loader's result only until the analysis is done
	if want["write"] {
		for _, t := range []struct {
			file  string
			write func(io.Writer, *network.Analysis) error
		}{
			{"nodes.csv", report.WriteNodes}, {"clusters.csv", report.WriteClusters},
			{"linkage.csv", report.WriteLinkage}, {"reach.csv", report.WriteReach},
			{"resilience.csv", report.WriteResilience},
		} {
			if err := measure("write "+t.file, func() error {
				f, err := os.Create(filepath.Join(out, t.file))
				if err != nil {
					return err
				}
				err = t.write(f, a)
				if cerr := f.Close(); err == nil {
					err = cerr
				}
				return err
			}); err != nil {
				return err
			}
		}
	}
	if want["summary"] {
		if err := measure("summary", func() error { return report.WriteSummary(io.Discard, run) }); err != nil {
			return err
		}
	}
	runtime.KeepAlive(a)
	var wall, cpu time.Duration
	var peak uint64 // resetting VmHWM resets getrusage's maxrss too
	for _, s := range steps {
		if !strings.HasPrefix(s.name, "family ") {
			wall, cpu = wall+s.wall, cpu+s.cpu
		}
		peak = max(peak, s.peakRSS)
	}
	fmt.Fprintf(os.Stderr, "total (steps of the command) %.2fs wall, %.2fs cpu; %.2fs with the measurements; peak RSS %s\n",
		wall.Seconds(), cpu.Seconds(), time.Since(start).Seconds(), size(peak))
	return nil
}

// timedFS records when each file is opened, with the bytes allocated
// so far.
type timedFS struct {
	fs    fs.FS
	marks []mark
}

type mark struct {
	file  string
	at    time.Time
	cpu   time.Duration
	alloc uint64
	heap  uint64
	size  int64
}

func (t *timedFS) mark(file string) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.marks = append(t.marks, mark{file: file, at: time.Now(), cpu: cpuTime(), alloc: ms.TotalAlloc, heap: ms.HeapAlloc})
}

func (t *timedFS) Open(name string) (fs.File, error) {
	t.mark(name)
	f, err := t.fs.Open(name)
	if err == nil {
		if st, err := f.Stat(); err == nil {
			t.marks[len(t.marks)-1].size = st.Size()
		}
	}
	return f, err
}

// print lists each table's share of the load: from its opening to the
// next file's (a missing file opens and ends at once).
func (t *timedFS) print(w io.Writer) {
	for i := 0; i+1 < len(t.marks); i++ {
		a, b := t.marks[i], t.marks[i+1]
		d := b.at.Sub(a.at)
		rate := ""
		if a.size > 0 && d > 0 {
			rate = fmt.Sprintf("  %6.1f MB/s", float64(a.size)/1e6/d.Seconds())
		}
		fmt.Fprintf(w, "  load %-14s %8.2fs wall %8.2fs cpu %9s alloc  heap after %9s  %9s%s\n", a.file,
			d.Seconds(), (b.cpu - a.cpu).Seconds(), size(b.alloc-a.alloc), size(b.heap), size(uint64(a.size)), rate)
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// resetPeak resets VmHWM (Linux 4.0 and later); a failure leaves the
// peak cumulative.
func resetPeak() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// procStatus reads a kB field of /proc/self/status, in bytes.
func procStatus(field string) uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field+":") {
			f := strings.Fields(line[len(field)+1:])
			if len(f) > 0 {
				v, _ := strconv.ParseUint(f[0], 10, 64)
				return v << 10
			}
		}
	}
	return 0
}

func loadAvg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

func size(b uint64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
	default:
		return fmt.Sprintf("%.0f KiB", float64(b)/(1<<10))
	}
}
