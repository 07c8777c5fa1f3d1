package mailview

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"mailsafe/mailview/check"
	"strings"
	"testing"

	"github.com/emersion/go-msgauth/dkim"
)

// signed returns a message signed for example.org with selector "sel" and
// the TXT lookup that publishes its key, as DNS would.
func signed(t *testing.T) ([]byte, func(string) ([]string, error)) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	msg := "From: Alice <alice@example.org>\r\nTo: bob@example.com\r\nSubject: Signed\r\nMessage-ID: <s1@example.org>\r\n\r\nPay invoice 1234 to the usual account.\r\n"
	var out bytes.Buffer
	if err := dkim.Sign(&out, strings.NewReader(msg), &dkim.SignOptions{Domain: "example.org", Selector: "sel", Signer: crypto.Signer(priv)}); err != nil {
		t.Fatal(err)
	}
	lookup := func(domain string) ([]string, error) {
		if domain == "sel._domainkey.example.org" {
			return []string{"v=DKIM1; k=ed25519; p=" + base64.StdEncoding.EncodeToString(pub)}, nil
		}
		return nil, errors.New("no such record")
	}
	return out.Bytes(), lookup
}

func TestDKIMVerifiedWithInjectedRecords(t *testing.T) {
	raw, lookup := signed(t)
	if Analyze(raw, Reader{LookupTXT: lookup}).Has(check.FindingAuthFail) {
		t.Errorf("a correctly signed message is reported as failing")
	}
	tampered := bytes.Replace(raw, []byte("1234"), []byte("9999"), 1)
	v := Analyze(tampered, Reader{LookupTXT: lookup})
	var f *check.Finding
	for i := range v.Findings {
		if v.Findings[i].ID == check.FindingAuthFail {
			f = &v.Findings[i]
		}
	}
	if f == nil || !strings.Contains(strings.Join(f.Evidence, "\n"), "DKIM d=example.org: fail") {
		t.Fatalf("tampered message: findings %+v", v.Findings)
	}
	// Without a resolver, nothing is looked up and nothing is claimed.
	if Analyze(tampered, Reader{}).Has(check.FindingAuthFail) {
		t.Errorf("DKIM was judged without lookups allowed")
	}
}
