package loaders_test

import (
	"fmt"
	"testing/fstest"

	"golang.org/x/text/encoding/simplifiedchinese"

	"clusterchain/loaders"
)

func ExampleLoad() {
	fsys := fstest.MapFS{
		"firms.csv": {Data: []byte("id,name,cluster\nf1,Datang Socks No. 1,datang\nf2,大唐袜业二厂,datang\n")},
		"links.csv": {Data: []byte("from,to,kind,volume\nf2,f1,subcontract,120\nf2,zz9,sale,5\n")},
	}
	_, err := loaders.Load(fsys, loaders.Options{})
	fmt.Println(err)
	// Output:
	// links.csv:3:2: unknown id "zz9" in column "to" (hint: every id must be in firms.csv, markets.csv or buyers.csv)
}

// A file saved by Excel on a Chinese Windows: GB18030, semicolons,
// Chinese headers and kinds, an amount in 万.
func ExampleLoad_survey() {
	gbk := func(s string) []byte {
		b, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
		return b
	}
	fsys := fstest.MapFS{
		"firms.csv": {Data: gbk("编号;企业名称;所属集群\nf1;大唐袜业一厂;datang\nf2;大唐袜业二厂;datang\n")},
		"links.csv": {Data: gbk("供方;需方;关系类型;金额\nf2;f1;外协;12.5万\n")},
	}
	res, err := loaders.Load(fsys, loaders.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Inputs[0])
	fmt.Printf("%+v\n", res.Network.Dataset().Links[0])
	// Output:
	// firms.csv: GB18030 (not UTF-8), ';'-separated (detected)
	// {From:f2 To:f1 Kind:subcontract Volume:125000}
}

func ExampleParseNumber() {
	for _, s := range []string{"1,234.5", "１２ ３４５", "35%", "12.3456万", "1,5"} {
		v, text, err := loaders.ParseNumber(s)
		fmt.Println(v, text, err)
	}
	// Output:
	// 1234.5 1234.5 <nil>
	// 12345 12345 <nil>
	// 0.35 0.35 <nil>
	// 123456 123456 <nil>
	// 0  "1,5" has a comma that does not group thousands
}

// A wide survey: one row per firm, its markets in numbered columns.
func ExampleLoadSurvey() {
	schema, err := loaders.ParseSchema("schema.json", []byte(`{"survey": {"relations": [
		{"prefix": "market_", "target": "market", "kind": "sale", "volume_suffix": "_volume"}]}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fsys := fstest.MapFS{"survey.csv": {Data: []byte(
		"企业编号,企业名称,market_1,market_1_volume,market_2,market_2_volume\n" +
			"f1,大唐袜业一厂,大唐袜业城,300万,义乌小商品城,\n" +
			"f2,大唐袜业二厂,大唐袜业城,\"1,200\",,\n")}}
	res, err := loaders.LoadSurvey(fsys, "survey.csv", loaders.Options{Schema: schema})
	if err != nil {
		fmt.Println(err)
		return
	}
	nw := res.Network
	for _, l := range nw.Links() {
		fmt.Printf("%s → %s %s %v\n", nw.Nodes()[l.From].ID, nw.Nodes()[l.To].ID, l.Kind, l.Volume)
	}
	fmt.Println(res.Warnings[0])
	// Output:
	// f1 → 义乌小商品城 sale 0
	// f1 → 大唐袜业城 sale 3e+06
	// f2 → 大唐袜业城 sale 1200
	// survey.csv:2: 1 link has an unknown volume (empty cell, line 2): counted in degrees and reach, weighing 0 in volumes
}
