package frictionless

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"hash/maphash"
	"math/bits"
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
// It is compact: keys live back to back in chunks (4 KiB, doubling up to
// 4 MiB; entries aligned to 4 bytes), never copied as the set grows. The
// table is open addressing with linear probing, in two arrays: a control
// byte per slot (empty, or 7 bits of the key's hash) and the entry's
// position (4 bytes, in units of 4 bytes: up to 16 GiB of keys). The
// control bytes, a byte a slot, mostly stay in the cache: a new key is
// placed without reading any other key but those whose 7 bits match (1 in
// 128). A key is hashed once (maphash of its bytes); its high bits place
// it, its low bits are its control byte. Positions are only written when a
// key is placed, and a store, unlike a load, does not wait for the memory:
// this is faster than slots that hold both in one cache line (measured).
// The table has any size, not only powers of two, so that one sized for the
// keys expected is not up to twice too big. A million keys of 12 bytes (a
// six-digit code and a date) cost about 29 MB, against several hundred for
// a map[string]int.
//
// Files here are sorted by their keys, so keys that arrive in increasing
// order skip the table: they are unique by their order. The first key out
// of order, or the first lookup (foreign keys look up far more often than a
// binary search would be cheap), puts them all in the table, which then
// takes every key.
type keyset struct {
	seed    maphash.Seed
	ctrl    []uint8  // 0 = empty; else 0x80 | the low 7 bits of the hash; nil until needed
	pos     []uint32 // the entry's position / 4, for each slot
	chunks  [][]byte // entries: row (4 bytes), key length (2 bytes), key, padding to 4
	n       int      // keys
	last    uint64   // the position of the last key, while they arrive in order
	hashAll bool     // every key is in the table
	hint    int      // the number of keys expected, if known (0: not)
}

// maxHint bounds the keys a table is sized for in advance (see expect):
// 1<<22 keys, 35 MiB of table.
const maxHint = 1 << 22

const (
	chunkBits    = 22 // 4 MiB chunks (that huge pages can back, see hugePages)
	chunkSize    = 1 << chunkBits
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

// home returns the slot where a key with hash h is first looked for, from
// the hash's high bits (by multiplying, so that the table may have any
// size); control takes its low bits.
func (s *keyset) home(h uint64) uint64 {
	i, _ := bits.Mul64(h, uint64(len(s.ctrl)))
	return i
}

func control(h uint64) uint8 { return uint8(h) | 0x80 }

// next returns the slot after i.
func (s *keyset) next(i uint64) uint64 {
	if i++; i == uint64(len(s.ctrl)) {
		return 0
	}
	return i
}

// find returns the slot holding key, or the empty slot where it would go.
func (s *keyset) find(key []byte, h uint64) (int, bool) {
	c := control(h)
	for i := s.home(h); ; i = s.next(i) {
		switch s.ctrl[i] {
		case 0:
			return int(i), false
		case c:
			if _, k := s.entry(uint64(s.pos[i]) << 2); bytes.Equal(k, key) {
				return int(i), true
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
	i, found := s.find(key, maphash.Bytes(s.seed, key))
	if !found {
		return 0, false
	}
	row, _ = s.entry(uint64(s.pos[i]) << 2)
	return row, true
}

// hashSorted puts the keys that arrived in order into the table, which
// takes every key from then on.
func (s *keyset) hashSorted() {
	s.hashAll = true
	s.rebuild(sizeFor(max(s.n, s.hint) + 1))
}

// sizeFor is the size of a table for n keys: a load of 0.6, so that a
// number of keys a little above what was expected (see expect) still fits.
func sizeFor(n int) int { return max(1<<10, n*5/3) }

// rebuild makes a table of size slots and puts every key in it, reading
// them in the order they are stored.
func (s *keyset) rebuild(size int) {
	s.ctrl, s.pos = make([]uint8, size), make([]uint32, size)
	hugePages(s.ctrl)
	hugePages(s.pos)
	for ci, c := range s.chunks {
		for off := 0; off < len(c); {
			n := int(binary.LittleEndian.Uint16(c[off+4:]))
			s.place(maphash.Bytes(s.seed, c[off+6:off+6+n]), uint64(ci)<<chunkBits|uint64(off))
			off = (off + 6 + n + 3) &^ 3
		}
	}
}

// full reports whether a table of size slots holding n keys is to grow:
// past a load of 0.7, where linear probing still looks at few slots (about
// 6 for a key not there).
func full(n, size int) bool { return 10*n > 7*size }

// place puts the key at pos, known to be absent, into the table.
func (s *keyset) place(h, pos uint64) {
	i := s.home(h)
	for s.ctrl[i] != 0 {
		i = s.next(i)
	}
	s.ctrl[i], s.pos[i] = control(h), uint32(pos>>2)
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
	if s.ctrl == nil {
		return 0
	}
	i := s.home(h)
	return uint64(s.ctrl[i]) ^ uint64(s.pos[i])
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
		if s.n > 0 {
			r, last := s.entry(s.last)
			switch c := bytes.Compare(last, key); {
			case c == 0:
				return r, true
			case c > 0:
				s.hashSorted() // out of order
			}
		}
		if !s.hashAll {
			s.last = s.append(key, row)
			s.n++
			return 0, false
		}
	}
	if !hashed {
		h = maphash.Bytes(s.seed, key)
	}
	i, found := s.find(key, h)
	if found {
		first, _ = s.entry(uint64(s.pos[i]) << 2)
		return first, true
	}
	s.ctrl[i], s.pos[i] = control(h), uint32(s.append(key, row)>>2)
	s.n++
	if full(s.n, len(s.ctrl)) {
		s.rebuild(2 * len(s.ctrl))
	}
	return 0, false
}

// append stores a key and its row, returning its position (a multiple of
// 4).
func (s *keyset) append(key []byte, row int) uint64 {
	need := (6 + len(key) + 3) &^ 3
	last := len(s.chunks) - 1
	if last < 0 || len(s.chunks[last])+need > cap(s.chunks[last]) {
		if len(s.chunks) == 1<<(34-chunkBits) {
			panic("frictionless: more than 16 GiB of keys") // positions are 32 bits of 4-byte units
		}
		// Chunks start small, for the many small tables, and double up
		// to chunkSize.
		size := chunkSize
		if last >= 0 && cap(s.chunks[last]) < chunkSize {
			size = 2 * cap(s.chunks[last])
		} else if last < 0 {
			size = 1 << 12
		}
		s.chunks = append(s.chunks, make([]byte, 0, size))
		last++
		hugePages(s.chunks[last][:size])
	}
	c := s.chunks[last]
	pos := uint64(last)<<chunkBits | uint64(len(c))
	c = binary.LittleEndian.AppendUint32(c, uint32(row))
	c = binary.LittleEndian.AppendUint16(c, uint16(len(key)))
	c = append(c, key...)
	for len(c)%4 != 0 {
		c = append(c, 0)
	}
	s.chunks[last] = c
	return pos
}

func (s *keyset) len() int { return s.n }
