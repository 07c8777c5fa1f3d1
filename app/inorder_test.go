package app

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// waitGoroutines fails t unless the goroutine count comes back to at most
// base within a second: whatever a pipeline started has returned.
func waitGoroutines(t *testing.T, base int) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines left running (had %d):\n%s", runtime.NumGoroutine(), base, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Items whose work takes very different times finish out of order on
// several workers; they are still emitted in the order put.
func TestInOrderKeepsInputOrder(t *testing.T) {
	base := runtime.NumGoroutine()
	const n = 400
	var mu sync.Mutex
	var finished, emitted []int
	work := func(_ context.Context, i int) int {
		time.Sleep(time.Duration((i*7919)%5) * 200 * time.Microsecond) // 0 to 0.8 ms, scattered
		mu.Lock()
		finished = append(finished, i)
		mu.Unlock()
		return i * 10
	}
	p := startInOrder(context.Background(), inOrderBounds[int]{Workers: 4, Window: 8}, work, func(v int) error {
		emitted = append(emitted, v)
		return nil
	})
	for i := range n {
		if err := p.Put(i); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if len(emitted) != n {
		t.Fatalf("emitted %d of %d", len(emitted), n)
	}
	for i, v := range emitted {
		if v != i*10 {
			t.Fatalf("emitted[%d] = %d, want %d (out of order)", i, v, i*10)
		}
	}
	outOfOrder := false
	for i, v := range finished {
		if v != i {
			outOfOrder = true
		}
	}
	if !outOfOrder {
		t.Error("the work finished in input order: the test did not exercise reordering")
	}
	waitGoroutines(t, base)
}

// A result with no work (a report of an unreadable message) comes out in
// its place among the worked items.
func TestInOrderDoneInPlace(t *testing.T) {
	var got []string
	p := startInOrder(context.Background(), inOrderBounds[string]{Workers: 3, Window: 6}, func(_ context.Context, s string) string {
		time.Sleep(time.Millisecond)
		return "worked " + s
	}, func(s string) error { got = append(got, s); return nil })
	for i := range 20 {
		var err error
		if i%7 == 3 {
			err = p.Done(fmt.Sprintf("skipped %d", i))
		} else {
			err = p.Put(fmt.Sprint(i))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	for i, s := range got {
		want := fmt.Sprintf("worked %d", i)
		if i%7 == 3 {
			want = fmt.Sprintf("skipped %d", i)
		}
		if s != want {
			t.Fatalf("got[%d] = %q, want %q", i, s, want)
		}
	}
}

// However fast the reader, no more than the window of items is put and not
// yet emitted: memory is bounded by the window, not by the source.
func TestInOrderBoundsInFlight(t *testing.T) {
	const window = 6
	var put, written, most atomic.Int64
	p := startInOrder(context.Background(), inOrderBounds[int]{Workers: 3, Window: window}, func(_ context.Context, i int) int { return i },
		func(int) error {
			time.Sleep(200 * time.Microsecond) // a slow writer: the reader runs ahead
			written.Add(1)
			return nil
		})
	for i := range 300 {
		if err := p.Put(i); err != nil {
			t.Fatal(err)
		}
		inFlight := put.Add(1) - written.Load()
		if inFlight > most.Load() {
			most.Store(inFlight)
		}
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if m := most.Load(); m > window {
		t.Errorf("%d items in flight, the window is %d", m, window)
	} else if m < window-1 {
		t.Errorf("at most %d items in flight with a slow writer: the window of %d was not used", m, window)
	}
}

// Cancelling stops the reader, the workers and the writer promptly, even
// with work stuck waiting, and leaves no goroutine behind.
func TestInOrderCancelEndsPromptly(t *testing.T) {
	base := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{}, 100)
	p := startInOrder(ctx, inOrderBounds[int]{Workers: 2, Window: 4}, func(ctx context.Context, i int) int {
		started <- struct{}{}
		<-ctx.Done() // a network lookup that only ends when cancelled
		return i
	}, func(int) error { return nil })
	errc := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			if err := p.Put(i); err != nil {
				errc <- err
				return
			}
		}
	}()
	<-started
	t0 := time.Now()
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Put after cancel = %v, want context.Canceled", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Put still blocked 2 s after cancel")
	}
	if err := p.Close(); !errors.Is(err, context.Canceled) {
		t.Errorf("Close = %v, want context.Canceled", err)
	}
	if d := time.Since(t0); d > 500*time.Millisecond {
		t.Errorf("the pipeline took %v to stop", d)
	}
	waitGoroutines(t, base)
}

