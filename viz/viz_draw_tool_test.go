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
	views := []View{ViewFlows, ViewNetwork, ViewClusters, ViewTiers}
	if os.Getenv("CLUSTERCHAIN_EGO") != "" {
		views = append(views, ViewEgo)
	}
	for _, v := range views {
		d, err := Build(a, v, Options{Lang: os.Getenv("CLUSTERCHAIN_LANG"), Node: os.Getenv("CLUSTERCHAIN_EGO"), Cluster: os.Getenv("CLUSTERCHAIN_CLUSTER")})
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
