package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"mailsafe/internal/rdaptest"
	"mailsafe/mailview/check"
)

func TestDomainLookupFindsNewDomains(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	reg := rdaptest.Start(t, rdaptest.Registry{TLDs: []string{"example", "test"}, Domains: map[string]time.Time{
		"supp1ier-co.example": now.Add(-5 * 24 * time.Hour),
		"fresh.example":       now.Add(-20 * 24 * time.Hour),
		"acme-corp.example":   time.Date(2009, 3, 14, 0, 0, 0, 0, time.UTC),
	}, Broken: []string{"broken.example"}, Slow: []string{"slow.example"}})
	hits := reg.Asked
	l, err := NewDomainLookup(reg.BootstrapURL, &http.Client{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	l.now = func() time.Time { return now }
	l.whois = map[string]string{} // no WHOIS fallback here: .jp stays unanswered
	ctx := context.Background()

	for _, c := range []struct {
		domain string
		sev    check.Severity // "" for no finding
	}{
		{"supp1ier-co.example", check.SeverityDanger},
		{"fresh.example", check.SeverityWarn},
		{"acme-corp.example", ""},
	} {
		info, err := l.Domain(ctx, c.domain)
		if err != nil {
			t.Fatalf("%s: %v", c.domain, err)
		}
		if info.Registrar != "Example Registrar, Inc." || len(info.Status) != 1 {
			t.Errorf("%s: registrar %q status %v", c.domain, info.Registrar, info.Status)
		}
		f, ok := NewDomainFinding(info, now)
		switch {
		case c.sev == "" && ok:
			t.Errorf("%s (registered %s) gave a finding", c.domain, info.Registered)
		case c.sev != "" && (!ok || f.Severity != c.sev || f.ID != FindingNewDomain):
			t.Errorf("%s: finding %+v %v, want %s", c.domain, f, ok, c.sev)
		case ok && !strings.Contains(strings.Join(f.Evidence, " "), info.Registered.Format("2006-01-02")):
			t.Errorf("%s: the evidence lacks the date: %v", c.domain, f.Evidence)
		}
	}
	// A second question within the day is answered from the cache.
	l.Domain(ctx, "supp1ier-co.example")
	if n := hits("supp1ier-co.example"); n != 1 {
		t.Errorf("asked the registry %d times within a day", n)
	}
	l.now = func() time.Time { return now.Add(25 * time.Hour) }
	l.Domain(ctx, "supp1ier-co.example")
	if n := hits("supp1ier-co.example"); n != 2 {
		t.Errorf("a day later the registry was asked %d times in all, want 2", n)
	}

	// Failures say why.
	for domain, want := range map[string]error{"nosuch.example": ErrDomainNotFound, "broken.example": ErrRegistryDown,
		"slow.example": ErrRegistryDown, "shop.jp": ErrNoRDAP} {
		_, err := l.Domain(ctx, domain)
		if !errors.Is(err, want) || !strings.Contains(err.Error(), domain) {
			t.Errorf("%s: %v, want %v naming the domain", domain, err, want)
		}
	}
}

func TestRegistrableDomain(t *testing.T) {
	for in, want := range map[string]string{
		"mail.shop.example.co.jp": "example.co.jp", "News.Brewbean.Example.": "brewbean.example",
		"a.b.mybank-alerts.com": "mybank-alerts.com",
	} {
		if got, err := Registrable(in); err != nil || got != want {
			t.Errorf("Registrable(%q) = %q %v, want %q", in, got, err, want)
		}
	}
	if _, err := Registrable("com"); err == nil {
		t.Errorf("a bare suffix was taken for a domain")
	}
}

// Registries without RDAP (.jp) are asked over WHOIS on port 43; JPRS's
// answer gives the creation date, an unknown format is kept raw.
func TestWhoisFallbackForJP(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	answers := map[string]string{
		"old-shop.jp/e": "[ JPRS database provides information on network administration. ]\r\n\r\nDomain Information:\r\n[Domain Name]                   OLD-SHOP.JP\r\n\r\n[Registrant]                    Old Shop K.K.\r\n\r\n[Created on]                    2003/05/01\r\n[Expires on]                    2027/05/31\r\n[Status]                        Active\r\n",
		"new-shop.jp/e": "Domain Information:\r\n[Domain Name]                   NEW-SHOP.JP\r\n[Created on]                    " + now.Add(-4*24*time.Hour).Format("2006/01/02") + "\r\n",
		"none.jp/e":     "No match!!\r\n",
		"odd.jp/e":      "Domain: odd.jp\r\nSince: a long time ago\r\n",
	}
	whoisAddr := serveTCP(t, func(c net.Conn) {
		q, _ := bufio.NewReader(c).ReadString('\n')
		fmt.Fprint(c, answers[strings.TrimSpace(q)])
	})
	reg := rdaptest.Start(t, rdaptest.Registry{TLDs: []string{"example"}}) // knows no .jp: the bootstrap has no match
	l, _ := NewDomainLookup(reg.BootstrapURL, &http.Client{Timeout: time.Second})
	l.now = func() time.Time { return now }
	l.whois = map[string]string{"jp": whoisAddr}
	ctx := context.Background()

	info, err := l.Domain(ctx, "old-shop.jp")
	if err != nil || info.Registered.Format("2006-01-02") != "2003-05-01" {
		t.Errorf("old-shop.jp: %v %v", info.Registered, err)
	}
	if _, ok := l.NewDomainFinding(info); ok {
		t.Errorf("a 2003 domain is new")
	}
	info, err = l.Domain(ctx, "new-shop.jp")
	if f, ok := l.NewDomainFinding(info); err != nil || !ok || f.Severity != check.SeverityDanger {
		t.Errorf("new-shop.jp: %v %v %v", info.Registered, err, ok)
	}
	if _, err := l.Domain(ctx, "none.jp"); !errors.Is(err, ErrDomainNotFound) {
		t.Errorf("none.jp: %v", err)
	}
	info, err = l.Domain(ctx, "odd.jp")
	if !errors.Is(err, ErrNoRegistration) || !strings.Contains(info.Raw, "Since: a long time ago") {
		t.Errorf("odd.jp: %v, raw %q", err, info.Raw)
	}
}

func TestOriginatingIPLookup(t *testing.T) {
	reg := rdaptest.Start(t, rdaptest.Registry{Networks: []rdaptest.Network{{CIDR: "203.0.113.0/24", Start: "203.0.113.0", End: "203.0.113.255",
		Name: "EXAMPLE-NET", Country: "NL", Owner: "Example Hosting B.V."}}})
	l, _ := NewDomainLookup(reg.BootstrapURL, &http.Client{Timeout: time.Second})
	n, err := l.Network(context.Background(), "203.0.113.77")
	if err != nil || n.Name != "EXAMPLE-NET" || n.Country != "NL" || n.Owner != "Example Hosting B.V." || n.Range != "203.0.113.0 – 203.0.113.255" {
		t.Errorf("network: %+v %v", n, err)
	}
	if _, err := l.Network(context.Background(), "198.51.100.1"); !errors.Is(err, ErrNoRDAP) {
		t.Errorf("an address outside every registry's range: %v", err)
	}
}

// Messages analysed at once that share a domain ask the registry about it
// once: the others wait for that answer (scan on every core is no ruder to
// the registries than on one).
func TestDomainLookupAsksOnceForConcurrentQuestions(t *testing.T) {
	reg := rdaptest.Start(t, rdaptest.Registry{TLDs: []string{"example"}, Domains: map[string]time.Time{
		"shared.example": time.Date(2009, 3, 14, 0, 0, 0, 0, time.UTC),
	}})
	l, err := NewDomainLookup(reg.BootstrapURL, &http.Client{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			info, err := l.Domain(context.Background(), "shared.example")
			if err == nil && info.Registered.Year() != 2009 {
				err = fmt.Errorf("registered %v", info.Registered)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := reg.Asked("shared.example"); n != 1 {
		t.Errorf("eight messages at once asked the registry %d times", n)
	}
}
