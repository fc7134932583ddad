package samples

import (
	"encoding/csv"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestZhejiang(t *testing.T) {
	want := map[string]string{
		"firms.csv":    "id,name,cluster,town,province,industry,employees,revenue,export_share",
		"markets.csv":  "id,name,city,category,booths",
		"buyers.csv":   "id,name,country,kind",
		"clusters.csv": "id,name,town,province,industry",
		"links.csv":    "from,to,kind,volume",
	}
	rows := map[string]int{}
	for name, header := range want {
		b, err := fs.ReadFile(Zhejiang(), name)
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(b) {
			t.Errorf("%s is not UTF-8", name)
		}
		recs, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := strings.Join(recs[0], ","); got != header {
			t.Errorf("%s header %q, want %q", name, got, header)
		}
		rows[name] = len(recs) - 1
	}
	if rows["firms.csv"] < 150 || rows["clusters.csv"] < 6 || rows["buyers.csv"] < 5 {
		t.Errorf("sizes %v", rows)
	}
}

func ExampleZhejiang() {
	entries, _ := fs.ReadDir(Zhejiang(), ".")
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	// Output:
	// buyers.csv
	// clusters.csv
	// firms.csv
	// links.csv
	// markets.csv
}
