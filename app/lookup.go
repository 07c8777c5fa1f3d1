package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/openrdap/rdap"
	"github.com/openrdap/rdap/bootstrap"
	"golang.org/x/net/publicsuffix"

	"mailsafe/mailview"
)

// FindingNewDomain is a sender or link domain registered only recently.
const FindingNewDomain = "new-domain"

// New-domain thresholds: a warning under 30 days, danger under 7.
const (
	newDomainWarn   = 30 * 24 * time.Hour
	newDomainDanger = 7 * 24 * time.Hour
	lookupCacheFor  = 24 * time.Hour
	lookupTimeout   = 15 * time.Second
)

// Lookup errors, each saying why a domain's age is not known.
var (
	ErrNoRegistration = errors.New("the registry gave no registration date")
	ErrDomainNotFound = errors.New("the registry has no such domain (not found)")
	ErrNoRDAP         = errors.New("this domain's registry offers no RDAP service")
	ErrRegistryDown   = errors.New("the registry did not answer (server error, timeout or no network)")
)

// DomainInfo is what a registry says of a domain.
type DomainInfo struct {
	Domain     string
	Registered time.Time // zero when the registry does not say
	Registrar  string
	Status     []string
	Source     string // the RDAP server that answered
}

// DomainLookup asks registries about domains, only when the reader asks,
// and remembers each answer for a day. It is safe for concurrent use.
type DomainLookup struct {
	client *rdap.Client
	now    func() time.Time

	mu    sync.Mutex
	cache map[string]cachedDomain
}

type cachedDomain struct {
	info DomainInfo
	err  error
	at   time.Time
}

// NewDomainLookup uses the IANA RDAP bootstrap at bootstrapURL ("" for
// IANA's own, https://data.iana.org/rdap/) through httpClient (nil for a
// default one with a timeout).
func NewDomainLookup(bootstrapURL string, httpClient *http.Client) (*DomainLookup, error) {
	if httpClient == nil {
		httpClient = &http.Client{Timeout: lookupTimeout}
	}
	b := &bootstrap.Client{HTTP: httpClient}
	if bootstrapURL != "" {
		u, err := url.Parse(bootstrapURL)
		if err != nil {
			return nil, fmt.Errorf("RDAP bootstrap %q: %w", bootstrapURL, err)
		}
		b.BaseURL = u
	}
	return &DomainLookup{client: &rdap.Client{HTTP: httpClient, Bootstrap: b, UserAgent: userAgent},
		now: time.Now, cache: map[string]cachedDomain{}}, nil
}

// Registrable returns the domain a registry knows for host: the public
// suffix plus one label ("mail.shop.example.co.jp" -> "example.co.jp").
func Registrable(host string) (string, error) {
	host = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(host), "."))
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return "", fmt.Errorf("%q is not a registrable domain: %w", host, err)
	}
	return d, nil
}

// Domain looks a registrable domain up, from the cache when it was asked
// within the last day.
func (l *DomainLookup) Domain(ctx context.Context, domain string) (DomainInfo, error) {
	l.mu.Lock()
	if c, ok := l.cache[domain]; ok && l.now().Sub(c.at) < lookupCacheFor {
		l.mu.Unlock()
		return c.info, c.err
	}
	l.mu.Unlock()
	info, err := l.query(ctx, domain)
	if ctx.Err() == nil { // an interrupted lookup is not an answer
		l.mu.Lock()
		l.cache[domain] = cachedDomain{info: info, err: err, at: l.now()}
		l.mu.Unlock()
	}
	return info, err
}

func (l *DomainLookup) query(ctx context.Context, domain string) (DomainInfo, error) {
	ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
	defer cancel()
	req := (&rdap.Request{Type: rdap.DomainRequest, Query: domain}).WithContext(ctx)
	resp, err := l.client.Do(req)
	if err != nil {
		return DomainInfo{Domain: domain}, fmt.Errorf("RDAP lookup of %s: %w (%v)", domain, classifyRDAP(err), err)
	}
	d, ok := resp.Object.(*rdap.Domain)
	if !ok {
		return DomainInfo{Domain: domain}, fmt.Errorf("RDAP lookup of %s: the server answered with something else than a domain", domain)
	}
	info := DomainInfo{Domain: domain, Status: d.Status}
	if len(resp.HTTP) > 0 && resp.HTTP[len(resp.HTTP)-1].URL != "" {
		info.Source = resp.HTTP[len(resp.HTTP)-1].URL
	}
	for _, e := range d.Events {
		if e.Action == "registration" {
			if t, err := time.Parse(time.RFC3339, e.Date); err == nil {
				info.Registered = t
			}
		}
	}
	for _, e := range d.Entities {
		for _, r := range e.Roles {
			if r == "registrar" && e.VCard != nil {
				info.Registrar = e.VCard.Name()
			}
		}
	}
	if info.Registered.IsZero() {
		return info, fmt.Errorf("RDAP lookup of %s: %w", domain, ErrNoRegistration)
	}
	return info, nil
}

// NewDomainFinding is the new-domain finding for a domain registered less
// than 30 days before now (danger under 7), or false.
func NewDomainFinding(info DomainInfo, now time.Time) (mailview.Finding, bool) {
	age := now.Sub(info.Registered)
	if info.Registered.IsZero() || age >= newDomainWarn || age < -24*time.Hour {
		return mailview.Finding{}, false
	}
	days := int(age.Hours() / 24)
	sev := mailview.SeverityWarn
	if age < newDomainDanger {
		sev = mailview.SeverityDanger
	}
	evidence := []string{fmt.Sprintf("%s registered %s", info.Domain, info.Registered.UTC().Format("2006-01-02"))}
	if info.Registrar != "" {
		evidence = append(evidence, "registrar: "+info.Registrar)
	}
	return mailview.Finding{
		ID: FindingNewDomain, Severity: sev, Category: mailview.CategorySender,
		Title: mailview.Text{
			EN: fmt.Sprintf("%s was registered %d days ago", info.Domain, days),
			JA: fmt.Sprintf("%s は %d 日前に登録されたばかりのドメインです", info.Domain, days),
		},
		Detail: mailview.Text{
			EN: "Senders of fraud buy fresh look-alike domains and use each for a short while. An established company's mail rarely comes from a domain a few days or weeks old: check the sender another way before you act on this message.",
			JA: "詐欺の送信者は似たドメインを新しく取得し、短期間だけ使います。実在の企業のメールが、登録から数日や数週間のドメインから届くことはまれです。このメッセージに従う前に、別の方法で送信者を確認してください。",
		},
		Evidence: evidence,
	}, true
}

// classifyRDAP turns the RDAP client's error into one of ours.
func classifyRDAP(err error) error {
	var ce *rdap.ClientError
	if !errors.As(err, &ce) {
		var v rdap.ClientError
		if errors.As(err, &v) {
			ce = &v
		}
	}
	if ce != nil {
		switch ce.Type {
		case rdap.ObjectDoesNotExist:
			return ErrDomainNotFound
		case rdap.BootstrapNoMatch, rdap.BootstrapNotSupported:
			return ErrNoRDAP
		}
	}
	return ErrRegistryDown
}
