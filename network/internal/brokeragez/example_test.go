package brokeragez_test

import (
	"fmt"

	"clusterchain/network/internal/brokeragez"
)

// Five nodes in groups x, x, y, x, z with six arcs; node 0 (group x) has
// one gatekeeper and one liaison two-path. The z-scores equal R's
// sna::brokerage(g, cl)$z.nli; an itinerant role needs another group of
// two or more, so its variance is 0 and z is NaN, as in R.
func ExampleModel_Z() {
	md := brokeragez.NewModel([]int32{0, 0, 1, 0, 2}, 6)
	z := md.Z(0, brokeragez.Counts{brokeragez.Gatekeeper: 1, brokeragez.Liaison: 1})
	fmt.Printf("%.4f\n", z)
	// Output: [-0.3667 1.3430 -0.4525 NaN 2.5436 1.1586]
}
