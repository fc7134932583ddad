package atomicfs

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// tree returns every entry under dir (files with their content, "/"
// after directories), by slash path.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case d.Type()&os.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out[rel] = "-> " + target
		case d.IsDir():
			out[rel+"/"] = ""
		default:
			b, _ := os.ReadFile(p)
			out[rel] = string(b)
		}
		return nil
	})
	return out
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func text(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

func keys(m map[string]string) string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	sort.Strings(k)
	return strings.Join(k, " ")
}

func TestStagingCommitAndAbort(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "out")
	write(t, filepath.Join(out, "nodes.csv"), "old")
	write(t, filepath.Join(out, "keep.txt"), "mine")

	// A failed run: nothing changes, no staging directory stays.
	st, err := Stage(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.WriteFile("nodes.csv", text("new"))
	st.Abort()
	if got := tree(t, root); keys(got) != "out/ out/keep.txt out/nodes.csv" || got["out/nodes.csv"] != "old" {
		t.Fatalf("abort left %v", got)
	}

	// A good run replaces its files and keeps the others.
	st, _ = Stage(out, Options{})
	st.WriteFile("nodes.csv", text("new"))
	st.WriteFile("sub/deep.csv", text("deep"))
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	got := tree(t, root)
	if keys(got) != "out/ out/keep.txt out/nodes.csv out/sub/ out/sub/deep.csv" || got["out/nodes.csv"] != "new" ||
		got["out/keep.txt"] != "mine" || got["out/sub/deep.csv"] != "deep" {
		t.Fatalf("commit left %v", got)
	}
	if err := st.Abort(); err != nil || tree(t, root)["out/nodes.csv"] != "new" {
		t.Error("Abort after Commit undid something")
	}

	// A directory that does not exist yet (nor its parent) is created on
	// commit only, and an aborted run removes what Stage made for it.
	fresh := filepath.Join(root, "fresh", "deep")
	st, err = Stage(fresh, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(fresh); err == nil {
		t.Fatal("Stage created the output directory")
	}
	st.WriteFile("a.csv", text("a"))
	st.Abort()
	if _, err := os.Stat(filepath.Join(root, "fresh")); err == nil {
		t.Error("Abort left the parent directory Stage made")
	}
	st, _ = Stage(fresh, Options{})
	st.WriteFile("a.csv", text("a"))
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, filepath.Join(root, "fresh")); keys(got) != "deep/ deep/a.csv" {
		t.Errorf("fresh: %v", got)
	}
}

// Every target is checked before the first file moves: with a directory
// where one output file goes, or an input file in the way, the commit
// fails and every file is as it was.
func TestCommitAllOrNothing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, out string) Options
		want  string
	}{
		{"directory in the way", func(t *testing.T, out string) Options {
			os.Mkdir(filepath.Join(out, "report.json"), 0o755)
			return Options{}
		}, "report.json is a directory"},
		{"file in the way of a subdirectory", func(t *testing.T, out string) Options {
			write(t, filepath.Join(out, "sub"), "a file")
			return Options{}
		}, "is in the way of sub/z.csv"},
		{"an input file", func(t *testing.T, out string) Options {
			input := filepath.Join(t.TempDir(), "links.csv")
			write(t, input, "from,to\n")
			os.Remove(filepath.Join(out, "c.csv"))
			if err := os.Link(input, filepath.Join(out, "c.csv")); err != nil {
				t.Skip(err)
			}
			return Options{Keep: []string{input}}
		}, "is an input of this run"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			for _, n := range []string{"a.csv", "b.csv", "c.csv"} {
				write(t, filepath.Join(out, n), "old "+n)
			}
			opt := tc.setup(t, out)
			before := tree(t, out)
			st, err := Stage(out, opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range []string{"a.csv", "b.csv", "c.csv", "report.json", "sub/z.csv"} {
				st.WriteFile(n, text("new "+n))
			}
			err = st.Commit()
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "nothing was written") {
				t.Fatalf("commit: %v, want %q", err, tc.want)
			}
			if after := tree(t, out); keys(after) != keys(before) || after["a.csv"] != "old a.csv" {
				t.Errorf("files changed:\n%v\nwant\n%v", after, before)
			}
		})
	}
}

// A move that fails halfway through the commit (here the third of
// five) puts back every file already moved: the previous versions
// return, new files are removed, the created directory goes.
func TestCommitRestoresOnFailure(t *testing.T) {
	for _, exists := range []bool{true, false} {
		root := t.TempDir()
		out := filepath.Join(root, "out")
		if exists {
			write(t, filepath.Join(out, "a.csv"), "old a")
			write(t, filepath.Join(out, "d.csv"), "old d")
			write(t, filepath.Join(out, "mine.txt"), "mine")
		}
		before := tree(t, root)
		st, err := Stage(out, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"a.csv", "b.csv", "c.csv", "d.csv", "e.csv"} {
			st.WriteFile(n, text("new "+n))
		}
		moves := 0
		st.rename = func(o, n string) error {
			if strings.Contains(o, string(filepath.Separator)+"new"+string(filepath.Separator)) {
				if moves++; moves == 3 {
					return errors.New("disk on fire")
				}
			}
			return os.Rename(o, n)
		}
		err = st.Commit()
		if err == nil || !strings.Contains(err.Error(), "disk on fire") || !strings.Contains(err.Error(), "left as it was") {
			t.Fatalf("exists %v: commit: %v", exists, err)
		}
		if after := tree(t, root); keys(after) != keys(before) || exists && (after["out/a.csv"] != "old a" || after["out/d.csv"] != "old d") {
			t.Errorf("exists %v: after a failed commit\n%v\nwant\n%v", exists, after, before)
		}
	}
}

