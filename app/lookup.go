package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/openrdap/rdap"
	"github.com/openrdap/rdap/bootstrap"
	"golang.org/x/net/publicsuffix"

	"mailsafe/mailview"
	"mailsafe/mailview/check"
)

// FindingNewDomain is a sender or link domain registered only recently.
const FindingNewDomain = check.FindingNewDomain

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
	Domain string
	// Raw is a WHOIS answer as it came, when the registry has no RDAP
	// (shown to the reader when its format is not known).
	Raw        string
	Registered time.Time // zero when the registry does not say
	Registrar  string
	Status     []string
	Source     string // the RDAP server that answered
}

// DomainLookup asks registries about domains, only when the reader asks,
// and remembers each answer for a day. It is safe for concurrent use.
type DomainLookup struct {
	client *rdap.Client
	base   *http.Client // what client uses; the proxied clients copy it
	boot   *url.URL     // the bootstrap's base URL, nil for IANA's
	now    func() time.Time
	// whois are the port-43 servers by TLD, and dial how they are reached
	// (both replaced in tests).
	whois map[string]string
	dial  func(ctx context.Context, network, addr string) (net.Conn, error)

	mu      sync.Mutex
	cache   map[string]cachedDomain
	pending map[string]chan struct{} // domains being asked now, closed when answered
	proxy   *url.URL                 // the proxy lookups go through; nil: directly
	proxied map[string]*rdap.Client  // RDAP clients by proxy, each with its bootstrap cache
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
	var boot *url.URL
	if bootstrapURL != "" {
		u, err := url.Parse(bootstrapURL)
		if err != nil {
			return nil, fmt.Errorf("RDAP bootstrap %q: %w", bootstrapURL, err)
		}
		boot = u
	}
	return &DomainLookup{client: newRDAPClient(httpClient, boot), base: httpClient, boot: boot,
		now: time.Now, cache: map[string]cachedDomain{}, pending: map[string]chan struct{}{}, whois: whoisServers, dial: (&net.Dialer{}).DialContext,
		proxied: map[string]*rdap.Client{}}, nil
}

func newRDAPClient(hc *http.Client, boot *url.URL) *rdap.Client {
	b := &bootstrap.Client{HTTP: hc}
	if boot != nil {
		b.BaseURL = boot
	}
	return &rdap.Client{HTTP: hc, Bootstrap: b, UserAgent: userAgent}
}

// SetProxy makes the lookups go through proxy (nil: directly): RDAP and
// its bootstrap over HTTP through it (the proxy resolves the names), WHOIS
// through it when it is a SOCKS5 proxy and not at all otherwise. Nothing
// goes around a proxy that is set.
func (l *DomainLookup) SetProxy(proxy *url.URL) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.proxy = proxy
}

// Proxy is the proxy the lookups go through, or nil.
func (l *DomainLookup) Proxy() *url.URL {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.proxy
}

// route returns the RDAP client, the WHOIS dialler (nil: WHOIS cannot go
// this way) and the proxy for the lookups asked now.
func (l *DomainLookup) route() (*rdap.Client, func(ctx context.Context, network, addr string) (net.Conn, error), *url.URL) {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.proxy
	if p == nil {
		return l.client, l.dial, nil
	}
	c, ok := l.proxied[p.String()]
	if !ok {
		hc := *l.base
		tr := &http.Transport{TLSHandshakeTimeout: 10 * time.Second, ResponseHeaderTimeout: lookupTimeout}
		switch p.Scheme {
		case "socks5", "socks5h":
			tr.DialContext = socks5Dialer(p, &net.Dialer{Timeout: 10 * time.Second}, nil)
		default:
			tr.DialContext = (&net.Dialer{Timeout: 10 * time.Second}).DialContext // only ever the proxy
			tr.Proxy = http.ProxyURL(p)
		}
		hc.Transport = tr
		c = newRDAPClient(&hc, l.boot)
		l.proxied[p.String()] = c
	}
	var dial func(ctx context.Context, network, addr string) (net.Conn, error)
	if p.Scheme == "socks5" || p.Scheme == "socks5h" {
		dial = socks5Dialer(p, &net.Dialer{Timeout: 10 * time.Second}, nil)
	}
	return c, dial, p
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
	for {
		l.mu.Lock()
		if c, ok := l.cache[domain]; ok && l.now().Sub(c.at) < lookupCacheFor {
			l.mu.Unlock()
			return c.info, c.err
		}
		asked, busy := l.pending[domain]
		if !busy {
			break // l.mu is held
		}
		l.mu.Unlock()
		// Another message being analysed asks the registry about the
		// same domain: its answer is this one's (a scan on every core
		// asks once per domain, as one on a single core does).
		select {
		case <-asked:
		case <-ctx.Done():
			return DomainInfo{Domain: domain}, ctx.Err()
		}
	}
	asked := make(chan struct{})
	l.pending[domain] = asked
	l.mu.Unlock()
	info, err := l.query(ctx, domain)
	var f *Failure
	l.mu.Lock()
	if ctx.Err() == nil && !errors.As(err, &f) && !errors.Is(err, ErrNoProxyRoute) { // an interrupted lookup or a network failure is not an answer
		l.cache[domain] = cachedDomain{info: info, err: err, at: l.now()}
	}
	delete(l.pending, domain)
	close(asked)
	l.mu.Unlock()
	return info, err
}

