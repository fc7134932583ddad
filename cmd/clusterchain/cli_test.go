package main

import (
	"bytes"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// --quiet prints nothing but errors: no summary, no progress, also on a
// terminal; batch --quiet lists only the failed datasets, on stderr.
func TestQuiet(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "out")
	var stdout strings.Builder
	term := &fakeTerminal{w: new(bytes.Buffer)}
	code := run(t.Context(), []string{"analyze", "-o", out, "--quiet", "--formats", "csv"}, &stdout, term)
	if code != 0 || stdout.String() != "" || term.w.Len() != 0 {
		t.Errorf("analyze --quiet: exit %d, stdout %q, stderr %q", code, stdout.String(), term.w.String())
	}
	code, so, se := clusterchain(t, "analyze", "-o", out, "--quiet", "--formats", "csv", "--json")
	if code != 0 || !strings.HasPrefix(so, "{") || se != "" {
		t.Errorf("--quiet --json: the JSON asked for is printed: exit %d %q %q", code, so, se)
	}
	root := t.TempDir()
	writeFiles(t, filepath.Join(root, "in", "good"), map[string]string{"firms.csv": "id\na\nb\n", "links.csv": "from,to\na,b\n"})
	writeFiles(t, filepath.Join(root, "in", "bad"), map[string]string{"firms.csv": "id\na\n", "links.csv": "from,to\na,zz\n"})
	code, so, se = clusterchain(t, "batch", filepath.Join(root, "in"), "-o", filepath.Join(root, "r"), "--quiet", "--formats", "csv")
	if code != 1 || so != "" || !strings.Contains(se, `failed   bad: links.csv:2:2: unknown id "zz"`) || strings.Contains(se, "good") {
		t.Errorf("batch --quiet: exit %d, stdout %q, stderr %q", code, so, se)
	}
}

// --version on the top level and on every command; the text from the
// build information, "(devel)" and a missing one handled.
func TestVersion(t *testing.T) {
	t.Parallel()
	args := [][]string{{"--version"}, {"version"}, {"-version"}}
	for _, c := range commands() {
		args = append(args, []string{c.name, "--version"})
	}
	args = append(args, []string{"analyze", "some/dataset", "--version", "-o", "x"})
	for _, a := range args {
		code, so, se := clusterchain(t, a...)
		if code != 0 || !strings.HasPrefix(so, "clusterchain ") || strings.Count(so, "\n") != 1 || se != "" {
			t.Errorf("%v: exit %d %q %q", a, code, so, se)
		}
	}
	for _, tc := range []struct {
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{nil, false, "clusterchain (unknown version: built without module information)"},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}, true, "clusterchain (devel) go1.26.8"},
		{&debug.BuildInfo{Main: debug.Module{}}, true, "clusterchain (devel)"},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "87a787e1c2d3f4a5b6c7d8e9f0a1b2c3d4e5f6a7"}, {Key: "vcs.time", Value: "2026-12-01T10:00:00Z"},
			{Key: "vcs.modified", Value: "false"}}}, true,
			"clusterchain v1.2.0 (commit 87a787e1c2d3, 2026-12-01T10:00:00Z) go1.26.8"},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "87a787e1"}, {Key: "vcs.modified", Value: "true"}}}, true,
			"clusterchain (devel) (commit 87a787e1, modified) go1.26.8"},
	} {
		if got := versionOf(tc.bi, tc.ok); got != tc.want {
			t.Errorf("versionOf = %q, want %q", got, tc.want)
		}
	}
}

// Did you mean: the nearest command, flag, format, view, id or check
// column.
func TestDidYouMean(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	if code, _, errs := clusterchain(t, "analyze", "-o", filepath.Join(out, "a"), "--formats", "csv"); code != 0 {
		t.Fatal(errs)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"analyse"}, 2, `unknown command "analyse"; did you mean "analyze"?`},
		{[]string{"help", "analyse"}, 2, `unknown command "analyse"; did you mean "analyze"?`},
		{[]string{"dif"}, 2, `did you mean "diff"?`},
		{[]string{"analyze", "--fromats", "csv"}, 2, `flag provided but not defined: -fromats; did you mean "--formats"?`},
		{[]string{"render", "--veiw", "clusters"}, 2, `did you mean "--view"?`},
		{[]string{"analyze", "--formats", "cvs"}, 2, `unknown format "cvs" (known: csv, json, html, svg, gexf, graphml, net, xlsx, parquet, all); did you mean "csv"?`},
		{[]string{"render", "--view", "clusers"}, 2, `did you mean "clusters"?`},
		{[]string{"render", "--view", "ego", "--node", "yiwu"}, 1, `no node with id "yiwu" in the dataset (did you mean "yiwu-ccc", "yiwu-001" or "yiwu-002"?)`},
		{[]string{"render", "--view", "ego", "--node", "YIWU-005"}, 1, `(did you mean "yiwu-005"?)`},
		{[]string{"whatif", "../../samples/zhejiang", "--remove", "wallmart", "-o", filepath.Join(out, "w")}, 1, `no node with id "wallmart" (did you mean "walmart"?)`},
		{[]string{"whatif", "../../samples/zhejiang", "--remove", "wallmart,YIWU-005", "-o", filepath.Join(out, "w")}, 1,
			`"wallmart" (did you mean "walmart"?), nor "YIWU-005" (did you mean "yiwu-005"?)`},
		{[]string{"diff", filepath.Join(out, "a"), filepath.Join(out, "a"), "--fail-if", "market_shar<-0.1"}, 2, `did you mean "market_share"?`},
		{[]string{"diff", filepath.Join(out, "a"), filepath.Join(out, "a"), "--fail-if", "cluster:market_share<-0.1"}, 2, `did you mean "clusters"?`},
	} {
		code, so, se := clusterchain(t, tc.args...)
		if code != tc.code || !strings.Contains(se, tc.want) {
			t.Errorf("%v: exit %d, want %d with %q\n%s%s", tc.args, code, tc.code, tc.want, so, se)
		}
	}
}
