package loaders

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// writeTree makes files (relative paths → content) under dir; a content
// starting with "-> " makes a symbolic link to the rest.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if target, ok := strings.CutPrefix(body, "-> "); ok {
			err = os.Symlink(target, p)
		} else {
			err = os.WriteFile(p, []byte(body), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

const secret = "TOPSECRET-password,hunter2\n1,2\n"

// Tables that are symbolic links out of the dataset directory are not
// read (nor quoted); links inside it are followed.
func TestSymlinks(t *testing.T) {
	const links = "from,to\na1,a2\n"
	for _, tc := range []struct {
		name   string
		files  map[string]string // under root/ds
		schema string
		want   string // "" means the dataset loads
	}{
		{"inside", map[string]string{"firms.csv": "-> data/firms.csv", "data/firms.csv": firms, "links.csv": "-> ./data/../links2.csv", "links2.csv": links}, "", ""},
		{"directory link inside", map[string]string{"d": "-> data", "data/f.csv": firms, "links.csv": links}, `{"tables": {"firms": "d/f.csv"}}`, ""},
		{"relative out", map[string]string{"firms.csv": "-> ../secret.csv", "links.csv": links}, "",
			"firms.csv: a symbolic link to a file outside the dataset directory: not read (hint: copy the file into the dataset directory instead of linking to it)"},
		{"absolute", map[string]string{"firms.csv": firms, "links.csv": "-> " + "ABS"}, "",
			"links.csv: a symbolic link to a file outside the dataset directory: not read (hint: copy the file into the dataset directory instead of linking to it)"},
		{"chain out", map[string]string{"firms.csv": "-> a.csv", "a.csv": "-> sub/../b.csv", "b.csv": "-> ../secret.csv", "links.csv": links}, "",
			"firms.csv: a symbolic link to a file outside the dataset directory: not read (hint: copy the file into the dataset directory instead of linking to it)"},
		{"optional table", map[string]string{"firms.csv": firms, "links.csv": links, "markets.csv": "-> ../secret.csv"}, "",
			"markets.csv: a symbolic link to a file outside the dataset directory: not read (hint: copy the file into the dataset directory instead of linking to it)"},
		{"schema table through a directory link", map[string]string{"out": "-> ..", "links.csv": links}, `{"tables": {"firms": "out/secret.csv"}}`,
			"out/secret.csv: a symbolic link to a file outside the dataset directory: not read (hint: copy the file into the dataset directory instead of linking to it)"},
		{"loop", map[string]string{"firms.csv": "-> a.csv", "a.csv": "-> firms.csv", "links.csv": links}, "",
			"firms.csv: more than 40 symbolic links (hint: a table is a CSV file saved in the dataset directory)"},
		{"directory", map[string]string{"firms.csv/x": "", "links.csv": links}, "",
			"firms.csv: a directory, not a file: not read (hint: a table is a CSV file saved in the dataset directory)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			writeTree(t, root, map[string]string{"secret.csv": secret})
			files := map[string]string{}
			for k, v := range tc.files {
				files[k] = strings.Replace(v, "ABS", filepath.Join(root, "secret.csv"), 1)
			}
			ds := filepath.Join(root, "ds")
			writeTree(t, ds, files)
			opt := Options{}
			if tc.schema != "" {
				s, err := ParseSchema("schema.json", []byte(tc.schema))
				if err != nil {
					t.Fatal(err)
				}
				opt.Schema = s
			}
			res, err := Load(os.DirFS(ds), opt)
			if tc.want == "" {
				if err != nil || len(linksOf(res)) != 1 {
					t.Fatalf("%v", err)
				}
				return
			}
			if err == nil || strings.SplitN(err.Error(), "\n", 2)[0] != tc.want {
				t.Fatalf("got  %v\nwant %s", err, tc.want)
			}
			if strings.Contains(err.Error(), "TOPSECRET") {
				t.Errorf("the target's content is echoed: %v", err)
			}
			if strings.Contains(tc.want, "outside") && !errors.Is(err, ErrOutsideLink) {
				t.Errorf("%v is not ErrOutsideLink", err)
			}
			// With FollowLinks the link is read: the target is no dataset table.
			opt.FollowLinks = true
			if _, err := Load(os.DirFS(ds), opt); err != nil && errors.Is(err, ErrOutsideLink) {
				t.Errorf("FollowLinks: %v", err)
			}
		})
	}
}

// A symbolic link to a device, followed on request, is not read.
func TestDeviceNotRead(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	ds := t.TempDir()
	writeTree(t, ds, map[string]string{"firms.csv": firms, "links.csv": "-> /dev/zero"})
	_, err := Load(os.DirFS(ds), Options{FollowLinks: true})
	if want := "links.csv: a device, not a file: not read (hint: a table is a CSV file saved in the dataset directory)"; err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	if !errors.Is(err, ErrNotRegular) {
		t.Errorf("%v is not ErrNotRegular", err)
	}
	_, err = ReadSchema(os.DirFS("/dev"), "zero", "/dev/zero")
	if want := "/dev/zero: a device, not a file: not read"; err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

func TestReadSchema(t *testing.T) {
	fsys := fstest.MapFS{
		"good.json":  {Data: []byte(`{"kinds": {"委托加工": "subcontract"}}`)},
		"large.json": {Data: []byte(`{"description": "` + strings.Repeat("x", MaxSchemaBytes) + `"}`)},
		"bad.json":   {Data: []byte(`{"kinds": 1}`)},
		"dir/x":      {Data: []byte("")},
	}
	s, err := ReadSchema(fsys, "good.json", "conf/good.json")
	if err != nil || s.File != "conf/good.json" || len(s.Kinds) != 1 {
		t.Errorf("good: %+v %v", s, err)
	}
	for name, want := range map[string]string{
		"large.json": "large.json: 1,048,595 bytes: more than the limit of 1,048,576 bytes (hint: a schema names files, columns and kinds: is this the right file?)",
		"bad.json":   `bad.json: kinds: not an object of kind values (hint: e.g. {"委托加工": "subcontract"})`,
		"dir":        "dir: a directory, not a file: not read",
		"none.json":  "none.json: open none.json: file does not exist",
	} {
		_, err := ReadSchema(fsys, name, "")
		if err == nil || err.Error() != want {
			t.Errorf("%s: got  %v\nwant %s", name, err, want)
		}
	}
	if _, err := ReadSchema(fsys, "large.json", ""); !errors.Is(err, ErrTooLarge) {
		t.Errorf("%v is not ErrTooLarge", err)
	}
	if _, err := ReadSchema(fsys, "none.json", ""); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%v is not fs.ErrNotExist", err)
	}
}

// The survey file is the one the user names: followed even out of its
// directory; the tables its schema names are not.
func TestSurveyLinks(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"elsewhere/survey.csv": "id,market_1\na,m\n", "secret.csv": secret,
		"ds/survey.csv": "-> ../elsewhere/survey.csv", "ds/markets.csv": "-> ../secret.csv"})
	s, err := ParseSchema("schema.json", []byte(`{"survey": {"relations": [{"prefix": "market_", "target": "market"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := LoadSurvey(os.DirFS(filepath.Join(root, "ds")), "survey.csv", Options{Schema: s})
	if err != nil || len(linksOf(res)) != 1 {
		t.Fatalf("%v", err)
	}
	s.Tables = map[string]string{"markets": "markets.csv"}
	_, err = LoadSurvey(os.DirFS(filepath.Join(root, "ds")), "survey.csv", Options{Schema: s})
	if !errors.Is(err, ErrOutsideLink) || strings.Contains(err.Error(), "TOPSECRET") {
		t.Errorf("got %v", err)
	}
}
