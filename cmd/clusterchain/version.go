package main

import (
	"runtime/debug"
	"strings"
)

// version says which clusterchain this is: the module version and the
// commit it was built from, as the Go toolchain recorded them.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	return versionOf(bi, ok)
}

// versionOf writes the version line from build information:
//
//	clusterchain v1.2.0 (commit 87a787e1c2d3, 2026-12-01T10:00:00Z) go1.26.8
//	clusterchain (devel) (commit 87a787e1c2d3, modified) go1.26.8
//
// "(devel)" is a build from a source tree rather than a tagged module
// version; without build information the version is unknown.
func versionOf(bi *debug.BuildInfo, ok bool) string {
	if !ok || bi == nil {
		return "clusterchain (unknown version: built without module information)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, when string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	var vcs []string
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		vcs = append(vcs, "commit "+rev)
		if when != "" {
			vcs = append(vcs, when)
		}
		if modified {
			vcs = append(vcs, "modified")
		}
	}
	out := "clusterchain " + v
	if len(vcs) > 0 {
		out += " (" + strings.Join(vcs, ", ") + ")"
	}
	if bi.GoVersion != "" {
		out += " " + bi.GoVersion
	}
	return out
}
