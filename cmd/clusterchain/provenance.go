package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"clusterchain/report"
	"clusterchain/samples"
)

// outputOnly are the flags that change where and how a run writes, never
// what: the output directory, what is printed, how the work is spread over
// cores and datasets. The command line a report records leaves them out,
// so that the same input and the same command give the same bytes
// wherever the outputs go (two runs into two directories, as tests and
// scripts/same-outputs.sh compare them).
var outputOnly = []string{"o", "quiet", "json", "workers", "jobs"}

// commandLine is the command that reproduces a run: "clusterchain", the
// subcommand and its arguments as given, each quoted for a POSIX shell
// where needed, without the output-only flags (and their values).
func commandLine(sub string, fset *flag.FlagSet, args []string) string {
	words := []string{"clusterchain", sub}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			words = append(words, args[i:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			words = append(words, a)
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		f := fset.Lookup(name)
		takesValue := f != nil && !isBoolFlag(f) && !hasValue
		if f != nil && slices.Contains(outputOnly, name) {
			if takesValue {
				i++
			}
			continue
		}
		words = append(words, a)
		if takesValue && i+1 < len(args) {
			i++
			words = append(words, args[i])
		}
	}
	for i, w := range words {
		words[i] = shellQuote(w)
	}
	return strings.Join(words, " ")
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// shellQuote quotes s for a POSIX shell unless it is made only of
// characters no shell treats specially (letters of any script, digits and
// _ @ % + = : , . / -).
func shellQuote(s string) string {
	if s == "" {
		return "''"
	}
	plain := true
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_@%+=:,./-", r) || r > 0x7f && !isSpaceLike(r)) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// isSpaceLike reports whether r is a space or a control a shell or a
// reader would not see as a plain letter.
func isSpaceLike(r rune) bool {
	return r == 0x85 || r == 0xa0 || r >= 0x2000 && r <= 0x200f || r >= 0x2028 && r <= 0x202f || r >= 0x2066 && r <= 0x2069 || r == 0x3000 || r == 0xfeff
}

// provenance is what report.html records about a run: the tool's version,
// the command line and the SHA-256 of every file the loader read (the
// dataset's tables or the survey file, then the --schema file), hashed
// again from where they were read.
func provenance(sub string, fset *flag.FlagSet, args []string, in *input, path string, ds *dataset) (*report.Provenance, error) {
	p := &report.Provenance{Version: version(), Command: commandLine(sub, fset, args)}
	var fsys fs.FS
	prefix := ""
	switch {
	case path == "":
		fsys, prefix = samples.Zhejiang(), "(embedded sample) "
	default:
		dir := path
		if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
			dir = filepath.Dir(path)
		}
		fsys = os.DirFS(dir)
	}
	for _, r := range ds.result.Inputs {
		f, err := hashFile(fsys, r.File)
		if err != nil {
			return nil, fmt.Errorf("hashing %s: %w", r.File, err)
		}
		f.Name = prefix + r.File
		p.Inputs = append(p.Inputs, f)
	}
	if in != nil && *in.schema != "" {
		f, err := hashFile(os.DirFS(filepath.Dir(*in.schema)), filepath.Base(*in.schema))
		if err != nil {
			return nil, fmt.Errorf("hashing %s: %w", *in.schema, err)
		}
		f.Name = *in.schema
		p.Inputs = append(p.Inputs, f)
	}
	return p, nil
}

// hashFile is the size and SHA-256 of a file.
func hashFile(fsys fs.FS, name string) (report.InputFile, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return report.InputFile{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return report.InputFile{}, err
	}
	return report.InputFile{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}
