package app

import (
	"os"
	"runtime/debug"
)

// The Go collector lets the heap grow to twice what it held after its last
// cycle (GOGC=100) before it collects again. Reading a 10 MB message, what
// it holds is mostly the message itself, so the garbage its analysis leaves
// (tokenizer buffers, parsed URLs, decoded parts) could grow to the
// message's size again before any of it was freed: scan's peak memory was
// the message two to three times over, beside the program. A scan that owns
// its process has the collector keep pace with large messages instead: from
// scanHeapFrom bytes of messages read and not yet analysed, the heap may
// grow by a tenth over what it held (GOGC=10); under it, the pace the
// process had, so that a folder of ordinary mail is collected as before, at
// no cost in time. A cycle costs little here: the messages themselves are
// plain bytes, which the collector does not scan. A pace rather than a
// memory limit (runtime/debug.SetMemoryLimit): a message whose analysis
// keeps more than a limit allowed (a body that needs a converted copy of
// its own) had the collector run without pause, three times the CPU.

const (
	scanHeapFrom = 8 << 20
	scanHeapPace = 10 // GOGC while large messages are held
)

// scanHeap sets the collector's pace from the bytes of the messages held
// (read and not yet analysed: the pipeline's count, inOrderBounds.Held). A
// nil *scanHeap does nothing, as when the user set GOGC, whose pace stands.
type scanHeap struct {
	before int // the pace (GOGC) before the scan, set again by end
	set    int // the pace last set
}

func newScanHeap() *scanHeap {
	if os.Getenv("GOGC") != "" {
		return nil
	}
	before := debug.SetGCPercent(100)
	debug.SetGCPercent(before)
	return &scanHeap{before: before, set: before}
}

// held sets the pace for n bytes of messages held. Its caller calls it
// under a lock, one change at a time.
func (h *scanHeap) held(n int) {
	pace := h.before
	if n >= scanHeapFrom {
		pace = min(h.before, scanHeapPace)
	}
	if pace != h.set {
		h.set = pace
		debug.SetGCPercent(pace)
	}
}

// end sets the pace back to what it was before the scan.
func (h *scanHeap) end() {
	if h != nil && h.set != h.before {
		debug.SetGCPercent(h.before)
	}
}
