package frictionless

import (
	"bytes"
	"hash/maphash"
)

// keyset is a set of byte-string keys, each remembered with the row that
// first had it: the index behind unique, primary and foreign keys.
//
// It is exact (keys are compared byte for byte, never by hash alone) and
// compact: keys live back to back in one arena, and an open-addressing
// table of int32 holds their indexes, so a million short keys cost about
// 40 MB rather than the several hundred a map[string]int would.
type keyset struct {
	seed    maphash.Seed
	slots   []int32 // entry index + 1; 0 = empty
	entries []kentry
	arena   []byte
}

type kentry struct {
	off int64
	n   int32
	row int32
}

func newKeyset() *keyset {
	return &keyset{seed: maphash.MakeSeed(), slots: make([]int32, 1024)}
}

func (s *keyset) key(e kentry) []byte { return s.arena[e.off : e.off+int64(e.n)] }

// find returns the slot where key is, or the empty slot where it would go.
func (s *keyset) find(key []byte) int {
	mask := len(s.slots) - 1
	i := int(maphash.Bytes(s.seed, key)) & mask
	for {
		j := s.slots[i]
		if j == 0 || bytes.Equal(s.key(s.entries[j-1]), key) {
			return i
		}
		i = (i + 1) & mask
	}
}

// lookup returns the row first recorded with key.
func (s *keyset) lookup(key []byte) (row int, ok bool) {
	j := s.slots[s.find(key)]
	if j == 0 {
		return 0, false
	}
	return int(s.entries[j-1].row), true
}

// insert records key with row. If key was there already it records nothing
// and returns the row that had it first.
func (s *keyset) insert(key []byte, row int) (first int, dup bool) {
	i := s.find(key)
	if j := s.slots[i]; j != 0 {
		return int(s.entries[j-1].row), true
	}
	s.entries = append(s.entries, kentry{off: int64(len(s.arena)), n: int32(len(key)), row: int32(row)})
	s.arena = append(s.arena, key...)
	s.slots[i] = int32(len(s.entries))
	if 2*len(s.entries) > len(s.slots) {
		s.grow()
	}
	return 0, false
}

func (s *keyset) grow() {
	s.slots = make([]int32, 2*len(s.slots))
	mask := len(s.slots) - 1
	for n, e := range s.entries {
		i := int(maphash.Bytes(s.seed, s.key(e))) & mask
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = int32(n + 1)
	}
}

func (s *keyset) len() int { return len(s.entries) }
