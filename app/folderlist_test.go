package app

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"mailsafe/internal/dovecottest"
	"mailsafe/mailview"
)

// listReader is the analysis settings of the list tests.
func listReader() mailview.Reader { return mailview.Reader{Me: []string{"alex@example.org"}} }

// Opening a folder of 2,000 messages in a real Dovecot fetches its first
// page and nothing more until the reader scrolls near its end; scrolled
// to the end, the list holds every message once, newest first, each with
// its header badge and none with its header.
func TestFolderListFetchesPagesAsTheListScrollsAgainstDovecot(t *testing.T) {
	const n = 2000
	d := dovecottest.Start(t, nil, nil, dovecottest.SeedMessages(n))
	loop := newOwnerLoop()
	mb := NewMailbox(StartWorker(context.Background(), account(d), dovecottest.Password, WorkerOptions{}), loop.post, func(Result) {})
	t.Cleanup(mb.Close)
	lv := NewListVerdicts(mb, listReader, func(uint32) {})
	changes := 0
	list := NewFolderList(mb, lv, func(c ListChange) {
		if c.Err != nil {
			t.Error(c.Err)
		}
		changes++
	})
	var opened *ResOpened
	list.Open("INBOX", func(r ResOpened) { opened = &r })
	loop.until(t, "the first page", func() bool { return list.Loaded() && lv.Pending() == 0 })
	if opened == nil || opened.Err != nil || list.Count() != n {
		t.Fatalf("opened: %+v, count %d", opened, list.Count())
	}
	// The first screen shows a dozen rows: no page more is asked for.
	for i := 0; i < 15; i++ {
		list.Show(i)
	}
	time.Sleep(300 * time.Millisecond)
	loop.until(t, "the requests answered", func() bool { return mb.Waiting() <= readAheadMax })
	if got := len(list.Rows()); got != FirstPage {
		t.Fatalf("opening the folder listed %d envelopes before any scrolling, want the first page of %d", got, FirstPage)
	}
	if list.Rows()[0].Subject != fmt.Sprintf("Message %d", n) {
		t.Errorf("the first row is %q, want the newest", list.Rows()[0].Subject)
	}

	// Scrolling: each page is asked for as the last rows loaded are shown.
	pages := 0
	for len(list.Rows()) < n {
		before := len(list.Rows())
		list.Show(before - 1)
		loop.until(t, "the next page", func() bool { return len(list.Rows()) > before })
		if got := len(list.Rows()) - before; got > MorePage {
			t.Fatalf("a page of %d envelopes, want at most %d", got, MorePage)
		}
		pages++
	}
	loop.until(t, "the header badges", func() bool { return lv.Pending() == 0 })
	if want := (n - FirstPage + MorePage - 1) / MorePage; pages != want {
		t.Errorf("%d pages to the end, want %d", pages, want)
	}
	rows := list.Rows()
	seen := map[uint32]bool{}
	for i, e := range rows {
		if want := fmt.Sprintf("Message %d", n-i); e.Subject != want {
			t.Fatalf("row %d is %q, want %q", i, e.Subject, want)
		}
		if seen[e.UID] {
			t.Fatalf("UID %d listed twice", e.UID)
		}
		seen[e.UID] = true
		if e.Header != nil {
			t.Fatalf("row %d keeps its %d-byte header", i, len(e.Header))
		}
		if _, ok := lv.Badge(e.UID); !ok {
			t.Fatalf("row %d has no badge", i)
		}
	}
	if len(lv.raw) > headersKept {
		t.Errorf("the badges keep %d raw headers, want at most %d", len(lv.raw), headersKept)
	}
}

