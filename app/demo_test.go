package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"

	"mailsafe/mailview"
)

func startDemo(t *testing.T) *Demo {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	d, err := StartDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestDemoMailboxOverIMAP(t *testing.T) {
	d := startDemo(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := DialIMAP(ctx, d.Account, d.Password)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	folders, err := s.Folders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range folders {
		names = append(names, f.Name+":"+f.Use)
	}
	if strings.Join(names, " ") != "INBOX:inbox Sent:sent Junk:junk Trash:trash" {
		t.Errorf("folders = %v", names)
	}
	state, err := s.Open(ctx, "INBOX")
	if err != nil || state.Count != 8 {
		t.Fatalf("INBOX: %+v %v", state, err)
	}
	page, err := s.Envelopes(ctx, state.Count, 0, 3)
	if err != nil || len(page) != 3 {
		t.Fatalf("first page: %v %v", page, err)
	}
	if page[0].SeqNum != 8 || page[1].SeqNum != 7 || page[2].SeqNum != 6 {
		t.Errorf("not newest first: %d %d %d", page[0].SeqNum, page[1].SeqNum, page[2].SeqNum)
	}
	rest, err := s.Envelopes(ctx, state.Count, 3, 100)
	if err != nil || len(rest) != 5 || rest[len(rest)-1].SeqNum != 1 {
		t.Fatalf("second page: %v %v", rest, err)
	}
	raw, err := s.Body(ctx, page[0].UID, MaxMessageSize)
	if err != nil || !bytes.Contains(raw, []byte("Subject: Quick favour")) { // the newest by date
		t.Fatalf("body: %v %q", err, raw[:min(len(raw), 200)])
	}
	if _, err := s.Body(ctx, page[0].UID, 100); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("size cap not applied: %v", err)
	}
	again, _ := s.Envelopes(ctx, state.Count, 0, 1)
	if again[0].Seen {
		t.Errorf("reading a message set \\Seen")
	}
}

func TestDemoWrongPassword(t *testing.T) {
	d := startDemo(t)
	_, err := DialIMAP(context.Background(), d.Account, "wrong")
	if !errors.Is(err, ErrLoginFailed) || !strings.Contains(err.Error(), "refused the user name or password") {
		t.Fatalf("err = %v", err)
	}
}

func TestPlainTextOnlyToLoopback(t *testing.T) {
	_, err := DialIMAP(context.Background(), Account{Host: "mail.example.com", Port: 143, Security: SecurityNone, Username: "a"}, "p")
	if !errors.Is(err, ErrPlainNotAllowed) {
		t.Fatalf("err = %v", err)
	}
}

func TestRefusedConnectionIsNamed(t *testing.T) {
	_, err := DialIMAP(context.Background(), Account{Host: "127.0.0.1", Port: 1, Security: SecurityNone, Username: "a"}, "p")
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("err = %v", err)
	}
}

// The demo shows every kind of finding the product makes.
func TestDemoMailsShowEveryKindOfFinding(t *testing.T) {
	d := startDemo(t)
	ctx := context.Background()
	s, err := DialIMAP(ctx, d.Account, d.Password)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ids := map[string]bool{}
	for _, folder := range []string{"INBOX", "Junk"} {
		st, err := s.Open(ctx, folder)
		if err != nil {
			t.Fatal(err)
		}
		envs, _ := s.Envelopes(ctx, st.Count, 0, st.Count)
		for _, e := range envs {
			raw, err := s.Body(ctx, e.UID, MaxMessageSize)
			if err != nil {
				t.Fatal(err)
			}
			v := mailview.Analyze(raw, d.Context())
			for _, f := range v.Findings {
				ids[string(f.ID)] = true
			}
			for _, r := range v.Resources {
				if !strings.HasPrefix(r.URL, "http://"+d.Beacon.Addr()) && strings.Contains(r.URL, "{{") {
					t.Errorf("unreplaced placeholder in %s", r.URL)
				}
			}
		}
	}
	for _, want := range []string{"tracker-known", "tracker-pixel", "tracker-address-leak", "click-tracking", "remote-content",
		"read-receipt", "display-name-impersonation", "freemail-sender", "mailer-mismatch", "urgency-language",
		"lookalike-domain", "attachment-double-ext", "attachment-dangerous", "link-ip", "link-mismatch", "link-shortener", "fake-reply"} {
		if !ids[want] {
			t.Errorf("no demo mail shows %s (found %v)", want, ids)
		}
	}
	if d.Beacon.Connections() != 0 {
		t.Errorf("analysing the demo contacted the beacon server %d times", d.Beacon.Connections())
	}
}

func TestScanIMAPURL(t *testing.T) {
	d := startDemo(t)
	t.Setenv("MAILSAFE_PASSWORD", d.Password)
	var out, errOut bytes.Buffer
	url := fmt.Sprintf("imap://demo@127.0.0.1:%d/INBOX", d.Account.Port)
	if !Scan(context.Background(), []string{url}, ScanOptions{JSON: true, Lang: "en"}, &out, &errOut) {
		t.Fatalf("scan failed: %s", errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 8 || !strings.Contains(lines[0], `"source":"`+url+`#1"`) {
		t.Fatalf("%d records; first: %.200s", len(lines), lines[0])
	}
	// scan never changes flags.
	if seen := seenUIDs(t, d); len(seen) != 0 {
		t.Errorf("messages marked \\Seen by scan: %v", seen)
	}
	t.Setenv("MAILSAFE_PASSWORD", "wrong")
	out.Reset()
	errOut.Reset()
	if Scan(context.Background(), []string{url}, ScanOptions{JSON: true}, &out, &errOut) || !strings.Contains(errOut.String(), "refused the user name or password") {
		t.Errorf("wrong password: ok, stderr %q", errOut.String())
	}
}

func TestParseIMAPURL(t *testing.T) {
	for _, c := range []struct {
		in, host, user, box string
		port                int
		sec                 Security
		bad                 bool
	}{
		{in: "imaps://alex@mail.example.com/INBOX", host: "mail.example.com", user: "alex", box: "INBOX", port: 993, sec: SecurityTLS},
		{in: "imap://alex%40example.com@mail.example.com:1143/Archive/2026", host: "mail.example.com", user: "alex@example.com", box: "Archive/2026", port: 1143, sec: SecurityStartTLS},
		{in: "imaps://mail.example.com/", bad: true},
		{in: "imaps://alex:secret@mail.example.com/", bad: true},
		{in: "pop3://alex@mail.example.com/", bad: true},
	} {
		src, err := ParseIMAPURL(c.in)
		if (err != nil) != c.bad {
			t.Errorf("%s: err %v", c.in, err)
			continue
		}
		if c.bad {
			if strings.Contains(fmt.Sprint(err), "secret") {
				t.Errorf("the password is echoed: %v", err)
			}
			continue
		}
		a := src.Account
		if a.Host != c.host || a.Username != c.user || src.Mailbox != c.box || a.Port != c.port || a.Security != c.sec {
			t.Errorf("%s: %+v mailbox %q", c.in, a, src.Mailbox)
		}
	}
}

// demoClient is a connection of its own to the demo's server, logged in
// and closed when the test ends.
func demoClient(t *testing.T, d *Demo) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(d.ln.Addr().String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login("demo", d.Password).Wait(); err != nil {
		t.Fatal(err)
	}
	return c
}
