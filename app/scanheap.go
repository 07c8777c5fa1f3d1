package app

import (
	"os"
	"runtime/debug"
	"sync"
)

// The Go collector lets the heap grow to twice what it held after its last
// cycle (GOGC=100) before it collects again. Reading a 10 MB message, what
// it holds is mostly the message itself, so the garbage its analysis leaves
// (tokenizer buffers, parsed URLs, decoded parts) could grow to the
// message's size again before any of it was freed: scan's peak memory was
// the message two to three times over, beside the program. A scan that owns
// its process has the collector keep pace while a large message is in hand
// instead: from a message of scanHeapFrom bytes, read and not yet analysed,
// the heap may grow by a tenth over what it held (GOGC=10); otherwise the
// pace is the process's, so that a folder of ordinary mail, however many of
// its messages wait their turn, is collected as before, at no cost in time.
// A cycle costs little here: the message itself is plain bytes, which the
// collector does not scan. A pace rather than a memory limit
// (runtime/debug.SetMemoryLimit): a message whose analysis keeps more than a
// limit allowed (a body that needs a converted copy of its own) had the
// collector run without pause, three times the CPU.

const (
	scanHeapFrom = 4 << 20
	scanHeapPace = 10 // GOGC while a large message is held
)

// scanHeap sets the collector's pace from the large messages a scan holds.
// A nil *scanHeap does nothing, as when the user set GOGC, whose pace
// stands.
type scanHeap struct {
	mu     sync.Mutex
	large  int // messages of scanHeapFrom bytes or more held
	before int // the pace (GOGC) before the scan
}

func newScanHeap() *scanHeap {
	if os.Getenv("GOGC") != "" {
		return nil
	}
	before := debug.SetGCPercent(100)
	debug.SetGCPercent(before)
	return &scanHeap{before: before}
}

// hold counts a message of n bytes read, to be analysed.
func (h *scanHeap) hold(n int) {
	if h == nil || n < scanHeapFrom {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.large++; h.large == 1 {
		debug.SetGCPercent(min(h.before, scanHeapPace))
	}
}

// release counts a message of n bytes analysed, or never to be.
func (h *scanHeap) release(n int) {
	if h == nil || n < scanHeapFrom {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.large--; h.large == 0 {
		debug.SetGCPercent(h.before)
	}
}

// end sets the pace back to what it was before the scan, whatever messages
// were left unanalysed.
func (h *scanHeap) end() {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.large > 0 {
		h.large = 0
		debug.SetGCPercent(h.before)
	}
}
