package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// workflowStep is one step of a GitHub Actions job.
type workflowStep struct {
	name, uses, run, cond string
	with                  map[string]string
}

// parseSteps reads the steps of the one job of a workflow file. It knows
// the YAML that docs/ci/github-actions.yml uses: "- key: value" items,
// "key: value" lines, "run: |" literal blocks and a "with:" map; anything
// else under a step fails the test, so that the file cannot outgrow what
// is checked.
func parseSteps(t *testing.T, text string) []workflowStep {
	t.Helper()
	lines := strings.Split(text, "\n")
	indent := func(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
	var steps []workflowStep
	start := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == "steps:" {
			start = i + 1
		}
	}
	if start < 0 {
		t.Fatal("no steps:")
	}
	keyIndent := -1
	for i := start; i < len(lines); i++ {
		l := lines[i]
		trimmed := strings.TrimSpace(l)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if strings.HasPrefix(trimmed, "- ") {
			steps = append(steps, workflowStep{with: map[string]string{}})
			keyIndent = indent(l) + 2
			l = strings.Repeat(" ", keyIndent) + trimmed[2:]
		}
		if len(steps) == 0 || indent(l) != keyIndent {
			t.Fatalf("workflow line %d: unexpected %q", i+1, lines[i])
		}
		s := &steps[len(steps)-1]
		key, value, _ := strings.Cut(strings.TrimSpace(l), ":")
		value = strings.TrimSpace(value)
		var block []string
		for i+1 < len(lines) && (strings.TrimSpace(lines[i+1]) == "" || indent(lines[i+1]) > keyIndent) {
			i++
			block = append(block, lines[i])
		}
		switch key {
		case "name":
			s.name = value
		case "uses":
			s.uses = value
		case "if":
			s.cond = value
		case "run":
			if value != "|" {
				s.run = value
				break
			}
			in := -1
			for _, b := range block {
				if strings.TrimSpace(b) != "" && (in < 0 || indent(b) < in) {
					in = indent(b)
				}
			}
			for _, b := range block {
				if len(b) >= in {
					b = b[in:]
				}
				s.run += b + "\n"
			}
		case "with":
			for _, b := range block {
				if k, v, ok := strings.Cut(strings.TrimSpace(b), ":"); ok {
					s.with[k] = strings.TrimSpace(v)
				}
			}
		default:
			t.Fatalf("workflow line %d: step key %q not understood by this test", i+1, key)
		}
	}
	return steps
}

// copyModule copies the module's source (go.mod, go.sum and the package
// directories, without .git or earlier outputs) into dir, as
// actions/checkout would check it out.
func copyModule(t *testing.T, dir string) {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if rel == "." {
			return nil
		}
		base := d.Name()
		if d.IsDir() && (strings.HasPrefix(base, ".") || rel == "out" || rel == "bin" || rel == "surveys" || rel == "reports") {
			return filepath.SkipDir
		}
		if d.IsDir() || !d.Type().IsRegular() || strings.HasSuffix(base, ".test") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// runSteps runs the steps' commands in dir as GitHub runs them (bash
// -eo pipefail; a step after a failed one only when its if says so) and
// returns each run step's exit status by name, and the output.
func runSteps(t *testing.T, steps []workflowStep, dir, summary string) (map[string]int, string) {
	t.Helper()
	codes := map[string]int{}
	var log bytes.Buffer
	failed := false
	for _, s := range steps {
		if s.run == "" {
			continue
		}
		if failed && !strings.Contains(s.cond, "always()") && !strings.Contains(s.cond, "!cancelled()") {
			codes[s.name] = -1 // skipped
			continue
		}
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s.run)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GITHUB_STEP_SUMMARY="+summary, "CI=true", "GITHUB_ACTIONS=true")
		cmd.Stdout, cmd.Stderr = &log, &log
		fmtStep := "== " + s.name + "\n"
		log.WriteString(fmtStep)
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		codes[s.name] = code
		failed = failed || code != 0
	}
	return codes, log.String()
}