// A writer that fails (a closed pipe) ends the run: the reader's next Put
// and Close return its error, and nothing is emitted after it.
func TestInOrderEmitErrorStops(t *testing.T) {
	base := runtime.NumGoroutine()
	broken := errors.New("broken pipe")
	var emitted atomic.Int64
	p := startInOrder(context.Background(), inOrderBounds[int]{Workers: 2, Window: 4}, func(_ context.Context, i int) int { return i }, func(i int) error {
		emitted.Add(1)
		if i == 5 {
			return broken
		}
		return nil
	})
	var err error
	for i := 0; i < 10000 && err == nil; i++ {
		err = p.Put(i)
	}
	if !errors.Is(err, broken) {
		t.Errorf("Put = %v, want the writer's error", err)
	}
	if err := p.Close(); !errors.Is(err, broken) {
		t.Errorf("Close = %v, want the writer's error", err)
	}
	if n := emitted.Load(); n != 6 {
		t.Errorf("%d items emitted, want 6 (nothing after the failure)", n)
	}
	waitGoroutines(t, base)
}

// Items still queued when the run ends are not worked on: an interrupted
// scan does not analyse the window's backlog before it stops.
func TestInOrderCancelStartsNoMoreWork(t *testing.T) {
	for range 20 { // a worker choosing between two ready cases picks at random
		ctx, cancel := context.WithCancel(context.Background())
		release := make(chan struct{})
		var worked atomic.Int64
		p := startInOrder(ctx, inOrderBounds[int]{Workers: 1, Window: 4}, func(_ context.Context, i int) int {
			worked.Add(1)
			if i == 0 {
				<-release
			}
			return i
		}, func(int) error { return nil })
		for i := range 4 {
			if err := p.Put(i); err != nil {
				t.Fatal(err)
			}
		}
		for worked.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
		close(release)
		p.Close()
		if n := worked.Load(); n != 1 {
			t.Fatalf("%d items worked on after the cancel, want none but the one under way", n-1)
		}
	}
}

// However many items the window allows, no more input bytes than the bound
// are queued or being worked on; an item larger than the bound still runs
// (alone) rather than waiting for ever.
func TestInOrderBoundsBytes(t *testing.T) {
	const bound = 100
	var outstanding, most atomic.Int64
	sizes := make([]int, 200)
	for i := range sizes {
		sizes[i] = 10 + (i*37)%30 // 10 to 39 bytes
	}
	sizes[50], sizes[120] = 250, 1000 // over the bound
	b := inOrderBounds[int]{Workers: 3, Window: 64, Bytes: bound, Size: func(i int) int { return sizes[i] }}
	var emitted []int
	// A bound never given back, or an item over it never let in, would
	// hold Put for good: the deadline makes that a failure, not a hang.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p := startInOrder(ctx, b, func(_ context.Context, i int) int {
		time.Sleep(300 * time.Microsecond) // slow workers: the reader runs ahead
		outstanding.Add(-int64(sizes[i]))
		return i
	}, func(i int) error {
		emitted = append(emitted, i)
		return nil
	})
	for i := range sizes {
		if err := p.Put(i); err != nil {
			t.Fatalf("putting item %d (%d bytes): %v", i, sizes[i], err)
		}
		n := outstanding.Add(int64(sizes[i]))
		if n > most.Load() {
			most.Store(n)
		}
		if n > bound && n != int64(sizes[i]) {
			t.Fatalf("after item %d: %d bytes outstanding, the bound is %d", i, n, bound)
		}
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if len(emitted) != len(sizes) {
		t.Fatalf("%d of %d emitted", len(emitted), len(sizes))
	}
	if m := most.Load(); m < bound/2 {
		t.Errorf("at most %d bytes outstanding: the bound of %d was not used", m, bound)
	}
}
