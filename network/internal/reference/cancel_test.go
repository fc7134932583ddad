package reference

import (
	"context"
	"errors"
	"testing"

	"clusterchain/network/internal/connectivity"
	"clusterchain/network/internal/dominators"
	"clusterchain/network/internal/gennet"
	"clusterchain/network/internal/trophic"
)

// Every long-running entry point returns the context's error, and no
// half-made result, once it is cancelled.
func TestCancelled(t *testing.T) {
	nw, err := gennet.Make(t.TempDir(), 500, 1)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	g := nw.Graph
	if r, err := trophic.Levels(ctx, g); !errors.Is(err, context.Canceled) || r != nil {
		t.Errorf("trophic.Levels: %v, %v", r, err)
	}
	if tr, err := dominators.New(g).Tree(ctx, nw.Members()[0]); !errors.Is(err, context.Canceled) || tr != nil {
		t.Errorf("dominators: %v, %v", tr, err)
	}
	s := connectivity.New(g)
	s.From(nw.Members()[0])
	if k, err := s.To(ctx, nw.Buyers()[0]); !errors.Is(err, context.Canceled) || k != 0 {
		t.Errorf("connectivity.To: %d, %v", k, err)
	}
	if p, err := connectivity.Reach(ctx, g, nw.Members(), nw.Buyers(), 2); !errors.Is(err, context.Canceled) || p != nil {
		t.Errorf("connectivity.Reach: %d pairs, %v", len(p), err)
	}
}
