package frictionless

import (
	"syscall"
	"unsafe"
)

// hugePages asks Linux to back b, a large allocation of a key index, with
// huge pages (2 MiB) where it can. An index of a million keys is some 30 MB
// touched in no order: in 4 KiB pages that is 7,000 page faults (each
// several microseconds on a virtual machine) and as many TLB entries, most
// of the cost of a first touch. Nothing changes but speed: where the
// system has no huge pages (or transparent huge pages are off) the advice
// is ignored, and so is any error.
func hugePages[T any](s []T) {
	n := len(s) * int(unsafe.Sizeof(*new(T)))
	if n < 2<<20 {
		return
	}
	syscall.Madvise(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), n), syscall.MADV_HUGEPAGE)
}
