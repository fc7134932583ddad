package samples

import (
	"embed"
	"io/fs"
)

//go:embed zhejiang/*.csv
var files embed.FS

// ZhejiangName is the dataset name of the Zhejiang sample.
const ZhejiangName = "zhejiang"

// Zhejiang returns the Zhejiang sample as a file system whose root holds
// firms.csv, markets.csv, buyers.csv, clusters.csv and links.csv.
func Zhejiang() fs.FS {
	sub, err := fs.Sub(files, "zhejiang")
	if err != nil {
		panic(err) // the embedded directory is fixed at build time
	}
	return sub
}
