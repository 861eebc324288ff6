package frictionless

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/tablecsv"
)

// Reading a table is split in two stages that can run at the same time:
//
//   - the reader (readRows) parses records, settles the header, casts the
//     cells and checks their constraints; what it finds, it does not
//     report but queues as events, in order: errors, and the keys of each
//     row (rendered, with the row's bytes for messages); each event says
//     how many data rows were read when it was queued;
//   - the applier (apply) takes the events in order, adds the errors, and
//     checks the keys against the key indexes, which only it touches.
//
// All that the report shows (errors, their order, rows counted, the stop at
// the error limit) is decided by the applier, in the order of the events,
// which is the order of the file: the result is the same whether the
// stages run in turn on one goroutine or on two. The reader may run ahead
// of a stop by a few batches; what it found there is dropped.

// batchRows is the number of data rows in a batch, and batchEvents the
// number of events after which a batch is handed over in any case (a file
// of bad lines has no data rows).
// (Variables for tests, which make them small.)
var (
	batchRows   = 512
	batchEvents = 4 * batchRows
)

// batchDepth batches can be in flight: filled, queued, or applied. Some
// 8,000 rows, a few milliseconds of work: when the system holds up one
// stage for a while (the machine has other work), the other goes on
// rather than waiting (with 4 batches, validation was slower on two cores
// than on one on a busy machine). About 1 MB.
const batchDepth = 16

// cacheLine pads what one stage writes often away from what the other
// reads: 128 bytes, as the line prefetchers fetch lines in pairs.
const cacheLine = 128

type eventKind uint8

const (
	evError  eventKind = iota // err
	evUnique                  // field's value must be unique: a key span
	evKeys                    // the row's keys: table.rowSpans key spans
	evEnd                     // reading ended with end (nil at the end of the input)
)

// An event is small, 16 bytes: each is written by one core and read by the
// other, and what the cores pass each other costs more than the work on it.
// What it refers to is in the batch's other slices, which the events use in
// order: evUnique and evKeys take the next key spans, and the row kept
// (batch.at) for the row of each, every new row the next one.
type event struct {
	kind eventKind
	x    int32 // evError: the index in batch.errs; evUnique: the field
	rows int32 // the data rows read when it was queued, less batch.rows0
	row  int32 // evUnique, evKeys: the physical row number, less batch.row0
}

// rowAt keeps a row with keys for the messages about them, which are rare:
// the bytes of a CSV record (parsed again when needed, see record), or the
// record itself when it is not reused (inline data).
type rowAt struct {
	line       int
	start, end int32 // in batch.raw
	rec        record
}

// keySpan is a rendered key in batch.keys, which ends at end and starts
// where the span before it ends; ok is false when a value is null or did
// not cast, null when a value is null.
type keySpan struct {
	end      int32
	ok, null bool
}

type batch struct {
	events []event
	rows   int // data rows in the batch
	rows0  int // data rows read before the batch
	row0   int // the physical row before the batch
	errs   []*Error
	at     []rowAt
	keys   []byte
	spans  []keySpan
	raw    []byte // the bytes of its CSV records with keys
	end    error  // evEnd's
	hint   int    // the data rows the file is expected to have (0: unknown)

	// The reader fills one batch while the applier reads another: their
	// headers, should they be next to each other in memory, must not
	// share a cache line (see table.rowNum).
	_ [cacheLine]byte
}

// key returns key span k.
func (b *batch) key(k int) []byte {
	start := int32(0)
	if k > 0 {
		start = b.spans[k-1].end
	}
	end := b.spans[k].end
	return b.keys[start:end:end]
}

// start sets the rows read before the batch.
func (b *batch) start(t *table) { b.rows0, b.row0 = t.seen, t.rowNum }

func (b *batch) reset() {
	clear(b.errs)
	clear(b.at)
	b.events, b.errs, b.at, b.keys, b.spans = b.events[:0], b.errs[:0], b.at[:0], b.keys[:0], b.spans[:0]
	b.raw = b.raw[:0]
	b.rows, b.end, b.hint = 0, nil, 0
}