// The output location is checked by Stage, before any work.
func TestStageLocation(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "file"), "x")
	os.Symlink(filepath.Join(root, "nowhere"), filepath.Join(root, "dangling"))
	os.Symlink(filepath.Join(root, "nowhere"), filepath.Join(root, "dangling-dir"))
	os.Mkdir(filepath.Join(root, "real"), 0o755)
	os.Symlink(filepath.Join(root, "real"), filepath.Join(root, "link"))
	for _, tc := range []struct {
		out, want string
	}{
		{"file", "exists and is not a directory"},
		{"file/sub", "not a directory"},
		{"dangling", "is a symbolic link to " + filepath.Join(root, "nowhere") + ", which does not exist"},
		{"dangling-dir/sub", "is a symbolic link to"},
		{"link", ""},
		{"link/new", ""},
	} {
		st, err := Stage(filepath.Join(root, tc.out), Options{})
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.out, err)
				continue
			}
			st.WriteFile("x.csv", text("x"))
			if err := st.Commit(); err != nil {
				t.Errorf("%s: %v", tc.out, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.out, err, tc.want)
		}
	}
	if got := tree(t, filepath.Join(root, "real")); keys(got) != "new/ new/x.csv x.csv" {
		t.Errorf("through the symlink: %v", got)
	}
	// The file system root stages inside itself: no name is built from
	// its base name ("/").
	if p, prefix := stagingPlace("/", true); p != "/" || strings.ContainsRune(prefix, '/') {
		t.Errorf("staging for /: %q %q", p, prefix)
	}
}

// An output directory that is, lies inside or contains an input dataset
// is refused, whatever the spelling: relative, through a symlink, with
// "..".
func TestCheckApart(t *testing.T) {
	root := t.TempDir()
	ds := filepath.Join(root, "surveys", "yiwu")
	write(t, filepath.Join(ds, "firms.csv"), "id\n")
	write(t, filepath.Join(root, "schema.json"), "{}")
	os.Symlink(ds, filepath.Join(root, "alias"))
	inputs := []Input{{ds, "the input dataset yiwu"}, {filepath.Join(root, "schema.json"), "the --schema file"}}
	for _, tc := range []struct {
		out, want string
	}{
		{"surveys/yiwu", "is the input dataset yiwu"},
		{"surveys/yiwu/", "is the input dataset yiwu"},
		{"surveys/../surveys/yiwu", "is the input dataset yiwu"},
		{"alias", "is the input dataset yiwu"},
		{"surveys/yiwu/out", "lies inside the input dataset yiwu"},
		{"alias/out/deeper", "lies inside the input dataset yiwu"},
		{"surveys", "contains the input dataset yiwu"},
		{".", "contains the input dataset yiwu"},
		{"reports", ""},
		{"surveys/yiwu-out", ""},
		{"surveys/other", ""},
	} {
		err := CheckApart(filepath.Join(root, tc.out), inputs)
		var oe *OverlapError
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.out, err)
			}
			continue
		}
		if !errors.As(err, &oe) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.out, err, tc.want)
		}
	}
	// A schema file in the output directory is refused too.
	if err := CheckApart(root+"/", inputs[1:]); err == nil || !strings.Contains(err.Error(), "contains the --schema file") {
		t.Errorf("schema: %v", err)
	}
	if _, err := Stage(filepath.Join(root, "alias", "x"), Options{Apart: inputs}); err == nil {
		t.Error("Stage does not check the inputs")
	}
}

// deadPID returns the pid of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no process lookup")
	}
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip(err)
	}
	return cmd.Process.Pid
}

