package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/proxy"
)

// errSOCKS marks a failure at the SOCKS5 proxy.
var errSOCKS = errors.New("SOCKS5 proxy")

// ErrBadProxy is a proxy setting that cannot be used.
var ErrBadProxy = errors.New("the proxy must be written like socks5://127.0.0.1:9050 or http://proxy.example:3128")

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
// host name itself (so the name is not looked up on this machine).
func socks5Dialer(u *url.URL, forward *net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	var auth *proxy.Auth
	if u.User != nil {
		p, _ := u.User.Password()
		auth = &proxy.Auth{User: u.User.Username(), Password: p}
	}
	d, err := proxy.SOCKS5("tcp", u.Host, auth, forward)
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errSOCKS, err)
		}
		conn, err := d.(proxy.ContextDialer).DialContext(ctx, network, addr)
		if err != nil {
			return nil, fmt.Errorf("%w %s: %v", errSOCKS, u.Host, err)
		}
		return conn, nil
	}
}