// queue carries batches of events from the reader to the applier.
type queue struct {
	t     *table
	cur   *batch
	async bool

	// The row that cur.at holds last (-1: none).
	atRow int

	// Synchronous: the applier's result once it ended.
	fin    bool
	finErr error

	// Asynchronous.
	full  chan *batch   // filled batches, to the applier
	free  chan *batch   // applied batches, back to the reader
	done  chan struct{} // closed when the applier has ended
	made  int           // batches allocated
	ended chan struct{} // closed when the reader has ended
	panic any           // the reader's panic, raised again by read
}

// testSequential makes every table run its stages in turn (tests compare).
var testSequential bool

// errAbandoned ends the reader when the applier has stopped.
var errAbandoned = errors.New("the applier has stopped")

// read validates every record of src. The first part of a multipart
// resource has the header; later parts are data only.
func (t *table) read(src rowSource) error {
	q := &queue{t: t, atRow: -1}
	q.async = t.parallel(src)
	q.cur = newBatch()
	q.cur.start(t)
	t.q = q
	defer func() { t.q = nil }()
	if !q.async {
		err := t.readRows(src)
		if q.fin {
			return q.finErr
		}
		q.cur.end = err
		t.push(event{kind: evEnd})
		_, err = t.apply(q.cur)
		return err
	}
	q.full = make(chan *batch, batchDepth)
	q.free = make(chan *batch, batchDepth)
	q.done = make(chan struct{})
	q.ended = make(chan struct{})
	q.made = 1
	go func() {
		defer close(q.ended)
		defer close(q.full)
		defer func() {
			if p := recover(); p != nil {
				q.panic = p
			}
		}()
		err := t.readRows(src)
		if err == errAbandoned {
			return
		}
		q.cur.end = err
		t.push(event{kind: evEnd})
		select {
		case q.full <- q.cur:
		case <-q.done:
		}
	}()
	// However the applier ends (a panic too), the reader is stopped and
	// waited for: it uses src, which the caller closes.
	defer func() {
		close(q.done)
		<-q.ended
		if q.panic != nil {
			panic(q.panic)
		}
	}()
	var err error
	for b := range q.full {
		var fin bool
		if fin, err = t.apply(b); fin {
			break
		}
		// The reader resets it: what it clears, it writes next, and the
		// memory had better be in its core's cache than in this one's.
		q.free <- b // never blocks: at most batchDepth batches exist
	}
	return err
}

// parallel reports whether the two stages should run on two goroutines:
// when there is a second CPU and keys to check (otherwise the applier has
// little to do).
func (t *table) parallel(src rowSource) bool {
	if testSequential || t.discard || t.schema == nil || runtime.GOMAXPROCS(0) < 2 {
		return false
	}
	if _, ok := src.(csvSource); !ok {
		return false
	}
	s := t.schema
	if len(s.pk) > 0 || len(s.uk) > 0 || len(s.ForeignKeys) > 0 {
		return true
	}
	for _, f := range s.Fields {
		if f.unique {
			return true
		}
	}
	return false
}

func newBatch() *batch {
	return &batch{}
}

// tick is called by the reader before each record: it hands over the batch
// when it is full. A non-nil error ends reading: the applier has ended.
func (q *queue) tick() error {
	b := q.cur
	// (Rows are numbered in 32 bits from the batch's first: a batch ends
	// long before, however many rows of comments it has.)
	if b.rows < batchRows && len(b.events) < batchEvents && q.t.rowNum-b.row0 < 1<<30 {
		return nil
	}
	q.atRow = -1
	q.t.estimate(b)
	if !q.async {
		fin, err := q.t.apply(b)
		b.reset()
		b.start(q.t)
		if fin {
			q.fin, q.finErr = true, err
			return errAbandoned
		}
		return nil
	}
	select {
	case q.full <- b:
	case <-q.done:
		return errAbandoned
	}
	b = nil
	select {
	case b = <-q.free:
	default:
		if q.made < batchDepth {
			q.made++
			b = newBatch()
		} else {
			select {
			case b = <-q.free:
			case <-q.done:
				return errAbandoned
			}
		}
	}
	b.reset()
	b.start(q.t)
	q.cur = b
	return nil
}

