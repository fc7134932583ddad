package network

import (
	"encoding/binary"
	"math/rand/v2"
)

// idTable maps node ids to a value (Builder: the insertion index while
// nodes are added, then index<<2 | type). Ids of up to 16 bytes (nearly
// all) sit in the slot itself — open addressing, linear probing — so a
// lookup reads one cache line where a Go map reads three (control word,
// slot, key bytes): at millions of ids, spread over more memory than the
// caches hold, two to three times faster. Longer ids go to a Go map. The
// hash is seeded at random, so no input can choose its collisions.
type idTable struct {
	slots []idSlot
	mask  uint64
	seed  uint64
	used  int // short ids in slots
	long  map[string]uint32
}

type idSlot struct {
	lo, hi uint64 // the id's bytes, zero-padded
	val    uint32 // the value, plus slotUsed when the slot is used
	n      uint8  // the id's length
}

const slotUsed = 1 << 31

// maxValue is the largest value a slot holds.
const maxValue = slotUsed - 1

func newIDTable(hint int) *idTable {
	t := &idTable{seed: rand.Uint64(), long: map[string]uint32{}}
	t.resize(hint)
	return t
}

// resize makes room for n short ids at a load of at most one half.
func (t *idTable) resize(n int) {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	old := t.slots
	t.slots, t.mask = make([]idSlot, size), uint64(size-1)
	for i := range old {
		if s := old[i]; s.val != 0 {
			t.place(s)
		}
	}
}

func (t *idTable) place(s idSlot) {
	for j := t.hash(s.lo, s.hi, int(s.n)) & t.mask; ; j = (j + 1) & t.mask {
		if t.slots[j].val == 0 {
			t.slots[j] = s
			return
		}
	}
}

// pack reads up to 16 bytes of s into two words.
func pack(s string) (lo, hi uint64) {
	var b [16]byte
	copy(b[:], s)
	return binary.LittleEndian.Uint64(b[:8]), binary.LittleEndian.Uint64(b[8:])
}

func (t *idTable) hash(lo, hi uint64, n int) uint64 {
	h := (lo ^ t.seed) * 0x9e3779b97f4a7c15
	h ^= hi*0xc2b2ae3d27d4eb4f + uint64(n)
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	return h ^ h>>32
}

// insert adds id with value v (at most maxValue) unless id is there
// already; it returns the value id has and whether it was added.
func (t *idTable) insert(id string, v uint32) (uint32, bool) {
	if len(id) > 16 {
		if old, ok := t.long[id]; ok {
			return old, false
		}
		t.long[id] = v
		return v, true
	}
	if 2*(t.used+1) > len(t.slots) {
		t.resize(2 * (t.used + 1))
	}
	lo, hi := pack(id)
	for j := t.hash(lo, hi, len(id)) & t.mask; ; j = (j + 1) & t.mask {
		s := &t.slots[j]
		if s.val == 0 {
			*s = idSlot{lo: lo, hi: hi, val: v | slotUsed, n: uint8(len(id))}
			t.used++
			return v, true
		}
		if s.lo == lo && s.hi == hi && int(s.n) == len(id) {
			return s.val &^ slotUsed, false
		}
	}
}

// get returns the value of id.
func (t *idTable) get(id string) (uint32, bool) {
	if len(id) > 16 {
		v, ok := t.long[id]
		return v, ok
	}
	lo, hi := pack(id)
	for j := t.hash(lo, hi, len(id)) & t.mask; ; j = (j + 1) & t.mask {
		s := &t.slots[j]
		if s.val == 0 {
			return 0, false
		}
		if s.lo == lo && s.hi == hi && int(s.n) == len(id) {
			return s.val &^ slotUsed, true
		}
	}
}

// touch reads the slot where id's search starts, so that a later get
// finds it in the cache; the value is meaningless.
func (t *idTable) touch(id string) uint32 {
	lo, hi := pack(id)
	return t.slots[t.hash(lo, hi, len(id))&t.mask].val
}

// remap replaces every value v by f(v).
func (t *idTable) remap(f func(uint32) uint32) {
	for i := range t.slots {
		if s := &t.slots[i]; s.val != 0 {
			s.val = f(s.val&^slotUsed) | slotUsed
		}
	}
	for id, v := range t.long {
		t.long[id] = f(v)
	}
}
