package atomicfs

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestStagingCommitAndAbort(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(out, "nodes.csv"), []byte("old"), 0o644)
	os.WriteFile(filepath.Join(out, "keep.txt"), []byte("mine"), 0o644)

	// A failed run: nothing changes, no temporary directory stays.
	st, err := Stage(out)
	if err != nil {
		t.Fatal(err)
	}
	st.WriteFile("nodes.csv", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err })
	st.Abort()
	if b, _ := os.ReadFile(filepath.Join(out, "nodes.csv")); string(b) != "old" {
		t.Fatalf("abort changed nodes.csv to %q", b)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Fatalf("left behind: %v", entries)
	}

	// A good run replaces its files and keeps the others.
	st, _ = Stage(out)
	st.WriteFile("nodes.csv", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err })
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "nodes.csv")); string(b) != "new" {
		t.Errorf("nodes.csv = %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "keep.txt")); string(b) != "mine" {
		t.Errorf("keep.txt = %q", b)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Fatalf("left behind: %v", entries)
	}

	// A directory that does not exist yet is created on commit only.
	fresh := filepath.Join(root, "fresh", "deep")
	st, _ = Stage(fresh)
	if _, err := os.Stat(fresh); err == nil {
		t.Fatal("Stage created the output directory")
	}
	st.Abort()
}
