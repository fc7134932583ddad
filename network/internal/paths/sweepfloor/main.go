// Command sweepfloor measures the all-pairs sweep of network (betweenness,
// closeness and harmonic: one breadth-first search and one dependency
// pass per source) against the least work it must do: a bare
// breadth-first search from each source over the same graph, in the same
// memory layout, counting only the edges it scans.
//
//	go run ./network/internal/paths/sweepfloor -exact -all DATASET
//
// On the loaded dataset's graph G it runs:
//
//   - with -exact, paths.Exact (the exact sweep, as analyze
//     --exact runs it): wall and CPU time, and the number of sources it
//     searches after folding (from its progress callback);
//   - paths.Sampled from -sample K sources (seed 1): the sweep's
//     cost per searched source, nothing folded;
//   - a bare BFS from the same K sources, on the same number of
//     goroutines, over a copy of G renumbered as the sweep renumbers it
//     (breadth-first over the undirected ties): the floor per source, with
//     the edges it scans;
//   - with -searched (and without -exact), the number of sources the
//     exact sweep searches, read from its first progress report;
//   - with -all, the bare BFS from every node: the floor of an unfolded
//     exact sweep, and Σ over sources of the edges reached.
//
// Timing claims need a quiet machine: the load average is printed.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"clusterchain/loaders"
	"clusterchain/network"
	"clusterchain/network/internal/paths"
)

var (
	sampleK = flag.Int("sample", 1000, "sources for the per-source comparison")
	exact   = flag.Bool("exact", false, "run the exact sweep (network.ShortestPaths)")
	all     = flag.Bool("all", false, "run the bare BFS from every node")
	count   = flag.Bool("searched", false, "only count the sources the exact sweep would search (it is stopped after its first block)")
	workers = flag.Int("workers", 0, "goroutines (0: one per core)")
)

func main() {
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: sweepfloor [-exact] [-all] [-sample K] DATASET")
		os.Exit(2)
	}
	if err := run(flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "sweepfloor:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	abs, _ := filepath.Abs(dir)
	res, err := loaders.Load(os.DirFS(dir), loaders.Options{Name: filepath.Base(abs)})
	if err != nil {
		return err
	}
	nw, err := network.New(res.Dataset)
	if err != nil {
		return err
	}
	g := nw.G()
	n, m := g.Order(), g.Size()
	w := *workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	fmt.Printf("%s: %d nodes, %d edges; %d workers; load average %s\n", filepath.Base(abs), n, m, w, loadAvg())
	ctx := context.Background()
	if *count && !*exact {
		cctx, cancel := context.WithCancel(ctx)
		var total int
		paths.Exact(cctx, g, paths.Options{Workers: w, Progress: func(done, t int) { total = t; cancel() }})
		cancel()
		fmt.Printf("exact sweep would search %d sources of %d (folding)\n", total, n)
	}
	if *exact {
		var searched atomic.Int64
		opt := paths.Options{Workers: w, Progress: func(done, total int) { searched.Store(int64(total)) }}
		wall, cpu := timed(func() {
			if _, err = paths.Exact(ctx, g, opt); err != nil {
				return
			}
		})
		if err != nil {
			return err
		}
		s := searched.Load()
		fmt.Printf("exact sweep:    %8.2f s wall %8.2f s cpu; %d sources searched of %d (folding); %.3f ms cpu per searched source (load %s)\n",
			wall.Seconds(), cpu.Seconds(), s, n, cpu.Seconds()*1e3/float64(max(s, 1)), loadAvg())
	}
	k := min(*sampleK, n)
	wall, cpu := timed(func() { _, err = paths.Sampled(ctx, g, k, 1, paths.Options{Workers: w}) })
	if err != nil {
		return err
	}
	fmt.Printf("sampled sweep:  %8.2f s wall %8.2f s cpu; %d sources; %.3f ms cpu per source (load %s)\n",
		wall.Seconds(), cpu.Seconds(), k, cpu.Seconds()*1e3/float64(k), loadAvg())
	sweepPerSource := cpu.Seconds() / float64(k)

	h := renumber(g)
	// The sampled sweep's sources: the same draw as SampledPaths.
	perm := rand.New(rand.NewPCG(1, 0x5a3b1e)).Perm(n)[:k]
	src := make([]int32, k)
	for i, v := range perm {
		src[i] = h.label[v]
	}
	slices.Sort(src)
	var edges, nodes int64
	wall, cpu = timed(func() { edges, nodes = h.bfsAll(src, w) })
	bfsPerSource := cpu.Seconds() / float64(k)
	fmt.Printf("bare BFS:       %8.2f s wall %8.2f s cpu; same %d sources; %.3f ms cpu per source; %.0f edges scanned and %.0f nodes reached per source; %.2f ns per edge (load %s)\n",
		wall.Seconds(), cpu.Seconds(), k, bfsPerSource*1e3, float64(edges)/float64(k), float64(nodes)/float64(k),
		cpu.Seconds()*1e9/float64(max(edges, 1)), loadAvg())
	fmt.Printf("sweep / bare BFS per source: %.2f×; sweep %.2f ns per edge scanned\n",
		sweepPerSource/bfsPerSource, sweepPerSource*1e9*float64(k)/float64(max(edges, 1)))
	if *all {
		every := make([]int32, n)
		for i := range every {
			every[i] = int32(i)
		}
		wall, cpu = timed(func() { edges, nodes = h.bfsAll(every, w) })
		fmt.Printf("bare BFS, all:  %8.2f s wall %8.2f s cpu; %d sources; Σ edges scanned %.4g (%.0f per source), Σ nodes reached %.4g; %.2f ns per edge (load %s)\n",
			wall.Seconds(), cpu.Seconds(), n, float64(edges), float64(edges)/float64(n), float64(nodes),
			cpu.Seconds()*1e9/float64(max(edges, 1)), loadAvg())
	}
	return nil
}

