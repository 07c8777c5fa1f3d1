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

// ParseProxy reads the proxy setting: http://, https:// or socks5:// with a
// host and port (user and password allowed). An empty setting is no proxy.
func ParseProxy(s string) (*url.URL, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("the proxy %q is not a URL: %v", s, err)
	}
	switch u.Scheme {
	case "http", "https", "socks5", "socks5h":
	default:
		return nil, fmt.Errorf("the proxy must start with http://, https:// or socks5://, not %q", u.Scheme+"://")
	}
	if u.Hostname() == "" || u.Port() == "" {
		return nil, fmt.Errorf("the proxy %q needs a host and a port, e.g. socks5://127.0.0.1:9050", s)
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
