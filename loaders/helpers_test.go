package loaders

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"clusterchain/network"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run go test ./loaders -update and review the diff)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// dump writes a load's outcome as text: what was read, the dataset,
// warnings, or the errors.
func dump(res *Result, err error) string {
	var b strings.Builder
	if err != nil {
		b.WriteString("errors:\n")
		var el ErrorList
		if errors.As(err, &el) {
			for _, e := range el {
				fmt.Fprintf(&b, "  %s\n", e)
			}
		} else {
			fmt.Fprintf(&b, "  %v\n", err)
		}
		return b.String()
	}
	b.WriteString("inputs:\n")
	for _, in := range res.Inputs {
		fmt.Fprintf(&b, "  %s\n", in)
	}
	b.WriteString(dumpData(res))
	return b.String()
}

// dumpData is dump without the inputs: the same for every encoding.
func dumpData(res *Result) string {
	var b strings.Builder
	d := res.Dataset
	b.WriteString("nodes:\n")
	for _, nd := range d.Nodes {
		fmt.Fprintf(&b, "  %s %q name=%q cluster=%q", nd.Type, nd.ID, nd.Name, nd.Cluster)
		for _, a := range nd.Attrs {
			fmt.Fprintf(&b, " %s=%q", a.Key, a.Value)
		}
		b.WriteString("\n")
	}
	b.WriteString("clusters:\n")
	for _, c := range d.Clusters {
		fmt.Fprintf(&b, "  %q name=%q", c.ID, c.Name)
		for _, a := range c.Attrs {
			fmt.Fprintf(&b, " %s=%q", a.Key, a.Value)
		}
		b.WriteString("\n")
	}
	b.WriteString("links:\n")
	for _, l := range linksOf(res) {
		fmt.Fprintf(&b, "  %q → %q %s %v\n", l.From, l.To, l.Kind, l.Volume)
	}
	b.WriteString("warnings:\n")
	for _, w := range res.Warnings {
		fmt.Fprintf(&b, "  %s\n", w)
	}
	fmt.Fprintf(&b, "unknown volumes %d, duplicate rows %d\n", res.UnknownVolumes, res.DuplicateRows)
	return b.String()
}

// sameResult reports whether a and b are the same load: equal fields
// and networks of equal datasets (a network's id table is seeded at
// random).
func sameResult(a, b *Result) bool {
	x, y := *a, *b
	x.Network, y.Network = nil, nil
	if !reflect.DeepEqual(x, y) || (a.Network == nil) != (b.Network == nil) {
		return false
	}
	return a.Network == nil || reflect.DeepEqual(a.Network.Dataset(), b.Network.Dataset())
}

// linksOf returns the summed links of res (none without a network) in
// the byte order of their from and to ids, then kind.
func linksOf(res *Result) []network.Link {
	if res == nil || res.Network == nil {
		return nil
	}
	links := res.Network.Dataset().Links
	slices.SortFunc(links, func(a, b network.Link) int {
		if c := strings.Compare(a.From, b.From); c != 0 {
			return c
		}
		if c := strings.Compare(a.To, b.To); c != 0 {
			return c
		}
		return int(a.Kind) - int(b.Kind)
	})
	return links
}

// The encodings a UTF-8 fixture is converted to inside the tests.
var encodeAs = []struct {
	name   string
	encode func(t testing.TB, s string) []byte
}{
	{"utf8", func(_ testing.TB, s string) []byte { return []byte(s) }},
	{"utf8-bom", func(_ testing.TB, s string) []byte { return append([]byte("\xef\xbb\xbf"), s...) }},
	{"utf16le-bom", func(t testing.TB, s string) []byte {
		return encodeWith(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes, s)
	}},
	{"utf16be-bom", func(t testing.TB, s string) []byte {
		return encodeWith(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes, s)
	}},
	{"gb18030", func(t testing.TB, s string) []byte {
		return encodeWith(t, simplifiedchinese.GB18030.NewEncoder().Bytes, s)
	}},
}

func encodeWith(t testing.TB, enc func([]byte) ([]byte, error), s string) []byte {
	t.Helper()
	b, err := enc([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gb18030(t testing.TB, s string) []byte { return encodeAs[4].encode(t, s) }
