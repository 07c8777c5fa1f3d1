package ui

import (
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/zalando/go-keyring"

	"mailsafe/app"
)

// gatedKeyring is a keyring in memory whose calls wait while its gate is
// shut, as a locked keyring waits for the reader to unlock it.
type gatedKeyring struct {
	entered chan string // each call says it has started
	mu      sync.Mutex
	gate    chan struct{} // closed: calls go through
	m       map[string]string
}

func newGatedKeyring() *gatedKeyring {
	return &gatedKeyring{gate: make(chan struct{}), entered: make(chan string, 16), m: map[string]string{}}
}

// shut makes the next calls wait; open lets them through.
func (k *gatedKeyring) shut() {
	k.mu.Lock()
	defer k.mu.Unlock()
	select {
	case <-k.gate:
		k.gate = make(chan struct{})
	default: // already shut
	}
}

func (k *gatedKeyring) open() {
	k.mu.Lock()
	defer k.mu.Unlock()
	select {
	case <-k.gate:
	default:
		close(k.gate)
	}
}

func (k *gatedKeyring) wait(op string) {
	k.entered <- op
	k.mu.Lock()
	gate := k.gate
	k.mu.Unlock()
	<-gate
}

func (k *gatedKeyring) Get(service, user string) (string, error) {
	k.wait("get")
	k.mu.Lock()
	defer k.mu.Unlock()
	p, ok := k.m[service+"/"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return p, nil
}

func (k *gatedKeyring) Set(service, user, password string) error {
	k.wait("set")
	k.mu.Lock()
	defer k.mu.Unlock()
	k.m[service+"/"+user] = password
	return nil
}

func (k *gatedKeyring) Delete(service, user string) error {
	k.wait("delete")
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.m, service+"/"+user)
	return nil
}

// formEntries are the entries of the open account form, by what they hold.
func formEntries(t *testing.T, o fyne.CanvasObject) (email, host, authServ, password *widget.Entry) {
	t.Helper()
	walkObjects(o, func(o fyne.CanvasObject) {
		e, ok := o.(*widget.Entry)
		if !ok {
			return
		}
		switch {
		case e.Password:
			password = e
		case e.PlaceHolder == "you@example.com":
			email = e
		case e.PlaceHolder == "imap.example.com":
			host = e
		case e.PlaceHolder == "mx.example.com":
			authServ = e
		}
	})
	if email == nil || host == nil || authServ == nil || password == nil {
		t.Fatalf("the account form lacks an entry:\n%s", renderedText(o))
	}
	return
}

// tapOff taps a button on another goroutine and fails when the tap does not
// return at once: what it starts must not run on the caller's goroutine.
func tapOff(t *testing.T, o fyne.CanvasObject, text string) {
	t.Helper()
	var b *widget.Button
	walkObjects(o, func(o fyne.CanvasObject) {
		if x, ok := o.(*widget.Button); ok && x.Text == text && b == nil {
			b = x
		}
	})
	if b == nil {
		t.Fatalf("no button %q in:\n%s", text, renderedText(o))
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		test.Tap(b)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("tapping %q waited for the keyring on the caller's goroutine", text)
	}
}

// The account form has the trusted authentication server (authserv-id):
// what is typed is saved with the account, shown in its row and in the form
// again; a value that cannot be an authserv-id is refused, and the form comes
// back with it.
func TestSettingsFormSavesAndShowsAuthServID(t *testing.T) {
	englishSystem(t)
	keyring.MockInit()
	a := test.NewTempApp(t)
	LoadTranslations()
	settings := app.NewSettings(a.Preferences(), app.NewSecrets())
	acct := app.Account{Email: "kim@example.org", Host: "mail.example.org", Port: 993, Security: app.SecurityTLS, Username: "kim"}
	if err := settings.SaveAccount(acct, "secret"); err != nil {
		t.Fatal(err)
	}
	sw := NewSettingsWindow(a, settings, NewLanguages(), nil)
	loop := newUILoop()
	sw.do = loop.post
	sw.Window.Show()
	overlay := func() fyne.CanvasObject { return sw.Window.Canvas().Overlays().Top() }

	tapButton(t, sw.Window.Content(), "Edit…")
	form := overlay()
	shown := renderedText(form)
	walkObjects(form, func(o fyne.CanvasObject) { // the form's labels and hints
		if c, ok := o.(*canvas.Text); ok {
			shown += "\n" + c.Text
		}
	})
	for _, want := range []string{"Trusted authentication server (authserv-id)", "Optional, e.g. mx.example.com", "Authentication-Results", "only the topmost header"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the form lacks %q:\n%s", want, shown)
		}
	}
	_, _, authServ, _ := formEntries(t, form)
	if authServ.Text != "" {
		t.Errorf("an authserv-id shown before one was set: %q", authServ.Text)
	}
	authServ.SetText("  mx.example.org ")
	tapButton(t, form, "Save")
	loop.until(t, "the account saved", func() bool { return overlay() == nil })
	if list, _ := settings.Accounts(); len(list) != 1 || list[0].AuthServID != "mx.example.org" {
		t.Fatalf("stored: %+v", list)
	}
	if text := renderedText(sw.Window.Content()); !strings.Contains(text, "Trusted authentication server: mx.example.org") {
		t.Errorf("the account row does not show it:\n%s", text)
	}
	if r := app.ReaderFor(mustFirst(t, settings), nil, false); len(r.AuthServIDs) != 1 || r.AuthServIDs[0] != "mx.example.org" {
		t.Errorf("the analysis does not trust it: %+v", r.AuthServIDs)
	}

	// The form shows the stored value; a bad one is refused and comes back.
	tapButton(t, sw.Window.Content(), "Edit…")
	_, _, authServ, _ = formEntries(t, overlay())
	if authServ.Text != "mx.example.org" {
		t.Errorf("the form shows %q", authServ.Text)
	}
	authServ.SetText("mx.example.org; dmarc=pass")
	tapButton(t, overlay(), "Save")
	loop.until(t, "the error shown", func() bool {
		return overlay() != nil && strings.Contains(renderedText(overlay()), "without spaces or semicolons")
	})
	tapButton(t, overlay(), "OK")
	_, _, authServ, _ = formEntries(t, overlay()) // the form is back
	if authServ.Text != "mx.example.org; dmarc=pass" {
		t.Errorf("the form came back with %q", authServ.Text)
	}
	if got := mustFirst(t, settings).AuthServID; got != "mx.example.org" {
		t.Errorf("the refused value changed the account: %q", got)
	}
}

