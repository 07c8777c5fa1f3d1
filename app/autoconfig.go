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
	"strconv"
	"strings"
	"time"

	"mailsafe/app/oauth"
	"mailsafe/assets"
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

// providerTable is the bundled table of assets/providers.txt.
type providerTable struct {
	domains map[string]Proposal
	mx      []mxSuffix
}

type mxSuffix struct {
	suffix   string
	provider oauth.ProviderID
}

// parseProviderTable reads the table's format.
func parseProviderTable(lines []string) (providerTable, error) {
	t := providerTable{domains: map[string]Proposal{}}
	for n, l := range lines {
		f := strings.Fields(l)
		if len(f) == 3 && f[0] == "mx" {
			t.mx = append(t.mx, mxSuffix{strings.ToLower(f[1]), oauth.ProviderID(f[2])})
			continue
		}
		if len(f) < 5 {
			return t, fmt.Errorf("providers.txt line %d: %q has fewer than 5 fields", n+1, l)
		}
		port, err := strconv.Atoi(f[1])
		if err != nil || port <= 0 || port > 65535 {
			return t, fmt.Errorf("providers.txt line %d: bad port %q", n+1, f[1])
		}
		p := Proposal{Host: f[0], Port: port, Security: Security(f[2]), Source: FromTable}
		if p.Security != SecurityTLS && p.Security != SecurityStartTLS {
			return t, fmt.Errorf("providers.txt line %d: security %q is neither tls nor starttls", n+1, f[2])
		}
		switch {
		case f[3] == "password":
		case strings.HasPrefix(f[3], "oauth2:") && len(f[3]) > len("oauth2:"):
			p.Auth, p.Provider = AuthOAuth2, oauth.ProviderID(strings.TrimPrefix(f[3], "oauth2:"))
		default:
			return t, fmt.Errorf("providers.txt line %d: sign-in %q is neither password nor oauth2:PROVIDER", n+1, f[3])
		}
		for _, d := range f[4:] {
			t.domains[strings.ToLower(d)] = p
		}
	}
	return t, nil
}

func bundledProviderTable() providerTable {
	t, err := parseProviderTable(assets.Lines("providers.txt"))
	if err != nil {
		panic("assets/providers.txt: " + err.Error()) // a build defect: the table's test catches it
	}
	return t
}

// domainOf is the domain of an address, lower case ("" if there is none).
func domainOf(addr string) string {
	_, d, ok := strings.Cut(strings.TrimSpace(addr), "@")
	if !ok || d == "" || strings.ContainsAny(d, "@ /\\") {
		return ""
	}
	return strings.TrimSuffix(strings.ToLower(d), ".")
}

// ProposeFromTable proposes a setup for addr from the bundled table alone:
// nothing leaves the computer.
func ProposeFromTable(addr string) (Proposal, bool) {
	p, ok := bundledProviderTable().domains[domainOf(addr)]
	return p, ok
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
	domain := domainOf(addr)
	if domain == "" {
		return Proposal{}, fmt.Errorf("%w (%q)", ErrBadAddress, addr)
	}
	table := bundledProviderTable()
	if p, ok := table.domains[domain]; ok {
		return p, nil
	}
	var errs []error
	if a.Proxy == nil { // DNS cannot go through the proxy: with one set, it is not asked
		if p, err := a.fromMX(ctx, table, domain); err == nil {
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
func (a Autoconfig) fromMX(ctx context.Context, table providerTable, domain string) (Proposal, error) {
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
		for _, s := range table.mx {
			if strings.HasSuffix(host, s.suffix) {
				p, ok := oauth.Lookup(s.provider)
				if !ok {
					continue
				}
				return Proposal{Host: p.IMAPHost, Port: p.IMAPPort, Security: SecurityTLS, Auth: AuthOAuth2, Provider: p.ID, Source: FromMX, Detail: host}, nil
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
			for _, a := range in.Auth {
				if strings.EqualFold(a, "OAuth2") {
					for _, pr := range oauth.Providers() {
						if strings.EqualFold(pr.IMAPHost, p.Host) {
							p.Auth, p.Provider = AuthOAuth2, pr.ID
						}
					}
				}
			}
			return p, nil
		}
	}
	return Proposal{}, errors.New("the document names no IMAP server with TLS")
}
