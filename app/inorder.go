package app

import (
	"context"
	"errors"
	"sync"
)

// inOrder runs work on many items at once, on a fixed number of worker
// goroutines, and hands each result to emit on one writer goroutine in the
// order the items were put in. At most Window items are in flight (put and
// not yet emitted), and at most Bytes of input is queued or being worked on,
// so memory is bounded by the bounds, not by the source. A wide window keeps
// every worker busy while one item takes long (the writer waits for it, the
// others run ahead); the byte bound keeps a run of large items from piling up.
//
// Put and Done are called from one goroutine (the reader); Close ends the
// pipeline and waits for every goroutine it started.
type inOrder[In, Out any] struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	work   func(context.Context, In) Out
	emit   func(Out) error

	slots chan struct{}              // a token per item in flight: the window
	jobs  chan *inOrderSlot[In, Out] // to the workers
	queue chan *inOrderSlot[In, Out] // to the writer, in order
	wg    sync.WaitGroup

	size  func(In) int  // an input's bytes, for the byte bound
	bytes int           // the byte bound
	mu    sync.Mutex    // guards held
	held  int           // input bytes queued or being worked on
	freed chan struct{} // signalled when held falls
}

// inOrderBounds sizes an inOrder: Workers goroutines, at most Window items
// in flight (at least Workers), and at most Bytes of input as Size counts
// it queued or being worked on (0 or a nil Size: no byte bound). An item
// larger than Bytes still runs, alone.
type inOrderBounds[In any] struct {
	Workers, Window int
	Bytes           int
	Size            func(In) int
}

// inOrderSlot is one item on its way: its input until a worker takes it,
// then its result; done is closed when the result is there.
type inOrderSlot[In, Out any] struct {
	in    In
	bytes int // in's size, held against the byte bound until worked on
	out   Out
	done  chan struct{}
}

// errEmitStopped is the cause of the pipeline's end when emit failed; the
// error emit returned is what Put and Close give back.
var errEmitStopped = errors.New("the writer stopped")

// startInOrder starts b.Workers goroutines running work and one running
// emit, within b's bounds; ctx ends it all.
func startInOrder[In, Out any](ctx context.Context, b inOrderBounds[In], work func(context.Context, In) Out, emit func(Out) error) *inOrder[In, Out] {
	workers := max(b.Workers, 1)
	window := max(b.Window, workers)
	p := &inOrder[In, Out]{
		work:  work,
		emit:  emit,
		slots: make(chan struct{}, window),
		jobs:  make(chan *inOrderSlot[In, Out], window),
		queue: make(chan *inOrderSlot[In, Out], window),
		freed: make(chan struct{}, 1),
	}
	if b.Size != nil && b.Bytes > 0 {
		p.size, p.bytes = b.Size, b.Bytes
	}
	p.ctx, p.cancel = context.WithCancelCause(ctx)
	p.wg.Add(workers + 1)
	for range workers {
		go p.runWorker()
	}
	go p.runWriter()
	return p
}

func (p *inOrder[In, Out]) runWorker() {
	defer p.wg.Done()
	for {
		select {
		case <-p.ctx.Done():
			return
		case s, ok := <-p.jobs:
			if !ok || p.ctx.Err() != nil {
				return // both were ready: the end wins over the backlog
			}
			s.out = p.work(p.ctx, s.in)
			var zero In
			s.in = zero // the raw input is not kept while the result waits its turn
			p.release(s.bytes)
			close(s.done)
		}
	}
}

func (p *inOrder[In, Out]) runWriter() {
	defer p.wg.Done()
	for s := range p.queue {
		select {
		case <-s.done:
		case <-p.ctx.Done():
			return
		}
		if p.ctx.Err() != nil {
			return // nothing is written once the run is cancelled
		}
		if err := p.emit(s.out); err != nil {
			p.cancel(&emitError{err})
			return
		}
		<-p.slots
	}
}

// emitError carries the error emit returned as the pipeline's cause.
type emitError struct{ err error }

func (e *emitError) Error() string { return e.err.Error() }
func (e *emitError) Unwrap() error { return errEmitStopped }

// Put queues in for work, waiting while the window is full. It returns an
// error when the pipeline has ended: ctx's, or the error emit returned.
func (p *inOrder[In, Out]) Put(in In) error {
	s := &inOrderSlot[In, Out]{in: in, done: make(chan struct{})}
	if p.size != nil {
		s.bytes = p.size(in)
		if err := p.hold(s.bytes); err != nil {
			return err
		}
	}
	if err := p.enqueue(s, true); err != nil {
		p.release(s.bytes)
		return err
	}
	return nil
}

// hold waits until n more bytes fit the byte bound (or nothing is held,
// so an item over the bound runs alone) and counts them held.
func (p *inOrder[In, Out]) hold(n int) error {
	for {
		p.mu.Lock()
		if p.held == 0 || p.held+n <= p.bytes {
			p.held += n
			p.mu.Unlock()
			return nil
		}
		p.mu.Unlock()
		select {
		case <-p.freed:
		case <-p.ctx.Done():
			return p.err()
		}
	}
}

// release gives n held bytes back and wakes a waiting Put.
func (p *inOrder[In, Out]) release(n int) {
	if n == 0 {
		return
	}
	p.mu.Lock()
	p.held -= n
	p.mu.Unlock()
	select {
	case p.freed <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// Done queues a result that needs no work (a report of a message that could
// not be read), to be emitted in its place among the others.
func (p *inOrder[In, Out]) Done(out Out) error {
	s := &inOrderSlot[In, Out]{out: out, done: make(chan struct{})}
	close(s.done)
	return p.enqueue(s, false)
}

func (p *inOrder[In, Out]) enqueue(s *inOrderSlot[In, Out], work bool) error {
	select {
	case p.slots <- struct{}{}:
	case <-p.ctx.Done():
		return p.err()
	}
	if err := p.ctx.Err(); err != nil { // both were ready: the end wins
		return p.err()
	}
	// Neither send blocks: each channel holds a whole window and a slot
	// token is held for every item in them.
	if work {
		p.jobs <- s
	}
	p.queue <- s
	return nil
}

// Close waits until every item put has been emitted (or the pipeline has
// ended) and every goroutine has returned. It returns nil, ctx's error, or
// the error emit returned.
func (p *inOrder[In, Out]) Close() error {
	close(p.jobs)
	close(p.queue)
	p.wg.Wait()
	err := p.err()
	p.cancel(nil)
	return err
}

// err is why the pipeline ended early, nil when it has not.
func (p *inOrder[In, Out]) err() error {
	cause := context.Cause(p.ctx)
	var ee *emitError
	if errors.As(cause, &ee) {
		return ee.err
	}
	return cause
}
