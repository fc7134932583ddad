package atomicfs

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Every staging directory holds a marker file that says whose it is, so
// that a later run can tell a directory left by a killed run of its own
// (remove it) from anything else (leave it alone).
const (
	markerFile = ".clusterchain-staging.json"
	markerTool = "clusterchain staging directory; removed by the next run once its process has ended"
	// markerMax bounds what is read of a marker: a file that large is not ours.
	markerMax = 1 << 20
)

// The names of staging directories: beside an output that does not exist
// yet, "." + its base name + besideInfix + random; inside an existing
// output directory, insidePrefix + random.
const (
	besideInfix  = ".tmp-"
	insidePrefix = ".clusterchain.tmp-"
)

// marker is the content of markerFile.
type marker struct {
	Tool   string `json:"tool"`
	PID    int    `json:"pid"`
	Host   string `json:"host"`
	Boot   string `json:"boot,omitempty"`  // the kernel's boot id, where there is one
	Start  string `json:"start,omitempty"` // the process's start time, where it can be read
	Target string `json:"target"`          // the resolved output directory
	// State is "writing" until Commit starts moving files, then
	// "committing" with Files, the names being moved.
	State string   `json:"state"`
	Files []string `json:"files,omitempty"`
}

func newMarker(target string) marker {
	host, _ := os.Hostname()
	pid := os.Getpid()
	return marker{Tool: markerTool, PID: pid, Host: host, Boot: bootID(), Start: processStart(pid),
		Target: target, State: "writing"}
}

// write replaces the marker in dir atomically (a rename inside dir).
func (m marker) write(dir string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, markerFile+".new")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, markerFile))
}

// readMarker reads the marker of a staging directory; ok is false when
// there is none or it is not one of ours.
func readMarker(dir string) (m marker, ok bool) {
	p := filepath.Join(dir, markerFile)
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > markerMax {
		return m, false
	}
	f, err := os.Open(p)
	if err != nil {
		return m, false
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, markerMax))
	if err != nil || json.Unmarshal(b, &m) != nil || m.Tool != markerTool || m.PID <= 0 {
		return m, false
	}
	return m, true
}

// ended reports whether the process that wrote m has ended for sure: it
// ran on this machine since its last boot and no process with its pid
// and start time runs now. When in doubt (another machine sharing the
// file system, a system where processes cannot be looked up) it has not.
func (m marker) ended() bool {
	if host, _ := os.Hostname(); host != m.Host {
		return false
	}
	if b := bootID(); b != "" && m.Boot != "" && b != m.Boot {
		return true // the machine was restarted since
	}
	switch processRuns(m.PID) {
	case no:
		return true
	case yes:
		if m.Start == "" {
			return false
		}
		now := processStart(m.PID)
		return now != "" && now != m.Start // the pid was taken by a later process
	}
	return false
}

type tristate int

const (
	unknown tristate = iota
	yes
	no
)

// removeStale removes the staging directories in dir whose names start
// with prefix, that are ours (a marker for target) and whose process has
// ended. A directory left in the middle of a commit is first rolled back:
// the previous files it holds go back into target, so that target is as
// it was before that run. It returns what it did, for the user.
func removeStale(dir, prefix, target string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var notes []string
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		m, ok := readMarker(p)
		if !ok || m.Target != target || !m.ended() {
			continue
		}
		if m.State == "committing" {
			if err := recoverCommit(p, m); err != nil {
				notes = append(notes, fmt.Sprintf("an interrupted run (process %d) left %s in the middle of replacing files "+
					"and they could not all be put back (%v): the previous files are in %s", m.PID, target, err,
					filepath.Join(p, "old")))
				continue
			}
			notes = append(notes, fmt.Sprintf("put back the files of %s that an interrupted run (process %d) was replacing", target, m.PID))
		}
		if err := os.RemoveAll(p); err == nil {
			notes = append(notes, fmt.Sprintf("removed %s, left by an interrupted run (process %d)", p, m.PID))
		}
	}
	return notes
}

// recoverCommit undoes the moves of a commit that was cut short: a file
// whose previous version is in old/ gets it back; a file that reached the
// target (it is no longer in new/) and had no previous version is removed.
func recoverCommit(stage string, m marker) error {
	var errs []error
	for _, name := range m.Files {
		if validName(name) != nil {
			continue
		}
		dst := filepath.Join(m.Target, filepath.FromSlash(name))
		old := filepath.Join(stage, "old", filepath.FromSlash(name))
		if _, err := os.Lstat(old); err == nil {
			if err := os.Rename(old, dst); err != nil {
				errs = append(errs, err)
			}
			continue
		}
		if _, err := os.Lstat(filepath.Join(stage, "new", filepath.FromSlash(name))); errors.Is(err, fs.ErrNotExist) {
			if err := os.Remove(dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

func itoa(n int) string { return fmt.Sprint(n) }