// emit reports an error found by the reader: queued while reading, added
// at once otherwise.
func (t *table) emit(e *Error) error {
	if t.q == nil {
		return t.add(e)
	}
	b := t.q.cur
	t.push(event{kind: evError, x: int32(len(b.errs))})
	b.errs = append(b.errs, e)
	return nil
}

// estimate sets b.hint to the number of rows that the file is expected to
// have, from its size and the bytes of its first rows (once, with the first
// batch), so that the key indexes are sized for them from the start.
func (t *table) estimate(b *batch) {
	if t.hinted || t.size <= 0 {
		return
	}
	t.hinted = true
	if len(b.at) < batchRows/2 || len(b.raw) == 0 {
		return // too few rows (or rows without keys) to say
	}
	b.hint = int(min(t.size*int64(len(b.at))/int64(len(b.raw)), maxHint))
}

// rowStart counts a data row. (Each event says how many there were when
// it was queued: the applier counts rows up to the event where it stops.)
func (t *table) rowStart() {
	t.seen++
	t.q.cur.rows++
}

// push queues ev.
func (t *table) push(ev event) {
	b := t.q.cur
	ev.rows = int32(t.seen - b.rows0)
	b.events = append(b.events, ev)
}

// pushRow queues ev about the current row, keeping the row (see at).
func (t *table) pushRow(rec record, ev event) {
	t.q.at(rec, t.rowNum)
	ev.row = int32(t.rowNum - t.q.cur.row0)
	t.push(ev)
}

// at keeps the row, once, and returns its index in the batch (see rowAt).
func (q *queue) at(rec record, row int) int32 {
	b := q.cur
	if q.atRow == row {
		return int32(len(b.at) - 1)
	}
	q.atRow = row
	if r, ok := rec.(*tablecsv.Record); ok {
		start := len(b.raw)
		b.raw = append(b.raw, r.Raw()...)
		b.at = append(b.at, rowAt{line: r.Line(), start: int32(start), end: int32(len(b.raw))})
	} else {
		b.at = append(b.at, rowAt{rec: rec})
	}
	return int32(len(b.at) - 1)
}

// record returns the row kept at index i of b.
func (t *table) record(b *batch, i int32) record {
	a := b.at[i]
	if a.rec != nil {
		return a.rec
	}
	// The record is parsed again as it was: alone, after a line ending
	// (so that a U+FEFF that starts it is not taken for a byte order mark),
	// with limits it cannot exceed.
	raw := append([]byte{'\n'}, b.raw[a.start:a.end]...)
	n := len(raw) + 2
	r := tablecsv.NewReader(bytes.NewReader(raw), t.dialect.CSV, tablecsv.Options{MaxFieldBytes: n, MaxFields: n, MaxRecordBytes: n, BufferSize: n})
	r.Read() // the empty line
	rec, _ := r.Read()
	if rec == nil {
		return inlineRecord(nil) // not expected: the record was read once
	}
	return shiftedRecord{rec, a.line - 2}
}

// shiftedRecord is a record parsed again, with lines numbered dl too low.
type shiftedRecord struct {
	*tablecsv.Record
	dl int
}

func (r shiftedRecord) Pos(i int) (int, int) {
	l, c := r.Record.Pos(i)
	return l + r.dl, c
}
func (r shiftedRecord) Line() int    { return r.Record.Line() + r.dl }
func (r shiftedRecord) EndLine() int { return r.Record.EndLine() + r.dl }

// span renders the key of fields idx of the current row into the batch.
func (t *table) span(idx []int) {
	b := t.q.cur
	keys, ok, null := t.appendKeyOf(b.keys, idx)
	b.keys = keys
	b.spans = append(b.spans, keySpan{end: int32(len(keys)), ok: ok, null: null})
}

// queueUnique queues the check that field i's value v is unique.
func (t *table) queueUnique(rec record, i int, v *value) {
	b := t.q.cur
	b.keys = appendKey(b.keys, t.schema.Fields[i].kind, v)
	b.spans = append(b.spans, keySpan{end: int32(len(b.keys)), ok: true})
	t.pushRow(rec, event{kind: evUnique, x: int32(i)})
}

