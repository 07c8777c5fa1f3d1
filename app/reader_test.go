package app

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-msgauth/dkim"

	"mailsafe/mailview"
	"mailsafe/mailview/check"
	"mailsafe/mailview/message"

	"fyne.io/fyne/v2/test"
)

// fakeTXT is a DNS resolver that publishes one DKIM key and counts the
// queries it is asked.
type fakeTXT struct {
	mu          sync.Mutex
	calls       int
	noDeadline  bool
	name, value string
}

func (f *fakeTXT) LookupTXT(ctx context.Context, name string) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if _, ok := ctx.Deadline(); !ok {
		f.noDeadline = true
	}
	if name == f.name {
		return []string{f.value}, nil
	}
	return nil, errors.New("no such record")
}

// signedTampered is a mail DKIM-signed for example.org and changed after
// signing, with the resolver that publishes the signing key.
func signedTampered(t *testing.T) ([]byte, *fakeTXT) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	msg := "From: Alice <alice@example.org>\r\nTo: reader@example.com\r\nSubject: Invoice\r\nMessage-ID: <r1@example.org>\r\n\r\nPay invoice 1234 to the usual account.\r\n"
	var out bytes.Buffer
	if err := dkim.Sign(&out, strings.NewReader(msg), &dkim.SignOptions{Domain: "example.org", Selector: "s1", Signer: priv}); err != nil {
		t.Fatal(err)
	}
	raw := bytes.Replace(out.Bytes(), []byte("1234"), []byte("9876"), 1)
	return raw, &fakeTXT{name: "s1._domainkey.example.org", value: "v=DKIM1; k=ed25519; p=" + base64.StdEncoding.EncodeToString(pub)}
}

// DNS for DKIM is asked only with the reader's consent to lookups: without
// it the resolver is never called, with it the tampered signature fails.
func TestNewReaderLooksUpDKIMOnlyWhenLookupsAllowed(t *testing.T) {
	raw, dns := signedTampered(t)
	r := NewReader(ReaderConfig{Me: []string{"reader@example.com"}, Resolver: dns})
	if r.LookupTXT != nil {
		t.Fatalf("a resolver without consent to lookups")
	}
	if mailview.Analyze(raw, r).Has(check.FindingAuthFail) || dns.calls != 0 {
		t.Fatalf("without consent: %d DNS queries, auth-fail %v", dns.calls, mailview.Analyze(raw, r).Has(check.FindingAuthFail))
	}
	r = NewReader(ReaderConfig{Me: []string{"reader@example.com"}, Lookups: true, Resolver: dns})
	if !mailview.Analyze(raw, r).Has(check.FindingAuthFail) {
		t.Errorf("with consent the tampered signature is not reported")
	}
	if dns.calls == 0 || dns.noDeadline {
		t.Errorf("with consent: %d DNS queries, a query without a deadline: %v", dns.calls, dns.noDeadline)
	}
	// scan: the consent is --lookup (ScanOptions.Lookup), the same as the registry lookups'.
	dns.calls = 0
	file := filepath.Join(t.TempDir(), "signed.eml")
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if !Scan(context.Background(), []string{file}, ScanOptions{JSON: true, Lang: "en", Resolver: dns}, &out, &bytes.Buffer{}) || out.Len() == 0 {
		t.Fatalf("scan failed: %s", out.String())
	}
	if dns.calls != 0 || strings.Contains(out.String(), `"auth-fail"`) {
		t.Errorf("scan without --lookup asked DNS %d times:\n%s", dns.calls, out.String())
	}
}

// An account's reader: its address, and its trusted authserv-id (none: the
// topmost Authentication-Results only); no DNS in the GUI.
func TestReaderForAccount(t *testing.T) {
	acct := Account{Email: "reader@example.com", Host: "imap.example.com", Username: "reader", AuthServID: " mx.example.com "}
	contacts := []message.Address{{Name: "Kim", Addr: "kim@example.org"}}
	r := ReaderFor(acct, contacts, false)
	if len(r.Me) != 1 || r.Me[0] != "reader@example.com" || len(r.AuthServIDs) != 1 || r.AuthServIDs[0] != "mx.example.com" ||
		len(r.Contacts) != 1 || r.LookupTXT != nil {
		t.Errorf("reader for %+v: %+v", acct, r)
	}
	acct.AuthServID = ""
	if r := ReaderFor(acct, nil, false); len(r.AuthServIDs) != 0 {
		t.Errorf("no authserv-id set, yet trusted: %v", r.AuthServIDs)
	}
	// A lower stamp of the account's server is trusted; without the setting it is not.
	raw := []byte("Authentication-Results: relay.example.net; spf=pass smtp.mailfrom=example.com\r\n" +
		"Authentication-Results: mx.example.com; spf=fail smtp.mailfrom=example.com; dkim=none; dmarc=fail header.from=example.com\r\n" +
		"From: Boss <boss@example.com>\r\nTo: reader@example.com\r\nSubject: Wire\r\nMessage-ID: <w1@example.com>\r\n\r\nPlease pay today.\r\n")
	if mailview.Analyze(raw, ReaderFor(acct, nil, false)).Has(check.FindingAuthFail) {
		t.Errorf("without the setting the lower stamp was trusted")
	}
	acct.AuthServID = "MX.example.com"
	if !mailview.Analyze(raw, ReaderFor(acct, nil, false)).Has(check.FindingAuthFail) {
		t.Errorf("the account's server's stamp was not trusted")
	}
}

// The authserv-id is kept with the account; a value that cannot be one is refused.
func TestAccountKeepsItsAuthServID(t *testing.T) {
	s := NewSettings(test.NewTempApp(t).Preferences(), nil)
	acct := Account{Email: "a@example.com", Host: "imap.example.com", Port: 993, Security: SecurityTLS, Username: "a", AuthServID: "mx.example.com"}
	if err := s.SaveAccount(acct, ""); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.Accounts(); len(list) != 1 || list[0].AuthServID != "mx.example.com" {
		t.Fatalf("stored %+v", list)
	}
	acct.AuthServID = "mx.example.com; spf=pass"
	if err := s.SaveAccount(acct, ""); !errors.Is(err, ErrBadAuthServID) {
		t.Errorf("saving %q: %v", acct.AuthServID, err)
	}
}

// DKIM is verified over DNS only with the reader's consent in Settings.
func TestReaderForVerifiesDKIMOnlyWithConsent(t *testing.T) {
	s := NewSettings(test.NewTempApp(t).Preferences(), nil)
	acct := Account{Email: "alex@example.org"}
	if s.VerifyDKIM() || ReaderFor(acct, nil, s.VerifyDKIM()).LookupTXT != nil {
		t.Fatal("DKIM lookups are on by default")
	}
	s.SetVerifyDKIM(true)
	if !s.VerifyDKIM() || ReaderFor(acct, nil, s.VerifyDKIM()).LookupTXT == nil {
		t.Fatal("the consent in Settings did not enable DKIM lookups")
	}
}
