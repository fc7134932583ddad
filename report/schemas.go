package report

import (
	"embed"
	"io/fs"
)

//go:embed schema/*.schema.json
var schemaFiles embed.FS

// Schemas returns the JSON Schemas (2020-12) of the documents clusterchain
// writes, one file each, named NAME-vVERSION.schema.json and identified by
// $id urn:clusterchain:schema:NAME:vVERSION: report (report.json, version
// SchemaVersion), summary (analyze --json, SummaryVersion), batch (batch
// --json) and diff (diff --json, WavesVersion).
func Schemas() fs.FS {
	sub, err := fs.Sub(schemaFiles, "schema")
	if err != nil {
		panic(err) // the embedded directory is fixed at build time
	}
	return sub
}
