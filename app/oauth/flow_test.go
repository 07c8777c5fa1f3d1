package oauth_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"mailsafe/app/oauth"
	"mailsafe/internal/oauthtest"
)

var key = []byte("0123456789abcdef0123456789abcdef")

// provider is a provider whose endpoints are the local server's.
func provider(s *oauthtest.Server) oauth.Provider {
	return s.Provider(oauth.Microsoft, "127.0.0.1", 143)
}

func start(t *testing.T) (*oauthtest.Server, oauth.Client) {
	s := oauthtest.Start(key, "alex@example.org", "client-1")
	t.Cleanup(s.Close)
	return s, oauth.Client{Provider: provider(s), ClientID: "client-1"}
}

// memStore is a refresh token store in memory.
type memStore struct {
	mu     sync.Mutex
	token  string
	writes int
	fail   error
}

func (m *memStore) RefreshToken() (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.token == "" {
		return "", oauth.ErrNoRefreshToken
	}
	return m.token, nil
}

func (m *memStore) SetRefreshToken(t string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	m.token, m.writes = t, m.writes+1
	return nil
}

func TestSignInWithPKCEThroughTheLoopbackRedirect(t *testing.T) {
	s, c := start(t)
	var authURL *url.URL
	var page string
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	tok, err := c.SignIn(ctx, func(u *url.URL) error {
		authURL = u
		var err error
		page, err = s.Visit(u, true)
		return err
	}, "alex@example.org")
	if err != nil {
		t.Fatal(err)
	}
	q := authURL.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("login_hint") != "alex@example.org" ||
		!strings.HasPrefix(q.Get("redirect_uri"), "http://localhost:") || !strings.Contains(q.Get("scope"), "offline_access") {
		t.Errorf("authorize request %v", q)
	}
	if tok.AccessToken == "" || tok.RefreshToken == "" || !s.IsLive(tok.RefreshToken) {
		t.Errorf("tokens %+v", tok)
	}
	if f := s.LastTokenForm(); f.Get("code_verifier") == "" || f.Has("client_secret") {
		t.Errorf("token request %v: a verifier and no client secret expected", f)
	}
	if !strings.Contains(page, "signed in") {
		t.Errorf("the browser was told %q", page)
	}
}

func TestConsentRefusedIsSaidInWords(t *testing.T) {
	s, c := start(t)
	_, err := c.SignIn(context.Background(), s.Browser(false), "")
	var e *oauth.Error
	if !errors.As(err, &e) || e.Problem != oauth.ProblemConsentRefused || e.Code != "AADSTS65004" ||
		!strings.Contains(err.Error(), "User declined to consent") {
		t.Fatalf("refused consent gave %v", err)
	}
	if s.Count("code") != 0 {
		t.Error("a token was asked for after consent was refused")
	}
}

func TestWrongVerifierIsRefused(t *testing.T) {
	s, c := start(t)
	// The code is bound to the challenge the authorize request carried:
	// one made from another verifier than the app's (as an app that
	// intercepted the redirect would try) makes the exchange fail.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var stolen string
	_, err := c.SignIn(ctx, func(u *url.URL) error {
		q := u.Query()
		q.Set("code_challenge", oauth2.S256ChallengeFromVerifier(oauth2.GenerateVerifier())) // not the app's
		u.RawQuery = q.Encode()
		stolen = u.String()
		_, err := s.Visit(u, true)
		return err
	}, "")
	var e *oauth.Error
	if !errors.As(err, &e) || e.Code != "AADSTS501481" || !strings.Contains(err.Error(), "Code_Verifier does not match") {
		t.Fatalf("a code bound to another verifier was exchanged: %v (%s)", err, stolen)
	}
}

func TestWrongTenantAndAdminConsentAndIMAPWords(t *testing.T) {
	for _, c := range []struct {
		code, desc string
		want       oauth.Problem
	}{
		{"invalid_request", "AADSTS50020: User account 'a@b.example' from identity provider 'live.com' does not exist in tenant 'Contoso'.", oauth.ProblemWrongTenant},
		{"invalid_grant", "AADSTS65001: The user or administrator has not consented to use the application.", oauth.ProblemAdminConsent},
		{"invalid_grant", "AADSTS700082: The refresh token has expired due to inactivity.", oauth.ProblemSignInAgain},
		{"invalid_grant", "Token has been expired or revoked.", oauth.ProblemSignInAgain},
		{"admin_policy_enforced", "", oauth.ProblemAdminConsent},
		{"org_internal", "", oauth.ProblemWrongTenant},
		{"temporarily_unavailable", "try later", oauth.ProblemOther},
	} {
		e := oauth.Classify("step", c.code, c.desc)
		if e.Problem != c.want {
			t.Errorf("%s %q: %s, want %s", c.code, c.desc, e.Problem, c.want)
		}
		if c.desc != "" && !strings.Contains(e.Error(), c.desc) {
			t.Errorf("the provider's text was lost: %s", e)
		}
	}
}

