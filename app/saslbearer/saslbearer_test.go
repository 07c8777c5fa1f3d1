package saslbearer

import (
	"errors"
	"testing"
)

func TestChoosePrefersOAuthBearerAndFallsBackToXOAuth2(t *testing.T) {
	for _, c := range []struct {
		offered []string
		want    Mechanism
		err     error
	}{
		{[]string{"AUTH=PLAIN", "AUTH=XOAUTH2"}, XOAuth2, nil},
		{[]string{"AUTH=XOAUTH2", "AUTH=OAUTHBEARER"}, OAuthBearer, nil},
		{[]string{"auth=oauthbearer"}, OAuthBearer, nil},
		{[]string{"AUTH=PLAIN", "AUTH=LOGIN"}, "", ErrNoBearerMechanism},
		{nil, "", ErrNoBearerMechanism},
	} {
		got, err := Choose(c.offered)
		if got != c.want || !errors.Is(err, c.err) {
			t.Errorf("Choose(%v) = %q, %v; want %q, %v", c.offered, got, err, c.want, c.err)
		}
	}
}

func TestXOAuth2InitialResponseAndError(t *testing.T) {
	c, err := NewClient(XOAuth2, "alex@example.org", "tok.en", "imap.example.org", 993)
	if err != nil {
		t.Fatal(err)
	}
	mech, ir, err := c.Start()
	if mech != "XOAUTH2" || err != nil || string(ir) != "user=alex@example.org\x01auth=Bearer tok.en\x01\x01" {
		t.Fatalf("Start = %q %q %v", mech, ir, err)
	}
	resp, err := c.Next([]byte(`{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}`))
	if err != nil || string(resp) != "\x01" {
		t.Fatalf("Next = %q %v; want ^A", resp, err)
	}
	if e := c.LastError(); e == nil || e.Status != "401" || e.Scope != "https://mail.google.com/" {
		t.Errorf("LastError = %+v", e)
	}
	if _, _, err := (xoauth2{user: "a\x01b", token: "t"}).Start(); err == nil {
		t.Error("a ^A in the user name went into the response")
	}
}

func TestOAuthBearerAnswersAnErrorWithCtrlA(t *testing.T) {
	c, _ := NewClient(OAuthBearer, "alex@example.org", "tok", "imap.example.org", 993)
	_, ir, _ := c.Start()
	if want := "n,a=alex@example.org,\x01host=imap.example.org\x01port=993\x01auth=Bearer tok\x01\x01"; string(ir) != want {
		t.Errorf("initial response %q, want %q", ir, want)
	}
	resp, err := c.Next([]byte("not json"))
	if err != nil || string(resp) != "\x01" {
		t.Errorf("Next = %q %v; want ^A", resp, err)
	}
	if e := c.LastError(); e == nil || e.Raw != "not json" {
		t.Errorf("LastError = %+v", e)
	}
}

func FuzzNext(f *testing.F) {
	f.Add([]byte(`{"status":"invalid_token"}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, m := range []Mechanism{OAuthBearer, XOAuth2} {
			c, _ := NewClient(m, "u", "t", "h", 1)
			if _, err := c.Next(b); err != nil || c.LastError() == nil {
				t.Fatalf("%s: Next(%q) = %v", m, b, err)
			}
			_ = c.LastError().Error()
		}
	})
}
