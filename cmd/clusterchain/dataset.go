package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"clusterchain/loaders"
	"clusterchain/network"
	"clusterchain/samples"
)

// dataset is a loaded and checked dataset.
type dataset struct {
	result  *loaders.Result
	network *network.Network
}

// input is how a command reads its input files: the flags --encoding,
// --delimiter and --schema, which inputFlags adds to a command.
type input struct {
	encoding, delimiter, schema *string
	decimalComma                *bool
}

// inputFlags adds --encoding, --delimiter and --schema to fs.
func inputFlags(fs *flags) *input {
	return &input{
		encoding:  fs.String("encoding", "auto", "`ENCODING` of the input files: "+loaders.EncodingNames),
		delimiter: fs.String("delimiter", "auto", "field `DELIMITER` of the input files: , ; | or tab (auto: sniffed per file)"),
		schema: fs.String("schema", "", "column mapping `FILE` (JSON): other file and column names, kind values, "+
			"a wide survey layout; see 'clusterchain help import'"),
		decimalComma: fs.Bool("decimal-comma", false, "read numbers the European way: 1.234,5 is 1234.5 and 1,5 is 1.5"),
	}
}

// options turns the flags into loader options. A bad flag value is a
// usage error; a bad schema file an input error.
func (in *input) options(name string, maxErrors int) (loaders.Options, error) {
	opt := loaders.Options{Name: name, MaxErrors: maxErrors}
	if in == nil {
		return opt, nil
	}
	enc, err := loaders.ParseEncoding(*in.encoding)
	if err != nil {
		return opt, usagef("--encoding: %v", err)
	}
	delim, err := loaders.ParseDelimiter(*in.delimiter)
	if err != nil {
		return opt, usagef("--delimiter: %v", err)
	}
	opt.Encoding, opt.Delimiter = enc, delim
	opt.DecimalComma = in.decimalComma != nil && *in.decimalComma
	if *in.schema != "" {
		b, err := os.ReadFile(*in.schema)
		if err != nil {
			return opt, fmt.Errorf("schema: %w", err)
		}
		s, err := loaders.ParseSchema(*in.schema, b)
		if err != nil {
			return opt, err
		}
		opt.Schema = s
	}
	return opt, nil
}

// open loads the dataset at path (a directory, or a survey file read
// with the --schema's survey layout), or the embedded sample when path
// is empty.
func (in *input) open(path string, maxErrors int) (*dataset, error) {
	return in.openNamed(path, "", maxErrors)
}

// openNamed is open with the dataset's name given (empty: the
// directory's or the survey file's base name).
func (in *input) openNamed(path, name string, maxErrors int) (*dataset, error) {
	res, err := in.load(path, name, maxErrors, false)
	if err != nil {
		return nil, err
	}
	nw, err := network.New(res.Dataset)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", res.Dataset.Name, err)
	}
	return &dataset{result: res, network: nw}, nil
}

// load reads path into a loader result.
func (in *input) load(path, name string, maxErrors int, keepRows bool) (*loaders.Result, error) {
	opt, err := in.options(name, maxErrors)
	if err != nil {
		return nil, err
	}
	opt.KeepRows = keepRows
	if path == "" {
		if opt.Name == "" {
			opt.Name = samples.ZhejiangName
		}
		return loaders.Load(samples.Zhejiang(), opt)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if opt.Name == "" {
		opt.Name = strings.TrimSuffix(filepath.Base(abs), filepath.Ext(abs))
		if fi.IsDir() {
			opt.Name = filepath.Base(abs)
		}
	}
	if fi.IsDir() {
		return loaders.Load(os.DirFS(path), opt)
	}
	// A workbook, a graph file, a DL matrix, or a survey or matrix table
	// that --schema describes.
	var fsys fs.FS = os.DirFS(filepath.Dir(abs))
	return loaders.LoadFile(fsys, filepath.Base(abs), opt)
}

func (d *dataset) warnings() []string {
	out := make([]string, len(d.result.Warnings))
	for i, w := range d.result.Warnings {
		out[i] = w.String()
	}
	return out
}
