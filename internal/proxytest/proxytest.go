// Package proxytest is the local HTTP forward proxy the tests of app and
// ui set as the reader's proxy: it records every request it is asked to
// make, and forwards it to its target (directly, as a proxy does) or
// answers it itself.
package proxytest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Proxy is a running forward proxy; its URL is the address to set.
type Proxy struct {
	*httptest.Server
	mu    sync.Mutex
	asked []string
}

// Start starts a proxy that forwards each request to its target and copies
// the answer back; it stops when the test ends.
func Start(t testing.TB) *Proxy {
	return StartResolving(t, func(host string) string { return host })
}

// StartResolving starts a proxy that resolves names its own way (as a
// proxy on a hostile network may): each request goes to the address
// (host:port) resolve gives for its host; it stops when the test ends.
func StartResolving(t testing.TB, resolve func(host string) string) *Proxy {
	return start(t, func(w http.ResponseWriter, r *http.Request) {
		target := *r.URL
		target.Host = resolve(r.URL.Host)
		forward(w, r, target.String())
	})
}

// StartAnswering starts a proxy that answers every request itself with
// body (the hosts asked for need not exist); it stops when the test ends.
func StartAnswering(t testing.TB, body []byte) *Proxy {
	return start(t, func(w http.ResponseWriter, _ *http.Request) { w.Write(body) })
}

func start(t testing.TB, answer http.HandlerFunc) *Proxy {
	p := &Proxy{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.asked = append(p.asked, r.URL.String()) // a proxy receives the absolute URL
		p.mu.Unlock()
		answer(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

// Requests are the URLs the proxy was asked for, in order.
func (p *Proxy) Requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.asked...)
}

// Count is how many requests the proxy was asked to make.
func (p *Proxy) Count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.asked)
}

// forward is what a forward proxy does: it asks target for r directly
// (the proxy itself goes direct, of course), and copies the answer to w.
func forward(w http.ResponseWriter, r *http.Request, target string) {
	out, err := http.NewRequestWithContext(r.Context(), r.Method, target, nil)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	out.Header = r.Header.Clone()
	direct := &http.Transport{DisableKeepAlives: true}
	resp, err := direct.RoundTrip(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body)
}
