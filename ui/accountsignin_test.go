package ui

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
	"mailsafe/app/oauth"
	"mailsafe/internal/oauthtest"
)

// signInSetup is a form over settings whose two providers are local
// authorization servers.
type signInSetup struct {
	ms, google *oauthtest.Server
	settings   *app.Settings
	secrets    *app.Secrets
}

func newSignInSetup(t *testing.T) *signInSetup {
	a := test.NewTempApp(t)
	englishSystem(t)
	LoadTranslations()
	key := []byte("mailsafe test key, 32 bytes long")
	s := &signInSetup{ms: oauthtest.Start(key, "alex@contoso.example", "ms-client"), google: oauthtest.Start(key, "alex@gmail.com", "g-client"),
		secrets: app.NewSecretsIn(oauthtest.NewKeyring())}
	t.Cleanup(s.ms.Close)
	t.Cleanup(s.google.Close)
	s.settings = app.NewSettings(a.Preferences(), s.secrets)
	google := s.google.Provider(oauth.Google, "imap.gmail.com", 993)
	google.SecretRequired = true
	s.settings.SetOAuthProviders([]oauth.Provider{s.ms.Provider(oauth.Microsoft, "outlook.office365.com", 993), google}, nil)
	s.settings.SetDefaultClientID(oauth.Microsoft, "ms-client")
	s.settings.SetDefaultClientID(oauth.Google, "g-client")
	s.settings.SetDefaultClientSecret(oauth.Google, "not-so-secret")
	return s
}

// waitFor runs what the form posts to its UI goroutine (loop) until the
// label says something with want in it.
func waitFor(t *testing.T, loop uiLoop, l *flowText, want string) {
	t.Helper()
	loop.until(t, "the form to say "+want, func() bool { return strings.Contains(l.Text(), want) })
}

func TestAccountFormSignInButtons(t *testing.T) {
	s := newSignInSetup(t)
	for _, c := range []struct {
		name   string
		srv    *oauthtest.Server
		addr   string
		button func(*accountForm) *widget.Button
		want   app.Account
	}{
		{"Microsoft", s.ms, "alex@contoso.example", func(f *accountForm) *widget.Button { return f.signInMicrosoft },
			app.Account{Email: "alex@contoso.example", Username: "alex@contoso.example", Host: "outlook.office365.com", Port: 993, Security: app.SecurityTLS,
				Auth: app.AuthOAuth2, OAuth: app.OAuthSettings{Provider: oauth.Microsoft, Tenant: "organizations"}}},
		{"Google", s.google, "alex@gmail.com", func(f *accountForm) *widget.Button { return f.signInGoogle },
			app.Account{Email: "alex@gmail.com", Username: "alex@gmail.com", Host: "imap.gmail.com", Port: 993, Security: app.SecurityTLS,
				Auth: app.AuthOAuth2, OAuth: app.OAuthSettings{Provider: oauth.Google}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			loop := newUILoop()
			var saved *app.Account
			w, f_w := newAccountWindow(fyne.CurrentApp(), "Add an account", app.Account{}, FormEnv{Settings: s.settings, Open: c.srv.Browser(true), Do: loop.post},
				func(a app.Account, password string) error {
					if password != "" {
						t.Errorf("an OAuth2 account was saved with a password")
					}
					saved = &a
					return nil
				}, nil)
			f := f_w
			test.Type(f.email, c.addr)
			if c.name == "Microsoft" {
				f.setMethod(oauth.Microsoft) // the tenant is Microsoft's: typed once it is chosen
				test.Type(f.tenant, "organizations")
			}
			test.Tap(c.button(f))
			waitFor(t, loop, f.status, "Signed in as "+c.addr)
			if c.srv.Count("code") != 1 {
				t.Fatalf("%d code exchanges", c.srv.Count("code"))
			}
			sentSecret := c.srv.LastTokenForm().Get("client_secret")
			if (c.name == "Google") != (sentSecret == "not-so-secret") {
				t.Errorf("client_secret %q sent to %s", sentSecret, c.name)
			}
			tapButton(t, w.Content(), "Save")
			if saved == nil || *saved != c.want {
				t.Fatalf("saved %+v, want %+v", saved, c.want)
			}
			rt, err := s.secrets.RefreshToken(*saved)
			if err != nil || !c.srv.IsLive(rt) {
				t.Fatalf("refresh token in the keyring: %q %v", rt, err)
			}
		})
	}
}

