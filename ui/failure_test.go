package ui

import (
	"net"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"mailsafe/app"
	"mailsafe/internal/proxytest"
	"mailsafe/internal/rdaptest"
)

// deadProxy is a proxy setting for a loopback port nothing listens on.
func deadProxy(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

func loadAndWait(t *testing.T, mv *messageView) {
	t.Helper()
	done := make(chan struct{})
	mv.onLoaded = func() { close(done) }
	test.Tap(mv.keepBtn)
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the load did not finish")
	}
}

// rawWords are what the network library says, kept out of the sentences.
var rawWords = []string{"dial tcp", "proxyconnect", "connect: connection refused", "no such host", "Get \""}

// A proxy that is not running is named once, at the top of the load
// result; each image's placeholder says one short sentence and no raw error.
func TestDeadProxyIsNamedOnceAboveTheImages(t *testing.T) {
	englishSystem(t)
	a := test.NewTempApp(t)
	s := NewSession(a, nil)
	proxy := deadProxy(t)
	if err := s.Settings.SetProxy(proxy); err != nil {
		t.Fatal(err)
	}
	w := s.ShowMessages("mailsafe", entriesFrom(t, "marketing-newsletter.eml"), &app.HTTPLoader{})
	mv := w.message
	loadAndWait(t, mv)

	want := "The proxy at " + proxy + " is not answering: nothing was loaded; no image went direct."
	shown := visibleText(mv.root)
	if n := strings.Count(shown, want); n != 1 {
		t.Errorf("the proxy line appears %d times, want once; the pane shows:\n%s", n, shown)
	}
	if !mv.proxyLine.Visible() || !strings.Contains(visibleText(mv.proxyLine), want) {
		t.Errorf("no proxy line at the top of the load result: %q", visibleText(mv.proxyLine))
	}
	if n := strings.Count(shown, "is not answering"); n != 1 {
		t.Errorf("the proxy failure is repeated %d times:\n%s", n, shown)
	}
	slot := visibleText(mv.slots["https://cdn.brewbean.example/img/logo.png"])
	if slot != "Image not loaded: the proxy failed (see above)." {
		t.Errorf("the logo's placeholder says %q", slot)
	}
	for _, raw := range rawWords {
		if strings.Contains(shown, raw) {
			t.Errorf("the pane shows the raw error %q:\n%s", raw, shown)
		}
	}
}

// Without a proxy, an image whose server name does not exist says so in
// one sentence; the network library's words are folded under Details.
func TestMissingImageHostSaysCouldNotBeFound(t *testing.T) {
	englishSystem(t)
	a := test.NewTempApp(t)
	LoadTranslations()
	w := NewMainWindow(a, "mailsafe", entriesFrom(t, "marketing-newsletter.eml"), PaneOptions{Loader: &app.HTTPLoader{}})
	mv := w.message
	loadAndWait(t, mv)
	slotObj := mv.slots["https://cdn.brewbean.example/img/logo.png"]
	slot := visibleText(slotObj)
	if !strings.HasPrefix(slot, "Image not loaded: The server cdn.brewbean.example could not be found.") {
		t.Errorf("the logo's placeholder says %q", slot)
	}
	if strings.Count(slot, "could not be found") != 1 {
		t.Errorf("the sentence is repeated: %q", slot)
	}
	for _, raw := range rawWords {
		if strings.Contains(slot, raw) {
			t.Errorf("the placeholder shows the raw error %q: %q", raw, slot)
		}
	}
	// The detail is there, folded.
	if all := renderedText(slotObj); !strings.Contains(all, "Details") || !strings.Contains(all, "cdn.brewbean.example") || len(all) <= len(slot) {
		t.Errorf("no folded detail: %q", all)
	}
	if s := visibleText(mv.root); strings.Contains(s, "proxy") {
		t.Errorf("a direct load speaks of a proxy:\n%s", s)
	}
}

// "Look up sender domain" goes through the proxy set in Settings and says
// so; a dead proxy is named once and nothing goes direct.
func TestLookupGoesThroughTheProxyAndSaysSo(t *testing.T) {
	englishSystem(t)
	reg := rdaptest.Start(t, rdaptest.Registry{TLDs: []string{"example"},
		Domains: map[string]time.Time{"mybank-alerts.example": time.Now().Add(-3 * 24 * time.Hour)}})
	fwd := proxytest.Start(t)
	proxy, forwarded := fwd.URL, fwd.Count
	a := test.NewTempApp(t)
	s := NewSession(a, nil)
	s.lookup, _ = app.NewDomainLookup(reg.BootstrapURL, nil)
	if err := s.Settings.SetProxy(proxy); err != nil {
		t.Fatal(err)
	}
	w := s.ShowMessages("mailsafe", entriesFrom(t, "phish-links-attachments.eml"), nil)
	p := w.sidebar.lookup
	run := func() {
		done := make(chan struct{})
		p.done = func() { close(done) }
		test.Tap(p.button)
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("the lookup did not finish")
		}
	}
	if !strings.Contains(p.route.Text, "Asked through the proxy "+proxy) {
		t.Errorf("the panel does not say the lookups go through the proxy: %q", p.route.Text)
	}
	run()
	if forwarded() == 0 || forwarded() != reg.Requests() {
		t.Errorf("the proxy forwarded %d requests, the registry answered %d", forwarded(), reg.Requests())
	}
	if !strings.Contains(p.result.Text, "mybank-alerts.example was registered 3 days ago") {
		t.Errorf("lookup through the proxy:\n%s", p.result.Text)
	}

	// The proxy stops: one line names it, the registry hears nothing.
	before := reg.Requests()
	dead := deadProxy(t)
	s.Settings.SetProxy(dead)
	p.lookup, _ = app.NewDomainLookup(reg.BootstrapURL, nil) // a fresh cache: the answers above are not reused
	p.show(p.view)
	run()
	text := p.result.Text
	if n := strings.Count(text, "The proxy at "+dead+" is not answering"); n != 1 {
		t.Errorf("the dead proxy is named %d times:\n%s", n, text)
	}
	if reg.Requests() != before {
		t.Errorf("%d lookups went around the dead proxy", reg.Requests()-before)
	}
	for _, raw := range rawWords {
		if strings.Contains(text, raw) {
			t.Errorf("the lookup result shows the raw error %q:\n%s", raw, text)
		}
	}
	if len(p.details.Objects) == 0 {
		t.Errorf("the technical detail is not kept under Details")
	}
	s.Settings.SetProxy("")
	p.show(p.view)
	if !strings.Contains(p.route.Text, "Asked directly from this computer") {
		t.Errorf("without a proxy the panel says %q", p.route.Text)
	}
}
