//go:build unix

package loaders

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A table or a schema that is a FIFO is an error at once: opening it
// would block until a writer comes.
func TestFIFONotRead(t *testing.T) {
	ds := t.TempDir()
	writeTree(t, ds, map[string]string{"firms.csv": firms})
	for _, name := range []string{"links.csv", "schema.json"} {
		if err := syscall.Mkfifo(filepath.Join(ds, name), 0o600); err != nil {
			t.Skip(err)
		}
	}
	done := make(chan [2]error, 1)
	go func() {
		_, err1 := Load(os.DirFS(ds), Options{})
		_, err2 := ReadSchema(os.DirFS(ds), "schema.json", "")
		done <- [2]error{err1, err2}
	}()
	select {
	case errs := <-done:
		for i, want := range []string{
			"links.csv: a named pipe (FIFO), not a file: not read (hint: a table is a CSV file saved in the dataset directory)",
			"schema.json: a named pipe (FIFO), not a file: not read",
		} {
			if errs[i] == nil || errs[i].Error() != want {
				t.Errorf("got  %v\nwant %s", errs[i], want)
			}
		}
	case <-time.After(10 * time.Second):
		t.Fatal("reading a FIFO blocks")
	}
}
