package frictionless

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/ichiran-jp/ichiran/tools/benchdata"
)

// TestKeyset inserts keys in several orders and checks every answer
// against a map.
func TestKeyset(t *testing.T) {
	keys := func(n int) [][]byte {
		out := make([][]byte, n)
		for i := range out {
			out[i] = fmt.Appendf(nil, "%06d", i)
		}
		return out
	}
	long := []byte(strings.Repeat("x", maxStoredKey+10))
	tests := []struct {
		name string
		keys [][]byte
	}{
		{"empty key", [][]byte{{}, {}, {0}}},
		{"sorted", keys(5000)},
		{"sorted then one back", append(keys(3000), []byte("000100"), []byte("000100"), []byte("zzz"), []byte("000200"))},
		{"reversed", func() [][]byte { k := keys(5000); slicesReverse(k); return k }()},
		{"shuffled with duplicates", func() [][]byte {
			k := append(keys(4000), keys(4000)...)
			r := rand.New(rand.NewPCG(1, 2))
			r.Shuffle(len(k), func(i, j int) { k[i], k[j] = k[j], k[i] })
			return k
		}()},
		{"long keys", [][]byte{long, []byte("a"), long, append(long, 'y')}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newKeyset()
			first := map[string]int{}
			for row, k := range tt.keys {
				want, wantDup := first[string(k)]
				got, dup := s.insert(k, row)
				if dup != wantDup || dup && got != want {
					t.Fatalf("insert(%q, %d) = %d, %v; want %d, %v", k, row, got, dup, want, wantDup)
				}
				if !wantDup {
					first[string(k)] = row
				}
			}
			if s.len() != len(first) {
				t.Errorf("len() = %d, want %d", s.len(), len(first))
			}
			for k, want := range first {
				if got, ok := s.lookup([]byte(k)); !ok || got != want {
					t.Errorf("lookup(%q) = %d, %v; want %d, true", k, got, ok, want)
				}
			}
			for _, k := range [][]byte{[]byte("nope"), []byte("0000001"), nil} {
				if _, in := first[string(k)]; in {
					continue
				}
				if got, ok := s.lookup(k); ok {
					t.Errorf("lookup(%q) = %d, true; want not found", k, got)
				}
			}
		})
	}
}

func slicesReverse(k [][]byte) {
	for i, j := 0, len(k)-1; i < j; i, j = i+1, j-1 {
		k[i], k[j] = k[j], k[i]
	}
}

// TestKeysetInterleaved looks keys up between inserts, as a self-referencing
// foreign key does, in sorted and unsorted order.
func TestKeysetInterleaved(t *testing.T) {
	for _, shuffle := range []bool{false, true} {
		n := 3000
		order := make([]int, n)
		for i := range order {
			order[i] = i
		}
		if shuffle {
			rand.New(rand.NewPCG(3, 4)).Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		s := newKeyset()
		seen := map[int]bool{}
		for row, k := range order {
			key := fmt.Appendf(nil, "%06d", k)
			if _, dup := s.insert(key, row); dup {
				t.Fatalf("shuffle=%v: insert(%s) = dup, want new", shuffle, key)
			}
			seen[k] = true
			probe := (k * 7) % n
			_, ok := s.lookup(fmt.Appendf(nil, "%06d", probe))
			if ok != seen[probe] {
				t.Fatalf("shuffle=%v: lookup(%06d) after %d inserts = %v, want %v", shuffle, probe, row+1, ok, seen[probe])
			}
			if _, dup := s.insert(key, row); !dup {
				t.Fatalf("shuffle=%v: second insert(%s) = new, want dup", shuffle, key)
			}
		}
	}
}

// TestKeysetHint checks that a table sized in advance, too small or too
// large, answers as a map does.
func TestKeysetHint(t *testing.T) {
	for _, hint := range []int{0, 1, 700, 5000, 1 << 20} {
		s := newKeyset()
		s.expect(hint)
		first := map[string]int{}
		r := rand.New(rand.NewPCG(5, 6))
		for row := range 6000 {
			k := fmt.Appendf(nil, "k%d", r.IntN(4000))
			want, wantDup := first[string(k)]
			got, dup := s.insert(k, row)
			if dup != wantDup || dup && got != want {
				t.Fatalf("hint %d: insert(%q, %d) = %d, %v; want %d, %v", hint, k, row, got, dup, want, wantDup)
			}
			if !wantDup {
				first[string(k)] = row
			}
		}
		for k, want := range first {
			if got, ok := s.lookup([]byte(k)); !ok || got != want {
				t.Errorf("hint %d: lookup(%q) = %d, %v; want %d, true", hint, k, got, ok, want)
			}
		}
	}
}

// BenchmarkKeyset inserts a million composite keys (a six-digit code and a
// date, as the benchmark package has them) in an order other than theirs,
// in batches that are peeked at first, as the applier does; a Go map is the
// baseline, in the same run.
func BenchmarkKeyset(b *testing.B) {
	const n = 1_000_000
	codes := benchdata.Codes(benchdata.RefRows)
	keys := make([][]byte, n)
	for i := range keys {
		code, date := value{s: []byte(codes[i%len(codes)])}, value{i: int64(17000 + i/len(codes))}
		keys[i] = appendKey(appendKey(nil, kindString, &code), kindDate, &date)
	}
	b.Run("baseline=map", func(b *testing.B) {
		for b.Loop() {
			m := make(map[string]int32, n)
			for i, k := range keys {
				if _, dup := m[string(k)]; !dup {
					m[string(k)] = int32(i)
				}
			}
		}
	})
	b.Run("keyset", func(b *testing.B) {
		hashes := make([]uint64, batchRows)
		for b.Loop() {
			s := newKeyset()
			s.expect(n)
			s.hashSorted()
			for start := 0; start < n; start += batchRows {
				batch := keys[start:min(start+batchRows, n)]
				for i, k := range batch {
					hashes[i] = s.hash(k)
					s.peek(hashes[i])
				}
				for i, k := range batch {
					if _, dup := s.insertHash(k, hashes[i], true, start+i); dup {
						b.Fatal("duplicate")
					}
				}
			}
		}
	})
}
