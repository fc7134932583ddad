package xlsxout

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"clusterchain/loaders"
	"clusterchain/network"
	"clusterchain/report"
	"clusterchain/samples"
)

// A table longer than a sheet goes on as many sheets as it needs, each
// with the header: read one after the other they are the CSV table.
func TestLongTablesGoOnMoreSheets(t *testing.T) {
	res, err := loaders.Load(samples.Zhejiang(), loaders.Options{})
	if err != nil {
		t.Fatal(err)
	}
	nw, err := network.New(res.Dataset)
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := write(&buf, a, 50); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got [][]string
	var names []string
	for _, sh := range f.GetSheetList() {
		if sh != "nodes" && !strings.HasPrefix(sh, "nodes ") {
			continue
		}
		names = append(names, sh)
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 {
			got = append(got, rows[0])
		}
		got = append(got, rows[1:]...)
	}
	if strings.Join(names, ",") != "nodes,nodes 2,nodes 3,nodes 4,nodes 5" {
		t.Errorf("sheets %v", names)
	}
	var c bytes.Buffer
	if err := report.WriteNodes(&c, a); err != nil {
		t.Fatal(err)
	}
	want, _ := csv.NewReader(&c).ReadAll()
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i][0] != want[i][0] {
			t.Errorf("row %d: %s, want %s", i, got[i][0], want[i][0])
		}
	}
}