func (l *DomainLookup) query(ctx context.Context, domain string) (DomainInfo, error) {
	ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
	defer cancel()
	client, dial, proxy := l.route()
	req := (&rdap.Request{Type: rdap.DomainRequest, Query: domain}).WithContext(ctx)
	resp, err := client.Do(req)
	if err != nil {
		if f, ok := proxyFailure(err, domain, proxy); ok {
			return DomainInfo{Domain: domain}, f
		}
		kind := classifyRDAP(err)
		tld := domain[strings.LastIndex(domain, ".")+1:]
		if server, ok := l.whois[tld]; ok && kind == ErrNoRDAP {
			if dial == nil {
				return DomainInfo{Domain: domain, Source: "whois://" + server}, fmt.Errorf("WHOIS lookup of %s at %s through %s: %w", domain, server, proxy.Redacted(), ErrNoProxyRoute)
			}
			info, raw, werr := whoisQuery(ctx, dial, server, domain)
			info.Raw = raw
			if f, ok := proxyFailure(werr, domain, proxy); ok {
				return info, f
			}
			return info, werr
		}
		return DomainInfo{Domain: domain}, fmt.Errorf("RDAP lookup of %s: %w (%v)", domain, kind, err)
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

// NewDomainFinding is the new-domain finding for info, judged at the
// lookup's own time.
func (l *DomainLookup) NewDomainFinding(info DomainInfo) (check.Finding, bool) {
	return NewDomainFinding(info, l.now())
}

// NewDomainFinding is the new-domain finding for a domain registered less
// than 30 days before now (danger under 7), or false.
func NewDomainFinding(info DomainInfo, now time.Time) (check.Finding, bool) {
	age := now.Sub(info.Registered)
	if info.Registered.IsZero() || age >= newDomainWarn || age < -24*time.Hour {
		return check.Finding{}, false
	}
	days := int(age.Hours() / 24)
	sev := check.SeverityWarn
	if age < newDomainDanger {
		sev = check.SeverityDanger
	}
	evidence := []string{fmt.Sprintf("%s registered %s", info.Domain, info.Registered.UTC().Format("2006-01-02"))}
	if info.Registrar != "" {
		evidence = append(evidence, "registrar: "+info.Registrar)
	}
	return check.Finding{
		ID: FindingNewDomain, Severity: sev, Category: check.CategorySender,
		Title: check.Text{
			EN: fmt.Sprintf("%s was registered %d days ago", info.Domain, days),
			JA: fmt.Sprintf("%sは%d日前に登録されたばかりのドメインです", info.Domain, days),
		},
		Detail: check.Text{
			EN: "Senders of fraud buy fresh look-alike domains and use each for a short while. An established company's mail rarely comes from a domain a few days or weeks old: check the sender another way before you act on this message.",
			JA: "詐欺の送信者は似たドメインを新しく取得し、短期間だけ使います。実在の企業のメールが、登録から数日や数週間のドメインから届くことはまれです。このメッセージに従う前に、別の方法で送信者を確認してください。",
		},
		Evidence: evidence,
	}, true
}

// proxyFailure is err as the failure of the proxy when it is one.
func proxyFailure(err error, what string, proxy *url.URL) (*Failure, bool) {
	if err == nil || proxy == nil {
		return nil, false
	}
	return ProxyFailure(ClassifyNetError(err, what, proxy))
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

// LookupDomains lists the registrable domains a sender lookup asks about:
// those of From, Reply-To, Return-Path and the links' hosts, each once, in
// that order.
func LookupDomains(v *mailview.View) []string {
	var hosts []string
	for _, a := range v.From {
		hosts = append(hosts, a.Domain())
	}
	for _, a := range v.ReplyTo {
		hosts = append(hosts, a.Domain())
	}
	if rp := strings.Trim(strings.TrimSpace(v.Message.Header.Raw("Return-Path")), "<>"); rp != "" {
		if _, d, ok := strings.Cut(rp, "@"); ok {
			hosts = append(hosts, d)
		}
	}
	for _, l := range v.Links {
		if u := l.Parsed; u != nil && (u.Scheme == "http" || u.Scheme == "https") && l.Host != "" {
			hosts = append(hosts, l.Host)
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, h := range hosts {
		d, err := Registrable(h)
		if err != nil || seen[d] {
			continue // an IP or a bare suffix has no registration to look up
		}
		seen[d] = true
		out = append(out, d)
	}
	return out
}

// LookupRecord is one domain lookup in the JSON of `scan --lookup` (a
// field added to the contract).
type LookupRecord struct {
	Domain     string   `json:"domain"`
	Registered string   `json:"registered,omitempty"` // RFC 3339
	Registrar  string   `json:"registrar,omitempty"`
	Status     []string `json:"status,omitempty"`
	Error      string   `json:"error,omitempty"`
}

// LookupResult is one domain's lookup: its record and the new-domain
// finding it gave, if any.
type LookupResult struct {
	Record  LookupRecord
	Info    DomainInfo
	Err     error
	Finding *check.Finding
}

// LookupAll looks up each of the message's domains (LookupDomains).
func (l *DomainLookup) LookupAll(ctx context.Context, v *mailview.View) []LookupResult {
	var out []LookupResult
	for _, d := range LookupDomains(v) {
		info, err := l.Domain(ctx, d)
		r := LookupResult{Record: LookupRecord{Domain: d, Registrar: info.Registrar, Status: info.Status}, Info: info, Err: err}
		if !info.Registered.IsZero() {
			r.Record.Registered = info.Registered.UTC().Format(time.RFC3339)
		}
		if err != nil {
			r.Record.Error = err.Error()
		}
		if f, ok := NewDomainFinding(info, l.now()); ok {
			r.Finding = &f
		}
		out = append(out, r)
	}
	return out
}

// AddLookups looks up the message's domains and adds what was learned to
// rec: a lookup entry per domain and a new-domain finding where one is due.
func (l *DomainLookup) AddLookups(ctx context.Context, rec *Record, v *mailview.View, lang string) {
	rec.addLookups(v, l.LookupAll(ctx, v), lang)
}

// NetworkInfo is what a regional registry says of the network an IP
// address belongs to.
type NetworkInfo struct {
	IP, Name, Country, Range, Owner string
}

// Network looks up the network of ip (the originating IP of a message)
// over RDAP; only when the reader asks.
func (l *DomainLookup) Network(ctx context.Context, ip string) (NetworkInfo, error) {
	ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
	defer cancel()
	client, _, proxy := l.route()
	resp, err := client.Do((&rdap.Request{Type: rdap.IPRequest, Query: ip}).WithContext(ctx))
	if err != nil {
		if f, ok := proxyFailure(err, ip, proxy); ok {
			return NetworkInfo{IP: ip}, f
		}
		return NetworkInfo{IP: ip}, fmt.Errorf("RDAP lookup of %s: %w (%v)", ip, classifyRDAP(err), err)
	}
	n, ok := resp.Object.(*rdap.IPNetwork)
	if !ok {
		return NetworkInfo{IP: ip}, fmt.Errorf("RDAP lookup of %s: the server answered with something else than a network", ip)
	}
	info := NetworkInfo{IP: ip, Name: n.Name, Country: n.Country}
	if n.StartAddress != "" {
		info.Range = n.StartAddress + " – " + n.EndAddress
	}
	for _, e := range n.Entities {
		for _, r := range e.Roles {
			if (r == "registrant" || r == "administrative") && e.VCard != nil && info.Owner == "" {
				info.Owner = e.VCard.Name()
			}
		}
	}
	return info, nil
}
