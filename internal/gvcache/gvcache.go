package gvcache

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"time"
)

// noCache is a TMPDIR under which go-graphviz cannot create its cache
// directory (/dev/null is not a directory), so it compiles in memory.
const noCache = "/dev/null"

var state struct {
	tmpdir    string
	hadTmpdir bool
	dir       string
	err       error
	restored  bool
}

func init() {
	state.tmpdir, state.hadTmpdir = os.LookupEnv("TMPDIR")
	base, err := os.UserCacheDir()
	if err == nil {
		state.dir, err = prepare(base, os.Geteuid(), wazeroVersion())
	}
	state.err = err
	target := state.dir
	if err != nil {
		target = noCache
	}
	os.Setenv("TMPDIR", target)
}

// Restore puts TMPDIR back as it was before go-graphviz's init. Package
// viz calls it from its own init; later calls do nothing.
func Restore() {
	if state.restored {
		return
	}
	state.restored = true
	if state.hadTmpdir {
		os.Setenv("TMPDIR", state.tmpdir)
	} else {
		os.Unsetenv("TMPDIR")
	}
}

// Dir returns the cache directory go-graphviz was given, or the reason
// why it compiled in memory instead.
func Dir() (string, error) { return state.dir, state.err }

// maxEntries bounds the walk of the cache directory.
const maxEntries = 256

// prepare checks (and creates if missing) the cache directory
// base/clusterchain for the user uid and returns it, or returns an error
// saying why it must not be used. See the package documentation for the
// checks; a compiled module of wazero version (in its directory) that
// fails them is removed.
func prepare(base string, uid int, version string) (string, error) {
	if !filepath.IsAbs(base) {
		return "", fmt.Errorf("user cache directory %q is not absolute", base)
	}
	if err := os.MkdirAll(base, 0o700); err != nil {
		return "", err
	}
	fi, err := os.Stat(base) // the user cache directory may be a symlink
	if err != nil {
		return "", err
	}
	if err := owned(base, fi, uid); err != nil {
		return "", err
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return "", fmt.Errorf("%s can be written by others (mode %v)", base, fi.Mode().Perm())
	}
	dir := filepath.Join(base, "clusterchain")
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return "", err
	}
	fi, err = os.Lstat(dir)
	if err != nil {
		return "", err
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("%s is not a directory (%v)", dir, fi.Mode().Type())
	}
	if err := owned(dir, fi, uid); err != nil {
		return "", err
	}
	if fi.Mode().Perm() != 0o700 {
		return "", fmt.Errorf("%s has mode %v, want 0700", dir, fi.Mode().Perm())
	}
	n := 0
	var modules []string
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if n++; n > maxEntries {
			return fmt.Errorf("%s holds more than %d entries", dir, maxEntries)
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if err := owned(path, fi, uid); err != nil {
			return err
		}
		switch {
		case fi.IsDir():
			if fi.Mode().Perm()&0o700 != 0o700 {
				return fmt.Errorf("%s has mode %v: not writable", path, fi.Mode().Perm())
			}
			if err := probe(path); err != nil {
				return err
			}
		case fi.Mode().IsRegular():
			if fi.Mode().Perm()&0o600 != 0o600 {
				return fmt.Errorf("%s has mode %v", path, fi.Mode().Perm())
			}
			if strings.HasSuffix(path, ".tmp") {
				// wazero writes aside and renames; a leftover of a killed
				// run is removed once it is surely not being written.
				if time.Since(fi.ModTime()) > time.Hour {
					return os.Remove(path)
				}
				return nil
			}
			modules = append(modules, path)
		default:
			return fmt.Errorf("%s is a %v, not a file or directory", path, fi.Mode().Type())
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	for _, m := range modules {
		if filepath.Base(filepath.Dir(m)) != "wazero-"+version+"-"+runtime.GOARCH+"-"+runtime.GOOS {
			continue // another wazero's directory: not read
		}
		if version != knownWazero {
			continue // a format this package does not know: trust wazero
		}
		if verr := checkModule(m, version); verr != nil {
			if err := os.Remove(m); err != nil {
				return "", fmt.Errorf("%v, and removing it failed: %v", verr, err)
			}
		}
	}
	return dir, nil
}

// owned checks that fi, the entry at path, belongs to uid.
func owned(path string, fi fs.FileInfo, uid int) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fmt.Errorf("%s: no owner information", path)
	}
	if int(st.Uid) != uid {
		return fmt.Errorf("%s belongs to uid %d, not to this user (uid %d)", path, st.Uid, uid)
	}
	return nil
}

// probe checks that a file can be created in dir (a read-only file system,
// or a directory that the mode bits alone do not show as unwritable).
func probe(dir string) error {
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// knownWazero is the wazero version whose cache format checkModule reads.
const knownWazero = "v1.10.1"

// wazeroVersion is the version of the linked wazero, as wazero itself
// finds it (it names its cache directory after it).
func wazeroVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	v := ""
	for _, d := range info.Deps {
		if strings.Contains(d.Path, "github.com/tetratelabs/wazero") {
			v = d.Version
			if d.Replace != nil && d.Replace.Version != "" {
				v = d.Replace.Version
			}
		}
	}
	return v
}

// checkModule checks a compiled module of wazero's file cache the way
// wazero's deserialiser reads it: "WAZEVO", the version, the function
// offsets, the executable with its CRC-32C, and the optional source map,
// with nothing after it. An error means wazero would fail on it, and every
// command with it.
func checkModule(path, version string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	size := fi.Size()
	bad := func(what string) error { return fmt.Errorf("%s: not a compiled module: %s", path, what) }
	header := make([]byte, 6+1+len(version)+4)
	if _, err := io.ReadFull(f, header); err != nil {
		return bad("short header")
	}
	if string(header[:6]) != "WAZEVO" || int(header[6]) != len(version) || string(header[7:7+len(version)]) != version {
		return bad("header")
	}
	nfunc := int64(binary.LittleEndian.Uint32(header[len(header)-4:]))
	pos := int64(len(header))
	if nfunc*8 > size-pos {
		return bad("function count")
	}
	if _, err := f.Seek(nfunc*8, io.SeekCurrent); err != nil {
		return err
	}
	pos += nfunc * 8
	var b8 [8]byte
	if _, err := io.ReadFull(f, b8[:]); err != nil {
		return bad("no executable length")
	}
	pos += 8
	execLen := int64(binary.LittleEndian.Uint64(b8[:]))
	if execLen < 0 || execLen > size-pos {
		return bad("executable length")
	}
	if execLen > 0 {
		h := crc32.New(crc32.MakeTable(crc32.Castagnoli))
		if _, err := io.CopyN(h, f, execLen); err != nil {
			return bad("short executable")
		}
		if _, err := io.ReadFull(f, b8[:4]); err != nil {
			return bad("no checksum")
		}
		if binary.LittleEndian.Uint32(b8[:4]) != h.Sum32() {
			return bad("checksum mismatch")
		}
		pos += execLen + 4
	}
	if _, err := io.ReadFull(f, b8[:1]); err != nil {
		return bad("no source map flag")
	}
	pos++
	switch b8[0] {
	case 0:
	case 1:
		if _, err := io.ReadFull(f, b8[:]); err != nil {
			return bad("no source map length")
		}
		pos += 8
		l := binary.LittleEndian.Uint64(b8[:])
		if l > uint64(size-pos)/16 {
			return bad("source map length")
		}
		pos += int64(l) * 16
	default:
		return bad("source map flag")
	}
	if pos != size {
		return bad(fmt.Sprintf("%d bytes after the module", size-pos))
	}
	return nil
}
