package viz

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Every message a diagram shows has a Chinese entry: each view of the
// sample, of a folded 2,000-firm network and of the hostile networks is
// built in Chinese and no message may fall back to English.
func TestChineseComplete(t *testing.T) {
	missing := map[string]bool{}
	for _, ds := range []string{"sample", "synth:2000", "hostile", "evil"} {
		an := loadAnalysisAny(t, ds)
		for _, tc := range []struct {
			view View
			opt  Options
		}{
			{ViewNetwork, Options{}}, {ViewNetwork, Options{MaxNodes: 50}}, {ViewFlows, Options{}}, {ViewClusters, Options{}},
			{ViewTiers, Options{}}, {ViewEgo, Options{Node: firstFirm(an)}}, {ViewEgo, Options{Node: firstFirm(an), Radius: 3}},
		} {
			tc.opt.Lang = "zh"
			b := newBuilder(t, an, tc.opt)
			if _, err := b.build(tc.view); err != nil {
				t.Fatal(err)
			}
			for _, m := range b.missing {
				missing[m] = true
			}
		}
	}
	var list []string
	for m := range missing {
		list = append(list, m)
	}
	sort.Strings(list)
	if len(list) > 0 {
		t.Errorf("%d messages without Chinese:\n%s", len(list), strings.Join(list, "\n"))
	}
}

var trCall = regexp.MustCompile(`b\.tr\(\s*("(?:[^"\\]|\\.)*")`)

// Every literal message in the source has a Chinese entry with the same
// verbs (so fmt never prints %!).
func TestChineseTable(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, _ := os.ReadFile(f)
		for _, m := range trCall.FindAllSubmatch(src, -1) {
			key, err := strconv.Unquote(string(m[1]))
			if err != nil {
				t.Fatal(err)
			}
			z, ok := zh[key]
			if !ok {
				t.Errorf("%s: no Chinese for %q", f, key)
				continue
			}
			if verbs(key) != verbs(z) {
				t.Errorf("%q: verbs %q, Chinese %q", key, verbs(key), verbs(z))
			}
		}
	}
}

var verbRe = regexp.MustCompile(`%(\[[0-9]\])?[a-z]`)

// verbs lists a format's verbs in argument order.
func verbs(s string) string {
	var out []string
	next := 1
	type v struct {
		i    int
		verb string
	}
	var vs []v
	for _, m := range verbRe.FindAllString(s, -1) {
		i := next
		if strings.HasPrefix(m, "%[") {
			i = int(m[2] - '0')
		}
		next = i + 1
		vs = append(vs, v{i, m[len(m)-1:]})
	}
	sort.Slice(vs, func(a, b int) bool { return vs[a].i < vs[b].i })
	for _, x := range vs {
		out = append(out, x.verb)
	}
	return strings.Join(out, "")
}