// queueKeys queues the check of the primary key, unique keys and foreign
// keys of the current row.
func (t *table) queueKeys(rec record) {
	s := t.schema
	if len(s.pk) == 0 && len(s.uk) == 0 && len(s.ForeignKeys) == 0 {
		return
	}
	if len(s.pk) > 0 {
		t.span(s.pk)
	}
	for _, idx := range s.uk {
		t.span(idx)
	}
	for _, fk := range s.ForeignKeys {
		if fk.Resource == "" {
			t.span(fk.ref)
		}
		t.span(fk.fields)
	}
	t.pushRow(rec, event{kind: evKeys})
}

// rowSpans is the number of key spans of an evKeys event (queueKeys).
func (s *Schema) rowSpans() int {
	n := len(s.uk)
	if len(s.pk) > 0 {
		n++
	}
	for _, fk := range s.ForeignKeys {
		if fk.Resource == "" {
			n++
		}
		n++
	}
	return n
}

// apply applies the events of b in order. It reports whether reading has
// ended, and with what: the end of the input (nil), the error limit
// (errStop) or the reader's error.
func (t *table) apply(b *batch) (bool, error) {
	if b.hint > 0 {
		t.expect(b.hint)
	}
	t.hashed = false
	t.prefetch(b)
	// The rows read are counted where applying stops, and at the end of
	// the batch, rather than at every event: see table.rowNum.
	span := 0                         // the next key span
	at, atRow := int32(-1), int32(-1) // the last row kept, and its row
	for i := range b.events {
		ev := &b.events[i]
		if (ev.kind == evUnique || ev.kind == evKeys) && ev.row != atRow {
			at, atRow = at+1, ev.row
		}
		var err error
		switch ev.kind {
		case evError:
			err = t.add(b.errs[ev.x])
		case evUnique:
			err = t.applyUnique(b, ev, span, at)
			span++
		case evKeys:
			err = t.applyKeys(b, ev, span, at)
			span += t.rowSpans
		case evEnd:
			t.rows = b.rows0 + int(ev.rows)
			if b.end == errStop {
				t.stopped = true // the row limit
			}
			return true, b.end
		}
		if err != nil {
			t.rows = b.rows0 + int(ev.rows)
			return true, err
		}
	}
	t.rows = b.rows0 + b.rows
	return false, nil
}

// prefetch hashes the primary keys of a batch and peeks at their slots in
// the index, so that the cache misses of the inserts overlap rather than
// follow one another.
func (t *table) prefetch(b *batch) {
	ks := t.pk
	if ks == nil || !ks.hashing() || len(t.schema.pk) == 0 {
		return
	}
	// The hashes are the applier's: the batch's memory is the reader's
	// to write (writing there would make the cores trade cache lines).
	if cap(t.hashes) < len(b.spans) {
		t.hashes = make([]uint64, len(b.spans), 2*len(b.spans))
	}
	t.hashes = t.hashes[:len(b.spans)]
	var sink uint64
	span := 0 // as in apply
	for i := range b.events {
		switch b.events[i].kind {
		case evUnique:
			span++
		case evKeys:
			if b.spans[span].ok {
				h := ks.hash(b.key(span))
				t.hashes[span] = h
				sink ^= ks.peek(h)
			}
			span += t.rowSpans
		}
	}
	t.sink = sink
	t.hashed = true
}

// applyUnique checks that the value of an evUnique, key span k, is unique;
// at is its row kept.
func (t *table) applyUnique(b *batch, ev *event, k int, at int32) error {
	i, col, row := int(ev.x), t.colOf[ev.x], b.row0+int(ev.row)
	if t.uniq[i] == nil {
		t.uniq[i] = newKeyset()
	}
	first, dup := t.uniq[i].insert(b.key(k), row)
	if !dup {
		return nil
	}
	rec := t.record(b, at)
	cell := rec.Field(col)
	return t.add(t.cellErrorAt(row, CodeUnique, rec, col, i, fmt.Sprintf("%sの値 %s は %d 行目と重複しています (一意であるべき列)", t.fieldJa(i, col), quote(bytesString(cell)), first),
		fmt.Sprintf("%s: %s duplicates row %d (the field must be unique)", t.fieldEn(i, col), quote(bytesString(cell)), first)))
}

