package app

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"

	"mailsafe/mailview"
	"mailsafe/mailview/check"
)

// appendRaw adds a message to the demo's inbox through a second connection.
func appendRaw(t *testing.T, d *Demo, raw []byte) {
	t.Helper()
	c := demoClient(t, d)
	defer c.Close()
	cmd := c.Append("INBOX", int64(len(raw)), &imap.AppendOptions{})
	cmd.Write(raw)
	cmd.Close()
	if _, err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
}

// The list's badges: a message whose header already tells (a failed
// DMARC) is badged from its header while no body has come; bodies are
// read ahead in batches, readAheadMax in one request and one FETCH; once
// they come, every badge is
// from the whole message (the BEC's danger, the newsletter's tracking),
// except a message over ReadAheadLimit, which is not fetched until the
// reader opens it.
func TestListVerdictsFromHeadersThenBodiesReadAhead(t *testing.T) {
	d := startDemo(t)
	authFail, err := os.ReadFile("../mailview/testdata/sender/auth-fail.eml")
	if err != nil {
		t.Fatal(err)
	}
	appendRaw(t, d, authFail)
	big := "From: Archive <archive@acme-corp.example>\r\nTo: demo@acme-corp.example\r\nSubject: Scans\r\n" +
		"Date: Mon, 23 Nov 2026 09:00:00 +0000\r\nContent-Type: text/plain\r\n\r\n" +
		strings.Repeat("scan data line of the big archive message, 64 bytes long......\r\n", (ReadAheadLimit/64)+100)
	appendRaw(t, d, []byte(big))

	mb, loop, p, envelopes := proxiedInbox(t, d, 50)
	uid := map[string]uint32{}
	for _, e := range envelopes {
		uid[e.Subject] = e.UID
		p.stalls(e.UID, true) // no body comes until released
	}
	authUID, bigUID, becUID, newsUID := uid["Your payslip"], uid["Scans"], uid["Quick favour"], uid["Winter roasts are here"]
	if authUID == 0 || bigUID == 0 || becUID == 0 || newsUID == 0 {
		t.Fatalf("the inbox lacks a test message: %v", uid)
	}

	changes := 0
	lv := NewListVerdicts(mb, d.Context, func(uint32) { changes++ })
	lv.Listed(envelopes)
	maxAsked := 0
	loop.until(t, "the header badges", func() bool {
		maxAsked = max(maxAsked, mb.Waiting())
		b, ok := lv.Badge(authUID)
		return ok && b.Level == check.LevelDanger && lv.Pending() == 0
	})
	if b, _ := lv.Badge(authUID); b.Complete {
		t.Errorf("the failed-DMARC badge claims the whole message while no body has come: %+v", b)
	}
	if lv.Complete() != 0 || changes == 0 {
		t.Errorf("before any body: %d complete badges, %d changes told", lv.Complete(), changes)
	}
	if n := mb.Waiting(); n != 1 || maxAsked > 1 {
		t.Errorf("requests for bodies ahead: %d now, %d at most; want one batch", n, maxAsked)
	}
	loop.until(t, "the batch held by the server", func() bool { _, held, _ := p.state(); return held == 1 })
	if fetches, _, _ := p.state(); len(fetches) != min(readAheadMax, len(envelopes)-1) || p.bodyCommands() != 1 {
		t.Errorf("bodies asked for ahead: %v in %d commands; want %d in one", fetches, p.bodyCommands(), readAheadMax)
	}

	for _, e := range envelopes {
		p.stalls(e.UID, false)
	}
	loop.until(t, "every body but the big one", func() bool { return lv.Complete() == len(envelopes)-1 && lv.Pending() == 0 })
	if n, want := p.bodyCommands(), (len(envelopes)-1+readAheadMax-1)/readAheadMax; n != want {
		t.Errorf("%d FETCH commands for %d bodies read ahead, want %d", n, len(envelopes)-1, want)
	}
	if b, _ := lv.Badge(becUID); !b.Complete || b.Level != check.LevelDanger {
		t.Errorf("the BEC's badge = %+v, want danger from the whole message", b)
	}
	if b, _ := lv.Badge(newsUID); !b.Complete || !b.Tracking {
		t.Errorf("the newsletter's badge = %+v, want tracking", b)
	}
	if b, _ := lv.Badge(authUID); !b.Complete || b.Level != check.LevelDanger {
		t.Errorf("the failed-DMARC badge = %+v after its body", b)
	}
	if b, ok := lv.Badge(bigUID); !ok || b.Complete {
		t.Errorf("the big message's badge = %+v (%v): want the header's only", b, ok)
	}
	if fetches, _, _ := p.state(); fetches[bigUID] != 0 {
		t.Errorf("the %d-byte message was fetched ahead %d times", len(big), fetches[bigUID])
	}

	// The reader opens it: its analysis completes the badge.
	mb.OpenMessage(bigUID, func(r ResBody) { lv.Analyse(bigUID, r.Raw) }, nil)
	loop.until(t, "the big message analysed", func() bool { return lv.View(bigUID) != nil })
	if b, _ := lv.Badge(bigUID); !b.Complete {
		t.Errorf("the big message's badge after opening = %+v", b)
	}

	// Another folder opening forgets the list.
	lv.Reset(mb)
	if _, ok := lv.Badge(becUID); ok || lv.View(becUID) != nil {
		t.Error("badges of the folder left are still given")
	}
}

