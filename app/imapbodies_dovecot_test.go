package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"mailsafe/internal/dovecottest"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// seedSized writes n messages into a Maildir, message i (from 1) with a
// body of sizes(i) bytes and "Body of message i." at its start.
func seedSized(n int, sizes func(i int) int) func(string) {
	return func(maildir string) {
		for i := 1; i <= n; i++ {
			var body strings.Builder
			fmt.Fprintf(&body, "Body of message %d.\r\n", i)
			for body.Len() < sizes(i) {
				body.WriteString(strings.Repeat("x", 76) + "\r\n")
			}
			msg := fmt.Sprintf("From: s%d@example.net\r\nTo: alex@example.org\r\nSubject: Message %d\r\nMessage-ID: <m%d@example.net>\r\n\r\n%s", i, i, i, body.String())
			os.WriteFile(filepath.Join(maildir, "cur", fmt.Sprintf("%d.M%dP1.test:2,", 1700000000+i, i)), []byte(msg), 0o600)
		}
	}
}

// openBatchTest connects to d and opens its inbox.
func openBatchTest(t *testing.T, d *dovecottest.Server) (*IMAPSession, FolderState) {
	t.Helper()
	s, err := DialIMAP(context.Background(), account(d), dovecottest.Password)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.closeSoon() })
	st, err := s.Open(context.Background(), "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	return s, st
}

