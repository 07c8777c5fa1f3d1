package app

import (
	"context"
	"errors"
	"sync"
)

// Mailbox is the model between one account's IMAP worker and the widgets
// that show it (the role of aerc's msgstore). It has no widgets and knows
// nothing of Fyne; the window calls its methods and is called back.
//
// Ownership: the Mailbox's state belongs to one goroutine, its owner (the
// UI goroutine in the application). Its methods must be called there, and
// every answer comes back there through post, the function that runs code
// on the owner goroutine (fyne.Do in the application). Two goroutines of
// its own work in between: one hands requests to the worker in order, one
// takes the worker's results to post. Neither touches the model's state.
//
// Every request carries a context. The model cancels it when nobody waits
// for the answer any more: the reader opened another message (its body
// fetch), another folder (everything asked for the folder left), or closed
// the window (everything). The worker does not start a request whose
// context has ended and stops a body download in flight (see
// worker.fetchBody); answers that arrive for a request no longer waited
// for are dropped by request id. Body fetches of one UID are shared: one
// FETCH, every waiter answered.
type Mailbox struct {
	w      *Worker
	post   func(func())
	report func(Result)
	ctx    context.Context // ends with Close
	cancel context.CancelFunc
	out    *outbox
	done   chan struct{}

	// The owner goroutine's alone.
	closed       bool
	nextID       int
	calls        map[int]*call         // requests waiting for their answer, by id
	folderCtx    context.Context       // requests for the folder as now open
	folderCancel context.CancelFunc    //
	bodies       map[uint32]*bodyFetch // body fetches on their way, by UID (folder as now open)
	reading      *BodyWaiter           // the reader's open message
}

// call is a request waiting for its answer.
type call struct {
	answer func(Result) // nil for body fetches, which answer their waiters
	body   *bodyFetch
	batch  *bodyBatchFetch
	folder bool // belongs to the folder as now open
}

// bodyFetch is one FETCH of a message body and whoever waits for it.
type bodyFetch struct {
	id      int // its request's: shared by the bodies of a batch
	uid     uint32
	cancel  context.CancelFunc // nil in a batch, which is cancelled whole
	batch   *bodyBatchFetch    // the batch it is one of, or nil
	waiters []*BodyWaiter
}

// bodyBatchFetch is one request for several bodies (FetchBodies): its
// bodies not answered yet and still waited for, by UID. Nobody waiting
// for any of them any more cancels it.
type bodyBatchFetch struct {
	id     int
	cancel context.CancelFunc
	open   map[uint32]*bodyFetch
}

// BodyWaiter is one wait for a message body (the reader's, or a prefetch).
type BodyWaiter struct {
	fetch    *bodyFetch
	done     func(ResBody)
	progress func(ResProgress)
}

// NewMailbox puts a model over a running worker, which it owns from now
// on: Close stops it. post runs a function on the owner goroutine and must
// not wait for it (fyne.Do); report receives, there, what the worker
// reports of its own accord (ResStatus, ResNewMail, ResExpunged,
// ResFolderChanged).
func NewMailbox(w *Worker, post func(func()), report func(Result)) *Mailbox {
	ctx, cancel := context.WithCancel(context.Background())
	m := &Mailbox{w: w, post: post, report: report, ctx: ctx, cancel: cancel, out: newOutbox(), done: make(chan struct{}),
		calls: map[int]*call{}, bodies: map[uint32]*bodyFetch{}}
	m.folderCtx, m.folderCancel = context.WithCancel(ctx)
	sent := make(chan struct{})
	go func() { // requests reach the worker in the order they were made
		defer close(sent)
		m.out.run(ctx, w.Requests)
	}()
	go func() { // results reach the owner goroutine, until the worker ends
		for r := range w.Results {
			post(func() { m.handle(r) })
		}
		<-sent
		close(m.done)
	}()
	return m
}

// Done is closed once the model's goroutines and its worker have ended,
// after Close.
func (m *Mailbox) Done() <-chan struct{} { return m.done }

// Close cancels every request, stops the worker (it logs out) and the
// model's goroutines. It does not wait: see Done. Nothing is called back
// after Close.
func (m *Mailbox) Close() {
	if m.closed {
		return
	}
	m.closed = true
	m.cancel()
	m.w.Close()
	m.calls, m.bodies, m.reading = map[int]*call{}, map[uint32]*bodyFetch{}, nil
}

// Post runs f on the owner goroutine unless the model is closed by then:
// for work the window does off that goroutine (analysis) and brings back.
func (m *Mailbox) Post(f func()) {
	m.post(func() {
		if !m.closed {
			f()
		}
	})
}

