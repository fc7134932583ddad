package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

const (
	surveyFile   = "../../samples/survey/survey.csv"
	surveySchema = "../../samples/survey/schema.json"
)

// The sample survey imports into SPEC tables; analysing the survey
// directly and analysing the imported tables give the same tables.
func TestImportSurveySample(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "datang")
	code, out, errs := clusterchain(t, "import", surveyFile, "--schema", surveySchema, "-o", data)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "15 firms, 3 markets, 3 buyers, 2 clusters, 30 link rows (30 links)") {
		t.Errorf("import output:\n%s", out)
	}
	files := readDir(t, data)
	for _, f := range []string{"firms.csv", "markets.csv", "buyers.csv", "clusters.csv", "links.csv"} {
		if len(files[f]) == 0 {
			t.Errorf("%s not written", f)
		}
	}
	// A partner written by name in the survey is the declared market.
	if !strings.Contains(string(files["links.csv"]), "DT001,datang-sock-city,sale,12000000\n") {
		t.Errorf("links.csv:\n%s", files["links.csv"])
	}
	direct, imported := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	if code, _, errs := clusterchain(t, "analyze", surveyFile, "--schema", surveySchema, "-o", direct, "--formats", "csv", "--quiet"); code != 0 {
		t.Fatalf("analyze survey: exit %d: %s", code, errs)
	}
	if code, _, errs := clusterchain(t, "analyze", data, "-o", imported, "--formats", "csv", "--quiet"); code != 0 {
		t.Fatalf("analyze imported: exit %d: %s", code, errs)
	}
	a, b := readDir(t, direct), readDir(t, imported)
	if len(a) < 5 {
		t.Fatalf("analyze wrote %d files", len(a))
	}
	for name, body := range a {
		if string(body) != string(b[name]) {
			t.Errorf("%s differs between the survey and its import", name)
		}
	}
	if code, out, _ := clusterchain(t, "validate", surveyFile, "--schema", surveySchema); code != 0 ||
		!strings.Contains(out, "ok: 15 firms, 3 markets, 3 buyers, 2 clusters, 30 links") {
		t.Errorf("validate survey: exit %d\n%s", code, out)
	}
}

