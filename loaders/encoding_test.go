package loaders

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/encoding/unicode"
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
			"firms.csv:1: UTF-16LE text without a byte-order mark (a zero byte in every other place) (hint: use --encoding utf-16le, or save the file as CSV in UTF-8)"},
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
			want := tc.want
			if !strings.Contains(want, "links.csv") { // links.csv has only its header
				want += "\n" + noLinks
			}
			if err.Error() != want {
				t.Errorf("got  %s\nwant %s", err, want)
			}
		})
	}
}

const noLinks = "links.csv:1: no links: the table has no rows below its header (hint: a dataset needs at least one firm and one link)"

// A U+FFFD written in GB18030 (84 31 A4 37) is a character, not an
// error; UTF-16LE may be forced on a file without BOM.
func TestEncodingEdges(t *testing.T) {
	fsys := fstest.MapFS{
		"firms.csv": {Data: gb18030(t, "id,name\na1,华丰\ufffd\na2,x\n")},
		"links.csv": {Data: []byte("f\x00r\x00o\x00m\x00,\x00t\x00o\x00\n\x00")},
	}
	_, err := Load(fsys, Options{})
	if err == nil || !strings.Contains(err.Error(), "UTF-16LE text without a byte-order mark") {
		t.Errorf("got %v", err)
	}
	fsys["links.csv"].Data = []byte("from,to\na1,a2\n")
	res, err := Load(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Dataset.Nodes[0].Name != "华丰\ufffd" || res.Inputs[0].Encoding != "GB18030 (not UTF-8)" {
		t.Errorf("got %+v %+v", res.Dataset.Nodes[0], res.Inputs[0])
	}
	res, err = Load(fstest.MapFS{
		"firms.csv": {Data: []byte("i\x00d\x00\n\x00a\x001\x00\n\x00a\x002\x00\n\x00")},
		"links.csv": {Data: []byte("f\x00r\x00o\x00m\x00,\x00t\x00o\x00\n\x00a\x001\x00,\x00a\x002\x00\n\x00")},
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

// Excel's "CSV (Macintosh)" ends lines with a lone CR: every layout, in
// every encoding, reads as with LF, and errors name the same lines.
func TestCRLineEnds(t *testing.T) {
	for _, lay := range layouts {
		want, err := Load(fsOf(lay.files), Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, enc := range encodeAs {
			for _, eol := range []string{"\r", "\r\n"} {
				fsys := fstest.MapFS{}
				for name, body := range lay.files {
					body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", eol)
					fsys[name] = &fstest.MapFile{Data: enc.encode(t, body)}
				}
				for _, noFast := range []bool{false, true} {
					got, err := Load(fsys, Options{noFast: noFast})
					if err != nil {
						t.Fatalf("%s, %s, %q: %v", lay.name, enc.name, eol, err)
					}
					if dumpData(got) != dumpData(want) {
						t.Errorf("%s, %s, %q:\n%s\nwant\n%s", lay.name, enc.name, eol, dumpData(got), dumpData(want))
					}
				}
			}
		}
	}
	// Lines of errors, with a quoted value spanning a CR line end.
	_, err := Load(fsOf(map[string]string{
		"firms.csv": "id,name\ra1,\"two\rlines\"\ra2,x\r",
		"links.csv": "from,to\ra1,a2\r\ra1,zz9\r"}), Options{})
	if want := `links.csv:4:2: unknown id "zz9" in column "to"`; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want %s", err, want)
	}
	res, err := Load(fsOf(map[string]string{"firms.csv": "id,name\ra1,\"two\rlines\"\ra2,x\r", "links.csv": "from,to\ra1,a2\r"}), Options{})
	if err != nil || res.Dataset.Nodes[0].Name != "two\nlines" {
		t.Errorf("%v %v", res, err)
	}
}

// Encodings Excel users meet by accident are named in the message, and
// nothing of the file's bytes is printed raw.
func TestEncodingsNamed(t *testing.T) {
	le16 := func(s string) []byte {
		return encodeWith(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().Bytes, s)
	}
	be16 := func(s string) []byte {
		return encodeWith(t, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().Bytes, s)
	}
	le32 := func(s string) []byte {
		var b []byte
		for _, r := range s {
			b = append(b, byte(r), byte(r>>8), byte(r>>16), byte(r>>24))
		}
		return b
	}
	be32 := func(s string) []byte {
		var b []byte
		for _, r := range s {
			b = append(b, byte(r>>24), byte(r>>16), byte(r>>8), byte(r))
		}
		return b
	}
	const chinese = "编号,企业名称,所属集群\na1,义乌市华丰饰品有限公司,义乌\na2,温州嘉禾鞋业有限公司,温州\n"
	for _, tc := range []struct {
		name  string
		firms []byte
		want  string
	}{
		{"UTF-16LE, Chinese, no BOM", le16(chinese),
			"firms.csv:1: UTF-16LE text without a byte-order mark (a zero byte in every other place) (hint: use --encoding utf-16le, or save the file as CSV in UTF-8)"},
		{"UTF-16BE, Chinese, no BOM", be16(chinese),
			"firms.csv:1: UTF-16BE text without a byte-order mark (a zero byte in every other place) (hint: use --encoding utf-16be, or save the file as CSV in UTF-8)"},
		{"UTF-32LE with BOM", le32("\ufeff" + firms),
			"firms.csv:1: UTF-32LE text (with a byte-order mark), which is not read (hint: save the file as CSV in UTF-8 (in Excel: CSV UTF-8) or as UTF-16)"},
		{"UTF-32BE with BOM", be32("\ufeff" + chinese),
			"firms.csv:1: UTF-32BE text (with a byte-order mark), which is not read (hint: save the file as CSV in UTF-8 (in Excel: CSV UTF-8) or as UTF-16)"},
		{"UTF-32LE, no BOM", le32(chinese),
			"firms.csv:1: UTF-32LE text without a byte-order mark (three zero bytes in every four), which is not read (hint: save the file as CSV in UTF-8 (in Excel: CSV UTF-8) or as UTF-16)"},
		{"UTF-32BE, no BOM", be32(firms),
			"firms.csv:1: UTF-32BE text without a byte-order mark (three zero bytes in every four), which is not read (hint: save the file as CSV in UTF-8 (in Excel: CSV UTF-8) or as UTF-16)"},
		{"a NUL byte", []byte("id,name\na1,x\na2,y\x00z\n"),
			"firms.csv:3: a zero byte (NUL) at line 3, character 5: not text, or in an encoding with zero bytes (UTF-16 or UTF-32) that was not recognised (hint: save the file as CSV in UTF-8 (in Excel: CSV UTF-8))"},
		{"a NUL byte in GB18030", gb18030(t, "编号,名称\na1,华丰\x00\n"),
			"firms.csv:2: a zero byte (NUL) at line 2, character 6: not text, or in an encoding with zero bytes (UTF-16 or UTF-32) that was not recognised (hint: save the file as CSV in UTF-8 (in Excel: CSV UTF-8))"},
		{"BOM in the middle", []byte("\xef\xbb\xbfid,name\na1,x\n\xef\xbb\xbfid,name\na2,y\n"),
			"firms.csv:3: a byte-order mark inside the file at line 3, character 1: were two files joined? (hint: delete the invisible character (U+FEFF) there; a file saved once has its byte-order mark only at the start)"},
		{"BOM in the middle of UTF-16", append(encodeAs[2].encode(t, firms), encodeAs[2].encode(t, "a9,x\n")...),
			"firms.csv:5: a byte-order mark inside the file at line 5, character 1: were two files joined? (hint: delete the invisible character (U+FEFF) there; a file saved once has its byte-order mark only at the start)"},
		{"invalid UTF-8 after CR line ends", []byte("id,name\ra1,x\ra2,\xff\r"),
			"firms.csv:3: invalid UTF-8 at line 3, character 4 (hint: save the file as UTF-8 (in Excel: CSV UTF-8), or name its encoding with --encoding)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := Options{}
			if strings.HasPrefix(tc.name, "invalid UTF-8") {
				opt.Encoding = UTF8
			}
			_, err := Load(fstest.MapFS{"firms.csv": {Data: tc.firms}, "links.csv": {Data: []byte("from,to\na1,a2\n")}}, opt)
			if !errors.Is(err, ErrEncoding) {
				t.Fatalf("error %v is not ErrEncoding", err)
			}
			if got := strings.SplitN(err.Error(), "\n", 2)[0]; got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if strings.ContainsAny(err.Error(), "\x00\ufeff") {
				t.Errorf("raw bytes in %q", err)
			}
		})
	}
}

// An unclosed quote is reported where it opens, not at the end of the
// file, in the table's header as in its rows.
func TestUnclosedQuote(t *testing.T) {
	for _, tc := range []struct{ firms, want string }{
		{"id,name\na1,x\na2,\"Stitch & Sons\na3,y\na4,z\n",
			"firms.csv:3:2: a quoted value opens here and is never closed (hint: end the value with a double quote; a double quote inside a quoted value is written twice (\"\"))"},
		{"id,name\na1,\"two\nlines\",\"open\na3,y\n",
			"firms.csv:3:3: a quoted value opens here and is never closed (hint: end the value with a double quote; a double quote inside a quoted value is written twice (\"\"))"},
		{"id,\"name\na1,x\n",
			"firms.csv:1:2: a quoted value opens here and is never closed (hint: end the value with a double quote; a double quote inside a quoted value is written twice (\"\"))"},
		{"id,name\na1,\"x\"y\na2,z\n", // not unclosed: encoding/csv's place
			"firms.csv:2: extraneous or missing \" in quoted-field (hint: a double quote inside a quoted value is written twice (\"\"))"},
	} {
		_, err := Load(fsOf(map[string]string{"firms.csv": tc.firms, "links.csv": "from,to\na1,a2\n"}), Options{})
		if err == nil || strings.SplitN(err.Error(), "\n", 2)[0] != tc.want {
			t.Errorf("%q:\ngot  %v\nwant %s", tc.firms, err, tc.want)
		}
	}
}