func (m *Mailbox) send(r Request, c *call) {
	if m.closed {
		return
	}
	m.calls[r.requestID()] = c
	m.out.push(r)
}

func (m *Mailbox) id() int { m.nextID++; return m.nextID }

// ListFolders asks for the account's folders.
func (m *Mailbox) ListFolders(done func(ResFolders)) {
	id := m.id()
	m.send(ReqListFolders{RequestBase{ID: id, Ctx: m.ctx}}, &call{answer: func(r Result) { done(r.(ResFolders)) }})
}

// OpenFolder opens a folder. Everything asked for the folder open before
// (its opening, pages, bodies) is cancelled and its answers dropped.
func (m *Mailbox) OpenFolder(name string, done func(ResOpened)) {
	if m.closed {
		return
	}
	m.folderCancel()
	for id, c := range m.calls {
		if c.folder {
			delete(m.calls, id)
		}
	}
	m.bodies, m.reading = map[uint32]*bodyFetch{}, nil
	m.folderCtx, m.folderCancel = context.WithCancel(m.ctx)
	id := m.id()
	m.send(ReqOpenFolder{RequestBase{ID: id, Ctx: m.folderCtx}, name}, &call{folder: true, answer: func(r Result) { done(r.(ResOpened)) }})
}

// FetchPage asks for envelopes of the open folder, newest first.
func (m *Mailbox) FetchPage(skip, n uint32, done func(ResPage)) {
	id := m.id()
	m.send(ReqFetchPage{RequestBase{ID: id, Ctx: m.folderCtx}, skip, n}, &call{folder: true, answer: func(r Result) { done(r.(ResPage)) }})
}

// OpenMessage is the reader opening a message: its body comes to done
// (progress reports of a large one to progress, which may be nil). The
// message the reader had open before is left: its fetch is cancelled
// unless another waiter still wants it. Opening the same message again
// joins the fetch on its way.
func (m *Mailbox) OpenMessage(uid uint32, done func(ResBody), progress func(ResProgress)) {
	if m.closed {
		return
	}
	w := m.FetchBody(uid, done, progress)
	if m.reading != nil {
		m.Leave(m.reading)
	}
	m.reading = w
	if w.fetch.batch != nil {
		m.MarkOpened(uid) // joined a read-ahead, which only peeks
	}
}

// MarkOpened is the reader opening a message whose body the window
// already holds, or which a read-ahead brings: it is marked read when the
// mark-as-read setting is on (BODY.PEEK, which read-ahead uses, does not).
func (m *Mailbox) MarkOpened(uid uint32) {
	m.send(ReqMarkOpened{RequestBase{ID: m.id(), Ctx: m.folderCtx}, uid}, &call{folder: true, answer: func(Result) {}})
}

// LeaveMessage is the reader leaving the message they had open for one
// the window already holds: its fetch is cancelled unless shared.
func (m *Mailbox) LeaveMessage() {
	if m.reading != nil {
		m.Leave(m.reading)
	}
}

// FetchBody waits for a message body (a prefetch, say): it joins a fetch
// of the same UID already on its way, or starts one. Leave the returned
// waiter to stop waiting.
func (m *Mailbox) FetchBody(uid uint32, done func(ResBody), progress func(ResProgress)) *BodyWaiter {
	if m.closed {
		return nil
	}
	f, ok := m.bodies[uid]
	if !ok {
		ctx, cancel := context.WithCancel(m.folderCtx)
		f = &bodyFetch{id: m.id(), uid: uid, cancel: cancel}
		m.bodies[uid] = f
		m.send(ReqFetchBody{RequestBase{ID: f.id, Ctx: ctx}, uid}, &call{folder: true, body: f})
	}
	w := &BodyWaiter{fetch: f, done: done, progress: progress}
	f.waiters = append(f.waiters, w)
	return w
}

// FetchBodies waits for several bodies at once (the list's read-ahead):
// those not on their way already are asked for in one request, fetched in
// one batch (ReqFetchBodies); done is called with each body as it
// arrives. Leave a returned waiter to stop waiting for its body; the
// batch is cancelled once nobody waits for any of its bodies.
func (m *Mailbox) FetchBodies(refs []BodyRef, done func(ResBody)) []*BodyWaiter {
	if m.closed {
		return nil
	}
	ctx, cancel := context.WithCancel(m.folderCtx)
	b := &bodyBatchFetch{id: m.id(), cancel: cancel, open: map[uint32]*bodyFetch{}}
	var ask []BodyRef
	waiters := make([]*BodyWaiter, 0, len(refs))
	for _, r := range refs {
		f, ok := m.bodies[r.UID]
		if !ok {
			f = &bodyFetch{id: b.id, uid: r.UID, batch: b}
			m.bodies[r.UID], b.open[r.UID] = f, f
			ask = append(ask, r)
		}
		w := &BodyWaiter{fetch: f, done: done}
		f.waiters = append(f.waiters, w)
		waiters = append(waiters, w)
	}
	if len(ask) == 0 {
		cancel()
		return waiters
	}
	m.send(ReqFetchBodies{RequestBase{ID: b.id, Ctx: ctx}, ask}, &call{folder: true, batch: b})
	return waiters
}