// When the analysis settings change (the history arrives, the reader sets
// the trusted server), Reanalyse recomputes the badges of messages known
// by their header alone as well as the analyses of whole messages.
func TestListVerdictsReanalyseReadsTheNewSettings(t *testing.T) {
	d := startDemo(t)
	authFail, err := os.ReadFile("../mailview/testdata/sender/auth-fail.eml")
	if err != nil {
		t.Fatal(err)
	}
	appendRaw(t, d, authFail)
	mb, loop, p, envelopes := proxiedInbox(t, d, 50)
	var authUID uint32
	for _, e := range envelopes {
		if e.Subject == "Your payslip" {
			authUID = e.UID
		}
		p.stalls(e.UID, true)
	}
	// Trusting another server's stamps, the failed DMARC counts for nothing.
	trusted := []string{"mx.other.example"}
	reader := func() mailview.Reader {
		return mailview.Reader{Me: []string{"reader@acme-corp.co.jp"}, AuthServIDs: trusted}
	}
	lv := NewListVerdicts(mb, reader, func(uint32) {})
	lv.Listed(envelopes)
	level := func() check.Level { b, _ := lv.Badge(authUID); return b.Level }
	loop.until(t, "the header badges", func() bool { _, ok := lv.Badge(authUID); return ok && lv.Pending() == 0 })
	if level() == check.LevelDanger {
		t.Fatal("the failed DMARC of an untrusted stamp made the header badge danger")
	}
	trusted = nil // the topmost stamp, the reader's provider's, is trusted
	lv.Reanalyse()
	loop.until(t, "the header badge again", func() bool { return lv.Pending() == 0 })
	if level() != check.LevelDanger {
		t.Errorf("after Reanalyse the header badge is %v, want danger", level())
	}

	for _, e := range envelopes {
		p.stalls(e.UID, false)
	}
	loop.until(t, "the payslip's body", func() bool { return lv.View(authUID) != nil && lv.Pending() == 0 })
	trusted = []string{"mx.other.example"}
	lv.Reanalyse()
	loop.until(t, "the whole message again", func() bool { return lv.Pending() == 0 })
	if b, _ := lv.Badge(authUID); !b.Complete || b.Level == check.LevelDanger {
		t.Errorf("after Reanalyse with another trusted server the badge is %+v", b)
	}

	// A body whose analysis is still running when the settings change (the
	// reader opened it just before the history arrived) is analysed again:
	// this owner goroutine runs nothing posted between the two calls.
	lv.Reset(mb)
	trusted = []string{"mx.other.example"}
	lv.Analyse(authUID, authFail)
	trusted = nil
	lv.Reanalyse()
	loop.until(t, "the opened message analysed", func() bool { return lv.View(authUID) != nil && lv.Pending() == 0 })
	if b, _ := lv.Badge(authUID); b.Level != check.LevelDanger {
		t.Errorf("a message analysed while the settings changed keeps the old settings' badge %+v", b)
	}
}

// A long folder is not read whole: bodies are read ahead near the row the
// window shows (from readAheadBehind above it to readAheadBeyond below),
// and of the whole analyses only the latest viewsKept are kept, the older
// ones' badges staying.
func TestListVerdictsReadsAheadNearTheShownRowOnly(t *testing.T) {
	d := startDemo(t)
	for i := range 160 {
		appendRaw(t, d, fmt.Appendf(nil, "From: Sender %d <s%d@news.example>\r\nTo: demo@acme-corp.example\r\n"+
			"Subject: Note %d\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\nContent-Type: text/plain\r\n\r\nNote number %d.\r\n", i, i, i, i))
	}
	loop := newOwnerLoop()
	mb := NewMailbox(StartWorker(context.Background(), d.Account, d.Password, WorkerOptions{}), loop.post, func(Result) {})
	t.Cleanup(mb.Close)
	var page *ResPage
	mb.OpenFolder("INBOX", func(r ResOpened) { mb.FetchPage(0, 500, func(r ResPage) { page = &r }) })
	loop.until(t, "the inbox list", func() bool { return page != nil })
	if page.Err != nil || len(page.Envelopes) < 160 {
		t.Fatalf("listed %d: %v", len(page.Envelopes), page.Err)
	}
	lv := NewListVerdicts(mb, d.Context, func(uint32) {})
	settled := func(what string) {
		loop.until(t, what, func() bool { return lv.Pending() == 0 && !mb.Fetching() && lv.ahead == 0 })
	}
	lv.Listed(page.Envelopes)
	settled("the read-ahead of the top")
	if n := lv.Complete(); n != readAheadBeyond {
		t.Errorf("with the top shown, %d bodies were read ahead; want %d", n, readAheadBeyond)
	}
	at := len(page.Envelopes) - readAheadBeyond - 18 // both windows together pass viewsKept
	lv.Shown(at)
	settled("the read-ahead around the row shown")
	want := readAheadBeyond + min(len(page.Envelopes), at+readAheadBeyond) - (at - readAheadBehind)
	if n := lv.Complete(); n != want {
		t.Errorf("after showing row %d, %d bodies analysed; want %d", at, n, want)
	}
	if len(lv.views) > viewsKept {
		t.Errorf("%d whole analyses kept, want at most %d", len(lv.views), viewsKept)
	}
	first := page.Envelopes[0].UID
	if b, ok := lv.Badge(first); !ok || !b.Complete || lv.View(first) != nil {
		t.Errorf("the first row's analysis: badge %+v (known %v), analysis kept %v; want its whole badge kept and its analysis let go", b, ok, lv.View(first) != nil)
	}
	if b, ok := lv.Badge(page.Envelopes[at-readAheadBehind-1].UID); ok && b.Complete {
		t.Errorf("a row outside both windows has a whole badge: %+v", b)
	}
}
