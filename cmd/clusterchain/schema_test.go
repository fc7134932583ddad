package main

import (
	"bytes"
	"io/fs"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"clusterchain/report"
)

// validateJSON checks doc against the schema with $id
// urn:clusterchain:schema:NAME:v1 among report.Schemas().
func validateJSON(t *testing.T, name string, doc []byte) {
	t.Helper()
	c := jsonschema.NewCompiler()
	entries, err := fs.ReadDir(report.Schemas(), ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := fs.ReadFile(report.Schemas(), e.Name())
		if err != nil {
			t.Fatal(err)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(v.(map[string]any)["$id"].(string), v); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.Compile("urn:clusterchain:schema:" + name + ":v1")
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("%s: not JSON: %v\n%s", name, err, doc)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("%s does not validate: %v\n%s", name, err, doc)
	}
}
