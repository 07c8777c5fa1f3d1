package ui

import (
	"context"
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
	key := []byte("mailsafe test key, 32 bytes long")
	auth := oauthtest.Start(key, dovecottest.OAuthUser, "org-client")
	defer auth.Close()
	d := dovecottest.StartOAuth2(t, dovecottest.XOAuth2, key, dovecottest.SeedMessages(3))
	keyring.MockInit()
	a := test.NewTempApp(t)
	englishSystem(t)
	LoadTranslations()
	s := NewSession(a, app.NewSecrets())
	s.Settings.SetOAuthProviders([]oauth.Provider{auth.Provider(oauth.Microsoft, "127.0.0.1", d.IMAPPort)}, nil)
	s.Settings.SetDefaultClientID(oauth.Microsoft, "org-client")
	s.browser = auth.Browser(true)
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
	defer mw.Window.Close()
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
