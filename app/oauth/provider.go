// Package oauth signs a reader in to a mail provider with OAuth2, for IMAP:
// the providers (assets/providers.txt), the authorization code flow
// with PKCE and a loopback redirect in the system browser (RFC 8252), the
// device-code flow where no browser can be opened, and the tokens: the
// access token in memory, refreshed before it expires, and the refresh
// token, rotated on every refresh, in a store the caller gives (the
// keyring). Errors are in words, with the provider's own text kept.
package oauth

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"mailsafe/assets"
)

// ProviderID names a provider of the table.
type ProviderID string

// The providers mailsafe signs in to with OAuth2.
const (
	Microsoft ProviderID = "microsoft"
	Google    ProviderID = "google"
)

// Provider is one mail provider of the table: its IMAP server (reached
// with TLS), the address domains it serves and the MX hosts of the custom
// domains it hosts; and, for one mailsafe signs in to with OAuth2 (OAuth
// tells), its endpoints.
type Provider struct {
	ID             ProviderID
	Name           string
	IMAPHost       string
	IMAPPort       int
	Domains        []string // lower case
	MXSuffixes     []string // lower case, e.g. ".google.com"
	AuthURL        string   // may hold {tenant}; "" for a provider signed in to with a password
	TokenURL       string
	DeviceURL      string // "" where mail has no device flow
	Scopes         []string
	DefaultTenant  string
	SecretRequired bool // desktop clients send the (not secret) client secret
}

// OAuth tells whether mailsafe signs in to the provider with OAuth2.
func (p Provider) OAuth() bool { return p.AuthURL != "" }

// ParseProviders reads the provider table's format.
func ParseProviders(lines []string) ([]Provider, error) {
	var out []Provider
	for n, l := range lines {
		if strings.HasPrefix(l, "[") {
			if !strings.HasSuffix(l, "]") || len(l) < 3 {
				return nil, fmt.Errorf("providers line %d: %q is not a [provider-id] line", n+1, l)
			}
			out = append(out, Provider{ID: ProviderID(l[1 : len(l)-1])})
			continue
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("providers line %d: %q comes before any [provider-id]", n+1, l)
		}
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			return nil, fmt.Errorf("providers line %d: %q is not key = value", n+1, l)
		}
		p := &out[len(out)-1]
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "name":
			p.Name = v
		case "auth":
			p.AuthURL = v
		case "token":
			p.TokenURL = v
		case "device":
			p.DeviceURL = v
		case "scopes":
			p.Scopes = strings.Fields(v)
		case "domains":
			p.Domains = strings.Fields(strings.ToLower(v))
		case "mx":
			p.MXSuffixes = strings.Fields(strings.ToLower(v))
		case "imap":
			host, port, err := net.SplitHostPort(v)
			pn, perr := strconv.Atoi(port)
			if err != nil || perr != nil || pn <= 0 || pn > 65535 {
				return nil, fmt.Errorf("providers line %d: imap %q is not host:port", n+1, v)
			}
			p.IMAPHost, p.IMAPPort = host, pn
		case "tenant":
			p.DefaultTenant = v
		case "secret_required":
			p.SecretRequired = v == "yes"
		default:
			return nil, fmt.Errorf("providers line %d: unknown key %q", n+1, k)
		}
	}
	for _, p := range out {
		if p.IMAPHost == "" {
			return nil, fmt.Errorf("provider %s: imap is needed", p.ID)
		}
		if (p.AuthURL != "" || p.TokenURL != "" || len(p.Scopes) > 0) && (p.AuthURL == "" || p.TokenURL == "" || len(p.Scopes) == 0) {
			return nil, fmt.Errorf("provider %s: OAuth2 needs auth, token and scopes together", p.ID)
		}
	}
	return out, nil
}

// Providers returns the bundled provider table.
func Providers() []Provider {
	ps, err := ParseProviders(assets.Lines("providers.txt"))
	if err != nil {
		panic("assets/providers.txt: " + err.Error()) // a build defect: the test of the table catches it
	}
	return ps
}

// endpoint puts the tenant into a URL of the table.
func (p Provider) endpoint(url, tenant string) string {
	if tenant == "" {
		tenant = p.DefaultTenant
	}
	return strings.ReplaceAll(url, "{tenant}", tenant)
}
