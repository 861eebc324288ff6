package frictionless

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"hash/maphash"
)

// keyset is a set of byte-string keys, each remembered with the row that
// first had it: the index behind unique, primary and foreign keys.
//
// Keys of up to maxStoredKey (4 KiB) are compared byte for byte, never by
// hash alone; longer keys are stored and compared as their SHA-256 digest,
// so two of them are taken as equal when their digests are (a collision is
// not expected to be found). Rows are stored in 32 bits: row numbers past
// 2^31 come back wrong (only in messages: which row a duplicate repeats).
//
// It is compact: keys live back to back in fixed-size chunks, never copied
// as the set grows, and an open-addressing table of uint64 slots holds a
// 24-bit fingerprint of each key's hash beside its position, so that most
// probes never touch the keys. A million keys of 17 bytes cost about 40 MB,
// against several hundred for a map[string]int.
//
// Files here are sorted by their keys, so keys that arrive in increasing
// order skip the table: they are unique by their order. The first key out
// of order, or the first lookup (foreign keys look up far more often than a
// binary search would be cheap), puts them all in the table, which then
// takes every key.
type keyset struct {
	seed    maphash.Seed
	bits    uint      // len(slots) == 1<<bits
	slots   []uint64  // 0 = empty; else fingerprint<<40 | (position+1); nil until needed
	chunks  [][]byte  // entries: row (4 bytes), key length (2 bytes), key
	n       int       // keys
	hashed  int       // keys in the table
	sorted  positions // of the keys that arrived in increasing order, until hashAll
	hashAll bool      // every key is in the table
	hint    int       // the number of keys expected, if known (0: not)
}

// maxHint bounds the keys a table is sized for in advance (see expect):
// 1<<22 keys, 64 MiB of slots.
const maxHint = 1 << 22

const (
	chunkBits    = 20 // 1 MiB chunks
	chunkSize    = 1 << chunkBits
	posBits      = 40
	posMask      = 1<<posBits - 1
	maxStoredKey = 1 << 12
)

func newKeyset() *keyset {
	return &keyset{seed: maphash.MakeSeed()}
}

// expect says that about n keys are coming: when the table is made, it is
// made for them (up to maxHint), rather than grown by doubling, which
// costs the time of moving every key and the memory of the old tables.
func (s *keyset) expect(n int) {
	s.hint = min(n, maxHint)
}

// entry returns the row and key stored at position pos.
func (s *keyset) entry(pos uint64) (int, []byte) {
	c := s.chunks[pos>>chunkBits]
	off := pos & (chunkSize - 1)
	row := binary.LittleEndian.Uint32(c[off:])
	n := uint64(binary.LittleEndian.Uint16(c[off+4:]))
	return int(int32(row)), c[off+6 : off+6+n]
}

// home is the first slot to probe for hash h: its top bits, which the
// fingerprint keeps, so that growing seldom needs to hash keys again.
func (s *keyset) home(h uint64) uint64 { return h >> (64 - s.bits) }

// find returns the slot holding key, or the empty slot where it would go.
func (s *keyset) find(key []byte, h uint64) int {
	mask := uint64(len(s.slots) - 1)
	fp := h >> posBits
	for i := s.home(h); ; i = (i + 1) & mask {
		v := s.slots[i]
		if v == 0 {
			return int(i)
		}
		if v>>posBits == fp {
			if _, k := s.entry(v&posMask - 1); bytes.Equal(k, key) {
				return int(i)
			}
		}
	}
}

func stored(key []byte) []byte {
	if len(key) <= maxStoredKey {
		return key
	}
	sum := sha256.Sum256(key)
	return append([]byte{0xff}, sum[:]...)
}

// lookup returns the row first recorded with key.
func (s *keyset) lookup(key []byte) (row int, ok bool) {
	key = stored(key)
	if !s.hashAll {
		s.hashSorted()
	}
	v := s.slots[s.find(key, maphash.Bytes(s.seed, key))]
	if v == 0 {
		return 0, false
	}
	row, _ = s.entry(v&posMask - 1)
	return row, true
}

// hashSorted puts the keys that arrived in order into the table, which
// takes every key from then on.
func (s *keyset) hashSorted() {
	s.hashAll = true
	if s.slots == nil {
		s.bits = 10
		for full(max(s.sorted.len(), s.hint)+1, 1<<s.bits) {
			s.bits++
		}
		s.slots = make([]uint64, 1<<s.bits)
	}
	for i := range s.sorted.len() {
		pos := s.sorted.at(i)
		_, k := s.entry(pos)
		s.place(maphash.Bytes(s.seed, k), pos)
	}
	s.sorted = positions{}
}

