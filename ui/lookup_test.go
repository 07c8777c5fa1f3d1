package ui

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"mailsafe/app"
)

// "Look up sender domain" asks a (local) registry only when tapped, and
// shows a fresh sender domain as a warning.
func TestLookUpSenderDomainOnRequest(t *testing.T) {
	englishSystem(t)
	var asked atomic.Int32
	registered := time.Now().Add(-3 * 24 * time.Hour).UTC().Format(time.RFC3339)
	rdapSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		w.Header().Set("Content-Type", "application/rdap+json")
		if strings.HasPrefix(r.URL.Path, "/rdap/ip/") {
			fmt.Fprint(w, `{"objectClassName":"ip network","startAddress":"198.51.100.0","endAddress":"198.51.100.255","name":"BULLETPROOF-NET","country":"XX"}`)
			return
		}
		if r.URL.Path != "/rdap/domain/mybank-alerts.example" {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"errorCode":404}`)
			return
		}
		fmt.Fprintf(w, `{"objectClassName":"domain","ldhName":"mybank-alerts.example","events":[{"eventAction":"registration","eventDate":"%s"}]}`, registered)
	}))
	defer rdapSrv.Close()
	boot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		if r.URL.Path == "/ipv4.json" {
			fmt.Fprintf(w, `{"version":"1.0","services":[[["198.51.100.0/24"],["%s/rdap/"]]]}`, rdapSrv.URL)
			return
		}
		fmt.Fprintf(w, `{"version":"1.0","services":[[["example"],["%s/rdap/"]]]}`, rdapSrv.URL)
	}))
	defer boot.Close()

	a := test.NewTempApp(t)
	s := NewSession(a, nil)
	s.lookup, _ = app.NewDomainLookup(boot.URL+"/", nil)
	w := s.ShowMessages("mailsafe", entriesFrom(t, "phish-links-attachments.eml"))
	p := w.sidebar.lookup
	if !p.box.Visible() {
		t.Fatal("no lookup button for a message with domains")
	}
	if asked.Load() != 0 {
		t.Fatalf("%d requests before the reader asked", asked.Load())
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
	w.message.writeReport(dir)
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("%d entries written", len(entries))
	}
	js, _ := os.ReadFile(filepath.Join(dir, entries[0].Name(), "report.json"))
	if !strings.Contains(string(js), `"lookups":[{"domain":"mybank-alerts.example"`) || !strings.Contains(string(js), `"id":"new-domain"`) {
		t.Errorf("the report lacks the lookups:\n%s", js)
	}
}
