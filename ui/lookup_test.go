package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"mailsafe/app"
	"mailsafe/internal/rdaptest"
)

// "Look up sender domain" asks a (local) registry only when tapped, and
// shows a fresh sender domain as a warning.
func TestLookUpSenderDomainOnRequest(t *testing.T) {
	englishSystem(t)
	reg := rdaptest.Start(t, rdaptest.Registry{TLDs: []string{"example"},
		Domains:  map[string]time.Time{"mybank-alerts.example": time.Now().Add(-3 * 24 * time.Hour)},
		Networks: []rdaptest.Network{{CIDR: "198.51.100.0/24", Start: "198.51.100.0", End: "198.51.100.255", Name: "BULLETPROOF-NET", Country: "XX"}}})

	a := test.NewTempApp(t)
	s := NewSession(a, nil)
	s.lookup, _ = app.NewDomainLookup(reg.BootstrapURL, nil)
	w := s.ShowMessages("mailsafe", entriesFrom(t, "phish-links-attachments.eml"), nil)
	p := w.sidebar.lookup
	if !p.box.Visible() {
		t.Fatal("no lookup button for a message with domains")
	}
	if reg.Requests() != 0 {
		t.Fatalf("%d requests before the reader asked", reg.Requests())
	}
	done := make(chan struct{})
	p.done = func() { close(done) }
	test.Tap(p.button)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the lookup did not finish")
	}
	if !strings.Contains(p.result.Text, "⚠ mybank-alerts.example was registered 3 days ago") {
		t.Errorf("lookup result:\n%s", p.result.Text)
	}
	if !strings.Contains(p.result.Text, "Originating IP 198.51.100.23: network BULLETPROOF-NET (XX)") {
		t.Errorf("the originating IP was not looked up:\n%s", p.result.Text)
	}
	if !strings.Contains(p.result.Text, "The registry has no such domain.") {
		t.Errorf("a domain the registry does not know is not explained:\n%s", p.result.Text)
	}
	// A report written now carries the lookups and the finding they gave.
	dir := t.TempDir()
	if err := writeAndWait(t, w.message, func() { w.message.writeReport(dir) }); err != nil {
		t.Fatalf("the report was not written: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("%d entries written", len(entries))
	}
	js, _ := os.ReadFile(filepath.Join(dir, entries[0].Name(), "report.json"))
	if !strings.Contains(string(js), `"lookups":[{"domain":"mybank-alerts.example"`) || !strings.Contains(string(js), `"id":"new-domain"`) {
		t.Errorf("the report lacks the lookups:\n%s", js)
	}
}
