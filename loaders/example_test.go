package loaders_test

import (
	"fmt"
	"testing/fstest"

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
