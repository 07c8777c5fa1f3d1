package app

import (
	"context"
	"errors"
	"io"
	"mailsafe/internal/imapflags"
	"net"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// ownerLoop stands for the UI goroutine: posted functions run on the
// test's goroutine, one at a time, while the test waits in until.
type ownerLoop chan func()

func newOwnerLoop() ownerLoop { return make(ownerLoop, 4096) }

func (l ownerLoop) post(f func()) { l <- f }

// until runs posted functions until cond holds (checked on this goroutine).
func (l ownerLoop) until(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for !cond() {
		select {
		case f := <-l:
			f()
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// stallProxy stands between the worker and the demo's IMAP server. It
// counts BODY.PEEK[] fetches by UID, and holds back the fetch of a UID
// set to stall, so that its body never comes (a server stalling the
// download), until released; it records when the client closed a
// connection whose fetch it held (the download was given up).
type stallProxy struct {
	ln     net.Listener
	target string

	mu        sync.Mutex
	fetches   map[uint32]int
	stall     map[uint32]bool
	held      int // fetches held back so far
	abandoned int // connections closed by the client while a fetch was held
	commands  int // body FETCH commands, each of one UID or a batch
}

var bodyFetchCmd = regexp.MustCompile(`UID FETCH ([\d:,]+) \([^)]*BODY\.PEEK\[\]`)

// uidsOf lists the UIDs of a UID set as a command writes it (1:3,7).
func uidsOf(set string) []uint32 {
	var uids []uint32
	for _, r := range strings.Split(set, ",") {
		lo, hi, _ := strings.Cut(r, ":")
		a, _ := strconv.Atoi(lo)
		b := a
		if hi != "" {
			b, _ = strconv.Atoi(hi)
		}
		for u := a; u <= b; u++ {
			uids = append(uids, uint32(u))
		}
	}
	return uids
}

func startStallProxy(t *testing.T, target string) *stallProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &stallProxy{ln: ln, target: target, fetches: map[uint32]int{}, stall: map[uint32]bool{}}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			go func() { io.Copy(c, s); c.Close() }()
			go p.pipe(c, s)
		}
	}()
	return p
}

func (p *stallProxy) port() int { return p.ln.Addr().(*net.TCPAddr).Port }

func (p *stallProxy) stalls(uid uint32, on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stall[uid] = on
}

func (p *stallProxy) state() (fetches map[uint32]int, held, abandoned int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fetches = map[uint32]int{}
	for k, v := range p.fetches {
		fetches[k] = v
	}
	return fetches, p.held, p.abandoned
}

// bodyCommands is how many body FETCH commands the client sent.
func (p *stallProxy) bodyCommands() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.commands
}

// pipe copies the client's commands to the server, holding back from a
// stalled fetch on.
func (p *stallProxy) pipe(c, s net.Conn) {
	defer s.Close()
	var held []byte
	var heldUID uint32
	stalled := false
	buf := make([]byte, 32<<10)
	for {
		if stalled {
			c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
		} else {
			c.SetReadDeadline(time.Time{})
		}
		n, err := c.Read(buf)
		data := buf[:n]
		p.mu.Lock()
		for _, m := range bodyFetchCmd.FindAllSubmatch(data, -1) {
			p.commands++
			for _, uid := range uidsOf(string(m[1])) {
				p.fetches[uid]++
				if p.stall[uid] && !stalled {
					stalled, heldUID = true, uid
					p.held++
				}
			}
		}
		release := stalled && !p.stall[heldUID]
		p.mu.Unlock()
		if stalled {
			held = append(held, data...)
		} else if n > 0 {
			s.Write(data)
		}
		if release {
			s.Write(held)
			held, stalled = nil, false
		}
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				continue
			}
			if stalled {
				p.mu.Lock()
				p.abandoned++
				p.mu.Unlock()
			}
			c.Close()
			return
		}
	}
}

// proxiedInbox opens a model over a worker reaching d through a stall
// proxy, with the inbox open; it returns the first n of its envelopes.
func proxiedInbox(t *testing.T, d *Demo, n uint32) (*Mailbox, ownerLoop, *stallProxy, []Envelope) {
	t.Helper()
	p := startStallProxy(t, d.Account.Addr())
	acct := d.Account
	acct.Port = p.port()
	loop := newOwnerLoop()
	mb := NewMailbox(StartWorker(context.Background(), acct, d.Password, WorkerOptions{}), loop.post, func(Result) {})
	t.Cleanup(func() {
		mb.Close()
		loop.until(t, "the mailbox closed", func() bool {
			select {
			case <-mb.Done():
				return true
			default:
				return false
			}
		})
	})
	var opened *ResOpened
	mb.OpenFolder("INBOX", func(r ResOpened) { opened = &r })
	loop.until(t, "the inbox opened", func() bool { return opened != nil })
	if opened.Err != nil {
		t.Fatal(opened.Err)
	}
	var page *ResPage
	mb.FetchPage(0, n, func(r ResPage) { page = &r })
	loop.until(t, "the inbox list", func() bool { return page != nil })
	if page.Err != nil || len(page.Envelopes) < 3 {
		t.Fatalf("page: %v, %d envelopes", page.Err, len(page.Envelopes))
	}
	return mb, loop, p, page.Envelopes
}

