package app

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"mailsafe/app/oauth"
)

// ProposalSource says where a proposed account setup came from.
type ProposalSource string

// Where proposals come from.
const (
	FromTable      ProposalSource = "table"      // the bundled provider table: nothing asked
	FromMX         ProposalSource = "mx"         // the domain's MX records name a hosted service
	FromAutoconfig ProposalSource = "autoconfig" // the provider's (or Thunderbird's) autoconfig document
)

// Proposal is the account setup mailsafe proposes for an address; the
// reader may change every field.
type Proposal struct {
	Host     string
	Port     int
	Security Security
	Auth     AuthMethod
	Provider oauth.ProviderID // for Auth == AuthOAuth2
	Source   ProposalSource
	Detail   string // e.g. the MX host or the document's URL
}

// Apply fills an account with the proposal, keeping what is not proposed.
func (p Proposal) Apply(a Account) Account {
	a.Host, a.Port, a.Security, a.Auth = p.Host, p.Port, p.Security, p.Auth
	a.OAuth.Provider = p.Provider
	if a.Username == "" {
		a.Username = a.Email
	}
	return a
}

// ProviderProposal is the setup of a provider of the table: its server
// with TLS, signed in to with OAuth2 where mailsafe can.
func ProviderProposal(p oauth.Provider, src ProposalSource, detail string) Proposal {
	out := Proposal{Host: p.IMAPHost, Port: p.IMAPPort, Security: SecurityTLS, Source: src, Detail: detail}
	if p.OAuth() {
		out.Auth, out.Provider = AuthOAuth2, p.ID
	}
	return out
}

// fromTable proposes the setup of the provider that serves domain.
func fromTable(providers []oauth.Provider, domain string) (Proposal, bool) {
	for _, p := range providers {
		if slices.Contains(p.Domains, domain) {
			return ProviderProposal(p, FromTable, ""), true
		}
	}
	return Proposal{}, false
}

// AddressDomain is the domain of an address as the lookups ask for it:
// lower case, without a trailing dot ("" if there is none).
func AddressDomain(addr string) string {
	_, d, ok := strings.Cut(strings.TrimSpace(addr), "@")
	if !ok || d == "" || strings.ContainsAny(d, "@ /\\") {
		return ""
	}
	return strings.TrimSuffix(strings.ToLower(d), ".")
}

// ProposeFromTable proposes a setup for addr from the bundled table alone:
// nothing leaves the computer.
func ProposeFromTable(addr string) (Proposal, bool) {
	return fromTable(oauth.Providers(), AddressDomain(addr))
}

// MXResolver looks up MX records (net.Resolver does).
type MXResolver interface {
	LookupMX(ctx context.Context, name string) ([]*net.MX, error)
}

// Autoconfig looks further than the table, only on the reader's consent:
// the domain's MX records (a custom domain hosted by Microsoft 365 or
// Google Workspace) and the autoconfig documents.
type Autoconfig struct {
	Resolver MXResolver // nil: the system's resolver
	// Proxy is the reader's proxy setting: when set, the documents are
	// fetched through it and DNS is not asked (it would go around it).
	Proxy *url.URL
	// Documents lists the autoconfig URLs to try for a domain and address;
	// nil: the standard places (the domain's autoconfig host and
	// well-known path, then Thunderbird's ISPDB).
	Documents func(domain, addr string) []string
	// AllowLoopback lets the fetches reach this computer (tests), as
	// HTTPLoader.AllowLoopback does; private networks stay refused.
	AllowLoopback bool
}

// ErrNoProposal means nothing was found for the domain: the reader types the server.
var ErrNoProposal = errors.New("no settings were found for this domain; type the server's name (your provider or administrator has it)")

// standardDocuments are the autoconfig places Thunderbird asks, in its order.
func standardDocuments(domain, addr string) []string {
	q := url.Values{"emailaddress": {addr}}.Encode()
	return []string{
		"https://autoconfig." + domain + "/mail/config-v1.1.xml?" + q,
		"https://" + domain + "/.well-known/autoconfig/mail/config-v1.1.xml?" + q,
		"https://autoconfig.thunderbird.net/v1.1/" + domain,
	}
}

// Propose proposes a setup for addr: the bundled table, then the MX
// records, then the autoconfig documents.
func (a Autoconfig) Propose(ctx context.Context, addr string) (Proposal, error) {
	domain := AddressDomain(addr)
	if domain == "" {
		return Proposal{}, fmt.Errorf("%w (%q)", ErrBadAddress, addr)
	}
	providers := oauth.Providers()
	if p, ok := fromTable(providers, domain); ok {
		return p, nil
	}
	var errs []error
	if a.Proxy == nil { // DNS cannot go through the proxy: with one set, it is not asked
		if p, err := a.fromMX(ctx, providers, domain); err == nil {
			return p, nil
		} else {
			errs = append(errs, err)
		}
	}
	docs := a.Documents
	if docs == nil {
		docs = standardDocuments
	}
	hc := a.client()
	for _, u := range docs(domain, addr) {
		p, err := fetchAutoconfig(ctx, hc, u, addr)
		if err == nil {
			return p, nil
		}
		errs = append(errs, err)
	}
	return Proposal{}, fmt.Errorf("%w: %w", ErrNoProposal, errors.Join(errs...))
}

