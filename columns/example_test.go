package columns_test

import (
	"fmt"

	"clusterchain/columns"
)

// The registry describes every column of an output table: what the
// methods section of a report prints.
func ExampleTable_All() {
	for _, c := range columns.Linkage().All() {
		unit := ""
		if c.Volume {
			unit = " [volume unit]"
		}
		fmt.Printf("%s (%v%s): %s\n", c.Name, c.Type, unit, c.Description)
	}
	// Output:
	// cluster (id): The cluster's id.
	// market (id): The market's id.
	// volume (float [volume unit]): vol(C, M): the summed volume of links from the cluster's firms to the market.
	// share (float): The linkage strength: the market's share of the cluster's outgoing volume.
	// reach (float): The share of the cluster's firms that sell to the market.
	// dependence (float): How much the market relies on the cluster: the cluster's share of the market's incoming volume.
	// share_lo (float): The lower bound of the 95% bootstrap interval of share; only with --bootstrap.
	// share_hi (float): The upper bound of the 95% bootstrap interval of share; only with --bootstrap.
}

// IsText is what diff asks before it accepts a threshold on a column.
func ExampleIsText() {
	fmt.Println(columns.IsText("nodes.csv", "cluster"), columns.IsText("nodes.csv", "pagerank"))
	// Output: true false
}
