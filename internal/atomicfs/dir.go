package atomicfs

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// Staging builds the files of an output directory in a temporary
// directory beside it and moves them into place with Commit, so that a
// run that fails leaves the output directory as it was.
type Staging struct {
	dir, tmp string
	files    map[string]bool
}

// Stage prepares to write into dir, which need not exist yet.
func Stage(dir string) (*Staging, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(abs); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("%s exists and is not a directory", dir)
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(abs)+".tmp-")
	if err != nil {
		return nil, err
	}
	return &Staging{dir: abs, tmp: tmp, files: map[string]bool{}}, nil
}

// Create opens a staged file; name is a slash-separated path relative to
// the output directory.
func (s *Staging) Create(name string) (io.WriteCloser, error) {
	p := filepath.Join(s.tmp, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(p)
	if err != nil {
		return nil, err
	}
	s.files[name] = true
	return f, nil
}

// WriteFile stages one file written by fn, closing it and reporting the
// first error.
func (s *Staging) WriteFile(name string, fn func(io.Writer) error) error {
	f, err := s.Create(name)
	if err != nil {
		return err
	}
	err = fn(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// Files returns the staged file names, sorted.
func (s *Staging) Files() []string {
	names := make([]string, 0, len(s.files))
	for n := range s.files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Dir returns the absolute path of the output directory.
func (s *Staging) Dir() string { return s.dir }

// Commit creates the output directory if needed and moves every staged
// file into it, replacing files of the same name; other files in it are
// left alone. The temporary directory is removed.
func (s *Staging) Commit() error {
	defer os.RemoveAll(s.tmp)
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return err
	}
	var errs []error
	for _, name := range s.Files() {
		dst := filepath.Join(s.dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := os.Rename(filepath.Join(s.tmp, filepath.FromSlash(name)), dst); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Abort removes the staged files; the output directory is untouched.
func (s *Staging) Abort() error { return os.RemoveAll(s.tmp) }