// Leave stops w's wait. A fetch nobody waits for is cancelled: not started
// if still queued, stopped if on its way; its answer is dropped.
func (m *Mailbox) Leave(w *BodyWaiter) {
	if w == nil || m.closed {
		return
	}
	if m.reading == w {
		m.reading = nil
	}
	f := w.fetch
	for i, x := range f.waiters {
		if x == w {
			f.waiters = append(f.waiters[:i:i], f.waiters[i+1:]...)
			break
		}
	}
	if len(f.waiters) == 0 {
		if m.bodies[f.uid] == f {
			delete(m.bodies, f.uid)
		}
		if b := f.batch; b != nil {
			// The batch goes on for the others; it is cancelled when it
			// has none left (and not once all are answered: it ends then).
			if b.open[f.uid] == f {
				delete(b.open, f.uid)
				if len(b.open) == 0 {
					b.cancel()
					delete(m.calls, b.id)
				}
			}
			return
		}
		f.cancel()
		delete(m.calls, f.id)
	}
}

// Fetching reports whether a body fetch is on its way for anyone.
func (m *Mailbox) Fetching() bool { return len(m.bodies) > 0 }

// Waiting is how many requests wait for their answer.
func (m *Mailbox) Waiting() int { return len(m.calls) }

// handle takes one result of the worker, on the owner goroutine.
func (m *Mailbox) handle(r Result) {
	if m.closed {
		return
	}
	id := r.ResultID()
	if id == 0 {
		m.report(r)
		return
	}
	c, ok := m.calls[id]
	if !ok {
		return // nobody waits for it any more
	}
	switch r := r.(type) {
	case ResProgress:
		if c.body != nil {
			for _, w := range c.body.waiters {
				if w.progress != nil {
					w.progress(r)
				}
			}
		}
		return
	case ResBody:
		f := c.body
		if b := c.batch; b != nil {
			if f = b.open[r.UID]; f == nil {
				return // nobody waits for this one any more
			}
			delete(b.open, r.UID)
		} else {
			delete(m.calls, id)
			f.cancel()
		}
		m.answer(f, r)
		return
	case ResBodiesDone:
		delete(m.calls, id)
		b := c.batch
		b.cancel()
		err := r.Err
		if err == nil {
			err = errors.New("the server sent no answer for this message")
		}
		for _, f := range b.open { // not answered: the batch failed
			m.answer(f, ResBody{ResultBase: r.ResultBase, UID: f.uid, Err: err})
		}
		return
	}
	delete(m.calls, id)
	c.answer(r)
}

// answer gives a fetched body to whoever waits for it.
func (m *Mailbox) answer(f *bodyFetch, r ResBody) {
	if m.bodies[f.uid] == f {
		delete(m.bodies, f.uid)
	}
	for _, w := range f.waiters {
		if m.reading == w {
			m.reading = nil
		}
		w.done(r)
	}
}

// outbox is the queue of requests for the worker: unbounded, so that
// nobody waits to make a request, and in order.
type outbox struct {
	mu   sync.Mutex
	q    []Request
	wake chan struct{}
}

func newOutbox() *outbox { return &outbox{wake: make(chan struct{}, 1)} }

func (o *outbox) push(r Request) {
	o.mu.Lock()
	o.q = append(o.q, r)
	o.mu.Unlock()
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

func (o *outbox) pop() (Request, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.q) == 0 {
		return nil, false
	}
	r := o.q[0]
	o.q[0] = nil
	o.q = o.q[1:]
	return r, true
}

// run hands the queued requests to the worker until ctx ends. A request
// cancelled while it waited here is not handed on at all.
func (o *outbox) run(ctx context.Context, to chan<- Request) {
	for {
		r, ok := o.pop()
		if !ok {
			select {
			case <-o.wake:
				continue
			case <-ctx.Done():
				return
			}
		}
		if r.context().Err() != nil {
			continue
		}
		select {
		case to <- r:
		case <-ctx.Done():
			return
		}
	}
}
