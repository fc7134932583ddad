package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// The Graphviz compilation cache (internal/gvcache) seen from the
// command: each case runs the built binary in a fresh environment, since
// go-graphviz compiles in its package init, before any test code runs.

const nobodyUID = 65534

// builtBinary is the subprocess tests' binary (buildBinary, removed by
// TestMain), in a directory every user can read: the cache tests run it
// as another user too.
func builtBinary(t *testing.T) string {
	t.Helper()
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Dir(bin), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

// sharedDir is a directory that another user may enter, removed after the
// test.
func sharedDir(t *testing.T, owner int) string {
	t.Helper()
	d, err := os.MkdirTemp("", "clusterchain-gv-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	os.Chmod(d, 0o755)
	if owner >= 0 {
		if err := os.Chown(d, owner, owner); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// runBin runs the binary with only the given environment (as uid when it
// is not −1) in dir, and returns its exit status and output.
func runBin(t *testing.T, uid int, dir string, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(builtBinary(t), args...)
	cmd.Env = append([]string{"PATH=/usr/bin:/bin"}, env...)
	cmd.Dir = dir
	if uid >= 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(uid)}}
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String()
}

func versionDir(cache string) string {
	return filepath.Join(cache, "clusterchain", "go-graphviz")
}

// modules lists the compiled modules under a cache directory.
func modules(t *testing.T, cache string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(versionDir(cache), "wazero-*-"+runtime.GOARCH+"-"+runtime.GOOS, "*"))
	return m
}

func requireRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to act as, or plant files for, another user")
	}
}

// A first run keeps its compiled Graphviz in the user's cache directory
// (mode 0700), never in $TMPDIR; a later run reads it back unchanged (the
// module passes gvcache's checks) and draws; a corrupt module is replaced,
// never a failure.
func TestGraphvizCacheInUserCacheDir(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: runs the binary")
	}
	home, tmp := t.TempDir(), t.TempDir()
	env := []string{"HOME=" + home, "TMPDIR=" + tmp}
	if code, out := runBin(t, -1, tmp, env, "help"); code != 0 {
		t.Fatalf("help: %d\n%s", code, out)
	}
	cache := filepath.Join(home, ".cache")
	ms := modules(t, cache)
	if len(ms) != 1 {
		t.Fatalf("modules in the user cache: %v", ms)
	}
	if fi, err := os.Stat(filepath.Join(cache, "clusterchain")); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("cache directory: %v %v", fi.Mode(), err)
	}
	if _, err := os.Stat(filepath.Join(tmp, "go-graphviz")); err == nil {
		t.Error("go-graphviz still made $TMPDIR/go-graphviz")
	}
	before, _ := os.Stat(ms[0])
	if code, out := runBin(t, -1, tmp, env, "render", "--view", "clusters", "-o", "c.svg"); code != 0 {
		t.Fatalf("render: %d\n%s", code, out)
	}
	after, err := os.Stat(ms[0])
	if err != nil || !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("the cached module was not reused: %v", err)
	}
	if err := os.WriteFile(ms[0], []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out := runBin(t, -1, tmp, env, "render", "--view", "tiers", "-o", "t.svg"); code != 0 {
		t.Fatalf("render with a corrupt module: %d\n%s", code, out)
	}
	if fi, err := os.Stat(ms[0]); err != nil || fi.Size() < 1<<20 {
		t.Errorf("corrupt module not replaced: %v", err)
	}
}

// A cache directory with the wrong mode, or one that belongs to another
// user, is ignored: the command works and nothing is written into it.
func TestGraphvizCacheRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: runs the binary")
	}
	for _, tc := range []struct {
		name  string
		root  bool
		plant func(t *testing.T, dir string)
	}{
		{"mode 0777", false, func(t *testing.T, dir string) { os.Chmod(dir, 0o777) }},
		{"mode 0755", false, func(t *testing.T, dir string) { os.Chmod(dir, 0o755) }},
		{"another user's", true, func(t *testing.T, dir string) { os.Chown(dir, nobodyUID, nobodyUID) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.root {
				requireRoot(t)
			}
			home, tmp := t.TempDir(), t.TempDir()
			dir := filepath.Join(home, ".cache", "clusterchain")
			if err := os.MkdirAll(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			tc.plant(t, dir)
			env := []string{"HOME=" + home, "TMPDIR=" + tmp}
			if code, out := runBin(t, -1, tmp, env, "render", "--view", "clusters", "-o", "c.svg"); code != 0 {
				t.Fatalf("render: %d\n%s", code, out)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("wrote into a refused cache: %v", entries)
			}
			if _, err := os.Stat(filepath.Join(tmp, "go-graphviz")); err == nil {
				t.Error("fell back to $TMPDIR/go-graphviz")
			}
		})
	}
}

// The reported crash: once root had made $TMPDIR/go-graphviz, every other
// user's command panicked with "permission denied", even help. Now another
// user's help, validate and render work, whether that user has a cache
// directory of their own or none (HOME unwritable: compiled in memory).
func TestGraphvizCacheAnotherUserAfterRoot(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: runs the binary")
	}
	requireRoot(t)
	tmp := sharedDir(t, -1)
	os.Chmod(tmp, 0o1777)
	// root's go-graphviz directory, as go-graphviz v0.2.10 made it.
	rootCache := filepath.Join(tmp, "go-graphviz", "wazero-v1.10.1-"+runtime.GOARCH+"-"+runtime.GOOS)
	if err := os.MkdirAll(rootCache, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(filepath.Join(tmp, "go-graphviz"), 0o755)
	os.Chmod(rootCache, 0o755)
	work := sharedDir(t, nobodyUID)
	ds, err := filepath.Abs("../../samples/zhejiang")
	if err != nil {
		t.Fatal(err)
	}
	for _, home := range []string{sharedDir(t, nobodyUID), "/nonexistent"} {
		env := []string{"HOME=" + home, "TMPDIR=" + tmp}
		for _, args := range [][]string{{"help"}, {"validate", ds}, {"render", "--view", "clusters", "-o", "c.svg"}} {
			code, out := runBin(t, nobodyUID, work, env, args...)
			if code != 0 || strings.Contains(out, "panic") {
				t.Errorf("HOME=%s %v as another user: %d\n%s", home, args, code, out)
			}
		}
	}
	if entries, _ := os.ReadDir(rootCache); len(entries) != 0 {
		t.Errorf("root's directory was written: %v", entries)
	}
}

// An unwritable cache of the user's own (read-only after a copy, a full
// quota) never fails a command.
func TestGraphvizCacheUnwritable(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: runs the binary")
	}
	uid := -1
	home := t.TempDir()
	if os.Geteuid() == 0 {
		// root writes anywhere: be another user, whose cache is read-only.
		uid = nobodyUID
		home = sharedDir(t, nobodyUID)
	}
	tmp := sharedDir(t, -1)
	os.Chmod(tmp, 0o1777)
	dir := filepath.Join(home, ".cache", "clusterchain")
	for _, d := range []string{filepath.Join(home, ".cache"), dir} {
		os.Mkdir(d, 0o700)
		if uid >= 0 {
			os.Chown(d, uid, uid)
		}
	}
	os.Chmod(dir, 0o500)
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	work := tmp
	env := []string{"HOME=" + home, "TMPDIR=" + tmp}
	if code, out := runBin(t, uid, work, env, "render", "--view", "clusters", "-o", "-"); code != 0 || !strings.Contains(out, "</svg>") {
		t.Fatalf("render with an unwritable cache: %d\n%.500s", code, out)
	}
}
