package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"mailsafe/app"
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