// full reports whether a table of size slots holding n keys is to grow:
// past a load of 0.7, where linear probing still looks at few slots (about
// 6 for a key not there, in a cache line of 8).
func full(n, size int) bool { return 10*n > 7*size }

// place puts the key at pos, known to be absent, into the table.
func (s *keyset) place(h, pos uint64) {
	mask := uint64(len(s.slots) - 1)
	i := s.home(h)
	for s.slots[i] != 0 {
		i = (i + 1) & mask
	}
	s.slots[i] = h>>posBits<<posBits | (pos + 1)
	s.hashed++
	if full(s.hashed, len(s.slots)) {
		s.grow()
	}
}

// hash returns the hash of key that insertHash takes.
func (s *keyset) hash(key []byte) uint64 { return maphash.Bytes(s.seed, stored(key)) }

// hashing reports whether inserts go through the table (rather than the
// run of keys in increasing order).
func (s *keyset) hashing() bool { return s.hashAll }

// peek reads the first slot that a key with hash h would probe, so that
// the memory is on its way to the cache: callers peek at the keys of a
// batch, then insert them, and the loads overlap.
func (s *keyset) peek(h uint64) uint64 {
	if s.slots == nil {
		return 0
	}
	return s.slots[s.home(h)]
}

// insert records key with row. If key was there already it records nothing
// and returns the row that had it first.
func (s *keyset) insert(key []byte, row int) (first int, dup bool) {
	return s.insertHash(key, 0, false, row)
}

// insertHash is insert with the key's hash h when known (hashed), as hash
// returns it.
func (s *keyset) insertHash(key []byte, h uint64, hashed bool, row int) (first int, dup bool) {
	key = stored(key)
	if !s.hashAll {
		if n := s.sorted.len(); n > 0 {
			r, last := s.entry(s.sorted.at(n - 1))
			switch c := bytes.Compare(last, key); {
			case c == 0:
				return r, true
			case c > 0:
				s.hashSorted() // out of order
			}
		}
		if !s.hashAll {
			s.sorted.add(s.append(key, row))
			s.n++
			return 0, false
		}
	}
	if !hashed {
		h = maphash.Bytes(s.seed, key)
	}
	i := s.find(key, h)
	if v := s.slots[i]; v != 0 {
		first, _ = s.entry(v&posMask - 1)
		return first, true
	}
	s.slots[i] = h>>posBits<<posBits | (s.append(key, row) + 1)
	s.n++
	s.hashed++
	if full(s.hashed, len(s.slots)) {
		s.grow()
	}
	return 0, false
}

// append stores a key and its row, returning its position.
func (s *keyset) append(key []byte, row int) uint64 {
	need := 6 + len(key)
	last := len(s.chunks) - 1
	if last < 0 || len(s.chunks[last])+need > chunkSize {
		s.chunks = append(s.chunks, make([]byte, 0, chunkSize))
		last++
	}
	c := s.chunks[last]
	pos := uint64(last)<<chunkBits | uint64(len(c))
	c = binary.LittleEndian.AppendUint32(c, uint32(row))
	c = binary.LittleEndian.AppendUint16(c, uint16(len(key)))
	s.chunks[last] = append(c, key...)
	return pos
}

// grow doubles the table. Up to 1<<24 slots the fingerprint holds the bits
// of the hash that place a key; beyond that, keys are hashed again.
func (s *keyset) grow() {
	old := s.slots
	s.bits++
	s.slots = make([]uint64, 2*len(old))
	mask := uint64(len(s.slots) - 1)
	for _, v := range old {
		if v == 0 {
			continue
		}
		h := v >> posBits << posBits
		if s.bits > 64-posBits {
			_, k := s.entry(v&posMask - 1)
			h = maphash.Bytes(s.seed, k)
		}
		i := s.home(h)
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = v
	}
}

func (s *keyset) len() int { return s.n }

// positions is an append-only list of uint64 in fixed-size blocks, so that
// growing it never copies what it holds.
type positions struct {
	blocks [][]uint64
	n      int
}

const positionBlock = 1 << 16

func (p *positions) len() int        { return p.n }
func (p *positions) at(i int) uint64 { return p.blocks[i/positionBlock][i%positionBlock] }
func (p *positions) add(v uint64) {
	if p.n%positionBlock == 0 {
		p.blocks = append(p.blocks, make([]uint64, 0, positionBlock))
	}
	b := &p.blocks[len(p.blocks)-1]
	*b = append(*b, v)
	p.n++
}