// fromMX recognises a domain hosted by a provider of the table by its MX hosts.
func (a Autoconfig) fromMX(ctx context.Context, providers []oauth.Provider, domain string) (Proposal, error) {
	r := a.Resolver
	if r == nil {
		r = net.DefaultResolver
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	mxs, err := r.LookupMX(ctx, domain)
	if err != nil {
		return Proposal{}, fmt.Errorf("look up the MX records of %s: %w", domain, err)
	}
	for _, mx := range mxs {
		host := strings.TrimSuffix(strings.ToLower(mx.Host), ".")
		for _, p := range providers {
			if slices.ContainsFunc(p.MXSuffixes, func(suffix string) bool { return strings.HasSuffix(host, suffix) }) {
				return ProviderProposal(p, FromMX, host), nil
			}
		}
	}
	return Proposal{}, fmt.Errorf("the MX records of %s name no provider mailsafe knows", domain)
}

// client is the HTTP client of the document fetches: through the proxy
// when one is set, refusing this computer and local networks with the
// image loader's host checks (hostcheck.go): on the address dialled
// directly, on the name handed to a proxy. AllowLoopback lets it reach
// loopback, as it lets the loader.
func (a Autoconfig) client() *http.Client {
	hosts := &HTTPLoader{AllowLoopback: a.AllowLoopback} // only its host checks are used
	d := &net.Dialer{Timeout: 10 * time.Second}
	if a.Proxy == nil { // through a proxy, this dialer reaches only the proxy (which may well be on this computer)
		d.Control = hosts.guard
	}
	tr := &http.Transport{DialContext: d.DialContext, TLSHandshakeTimeout: 10 * time.Second, ResponseHeaderTimeout: 10 * time.Second}
	if a.Proxy != nil {
		switch a.Proxy.Scheme {
		case "socks5", "socks5h":
			tr.DialContext = socks5Dialer(a.Proxy, d, hosts.vetProxied) // the dialer reaches the proxy itself
		default:
			proxyURL := a.Proxy
			tr.Proxy = func(r *http.Request) (*url.URL, error) {
				// The proxy resolves the name: it is checked by name, on every redirect too.
				if _, err := hosts.vetURL(r.URL, true); err != nil {
					return nil, err
				}
				return proxyURL, nil
			}
		}
	}
	return &http.Client{Transport: tr, Timeout: 20 * time.Second}
}

// fetchAutoconfig fetches and reads one autoconfig document.
func fetchAutoconfig(ctx context.Context, hc *http.Client, u, addr string) (Proposal, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return Proposal{}, fmt.Errorf("fetch %s: %w", u, err)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return Proposal{}, fmt.Errorf("fetch %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Proposal{}, fmt.Errorf("fetch %s: %s", u, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 256<<10))
	if err != nil {
		return Proposal{}, fmt.Errorf("fetch %s: %w", u, err)
	}
	p, err := ParseAutoconfig(body, addr)
	if err != nil {
		return Proposal{}, fmt.Errorf("read %s: %w", u, err)
	}
	p.Detail = u
	return p, nil
}

// autoconfigDoc is the part of Thunderbird's clientConfig format mailsafe reads.
type autoconfigDoc struct {
	Providers []struct {
		Incoming []struct {
			Type       string   `xml:"type,attr"`
			Hostname   string   `xml:"hostname"`
			Port       int      `xml:"port"`
			SocketType string   `xml:"socketType"`
			Auth       []string `xml:"authentication"`
		} `xml:"incomingServer"`
	} `xml:"emailProvider"`
}

// ParseAutoconfig reads an autoconfig document (Thunderbird's
// clientConfig v1.1) into a proposal: its first IMAP server with TLS or
// STARTTLS (never one without encryption), OAuth2 where it says so and
// the server is a provider mailsafe signs in to.
func ParseAutoconfig(doc []byte, addr string) (Proposal, error) {
	var d autoconfigDoc
	if err := xml.Unmarshal(doc, &d); err != nil {
		return Proposal{}, fmt.Errorf("not an autoconfig document: %w", err)
	}
	local, domain, _ := strings.Cut(addr, "@")
	for _, ep := range d.Providers {
		for _, in := range ep.Incoming {
			if !strings.EqualFold(in.Type, "imap") || in.Hostname == "" || in.Port <= 0 || in.Port > 65535 {
				continue
			}
			p := Proposal{Port: in.Port, Source: FromAutoconfig}
			p.Host = strings.NewReplacer("%EMAILDOMAIN%", domain, "%EMAILLOCALPART%", local).Replace(in.Hostname)
			switch strings.ToUpper(in.SocketType) {
			case "SSL":
				p.Security = SecurityTLS
			case "STARTTLS":
				p.Security = SecurityStartTLS
			default:
				continue // plain text: not proposed
			}
			if slices.ContainsFunc(in.Auth, func(a string) bool { return strings.EqualFold(a, "OAuth2") }) {
				for _, pr := range oauth.Providers() {
					if pr.OAuth() && strings.EqualFold(pr.IMAPHost, p.Host) {
						p.Auth, p.Provider = AuthOAuth2, pr.ID
					}
				}
			}
			return p, nil
		}
	}
	return Proposal{}, errors.New("the document names no IMAP server with TLS")
}
