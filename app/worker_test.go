package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// next reads results until one of type T arrives (or fails after a while).
func next[T Result](t *testing.T, w *Worker) T {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case r, ok := <-w.Results:
			if !ok {
				t.Fatalf("results closed while waiting")
			}
			if v, ok := r.(T); ok {
				return v
			}
		case <-deadline:
			var zero T
			t.Fatalf("no %T within 20 s", zero)
		}
	}
}

func TestWorkerRequestsAndResults(t *testing.T) {
	d := startDemo(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := StartWorker(ctx, d.Account, d.Password, WorkerOptions{})
	if st := next[ResStatus](t, w); st.State != StatusConnected {
		t.Fatalf("status %+v", st)
	}
	w.Requests <- ReqListFolders{RequestBase: RequestBase{ID: 1}}
	if f := next[ResFolders](t, w); f.ID != 1 || f.Err != nil || len(f.Folders) != 4 {
		t.Fatalf("folders %+v", f)
	}
	w.Requests <- ReqOpenFolder{RequestBase: RequestBase{ID: 2}, Folder: "INBOX"}
	if o := next[ResOpened](t, w); o.ID != 2 || o.Err != nil || o.State.Count != 8 {
		t.Fatalf("open %+v", o)
	}
	w.Requests <- ReqFetchPage{RequestBase: RequestBase{ID: 3}, Skip: 0, N: 5}
	p := next[ResPage](t, w)
	if p.ID != 3 || p.Err != nil || len(p.Envelopes) != 5 || p.Envelopes[0].Subject != "Quick favour" {
		t.Fatalf("page %+v", p)
	}
	w.Requests <- ReqFetchBody{RequestBase: RequestBase{ID: 4}, UID: p.Envelopes[0].UID}
	if b := next[ResBody](t, w); b.ID != 4 || b.Err != nil || !strings.Contains(string(b.Raw), "I'm in a meeting") {
		t.Fatalf("body %+v", b)
	}
	// A batch: each body answered in order under the batch's id, then the batch.
	refs := []BodyRef{{UID: p.Envelopes[2].UID}, {UID: p.Envelopes[1].UID}, {UID: p.Envelopes[0].UID}}
	w.Requests <- ReqFetchBodies{RequestBase: RequestBase{ID: 6}, Refs: refs}
	for i, ref := range refs {
		b := next[ResBody](t, w)
		if b.ID != 6 || b.UID != ref.UID || b.Err != nil || !strings.Contains(string(b.Raw), "Subject: "+p.Envelopes[2-i].Subject) {
			t.Fatalf("batch body %d: %+v", i, b)
		}
	}
	if done := next[ResBodiesDone](t, w); done.ID != 6 || done.Err != nil {
		t.Fatalf("batch end %+v", done)
	}
	w.Requests <- ReqOpenFolder{RequestBase: RequestBase{ID: 5}, Folder: "No Such Folder"}
	if o := next[ResOpened](t, w); o.ID != 5 || o.Err == nil {
		t.Fatalf("opening a missing folder: %+v", o)
	}
}

// appendMessage adds a message through a second connection, as new mail would.
func appendMessage(t *testing.T, addr, user, password, subject string) {
	t.Helper()
	c, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(user, password).Wait(); err != nil {
		t.Fatal(err)
	}
	msg := "From: a@example.net\r\nTo: b@example.org\r\nSubject: " + subject + "\r\n\r\nnew\r\n"
	cmd := c.Append("INBOX", int64(len(msg)), &imap.AppendOptions{})
	cmd.Write([]byte(msg))
	cmd.Close()
	if _, err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
}

func TestWorkerSeesNewMailWhileIdle(t *testing.T) {
	d := startDemo(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := StartWorker(ctx, d.Account, d.Password, WorkerOptions{PollEvery: 200 * time.Millisecond})
	next[ResStatus](t, w)
	w.Requests <- ReqOpenFolder{RequestBase: RequestBase{ID: 1}, Folder: "INBOX"}
	next[ResOpened](t, w)
	appendMessage(t, d.ln.Addr().String(), "demo", d.Password, "Arrived while idle")
	if n := next[ResNewMail](t, w); n.Folder != "INBOX" || n.Count != 9 {
		t.Fatalf("new mail %+v", n)
	}
}

func TestWorkerGivesUpWithAClearStatus(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := StartWorker(ctx, Account{Host: "127.0.0.1", Port: 1, Security: SecurityNone, Username: "x"}, "p", WorkerOptions{MaxAttempts: 1, FirstWait: 10 * time.Millisecond})
	st := next[ResStatus](t, w)
	if st.State != StatusOffline || !errors.Is(st.Err, ErrRefused) {
		t.Fatalf("status %+v", st)
	}
	w.Requests <- ReqListFolders{RequestBase: RequestBase{ID: 7}}
	if f := next[ResFolders](t, w); f.ID != 7 || f.Err == nil {
		t.Fatalf("request while offline: %+v", f)
	}
}

func TestWorkerReportsProgressOnLargeMessages(t *testing.T) {
	d := startDemo(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	big := "From: a@example.net\r\nSubject: Big\r\nContent-Type: text/plain\r\n\r\n" + strings.Repeat("0123456789abcdef\r\n", 200000) // 3.6 MB
	c := demoClient(t, d)
	cmd := c.Append("Trash", int64(len(big)), &imap.AppendOptions{})
	cmd.Write([]byte(big))
	cmd.Close()
	ap, err := cmd.Wait()
	c.Close()
	if err != nil {
		t.Fatal(err)
	}
	w := StartWorker(ctx, d.Account, d.Password, WorkerOptions{})
	next[ResStatus](t, w)
	w.Requests <- ReqOpenFolder{RequestBase: RequestBase{ID: 1}, Folder: "Trash"}
	next[ResOpened](t, w)
	w.Requests <- ReqFetchBody{RequestBase: RequestBase{ID: 2}, UID: uint32(ap.UID)}
	var reports []ResProgress
	for {
		r := <-w.Results
		if p, ok := r.(ResProgress); ok {
			reports = append(reports, p)
			continue
		}
		if b, ok := r.(ResBody); ok {
			if b.Err != nil || len(b.Raw) != len(big) {
				t.Fatalf("body: %v, %d bytes", b.Err, len(b.Raw))
			}
			break
		}
	}
	if len(reports) < 3 || reports[len(reports)-1].Done != int64(len(big)) || reports[0].Total != int64(len(big)) {
		t.Fatalf("progress reports: %+v", reports)
	}
}
