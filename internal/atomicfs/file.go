package atomicfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// File stages one output file: it is written in a staging directory
// beside its target and renamed over it by Commit, so that a failed write
// never leaves half a file and a file that was there stays whole.
type File struct {
	s    *Staging
	name string
}

// StageFile prepares to write the file path, after checking that it can
// be written (it is not a directory, its directory exists or can be made)
// and that it is none of opt.Keep. A symbolic link at path is replaced by
// the file, never followed. Call it before the work, and defer Abort.
func StageFile(path string, opt Options) (*File, error) {
	if filepath.Base(path) == string(filepath.Separator) || filepath.Base(path) == "." || filepath.Base(path) == ".." {
		return nil, fmt.Errorf("%s is not a file name", path)
	}
	dir, err := resolve(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	target := filepath.Join(dir, filepath.Base(path))
	if fi, err := os.Lstat(target); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, k := range opt.Keep {
		if sameFile(target, k) {
			return nil, &inputError{path: path, input: k}
		}
	}
	s := &Staging{dir: dir, files: map[string]bool{}, rename: os.Rename}
	s.Keep(opt.Keep...)
	if s.created, err = mkdirAll(dir); err != nil {
		return nil, fmt.Errorf("cannot create the directory of %s: %w", path, err)
	}
	prefix := "." + filepath.Base(target) + besideInfix
	s.notes = removeStale(dir, prefix, target)
	if s.tmp, err = os.MkdirTemp(dir, prefix); err != nil {
		s.removeCreated()
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := newMarker(target).write(s.tmp); err != nil {
		s.Abort()
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := os.Mkdir(filepath.Join(s.tmp, "new"), 0o755); err != nil {
		s.Abort()
		return nil, err
	}
	return &File{s: s, name: filepath.Base(target)}, nil
}

// Write stages the file's content, written by fn.
func (f *File) Write(fn func(io.Writer) error) error { return f.s.WriteFile(f.name, fn) }

// Keep adds input files that Commit must never replace (as Staging.Keep).
func (f *File) Keep(paths ...string) { f.s.Keep(paths...) }

// Notes says what StageFile cleaned up (as Staging.Notes).
func (f *File) Notes() []string { return f.s.Notes() }

// Commit renames the staged file over the target in one step, after
// checking the target once more.
func (f *File) Commit() error {
	if f.s.done {
		return errors.New("atomicfs: Commit after Commit or Abort")
	}
	if !f.s.files[f.name] {
		f.s.Abort()
		return errors.New("atomicfs: Commit before Write")
	}
	if err := f.s.check([]string{f.name}); err != nil {
		f.s.Abort()
		return err
	}
	if err := f.s.rename(filepath.Join(f.s.tmp, "new", f.name), filepath.Join(f.s.dir, f.name)); err != nil {
		f.s.Abort()
		return err
	}
	f.s.done = true
	os.RemoveAll(f.s.tmp)
	return nil
}

// Abort removes the staged file; the target is untouched. Abort after
// Commit does nothing.
func (f *File) Abort() error { return f.s.Abort() }