// csr is G's out-adjacency renumbered as the sweep renumbers it.
type csr struct {
	start, adj []int32
	label      []int32
}

// renumber numbers the nodes breadth-first over the undirected ties, from
// node 0, 1, … in turn, as network's sweep graph does.
func renumber(g *network.Graph) *csr {
	n := g.Order()
	h := &csr{start: make([]int32, n+1), adj: make([]int32, 0, g.Size()), label: make([]int32, n)}
	for i := range h.label {
		h.label[i] = -1
	}
	node := make([]int32, 0, n)
	for r := 0; r < n; r++ {
		if h.label[r] >= 0 {
			continue
		}
		h.label[r] = int32(len(node))
		node = append(node, int32(r))
		for head := len(node) - 1; head < len(node); head++ {
			v := node[head]
			out, _ := g.Out(v)
			in, _ := g.In(v)
			for _, nb := range [2][]int32{out, in} {
				for _, x := range nb {
					if h.label[x] < 0 {
						h.label[x] = int32(len(node))
						node = append(node, x)
					}
				}
			}
		}
	}
	for i, v := range node {
		out, _ := g.Out(v)
		for _, x := range out {
			h.adj = append(h.adj, h.label[x])
		}
		h.start[i+1] = int32(len(h.adj))
	}
	return h
}

// bfsAll runs a bare BFS from each source on w goroutines (sources taken
// in blocks of 8) and returns the edges scanned and nodes reached in all.
func (h *csr) bfsAll(sources []int32, w int) (edges, nodes int64) {
	var next atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := len(h.start) - 1
			seen := make([]uint32, n)
			queue := make([]int32, n)
			round := uint32(0)
			var e, v int64
			for {
				b := int(next.Add(8)) - 8
				if b >= len(sources) {
					break
				}
				for _, s := range sources[b:min(b+8, len(sources))] {
					round++
					seen[s] = round
					queue[0] = s
					end := 1
					for head := 0; head < end; head++ {
						x := queue[head]
						adj := h.adj[h.start[x]:h.start[x+1]]
						e += int64(len(adj))
						for _, y := range adj {
							if seen[y] != round {
								seen[y] = round
								queue[end] = y
								end++
							}
						}
					}
					v += int64(end)
				}
			}
			mu.Lock()
			edges, nodes = edges+e, nodes+v
			mu.Unlock()
		}()
	}
	wg.Wait()
	return edges, nodes
}

func timed(f func()) (wall, cpu time.Duration) {
	c0, t0 := cpuTime(), time.Now()
	f()
	return time.Since(t0), cpuTime() - c0
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func loadAvg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); len(f) > 0 {
		return f[0]
	}
	return "?"
}
