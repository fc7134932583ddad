package loaders

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// layouts are UTF-8 fixtures of the same small dataset as survey files
// come: SPEC tables, Chinese headers with semicolons and survey numbers,
// Excel's tab-separated "Unicode text", pipes with mixed-case aliases.
var layouts = []struct {
	name  string
	files map[string]string
}{
	{"spec-comma", map[string]string{
		"firms.csv":   "id,name,cluster,employees,revenue,export_share\na1,义乌市华丰饰品有限公司,yiwu,120,\"1,250.5\",35%\na2,\"Wenzhou Jiahe Shoes Co., Ltd\",wenzhou,45,300,0.2\na3,,,,,\n",
		"markets.csv": "id,name,booths\nm1,义乌中国小商品城,\"75,000\"\n",
		"buyers.csv":  "id,name,country\nz1,Walmart,United States\n",
		"links.csv":   "from,to,kind,volume\na2,a1,subcontract,10\na1,m1,sale,\"1,250\"\na1,m1,,12.5万\nm1,z1,sale,\na3,a1,,2.5\n",
	}},
	{"chinese-semicolon", map[string]string{
		"firms.csv":   "编号;企业名称;所属集群;员工人数;营业收入;出口比例\na1;义乌市华丰饰品有限公司;yiwu;120;1250.5;35%\na2;Wenzhou Jiahe Shoes Co., Ltd;wenzhou;45;300;0.2\na3;;;;;\n",
		"markets.csv": "代码;市场名称;摊位数\nm1;义乌中国小商品城;75 000\n",
		"buyers.csv":  "买家代码;买家名称;国家\nz1;Walmart;United States\n",
		"links.csv":   "供方;需方;关系类型;金额\na2;a1;外协;10\na1;m1;销售;1 250\na1;m1;;12.5万\nm1;z1;销售;\na3;a1;;２.５\n",
	}},
	{"excel-tab", map[string]string{
		"firms.csv":   "ID\tName\tCluster\tEmployees\tRevenue\tExport Share\r\na1\t义乌市华丰饰品有限公司\tyiwu\t120\t\"1,250.5\"\t35%\r\na2\t\"Wenzhou Jiahe Shoes Co., Ltd\"\twenzhou\t45\t300\t0.2\r\na3\t\t\t\t\t\r\n",
		"markets.csv": "ID\tName\tBooths\r\nm1\t义乌中国小商品城\t75,000\r\n",
		"buyers.csv":  "ID\tName\tCountry\r\nz1\tWalmart\tUnited States\r\n",
		"links.csv":   "From\tTo\tKind\tVolume\r\na2\ta1\tSubcontract\t10\r\na1\tm1\tSale\t\"1,250\"\r\na1\tm1\t\t12.5万\r\nm1\tz1\tsale\t\r\na3\ta1\t\t2.5\r\n",
	}},
	{"pipe-aliases", map[string]string{
		"firms.csv":   "Code|Firm_Name|Industrial-Cluster|STAFF|turnover|出口占比\na1|义乌市华丰饰品有限公司|yiwu|120|1,250.5|35％\na2|Wenzhou Jiahe Shoes Co.; Ltd|wenzhou|45|300|0.2\na3|||||\n",
		"markets.csv": "code|name|stalls\nm1|义乌中国小商品城|75,000\n",
		"buyers.csv":  "code|name|国别\nz1|Walmart|United States\n",
		"links.csv":   "source|target|relation|amount\na2|a1|分包|10\na1|m1|sales|1,250\na1|m1||12.5万\nm1|z1|SALE|\na3|a1||2.5\n",
	}},
}

// Every layout in every encoding gives the same dataset; the golden file
// holds it once, with how each encoding was read.
func TestLayoutsAndEncodings(t *testing.T) {
	for _, lay := range layouts {
		t.Run(lay.name, func(t *testing.T) {
			var want string
			var inputs strings.Builder
			for _, enc := range encodeAs {
				fsys := fstest.MapFS{}
				for name, body := range lay.files {
					fsys[name] = &fstest.MapFile{Data: enc.encode(t, body)}
				}
				res, err := Load(fsys, Options{Name: "test"})
				if err != nil {
					t.Fatalf("%s: %v", enc.name, err)
				}
				got := dumpData(res)
				if want == "" {
					want = got
				} else if got != want {
					t.Errorf("%s differs from utf8:\n%s\nwant\n%s", enc.name, got, want)
				}
				fmt.Fprintf(&inputs, "%s:\n", enc.name)
				for _, in := range res.Inputs {
					fmt.Fprintf(&inputs, "  %s\n", in)
				}
			}
			golden(t, "layouts/"+lay.name+".golden", want+"read as:\n"+inputs.String())
		})
	}
}

