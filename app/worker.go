package app

import (
	"mailsafe/app/oauth"

	"context"
	"errors"
	"time"
)

// The IMAP worker owns one account's connection. The UI talks to it only
// through typed requests and results carrying ids (the aerc pattern): it
// never touches the connection, and the worker never touches a widget.

// RequestBase is what every request embeds: its id, which the answer
// carries back, and the context that ends it. A request whose context has
// ended before the worker reaches it is not started; a body fetch whose
// context ends while it runs is stopped (see worker.try). A nil Ctx never ends.
type RequestBase struct {
	ID  int
	Ctx context.Context
}

// ResultBase is what every answer embeds: the id of the request it answers
// (0 for the worker's own reports: status, new mail).
type ResultBase struct{ ID int }

func (b RequestBase) requestID() int { return b.ID }

// context returns the request's context, never nil.
func (b RequestBase) context() context.Context {
	if b.Ctx == nil {
		return context.Background()
	}
	return b.Ctx
}

// ResultID is the id of the request answered.
func (b ResultBase) ResultID() int { return b.ID }

// Request is something the UI asks the worker to do.
type Request interface {
	requestID() int
	context() context.Context
}

// ReqListFolders asks for the account's folders.
type ReqListFolders struct{ RequestBase }

// ReqOpenFolder opens a folder (read-only unless the mark-as-read setting is on).
type ReqOpenFolder struct {
	RequestBase
	Folder string
}

// ReqFetchPage asks for envelopes of the open folder, newest first.
type ReqFetchPage struct {
	RequestBase
	Skip, N uint32
}

// ReqFetchBody asks for a whole message by UID (BODY.PEEK unless marking read).
type ReqFetchBody struct {
	RequestBase
	UID uint32
}

// ReqFetchBodies asks for several whole messages at once (the list's
// read-ahead), with BODY.PEEK, in pipelined batches (IMAPSession.Bodies):
// each message is answered by a ResBody carrying this request's id as it
// arrives, in the order of Refs, then the request by ResBodiesDone. Keep
// it small: a request the reader makes meanwhile waits behind it.
type ReqFetchBodies struct {
	RequestBase
	Refs []BodyRef
}

// ReqMarkOpened says the reader opened a message the window already held
// (read ahead): it is marked read when the mark-as-read setting is on, as
// a message fetched for the reader is; otherwise nothing is asked.
type ReqMarkOpened struct {
	RequestBase
	UID uint32
}

// Result is what the worker answers or reports. ID is the request's, or 0
// for reports of its own (status, new mail).
type Result interface{ ResultID() int }

// ResFolders answers ReqListFolders.
type ResFolders struct {
	ResultBase
	Folders []Folder
	Err     error
}

// ResOpened answers ReqOpenFolder.
type ResOpened struct {
	ResultBase
	Folder string
	State  FolderState
	Err    error
}

// ResPage answers ReqFetchPage.
type ResPage struct {
	ResultBase
	Envelopes []Envelope
	Err       error
}

// ResBody answers ReqFetchBody.
type ResBody struct {
	ResultBase
	UID uint32
	Raw []byte
	Err error
}

// ResBodiesDone ends the answers to ReqFetchBodies: every message it
// asked for had its ResBody, unless Err says why not.
type ResBodiesDone struct {
	ResultBase
	Err error
}

// ResMarked answers ReqMarkOpened.
type ResMarked struct {
	ResultBase
	UID uint32
	Err error
}

// ResProgress reports how much of a large message has arrived.
type ResProgress struct {
	ResultBase
	UID         uint32
	Done, Total int64
}

// ResFolderChanged reports, after a reconnection, that the open folder's
// UIDVALIDITY changed: every UID the UI holds for it is void.
type ResFolderChanged struct {
	Folder string
	State  FolderState
}

// ResStatus reports the connection: connected, reconnecting (with the
// attempt and the wait before it), or offline after giving up.
type ResStatus struct {
	State   string
	Attempt int
	Wait    time.Duration
	Err     error
}

// ResNewMail reports that the open folder now holds Count messages.
type ResNewMail struct {
	Folder string
	Count  uint32
}

// ResExpunged reports that a message of the open folder was removed.
type ResExpunged struct {
	Folder string
	SeqNum uint32
}

func (r ResStatus) ResultID() int        { return 0 }
func (r ResFolderChanged) ResultID() int { return 0 }
func (r ResNewMail) ResultID() int       { return 0 }
func (r ResExpunged) ResultID() int      { return 0 }

