package loaders

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
)

// MaxSchemaBytes is the largest schema file ReadSchema reads: a schema
// names files, columns and kinds, and a real one is a few kilobytes.
const MaxSchemaBytes = 1 << 20

// maxLinkHops is how many symbolic links resolve follows for one name,
// as a kernel does (ELOOP).
const maxLinkHops = 40

// errOutside is what resolve reports for a link that leaves fsys.
var errOutside = errors.New("outside")

// resolve follows the symbolic links in name, component by component, as
// long as they stay inside fsys, and returns the name they lead to. A
// link to an absolute path, or one whose target climbs above the root of
// fsys, gives errOutside. A file system that cannot read links
// (fs.ReadLinkFS: os.DirFS, fstest.MapFS have it; embed.FS has no links)
// gives name itself.
func resolve(fsys fs.FS, name string) (string, error) {
	if _, ok := fsys.(fs.ReadLinkFS); !ok {
		return name, nil
	}
	parts := strings.Split(name, "/")
	done := ""
	for hops := 0; len(parts) > 0; {
		p := path.Join(done, parts[0])
		fi, err := fs.Lstat(fsys, p)
		if err != nil {
			return path.Join(append([]string{p}, parts[1:]...)...), nil // missing: the caller says so
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			done, parts = p, parts[1:]
			continue
		}
		if hops++; hops > maxLinkHops {
			return "", fmt.Errorf("more than %d symbolic links", maxLinkHops)
		}
		target, err := fs.ReadLink(fsys, p)
		if err != nil {
			return "", err
		}
		if strings.HasPrefix(target, "/") || filepath.IsAbs(target) || filepath.VolumeName(target) != "" {
			return "", errOutside
		}
		next := path.Join(done, target)
		if next == ".." || strings.HasPrefix(next, "../") {
			return "", errOutside
		}
		// Go on from the root with the target in place of the link.
		done = ""
		rest := parts[1:]
		parts = strings.Split(next, "/")
		if next == "." {
			parts = nil
		}
		parts = append(parts, rest...)
	}
	if done == "" {
		done = "."
	}
	return done, nil
}

// kindOf names what a file that is not a regular file is.
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// readRegular reads the regular file name of fsys. It never opens
// anything else: a FIFO would block and a device like /dev/zero never
// ends. Unless follow is set, a symbolic link that leads out of fsys is
// refused, before anything is opened. limit, when above 0, is the most
// bytes read. A missing file is an error wrapping fs.ErrNotExist.
func readRegular(fsys fs.FS, name string, follow bool, limit int64) ([]byte, error) {
	target := name
	if !follow {
		var err error
		if target, err = resolve(fsys, name); err != nil {
			if errors.Is(err, errOutside) {
				return nil, &detail{ErrOutsideLink, "a symbolic link to a file outside the dataset directory: not read"}
			}
			return nil, &detail{ErrNotRegular, err.Error()}
		}
	}
	fi, err := fs.Stat(fsys, target)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &detail{ErrNotRegular, kindOf(fi.Mode()) + ", not a file: not read"}
	}
	if limit > 0 && fi.Size() > limit {
		return nil, &detail{ErrTooLarge, fmt.Sprintf("%s bytes: more than the limit of %s bytes",
			thousands(int(fi.Size())), thousands(int(limit)))}
	}
	f, err := fsys.Open(target)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file may have been replaced since Stat: check what was opened.
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &detail{ErrNotRegular, kindOf(fi.Mode()) + ", not a file: not read"}
	}
	var r io.Reader = f
	if limit > 0 {
		r = io.LimitReader(f, limit+1)
	}
	var buf bytes.Buffer
	if n := fi.Size(); n > 0 && (limit <= 0 || n <= limit) {
		buf.Grow(int(n) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, err
	}
	if limit > 0 && int64(buf.Len()) > limit {
		return nil, &detail{ErrTooLarge, fmt.Sprintf("more than the limit of %s bytes", thousands(int(limit)))}
	}
	return buf.Bytes(), nil
}

// ReadSchema reads and parses the schema file name of fsys (see
// ParseSchema); file is the name messages give it, name itself when
// empty. It reads only a regular file of at most MaxSchemaBytes: a FIFO,
// a device such as /dev/zero or a directory is an error, never a read
// that blocks or does not end. A symbolic link is followed: the schema is
// a file the user names. To read a path p of the operating system:
//
//	loaders.ReadSchema(os.DirFS(filepath.Dir(p)), filepath.Base(p), p)
func ReadSchema(fsys fs.FS, name, file string) (*Schema, error) {
	if file == "" {
		file = name
	}
	data, err := readRegular(fsys, name, true, MaxSchemaBytes)
	if err != nil {
		e := &Error{File: file, Err: err}
		if errors.Is(err, ErrTooLarge) {
			e.Hint = "a schema names files, columns and kinds: is this the right file?"
		}
		return nil, ErrorList{e}
	}
	return ParseSchema(file, data)
}