// The reader opens A, whose body the server stalls, then B: A's download
// is given up (the connection under it closed), its answer never reaches
// the view, and B shows. C, opened right after B while A still blocked
// the worker, is fetched, and B, left while queued, never is.
func TestMailboxLeavingAMessageCancelsItsBody(t *testing.T) {
	mb, loop, p, envs := proxiedInbox(t, startDemo(t), 10)
	a, b, c := envs[0], envs[1], envs[2]
	p.stalls(a.UID, true)

	var gotA, gotB, gotC []ResBody
	mb.OpenMessage(a.UID, func(r ResBody) { gotA = append(gotA, r) }, nil)
	loop.until(t, "A's fetch held by the server", func() bool { _, held, _ := p.state(); return held == 1 })

	mb.OpenMessage(b.UID, func(r ResBody) { gotB = append(gotB, r) }, nil)
	loop.until(t, "B shown", func() bool { return len(gotB) == 1 })
	if gotB[0].Err != nil || !strings.Contains(string(gotB[0].Raw), "Subject: "+b.Subject) {
		t.Fatalf("B: err %v, %d bytes", gotB[0].Err, len(gotB[0].Raw))
	}
	loop.until(t, "A's download given up", func() bool { _, _, abandoned := p.state(); return abandoned == 1 })

	// Again, with one more message opened behind the stalled one.
	p.stalls(b.UID, true)
	gotB = nil
	mb.OpenMessage(b.UID, func(r ResBody) { gotB = append(gotB, r) }, nil)
	loop.until(t, "B's second fetch held", func() bool { _, held, _ := p.state(); return held == 2 })
	mb.OpenMessage(a.UID, func(r ResBody) { gotA = append(gotA, r) }, nil) // queued behind B, then left at once
	mb.OpenMessage(c.UID, func(r ResBody) { gotC = append(gotC, r) }, nil)
	loop.until(t, "C shown", func() bool { return len(gotC) == 1 })
	if gotC[0].Err != nil || !strings.Contains(string(gotC[0].Raw), "Subject: "+c.Subject) {
		t.Fatalf("C: err %v, %d bytes", gotC[0].Err, len(gotC[0].Raw))
	}
	loop.until(t, "B's download given up", func() bool { _, _, abandoned := p.state(); return abandoned == 2 })
	time.Sleep(100 * time.Millisecond) // anything late would arrive now
	loop.until(t, "the loop drained", func() bool { return len(loop) == 0 })
	fetches, _, _ := p.state()
	if len(gotA) != 0 || len(gotB) != 0 {
		t.Errorf("answers for messages left reached the view: A %d, B %d", len(gotA), len(gotB))
	}
	if fetches[a.UID] != 1 || fetches[b.UID] != 2 || fetches[c.UID] != 1 {
		t.Errorf("fetches by UID %v: want A once (the queued second one never started), B twice, C once", fetches)
	}
	if mb.Fetching() || mb.Waiting() != 0 {
		t.Errorf("still waiting: fetching %v, %d requests", mb.Fetching(), mb.Waiting())
	}
}

