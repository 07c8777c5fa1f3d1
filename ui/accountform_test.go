package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"mailsafe/app"
	"mailsafe/app/oauth"
)

// The form's security choice survives a language change while it is open.
func TestAccountFormSecurityIsKeptAcrossLanguages(t *testing.T) {
	englishSystem(t)
	test.NewTempApp(t)
	l := NewLanguages()
	l.Apply(app.LanguageEnglish)
	f := newAccountForm(app.Account{Host: "127.0.0.1", Port: 143, Username: "u", Security: app.SecurityNone})
	l.Apply(app.LanguageJapanese) // changed in the settings window while the form is open
	if a, _ := f.account(); a.Security != app.SecurityNone {
		t.Errorf("security after a language change = %q, want none", a.Security)
	}
	f.security.SetSelectedIndex(1)
	if a, _ := f.account(); a.Security != app.SecurityStartTLS {
		t.Errorf("STARTTLS chosen, form gives %q", a.Security)
	}
}

// Where the password is kept is said once, under the password (it was
// also the row's one-line hint, cut at the window's edge); signing in with
// a provider says what the client ID and tenant are instead.
func TestAccountFormSaysOnceWhereThePasswordIsKept(t *testing.T) {
	a := test.NewTempApp(t)
	englishSystem(t)
	LoadTranslations()
	w, f := newAccountWindow(a, "Add an account", app.Account{}, FormEnv{NoKeyring: true}, func(app.Account, string) error { return nil }, nil)
	defer w.Close()
	said := func(text string) int {
		n := strings.Count(visibleText(w.Content()), text)
		for _, it := range f.form.Items {
			n += strings.Count(it.HintText, text)
		}
		return n
	}
	password, clientID := passwordHint(true), lang.L("form.clientid.hint")
	if n := said(password); n != 1 || said(clientID) != 0 {
		t.Fatalf("password sign-in: %q said %d times, the client ID's hint %d", password, n, said(clientID))
	}
	f.setMethod(oauth.Microsoft)
	if said(password) != 0 || said(clientID) != 1 {
		t.Fatalf("Microsoft sign-in: the password's hint said %d times, the client ID's %d", said(password), said(clientID))
	}
}
