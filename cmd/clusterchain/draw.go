package main

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