// expect tells the key index of the primary key how many rows to expect.
//
// Only that one: every row has a primary key (a row without is an error),
// so the memory stays in proportion to the keys; a unique column may be
// mostly empty, and its index grows with what it holds.
func (t *table) expect(rows int) {
	t.hint = rows
	if t.pk != nil {
		t.pk.expect(rows)
	}
}

// applyKeys checks the primary key, unique keys and foreign keys of a row,
// from key span k on; at is the row kept.
func (t *table) applyKeys(b *batch, ev *event, k int, at int32) error {
	s := t.schema
	row := b.row0 + int(ev.row)
	var r record
	rec := func() record { // only for messages
		if r == nil {
			r = t.record(b, at)
		}
		return r
	}
	first := k
	next := func() (keySpan, []byte) {
		sp, key := b.spans[k], b.key(k)
		k++
		return sp, key
	}
	if len(s.pk) > 0 {
		sp, key := next()
		switch {
		case sp.null:
			if err := t.add(t.keyError(CodePrimaryKey, row, rec(), s.PrimaryKey, fmt.Sprintf("主キー (%s) に値がありません", strings.Join(s.PrimaryKey, ", ")),
				fmt.Sprintf("the primary key (%s) has an empty value", strings.Join(s.PrimaryKey, ", ")))); err != nil {
				return err
			}
		case sp.ok:
			if t.pk == nil {
				t.pk = newKeyset()
				t.pk.expect(t.hint)
			}
			var h uint64
			if t.hashed {
				h = t.hashes[first]
			}
			if first, dup := t.pk.insertHash(key, h, t.hashed, row); dup {
				cells := t.keyCells(rec(), s.pk)
				if err := t.add(t.keyError(CodePrimaryKey, row, rec(), s.PrimaryKey, fmt.Sprintf("主キー (%s) の値 %s は %d 行目と重複しています", strings.Join(s.PrimaryKey, ", "), quote(cells), first),
					fmt.Sprintf("primary key (%s) value %s duplicates row %d", strings.Join(s.PrimaryKey, ", "), quote(cells), first))); err != nil {
					return err
				}
			}
		}
	}
	for j, idx := range s.uk {
		sp, key := next()
		if !sp.ok {
			continue // rows with a null in the key are skipped (spec)
		}
		if t.uks[j] == nil {
			t.uks[j] = newKeyset()
		}
		if first, dup := t.uks[j].insert(key, row); dup {
			cells := t.keyCells(rec(), idx)
			names := strings.Join(s.UniqueKeys[j], ", ")
			if err := t.add(t.keyError(CodeUnique, row, rec(), s.UniqueKeys[j], fmt.Sprintf("一意キー (%s) の値 %s は %d 行目と重複しています", names, quote(cells), first),
				fmt.Sprintf("unique key (%s) value %s duplicates row %d", names, quote(cells), first))); err != nil {
				return err
			}
		}
	}
	for j, fk := range s.ForeignKeys {
		if fk.Resource == "" {
			// Self-reference: remember this row's referenced key first.
			if sp, ref := next(); sp.ok {
				t.selfs[j].insert(ref, row)
			}
		}
		sp, key := next()
		if !sp.ok {
			continue // a null in the key: nothing to check
		}
		if fk.Resource == "" {
			if _, found := t.selfs[j].lookup(key); !found {
				t.defers[j] = append(t.defers[j], pendingFK{key: string(key), row: row, line: rec().Line(), cells: t.keyCells(rec(), fk.fields)})
			}
			continue
		}
		if t.refs[j] == nil {
			continue // the referenced resource could not be read; reported there
		}
		last := &t.lastFK[j]
		if !last.ok || !bytes.Equal(last.key, key) {
			_, last.found = t.refs[j].lookup(key)
			last.key, last.ok = append(last.key[:0], key...), true
		}
		if !last.found {
			if err := t.add(t.fkError(fk, row, rec().Line(), t.keyCells(rec(), fk.fields))); err != nil {
				return err
			}
		}
	}
	return nil
}
