package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// scan --lookup asks a (local) RDAP registry about the sender's domain and
// reports a fresh one; without --lookup nothing is asked.
func TestScanLookupFindsANewSenderDomain(t *testing.T) {
	var asked atomic.Int32
	registered := time.Now().Add(-3 * 24 * time.Hour).UTC().Format(time.RFC3339)
	rdapSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		w.Header().Set("Content-Type", "application/rdap+json")
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
		fmt.Fprintf(w, `{"version":"1.0","services":[[["example"],["%s/rdap/"]]]}`, rdapSrv.URL)
	}))
	defer boot.Close()
	t.Setenv("MAILSAFE_RDAP_BOOTSTRAP", boot.URL+"/")

	code, out, errOut := runCLI("scan", "--json", "--lang", "en", "mailview/testdata/phish-links-attachments.eml")
	if code != 0 || strings.Contains(out, `"lookups"`) || strings.Contains(out, "new-domain") || asked.Load() != 0 {
		t.Fatalf("without --lookup: exit %d, %d requests, lookups in output: %v\n%s", code, asked.Load(), strings.Contains(out, `"lookups"`), errOut)
	}

	code, out, errOut = runCLI("scan", "--json", "--lookup", "--lang", "en", "mailview/testdata/phish-links-attachments.eml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rec := jsonLines(t, out)[0]
	var found bool
	for _, f := range rec["findings"].([]any) {
		f := f.(map[string]any)
		if f["id"] == "new-domain" {
			found = true
			if f["severity"] != "danger" || !strings.Contains(fmt.Sprint(f["evidence"]), registered[:10]) {
				t.Errorf("new-domain finding: %v", f)
			}
		}
	}
	if !found {
		t.Errorf("no new-domain finding for a 3-day-old sender domain:\n%s", out)
	}
	lookups := fmt.Sprint(rec["lookups"])
	if !strings.Contains(lookups, "mybank-alerts.example") || !strings.Contains(lookups, "not found") {
		t.Errorf("lookups: %s", lookups)
	}
}
