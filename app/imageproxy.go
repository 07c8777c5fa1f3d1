package app

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"

	"golang.org/x/net/proxy"
)

// errSOCKS marks a failure at the SOCKS5 proxy.
var errSOCKS = errors.New("SOCKS5 proxy")

// ErrBadProxy is a proxy setting that cannot be used.
var ErrBadProxy = errors.New("the proxy must be written like socks5://127.0.0.1:9050 or http://proxy.example:3128")

// ErrNoProxyRoute is a connection that cannot go through the configured
// proxy (WHOIS on port 43 through an HTTP proxy); it is not made directly.
var ErrNoProxyRoute = errors.New("this cannot go through an HTTP proxy (only through a SOCKS5 one), so it was not asked")

// ParseProxy reads the proxy setting: http://, https:// or socks5:// with a
// host and port (user and password allowed). An empty setting is no proxy.
func ParseProxy(s string) (*url.URL, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%w (%q is not a URL: %v)", ErrBadProxy, s, err)
	}
	switch u.Scheme {
	case "http", "https", "socks5", "socks5h":
	default:
		return nil, fmt.Errorf("%w (it starts with %q)", ErrBadProxy, u.Scheme+"://")
	}
	if u.Hostname() == "" || u.Port() == "" {
		return nil, fmt.Errorf("%w (%q lacks a host or a port)", ErrBadProxy, s)
	}
	return u, nil
}

// socks5Dialer connects through a SOCKS5 proxy, which resolves the image's
// host name itself (so the name is not looked up on this machine). vet sees
// each host:port before the proxy is asked for it, and may refuse it (nil:
// registries, which are public by construction).
func socks5Dialer(u *url.URL, forward *net.Dialer, vet func(addr string) error) func(ctx context.Context, network, addr string) (net.Conn, error) {
	var auth *proxy.Auth
	if u.User != nil {
		p, _ := u.User.Password()
		auth = &proxy.Auth{User: u.User.Username(), Password: p}
	}
	d, err := proxy.SOCKS5("tcp", u.Host, auth, forward)
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errSOCKS, err)
		}
		if vet != nil {
			if err := vet(addr); err != nil {
				return nil, err
			}
		}
		conn, err := d.(proxy.ContextDialer).DialContext(ctx, network, addr)
		if err != nil {
			return nil, fmt.Errorf("%w %s: %w", errSOCKS, u.Host, err)
		}
		return conn, nil
	}
}

// The kinds of network failure a load or a lookup reports: each is one
// sentence the reader can act on; the network library's own words are
// kept in Failure.Err for the details.
var (
	ErrProxyUnreachable = errors.New("the proxy is not answering")
	ErrProxyRefused     = errors.New("the proxy refused the request or could not reach the server")
	ErrHostNotFound     = errors.New("the server's name could not be found")
	ErrConnRefused      = errors.New("the server refused the connection")
	ErrConnTimeout      = errors.New("the server did not answer in time")
	ErrTLSFailed        = errors.New("the secure (TLS) connection to the server failed")
	ErrHTTPStatus       = errors.New("the server answered with an error")
	ErrConnFailed       = errors.New("the connection to the server failed")
)

// Failure is a classified network failure: its Kind (one of the errors
// above), the server it was for, the proxy it went through, and the raw
// error for the technical detail. errors.Is matches its Kind, its raw error
// and, for the proxy kinds, ErrProxyFailed.
type Failure struct {
	Kind   error
	Host   string // the server asked (an image's host, a registry's)
	Proxy  string // the proxy, redacted, when one was used
	Status string // the HTTP status, for ErrHTTPStatus
	Err    error  // what the network library said
}

func (f *Failure) Error() string {
	msg := f.Kind.Error()
	switch {
	case f.ProxyFailed():
		msg += " (" + f.Proxy + ")"
	case f.Host != "":
		msg += " (" + f.Host + ")"
	}
	if f.Status != "" {
		msg += ": " + f.Status
	}
	if f.Err != nil {
		msg += ": " + f.Err.Error()
	}
	return msg
}

// Unwrap lets errors.Is and errors.As see the kind and the raw error.
func (f *Failure) Unwrap() []error {
	out := []error{f.Kind}
	if f.ProxyFailed() {
		out = append(out, ErrProxyFailed)
	}
	if f.Err != nil {
		out = append(out, f.Err)
	}
	return out
}

// ProxyFailed tells whether the proxy, not the server, failed.
func (f *Failure) ProxyFailed() bool {
	return f.Kind == ErrProxyUnreachable || f.Kind == ErrProxyRefused
}

// Detail is the technical detail: the raw error, or the HTTP status.
func (f *Failure) Detail() string {
	switch {
	case f.Err != nil && f.Status != "":
		return f.Status + ": " + f.Err.Error()
	case f.Err != nil:
		return f.Err.Error()
	}
	return f.Status
}

// ProxyFailure returns the failure of the proxy in err, if that is what it is.
func ProxyFailure(err error) (*Failure, bool) {
	var f *Failure
	if errors.As(err, &f) && f.ProxyFailed() {
		return f, true
	}
	return nil, false
}

// ClassifyNetError turns a transport error of a request to host (through
// proxyURL when not nil) into a Failure. Errors that already say why
// (mailsafe's own, a cancelled context) come back as they are.
func ClassifyNetError(err error, host string, proxyURL *url.URL) error {
	if err == nil || errors.Is(err, context.Canceled) {
		return err
	}
	var f *Failure
	if errors.As(err, &f) {
		return err
	}
	for _, known := range []error{ErrBlockedAddress, ErrBadHost, ErrRedirectTracker, ErrRedirectLeak, ErrTooManyHops, ErrNoProxyRoute} {
		if errors.Is(err, known) {
			return err
		}
	}
	out := &Failure{Host: host, Err: err}
	if proxyURL != nil {
		out.Proxy = proxyURL.Redacted()
	}
	var dnsErr *net.DNSError
	var netErr net.Error
	var certErr *tls.CertificateVerificationError
	var recErr tls.RecordHeaderError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case proxyURL != nil && isProxyError(err):
		out.Kind = ErrProxyRefused
		if proxyUnreachable(err) {
			out.Kind = ErrProxyUnreachable
		}
	case errors.As(err, &dnsErr) && dnsErr.IsTimeout:
		out.Kind = ErrConnTimeout
	case errors.As(err, &dnsErr):
		out.Kind = ErrHostNotFound
	case errors.Is(err, syscall.ECONNREFUSED):
		out.Kind = ErrConnRefused
	case errors.As(err, &certErr), errors.As(err, &recErr), errors.As(err, &unknownCA), errors.As(err, &hostErr),
		errors.As(err, &invalid), strings.Contains(err.Error(), "tls: "):
		out.Kind = ErrTLSFailed
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		out.Kind = ErrConnTimeout
	default:
		out.Kind = ErrConnFailed
	}
	return out
}

// proxyUnreachable tells a proxy that is not there (nothing listens, no
// route, no answer) from one that answered and refused.
func proxyUnreachable(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && (op.Op == "proxyconnect" || op.Op == "dial") {
		return true
	}
	var netErr net.Error
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EHOSTUNREACH) ||
		errors.Is(err, syscall.ENETUNREACH) || (errors.As(err, &netErr) && netErr.Timeout())
}