// fakeFolder is a worker serving a folder of n messages with large headers
// (as real mail's Received, DKIM and ARC lines make them) from memory; it
// never answers a body fetch.
func fakeFolder(t testing.TB, n int, header int) *Worker {
	reqs, results := make(chan Request), make(chan Result, 16)
	ctx, stop := context.WithCancel(context.Background())
	t.Cleanup(stop)
	go func() {
		defer close(results)
		for {
			var r Request
			select {
			case r = <-reqs:
			case <-ctx.Done():
				return
			}
			a := ResultBase{ID: r.requestID()}
			switch r := r.(type) {
			case ReqOpenFolder:
				results <- ResOpened{ResultBase: a, Folder: r.Folder, State: FolderState{Count: uint32(n)}}
			case ReqFetchPage:
				var page []Envelope
				for k := uint32(0); k < r.N && int(r.Skip+k) < n; k++ {
					seq := uint32(n) - r.Skip - k
					h := fmt.Sprintf("From: Sender %d <s%d@example.net>\r\nSubject: Message %d\r\nDate: %s\r\n", seq, seq, seq,
						time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(seq)*time.Minute).Format(time.RFC1123Z))
					h += "Received: " + strings.Repeat("from relay.example.net by mx.example.org; ", header/45) + "\r\n\r\n"
					e := Envelope{UID: seq, SeqNum: seq, Size: int64(len(h) + 100)}
					DecodeListHeader(&e, []byte(h), nil)
					page = append(page, e)
				}
				results <- ResPage{ResultBase: a, Envelopes: page}
			}
		}
	}()
	return &Worker{Requests: reqs, Results: results, stop: stop}
}

// A list scrolled through a large folder keeps a small row and a badge per
// message, not the headers, which are kilobytes each: what the list holds
// grows by less than 512 bytes a message from half the folder to all of it.
func TestFolderListKeepsLittlePerMessage(t *testing.T) {
	const n, header = 2000, 2048
	loop := newOwnerLoop()
	mb := NewMailbox(fakeFolder(t, n, header), loop.post, func(Result) {})
	t.Cleanup(mb.Close)
	lv := NewListVerdicts(mb, listReader, func(uint32) {})
	list := NewFolderList(mb, lv, func(c ListChange) {})
	list.Open("INBOX", func(ResOpened) {})
	loop.until(t, "the first page", list.Loaded)
	heap := func() int64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return int64(m.HeapAlloc)
	}
	scrollTo := func(rows int) {
		for len(list.Rows()) < rows {
			k := len(list.Rows())
			list.Show(k - 1)
			loop.until(t, "the next page", func() bool { return len(list.Rows()) > k })
		}
		loop.until(t, "the header badges", func() bool { return lv.Pending() == 0 })
	}
	scrollTo(n / 2)
	half, halfHeap := len(list.Rows()), heap()
	scrollTo(n)
	perMessage := (heap() - halfHeap) / int64(n-half)
	t.Logf("%d bytes a message (headers of %d bytes)", perMessage, header)
	if perMessage > 512 {
		t.Errorf("the list keeps %d bytes more a message, want at most 512 (its headers are %d bytes)", perMessage, header)
	}
	runtime.KeepAlive(list)
}

// When the analysis settings change, a row whose header is no longer kept
// loses its header badge (rather than keep one from the old settings) and,
// shown, has its header fetched again and badged anew; a row whose header
// is kept is badged again at once.
func TestFolderListBadgesForgottenRowsAgainWhenShown(t *testing.T) {
	const n = headersKept + 2*FirstPage
	loop := newOwnerLoop()
	mb := NewMailbox(fakeFolder(t, n, 512), loop.post, func(Result) {})
	t.Cleanup(mb.Close)
	lv := NewListVerdicts(mb, listReader, func(uint32) {})
	list := NewFolderList(mb, lv, func(c ListChange) {})
	list.Open("INBOX", func(ResOpened) {})
	loop.until(t, "the first page", list.Loaded)
	for len(list.Rows()) < n {
		k := len(list.Rows())
		list.Show(k - 1)
		loop.until(t, "the next page", func() bool { return len(list.Rows()) > k })
	}
	loop.until(t, "the whole folder badged", func() bool { return lv.Pending() == 0 })
	newest, oldest := list.Rows()[0].UID, list.Rows()[n-1].UID

	lv.Reanalyse()
	loop.until(t, "the kept headers badged again", func() bool { return lv.Pending() == 0 })
	if _, ok := lv.Badge(newest); ok || !lv.Forgotten(newest) {
		t.Fatalf("the newest row, its header not kept, keeps its badge from the old settings")
	}
	if _, ok := lv.Badge(oldest); !ok || lv.Forgotten(oldest) {
		t.Fatalf("the oldest row, its header kept, lost its badge")
	}
	list.Show(0)
	loop.until(t, "the newest row badged again", func() bool {
		_, ok := lv.Badge(newest)
		return ok && lv.Pending() == 0
	})
	if lv.Forgotten(newest) || len(list.Rows()) != n {
		t.Errorf("after its header came again: forgotten %v, %d rows", lv.Forgotten(newest), len(list.Rows()))
	}
}