// Connection states of ResStatus.
const (
	StatusConnected    = "connected"
	StatusReconnecting = "reconnecting"
	StatusOffline      = "offline"
)

// WorkerOptions tune a worker.
type WorkerOptions struct {
	MarkRead    bool          // mark messages read when opened (off by default)
	MaxAttempts int           // reconnection attempts before giving up; 0 means 6
	FirstWait   time.Duration // the first wait before reconnecting, doubled each time; 0 means 1 s
	PollEvery   time.Duration // NOOP interval where IDLE is missing; 0 means 60 s
	// Tokens signs an OAuth2 account in instead of the password.
	Tokens BearerTokens
}

// Worker is a running IMAP worker. Send on Requests; read Results until it
// is closed, which happens when the context ends or Close is called.
type Worker struct {
	Requests chan<- Request
	Results  <-chan Result
	stop     context.CancelFunc
}

// Close stops the worker: it logs out, closes the connection and then
// Results. It does not wait for that; read Results to the end to know.
func (w *Worker) Close() { w.stop() }

type worker struct {
	acct     Account
	password string
	opts     WorkerOptions
	results  chan Result
	updates  chan Result
	s        *IMAPSession
	folder   string
	count    uint32
	validity uint32 // UIDVALIDITY of the open folder
}

// StartWorker connects in the background and serves requests until ctx ends.
func StartWorker(ctx context.Context, acct Account, password string, opts WorkerOptions) *Worker {
	if opts.MaxAttempts == 0 {
		opts.MaxAttempts = 6
	}
	if opts.FirstWait == 0 {
		opts.FirstWait = time.Second
	}
	if opts.PollEvery == 0 {
		opts.PollEvery = 60 * time.Second
	}
	reqs := make(chan Request, 16)
	w := &worker{acct: acct, password: password, opts: opts, results: make(chan Result, 64), updates: make(chan Result, 64)}
	ctx, stop := context.WithCancel(ctx)
	go w.loop(ctx, reqs)
	return &Worker{Requests: reqs, Results: w.results, stop: stop}
}

// loop is the worker's single select loop: requests, server updates, polling.
func (w *worker) loop(ctx context.Context, reqs <-chan Request) {
	defer close(w.results)
	defer func() {
		if w.s != nil {
			w.s.closeSoon()
		}
	}()
	if err := w.connect(ctx); err != nil {
		w.results <- ResStatus{State: StatusOffline, Err: err}
	}
	poll := time.NewTicker(w.opts.PollEvery)
	defer poll.Stop()
	for {
		// What is already waiting is served first, without IDLE in between:
		// IDLE costs two round trips (IDLE, DONE) and, on Dovecot, a sync of
		// the folder before the first of them is answered (12 to 30 ms,
		// measured on dovecottest's 100,000-message Maildir on a loaded
		// machine), and a folder's opening is followed at once by its
		// first page.
		select {
		case <-ctx.Done():
			return
		case r := <-reqs:
			w.serve(ctx, r)
			continue
		case u := <-w.updates:
			w.update(u)
			continue
		default:
		}
		stopIdle := w.idle()
		select {
		case <-ctx.Done():
			stopIdle()
			return
		case r := <-reqs:
			if err := stopIdle(); errors.Is(err, ErrDropped) {
				w.reconnect(ctx, err)
			}
			w.serve(ctx, r)
		case u := <-w.updates:
			stopIdle()
			w.update(u)
		case <-poll.C:
			if err := stopIdle(); err == nil && w.s != nil && w.folder != "" {
				if err := w.s.Noop(ctx); errors.Is(err, ErrDropped) {
					w.reconnect(ctx, err)
				}
			}
		}
	}
}

// serve answers one request, unless nobody waits for it any more (the
// reader moved on): then it answers without asking the server.
func (w *worker) serve(ctx context.Context, r Request) {
	if err := r.context().Err(); err != nil {
		w.results <- failed(r, err)
		return
	}
	w.results <- w.handle(ctx, r)
}

// update passes on what the server reported about the open folder.
func (w *worker) update(u Result) {
	switch u := u.(type) {
	case ResNewMail:
		if u.Count > w.count && w.folder != "" {
			w.count, u.Folder = u.Count, w.folder
			w.results <- u
		}
	case ResExpunged:
		if w.folder != "" {
			w.count--
			u.Folder = w.folder
			w.results <- u
		}
	}
}

