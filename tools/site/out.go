package site

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// writers is how many files an outDir writes at once: more than there are
// processors, since a write may wait for the disk (a file system may flush
// a file it truncates or closes) while the pages go on being rendered.
const writers = 8

// outDir is the folder a site is written into. The files put to it are
// written by goroutines of its own, [writers] of them, from a short queue:
// at most about 2×writers files are held at a time.
type outDir struct {
	root  string
	queue chan queued
	free  chan []byte // buffers given, written, to use again
	wg    sync.WaitGroup
	dirs  sync.Map // folders made, by slash-separated name

	mu  sync.Mutex
	err error // the first error of a write
}

type queued struct {
	name  string
	data  []byte
	given bool // data is a buffer to use again once written
}

// newOutDir starts the writers of a site into root.
func newOutDir(root string) *outDir {
	// free holds every buffer that can be in flight: queued, being
	// written, being rendered into (one per processor).
	o := &outDir{root: root, queue: make(chan queued, 2*writers), free: make(chan []byte, 3*writers+runtime.GOMAXPROCS(0))}
	for range writers {
		o.wg.Go(o.drain)
	}
	return o
}

// put queues the file name (slash-separated, below the root) to be
// written; the caller must not change data. put returns the first error
// of the writes so far, so that a failed build stops early;
// [outDir.close] returns it too.
func (o *outDir) put(name string, data []byte) error {
	return o.queueFile(queued{name: name, data: data})
}

// give is put of data in a buffer from [outDir.buffer], which the outDir
// takes: it is used again for another file once written.
func (o *outDir) give(name string, data []byte) error {
	return o.queueFile(queued{name: name, data: data, given: true})
}

// buffer returns an empty buffer to render a file into, one given back
// when there is one: the memory a page used serves the next.
func (o *outDir) buffer() []byte {
	select {
	case b := <-o.free:
		return b[:0]
	default:
		return nil
	}
}

func (o *outDir) queueFile(f queued) error {
	if err := o.failed(); err != nil {
		return err
	}
	o.queue <- f
	return nil
}

// close waits for every file put to be written and returns the first
// error of a write.
func (o *outDir) close() error {
	close(o.queue)
	o.wg.Wait()
	return o.failed()
}

func (o *outDir) drain() {
	for f := range o.queue {
		if o.failed() == nil {
			if err := o.write(f.name, f.data); err != nil {
				o.mu.Lock()
				if o.err == nil {
					o.err = err
				}
				o.mu.Unlock()
			}
		}
		if f.given {
			select {
			case o.free <- f.data:
			default:
			}
		}
	}
}

func (o *outDir) failed() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.err
}

// write writes a file, making its folder first.
func (o *outDir) write(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	if d := path.Dir(name); !o.made(d) {
		if err := os.MkdirAll(filepath.Join(o.root, filepath.FromSlash(d)), 0o755); err != nil {
			return err
		}
		o.dirs.Store(d, true)
	}
	return os.WriteFile(filepath.Join(o.root, filepath.FromSlash(name)), data, 0o644)
}

func (o *outDir) made(dir string) bool {
	_, ok := o.dirs.Load(dir)
	return ok
}

// checkName refuses a file name that is not a clean relative path below
// the root.
func checkName(name string) error {
	if name == "" || path.Clean(name) != name || strings.HasPrefix(name, "../") || path.IsAbs(name) {
		return fmt.Errorf("bad file name %q", name)
	}
	return nil
}
