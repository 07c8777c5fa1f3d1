package app

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"mailsafe/internal/dovecottest"
	"mailsafe/mailview"
)

// The GUI's own path through a large folder: Mailbox over a worker,
// FolderList and ListVerdicts, the owner goroutine played by the
// benchmark's. Run one benchmark per process for its MB-rss (RSS does not
// shrink after a larger run):
//
//	go test ./app -run '^$' -bench 'FolderFirstPage10k$' -benchtime 20x
//	go test ./app -run '^$' -bench 'EnvelopesScrolled100k$' -benchtime 1x

func BenchmarkFolderFirstPage10k(b *testing.B)  { benchFirstPage(b, 10000) }
func BenchmarkFolderFirstPage100k(b *testing.B) { benchFirstPage(b, 100000) }

func BenchmarkEnvelopesScrolled10k(b *testing.B)  { benchScrolled(b, 10000) }
func BenchmarkEnvelopesScrolled100k(b *testing.B) { benchScrolled(b, 100000) }

// bigFolder starts a Dovecot holding n messages in its INBOX and lets it
// index them once, as a folder the reader opened before.
func bigFolder(b *testing.B, n int) *dovecottest.Server {
	b.Helper()
	start := time.Now()
	d := dovecottest.Start(b, nil, nil, dovecottest.SeedMessages(n))
	seeded := time.Since(start)
	s, err := DialIMAP(context.Background(), account(d), dovecottest.Password)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	st, err := s.Open(context.Background(), "INBOX")
	if err != nil || st.Count != uint32(n) {
		b.Fatalf("open: %+v %v", st, err)
	}
	if _, err := s.Envelopes(context.Background(), st.Count, 0, FirstPage); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d messages: seeded and Dovecot started in %v, indexed in %v", n, seeded.Round(time.Millisecond), (time.Since(start) - seeded).Round(time.Millisecond))
	return d
}

// benchList is the window's model of one account over a real worker.
type benchList struct {
	loop ownerLoop
	mb   *Mailbox
	lv   *ListVerdicts
	list *FolderList
}

func newBenchList(b *testing.B, d *dovecottest.Server) *benchList {
	l := &benchList{loop: newOwnerLoop()}
	connected := false
	l.mb = NewMailbox(StartWorker(context.Background(), account(d), dovecottest.Password, WorkerOptions{}), l.loop.post, func(r Result) {
		if s, ok := r.(ResStatus); ok {
			connected = connected || s.State == StatusConnected
		}
	})
	b.Cleanup(l.mb.Close)
	l.lv = NewListVerdicts(l.mb, func() mailview.Reader { return mailview.Reader{Me: []string{"alex@example.org"}} }, func(uint32) {})
	l.list = NewFolderList(l.mb, l.lv, func(c ListChange) {
		if c.Err != nil {
			b.Fatal(c.Err)
		}
	})
	l.loop.until(b, "connected", func() bool { return connected })
	return l
}

// open opens the inbox and waits for its first page with its header
// badges. It returns how long the client's own part took: from the page's
// arrival (the answers to SELECT and FETCH) to its rows listed and badged.
func (l *benchList) open(b *testing.B) time.Duration {
	l.list.Open("INBOX", func(r ResOpened) {
		if r.Err != nil {
			b.Fatal(r.Err)
		}
	})
	var paged time.Time
	l.loop.until(b, "the first page badged", func() bool {
		rows := l.list.Rows()
		if len(rows) < FirstPage {
			return false
		}
		if paged.IsZero() {
			paged = time.Now()
		}
		if l.lv.Pending() > 0 {
			return false
		}
		for _, e := range rows[:FirstPage] {
			if _, ok := l.lv.Badge(e.UID); !ok {
				return false
			}
		}
		return true
	})
	return time.Since(paged)
}

// settle waits until the bodies read ahead for what is listed are in, so
// that the next opening does not cancel a body on its way (which costs a
// new connection).
func (l *benchList) settle(b *testing.B) {
	l.loop.until(b, "the read-ahead", func() bool {
		return l.lv.Pending() == 0 && !l.mb.Fetching() && l.lv.Complete() >= min(len(l.list.Rows()), readAheadBeyond)
	})
}

// benchFirstPage: from opening the folder to its first 50 rows listed with
// their header badges, on a connection that opened it before (ms/first-page),
// and once on a new connection (ms-cold). ms-page-to-badged is the
// client's own part once the page is in: rows merged and listed, 50 header
// badges. On this Dovecot most of the rest is the server's: after each
// SELECT of a large Maildir it reads its whole dovecot-uidlist again before
// the first FETCH of a header (BenchmarkListFirstPage times a FETCH
// without a SELECT before it).
func benchFirstPage(b *testing.B, n int) {
	d := bigFolder(b, n)
	b.Run(strconv.Itoa(n), func(b *testing.B) {
		l := newBenchList(b, d)
		t0 := time.Now()
		l.open(b)
		cold := time.Since(t0)
		l.settle(b)
		var total, client time.Duration
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			t0 := time.Now()
			client += l.open(b)
			total += time.Since(t0)
			b.StopTimer()
			l.settle(b)
			b.StartTimer()
		}
		b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/first-page")
		b.ReportMetric(float64(client.Microseconds())/1000/float64(b.N), "ms-page-to-badged")
		b.ReportMetric(float64(cold.Microseconds())/1000, "ms-cold")
	})
}

// benchScrolled: the memory of the process holding the list model once
// the reader scrolled through the whole folder, every page listed and
// badged from its header: its RSS, and the live heap per message.
func benchScrolled(b *testing.B, n int) {
	d := bigFolder(b, n)
	b.Run(strconv.Itoa(n), func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			runtime.GC()
			heap0 := heapBytes()
			l := newBenchList(b, d)
			t0 := time.Now()
			l.open(b)
			for len(l.list.Rows()) < n {
				l.list.Show(len(l.list.Rows()) - 1) // the last row loaded is on screen
				select {
				case f := <-l.loop:
					f()
				case <-time.After(time.Minute):
					b.Fatalf("stuck at %d rows", len(l.list.Rows()))
				}
			}
			l.loop.until(b, "the header badges", func() bool { return l.lv.Pending() == 0 })
			took := time.Since(t0)
			runtime.GC()
			b.ReportMetric(float64(heapBytes()-heap0)/float64(n), "heap-B/msg")
			b.ReportMetric(float64(rssBytes())/(1<<20), "MB-rss")
			b.ReportMetric(took.Seconds(), "s-scroll")
			b.ReportMetric(float64(l.lv.Complete()), "bodies-read-ahead")
			runtime.KeepAlive(l)
			l.mb.Close()
		}
	})
}

// heapBytes is the live heap now.
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// rssBytes is the process's resident set (VmRSS).
func rssBytes() uint64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			var kb uint64
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), &kb)
			return kb << 10
		}
	}
	return 0
}
