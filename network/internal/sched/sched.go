package sched

import "sync"

// Slots bound how many computations run at once: each holds a slot while
// it runs. A nil Slots bounds nothing.
type Slots chan struct{}

// NewSlots returns n slots.
func NewSlots(n int) Slots { return make(Slots, max(n, 1)) }

// Acquire waits for a free slot and takes it.
func (s Slots) Acquire() {
	if s != nil {
		s <- struct{}{}
	}
}

// Release gives back a slot taken by Acquire.
func (s Slots) Release() {
	if s != nil {
		<-s
	}
}

// Group runs functions on goroutines of their own, each holding one of
// the group's slots while it runs, and waits for them all.
type Group struct {
	slots Slots
	wg    sync.WaitGroup
	// done, if not nil, is called after each function returns.
	done func()
}

// NewGroup returns a group whose functions share slots; done, if not
// nil, is called after each of them returns.
func NewGroup(slots Slots, done func()) *Group { return &Group{slots: slots, done: done} }

// Go waits for a free slot, then runs f on a goroutine of its own: the
// functions start in the order given, as slots come free.
func (g *Group) Go(f func()) {
	g.slots.Acquire()
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if g.done != nil {
			defer g.done()
		}
		defer g.slots.Release()
		f()
	}()
}

// Free runs f on a goroutine of its own without taking a slot: for work
// that takes slots itself, piece by piece (the all-pairs sweep).
func (g *Group) Free(f func()) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if g.done != nil {
			defer g.done()
		}
		f()
	}()
}

// Wait waits until every function given to Go and Free has returned.
func (g *Group) Wait() { g.wg.Wait() }
