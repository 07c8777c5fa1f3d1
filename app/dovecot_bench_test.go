package app

import (
	"context"
	"fmt"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"mailsafe/internal/dovecottest"
)

// A 10,000-message folder in a real Dovecot on loopback, shared by the
// benchmarks below.
func benchSession(b *testing.B) (*dovecottest.Server, *IMAPSession, FolderState) {
	return benchSessionOf(b, 10000)
}

// benchSessionOf is a folder of n messages, opened, Dovecot's cache built.
func benchSessionOf(b *testing.B, n uint32) (*dovecottest.Server, *IMAPSession, FolderState) {
	b.Helper()
	d := dovecottest.Start(b, nil, nil, dovecottest.SeedMessages(int(n)))
	s, err := DialIMAP(context.Background(), account(d), dovecottest.Password)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	st, err := s.Open(context.Background(), "INBOX")
	if err != nil || st.Count != n {
		b.Fatalf("open: %+v %v", st, err)
	}
	for skip := uint32(0); skip < st.Count; skip += 10000 {
		s.Envelopes(context.Background(), st.Count, skip, 10000) // let Dovecot build its cache first
	}
	return d, s, st
}

// BenchmarkListFirstPage: the first screen, 50 envelopes, newest first.
func BenchmarkListFirstPage(b *testing.B) { benchListFirstPage(b, 10000) }

// BenchmarkListFirstPage100k: the same in a folder of 100,000.
func BenchmarkListFirstPage100k(b *testing.B) { benchListFirstPage(b, 100000) }

// benchListFirstPage sets the folder up once, for a sub-benchmark that
// runs as often as it needs.
func benchListFirstPage(b *testing.B, n uint32) {
	_, s, st := benchSessionOf(b, n)
	b.Run("50", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if page, err := s.Envelopes(context.Background(), st.Count, 0, 50); err != nil || len(page) != 50 {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkListWhole: all 10,000 envelopes in pages of 500, as scrolling loads them.
func BenchmarkListWhole(b *testing.B) {
	_, s, st := benchSession(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		for skip := uint32(0); skip < st.Count; skip += 500 {
			page, err := s.Envelopes(context.Background(), st.Count, skip, 500)
			if err != nil {
				b.Fatal(err)
			}
			n += len(page)
		}
		if n != 10000 {
			b.Fatalf("%d envelopes", n)
		}
	}
}

// BenchmarkListRawFetch: the same items in one plain go-imap FETCH 1:*.
func BenchmarkListRawFetch(b *testing.B) {
	d, _, _ := benchSession(b)
	c, err := imapclient.DialInsecure(fmt.Sprintf("127.0.0.1:%d", d.IMAPPort), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	c.Login(dovecottest.User, dovecottest.Password).Wait()
	c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait()
	var all imap.SeqSet
	all.AddRange(1, 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		msgs, err := c.Fetch(all, &imap.FetchOptions{Envelope: true, Flags: true, RFC822Size: true, UID: true}).Collect()
		if err != nil || len(msgs) != 10000 {
			b.Fatal(err)
		}
	}
}
