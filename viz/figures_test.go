package viz

import (
	"bytes"
	"context"
	"testing"
)

var egoCentres = map[string][]Options{
	"sample":      {{Node: "yiwu-ccc"}, {Node: "yiwu-ccc", Radius: 2}, {Node: "datang-006"}, {Node: "walmart"}, {Node: "liushi-electrical-market"}},
	"synth:2000":  {{Node: "m4"}, {Node: "f0010"}},
	"synth:20000": {{Node: "m13"}},
}

// Every diagram of the sample and of generated 2,000- and 20,000-firm
// networks is a page-shaped figure: no two texts overlap, every node label
// is inside its shape, nothing crosses the legend (checkGeometry).
func TestFigureGeometry(t *testing.T) {
	sets := []string{"sample", "synth:2000"}
	if !testing.Short() {
		sets = append(sets, "synth:20000")
	}
	for _, ds := range sets {
		a := loadAnalysis(t, ds)
		type tc struct {
			name string
			view View
			opt  Options
		}
		cases := []tc{
			{"flows", ViewFlows, Options{}},
			{"network", ViewNetwork, Options{}},
			{"clusters", ViewClusters, Options{}},
			{"tiers", ViewTiers, Options{}},
			{"flows-zh", ViewFlows, Options{Lang: "zh"}},
		}
		for _, ego := range egoCentres[ds] {
			cases = append(cases, tc{"ego-" + ego.Node, ViewEgo, ego})
		}
		for _, c := range cases {
			t.Run(ds+"/"+c.name, func(t *testing.T) {
				d, err := Build(a, c.view, c.opt)
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := d.Render(context.Background(), "svg", &buf); err != nil {
					t.Fatal(err)
				}
				checkGeometry(t, ds+"/"+c.name, parseGeometry(t, buf.Bytes()))
			})
		}
	}
}
