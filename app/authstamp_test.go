package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"mailsafe/internal/dovecottest"
	"mailsafe/mailview/message"
)

func stampHeaders(t *testing.T, files ...string) []message.Header {
	t.Helper()
	var out []message.Header
	for _, f := range files {
		raw, err := os.ReadFile(filepath.Join("testdata", "authstamp", f))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, message.Parse(raw).Header)
	}
	return out
}

func repeat(file string, n int) []string {
	var out []string
	for range n {
		out = append(out, file)
	}
	return out
}

// The provider's stamp heads every message it delivers; a stamp a sender
// wrote lower down, or on only some mail, is not taken for it.
func TestDetectAuthServID(t *testing.T) {
	for _, c := range []struct {
		name  string
		files []string
		want  string
	}{
		{"Gmail", repeat("gmail.eml", 6), "mx.google.com"},
		{"Exchange Online's id-less stamp", repeat("exchange.eml", 5), "mx.microsoft.com"},
		{"a provider notice without a stamp among them", append(repeat("gmail.eml", 8), "unstamped.eml"), "mx.google.com"},
		{"too few stamped", repeat("gmail.eml", 4), ""},
		{"mostly unstamped", append(repeat("gmail.eml", 5), repeat("unstamped.eml", 3)...), ""},
		{"a sender's stamp on top of one message", append(repeat("gmail.eml", 6), "forged-top.eml"), ""},
		{"no stamps", repeat("unstamped.eml", 6), ""},
	} {
		got, ok := DetectAuthServID(stampHeaders(t, c.files...))
		if got != c.want || ok != (c.want != "") {
			t.Errorf("%s: DetectAuthServID = %q, %v; want %q", c.name, got, ok, c.want)
		}
	}
}

// A server the reader typed is kept; a detected one is stored, updated by a
// later detection, and read by the account's analyses from then on.
func TestDetectedAuthServIDStored(t *testing.T) {
	s := NewSettings(test.NewTempApp(t).Preferences(), nil)
	a := Account{Email: "alex@example.org", Host: "imap.example.org", Port: 993, Security: SecurityTLS, Username: "alex"}
	if err := s.SaveAccount(a, ""); err != nil {
		t.Fatal(err)
	}
	reader := func() []string { return WithIdentity(ReaderFor(a, nil, false), s).AuthServIDs }
	if got := reader(); len(got) != 0 {
		t.Fatalf("before detection: %v", got)
	}
	if changed, err := s.SetDetectedAuthServID(a, "mx.google.com"); !changed || err != nil {
		t.Fatalf("first detection: %v %v", changed, err)
	}
	list, _ := s.Accounts()
	if list[0].AuthServID != "mx.google.com" || !list[0].AuthServDetected {
		t.Fatalf("stored %+v", list[0])
	}
	if got := reader(); strings.Join(got, ",") != "mx.google.com" {
		t.Fatalf("analysis trusts %v", got)
	}
	if changed, _ := s.SetDetectedAuthServID(a, "mx.microsoft.com"); !changed {
		t.Fatal("a later detection did not update a detected id")
	}
	typed := list[0]
	typed.AuthServID, typed.AuthServDetected = "mx.example.org", false
	if err := s.SaveAccount(typed, ""); err != nil {
		t.Fatal(err)
	}
	if changed, _ := s.SetDetectedAuthServID(a, "mx.google.com"); changed {
		t.Fatal("detection replaced the id the reader typed")
	}
	if got := reader(); strings.Join(got, ",") != "mx.example.org" {
		t.Fatalf("analysis trusts %v, want the typed id", got)
	}
	if _, err := s.SetDetectedAuthServID(a, "two words"); err == nil {
		t.Fatal("an id that cannot be one was stored")
	}
}