func TestRefreshAfterExpiryRotatesAndStores(t *testing.T) {
	s, c := start(t)
	s.TTL = time.Second // expires almost at once: refreshed before every use
	store := &memStore{}
	tokens := oauth.NewTokens(c, store)
	tok, err := c.SignIn(context.Background(), s.Browser(true), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := tokens.SignedIn(tok); err != nil || store.token != tok.RefreshToken {
		t.Fatalf("sign-in not stored: %v", err)
	}
	first := store.token
	access, err := tokens.AccessToken(context.Background())
	if err != nil || access == tok.AccessToken {
		t.Fatalf("an access token about to expire was handed out: %v", err)
	}
	if s.Count("refresh") != 1 || store.token == first || s.IsLive(first) || !s.IsLive(store.token) || store.writes != 2 {
		t.Fatalf("rotation: refreshes %d, stored %q (first %q, live %v), writes %d", s.Count("refresh"), store.token, first, s.IsLive(first), store.writes)
	}
	// A token valid for long is not refreshed again.
	s.TTL = time.Hour
	tokens.Invalidate()
	a1, _ := tokens.AccessToken(context.Background())
	a2, _ := tokens.AccessToken(context.Background())
	if a1 != a2 || s.Count("refresh") != 2 {
		t.Fatalf("refreshes %d after one invalidation", s.Count("refresh"))
	}
}

func TestRevokedMeansSignInAgain(t *testing.T) {
	s, c := start(t)
	store := &memStore{}
	tokens := oauth.NewTokens(c, store)
	tok, _ := c.SignIn(context.Background(), s.Browser(true), "")
	tokens.SignedIn(tok)
	s.RevokeAll()
	tokens.Invalidate()
	_, err := tokens.AccessToken(context.Background())
	if !errors.Is(err, oauth.ErrSignInAgain) || !strings.Contains(err.Error(), "sign in again") || !strings.Contains(err.Error(), "revoked") {
		t.Fatalf("revoked sign-in: %v", err)
	}
	if _, err := oauth.NewTokens(c, &memStore{}).AccessToken(context.Background()); !errors.Is(err, oauth.ErrSignInAgain) {
		t.Fatalf("nothing stored: %v", err)
	}
}

func TestKeyringRefusalKeepsTheSessionGoing(t *testing.T) {
	s, c := start(t)
	store := &memStore{fail: errors.New("too large")}
	tokens := oauth.NewTokens(c, store)
	tok, _ := c.SignIn(context.Background(), s.Browser(true), "")
	if err := tokens.SignedIn(tok); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Fatalf("a refused store was not reported: %v", err)
	}
	tokens.Invalidate()
	if _, err := tokens.AccessToken(context.Background()); err != nil {
		t.Fatalf("the session's refresh token in memory did not work: %v", err)
	}
}

func TestDeviceCodeFlow(t *testing.T) {
	s, c := start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var shown oauth.DeviceCode
	tok, err := c.SignInDevice(ctx, func(d oauth.DeviceCode) {
		shown = d
		go s.ApproveDevice(d.UserCode) // the reader types it on their phone
	})
	if err != nil || tok.RefreshToken == "" || shown.UserCode == "" || !strings.HasPrefix(shown.VerificationURI, s.URL) {
		t.Fatalf("device flow: %+v %v (shown %+v)", tok, err, shown)
	}
	g := c
	g.Provider.DeviceURL = ""
	if _, err := g.SignInDevice(ctx, func(oauth.DeviceCode) {}); !errors.Is(err, oauth.ErrNoDeviceFlow) {
		t.Fatalf("no device flow: %v", err)
	}
}

func TestNoClientIDSaysWhatToDo(t *testing.T) {
	_, c := start(t)
	c.ClientID = ""
	_, err := c.SignIn(context.Background(), func(*url.URL) error { t.Fatal("a browser was opened without a client"); return nil }, "")
	var e *oauth.Error
	if !errors.As(err, &e) || e.Problem != oauth.ProblemNoClient || !strings.Contains(err.Error(), "client ID") {
		t.Fatalf("no client: %v", err)
	}
}

func TestBundledProviders(t *testing.T) {
	bundled := map[oauth.ProviderID]oauth.Provider{}
	for _, p := range oauth.Providers() {
		bundled[p.ID] = p
	}
	ms, ok := bundled[oauth.Microsoft]
	if !ok || ms.IMAPHost != "outlook.office365.com" || ms.IMAPPort != 993 || ms.DefaultTenant != "common" || ms.SecretRequired ||
		strings.Join(ms.Scopes, " ") != "https://outlook.office.com/IMAP.AccessAsUser.All offline_access" {
		t.Errorf("microsoft: %+v", ms)
	}
	g, ok := bundled[oauth.Google]
	if !ok || g.IMAPHost != "imap.gmail.com" || g.DeviceURL != "" || !g.SecretRequired || g.Scopes[0] != "https://mail.google.com/" {
		t.Errorf("google: %+v", g)
	}
	// One provider for each domain: a domain listed twice would be proposed
	// by whichever comes first.
	served := map[string]oauth.ProviderID{}
	for _, p := range oauth.Providers() {
		for _, d := range p.Domains {
			if other, ok := served[d]; ok {
				t.Errorf("%s is listed under %s and %s", d, other, p.ID)
			}
			served[d] = p.ID
		}
	}
	if served["yahoo.co.jp"] == "" || served["gmail.com"] != oauth.Google || served["outlook.jp"] != oauth.Microsoft {
		t.Errorf("domains: %v", served)
	}
}

func FuzzParseProviders(f *testing.F) {
	f.Add("[x]\nauth = a\ntoken = b\nscopes = s\nimap = h:1")
	f.Add("[\nimap = h:99999")
	f.Add("[y]\nimap = h:993\ndomains = y.example\nmx = .mx.y.example")
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := oauth.ParseProviders(strings.Split(s, "\n"))
		if err == nil {
			for _, p := range ps {
				if p.IMAPHost == "" || p.IMAPPort <= 0 || p.IMAPPort > 65535 {
					t.Fatalf("server %q:%d accepted", p.IMAPHost, p.IMAPPort)
				}
				if p.OAuth() && (p.TokenURL == "" || len(p.Scopes) == 0) {
					t.Fatalf("OAuth2 without token or scopes accepted: %+v", p)
				}
			}
		}
	})
}
