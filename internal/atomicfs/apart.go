package atomicfs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Input is something a command reads: a dataset directory, a survey
// file, a schema file.
type Input struct {
	// Path is the file or directory as the user gave it.
	Path string
	// Name says what it is in a message, with its path: "the input
	// dataset surveys/yiwu", "the --schema file map.json".
	Name string
}

// ErrInput marks an output that would replace or mix with an input of the
// run: an *OverlapError, or a file of Options.Keep where an output goes.
var ErrInput = errors.New("output among the inputs")

// OverlapError is an output directory that would mix with an input: it
// is the input directory, lies inside it or contains the input.
type OverlapError struct {
	Out      string // the output directory as given
	Relation string // "is", "lies inside" or "contains"
	Input    Input
}

// Is makes errors.Is(err, ErrInput) true.
func (e *OverlapError) Is(target error) bool { return target == ErrInput }

func (e *OverlapError) Error() string {
	return fmt.Sprintf("the output directory %s %s %s: outputs are never written among the inputs, "+
		"where they could replace them; choose a directory apart from them", e.Out, e.Relation, e.Input.Name)
}

// CheckApart returns an *OverlapError when the output directory out is,
// lies inside or contains one of the inputs (a directory), or contains
// one of them (a file), and an error when out cannot be resolved (a
// symbolic link on the way that leads nowhere). Paths are compared by the
// identity of the directories they name, after resolving symbolic links,
// so that another spelling, a symlink or a case-insensitive file system
// does not hide an overlap. Inputs that do not exist are left out: their
// command reports them.
func CheckApart(out string, inputs []Input) error {
	outR, err := resolve(out)
	if err != nil {
		return err
	}
	for _, in := range inputs {
		inR, err := resolve(in.Path)
		if err != nil {
			continue
		}
		fi, err := os.Stat(inR)
		if err != nil {
			continue
		}
		rel := ""
		switch {
		case fi.IsDir() && sameFile(outR, inR):
			rel = "is"
		case fi.IsDir() && under(outR, inR):
			rel = "lies inside"
		case under(inR, outR):
			rel = "contains"
		}
		if rel != "" {
			return &OverlapError{Out: out, Relation: rel, Input: in}
		}
	}
	return nil
}

// resolve returns the absolute form of p with every symbolic link of the
// part that exists resolved; the rest, which does not exist yet, is kept
// as written. A symbolic link whose target does not exist is an error:
// writing through it would create something the user did not name.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	existing, rest := abs, ""
	for {
		fi, err := os.Lstat(existing)
		if err == nil {
			if fi.Mode()&fs.ModeSymlink != 0 {
				if _, err := os.Stat(existing); err != nil {
					target, _ := os.Readlink(existing)
					if existing == abs {
						return "", fmt.Errorf("%s is a symbolic link to %s, which does not exist", p, target)
					}
					return "", fmt.Errorf("%s: %s is a symbolic link to %s, which does not exist", p, existing, target)
				}
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("%s: %w", p, err)
		}
		parent := filepath.Dir(existing)
		if parent == existing {
			break
		}
		rest = filepath.Join(filepath.Base(existing), rest)
		existing = parent
	}
	r, err := filepath.EvalSymlinks(existing)
	if err != nil {
		return "", fmt.Errorf("%s: %w", p, err)
	}
	return filepath.Join(r, rest), nil
}

// sameFile reports whether a and b name the same existing file or
// directory.
func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// under reports whether inner lies strictly inside the directory outer:
// one of inner's ancestors is outer. Both are resolved paths.
func under(inner, outer string) bool {
	fo, err := os.Stat(outer)
	if err != nil || !fo.IsDir() {
		return false
	}
	for p := filepath.Dir(inner); ; p = filepath.Dir(p) {
		if fi, err := os.Stat(p); err == nil && os.SameFile(fi, fo) {
			return true
		}
		if parent := filepath.Dir(p); parent == p {
			return false
		}
	}
}

// inputError is a file of Options.Keep where an output goes.
type inputError struct{ path, input string }

func (e *inputError) Is(target error) bool { return target == ErrInput }
func (e *inputError) Error() string {
	if e.input == "" || e.input == e.path {
		return fmt.Sprintf("%s is an input of this run: it is never replaced by an output", e.path)
	}
	return fmt.Sprintf("%s is an input of this run (%s): it is never replaced by an output", e.path, e.input)
}

// validName checks a staged file's name: a relative slash-separated path
// that stays inside the output directory.
func validName(name string) error {
	if name == "" || strings.HasPrefix(name, "/") || filepath.IsAbs(name) {
		return fmt.Errorf("atomicfs: %q is not a relative file name", name)
	}
	for _, part := range strings.Split(name, "/") {
		if part == "" || part == "." || part == ".." {
			return fmt.Errorf("atomicfs: %q is not a plain relative file name", name)
		}
	}
	return nil
}