// Bodies hands every message on in mailbox order across many batches in
// flight, one UID FETCH per batch, and leaves \Seen alone.
func TestDovecotBodiesOrderAcrossBatches(t *testing.T) {
	d := dovecottest.StartRawlog(t, seedSized(200, func(i int) int { return 200 + i*37%3000 }))
	s, st := openBatchTest(t, d)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	refs, err := s.Sizes(ctx, 0, int(st.Count))
	if err != nil || len(refs) != 200 {
		t.Fatalf("sizes: %d %v", len(refs), err)
	}
	// Gaps, as messages removed leave: runs of UIDs, not one range.
	var asked []BodyRef
	for _, r := range refs {
		if r.UID%10 != 3 {
			asked = append(asked, r)
		}
	}
	var got []uint32
	err = s.Bodies(ctx, asked, BodiesOptions{Batch: 7, Window: 3}, func(b FetchedBody) error {
		if b.Err != nil {
			t.Errorf("message %d: %v", b.UID, b.Err)
		}
		if want := fmt.Sprintf("Body of message %d.", b.UID); !strings.Contains(string(b.Raw), want) {
			t.Errorf("message %d: body %.80q", b.UID, b.Raw)
		}
		got = append(got, b.UID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(asked) {
		t.Fatalf("%d messages, want %d", len(got), len(asked))
	}
	for i := range got {
		if got[i] != asked[i].UID {
			t.Fatalf("message %d is UID %d, want %d", i, got[i], asked[i].UID)
		}
	}
	fetches := 0
	for _, l := range d.ClientLines(t) {
		if strings.Contains(l, "UID FETCH") && strings.Contains(l, "BODY.PEEK[]") {
			fetches++
		}
	}
	if want := (len(asked) + 6) / 7; fetches != want {
		t.Errorf("%d UID FETCH commands for the bodies, want %d (7 a batch)", fetches, want)
	}
	after, _ := s.Envelopes(ctx, st.Count, 0, st.Count)
	for _, e := range after {
		if e.Seen {
			t.Fatalf("message %d marked read", e.UID)
		}
	}
}

// A message over the limit is skipped with its UID and size named, whether
// its size was known beforehand or only announced by the server, and
// without holding it; the others arrive.
func TestDovecotBodiesSkipOversized(t *testing.T) {
	d := dovecottest.Start(t, nil, nil, seedSized(12, func(i int) int {
		if i == 5 || i == 9 {
			return 300 << 10
		}
		return 1000
	}))
	s, st := openBatchTest(t, d)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	refs, err := s.Sizes(ctx, 0, int(st.Count))
	if err != nil {
		t.Fatal(err)
	}
	refs[8].Size = 0 // message 9: the server's announcement is all there is
	var got []uint32
	skipped := map[uint32]error{}
	err = s.Bodies(ctx, refs, BodiesOptions{Limit: 200 << 10, Batch: 4}, func(b FetchedBody) error {
		got = append(got, b.UID)
		if b.Err != nil {
			skipped[b.UID] = b.Err
		} else if !strings.Contains(string(b.Raw), fmt.Sprintf("Body of message %d.", b.UID)) {
			t.Errorf("message %d: %.60q", b.UID, b.Raw)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 12 || len(skipped) != 2 {
		t.Fatalf("got %v, skipped %v", got, skipped)
	}
	for _, i := range []int{4, 8} {
		uid := refs[i].UID
		want := fmt.Sprintf("message %d is %s, larger than the 200.0 KB mailsafe reads", uid, HumanSize(refs[4].Size))
		if e := skipped[uid]; e == nil || e.Error() != want {
			t.Fatalf("message %d: %v, want %q", uid, e, want)
		}
	}
}

// A server gone mid-batch ends the fetch with a dropped-connection error
// naming the step, after the messages that had arrived; no hang.
func TestDovecotBodiesServerGone(t *testing.T) {
	d := dovecottest.Start(t, nil, nil, seedSized(300, func(int) int { return 40 << 10 }))
	s, st := openBatchTest(t, d)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	refs, err := s.Sizes(ctx, 0, int(st.Count))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	start := time.Now()
	err = s.Bodies(ctx, refs, BodiesOptions{Batch: 10, Window: 3}, func(b FetchedBody) error {
		n++
		if n == 25 {
			d.Stop()
		}
		return nil
	})
	if !errors.Is(err, ErrDropped) || !strings.Contains(err.Error(), "fetch messages") {
		t.Fatalf("err = %v after %d messages", err, n)
	}
	if n < 25 || n == 300 {
		t.Fatalf("%d messages before the end", n)
	}
	if time.Since(start) > 10*time.Second {
		t.Fatalf("took %v", time.Since(start))
	}
}

// Cancelling the context stops a fetch in flight at once.
func TestDovecotBodiesCancelled(t *testing.T) {
	d := dovecottest.Start(t, nil, nil, seedSized(300, func(int) int { return 40 << 10 }))
	s, st := openBatchTest(t, d)
	refs, err := s.Sizes(context.Background(), 0, int(st.Count))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err = s.Bodies(ctx, refs, BodiesOptions{Batch: 10, Window: 3}, func(b FetchedBody) error {
		if n++; n == 15 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || n >= 300 {
		t.Fatalf("err = %v after %d messages", err, n)
	}
	// Asked again, of the session closed under it: an error, no hang.
	done := make(chan error, 1)
	go func() { done <- s.Bodies(ctx, refs, BodiesOptions{}, func(FetchedBody) error { return nil }) }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("a fetch over a closed session ended well")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a fetch over a closed session hangs")
	}
}

// scan's IMAP source reads the mailbox oldest first, as URL#UID, across
// batches, and skips nothing.
func TestDovecotReadIMAPOrder(t *testing.T) {
	d := dovecottest.Start(t, nil, nil, seedSized(150, func(i int) int { return 100 + i*7919%20000 }))
	src, err := ParseIMAPURL(fmt.Sprintf("imap://%s@127.0.0.1:%d/INBOX", dovecottest.User, d.IMAPPort))
	if err != nil {
		t.Fatal(err)
	}
	next := uint32(1)
	err = readIMAP(context.Background(), src, Login{Password: dovecottest.Password}, func(it Item) error {
		if want := fmt.Sprintf("%s#%d", src.URL, next); it.ID != want {
			return fmt.Errorf("item %q, want %q", it.ID, want)
		}
		if !strings.Contains(string(it.Raw), fmt.Sprintf("Body of message %d.", next)) {
			return fmt.Errorf("%s: wrong body", it.ID)
		}
		next++
		return nil
	}, func(e *SourceError) { t.Errorf("skipped %v", e) })
	if err != nil || next != 151 {
		t.Fatalf("stopped at %d: %v", next, err)
	}
}

// The worker's batch survives the server going away mid-batch: it
// reconnects and asks for the messages not answered yet, so every body

// startBatchWorker starts a worker on a Dovecot folder of 600 messages of
// 40 KB, more than the fetch window holds (BodiesOptions), so a drop is met
// mid-batch; it returns the worker with the folder open, and every message.
func startBatchWorker(t *testing.T) (*dovecottest.Server, *Worker, []BodyRef) {
	t.Helper()
	const n = 600
	d := dovecottest.Start(t, nil, nil, seedSized(n, func(int) int { return 40 << 10 }))
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	w := StartWorker(ctx, account(d), dovecottest.Password, WorkerOptions{FirstWait: 300 * time.Millisecond, MaxAttempts: 10})
	next[ResStatus](t, w)
	w.Requests <- ReqOpenFolder{RequestBase: RequestBase{ID: 1}, Folder: "INBOX"}
	next[ResOpened](t, w)
	refs := make([]BodyRef, 0, n)
	for uid := uint32(1); uid <= n; uid++ {
		refs = append(refs, BodyRef{UID: uid, Size: 40 << 10})
	}
	return d, w, refs
}

// comes once, in order, and the batch ends well.
func TestDovecotWorkerBatchResumesAfterADrop(t *testing.T) {
	d, w, refs := startBatchWorker(t)
	w.Requests <- ReqFetchBodies{RequestBase: RequestBase{ID: 2}, Refs: refs}
	want, reconnected := uint32(1), false
	deadline := time.After(20 * time.Second)
	for {
		var r Result
		select {
		case r = <-w.Results:
		case <-deadline:
			t.Fatalf("no end of the batch; at UID %d", want)
		}
		switch r := r.(type) {
		case ResStatus:
			reconnected = reconnected || r.State == StatusReconnecting
		case ResBody:
			if r.UID != want || r.Err != nil || !strings.Contains(string(r.Raw), fmt.Sprintf("Body of message %d.", want)) {
				t.Fatalf("got UID %d (%v), want %d", r.UID, r.Err, want)
			}
			if want == 10 {
				d.Stop()
				d.Restart(t)
			}
			want++
		case ResBodiesDone:
			if r.Err != nil || want != uint32(len(refs))+1 || !reconnected {
				t.Fatalf("batch ended at UID %d: %v (reconnected: %v)", want, r.Err, reconnected)
			}
			return
		}
	}
}

// A batch the reader gives up while the worker reconnects after a drop is
// not asked for again: the connection just made is kept for the next
// request, not closed under a fetch nobody waits for and made once more.
func TestDovecotWorkerBatchGivenUpWhileReconnecting(t *testing.T) {
	d, w, refs := startBatchWorker(t)
	rctx, giveUp := context.WithCancel(context.Background())
	defer giveUp()
	w.Requests <- ReqFetchBodies{RequestBase: RequestBase{ID: 2, Ctx: rctx}, Refs: refs}
	stopped, restarted, connected := false, false, 0
	deadline := time.After(20 * time.Second)
	for {
		var r Result
		select {
		case r = <-w.Results:
		case <-deadline:
			t.Fatal("no end of the batch")
		}
		switch r := r.(type) {
		case ResBody:
			if !stopped && r.UID == 10 {
				stopped = true
				d.Stop()
			}
		case ResStatus:
			switch {
			case r.State == StatusReconnecting && !restarted:
				restarted = true
				giveUp() // the reader moved on while the worker waits to reconnect
				d.Restart(t)
			case r.State == StatusConnected:
				connected++
			}
		case ResBodiesDone:
			if !restarted || !errors.Is(r.Err, context.Canceled) {
				t.Fatalf("the batch ended with %v (reconnecting seen: %v)", r.Err, restarted)
			}
			if connected != 1 {
				t.Errorf("connected %d times after the drop, want once", connected)
			}
			w.Requests <- ReqFetchBody{RequestBase: RequestBase{ID: 3}, UID: 1}
			if b := next[ResBody](t, w); b.Err != nil || !strings.Contains(string(b.Raw), "Body of message 1.") {
				t.Fatalf("the next request: %v", b.Err)
			}
			return
		}
	}
}

// Messages another client removes while a folder is read move nothing:
// reading on from the last UID listed skips no message still there and
// never asks past the end (by position, the next stretch began too late
// and, near the end, asked for numbers the folder no longer had).
func TestDovecotSizesReadOnByUIDAfterRemovals(t *testing.T) {
	d := dovecottest.Start(t, nil, nil, seedSized(30, func(int) int { return 300 }))
	s, _ := openBatchTest(t, d)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	first, err := s.Sizes(ctx, 0, 10)
	if err != nil || len(first) != 10 {
		t.Fatalf("first stretch: %v %v", first, err)
	}
	last := first[len(first)-1].UID

	other, err := imapclient.DialInsecure(fmt.Sprintf("127.0.0.1:%d", d.IMAPPort), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.Login(dovecottest.User, dovecottest.Password).Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	gone := imap.UIDSetNum(imap.UID(first[2].UID), imap.UID(first[5].UID), imap.UID(last+3))
	if err := other.Store(gone, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagDeleted}, Silent: true}, nil).Close(); err != nil {
		t.Fatal(err)
	}
	if err := other.UIDExpunge(gone).Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Noop(ctx); err != nil { // the reading session hears of the removals
		t.Fatal(err)
	}

	var rest []uint32
	for {
		refs, err := s.Sizes(ctx, last, 10)
		if err != nil {
			t.Fatalf("after UID %d: %v", last, err)
		}
		if len(refs) == 0 {
			break
		}
		for _, r := range refs {
			rest = append(rest, r.UID)
		}
		last = refs[len(refs)-1].UID
	}
	if len(rest) != 19 || slices.Contains(rest, first[9].UID+3) {
		t.Errorf("read on after removals: %v; want the 19 messages after the first stretch still there", rest)
	}
}