// The example workflow installs nothing but Go, and its commands, run as
// GitHub runs them on a checkout with two waves of surveys, build
// clusterchain, write every report and the comparison, pass when the
// waves barely differ and fail when a cluster's market share fell.
func TestCIWorkflow(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds clusterchain")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	t.Parallel()
	text, err := os.ReadFile("../../docs/ci/github-actions.yml")
	if err != nil {
		t.Fatal(err)
	}
	steps := parseSteps(t, string(text))
	var uses []string
	artifact := ""
	for _, s := range steps {
		if s.uses != "" {
			uses = append(uses, s.uses)
		}
		if strings.HasPrefix(s.uses, "actions/upload-artifact@") {
			artifact = s.with["path"]
		}
	}
	okUses := regexp.MustCompile(`^actions/(checkout|setup-go|upload-artifact)@v\d+$`)
	for _, u := range uses {
		if !okUses.MatchString(u) {
			t.Errorf("step uses %s: the workflow installs nothing but Go", u)
		}
	}
	if len(uses) != 3 || artifact != "reports/" {
		t.Errorf("uses %v, artifact path %q", uses, artifact)
	}

	work := t.TempDir()
	copyModule(t, work)
	// Two waves of two surveys: a generated one, the second wave a copy
	// of the first, and a tiny one whose duplicate rows are a warning.
	w1, w2 := filepath.Join(work, "surveys", "2023"), filepath.Join(work, "surveys", "2024")
	generate(t, filepath.Join(w1, "gen"), 200, "6")
	writeFiles(t, filepath.Join(w1, "dup"), map[string]string{
		"firms.csv": "id\na\nb\n", "links.csv": "from,to,volume\na,b,1\na,b,2\n"})
	if err := os.CopyFS(w2, os.DirFS(w1)); err != nil {
		t.Fatal(err)
	}
	summary := filepath.Join(work, "step-summary.md")

	// --strict fails the analysis step on the warning; the comparison
	// still runs.
	codes, log := runSteps(t, steps, work, summary)
	t.Logf("\n%s", log)
	if codes["Build clusterchain"] != 0 || codes["Analyse every survey of every wave"] != 1 ||
		codes["Compare the latest wave with the one before"] != 0 {
		t.Errorf("with warnings: exit statuses %v", codes)
	}
	if !strings.Contains(log, "failed   dup: --strict: 1 warning") {
		t.Error("the analysis step does not say why dup failed")
	}

	// Without warnings: every step passes.
	if err := os.RemoveAll(filepath.Join(w1, "dup")); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(w2, "dup"))
	os.RemoveAll(filepath.Join(work, "reports"))
	os.Remove(summary)
	codes, log = runSteps(t, steps, work, summary)
	for name, code := range codes {
		if code != 0 {
			t.Errorf("step %q: exit %d\n%s", name, code, log)
		}
	}
	for _, p := range []string{"2023/index.html", "2023/summary.csv", "2024/index.html", "2024/gen/report.html",
		"2024/gen/network.gexf", "2024/gen/diff.csv", "2024/gen/diff.md"} {
		if _, err := os.Stat(filepath.Join(work, artifact, p)); err != nil {
			t.Errorf("artifact lacks %s: %v", p, err)
		}
	}
	if b, _ := os.ReadFile(summary); !bytes.Contains(b, []byte("# Changes from 2023/gen to 2024/gen")) {
		t.Errorf("step summary:\n%s", b)
	}

	// A planted fall of market share in the second wave fails the
	// comparison step, naming the check.
	moveSales(t, filepath.Join(w2, "gen"))
	os.RemoveAll(filepath.Join(work, "reports"))
	codes, log = runSteps(t, steps, work, summary)
	if codes["Analyse every survey of every wave"] != 0 || codes["Compare the latest wave with the one before"] != 1 ||
		!strings.Contains(log, "check clusters:market_share<-0.1 failed: ") {
		t.Errorf("planted fall: exit statuses %v\n%s", codes, log)
	}
}

// moveSales turns every sale of a generated dataset's firms to market m0
// into a sale to buyer b0, adding it to the firm's existing sale to b0
// if there is one (a second row would be summed with a warning).
func moveSales(t *testing.T, dir string) {
	t.Helper()
	rows := readCSV(t, filepath.Join(dir, "links.csv"))
	at := map[string]int{}
	for i, r := range rows {
		at[r[0]+","+r[1]+","+r[2]] = i
	}
	var b strings.Builder
	b.WriteString(strings.Join(rows[0], ",") + "\n")
	for i, r := range rows[1:] {
		if strings.HasPrefix(r[0], "f") && r[1] == "m0" {
			if j, ok := at[r[0]+",b0,"+r[2]]; ok {
				x, _ := strconv.ParseFloat(rows[j][3], 64)
				y, _ := strconv.ParseFloat(r[3], 64)
				rows[j][3] = strconv.FormatFloat(x+y, 'g', -1, 64)
				rows[i+1] = nil
				continue
			}
			r[1] = "b0"
		}
	}
	for _, r := range rows[1:] {
		if r != nil {
			b.WriteString(strings.Join(r, ",") + "\n")
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "links.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
