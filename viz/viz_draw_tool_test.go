package viz

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteFigures writes every figure of the dataset named by
// CLUSTERCHAIN_DATASET (the sample when "sample") into CLUSTERCHAIN_FIGURES,
// for looking at them.
func TestWriteFigures(t *testing.T) {
	ds, dir := os.Getenv("CLUSTERCHAIN_DATASET"), os.Getenv("CLUSTERCHAIN_FIGURES")
	if ds == "" || dir == "" {
		t.Skip("set CLUSTERCHAIN_DATASET and CLUSTERCHAIN_FIGURES")
	}
	a := loadAnalysis(t, ds)
	for _, v := range []View{ViewFlows, ViewNetwork, ViewClusters, ViewTiers} {
		d, err := Build(a, v, Options{Lang: os.Getenv("CLUSTERCHAIN_LANG")})
		if err != nil {
			t.Fatal(err)
		}
		f, _ := os.Create(filepath.Join(dir, string(v)+".svg"))
		if err := d.Render(context.Background(), "svg", f); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
}