// Asking for one body three times while it is on its way (the reader's
// click, a prefetch, the reader's second click) makes one FETCH, and
// everyone still waiting gets it.
func TestMailboxSharesOneFetchPerUID(t *testing.T) {
	mb, loop, p, envs := proxiedInbox(t, startDemo(t), 10)
	a := envs[0]
	p.stalls(a.UID, true)
	var first, prefetch, second []ResBody
	mb.OpenMessage(a.UID, func(r ResBody) { first = append(first, r) }, nil)
	loop.until(t, "A's fetch held by the server", func() bool { _, held, _ := p.state(); return held == 1 })
	mb.FetchBody(a.UID, func(r ResBody) { prefetch = append(prefetch, r) }, nil)
	mb.OpenMessage(a.UID, func(r ResBody) { second = append(second, r) }, nil)
	p.stalls(a.UID, false)
	loop.until(t, "both answered", func() bool { return len(prefetch) == 1 && len(second) == 1 })
	for _, r := range []ResBody{prefetch[0], second[0]} {
		if r.Err != nil || !strings.Contains(string(r.Raw), "Subject: "+a.Subject) {
			t.Fatalf("answer: err %v, %d bytes", r.Err, len(r.Raw))
		}
	}
	if len(first) != 0 {
		t.Errorf("the click the reader repeated was answered too (%d)", len(first))
	}
	if fetches, _, abandoned := p.state(); fetches[a.UID] != 1 || abandoned != 0 {
		t.Errorf("fetches %v, abandoned %d: want one FETCH of UID %d, none given up", fetches, abandoned, a.UID)
	}

	// Once answered, asking again is a new fetch (the window keeps what it analysed).
	var again []ResBody
	mb.OpenMessage(a.UID, func(r ResBody) { again = append(again, r) }, nil)
	loop.until(t, "answered again", func() bool { return len(again) == 1 })
	if fetches, _, _ := p.state(); fetches[a.UID] != 2 {
		t.Errorf("fetches %v after asking again", fetches)
	}
}

// A read-ahead batch is one FETCH for its bodies; the reader opening one
// of them joins it rather than fetching again, and leaving it for another
// does not stop the batch, which the read-ahead still waits for. Once
// nobody waits for any of its bodies, the batch is given up.
func TestMailboxBatchSharedWithTheReader(t *testing.T) {
	mb, loop, p, envs := proxiedInbox(t, startDemo(t), 10)
	a, b, c := envs[0], envs[1], envs[2]
	p.stalls(a.UID, true)
	got := map[uint32]int{}
	mb.FetchBodies([]BodyRef{{UID: a.UID, Size: a.Size}, {UID: b.UID, Size: b.Size}}, func(r ResBody) {
		if r.Err != nil {
			t.Errorf("UID %d: %v", r.UID, r.Err)
		}
		got[r.UID]++
	})
	loop.until(t, "the batch held by the server", func() bool { _, held, _ := p.state(); return held == 1 })
	var reader []ResBody
	mb.OpenMessage(b.UID, func(r ResBody) { reader = append(reader, r) }, nil)
	mb.OpenMessage(c.UID, func(r ResBody) { reader = append(reader, r) }, nil) // leaves B
	p.stalls(a.UID, false)
	loop.until(t, "the batch and C answered", func() bool { return got[a.UID] == 1 && got[b.UID] == 1 && len(reader) == 1 })
	if reader[0].UID != c.UID || !strings.Contains(string(reader[0].Raw), "Subject: "+c.Subject) {
		t.Errorf("the reader got UID %d, want C (%d)", reader[0].UID, c.UID)
	}
	if fetches, _, abandoned := p.state(); fetches[a.UID] != 1 || fetches[b.UID] != 1 || abandoned != 0 || p.bodyCommands() != 2 {
		t.Errorf("fetches %v in %d commands, %d given up: want A and B in one, C in another", fetches, p.bodyCommands(), abandoned)
	}

	// A batch nobody waits for any more is given up: its connection closed
	// under the held FETCH.
	p.stalls(a.UID, true)
	ws := mb.FetchBodies([]BodyRef{{UID: a.UID}, {UID: b.UID}}, func(ResBody) { t.Error("an answer for a batch given up") })
	loop.until(t, "the second batch held", func() bool { _, held, _ := p.state(); return held == 2 })
	mb.Leave(ws[0])
	if mb.Waiting() != 1 {
		t.Errorf("%d requests waiting with B still wanted", mb.Waiting())
	}
	mb.Leave(ws[1])
	loop.until(t, "the download given up", func() bool { _, _, abandoned := p.state(); return abandoned == 1 })
	if mb.Fetching() || mb.Waiting() != 0 {
		t.Errorf("still waiting: fetching %v, %d requests", mb.Fetching(), mb.Waiting())
	}
}

// Opening a folder drops what was asked for the folder left.
func TestMailboxFolderSwitchDropsTheFolderLeft(t *testing.T) {
	mb, loop, p, envs := proxiedInbox(t, startDemo(t), 10)
	p.stalls(envs[0].UID, true)
	var body []ResBody
	var page []ResPage
	mb.OpenMessage(envs[0].UID, func(r ResBody) { body = append(body, r) }, nil)
	mb.FetchPage(3, 3, func(r ResPage) { page = append(page, r) })
	var opened *ResOpened
	mb.OpenFolder("Junk", func(r ResOpened) { opened = &r })
	loop.until(t, "Junk opened", func() bool { return opened != nil })
	if opened.Err != nil || opened.Folder != "Junk" {
		t.Fatalf("opened %+v", opened)
	}
	time.Sleep(100 * time.Millisecond)
	loop.until(t, "the loop drained", func() bool { return len(loop) == 0 })
	if len(body) != 0 || len(page) != 0 || mb.Waiting() != 0 {
		t.Errorf("answers for the folder left: %d bodies, %d pages; %d waiting", len(body), len(page), mb.Waiting())
	}
}

