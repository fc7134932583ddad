package atomicfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
)

// Options say what an output must keep apart from.
type Options struct {
	// Apart are the inputs that an output directory must not be, lie
	// inside or contain (CheckApart): the dataset directories, a survey
	// file's directory, a schema file.
	Apart []Input
	// Keep are input files that Commit must never replace, wherever they
	// are (compared by file identity).
	Keep []string
}

// Staging builds the files of an output directory in a staging directory
// and moves them into place with Commit, all or nothing: a run that fails,
// is cancelled or is killed leaves the output directory as it was.
//
// The staging directory lies inside the output directory when that
// exists (so that every move stays on one file system), else beside it.
// It holds a marker naming its process; Stage removes the staging
// directories of the same output whose process has ended.
//
// A Staging is not safe for concurrent use.
type Staging struct {
	dir  string // the resolved output directory
	tmp  string // the staging directory
	keep []os.FileInfo
	// created are the directories Stage and Commit made, deepest first,
	// removed again (when empty) if the run fails.
	created []string
	files   map[string]bool
	notes   []string
	done    bool
	// rename moves a file; tests replace it on one Staging to make a
	// move fail.
	rename func(oldpath, newpath string) error
}

// Stage prepares to write into the directory dir, which need not exist
// yet, after checking that it can be written (it is not a file, no
// symbolic link on the way leads nowhere, it is apart from opt.Apart) and
// removing staging directories left by ended runs. Call it before the
// work whose results it will hold, so that a bad output location fails
// at once, and defer Abort.
func Stage(dir string, opt Options) (*Staging, error) {
	if err := CheckApart(dir, opt.Apart); err != nil {
		return nil, err
	}
	abs, err := resolve(dir)
	if err != nil {
		return nil, err
	}
	s := &Staging{dir: abs, files: map[string]bool{}, rename: os.Rename}
	s.Keep(opt.Keep...)
	fi, err := os.Stat(abs)
	switch {
	case err == nil && !fi.IsDir():
		return nil, fmt.Errorf("%s exists and is not a directory", dir)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	exists := err == nil
	// Staging directories of ended runs, beside the output (made while it
	// did not exist) and inside it.
	bp, bprefix := stagingPlace(abs, false)
	s.notes = removeStale(bp, bprefix, abs)
	if exists {
		s.notes = append(s.notes, removeStale(abs, insidePrefix, abs)...)
	}
	parent, prefix := stagingPlace(abs, exists)
	if !exists {
		if s.created, err = mkdirAll(parent); err != nil {
			return nil, fmt.Errorf("cannot create %s: %w", dir, err)
		}
	}
	s.tmp, err = os.MkdirTemp(parent, prefix)
	if err != nil {
		s.removeCreated()
		return nil, fmt.Errorf("cannot write into %s: %w", dir, err)
	}
	if err := newMarker(abs).write(s.tmp); err != nil {
		s.Abort()
		return nil, fmt.Errorf("cannot write into %s: %w", dir, err)
	}
	if err := os.Mkdir(filepath.Join(s.tmp, "new"), 0o755); err != nil {
		s.Abort()
		return nil, err
	}
	return s, nil
}

// stagingPlace returns the directory where the staging directory of the
// output directory abs goes, and the prefix of its name: inside abs when
// it exists (every move then stays on its file system), else beside it.
func stagingPlace(abs string, exists bool) (parent, prefix string) {
	if exists {
		return abs, insidePrefix
	}
	return filepath.Dir(abs), "." + filepath.Base(abs) + besideInfix
}

// Keep adds input files that Commit must never replace: the files a run
// turned out to read, known only after Stage.
func (s *Staging) Keep(paths ...string) {
	for _, k := range paths {
		if fi, err := os.Stat(k); err == nil {
			s.keep = append(s.keep, fi)
		}
	}
}

// Notes says what Stage cleaned up: staging directories of interrupted
// runs that it removed or rolled back.
func (s *Staging) Notes() []string { return s.notes }

// Dir returns the absolute path of the output directory.
func (s *Staging) Dir() string { return s.dir }

// Create opens a staged file; name is a slash-separated path relative to
// the output directory.
func (s *Staging) Create(name string) (io.WriteCloser, error) {
	if s.done {
		return nil, errors.New("atomicfs: Create after Commit or Abort")
	}
	if err := validName(name); err != nil {
		return nil, err
	}
	p := filepath.Join(s.tmp, "new", filepath.FromSlash(name))
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

// Commit moves every staged file into the output directory, creating it
// if needed and replacing files of the same name; other files in it are
// left alone. It is all or nothing: every target is checked first (a
// directory where a file goes, a file that is one of Options.Keep), and
// when a move fails the files already moved are taken back and the
// previous ones restored. The staging directory is removed.
func (s *Staging) Commit() error {
	if s.done {
		return errors.New("atomicfs: Commit after Commit or Abort")
	}
	names := s.Files()
	if err := s.check(names); err != nil {
		s.Abort()
		return err
	}
	m := newMarker(s.dir)
	m.State, m.Files = "committing", names
	if err := m.write(s.tmp); err != nil {
		s.Abort()
		return err
	}
	created, err := mkdirAll(s.dir)
	s.created = append(created, s.created...)
	if err != nil {
		s.Abort()
		return err
	}
	// Move the previous files aside, then the new ones in.
	var aside, moved []string
	undo := func(err error) error {
		if rerr := s.restore(aside, moved); rerr != nil {
			s.done = true // keep the staging directory: it holds the previous files
			return fmt.Errorf("%w; putting the previous files back failed too (%v): they are in %s",
				err, rerr, filepath.Join(s.tmp, "old"))
		}
		s.Abort()
		return fmt.Errorf("%w (%s left as it was)", err, s.dir)
	}
	for _, name := range names {
		dst := filepath.Join(s.dir, filepath.FromSlash(name))
		if _, err := os.Lstat(dst); err != nil {
			continue
		}
		old := filepath.Join(s.tmp, "old", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(old), 0o700); err != nil {
			return undo(err)
		}
		if err := s.rename(dst, old); err != nil {
			return undo(err)
		}
		aside = append(aside, name)
	}
	for _, name := range names {
		dst := filepath.Join(s.dir, filepath.FromSlash(name))
		made, err := mkdirAll(filepath.Dir(dst))
		s.created = append(made, s.created...)
		if err != nil {
			return undo(err)
		}
		if err := s.rename(filepath.Join(s.tmp, "new", filepath.FromSlash(name)), dst); err != nil {
			return undo(err)
		}
		moved = append(moved, name)
	}
	s.done = true
	s.created = nil
	os.RemoveAll(s.tmp)
	return nil
}

// Check reports now what Commit would refuse for the files names: a
// directory where one goes, an input file it would replace. A command
// that knows its output names before its work calls it to fail early.
func (s *Staging) Check(names ...string) error { return s.check(names) }

// check looks at every target before anything moves.
func (s *Staging) check(names []string) error {
	var errs []error
	for _, name := range names {
		dst := filepath.Join(s.dir, filepath.FromSlash(name))
		// Every directory between the output directory and the file
		// must be a directory (or not exist yet).
		for p := filepath.Dir(dst); p != s.dir && len(p) > len(s.dir); p = filepath.Dir(p) {
			if fi, err := os.Lstat(p); err == nil && !fi.IsDir() {
				errs = append(errs, fmt.Errorf("%s is in the way of %s: it is not a directory", p, name))
			}
		}
		fi, err := os.Lstat(dst)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			errs = append(errs, err)
			continue
		case fi.IsDir():
			errs = append(errs, fmt.Errorf("%s is a directory, where the output file %s goes", dst, name))
			continue
		}
		if fi, err := os.Stat(dst); err == nil {
			for _, k := range s.keep {
				if os.SameFile(fi, k) {
					errs = append(errs, &inputError{path: dst})
				}
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("nothing was written into %s: %w", s.dir, errors.Join(errs...))
	}
	return nil
}

// restore undoes a commit that failed: the new files that were moved in
// are taken out (or replaced by their previous versions), and every
// previous file set aside goes back.
func (s *Staging) restore(aside, moved []string) error {
	had := map[string]bool{}
	for _, name := range aside {
		had[name] = true
	}
	var errs []error
	for _, name := range slices.Backward(moved) {
		if !had[name] {
			dst := filepath.Join(s.dir, filepath.FromSlash(name))
			if err := os.Remove(dst); err != nil {
				errs = append(errs, err)
			}
		}
	}
	for _, name := range aside {
		old := filepath.Join(s.tmp, "old", filepath.FromSlash(name))
		if err := os.Rename(old, filepath.Join(s.dir, filepath.FromSlash(name))); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Abort removes the staging directory, and the directories Stage made for
// it when they are empty; the output directory is untouched. Abort after
// Commit does nothing, so that it can be deferred.
func (s *Staging) Abort() error {
	if s.done {
		return nil
	}
	s.done = true
	var err error
	if s.tmp != "" {
		err = os.RemoveAll(s.tmp)
	}
	s.removeCreated()
	return err
}

func (s *Staging) removeCreated() {
	for _, d := range s.created {
		os.Remove(d) // only when empty
	}
	s.created = nil
}

// mkdirAll is os.MkdirAll that returns the directories it made, deepest
// first.
func mkdirAll(dir string) ([]string, error) {
	var missing []string
	for p := dir; ; p = filepath.Dir(p) {
		if _, err := os.Lstat(p); err == nil {
			break
		}
		missing = append(missing, p)
		if filepath.Dir(p) == p {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return missing, nil
}
