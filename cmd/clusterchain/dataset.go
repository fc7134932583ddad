package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"clusterchain/internal/atomicfs"
	"clusterchain/loaders"
	"clusterchain/network"
	"clusterchain/samples"
)

// dataset is a loaded and checked dataset.
type dataset struct {
	result  *loaders.Result
	network *network.Network
	// unit is the volume unit: --unit, else the one in the volume header.
	unit string
}

// input is how a command reads its input files: the flags --encoding,
// --delimiter and --schema, which inputFlags adds to a command.
type input struct {
	encoding, delimiter, schema, unit *string
	followLinks, decimalComma         *bool
}

// inputFlags adds --encoding, --delimiter and --schema to fs.
func inputFlags(fs *flags) *input {
	return &input{
		encoding:  fs.String("encoding", "auto", "`ENCODING` of the input files: "+loaders.EncodingNames),
		delimiter: fs.String("delimiter", "auto", "field `DELIMITER` of the input files: , ; | or tab (auto: sniffed per file)"),
		schema: fs.String("schema", "", "column mapping `FILE` (JSON): other file and column names, kind values, "+
			"a wide survey layout; see 'clusterchain help import'"),
		unit: fs.String("unit", "", "volume `UNIT` shown in the report and summary (e.g. 万元, USD); "+
			"default: the unit in the volume header, as in 交易额（万元）"),
		followLinks: fs.Bool("follow-links", false, "read tables that are symbolic links to files outside the dataset directory "+
			"(refused by default, so that a dataset cannot make the tool read other files)"),
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
	opt.FollowLinks = *in.followLinks
	opt.DecimalComma = *in.decimalComma
	if *in.schema != "" {
		// Read like a table: a regular file of bounded size, never a FIFO
		// or a device that would block or never end.
		s, err := loaders.ReadSchema(os.DirFS(filepath.Dir(*in.schema)), filepath.Base(*in.schema), *in.schema)
		if errors.Is(err, fs.ErrNotExist) {
			return opt, fmt.Errorf("schema: no file %s", *in.schema)
		}
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
	d := &dataset{result: res, network: nw, unit: res.VolumeUnit}
	if in != nil && *in.unit != "" {
		d.unit = *in.unit
	}
	return d, nil
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

// apart lists what an output directory must keep apart from when the
// command reads path (a dataset directory or a survey file; "" for the
// embedded sample): the dataset directory, or the survey file's
// directory, and the --schema file.
func (in *input) apart(path string) []atomicfs.Input {
	var out []atomicfs.Input
	if path != "" {
		if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
			out = append(out, atomicfs.Input{Path: filepath.Dir(path), Name: "the directory of the survey file " + path})
		} else {
			out = append(out, atomicfs.Input{Path: path, Name: "the input dataset " + path})
		}
	}
	if in != nil && *in.schema != "" {
		out = append(out, atomicfs.Input{Path: *in.schema, Name: "the --schema file " + *in.schema})
	}
	return out
}

// keep lists the files a command may read at path, before it has read
// them: every file directly in the dataset directory (or the survey
// file), and the --schema file. An output never replaces one of them.
func (in *input) keep(path string) []string {
	var out []string
	if path != "" {
		if entries, err := os.ReadDir(path); err == nil {
			for _, e := range entries {
				out = append(out, filepath.Join(path, e.Name()))
			}
		} else {
			out = append(out, path)
		}
	}
	if in != nil && *in.schema != "" {
		out = append(out, *in.schema)
	}
	return out
}

// read lists the files the loader read for the dataset at path.
func (d *dataset) read(path string) []string { return readFiles(d.result, path) }

// readFiles lists the files of res, read from path.
func readFiles(res *loaders.Result, path string) []string {
	if path == "" {
		return nil
	}
	dir := path
	if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
		dir = filepath.Dir(path)
	}
	var out []string
	for _, r := range res.Inputs {
		out = append(out, filepath.Join(dir, filepath.FromSlash(r.File)))
	}
	return out
}

// stage prepares the output directory of a command, failing at once when
// it cannot be written or overlaps an input (a usage error, exit 2).
// What it cleaned up from interrupted runs goes to stderr unless quiet.
func stage(dir string, opt atomicfs.Options, stderr io.Writer, quiet bool) (*atomicfs.Staging, error) {
	st, err := atomicfs.Stage(dir, opt)
	if err != nil {
		return nil, outputError(err)
	}
	printNotes(stderr, st.Notes(), quiet)
	return st, nil
}

// outputError makes an output that would mix with an input a usage error
// (exit status 2).
func outputError(err error) error {
	if errors.Is(err, atomicfs.ErrInput) {
		return &usageError{err.Error()}
	}
	return err
}

// printNotes prints what a staging cleaned up, unless quiet.
func printNotes(w io.Writer, notes []string, quiet bool) {
	if quiet {
		return
	}
	for _, n := range notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
}