// Closing a mailbox ends its goroutines and its worker's: opening and
// closing several leaves the goroutine count where it started.
func TestMailboxCloseEndsItsGoroutines(t *testing.T) {
	d := startDemo(t)
	loop := newOwnerLoop()
	settle := func() int {
		runtime.GC()
		return runtime.NumGoroutine()
	}
	base := settle()
	for i := 0; i < 3; i++ {
		mb := NewMailbox(StartWorker(context.Background(), d.Account, d.Password, WorkerOptions{}), loop.post, func(Result) {})
		var folders *ResFolders
		mb.ListFolders(func(r ResFolders) { folders = &r })
		loop.until(t, "folders", func() bool { return folders != nil })
		if folders.Err != nil {
			t.Fatal(folders.Err)
		}
		mb.OpenFolder("INBOX", func(ResOpened) {})
		mb.OpenMessage(1, func(ResBody) {}, nil) // still on its way, maybe, when the window closes
		mb.Close()
		loop.until(t, "the mailbox's goroutines ended", func() bool {
			select {
			case <-mb.Done():
				return true
			default:
				return false
			}
		})
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		loop.until(t, "the loop drained", func() bool { return len(loop) == 0 })
		n := settle()
		if n <= base {
			break
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines after closing, %d before:\n%s", n, base, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// seenUIDs lists the messages of the demo's inbox marked \Seen, read
// through a connection of its own.
func seenUIDs(t *testing.T, d *Demo) map[uint32]bool {
	return imapflags.Seen(t, d.Account.Addr(), "demo", d.Password, "INBOX")
}

// With "mark as read when opened" on, reading ahead marks nothing; the
// reader opening a message read ahead marks that one alone.
func TestMailboxReadAheadMarksOnlyWhatTheReaderOpens(t *testing.T) {
	d := startDemo(t)
	before := seenUIDs(t, d)
	loop := newOwnerLoop()
	mb := NewMailbox(StartWorker(context.Background(), d.Account, d.Password, WorkerOptions{MarkRead: true}), loop.post, func(Result) {})
	t.Cleanup(mb.Close)
	var page *ResPage
	mb.OpenFolder("INBOX", func(ResOpened) { mb.FetchPage(0, 10, func(r ResPage) { page = &r }) })
	loop.until(t, "the inbox list", func() bool { return page != nil })
	var unread []Envelope
	for _, e := range page.Envelopes {
		if !before[e.UID] {
			unread = append(unread, e)
		}
	}
	if len(unread) < 4 {
		t.Fatalf("the demo inbox has %d unread messages", len(unread))
	}
	a, b := unread[0], unread[1]
	got := 0
	mb.FetchBodies([]BodyRef{{UID: a.UID}, {UID: b.UID}}, func(ResBody) { got++ })
	loop.until(t, "the batch", func() bool { return got == 2 && mb.Waiting() == 0 })
	if seen := seenUIDs(t, d); seen[a.UID] || seen[b.UID] {
		t.Fatalf("reading ahead marked messages read: %v", seen)
	}
	mb.MarkOpened(a.UID)
	loop.until(t, "the mark", func() bool { return mb.Waiting() == 0 })
	if seen := seenUIDs(t, d); !seen[a.UID] || seen[b.UID] {
		t.Fatalf("after the reader opened UID %d: seen %v", a.UID, seen)
	}

	// The reader opening a message while its read-ahead batch is on its
	// way joins the batch (BODY.PEEK): that message alone is marked.
	c, e := unread[2], unread[3]
	got = 0
	var opened []ResBody
	mb.FetchBodies([]BodyRef{{UID: c.UID}, {UID: e.UID}}, func(ResBody) { got++ })
	mb.OpenMessage(c.UID, func(r ResBody) { opened = append(opened, r) }, nil)
	loop.until(t, "the batch the reader joined", func() bool { return got == 2 && len(opened) == 1 && mb.Waiting() == 0 })
	if opened[0].UID != c.UID || opened[0].Err != nil {
		t.Fatalf("the reader got UID %d (%v), want %d", opened[0].UID, opened[0].Err, c.UID)
	}
	if seen := seenUIDs(t, d); !seen[c.UID] || seen[e.UID] {
		t.Fatalf("after the reader opened UID %d, read ahead: seen %v", c.UID, seen)
	}
}
