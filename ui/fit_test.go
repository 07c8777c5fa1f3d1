package ui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"mailsafe/app"
)

// windowControls lists the controls and texts of a window's content and
// overlays, where they are drawn (see fitItems).
func windowControls(w fyne.Window) []fitItem {
	var out []fitItem
	scopes := 0
	fitItems(w.Content(), fyne.Position{}, fitItem{viewSize: w.Canvas().Size()}, &scopes, &out)
	for _, o := range w.Canvas().Overlays().List() {
		fitItems(o, fyne.Position{}, fitItem{viewSize: w.Canvas().Size()}, &scopes, &out)
	}
	return out
}

// assertFits is assertAllFit, with at least wantPasswords password entries shown.
func assertFits(t *testing.T, what string, w fyne.Window, wantPasswords int) {
	t.Helper()
	assertAllFit(t, what, w)
	passwords := 0
	for _, c := range windowControls(w) {
		if strings.HasSuffix(c.name, "(password true)") {
			passwords++
		}
	}
	if passwords < wantPasswords {
		t.Errorf("%s: %d password entries shown, want %d", what, passwords, wantPasswords)
	}
}

// windowWith finds the open window whose controls include a password entry.
func windowWith(a fyne.App) fyne.Window {
	for _, w := range a.Driver().AllWindows() {
		for _, c := range windowControls(w) {
			if strings.HasSuffix(c.name, "(password true)") {
				return w
			}
		}
	}
	return nil
}

// The first run's "Add an account" shows every field and button of the
// account form, inside a window that fits 1024×700, nothing drawn over
// anything else.
func TestFirstRunAccountFormFitsAt1024x700(t *testing.T) {
	for _, language := range []string{app.LanguageEnglish, app.LanguageJapanese} {
		t.Run(language, func(t *testing.T) {
			a := test.NewTempApp(t)
			LoadTranslations()
			// No keyring: the form's longest note, where the password is kept.
			s := NewSession(a, app.NewSecretsIn(noKeyring{}))
			s.Languages.Apply(language)
			t.Cleanup(func() { s.Languages.Apply(app.LanguageSystem); LoadTranslations() })
			loop := newUILoop()
			s.do = loop.post
			s.Start()
			loop.drain()
			var welcome fyne.Window
			for _, w := range a.Driver().AllWindows() {
				for _, c := range windowControls(w) {
					if c.name == "button "+lang.L("Add an account") {
						welcome = w
					}
				}
			}
			if welcome == nil {
				t.Fatal("no first-run window")
			}
			tapButton(t, welcome.Content(), lang.L("Add an account"))
			loop.drain()
			w := windowWith(a)
			if w == nil {
				t.Fatal("no window shows the account form's password entry")
			}
			assertFits(t, "account form", w, 1)
			var controls []string
			for _, c := range windowControls(w) {
				if !c.text && c.scope > 0 || strings.HasPrefix(c.name, "button") {
					controls = append(controls, c.name)
				}
			}
			if n := len(controls); n < 10 { // 7 entries + security + Save + Cancel
				t.Errorf("account form shows %d controls, want the 8 fields and 2 buttons: %v", n, controls)
			}
			if text := visibleText(w.Content()); !strings.Contains(text, lang.L("form.password.session")) {
				t.Errorf("the form does not say the password is kept for the session only:\n%s", text)
			}
		})
	}
}

// Without a keyring, the password prompt at start shows its text, its
// entry and its buttons without overlap, in a window that fits 1024×700.
func TestPasswordPromptFitsAt1024x700(t *testing.T) {
	for _, language := range []string{app.LanguageEnglish, app.LanguageJapanese} {
		t.Run(language, func(t *testing.T) {
			a := test.NewTempApp(t)
			LoadTranslations()
			s := NewSession(a, app.NewSecretsIn(noKeyring{}))
			s.Languages.Apply(language)
			t.Cleanup(func() { s.Languages.Apply(app.LanguageSystem); LoadTranslations() })
			loop := newUILoop()
			s.do = loop.post
			s.openAccount(nil, app.Account{Email: "alex@example.org", Host: "imap.example.org", Port: 993, Username: "alex", Security: app.SecurityTLS}, "", nil)
			loop.until(t, "the password prompt", func() bool { return windowWith(a) != nil })
			assertFits(t, "password prompt", windowWith(a), 1)
		})
	}
}

// noKeyring is a system without a keyring: every call fails.
type noKeyring struct{}

var errNoService = errors.New("The name org.freedesktop.secrets was not provided by any .service files")

func (noKeyring) Get(string, string) (string, error) { return "", errNoService }
func (noKeyring) Set(string, string, string) error   { return errNoService }
func (noKeyring) Delete(string, string) error        { return errNoService }