// idle starts IDLE on the open folder and returns how to stop it.
func (w *worker) idle() func() error {
	if w.s == nil || w.folder == "" {
		return func() error { return nil }
	}
	stop, err := w.s.Idle()
	if err != nil {
		return func() error { return err }
	}
	return stop
}

func (w *worker) connect(ctx context.Context) error {
	// The callbacks run on the connection's reader: they only pass the news
	// on; the loop owns the worker's state.
	s, err := DialIMAPLogin(ctx, w.acct, Login{Password: w.password, Tokens: w.opts.Tokens}, Updates{
		Exists: func(n uint32) {
			select {
			case w.updates <- ResNewMail{Count: n}:
			default:
			}
		},
		Expunge: func(seq uint32) {
			select {
			case w.updates <- ResExpunged{SeqNum: seq}:
			default:
			}
		},
	})
	if err != nil {
		return err
	}
	w.s = s
	if w.folder != "" {
		st, err := w.open(ctx, w.folder)
		if err != nil {
			return err
		}
		w.count = st.Count
		if st.UIDValidity != w.validity {
			w.validity = st.UIDValidity
			w.results <- ResFolderChanged{Folder: w.folder, State: st}
		}
	}
	w.results <- ResStatus{State: StatusConnected}
	return nil
}

// reconnect retries with waits that double, reporting each attempt.
func (w *worker) reconnect(ctx context.Context, cause error) error {
	if w.s != nil {
		w.s.c.Close()
		w.s = nil
	}
	wait := w.opts.FirstWait
	for attempt := 1; attempt <= w.opts.MaxAttempts; attempt++ {
		w.results <- ResStatus{State: StatusReconnecting, Attempt: attempt, Wait: wait, Err: cause}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		err := w.connect(ctx)
		if err == nil {
			return nil
		}
		if errors.Is(err, ErrLoginFailed) || errors.As(err, new(*oauth.Error)) {
			cause = err // retrying cannot help: the reader must act
			break
		}
		cause = err
		wait = min(wait*2, 30*time.Second)
	}
	w.results <- ResStatus{State: StatusOffline, Err: cause}
	return cause
}

func (w *worker) open(ctx context.Context, folder string) (FolderState, error) {
	if w.opts.MarkRead {
		return w.s.OpenWritable(ctx, folder)
	}
	return w.s.Open(ctx, folder)
}

// handle runs one request, reconnecting once when the connection dropped.
func (w *worker) handle(ctx context.Context, r Request) Result {
	res := w.try(ctx, r)
	if err := resultErr(res); errors.Is(err, ErrDropped) {
		if w.reconnect(ctx, err) == nil {
			res = w.try(ctx, r)
		}
	}
	return res
}

// failed answers r with err.
func failed(r Request, err error) Result {
	a := ResultBase{ID: r.requestID()}
	switch r := r.(type) {
	case ReqListFolders:
		return ResFolders{ResultBase: a, Err: err}
	case ReqOpenFolder:
		return ResOpened{ResultBase: a, Folder: r.Folder, Err: err}
	case ReqFetchPage:
		return ResPage{ResultBase: a, Err: err}
	case ReqFetchBody:
		return ResBody{ResultBase: a, UID: r.UID, Err: err}
	case ReqFetchBodies:
		return ResBodiesDone{ResultBase: a, Err: err}
	case ReqMarkOpened:
		return ResMarked{ResultBase: a, UID: r.UID, Err: err}
	}
	return nil
}

func (w *worker) try(ctx context.Context, r Request) Result {
	if w.s == nil {
		return failed(r, errors.New("not connected to the server"))
	}
	a := ResultBase{ID: r.requestID()}
	switch r := r.(type) {
	case ReqListFolders:
		f, err := w.s.Folders(ctx)
		return ResFolders{ResultBase: a, Folders: f, Err: err}
	case ReqOpenFolder:
		st, err := w.open(ctx, r.Folder)
		if err == nil {
			w.folder, w.count, w.validity = r.Folder, st.Count, st.UIDValidity
		}
		return ResOpened{ResultBase: a, Folder: r.Folder, State: st, Err: err}
	case ReqFetchPage:
		env, err := w.s.Envelopes(ctx, w.count, r.Skip, r.N)
		return ResPage{ResultBase: a, Envelopes: env, Err: err}
	case ReqFetchBody:
		return w.fetchBody(ctx, r)
	case ReqFetchBodies:
		return w.fetchBodies(ctx, r)
	case ReqMarkOpened:
		var err error
		if w.opts.MarkRead {
			err = w.s.MarkSeen(ctx, r.UID)
		}
		return ResMarked{ResultBase: a, UID: r.UID, Err: err}
	}
	return nil
}

