package app

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
)

// The Go collector lets the heap grow to twice what it held after its last
// cycle (GOGC=100) before it collects again. Reading a 10 MB message, what
// it held is mostly the message itself, so the garbage its analysis leaves
// (tokenizer buffers, parsed URLs, pieces of text) could grow to the
// message's size again before any of it was freed: scan's peak memory was
// the message two to three times over, beside the program. A scan that owns
// its process sets the runtime's soft memory limit (runtime/debug
// SetMemoryLimit) from the messages it holds instead, once they are large:
// from scanHeapFrom bytes of messages read and not yet analysed, the limit
// is what the runtime held when the scan began (the program's own tables:
// 6 MB for the command line alone, more with the window's packages linked)
// and twice their bytes; under it, the limit the process had (none, as a
// rule), so that a folder of ordinary mail is collected as before, at no
// cost in time. Under the limit the collector runs as often as it must,
// and no more: the messages themselves are plain bytes, which it does not
// scan, so a cycle costs little. Live data past the limit (a message whose
// analysis keeps more than its size) is never refused: the runtime then
// caps the collector's share of the CPU.

const (
	scanHeapFrom    = 8 << 20
	scanHeapPerByte = 2
)

// scanHeap sets the soft memory limit from the bytes of the messages held
// (read and not yet analysed: the pipeline's count, inOrderBounds.Held). A
// nil *scanHeap does nothing, as when the user set GOMEMLIMIT, whose limit
// stands.
type scanHeap struct {
	base   int64 // the runtime's memory when the scan began
	before int64 // the limit before the scan, set again by end
	set    int64 // the limit last set
}

func newScanHeap() *scanHeap {
	if os.Getenv("GOMEMLIMIT") != "" {
		return nil
	}
	before := debug.SetMemoryLimit(-1)
	return &scanHeap{base: runtimeMemory(), before: before, set: before}
}

// runtimeMemory is the memory the Go runtime holds as its soft limit counts
// it: all it has mapped, less what it has given back to the system.
func runtimeMemory() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64() - s[1].Value.Uint64())
}

// held sets the limit for n bytes of messages held. Its caller calls it
// under a lock, one change at a time.
func (h *scanHeap) held(n int) {
	limit := h.before
	if n >= scanHeapFrom {
		limit = h.base + scanHeapPerByte*int64(n)
	}
	if limit != h.set {
		h.set = limit
		debug.SetMemoryLimit(limit)
	}
}

// end sets the limit back to what it was before the scan, unless something
// else has set another since.
func (h *scanHeap) end() {
	if h != nil && h.set != h.before && debug.SetMemoryLimit(-1) == h.set {
		debug.SetMemoryLimit(h.before)
	}
}
