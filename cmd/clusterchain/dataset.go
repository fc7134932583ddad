package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"clusterchain/loaders"
	"clusterchain/network"
	"clusterchain/samples"
)

// dataset is a loaded and checked dataset.
type dataset struct {
	result  *loaders.Result
	network *network.Network
}

// openDataset loads the dataset directory path, or the embedded sample
// when path is empty.
func openDataset(path string, maxErrors int) (*dataset, error) {
	return openDatasetNamed(path, "", maxErrors)
}

// openDatasetNamed is openDataset with the dataset's name given (empty:
// the directory's base name).
func openDatasetNamed(path, name string, maxErrors int) (*dataset, error) {
	var fsys fs.FS
	if path == "" {
		fsys = samples.Zhejiang()
		if name == "" {
			name = samples.ZhejiangName
		}
	} else {
		fi, err := os.Stat(path)
		if err != nil {
			return nil, fmt.Errorf("dataset: %w", err)
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("dataset %s: not a directory of CSV tables", path)
		}
		fsys = os.DirFS(path)
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, err
		}
		if name == "" {
			name = filepath.Base(abs)
		}
	}
	res, err := loaders.Load(fsys, loaders.Options{Name: name, MaxErrors: maxErrors})
	if err != nil {
		return nil, err
	}
	nw, err := network.New(res.Dataset)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &dataset{result: res, network: nw}, nil
}

func (d *dataset) warnings() []string {
	out := make([]string, len(d.result.Warnings))
	for i, w := range d.result.Warnings {
		out[i] = w.String()
	}
	return out
}
