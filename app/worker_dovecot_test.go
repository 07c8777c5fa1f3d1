package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"mailsafe/internal/dovecottest"
)

// A folder's opening and its first page, asked for together as the list
// asks, go to the server one after the other: no IDLE between them, which
// on Dovecot costs a sync of the folder and two round trips before the
// page is asked for. Once nothing waits, the worker idles (new mail).
func TestWorkerServesQueuedRequestsWithoutIdling(t *testing.T) {
	d := dovecottest.StartRawlog(t, dovecottest.SeedMessages(60))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := StartWorker(ctx, account(d), dovecottest.Password, WorkerOptions{})
	if st := next[ResStatus](t, w); st.State != StatusConnected {
		t.Fatalf("status %+v", st)
	}
	w.Requests <- ReqOpenFolder{RequestBase: RequestBase{ID: 1}, Folder: "INBOX"}
	w.Requests <- ReqFetchPage{RequestBase: RequestBase{ID: 2}, Skip: 0, N: FirstPage}
	if o := next[ResOpened](t, w); o.Err != nil || o.State.Count != 60 {
		t.Fatalf("open %+v", o)
	}
	if p := next[ResPage](t, w); p.Err != nil || len(p.Envelopes) != FirstPage {
		t.Fatalf("page: %d envelopes, %v", len(p.Envelopes), p.Err)
	}
	// Nothing left to do: the worker idles (for new mail) until closed,
	// and the server writes its log of the session out when it ends.
	time.Sleep(200 * time.Millisecond)
	cancel()
	for range w.Results {
	}
	var got string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var sent []string
		for _, l := range d.ClientLines(t) {
			// A line is a timestamp, a tag and a command (DONE has no tag).
			if f := strings.Fields(l); len(f) >= 3 {
				sent = append(sent, strings.ToUpper(f[2]))
			}
		}
		if got = strings.Join(sent, " "); strings.HasSuffix(got, "LOGOUT") {
			break
		}
	}
	if !strings.Contains(got, "EXAMINE FETCH IDLE") {
		t.Errorf("commands %q: want EXAMINE and FETCH back to back, IDLE after them", got)
	}
}
