// Package batch writes the files that summarise a batch of analyses, one
// row per dataset: summary.csv, index.html (linking every dataset's
// report) and the JSON document that batch --json prints.
package batch