// The Chinese layout is the SPEC layout: same nodes, attributes under
// their SPEC names, same links and volumes.
func TestAliasesGiveTheSameDataset(t *testing.T) {
	var first string
	for _, lay := range layouts {
		res, err := Load(fsOf(lay.files), Options{Name: "test"})
		if err != nil {
			t.Fatal(err)
		}
		got := dumpData(res)
		if lay.name == "pipe-aliases" { // a name with ";" instead of ","
			got = strings.Replace(got, "Co.; Ltd", "Co., Ltd", 1)
		}
		if first == "" {
			first = got
		} else if got != first {
			t.Errorf("%s:\n%s\nwant\n%s", lay.name, got, first)
		}
	}
}

func TestEncodingErrors(t *testing.T) {
	const links = "from,to\n"
	for _, tc := range []struct {
		name  string
		firms []byte
		enc   Encoding
		want  string
	}{
		{"UTF-16 odd length", append([]byte("\xff\xfe"), "i\x00d\x00\n\x00x"...), Auto,
			"firms.csv:2: invalid UTF-16LE with BOM: an odd number of bytes at line 2, character 1 (hint: the file is not UTF-16 throughout; name its encoding with --encoding)"},
		{"UTF-16 unpaired surrogate", append([]byte("\xfe\xff"), "\x00i\x00d\x00\n\xd8\x00\x00a"...), Auto,
			"firms.csv:2: invalid UTF-16BE with BOM: an unpaired surrogate at line 2, character 1 (hint: the file is not UTF-16 throughout; name its encoding with --encoding)"},
		{"UTF-16 without BOM", []byte("i\x00d\x00\n\x00a\x00\n\x00"), Auto,
			"firms.csv:1: every other byte is zero: UTF-16 text without a byte-order mark (hint: use --encoding utf-16le or utf-16be)"},
		{"forced UTF-16 without BOM", []byte("id\na\n"), UTF16,
			"firms.csv:1: UTF-16 without a byte-order mark (hint: use --encoding utf-16le or utf-16be to say which)\n" +
				"links.csv:1: UTF-16 without a byte-order mark (hint: use --encoding utf-16le or utf-16be to say which)"},
		{"forced UTF-8", []byte("id,name\na1,\xd2\xe5\xce\xda\n"), UTF8,
			"firms.csv:2: invalid UTF-8 at line 2, character 4 (hint: save the file as UTF-8 (in Excel: CSV UTF-8), or name its encoding with --encoding)"},
		{"forced GB18030, bad bytes", []byte("id,name\na1,ok\na2,\x81\x20\n"), GB18030,
			"firms.csv:3: bytes that are not GB18030 at line 3, character 4 (hint: save the file as UTF-8, or name its encoding with --encoding)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{"firms.csv": {Data: tc.firms}, "links.csv": {Data: []byte(links)}},
				Options{Encoding: tc.enc})
			if !errors.Is(err, ErrEncoding) {
				t.Fatalf("error %v is not ErrEncoding", err)
			}
			if err.Error() != tc.want {
				t.Errorf("got  %s\nwant %s", err, tc.want)
			}
		})
	}
}

// A U+FFFD written in GB18030 (84 31 A4 37) is a character, not an
// error; UTF-16LE may be forced on a file without BOM.
func TestEncodingEdges(t *testing.T) {
	fsys := fstest.MapFS{
		"firms.csv": {Data: gb18030(t, "id,name\na1,华丰\ufffd\n")},
		"links.csv": {Data: []byte("f\x00r\x00o\x00m\x00,\x00t\x00o\x00\n\x00")},
	}
	_, err := Load(fsys, Options{})
	if err == nil || !strings.Contains(err.Error(), "UTF-16 text without a byte-order mark") {
		t.Errorf("got %v", err)
	}
	fsys["links.csv"].Data = []byte("from,to\n")
	res, err := Load(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Dataset.Nodes[0].Name != "华丰\ufffd" || res.Inputs[0].Encoding != "GB18030 (not UTF-8)" {
		t.Errorf("got %+v %+v", res.Dataset.Nodes[0], res.Inputs[0])
	}
	res, err = Load(fstest.MapFS{
		"firms.csv": {Data: []byte("i\x00d\x00\n\x00a\x001\x00\n\x00")},
		"links.csv": {Data: []byte("f\x00r\x00o\x00m\x00,\x00t\x00o\x00\n\x00")},
	}, Options{Encoding: UTF16LE})
	if err != nil || res.Dataset.Nodes[0].ID != "a1" {
		t.Errorf("forced UTF-16LE: %v %v", res, err)
	}
}

func TestParseEncoding(t *testing.T) {
	for in, want := range map[string]Encoding{"": Auto, "AUTO": Auto, "utf-8": UTF8, "UTF8": UTF8, "utf-16": UTF16,
		"UTF-16LE": UTF16LE, "utf_16be": UTF16BE, "gbk": GB18030, "GB2312": GB18030, "gb18030": GB18030, "cp936": GB18030} {
		if got, err := ParseEncoding(in); err != nil || got != want {
			t.Errorf("%q: %v %v, want %v", in, got, err, want)
		}
	}
	if _, err := ParseEncoding("latin1"); err == nil || !strings.Contains(err.Error(), "known: auto, utf-8") {
		t.Errorf("latin1: %v", err)
	}
}
