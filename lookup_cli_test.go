package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"mailsafe/internal/rdaptest"
)

// scan --lookup asks a (local) RDAP registry about the sender's domain and
// reports a fresh one; without --lookup nothing is asked.
func TestScanLookupFindsANewSenderDomain(t *testing.T) {
	registeredAt := time.Now().Add(-3 * 24 * time.Hour)
	registered := registeredAt.UTC().Format(time.RFC3339)
	reg := rdaptest.Start(t, rdaptest.Registry{TLDs: []string{"example"}, Domains: map[string]time.Time{"mybank-alerts.example": registeredAt}})
	asked := reg.Requests
	t.Setenv("MAILSAFE_RDAP_BOOTSTRAP", reg.BootstrapURL)

	code, out, errOut := runCLI("scan", "--json", "--lang", "en", "mailview/testdata/phish-links-attachments.eml")
	if code != 0 || strings.Contains(out, `"lookups"`) || strings.Contains(out, "new-domain") || asked() != 0 {
		t.Fatalf("without --lookup: exit %d, %d requests, lookups in output: %v\n%s", code, asked(), strings.Contains(out, `"lookups"`), errOut)
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
