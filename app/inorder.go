package app

import (
	"context"
	"errors"
	"sync"
)

// inOrder runs work on many items at once, on a fixed number of worker
// goroutines, and hands each result to emit on one writer goroutine in the
// order the items were put in. At most window items are in flight (put and
// not yet emitted), so memory is bounded by the window, not by the source.
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
}

// inOrderSlot is one item on its way: its input until a worker takes it,
// then its result; done is closed when the result is there.
type inOrderSlot[In, Out any] struct {
	in   In
	out  Out
	done chan struct{}
}

// errEmitStopped is the cause of the pipeline's end when emit failed; the
// error emit returned is what Put and Close give back.
var errEmitStopped = errors.New("the writer stopped")

// startInOrder starts workers goroutines running work and one running emit.
// window is the most items in flight (at least workers); ctx ends it all.
func startInOrder[In, Out any](ctx context.Context, workers, window int, work func(context.Context, In) Out, emit func(Out) error) *inOrder[In, Out] {
	workers = max(workers, 1)
	window = max(window, workers)
	p := &inOrder[In, Out]{
		work:  work,
		emit:  emit,
		slots: make(chan struct{}, window),
		jobs:  make(chan *inOrderSlot[In, Out], window),
		queue: make(chan *inOrderSlot[In, Out], window),
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
	return p.enqueue(&inOrderSlot[In, Out]{in: in, done: make(chan struct{})}, true)
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