func mustFirst(t *testing.T, s *app.Settings) app.Account {
	t.Helper()
	list, err := s.Accounts()
	if err != nil || len(list) == 0 {
		t.Fatalf("accounts %v %v", list, err)
	}
	return list[0]
}

// Adding, editing and removing an account and forgetting a certificate use
// the keyring (or the settings) off the UI goroutine: with the keyring
// blocked the tap returns at once and progress is shown; when the keyring
// answers, the window shows the result.
func TestSettingsKeyringDoesNotBlockTheCaller(t *testing.T) {
	englishSystem(t)
	a := test.NewTempApp(t)
	LoadTranslations()
	kr := newGatedKeyring()
	t.Cleanup(kr.open) // nothing left waiting
	settings := app.NewSettings(a.Preferences(), app.NewSecretsIn(kr))
	sw := NewSettingsWindow(a, settings, NewLanguages(), nil)
	loop := newUILoop()
	sw.do = loop.post
	sw.Window.Show()
	overlay := func() fyne.CanvasObject { return sw.Window.Canvas().Overlays().Top() }

	// Add: the password goes to the blocked keyring.
	tapButton(t, sw.Window.Content(), "Add an account…")
	email, host, _, password := formEntries(t, overlay())
	email.SetText("lee@example.net")
	host.SetText("imap.example.net")
	password.SetText("lee's secret")
	tapOff(t, overlay(), "Save")
	if op := <-kr.entered; op != "set" {
		t.Fatalf("keyring call %q, want set", op)
	}
	if text := renderedText(overlay()); !strings.Contains(text, "Saving the account…") {
		t.Errorf("no progress while the keyring waits:\n%s", text)
	}
	kr.open()
	loop.until(t, "the account saved", func() bool { return overlay() == nil })
	if !strings.Contains(renderedText(sw.Window.Content()), "lee@example.net") {
		t.Errorf("the new account is not listed:\n%s", renderedText(sw.Window.Content()))
	}
	if p, err := app.NewSecretsIn(kr).Password(app.Account{Host: "imap.example.net", Username: "lee@example.net"}); err != nil || p != "lee's secret" {
		t.Errorf("keyring holds %q %v", p, err)
	}
	drain := func() {
		for len(kr.entered) > 0 {
			<-kr.entered
		}
	}
	drain()

	// Edit with a new password: stored off the caller's goroutine too.
	kr.shut()
	tapButton(t, sw.Window.Content(), "Edit…")
	_, _, _, password = formEntries(t, overlay())
	password.SetText("new secret")
	tapOff(t, overlay(), "Save")
	if op := <-kr.entered; op != "set" {
		t.Fatalf("keyring call %q, want set", op)
	}
	if text := renderedText(overlay()); !strings.Contains(text, "Saving the account…") {
		t.Errorf("no progress while the keyring waits:\n%s", text)
	}
	kr.open()
	loop.until(t, "the account saved", func() bool { return overlay() == nil })
	drain()

	// Remove: the keyring entry is deleted off the caller's goroutine.
	kr.shut()
	tapButton(t, sw.Window.Content(), "Remove…")
	tapOff(t, overlay(), "Yes")
	if op := <-kr.entered; op != "delete" {
		t.Errorf("keyring call %q, want delete", op)
	}
	if text := renderedText(overlay()); !strings.Contains(text, "Removing the account…") {
		t.Errorf("no progress while the keyring waits:\n%s", text)
	}
	kr.open()
	loop.until(t, "the account removed", func() bool { return overlay() == nil })
	if list, _ := settings.Accounts(); len(list) != 0 {
		t.Errorf("after remove: %+v", list)
	}
}
