package app

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"mailsafe/internal/dovecottest"
)

// floorFetch is the bare fetch: one `UID FETCH 1:* (BODY.PEEK[])` with
// go-imap, each message's bytes read whole and raw-parsed as they come.
func floorFetch(b *testing.B, d *dovecottest.Server, want int) {
	c, err := imapclient.DialInsecure(fmt.Sprintf("127.0.0.1:%d", d.IMAPPort), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(dovecottest.User, dovecottest.Password).Wait(); err != nil {
		b.Fatal(err)
	}
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		b.Fatal(err)
	}
	var all imap.UIDSet
	all.AddRange(1, 0)
	cmd := c.Fetch(all, &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{{Peek: true}}})
	n := 0
	for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
		for item := msg.Next(); item != nil; item = msg.Next() {
			if body, ok := item.(imapclient.FetchItemDataBodySection); ok && body.Literal != nil {
				raw, err := io.ReadAll(body.Literal)
				if err != nil {
					b.Fatal(err)
				}
				rawFloor(raw)
				n++
			}
		}
	}
	if err := cmd.Close(); err != nil || n != want {
		b.Fatalf("floor fetched %d of %d: %v", n, want, err)
	}
}

// BenchmarkRatioIMAPScan compares `scan imap://…` of a loopback Dovecot
// holding 3,000 messages of everyday sizes (dovecottest.RealisticMessage)
// with the floor: a bare go-imap UID FETCH 1:* (BODY.PEEK[]) of the same
// mailbox plus the raw parse of every message (rawFloor), one thread. It
// reports x-floor (scan against the floor, the goal ≤ 1.5) and
// x-floor-fetch (mailsafe's batched fetch, readIMAP, with the same raw
// parse instead of the analysis: what fetching costs beyond the floor).
func BenchmarkRatioIMAPScan(b *testing.B) {
	const n = 3000
	d := dovecottest.Start(b, nil, nil, dovecottest.SeedRealistic(n))
	b.Setenv("MAILSAFE_PASSWORD", dovecottest.Password)
	url := fmt.Sprintf("imap://%s@127.0.0.1:%d/INBOX", dovecottest.User, d.IMAPPort)
	src, err := ParseIMAPURL(url)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	scan := func() {
		var errOut strings.Builder
		if !Scan(ctx, []string{url}, ScanOptions{JSON: true}, io.Discard, &errOut) {
			b.Fatalf("scan: %s", errOut.String())
		}
	}
	fetchParse := func() {
		got := 0
		err := readIMAP(ctx, src, Login{Password: dovecottest.Password}, func(it Item) error {
			rawFloor(it.Raw)
			got++
			return nil
		}, func(e *SourceError) { b.Fatalf("skipped %v", e) })
		if err != nil || got != n {
			b.Fatalf("fetched %d of %d: %v", got, n, err)
		}
	}
	floorFetch(b, d, n) // Dovecot's caches and the page cache warm for all
	fetchParse()
	var floor, subject, fetch time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := time.Now()
		floorFetch(b, d, n)
		floor += time.Since(t)
		t = time.Now()
		scan()
		subject += time.Since(t)
		t = time.Now()
		fetchParse()
		fetch += time.Since(t)
	}
	b.ReportMetric(float64(subject)/float64(floor), "x-floor")
	b.ReportMetric(float64(fetch)/float64(floor), "x-floor-fetch")
	b.ReportMetric(float64(floor.Milliseconds())/float64(b.N), "floor-ms")
	b.ReportMetric(float64(subject.Milliseconds())/float64(b.N), "scan-ms")
	b.ReportMetric(float64(fetch.Milliseconds())/float64(b.N), "fetch-ms")
}
