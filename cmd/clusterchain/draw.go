package main

import (
	"slices"
	"strings"

	"clusterchain/viz"
)

// The diagram settings that analyze, render and batch start from.
const (
	defaultSizeBy   = "pagerank" // node size: the volume-weighted PageRank
	defaultMaxNodes = 1500       // network.svg folds the least central firms above this
)

// drawFlags adds --size-by and --max-nodes to fs, with the usage of the
// command (which diagrams they apply to).
func drawFlags(fs *flags, sizeUsage, foldUsage string) (sizeBy *string, maxNodes *int) {
	return fs.String("size-by", defaultSizeBy, sizeUsage), fs.Int("max-nodes", defaultMaxNodes, foldUsage)
}

// checkDraw checks --size-by and --max-nodes before any work is done, so
// that a misspelt column is a usage error up front rather than a failure
// after the whole analysis.
func checkDraw(sizeBy string, maxNodes int) error {
	if cols := viz.SizeColumns(); !slices.Contains(cols, sizeBy) {
		return usagef("--size-by %q: one of %s%s", sizeBy, strings.Join(cols, ", "), didYouMean(sizeBy, cols))
	}
	if maxNodes < 1 {
		return usagef("--max-nodes %d: the diagram draws at least 1 node (default %d)", maxNodes, defaultMaxNodes)
	}
	return nil
}

// checkWorkers checks --workers: 0 is one per core, a negative count is
// a mistake.
func checkWorkers(n int) error {
	if n < 0 {
		return usagef("--workers %d: 1 or more goroutines, or 0 for one per core", n)
	}
	return nil
}
