package ui

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/zalando/go-keyring"

	"mailsafe/app"
	"mailsafe/app/oauth"
	"mailsafe/internal/dovecottest"
	"mailsafe/internal/oauthtest"
)

// A revoked sign-in, against a real Dovecot that takes only OAuth2: the
// window says so in words and offers "Sign in with …"; signing in again
// in the browser connects the same window.
func TestRevokedSignInAsksToSignInAgainAgainstDovecot(t *testing.T) {
	auth, mw := revokedOAuthWindow(t, true)
	prompt := func() fyne.CanvasObject { return mw.Window.Canvas().Overlays().Top() }
	eventually(t, mw, "a sign-in-again dialog over the window", func() bool { return prompt() != nil })
	said := renderedText(prompt())
	if !strings.Contains(said, "expired or was revoked") || !strings.Contains(said, "AADSTS50173") {
		t.Errorf("the revocation is not said in words with the provider's text: %q", said)
	}
	tapButton(t, prompt(), "Sign in with Test Identity")
	eventually(t, mw, "the same window connected and listing", func() bool { return len(mw.envs()) == 3 })
	if auth.Count("code") != 2 {
		t.Errorf("%d sign-ins, want the first and the one asked for", auth.Count("code"))
	}
}

// Where no browser can be opened, signing in again shows the code to type
// on another device, as the first sign-in does; once it is typed there,
// the same window connects.
func TestSignInAgainWithoutABrowserShowsADeviceCode(t *testing.T) {
	auth, mw := revokedOAuthWindow(t, false)
	prompt := func() fyne.CanvasObject { return mw.Window.Canvas().Overlays().Top() }
	eventually(t, mw, "a sign-in-again dialog over the window", func() bool { return prompt() != nil })
	tapButton(t, prompt(), "Sign in with Test Identity")
	var said string
	eventually(t, mw, "the device code in the dialog", func() bool {
		said = renderedText(prompt())
		return strings.Contains(said, "type the code")
	})
	line := said[strings.Index(said, "No browser could be opened"):]
	line = line[:strings.Index(line, ".\n")+1]
	if i := strings.Index(said, "type the code "); i < 0 || !strings.Contains(line, auth.URL+"/device") {
		t.Fatalf("the dialog says %q", said)
	}
	code := strings.TrimSuffix(line[strings.LastIndex(line, " ")+1:], ".")
	if err := auth.ApproveDevice(code); err != nil {
		t.Fatalf("code %q from %q: %v", code, line, err)
	}
	eventually(t, mw, "the same window connected and listing", func() bool { return len(mw.envs()) == 3 })
	if auth.Count("device") != 1 {
		t.Errorf("%d device sign-ins, want the one asked for", auth.Count("device"))
	}
	if prompt() != nil {
		t.Errorf("the sign-in dialog stays after signing in: %q", renderedText(prompt()))
	}
}

// revokedOAuthWindow opens, against a real Dovecot that takes only
// OAuth2, an account whose sign-in the provider revoked; browser says
// whether a browser opens when the reader signs in again.
func revokedOAuthWindow(t *testing.T, browser bool) (*oauthtest.Server, *testWindow) {
	t.Helper()
	key := []byte("mailsafe test key, 32 bytes long")
	auth := oauthtest.Start(key, dovecottest.OAuthUser, "org-client")
	t.Cleanup(auth.Close)
	d := dovecottest.StartOAuth2(t, dovecottest.XOAuth2, key, dovecottest.SeedMessages(3))
	keyring.MockInit()
	a := test.NewTempApp(t)
	englishSystem(t)
	LoadTranslations()
	s := NewSession(a, app.NewSecrets())
	s.Settings.SetOAuthProviders([]oauth.Provider{auth.Provider(oauth.Microsoft, "127.0.0.1", d.IMAPPort)}, nil)
	s.Settings.SetDefaultClientID(oauth.Microsoft, "org-client")
	s.browser = auth.Browser(true)
	if !browser {
		s.browser = func(*url.URL) error { return errors.New("xdg-open: no browser") }
	}
	acct := app.Account{Email: dovecottest.OAuthUser, Username: dovecottest.OAuthUser, Host: "127.0.0.1", Port: d.IMAPPort, Security: app.SecurityNone,
		Auth: app.AuthOAuth2, OAuth: app.OAuthSettings{Provider: oauth.Microsoft}}
	if err := s.Settings.SaveAccount(acct, ""); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := s.Settings.SignIn(ctx, acct, auth.Browser(true), nil, oauth.Page{}); err != nil {
		t.Fatal(err)
	}
	auth.RevokeAll() // e.g. the administrator revoked the sessions

	loop := newUILoop()
	s.do = loop.post
	var opened *MailboxWindow
	s.openAccount(nil, acct, "", func(w *MailboxWindow) { opened = w })
	loop.until(t, "the account opened", func() bool { return opened != nil })
	mw := &testWindow{opened, loop}
	t.Cleanup(mw.Window.Close)
	return auth, mw
}
