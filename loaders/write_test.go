package loaders

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"clusterchain/internal/csvsafe"
)

// Formula-looking cells are written inert, with a warning each, and the
// written tables load back to exactly the same dataset: =x and '=x stay
// two ids.
func TestWriteTablesFormulas(t *testing.T) {
	files := map[string]string{
		"firms.csv": "id,name,cluster,employees,'=k\n" +
			"=x,\"=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\",-c,-5,v\n" +
			"''=x,@SUM(A1),-c,12,\n" +
			"'\t=1,plain,,,+cmd|' /C calc'!A0\n" +
			"-5,minus five,'Tis,,\n",
		"markets.csv":  "id,name\n+m,market\n",
		"clusters.csv": "id,name\n-c,\"=1+1\"\n",
		"links.csv":    "from,to,kind,volume (万元)\n=x,''=x,supply,1\n''=x,+m,,2\n=x,+m,,\n'\t=1,=x,subcontract,3\n-5,=x,,4\n",
	}
	res, err := Load(fsOf(files), Options{KeepRows: true})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, nd := range res.Dataset.Nodes {
		ids[nd.ID] = true
	}
	for _, id := range []string{"=x", "'=x", "\t=1", "-5", "+m"} {
		if !ids[id] {
			t.Errorf("id %q not read (ids %v)", id, ids)
		}
	}
	loaded := len(res.Warnings)
	out := memFiles{}
	if err := WriteTables(res, out.create); err != nil {
		t.Fatal(err)
	}
	// No written cell runs in a spreadsheet, but plain numbers stay numbers.
	for name, b := range out {
		recs, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range recs {
			for _, c := range rec {
				if csvsafe.Risky(c) && c != "-5" {
					t.Errorf("%s: cell %q runs as a formula", name, c)
				}
			}
		}
	}
	if !strings.Contains(out["firms.csv"].String(), "\n-5,minus five,''Tis,,\n") ||
		!strings.Contains(out["firms.csv"].String(), "\n''=x,'@SUM(A1),'-c,12,\n") ||
		!strings.HasPrefix(out["links.csv"].String(), "from,to,kind,volume (万元)\n'=x,''=x,supply,1\n") {
		t.Errorf("written:\n%s", out)
	}
	var got []string
	for _, w := range res.Warnings[loaded:] {
		got = append(got, w.String())
	}
	want := []string{
		`firms.csv:1: column "=k": "=k" begins like a spreadsheet formula (line 1): written with a leading apostrophe, Excel's mark for text; loading the table reads it back without it`,
		`firms.csv:2: column "id": "=x" begins like a spreadsheet formula (line 2): written with a leading apostrophe, Excel's mark for text; loading the table reads it back without it`,
		`firms.csv:2: column "name": "=HYPERLINK(\"http://evil\",\"click\")" begins like a spreadsheet formula (line 2): written with a leading apostrophe, Excel's mark for text; loading the table reads it back without it`,
		`firms.csv:2: column "cluster": "-c" begins like a spreadsheet formula (lines 2, 3): written with a leading apostrophe, Excel's mark for text; loading the table reads it back without it`,
		`firms.csv:3: column "name": "@SUM(A1)" begins like a spreadsheet formula (line 3): written with a leading apostrophe, Excel's mark for text; loading the table reads it back without it`,
		`firms.csv:4: column "id": "\t=1" begins like a spreadsheet formula (line 4): written with a leading apostrophe, Excel's mark for text; loading the table reads it back without it`,
		`firms.csv:4: column "=k": "+cmd|' /C calc'!A0" begins like a spreadsheet formula (line 4): written with a leading apostrophe, Excel's mark for text; loading the table reads it back without it`,
		`markets.csv:2: column "id": "+m" begins like a spreadsheet formula (line 2): written with a leading apostrophe, Excel's mark for text; loading the table reads it back without it`,
		`clusters.csv:3: column "id": "-c" begins like a spreadsheet formula (line 3): written with a leading apostrophe, Excel's mark for text; loading the table reads it back without it`,
		`clusters.csv:3: column "name": "=1+1" begins like a spreadsheet formula (line 3): written with a leading apostrophe, Excel's mark for text; loading the table reads it back without it`,
		`links.csv:2: column "from": "=x" begins like a spreadsheet formula (lines 2, 4): written with a leading apostrophe, Excel's mark for text; loading the table reads it back without it`,
		`links.csv:3: column "to": "+m" begins like a spreadsheet formula (lines 3, 4): written with a leading apostrophe, Excel's mark for text; loading the table reads it back without it`,
		`links.csv:5: column "from": "\t=1" begins like a spreadsheet formula (line 5): written with a leading apostrophe, Excel's mark for text; loading the table reads it back without it`,
		`links.csv:5: column "to": "=x" begins like a spreadsheet formula (lines 5, 6): written with a leading apostrophe, Excel's mark for text; loading the table reads it back without it`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	again, err := Load(out.fs(), Options{KeepRows: true})
	if err != nil {
		t.Fatal(err)
	}
	res.Warnings = res.Warnings[:loaded]
	if a, b := dumpData(again), dumpData(res); a != b || again.VolumeUnit != "万元" {
		t.Errorf("round trip (unit %q):\n%s\nwant\n%s", again.VolumeUnit, a, b)
	}
}
