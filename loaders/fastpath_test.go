package loaders

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"
)

// fastInputs are files without double quotes, where the fast path
// applies: line endings, blank lines, spaces, short and long rows, and
// every kind of row error.
var fastInputs = []map[string]string{
	{"firms.csv": firms, "links.csv": "from,to,kind,volume\na1,a2,subcontract,10\na1,a3,,\n"},
	{"firms.csv": "id,name\r\na1,x\r\n\r\na2,y\r", "links.csv": "from,to\r\n\r\n a1 , a2 \r\na2,a1\r\n\r\n"},
	{"firms.csv": "\n\nid\n\na1\n  \na2\n", "links.csv": "\nto,from,volume\na1,a2\na2,a1,3,4\na1,,\n,a1,1\n"},
	{"firms.csv": "id,cluster\na1,c\na2,c\na1,d\n,x\n", "links.csv": "from,to,volume\na1,a2,1\r\r\na1,a2,x\na2,a1,-1\na1,a1,1\nzz,a2,1\n"},
	{"firms.csv": firms, "markets.csv": markets, "buyers.csv": buyers,
		"links.csv": "from,to,kind,volume\nz1,a1,sale,1\na1,m1,subcontract,1\na1,m1,gift,1\nm1,z1,,1\nm1,z1,,\na1,m1,Sale,1 250\na1,m1,sale,12.5万\n"},
	{"firms.csv": "编号;名称\na1;华丰\na2;美伦\n", "links.csv": "供方;需方;金额\na1;a2;1,5\na1;a2;2\na2;a1;３\n"},
	{"firms.csv": "id\ta b\na1\tx\ty\na2\t\n", "links.csv": "from\tto\na1\ta2\ta3\na1\ta2\n"},
	{"firms.csv": "id\r\n\r\na1\r\n\r\r\na2\r", "links.csv": "from,to\r\na1,a2\r"},
}

func loadBoth(t *testing.T, files map[string]string, opt Options) (string, string) {
	t.Helper()
	fast, err := Load(fsOf(files), opt)
	a := dump(fast, err)
	opt.noFast = true
	slow, err := Load(fsOf(files), opt)
	b := dump(slow, err)
	if fast != nil && slow != nil && !sameResult(fast, slow) {
		t.Errorf("results differ:\n%+v\n%+v", fast, slow)
	}
	return a, b
}

// The fast path and encoding/csv give the same results and the same
// errors, with the same positions.
func TestFastPathIsEncodingCSV(t *testing.T) {
	for i, files := range fastInputs {
		for _, max := range []int{0, 2} {
			a, b := loadBoth(t, files, Options{MaxErrors: max})
			if a != b {
				t.Errorf("input %d (max %d): fast path\n%s\nencoding/csv\n%s", i, max, a, b)
			}
		}
	}
}

// bigLinks is a links table of n rows over 100 firms, with some
// duplicates, unknown volumes, blank lines, CRLF and, if bad, errors.
func bigLinks(n int, bad bool) map[string]string {
	r := rand.New(rand.NewPCG(7, uint64(n)))
	var f, l strings.Builder
	f.WriteString("id,employees\n")
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&f, "f%03d,%d\n", i, i)
	}
	for i := 0; i < 2000; i++ { // more firms; if bad, duplicates, empty ids, bad numbers, blank lines, long rows
		if !bad {
			fmt.Fprintf(&f, "g%04d,%d\n", i, i)
			continue
		}
		switch i % 5 {
		case 0:
			fmt.Fprintf(&f, "f%03d,1\n", i%100)
		case 1:
			f.WriteString(",2\n")
		case 2:
			fmt.Fprintf(&f, "g%04d,约%d\n", i, i)
		case 3:
			f.WriteString([]string{"\r\n", ",\r\n"}[i%2])
		default:
			fmt.Fprintf(&f, "g%04d,3,4\n", i)
		}
	}
	l.WriteString("from,to,kind,volume\n")
	for i := 0; i < n; i++ {
		a, b := r.IntN(100), r.IntN(100)
		vol := fmt.Sprintf("%d.%d", r.IntN(1000), r.IntN(10))
		switch r.IntN(20) {
		case 0:
			vol = ""
		case 1:
			l.WriteString([]string{"\r\n", ",,,\r\n", " , \n"}[r.IntN(3)])
		case 2:
			if bad {
				b = 100 + r.IntN(5) // unknown
			}
		case 3:
			if bad {
				vol = "1,5"
			}
		}
		if a == b {
			b = (b + 1) % 100
		}
		fmt.Fprintf(&l, "f%03d,f%03d,%s,%s\n", a, b, []string{"supply", "subcontract"}[r.IntN(2)], vol)
	}
	return map[string]string{"firms.csv": f.String(), "links.csv": l.String()}
}