// Refused consent, and a computer without a browser (the device code).
func TestAccountFormSignInFailuresInWords(t *testing.T) {
	s := newSignInSetup(t)
	loop := newUILoop()
	_, f_w := newAccountWindow(fyne.CurrentApp(), "Add an account", app.Account{}, FormEnv{Settings: s.settings, Open: s.ms.Browser(false), Do: loop.post},
		func(app.Account, string) error { return nil }, nil)
	f := f_w
	test.Type(f.email, "alex@contoso.example")
	test.Tap(f.signInMicrosoft)
	waitFor(t, loop, f.status, "Permission to read mail was not given")
	waitFor(t, loop, f.status, "User declined to consent") // the provider's own words are kept

	w2, f_w2 := newAccountWindow(fyne.CurrentApp(), "Add an account", app.Account{}, FormEnv{Settings: s.settings,
		Open: func(*url.URL) error { return errors.New("xdg-open: no browser") }, Do: loop.post},
		func(app.Account, string) error { return nil }, nil)
	f2 := f_w2
	test.Type(f2.email, "alex@contoso.example")
	test.Tap(f2.signInMicrosoft)
	waitFor(t, loop, f2.status, "type the code")
	text := f2.status.Text()
	code := text[strings.LastIndex(text, " ")+1 : len(text)-1]
	if err := s.ms.ApproveDevice(code); err != nil {
		t.Fatalf("code %q from %q: %v", code, text, err)
	}
	waitFor(t, loop, f2.status, "Signed in as alex@contoso.example")
	signedIn, _ := f2.account()
	if _, err := s.secrets.RefreshToken(signedIn); err != nil {
		t.Fatalf("the sign-in was not stored: %v", err)
	}
	// Closed without saving: the sign-in of an account never added goes.
	w2.Close()
	loop.until(t, "the unsaved sign-in forgotten", func() bool {
		_, err := s.secrets.RefreshToken(signedIn)
		return errors.Is(err, oauth.ErrNoRefreshToken)
	})
}

// The table's proposal fills the form as the address is typed.
func TestAccountFormProposesFromTheAddress(t *testing.T) {
	s := newSignInSetup(t)
	_, f_w := newAccountWindow(fyne.CurrentApp(), "Add an account", app.Account{}, FormEnv{Settings: s.settings}, func(app.Account, string) error { return nil }, nil)
	f := f_w
	test.Type(f.email, "taro@yahoo.co.jp")
	if a, _ := f.account(); a.Host != "imap.mail.yahoo.co.jp" || a.Port != 993 || a.Security != app.SecurityTLS || a.Auth != app.AuthPassword {
		t.Fatalf("proposed %+v", a)
	}
	f.email.SetText("")
	test.Type(f.email, "taro@outlook.jp")
	if a, _ := f.account(); a.Host != "outlook.office365.com" || a.Auth != app.AuthOAuth2 || a.OAuth.Provider != oauth.Microsoft {
		t.Fatalf("proposed %+v", a)
	}
	// What the reader typed is theirs: a later proposal does not replace it.
	f.host.SetText("imap.example.net")
	f.email.SetText("")
	test.Type(f.email, "x@gmail.com")
	if a, _ := f.account(); a.Host != "imap.example.net" {
		t.Fatalf("the reader's server was replaced: %+v", a)
	}
}

// Looking up asks first, naming the domain as it will be looked up.
func TestAccountFormLookUpNamesTheDomainLookedUp(t *testing.T) {
	s := newSignInSetup(t)
	w, f := newAccountWindow(fyne.CurrentApp(), "Add an account", app.Account{}, FormEnv{Settings: s.settings}, func(app.Account, string) error { return nil }, nil)
	defer w.Close()
	test.Type(f.email, "alex@Small.Example.")
	test.Tap(f.lookUp)
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no consent was asked")
	}
	if said := renderedText(top); !strings.Contains(said, "autoconfig.small.example,") || strings.Contains(said, "Small.Example") {
		t.Fatalf("the consent says %q", said)
	}
}
