package network

import (
	"context"
	"reflect"
	"testing"
)

// cascadeNetwork: clusters K = {k1, k2} and L = {l1}, a firm f0 in no
// cluster, market M and buyer B.
//
//	k1 → M 60, k1 → k2 40, k2 → M 30, k2 → B 10, l1 → k1 20, l1 → B 20,
//	f0 → B 60, M → B 100
func cascadeNetwork(t *testing.T) *Network {
	t.Helper()
	nodes := []Node{{ID: "k1", Cluster: "K"}, {ID: "k2", Cluster: "K"}, {ID: "l1", Cluster: "L"}, {ID: "f0"},
		{ID: "M", Type: Market}, {ID: "B", Type: Buyer}}
	links := []Link{{"k1", "M", Sale, 60}, {"k1", "k2", Supply, 40}, {"k2", "M", Sale, 30}, {"k2", "B", Sale, 10},
		{"l1", "k1", Supply, 20}, {"l1", "B", Sale, 20}, {"f0", "B", Sale, 60}, {"M", "B", Sale, 100}}
	nw, err := New(Dataset{Nodes: nodes, Links: links})
	if err != nil {
		t.Fatal(err)
	}
	return nw
}

func idx(t *testing.T, nw *Network, ids ...string) []int32 {
	t.Helper()
	var out []int32
	for _, id := range ids {
		i, ok := nw.Index(id)
		if !ok {
			t.Fatalf("no node %s", id)
		}
		out = append(out, i)
	}
	return out
}

// Without market M at θ = 0.5, k1 (60 of its 100 went to M) and k2 (30
// of 40) fail for their customers in round 1, then l1 (20 of its 40 went
// to k1) in round 2. K's failed firms carried all of out(K) = 100, L's
// all of out(L) = 40; the firms' out-volume is 240, of which 180 failed.
// At θ = 0.6, l1 (half) stands.
func TestCascadeByHand(t *testing.T) {
	nw := cascadeNetwork(t)
	ctx := context.Background()
	c, err := nw.Cascade(ctx, idx(t, nw, "M"), 0.5)
	if err != nil {
		t.Fatal(err)
	}
	ids := idx(t, nw, "M", "k1", "k2", "l1")
	want := []Failure{{ids[0], 0, FailRemoved}, {ids[1], 1, FailCustomers}, {ids[2], 1, FailCustomers}, {ids[3], 2, FailCustomers}}
	if !reflect.DeepEqual(c.Failures, want) {
		t.Errorf("failures %v, want %v", c.Failures, want)
	}
	if c.Rounds != 2 || c.FirmsFailed != 3 || c.VolumeFailed != 180 || c.ShareFailed != 0.75 {
		t.Errorf("rounds %d, firms %d, volume %v, share %v; want 2, 3, 180, 0.75", c.Rounds, c.FirmsFailed, c.VolumeFailed, c.ShareFailed)
	}
	wantC := []ClusterLoss{{0, 0, 2, 100, 1}, {1, 0, 1, 40, 1}}
	if !reflect.DeepEqual(c.Clusters, wantC) {
		t.Errorf("clusters %v, want %v", c.Clusters, wantC)
	}
	c, err = nw.Cascade(ctx, idx(t, nw, "M"), 0.6)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Failures) != 3 || c.Clusters[1].Failed != 0 || c.Clusters[0].Share != 1 {
		t.Errorf("θ = 0.6: %+v", c)
	}
	// Removing firm k1 itself: K counts it as removed, not failed.
	c, err = nw.Cascade(ctx, idx(t, nw, "k1"), 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if c.Clusters[0].Removed != 1 {
		t.Errorf("removing k1: %+v", c.Clusters[0])
	}
	for _, theta := range []float64{0, -1, 1.5} {
		if _, err := nw.Cascade(ctx, nil, theta); err == nil {
			t.Errorf("θ = %v: no error", theta)
		}
		if _, err := nw.Risk(ctx, nil, theta, 1); err == nil {
			t.Errorf("risk θ = %v: no error", theta)
		}
	}
}

// The cascade started by buyer B alone: l1 (20 of 40), f0 (all) and the
// market (all its sales) fail in round 1; then k1 (60 of 100 to M) and
// k2 (30 + 10 of 40). Four firms with out-volume 240: all of it.
func TestRiskByHand(t *testing.T) {
	nw := cascadeNetwork(t)
	got, err := nw.Risk(context.Background(), nw.RiskStarts(false), 0.5, 2)
	if err != nil {
		t.Fatal(err)
	}
	m, b := idx(t, nw, "M")[0], idx(t, nw, "B")[0]
	want := []Risk{{m, 3, 180, 0.75, 3, 2}, {b, 4, 240, 1, 5, 2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if n := len(nw.RiskStarts(true)); n != 6 {
		t.Errorf("%d starts with all, want 6", n)
	}
}