// Reading a large links table in parallel chunks gives what one
// sequential pass gives, errors and their cut-off included.
func TestParallelLinksAreSequential(t *testing.T) {
	for _, bad := range []bool{false, true} {
		files := bigLinks(20000, bad)
		for _, max := range []int{0, 5, 1000} {
			seq, err := Load(fsOf(files), Options{MaxErrors: max, workers: 1})
			want := dump(seq, err)
			for _, workers := range []int{2, 3, 8} {
				par, err := Load(fsOf(files), Options{MaxErrors: max, workers: workers, parallelMin: 4096})
				if got := dump(par, err); got != want {
					t.Fatalf("bad %v, max %d, %d workers:\n%.2000s\nwant\n%.2000s", bad, max, workers, got, want)
				}
			}
			// And encoding/csv gives the same again.
			slow, err := Load(fsOf(files), Options{MaxErrors: max, noFast: true})
			if got := dump(slow, err); got != want {
				t.Fatalf("encoding/csv differs:\n%.2000s\nwant\n%.2000s", got, want)
			}
		}
	}
}

// A file with a double quote goes through encoding/csv; the results are
// those of the same data unquoted.
func TestQuotedFileSameAsUnquoted(t *testing.T) {
	plain, err := Load(fsOf(map[string]string{"firms.csv": "id,name\na1,x\na2,y\n", "links.csv": "from,to,volume\na1,a2,1250\n"}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	quoted, err := Load(fstest.MapFS{
		"firms.csv": {Data: []byte("\"id\",name\n\"a1\",x\na2,\"y\"\n")},
		"links.csv": {Data: []byte("from,to,volume\na1,a2,\"1,250\"\n")},
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if dumpData(plain) != dumpData(quoted) {
		t.Errorf("%s\n%s", dumpData(plain), dumpData(quoted))
	}
}

// Attribute cells that are not numbers, in a firms table large enough to
// be read in parallel chunks: the same attributes and the same warning as
// one sequential pass.
func TestParallelNodeTextCells(t *testing.T) {
	var f strings.Builder
	f.WriteString("id,employees,revenue\n")
	for i := 0; i < 5000; i++ {
		emp, rev := fmt.Sprint(i), "1250"
		if i%700 == 3 {
			emp = "n/a"
		}
		if i == 4000 {
			rev = "约50"
		}
		fmt.Fprintf(&f, "f%04d,%s,%s\n", i, emp, rev)
	}
	files := map[string]string{"firms.csv": f.String(), "links.csv": "from,to\nf0001,f0002\n"}
	seq, err := Load(fsOf(files), Options{workers: 1})
	want := dump(seq, err)
	if err != nil || len(seq.Warnings) != 2 || !strings.Contains(seq.Warnings[0].String(), `firms.csv:5: column 2: employees is not a number in 8 rows (first "n/a")`) {
		t.Fatalf("sequential: %v\n%v", err, seq.Warnings)
	}
	for _, workers := range []int{2, 3, 8} {
		par, err := Load(fsOf(files), Options{workers: workers, parallelMin: 4096})
		if got := dump(par, err); got != want {
			t.Fatalf("%d workers:\n%.2000s\nwant\n%.2000s", workers, got, want)
		}
	}
}
