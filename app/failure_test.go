package app

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"mailsafe/internal/proxytest"
	"mailsafe/internal/rdaptest"
)

// deadAddress is a loopback port nothing listens on.
func deadAddress(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// A proxy that is not running is one failure of one kind, naming the proxy,
// for every image, whatever its scheme; nothing goes direct.
func TestDeadProxyIsNamedAsTheFailure(t *testing.T) {
	img := startImageServer(t)
	dead := deadAddress(t)
	for _, scheme := range []string{"http", "socks5"} {
		p, _ := ParseProxy(scheme + "://" + dead)
		urls := []string{img.URL + "/img/a.png", img.URL + "/img/b.png", "http://images.shop.example/logo.png"}
		got := loadWith(&HTTPLoader{AllowLoopback: true}, LoadOptions{Proxy: p}, urls...)
		for _, u := range urls {
			err := got[u].Err
			f, ok := ProxyFailure(err)
			if !ok || f.Kind != ErrProxyUnreachable || f.Proxy != p.Redacted() || !errors.Is(err, ErrProxyFailed) {
				t.Errorf("%s proxy down, %s: %#v, want ErrProxyUnreachable naming %s", scheme, u, err, p.Redacted())
				continue
			}
			if f.Detail() == "" || !strings.Contains(f.Detail(), dead) {
				t.Errorf("%s: the detail %q does not keep what the network said", u, f.Detail())
			}
		}
	}
	if n := img.count("/img/a.png") + img.count("/img/b.png"); n != 0 {
		t.Errorf("%d images went direct around the dead proxy", n)
	}
}

// Without a proxy, the server's own failures each have their kind: a name
// that does not exist, a port that refuses, an HTTP error.
func TestServerFailuresAreClassified(t *testing.T) {
	img := startImageServer(t)
	dead := deadAddress(t)
	l := &HTTPLoader{AllowLoopback: true}
	missing := "http://no-such-host.invalid/logo.png"
	got := loadWith(l, LoadOptions{}, missing, "http://"+dead+"/x.png", img.URL+"/missing.png")
	var f *Failure
	if err := got[missing].Err; !errors.As(err, &f) || f.Kind != ErrHostNotFound || f.Host != "no-such-host.invalid" {
		t.Errorf("a missing host: %#v, want ErrHostNotFound", err)
	}
	if err := got["http://"+dead+"/x.png"].Err; !errors.Is(err, ErrConnRefused) {
		t.Errorf("a closed port: %v, want ErrConnRefused", err)
	}
	if err := got[img.URL+"/missing.png"].Err; !errors.As(err, &f) || f.Kind != ErrHTTPStatus || !strings.Contains(f.Status, "404") {
		t.Errorf("a 404: %#v, want ErrHTTPStatus 404", err)
	}
}

// With a proxy set, RDAP (its bootstrap too) goes through the proxy and
// nothing reaches the registry directly; a dead proxy is reported as such
// and nothing goes around it; WHOIS does not go around an HTTP proxy.
func TestLookupsGoThroughTheProxy(t *testing.T) {
	now := time.Now()
	reg := rdaptest.Start(t, rdaptest.Registry{TLDs: []string{"example"}, Domains: map[string]time.Time{
		"acme-corp.example": now.Add(-400 * 24 * time.Hour), "other.example": now.Add(-400 * 24 * time.Hour)}})
	proxy := proxytest.Start(t)
	l, err := NewDomainLookup(reg.BootstrapURL, &http.Client{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	dialled := 0
	l.dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		dialled++
		return nil, errors.New("WHOIS went direct")
	}
	l.whois = map[string]string{"jp": "whois.jprs.jp:43"}
	p, _ := ParseProxy(proxy.URL)
	l.SetProxy(p)
	ctx := context.Background()
	if _, err := l.Domain(ctx, "acme-corp.example"); err != nil {
		t.Fatalf("through the proxy: %v", err)
	}
	asked := proxy.Requests()
	rdapAsked := 0
	for _, u := range asked {
		if strings.Contains(u, "/rdap/") {
			rdapAsked++
		}
	}
	if rdapAsked == 0 || len(asked) != reg.Requests() { // the registry counts its bootstrap too
		t.Errorf("the proxy forwarded %d requests (%v), the registry answered %d: some went direct", len(asked), asked, reg.Requests())
	}
	if !strings.Contains(strings.Join(asked, " "), "dns.json") {
		t.Errorf("the bootstrap did not go through the proxy: %v", asked)
	}

	// WHOIS (.jp has no RDAP here) cannot go through an HTTP proxy: not asked at all.
	if _, err := l.Domain(ctx, "shop.jp"); !errors.Is(err, ErrNoProxyRoute) || dialled != 0 {
		t.Errorf("WHOIS with an HTTP proxy: %v, dialled directly %d times", err, dialled)
	}

	// A dead proxy: reported, and the registry hears nothing.
	before := reg.Requests()
	deadProxy, _ := ParseProxy("http://" + deadAddress(t))
	l.SetProxy(deadProxy)
	_, err = l.Domain(ctx, "other.example")
	if f, ok := ProxyFailure(err); !ok || f.Kind != ErrProxyUnreachable {
		t.Errorf("a dead proxy: %v, want ErrProxyUnreachable", err)
	}
	if reg.Requests() != before {
		t.Errorf("the registry was asked %d times around the dead proxy", reg.Requests()-before)
	}
	// The failure is not remembered as the domain's answer.
	l.SetProxy(p)
	if _, err := l.Domain(ctx, "other.example"); err != nil {
		t.Errorf("after the proxy came back: %v", err)
	}
}
