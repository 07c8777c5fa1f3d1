package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/zalando/go-keyring"

	"mailsafe/app"
)

// placed is a control and where it is drawn in its window.
type placed struct {
	name string
	pos  fyne.Position
	size fyne.Size
}

// controlsOf lists the visible entries, selects, checks and buttons under o
// with their absolute positions (o drawn at origin).
func controlsOf(o fyne.CanvasObject, origin fyne.Position, out *[]placed) {
	if o == nil || !o.Visible() {
		return
	}
	at := origin.Add(o.Position())
	switch w := o.(type) {
	case *widget.Entry:
		*out = append(*out, placed{fmt.Sprintf("entry %q (password %v)", w.PlaceHolder, w.Password), at, o.Size()})
		return
	case *widget.Select:
		*out = append(*out, placed{"select " + w.Selected, at, o.Size()})
		return
	case *widget.Button:
		*out = append(*out, placed{"button " + w.Text, at, o.Size()})
		return
	case *widget.Check:
		*out = append(*out, placed{"check " + w.Text, at, o.Size()})
		return
	case *fyne.Container:
		for _, c := range w.Objects {
			controlsOf(c, at, out)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(w).Objects() {
			controlsOf(c, at, out)
		}
	}
}

// windowControls lists the controls of a window's content and overlays.
func windowControls(w fyne.Window) []placed {
	var out []placed
	controlsOf(w.Content(), fyne.Position{}, &out)
	for _, o := range w.Canvas().Overlays().List() {
		controlsOf(o, fyne.Position{}, &out)
	}
	return out
}

// assertFits checks that the window fits a 1024×700 screen and that every
// control lies inside it, none over another; entries must include want
// password entries at least.
func assertFits(t *testing.T, what string, w fyne.Window, wantPasswords int) {
	t.Helper()
	size := w.Canvas().Size()
	if size.Width > 1024 || size.Height > 700 {
		t.Errorf("%s: the window is %v, larger than a 1024×700 screen", what, size)
	}
	cs := windowControls(w)
	passwords := 0
	for i, c := range cs {
		if c.pos.X < 0 || c.pos.Y < 0 || c.pos.X+c.size.Width > size.Width+0.5 || c.pos.Y+c.size.Height > size.Height+0.5 {
			t.Errorf("%s: %s at %v size %v lies outside the %v window", what, c.name, c.pos, c.size, size)
		}
		if c.size.Width < 1 || c.size.Height < 1 {
			t.Errorf("%s: %s has no room (%v)", what, c.name, c.size)
		}
		for _, d := range cs[i+1:] {
			if c.pos.X < d.pos.X+d.size.Width-0.5 && d.pos.X < c.pos.X+c.size.Width-0.5 &&
				c.pos.Y < d.pos.Y+d.size.Height-0.5 && d.pos.Y < c.pos.Y+c.size.Height-0.5 {
				t.Errorf("%s: %s (%v %v) and %s (%v %v) overlap", what, c.name, c.pos, c.size, d.name, d.pos, d.size)
			}
		}
		if strings.HasSuffix(c.name, "(password true)") {
			passwords++
		}
	}
	if passwords < wantPasswords {
		t.Errorf("%s: %d password entries shown, want %d; controls: %v", what, passwords, wantPasswords, cs)
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
			keyring.MockInit()
			a := test.NewTempApp(t)
			LoadTranslations()
			s := NewSession(a, app.NewSecrets())
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
			cs := windowControls(w)
			if n := len(cs); n < 10 { // 7 entries + security + Save + Cancel
				t.Errorf("account form shows %d controls, want the 8 fields and 2 buttons: %v", n, cs)
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
