package frictionless

import (
	"errors"
	"io"

	"github.com/ichiran-jp/ichiran/tools/tablecsv"
)

// readahead is a CSV source read on a goroutine of its own, a few batches
// of records ahead of the rows being checked: splitting the text into
// fields runs beside casting and checking them, on another processor. The
// records, and the errors, come out as the reader gave them, in order.
//
// A batch holds at most readaheadRecords records and about
// readaheadBytes bytes of them (a record may exceed it alone); at most
// readaheadDepth batches exist. close must be called before the reader's
// input is closed: it stops the goroutine and waits for it.
type readahead struct {
	full  chan *recordBatch
	free  chan *recordBatch
	done  chan struct{}
	ended chan struct{}
	made  int // batches, made as needed
	panic any // of the reading goroutine, raised again by close

	cur *recordBatch
	i   int
}

// readaheadRecords is a variable for the tests, which make batches small.
var readaheadRecords = 256

const (
	readaheadBytes = 256 << 10
	readaheadDepth = 4
	// A record slot that once held more than this gives its memory back
	// rather than keep it for the next record.
	readaheadKeep = 64 << 10
)

type recordBatch struct {
	recs    []tablecsv.Record
	results []readResult
}

type readResult struct {
	rec *tablecsv.Record // nil: none (a skipped line, the end)
	err error
}

// newReadahead starts reading src.
func newReadahead(src csvSource) *readahead {
	ra := &readahead{
		full:  make(chan *recordBatch, readaheadDepth),
		free:  make(chan *recordBatch, readaheadDepth),
		done:  make(chan struct{}),
		ended: make(chan struct{}),
	}
	go ra.fill(src.r)
	return ra
}

// fill reads records into batches until the end of the input, an error
// that ends it, or close.
func (ra *readahead) fill(r *tablecsv.Reader) {
	defer close(ra.ended)
	defer close(ra.full)
	defer func() {
		if p := recover(); p != nil {
			ra.panic = p
		}
	}()
	for {
		var b *recordBatch
		select {
		case b = <-ra.free:
		default:
			if ra.made < readaheadDepth {
				ra.made++
				b = &recordBatch{recs: make([]tablecsv.Record, readaheadRecords)}
				break
			}
			select {
			case b = <-ra.free:
			case <-ra.done:
				return
			}
		}
		b.results = b.results[:0]
		size, last := 0, false
		for len(b.results) < readaheadRecords && size < readaheadBytes {
			rec, err := r.Read()
			res := readResult{err: err}
			if rec != nil {
				dst := &b.recs[len(b.results)]
				if dst.Size() > readaheadKeep {
					*dst = tablecsv.Record{}
				}
				rec.CopyTo(dst)
				res.rec = dst
				size += len(rec.Raw())
			}
			b.results = append(b.results, res)
			if err != nil && !isParseError(err) {
				last = true // io.EOF, or a failure to read: nothing follows
				break
			}
		}
		select {
		case ra.full <- b:
		case <-ra.done:
			return
		}
		if last {
			return
		}
	}
}

func isParseError(err error) bool {
	var pe *tablecsv.ParseError
	return errors.As(err, &pe)
}

// Read returns the next record, as the reader gave it.
func (ra *readahead) Read() (record, error) {
	for ra.cur == nil || ra.i == len(ra.cur.results) {
		if ra.cur != nil {
			ra.free <- ra.cur // never blocks: at most readaheadDepth batches exist
			ra.cur = nil
		}
		b, ok := <-ra.full
		if !ok {
			// The reading goroutine panicked (close raises it again), or
			// was stopped.
			return nil, io.EOF
		}
		ra.cur, ra.i = b, 0
	}
	res := ra.cur.results[ra.i]
	ra.i++
	if res.rec == nil {
		return nil, res.err
	}
	return res.rec, res.err
}

// close stops the reading goroutine, wherever it is, and waits for it.
func (ra *readahead) close() {
	close(ra.done)
	<-ra.ended
	if ra.panic != nil {
		panic(ra.panic)
	}
}