func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// brokenSurvey is a GB18030, semicolon-separated dataset with Chinese
// headers and a problem in every other row.
func brokenSurvey(t *testing.T) string {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"firms.csv": "编号;企业名称;所属集群;员工人数;营业收入;出口比例\n" +
			"dt1;诸暨市华丰袜业;datang;120;8600;45%\n" +
			"dt2;大唐美伦袜业;datang;约50;4100;0,6\n" +
			"dt3;永兴织袜厂;datang;45;1,020;\n" +
			"dt1;重复企业;datang;10;20;\n",
		"markets.csv": "代码;市场名称\nm1;大唐轻纺袜业城\n",
		"buyers.csv":  "买家代码;买家名称;国家\nwalmart;Walmart;美国\n",
		"links.csv": "供方;需方;关系类型;金额\n" +
			"dt2;dt1;外协;12.5万\n" +
			"dt1;m1;销售;1,5\n" +
			"dt3;m9;销售;80\n" +
			"walmart;dt1;销售;100\n" +
			"dt1;walmart;赠送;5\n" +
			"dt3;dt1;分包;20%\n" +
			"dt1;m1;销售;3;多余\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), gbk(t, body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// validate lists every problem of a broken GB18030 file, with positions
// and hints, and exits 1. (Its attribute cells that are not numbers —
// 员工人数 "约50", 出口比例 "0,6" — are warnings, not errors: no figure
// reads them; see TestValidateAttributeText.)
func TestValidateBrokenGB18030(t *testing.T) {
	t.Parallel()
	code, out, errs := clusterchain(t, "validate", brokenSurvey(t))
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	want := `clusterchain validate:
  firms.csv:5:1: duplicate id "dt1" (first in firms.csv line 2) (hint: ids must be unique across firms, markets and buyers)
  links.csv:3:4: 1 volume is a number only with a decimal comma (line 3; first "1,5", which would be 1.5) (hint: the numbers look like a European Excel's: --decimal-comma reads them with "," as the decimal separator (1.234,5 is 1234.5, 1,5 is 1.5))
  links.csv:4:2: unknown id "m9" in column "需方" (hint: every id must be in firms.csv, markets.csv or buyers.csv)
  links.csv:5:1: a buyer cannot sell to a firm (sale buyer→firm) (hint: from and to may be swapped: every link points the way the goods go)
  links.csv:6:3: unknown kind "赠送" (hint: the kinds are subcontract, supply and sale (also 分包/外协, 供应/采购, 销售; --schema adds more), or empty for the default)
  links.csv:7:4: volume "20%" is a percentage (hint: a volume is an amount: write it as a number, not a percentage)
  links.csv:8:5: 5 fields, but the header has 4 (hint: a ';' inside a value needs the value in double quotes; the delimiter was guessed: rows have different numbers of fields, --delimiter chooses another)
`
	if errs != want {
		t.Errorf("got\n%s\nwant\n%s", errs, want)
	}
	// --max-errors cuts the list.
	code, _, errs = clusterchain(t, "validate", brokenSurvey(t), "--max-errors", "2")
	if code != 1 || strings.Count(errs, "\n") != 4 || !strings.Contains(errs, "too many errors: stopped after 2") {
		t.Errorf("capped: exit %d\n%s", code, errs)
	}
}

// A clean GB18030 file validates, saying how it was read.
func TestValidateShowsHowFilesWereRead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "firms.csv"), gbk(t, "编号;名称\na1;华丰\na2;美伦\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "links.csv"), gbk(t, "供方;需方;金额\na1;a2;1.5万\n"), 0o644)
	code, out, errs := clusterchain(t, "validate", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := "read firms.csv: GB18030 (not UTF-8), ';'-separated (detected)\n" +
		"read links.csv: GB18030 (not UTF-8), ';'-separated (detected)\n" +
		"ok: 2 firms, 0 markets, 0 buyers, 0 clusters, 1 links\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	// Forcing the wrong encoding is the user's call: the headers no
	// longer match.
	code, _, errs = clusterchain(t, "validate", dir, "--encoding", "utf-16le", "--delimiter", ";")
	if code != 1 || !strings.Contains(errs, "missing required column") {
		t.Errorf("forced: exit %d\n%s", code, errs)
	}
}

func TestInputFlagErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"validate", "x", "--encoding", "latin1"}, 2, `--encoding: unknown encoding "latin1"`},
		{[]string{"analyze", "--delimiter", ":"}, 2, `--delimiter: unknown delimiter ":"`},
		{[]string{"import", surveyFile}, 2, "-o DATASET is required"},
		{[]string{"import", "-o", "x"}, 2, "import takes one INPUT, got 0"},
		{[]string{"validate", surveyFile}, 1, `not a directory of CSV tables (a survey file needs --schema with a "survey" section)`},
		{[]string{"validate", surveyFile, "--schema", "nonexistent.json"}, 1, "schema: no file nonexistent.json"},
	} {
		code, _, errs := clusterchain(t, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, want %d with %q:\n%s", tc.args, code, tc.code, tc.want, errs)
		}
	}
}

// A schema error names the schema file and the key.
func TestSchemaErrors(t *testing.T) {
	t.Parallel()
	schema := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(schema, []byte(`{"survey": {"relations": [{"prefix": "market_", "target": "shop"}]}, "colums": {}}`), 0o644)
	code, _, errs := clusterchain(t, "validate", surveyFile, "--schema", schema)
	want := "clusterchain validate:\n" +
		"  " + schema + `: colums: unknown key (hint: the keys are tables, columns, kinds, survey, matrix, matrices and description)` + "\n" +
		"  " + schema + `: survey.relations[0].target: "shop" is not firm, market or buyer (hint: firm, market or buyer: what the relation's columns name)` + "\n"
	if code != 1 || errs != want {
		t.Errorf("exit %d\n%s\nwant\n%s", code, errs, want)
	}
}

func TestHelpImportListsAliases(t *testing.T) {
	t.Parallel()
	code, out, _ := clusterchain(t, "help", "import")
	for _, s := range []string{"企业名称", "分包", "volume           金额", "12.5万"} {
		if code != 0 || !strings.Contains(out, s) {
			t.Errorf("help import lacks %q", s)
		}
	}
}

// Attribute cells that are not numbers are warnings: validate passes and
// says which columns keep text.
func TestValidateAttributeText(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, body := range map[string]string{
		"firms.csv": "企业编号;企业名称;员工人数;出口比例\ndt1;华丰;约50;0,6\ndt2;美伦;120;45%\n",
		"links.csv": "供方;需方;金额\ndt2;dt1;12.5万\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), gbk(t, body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs := clusterchain(t, "validate", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		`firms.csv:2: column 3: 员工人数 is not a number in 1 row (first "约50"), kept as text`,
		`firms.csv:2: column 4: 出口比例 is not a number in 1 row (first "0,6"), kept as text`,
	} {
		if !strings.Contains(out+errs, want) {
			t.Errorf("missing %q in\n%s%s", want, out, errs)
		}
	}
}