// Stage removes the staging directories that ended runs left for the
// same output, and only those: not a live run's, not another output's,
// not one without our marker.
func TestStaleStagingRemoved(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "out")
	write(t, filepath.Join(out, "nodes.csv"), "old")
	abs, _ := resolve(out)
	dead := deadPID(t)
	plant := func(dir, target string, pid int, state string, files ...string) string {
		m := newMarker(target)
		m.PID, m.State, m.Files = pid, state, files
		if pid != os.Getpid() {
			m.Start = ""
		}
		os.MkdirAll(filepath.Join(dir, "new"), 0o755)
		if err := m.write(dir); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	staleInside := plant(filepath.Join(out, insidePrefix+"1"), abs, dead, "writing")
	write(t, filepath.Join(staleInside, "new", "nodes.csv"), "half")
	staleBeside := plant(filepath.Join(root, ".out"+besideInfix+"2"), abs, dead, "writing")
	live := plant(filepath.Join(out, insidePrefix+"3"), abs, os.Getpid(), "writing")
	other := plant(filepath.Join(out, insidePrefix+"4"), "/elsewhere", dead, "writing")
	unmarked := filepath.Join(out, insidePrefix+"5")
	os.MkdirAll(unmarked, 0o755)
	st, err := Stage(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Abort()
	for _, p := range []string{staleInside, staleBeside} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s not removed", p)
		}
	}
	for _, p := range []string{live, other, unmarked} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s removed", p)
		}
	}
	if len(st.Notes()) != 2 || !strings.Contains(st.Notes()[0], "left by an interrupted run") {
		t.Errorf("notes %q", st.Notes())
	}
	// Beside an output that does not exist yet: the same.
	os.RemoveAll(out)
	plant(filepath.Join(root, ".out"+besideInfix+"6"), abs, dead, "writing")
	st2, err := Stage(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st2.Abort()
	if got := tree(t, root); len(got) != 0 {
		t.Errorf("left %v", got)
	}
}

// A run killed in the middle of its commit left the output half
// replaced; the next run puts the previous files back before it stages.
func TestStaleCommitRolledBack(t *testing.T) {
	out := t.TempDir()
	abs, _ := resolve(out)
	// Before: a.csv "old a", b.csv "old b"; the run writes a, b and c.
	// It had moved a and b aside and c into place (it had no previous
	// version), then died.
	stage := filepath.Join(out, insidePrefix+"9")
	write(t, filepath.Join(stage, "old", "a.csv"), "old a")
	write(t, filepath.Join(stage, "old", "b.csv"), "old b")
	write(t, filepath.Join(stage, "new", "b.csv"), "new b")
	write(t, filepath.Join(out, "a.csv"), "new a")
	write(t, filepath.Join(out, "c.csv"), "new c")
	m := newMarker(abs)
	m.PID, m.Start, m.State, m.Files = deadPID(t), "", "committing", []string{"a.csv", "b.csv", "c.csv"}
	if err := m.write(stage); err != nil {
		t.Fatal(err)
	}
	st, err := Stage(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Abort()
	if got := tree(t, out); keys(got) != "a.csv b.csv" || got["a.csv"] != "old a" || got["b.csv"] != "old b" {
		t.Errorf("after recovery: %v", got)
	}
	if len(st.Notes()) != 2 || !strings.Contains(st.Notes()[0], "put back the files") {
		t.Errorf("notes %q", st.Notes())
	}
}

// A pid that runs again under a later process is not taken for the
// staging run's.
func TestMarkerEnded(t *testing.T) {
	m := newMarker("/x")
	if m.ended() {
		t.Error("this process taken for ended")
	}
	if m.Start != "" {
		m2 := m
		m2.Start = "1"
		if !m2.ended() {
			t.Error("a reused pid taken for the staging run")
		}
	}
	m3 := m
	m3.Host = m.Host + "-elsewhere"
	m3.PID = deadPID(t)
	if m3.ended() {
		t.Error("a process of another machine taken for ended")
	}
}

func TestStageFile(t *testing.T) {
	root := t.TempDir()
	input := filepath.Join(root, "links.csv")
	write(t, input, "from,to\n")
	os.Symlink(input, filepath.Join(root, "alias.csv"))
	os.Mkdir(filepath.Join(root, "adir"), 0o755)
	for _, tc := range []struct {
		path, want string
	}{
		{"links.csv", "is an input of this run"},
		{"alias.csv", "is an input of this run"},
		{"adir", "is a directory"},
		{"new/sub/x.svg", ""},
		{"x.svg", ""},
	} {
		f, err := StageFile(filepath.Join(root, tc.path), Options{Keep: []string{input}})
		if tc.want != "" {
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: %v, want %q", tc.path, err, tc.want)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		f.Write(text("<svg/>"))
		if err := f.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	got := tree(t, root)
	if keys(got) != "adir/ alias.csv links.csv new/ new/sub/ new/sub/x.svg x.svg" || got["links.csv"] != "from,to\n" {
		t.Errorf("tree %v", got)
	}
	// An aborted write leaves the old file and no staging.
	f, _ := StageFile(filepath.Join(root, "x.svg"), Options{})
	f.Write(text("half"))
	f.Abort()
	if got := tree(t, root); got["x.svg"] != "<svg/>" || len(got) != 7 {
		t.Errorf("after abort: %v", got)
	}
}

// Check reports before the work what Commit would refuse.
func TestCheckEarly(t *testing.T) {
	out := t.TempDir()
	os.Mkdir(filepath.Join(out, "index.html"), 0o755)
	st, err := Stage(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Abort()
	if err := st.Check("summary.csv", "index.html"); err == nil || !strings.Contains(err.Error(), "index.html is a directory") {
		t.Errorf("Check: %v", err)
	}
	if err := st.Check("summary.csv"); err != nil {
		t.Errorf("Check: %v", err)
	}
}
