package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// analyze --json prints the run summary as one JSON document instead of
// the text, the same on every run; report.json of the sample and of a
// generated dataset validate against report/schema/report-v1.schema.json.
func TestAnalyzeJSON(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	gen := filepath.Join(root, "gen")
	generate(t, gen, 500, "9")
	var first string
	for i, args := range [][]string{
		{"analyze", "-o", filepath.Join(root, "a"), "--formats", "csv,json", "--json"},
		{"analyze", "-o", filepath.Join(root, "a"), "--formats", "csv,json", "--json"},
		{"analyze", gen, "-o", filepath.Join(root, "g"), "--formats", "json", "--json"},
	} {
		code, stdout, stderr := clusterchain(t, args...)
		if code != 0 || stderr != "" {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		validateJSON(t, "summary", []byte(stdout))
		var doc struct {
			Format  string `json:"format"`
			Dataset struct {
				Name  string `json:"name"`
				Firms int    `json:"firms"`
			} `json:"dataset"`
			Output struct {
				Dir   string   `json:"dir"`
				Files []string `json:"files"`
			} `json:"output"`
			Findings []string `json:"findings"`
		}
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		switch i {
		case 0:
			first = stdout
			if doc.Dataset.Name != "zhejiang" || doc.Dataset.Firms != 193 || len(doc.Output.Files) != 8 || len(doc.Findings) == 0 {
				t.Errorf("sample summary: %+v", doc)
			}
		case 1:
			if stdout != first {
				t.Error("--json differs between two runs")
			}
		case 2:
			if doc.Dataset.Firms != 500 || doc.Output.Dir != filepath.Join(root, "g") {
				t.Errorf("generated summary: %+v", doc)
			}
		}
	}
	for _, d := range []string{"a", "g"} {
		b, err := os.ReadFile(filepath.Join(root, d, "report.json"))
		if err != nil {
			t.Fatal(err)
		}
		validateJSON(t, "report", b)
	}
}
