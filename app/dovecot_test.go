package app

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"mailsafe/internal/dovecottest"
)

func account(d *dovecottest.Server) Account {
	return Account{Host: "127.0.0.1", Port: d.IMAPPort, Security: SecurityNone, Username: dovecottest.User, Email: "alex@example.org"}
}

func TestDovecotLoginListPeek(t *testing.T) {
	d := dovecottest.Start(t, nil, nil, dovecottest.SeedMessages(30))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := DialIMAP(ctx, account(d), dovecottest.Password)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	folders, err := s.Folders(ctx)
	if err != nil || len(folders) == 0 || folders[0].Use != "inbox" {
		t.Fatalf("folders %+v %v", folders, err)
	}
	st, err := s.Open(ctx, "INBOX")
	if err != nil || st.Count != 30 || st.UIDValidity == 0 {
		t.Fatalf("open: %+v %v", st, err)
	}
	page, err := s.Envelopes(ctx, st.Count, 0, 10)
	if err != nil || len(page) != 10 || page[0].Subject != "Message 30" || page[9].Subject != "Message 21" {
		t.Fatalf("first page: %v %v", page, err)
	}
	raw, err := s.Body(ctx, page[0].UID, MaxMessageSize)
	if err != nil || !strings.Contains(string(raw), "Body of message 30.") {
		t.Fatalf("body: %v %q", err, raw)
	}
	after, _ := s.Envelopes(ctx, st.Count, 0, 1)
	if after[0].Seen {
		t.Fatalf("BODY.PEEK set \\Seen on a real server")
	}
}

func TestDovecotWrongPassword(t *testing.T) {
	d := dovecottest.Start(t, nil, nil, nil)
	_, err := DialIMAP(context.Background(), account(d), "wrong password")
	if err == nil || !strings.Contains(err.Error(), "refused the user name or password") {
		t.Fatalf("err = %v", err)
	}
}

func TestDovecotPaging10000(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 messages")
	}
	d := dovecottest.Start(t, nil, nil, dovecottest.SeedMessages(10000))
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	s, err := DialIMAP(ctx, account(d), dovecottest.Password)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Open(ctx, "INBOX")
	if err != nil || st.Count != 10000 {
		t.Fatalf("open: %+v %v", st, err)
	}
	seen := map[uint32]bool{}
	next := 10000
	for skip := uint32(0); skip < st.Count; skip += 500 {
		page, err := s.Envelopes(ctx, st.Count, skip, 500)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			if e.Subject != fmt.Sprintf("Message %d", next) {
				t.Fatalf("at %d got %q", next, e.Subject)
			}
			next--
			seen[e.UID] = true
		}
	}
	if len(seen) != 10000 || next != 0 {
		t.Fatalf("%d distinct messages, stopped at %d", len(seen), next)
	}
}

func TestDovecotScanURL(t *testing.T) {
	d := dovecottest.Start(t, nil, nil, dovecottest.SeedMessages(5))
	t.Setenv("MAILSAFE_PASSWORD", dovecottest.Password)
	var out, errOut strings.Builder
	url := fmt.Sprintf("imap://%s@127.0.0.1:%d/INBOX", dovecottest.User, d.IMAPPort)
	if !Scan(context.Background(), []string{url}, ScanOptions{JSON: true}, &out, &errOut) {
		t.Fatalf("scan: %s", errOut.String())
	}
	if n := strings.Count(out.String(), "\n"); n != 5 {
		t.Fatalf("%d records", n)
	}
	s, err := DialIMAP(context.Background(), account(d), dovecottest.Password)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, _ := s.Open(context.Background(), "INBOX")
	envs, _ := s.Envelopes(context.Background(), st.Count, 0, st.Count)
	for _, e := range envs {
		if e.Seen {
			t.Fatalf("scan marked %q as read", e.Subject)
		}
	}
}

func TestDovecotSelfSignedCertificate(t *testing.T) {
	cert, key := dovecottest.SelfSigned(t)
	d := dovecottest.Start(t, cert, key, dovecottest.SeedMessages(1))
	acct := Account{Host: "127.0.0.1", Port: d.IMAPSPort, Security: SecurityTLS, Username: dovecottest.User}
	_, err := DialIMAP(context.Background(), acct, dovecottest.Password)
	var ce *CertificateError
	if !errors.As(err, &ce) || len(ce.Fingerprint) != 64 {
		t.Fatalf("an unverified certificate was not refused with its fingerprint: %v", err)
	}
	acct.PinnedCert = ce.Fingerprint // the reader trusts it explicitly
	s, err := DialIMAP(context.Background(), acct, dovecottest.Password)
	if err != nil {
		t.Fatalf("pinned certificate refused: %v", err)
	}
	s.Close()
	other, _ := dovecottest.SelfSigned(t)
	block, _ := pem.Decode(other)
	oc, _ := x509.ParseCertificate(block.Bytes)
	acct.PinnedCert = fingerprint(oc) // pinned to another certificate than the server's
	if _, err := DialIMAP(context.Background(), acct, dovecottest.Password); err == nil || !strings.Contains(err.Error(), "changed since you trusted it") {
		t.Fatalf("a different certificate after pinning was accepted: %v", err)
	}
}

func TestDovecotIdleSeesAppendedMail(t *testing.T) {
	d := dovecottest.Start(t, nil, nil, dovecottest.SeedMessages(3))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := StartWorker(ctx, account(d), dovecottest.Password, WorkerOptions{})
	next[ResStatus](t, w)
	w.Requests <- ReqOpenFolder{RequestBase: RequestBase{ID: 1}, Folder: "INBOX"}
	if o := next[ResOpened](t, w); o.Err != nil || o.State.Count != 3 {
		t.Fatalf("open %+v", o)
	}
	time.Sleep(300 * time.Millisecond) // let IDLE begin
	appendMessage(t, fmt.Sprintf("127.0.0.1:%d", d.IMAPPort), dovecottest.User, dovecottest.Password, "New while idle")
	if n := next[ResNewMail](t, w); n.Folder != "INBOX" || n.Count != 4 {
		t.Fatalf("new mail %+v", n)
	}
}

func TestDovecotStoppedAndBack(t *testing.T) {
	d := dovecottest.Start(t, nil, nil, dovecottest.SeedMessages(3))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := StartWorker(ctx, account(d), dovecottest.Password, WorkerOptions{FirstWait: 300 * time.Millisecond, MaxAttempts: 10})
	next[ResStatus](t, w)
	w.Requests <- ReqOpenFolder{RequestBase: RequestBase{ID: 1}, Folder: "INBOX"}
	next[ResOpened](t, w)
	d.Stop() // the server goes away mid-session
	go func() {
		time.Sleep(1500 * time.Millisecond)
		d.Restart(t)
	}()
	w.Requests <- ReqFetchPage{RequestBase: RequestBase{ID: 2}, Skip: 0, N: 3}
	st := next[ResStatus](t, w)
	if st.State != StatusReconnecting || !errors.Is(st.Err, ErrDropped) && !errors.Is(st.Err, ErrRefused) {
		t.Fatalf("status %+v", st)
	}
	p := next[ResPage](t, w)
	if p.ID != 2 || p.Err != nil || len(p.Envelopes) != 3 {
		t.Fatalf("after the server came back: %+v", p)
	}
}
