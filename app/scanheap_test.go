package app

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"mailsafe/internal/hostilemail"
)

func TestScanHeapFollowsTheMessagesHeld(t *testing.T) {
	if os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOMEMLIMIT is set: the scan leaves the limit to it")
	}
	start := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(start) })
	h := newScanHeap()
	for _, step := range []struct {
		held int
		want int64
	}{{1 << 20, start}, {10 << 20, 20 << 20}, {30 << 20, 60 << 20}, {4 << 20, start}, {12 << 20, 24 << 20}} {
		h.held(step.held)
		if got := debug.SetMemoryLimit(-1); got != step.want {
			t.Errorf("%d bytes held: limit %d, want %d", step.held, got, step.want)
		}
	}
	h.end()
	if got := debug.SetMemoryLimit(-1); got != start {
		t.Errorf("after the scan the limit is %d, not %d as before", got, start)
	}
	// A limit someone else set meanwhile is left as it is.
	h = newScanHeap()
	h.held(10 << 20)
	debug.SetMemoryLimit(500 << 20)
	h.end()
	if got := debug.SetMemoryLimit(-1); got != 500<<20 {
		t.Errorf("the scan's end replaced a limit set since: %d", got)
	}
	debug.SetMemoryLimit(start)
	t.Setenv("GOMEMLIMIT", "1GiB")
	if newScanHeap() != nil {
		t.Errorf("the scan manages the limit though GOMEMLIMIT is set")
	}
}

// A scan that owns its process (the command line) reads a large message
// with its heap kept near twice the message: the garbage of its many small
// parts, decoded and let go, would otherwise grow the heap by about the
// message's size again before a collection (GOGC=100). After the scan the
// limit is what it was.
func TestScanOfALargeMessageKeepsMemoryNearTwiceItsSize(t *testing.T) {
	if raceDetector {
		t.Skip("a memory bound; the race pass's figures mean nothing")
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOMEMLIMIT is set: the scan leaves the limit to it")
	}
	defer runtime.GC()
	raw := bytes.ReplaceAll(hostilemail.ManyParts(20<<20), []byte("\r\n"), []byte("\n"))
	raw = bytes.ReplaceAll(raw, []byte("\n"), []byte("\r\n"))
	path := filepath.Join(t.TempDir(), "parts.eml")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	size := len(raw)
	raw = nil
	before := debug.SetMemoryLimit(-1)
	for _, limit := range []bool{false, true} {
		runtime.GC()
		var errOut bytes.Buffer
		var ok bool
		peak := peakHeap(func() {
			ok = Scan(context.Background(), []string{path}, ScanOptions{JSON: true, Lang: "en", LimitHeap: limit}, io.Discard, &errOut)
		})
		if !ok {
			t.Fatalf("scan failed: %s", errOut.String())
		}
		t.Logf("LimitHeap %v: the heap rose %.2fx the message's size at most", limit, float64(peak)/float64(size))
		// Measured: 1.95 to 2.13 times without the limit, 1.37 to 1.57 with it.
		if limit && float64(peak) > 1.75*float64(size) {
			t.Errorf("with the limit, the scan's heap rose %.2f times the message's size, more than 1.75", float64(peak)/float64(size))
		}
	}
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("after the scan the memory limit is %d, not %d", got, before)
	}
}

// peakHeap runs f and returns the most the heap's objects, live and not
// yet collected, rose above what they were before f, sampled while f ran.
func peakHeap(f func()) uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(s); return s[0].Value.Uint64() }
	start := read()
	var peak uint64
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(200 * time.Microsecond)
		defer tick.Stop()
		for {
			peak = max(peak, read())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	peak = max(peak, read())
	return peak - min(start, peak)
}
