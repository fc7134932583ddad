package loaders

import (
	"encoding/binary"
	"math/rand/v2"
)

// idTable finds the rank and type of an id while links are read. Ids of
// up to 16 bytes (nearly all) sit in the slot itself, so a lookup touches
// one cache line where a Go map touches three (control word, slot, key
// bytes): at a million ids, spread over more memory than the caches
// hold, that is two to three times faster. Longer ids go to a Go map.
type idTable struct {
	slots []idSlot
	mask  uint64
	seed  uint64
	long  map[string]uint32
	sink  uint32 // keeps the reads ahead
}

type idSlot struct {
	lo, hi uint64 // the id's bytes, zero-padded
	val    uint32 // rank<<2 | type, plus 1<<31 when the slot is used
	n      uint8  // the id's length
}

const slotUsed = 1 << 31

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

// newIDTable indexes ids: val(i) is what get returns for ids[i].
func newIDTable(ids []string, val func(i int) uint32) *idTable {
	size := 16
	for size < 2*len(ids) {
		size <<= 1
	}
	t := &idTable{slots: make([]idSlot, size), mask: uint64(size - 1), seed: rand.Uint64(), long: map[string]uint32{}}
	var sink uint32
	for i, id := range ids {
		if i+32 < len(ids) { // read ahead: misses overlap
			sink += t.touch(ids[i+32])
		}
		if len(id) > 16 {
			t.long[id] = val(i)
			continue
		}
		lo, hi := pack(id)
		for j := t.hash(lo, hi, len(id)) & t.mask; ; j = (j + 1) & t.mask {
			if t.slots[j].val == 0 {
				t.slots[j] = idSlot{lo: lo, hi: hi, val: val(i) | slotUsed, n: uint8(len(id))}
				break
			}
		}
	}
	t.sink = sink
	return t
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
