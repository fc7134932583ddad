package sched

import (
	"sync"
	"sync/atomic"
	"testing"
)

// No more functions run at once than there are slots, every function
// runs, done is called once per function, and Free work does not take a
// slot.
func TestGroupBoundsConcurrency(t *testing.T) {
	for _, n := range []int{1, 2, 5} {
		slots := NewSlots(n)
		var running, peak, ran, done atomic.Int32
		g := NewGroup(slots, func() { done.Add(1) })
		var mu sync.Mutex
		for i := 0; i < 40; i++ {
			g.Go(func() {
				r := running.Add(1)
				mu.Lock()
				peak.Store(max(peak.Load(), r))
				mu.Unlock()
				for k := 0; k < 1000; k++ {
					_ = k * k
				}
				running.Add(-1)
				ran.Add(1)
			})
		}
		free := make(chan struct{})
		g.Free(func() {
			slots.Acquire() // takes a slot like a sweep block
			slots.Release()
			close(free)
		})
		g.Wait()
		<-free
		if peak.Load() > int32(n) || ran.Load() != 40 || done.Load() != 41 {
			t.Errorf("%d slots: peak %d, ran %d, done %d", n, peak.Load(), ran.Load(), done.Load())
		}
	}
}

func TestNilSlots(t *testing.T) {
	var s Slots
	s.Acquire()
	s.Release()
	g := NewGroup(nil, nil)
	x := 0
	g.Go(func() { x = 1 })
	g.Wait()
	if x != 1 {
		t.Error("function did not run")
	}
}