// fetchBody downloads one message, stopping when the request's context
// ends. IMAP has no way to cancel a FETCH in flight short of dropping the
// connection: the session closes it (IMAPSession.do), and the worker
// connects again quietly, the folder reopened, before the next request.
// That costs a login; it spares the rest of a large download nobody waits
// for, and the requests queued behind it.
func (w *worker) fetchBody(ctx context.Context, r ReqFetchBody) Result {
	a := ResultBase{ID: r.ID}
	fctx, cancel := joinCancel(ctx, r.context())
	defer cancel()
	var last int64
	raw, err := w.s.BodyProgress(fctx, r.UID, MaxMessageSize, func(done, total int64) {
		if total > 1<<20 && done-last >= 256<<10 || done == total && total > 1<<20 {
			last = done
			w.results <- ResProgress{ResultBase: a, UID: r.UID, Done: done, Total: total}
		}
	})
	if err != nil && ctx.Err() == nil && r.context().Err() != nil {
		// Stopped for the reader, not by the worker's end.
		w.connectAfterStop(ctx)
		return ResBody{ResultBase: a, UID: r.UID, Err: r.context().Err()}
	}
	if err == nil && w.opts.MarkRead {
		err = w.s.MarkSeen(ctx, r.UID)
	}
	return ResBody{ResultBase: a, UID: r.UID, Raw: raw, Err: err}
}

// fetchBodies downloads a batch of messages, answering each as it
// arrives. A dropped connection is mended once and the messages not
// answered yet asked for again; a request whose context ends is stopped
// as fetchBody stops, the connection made again before the next request.
func (w *worker) fetchBodies(ctx context.Context, r ReqFetchBodies) Result {
	a := ResultBase{ID: r.ID}
	fctx, cancel := joinCancel(ctx, r.context())
	defer cancel()
	rest := r.Refs
	answer := func(b FetchedBody) error {
		w.results <- ResBody{ResultBase: a, UID: b.UID, Raw: b.Raw, Err: b.Err}
		rest = rest[1:] // Bodies answers every ref, in order
		return nil
	}
	err := w.s.Bodies(fctx, rest, BodiesOptions{Limit: MaxMessageSize}, answer)
	if errors.Is(err, ErrDropped) && fctx.Err() == nil && w.reconnect(ctx, err) == nil {
		if err := fctx.Err(); err != nil {
			// The reader moved on while the worker reconnected: the new
			// connection is kept for the next request, not closed under
			// a fetch nobody waits for.
			return ResBodiesDone{ResultBase: a, Err: err}
		}
		err = w.s.Bodies(fctx, rest, BodiesOptions{Limit: MaxMessageSize}, answer)
	}
	if err != nil && ctx.Err() == nil && r.context().Err() != nil {
		w.connectAfterStop(ctx) // stopped for the reader
		return ResBodiesDone{ResultBase: a, Err: r.context().Err()}
	}
	return ResBodiesDone{ResultBase: a, Err: err}
}

// connectAfterStop follows a fetch stopped for the reader: the session
// was closed under it (IMAP cannot cancel a FETCH), so the worker connects
// again, quietly, the folder reopened, before anything else.
func (w *worker) connectAfterStop(ctx context.Context) {
	if w.s != nil {
		w.s.c.Close()
		w.s = nil
	}
	if err := w.connect(ctx); err != nil {
		w.reconnect(ctx, err)
	}
}

// closeSoon logs out, but waits for the server's answer at most a moment:
// a stalled server must not keep a closed worker (and its goroutines) alive.
func (s *IMAPSession) closeSoon() {
	done := make(chan struct{})
	go func() {
		s.c.Logout().Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
	}
	s.c.Close() // ends the logout above if it still waits
}

func resultErr(r Result) error {
	switch r := r.(type) {
	case ResFolders:
		return r.Err
	case ResOpened:
		return r.Err
	case ResPage:
		return r.Err
	case ResBody:
		return r.Err
	case ResMarked:
		return r.Err
	}
	return nil
}
