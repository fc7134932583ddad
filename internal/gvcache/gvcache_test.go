package gvcache

import (
	"encoding/binary"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

const nobody = 65534

// module is a well-formed compiled module in wazero's cache format with
// the given executable bytes.
func module(version string, exec []byte) []byte {
	b := []byte("WAZEVO")
	b = append(b, byte(len(version)))
	b = append(b, version...)
	b = binary.LittleEndian.AppendUint32(b, 2)                 // functions
	b = binary.LittleEndian.AppendUint64(b, 0)                 // offset of function 0
	b = binary.LittleEndian.AppendUint64(b, 4)                 // offset of function 1
	b = binary.LittleEndian.AppendUint64(b, uint64(len(exec))) // executable length
	b = append(b, exec...)
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(exec, crc32.MakeTable(crc32.Castagnoli)))
	return append(b, 0) // no source map
}

func versionDir(cache string) string {
	return filepath.Join(cache, "go-graphviz", "wazero-"+knownWazero+"-"+runtime.GOARCH+"-"+runtime.GOOS)
}

func mustPrepare(t *testing.T, base string) string {
	t.Helper()
	dir, err := prepare(base, os.Geteuid(), knownWazero)
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// A fresh user cache directory gets clusterchain/ with mode 0700.
func TestPrepareFresh(t *testing.T) {
	base := filepath.Join(t.TempDir(), "cache")
	dir := mustPrepare(t, base)
	fi, err := os.Lstat(dir)
	if err != nil || fi.Mode().Perm() != 0o700 || dir != filepath.Join(base, "clusterchain") {
		t.Fatalf("%s: %v %v", dir, fi.Mode(), err)
	}
	if _, err := prepare("relative/dir", os.Geteuid(), knownWazero); err == nil {
		t.Error("relative cache directory accepted")
	}
}

// Every way the directory could be another user's, or shared, makes
// Prepare refuse it.
func TestPrepareRefuses(t *testing.T) {
	for _, tc := range []struct {
		name   string
		root   bool // needs root (chown)
		set    func(t *testing.T, base, dir string)
		reason string
	}{
		{"wrong mode", false, func(t *testing.T, base, dir string) { os.Chmod(dir, 0o755) }, "mode"},
		{"world-writable", false, func(t *testing.T, base, dir string) { os.Chmod(dir, 0o777) }, "mode"},
		{"shared base", false, func(t *testing.T, base, dir string) { os.Chmod(base, 0o777) }, "written by others"},
		{"symlink", false, func(t *testing.T, base, dir string) {
			os.Remove(dir)
			other := t.TempDir()
			os.Chmod(other, 0o700)
			os.Symlink(other, dir)
		}, "not a directory"},
		{"a file", false, func(t *testing.T, base, dir string) { os.Remove(dir); os.WriteFile(dir, nil, 0o600) }, "not a directory"},
		{"planted by another user", true, func(t *testing.T, base, dir string) { os.Chown(dir, nobody, nobody) }, "belongs to uid"},
		{"entry of another user", true, func(t *testing.T, base, dir string) {
			d := versionDir(dir)
			os.MkdirAll(d, 0o700)
			os.Chown(d, nobody, nobody)
		}, "belongs to uid"},
		{"planted symlink entry", false, func(t *testing.T, base, dir string) {
			os.MkdirAll(versionDir(dir), 0o700)
			os.Symlink("/etc/passwd", filepath.Join(versionDir(dir), strings.Repeat("ab", 32)))
		}, "not a file"},
		{"unwritable subdirectory", false, func(t *testing.T, base, dir string) {
			os.MkdirAll(versionDir(dir), 0o700)
			os.Chmod(versionDir(dir), 0o500)
			t.Cleanup(func() { os.Chmod(versionDir(dir), 0o700) })
		}, "not writable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.root && os.Geteuid() != 0 {
				t.Skip("needs root to give a file to another user")
			}
			base := filepath.Join(t.TempDir(), "cache")
			dir := mustPrepare(t, base)
			tc.set(t, base, dir)
			if _, err := prepare(base, os.Geteuid(), knownWazero); err == nil || !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("Prepare: %v, want an error about %q", err, tc.reason)
			}
		})
	}
}

// The mode bits are not the only way a directory is unwritable: as a user
// other than root, a directory the user cannot write is refused by the
// probe. (As root the mode check above catches the same case.)
func TestPrepareProbe(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes anywhere")
	}
	base := filepath.Join(t.TempDir(), "cache")
	dir := mustPrepare(t, base)
	os.Chmod(dir, 0o500)
	defer os.Chmod(dir, 0o700)
	if _, err := prepare(base, os.Geteuid(), knownWazero); err == nil {
		t.Error("unwritable cache accepted")
	}
}

// A well-formed module stays; a corrupt, truncated or padded one is
// removed (wazero would fail on it at every start); an old leftover of an
// interrupted write is removed, a fresh one kept.
func TestPrepareChecksModules(t *testing.T) {
	base := filepath.Join(t.TempDir(), "cache")
	dir := mustPrepare(t, base)
	d := versionDir(dir)
	if err := os.MkdirAll(d, 0o700); err != nil {
		t.Fatal(err)
	}
	good := module(knownWazero, []byte("native code"))
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)-8] ^= 1
	files := map[string][]byte{
		"good":      good,
		"flipped":   flipped,
		"truncated": good[:len(good)-3],
		"padded":    append(append([]byte(nil), good...), 0),
		"garbage":   []byte("not a module at all"),
		"empty":     nil,
		"version":   module("v0.0.1", []byte("x")),
		"old.tmp":   []byte("x"),
		"fresh.tmp": []byte("x"),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(d, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(filepath.Join(d, "old.tmp"), old, old)
	mustPrepare(t, base)
	for name := range files {
		_, err := os.Stat(filepath.Join(d, name))
		kept := err == nil
		if want := name == "good" || name == "fresh.tmp"; kept != want {
			t.Errorf("%s: kept %v, want %v", name, kept, want)
		}
	}
}

// The module's wazero is the one whose cache format checkModule reads: a
// wazero upgrade must come with a look at its format.
func TestKnownWazero(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", "github.com/tetratelabs/wazero").Output()
	if err != nil {
		t.Fatal(err)
	}
	if v := strings.TrimSpace(string(out)); v != knownWazero {
		t.Errorf("go.mod has wazero %s; checkModule reads the cache format of %s", v, knownWazero)
	}
}

// This package imports nothing that go-graphviz's internal/wasm does not
// import: so Go's initialisation order (by import path, once a package's
// imports are ready) runs its init before go-graphviz compiles.
func TestInitRunsBeforeGoGraphviz(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	list := func(pkg string) map[string]bool {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		m := map[string]bool{}
		for _, p := range strings.Fields(string(out)) {
			m[p] = true
		}
		return m
	}
	wasm := list("github.com/goccy/go-graphviz/internal/wasm")
	for p := range list("clusterchain/internal/gvcache") {
		if !wasm[p] && p != "clusterchain/internal/gvcache" {
			t.Errorf("gvcache imports %s, which go-graphviz does not: its init could run after go-graphviz's", p)
		}
	}
	if !("clusterchain/internal/gvcache" < "github.com/goccy/go-graphviz/internal/wasm") {
		t.Error("import paths out of order")
	}
}