// Against a real Dovecot: the stamps of the inbox's newest messages, read
// with HEADER.FIELDS in their order, name the provider.
func TestDovecotDetectAuthServID(t *testing.T) {
	seed := func(files ...string) func(string) {
		return func(maildir string) {
			for i, f := range files {
				raw, err := os.ReadFile(filepath.Join("testdata", "authstamp", f))
				if err != nil {
					panic(err)
				}
				name := filepath.Join(maildir, "cur", strings.Repeat("1", 10)+"."+string(rune('a'+i))+".test:2,")
				os.WriteFile(name, []byte(strings.ReplaceAll(string(raw), "\n", "\r\n")), 0o600)
			}
		}
	}
	for _, c := range []struct {
		files []string
		want  string
	}{
		{append(repeat("gmail.eml", 6), "unstamped.eml"), "mx.google.com"},
		{append(repeat("gmail.eml", 6), "forged-top.eml"), ""},
	} {
		d := dovecottest.Start(t, nil, nil, seed(c.files...))
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		got, err := DetectAccountAuthServID(ctx, account(d), Login{Password: dovecottest.Password})
		cancel()
		if err != nil || got != c.want {
			t.Errorf("%v: detected %q, %v; want %q", c.files, got, err, c.want)
		}
		d.Stop()
	}
}

// scan imap:// without --authserv-id trusts the stamp Settings has for the
// account (typed, or found by the viewer in its mail), as the viewer does;
// --authserv-id, when given, wins. Against a real Dovecot: the inbox holds
// a message the provider (mx.google.com) stamped DMARC fail, with a
// relay's passing stamp written on top.
func TestScanIMAPUsesStoredAuthServID(t *testing.T) {
	d := dovecottest.Start(t, nil, nil, func(maildir string) {
		raw, err := os.ReadFile(filepath.Join("testdata", "authstamp", "relay-over-provider.eml"))
		if err != nil {
			panic(err)
		}
		os.WriteFile(filepath.Join(maildir, "cur", "1111111111.a.test:2,"), []byte(strings.ReplaceAll(string(raw), "\n", "\r\n")), 0o600)
	})
	t.Setenv("MAILSAFE_PASSWORD", dovecottest.Password)
	acct := account(d)
	url := fmt.Sprintf("imap://%s@127.0.0.1:%d/INBOX", acct.Username, acct.Port)
	s := NewSettings(test.NewTempApp(t).Preferences(), nil)
	if changed, _ := s.SetDetectedAuthServID(acct, "mx.google.com"); changed {
		t.Fatal("an id was stored for an account Settings does not have")
	}
	if err := s.SaveAccount(acct, ""); err != nil {
		t.Fatal(err)
	}
	if changed, err := s.SetDetectedAuthServID(acct, "mx.google.com"); !changed || err != nil {
		t.Fatalf("storing the detected id: %v %v", changed, err)
	}
	authFindings := func(opts ScanOptions) string {
		t.Helper()
		opts.JSON = true
		var out, errOut bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if !Scan(ctx, []string{url}, opts, &out, &errOut) {
			t.Fatalf("scan failed: %s", errOut.String())
		}
		var ids []string
		for _, id := range []string{"auth-missing", "auth-fail"} {
			if strings.Contains(out.String(), `"id":"`+id+`"`) {
				ids = append(ids, id)
			}
		}
		return strings.Join(ids, ",")
	}
	// Without Settings the topmost stamp, the relay's, is believed.
	if got := authFindings(ScanOptions{}); got != "" {
		t.Errorf("without Settings: %q, want the topmost stamp believed", got)
	}
	// With it, the provider's stamp counts.
	if got := authFindings(ScanOptions{Settings: s}); got != "auth-fail" {
		t.Errorf("with the account's stored id: %q, want auth-fail", got)
	}
	// --authserv-id is the reader's word for this run.
	if got := authFindings(ScanOptions{Settings: s, AuthServIDs: []string{"relay.forwarder.example"}}); got != "" {
		t.Errorf("with --authserv-id relay.forwarder.example: %q, want that stamp believed", got)
	}
}
