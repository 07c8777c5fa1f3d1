package app

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"mailsafe/internal/proxytest"
	"mailsafe/mailview"
	"mailsafe/mailview/check"
	"mailsafe/mailview/safedoc"
)

var testPNG, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

// imageServer is a loopback HTTP server that counts requests per path and
// keeps the headers it received.
type imageServer struct {
	*httptest.Server
	mu      sync.Mutex
	hits    map[string]int
	headers []http.Header
}

func startImageServer(t *testing.T) *imageServer {
	s := &imageServer{hits: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.headers = append(s.headers, r.Header.Clone())
		s.mu.Unlock()
		switch {
		case strings.HasPrefix(r.URL.Path, "/img/"):
			w.Header().Set("Content-Type", "text/html") // the declared type is not trusted either way
			w.Write(testPNG)
		case r.URL.Path == "/big.png":
			w.Write(append(append([]byte(nil), testPNG...), make([]byte, 64<<10)...))
		case r.URL.Path == "/page.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("<html><body>not an image</body></html>"))
		case r.URL.Path == "/drawing.svg":
			w.Header().Set("Content-Type", "image/svg+xml")
			w.Write([]byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><image href="http://x.example/p"/></svg>`))
		case r.URL.Path == "/to-tracker":
			http.Redirect(w, r, "https://acme.us1.list-manage.com/track/open.php?u=1&id=2", http.StatusFound)
		case r.URL.Path == "/to-tracker-encoded": // a vendor's path spelt in percent-escapes
			http.Redirect(w, r, "https://ct.sendgrid.net/wf/%6Fpen?upn=u001.AbCdEf", http.StatusFound)
		case r.URL.Path == "/to-image":
			http.Redirect(w, r, "/img/after-redirect.png", http.StatusFound)
		case r.URL.Path == "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func (s *imageServer) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func loadAll(l *HTTPLoader, urls ...string) map[string]LoadedImage {
	return loadWith(l, LoadOptions{Mode: LoadKeepTrackersBlocked}, urls...)
}

func loadWith(l *HTTPLoader, opts LoadOptions, urls ...string) map[string]LoadedImage {
	var res []check.Resource
	for _, u := range urls {
		res = append(res, check.Resource{Resource: safedoc.Resource{URL: u, Vector: safedoc.VectorImgSrc, Address: safedoc.ParseAddress(u)}})
	}
	out := map[string]LoadedImage{}
	for img := range l.Load(context.Background(), res, opts) {
		out[img.URL] = img
	}
	return out
}

// The whole consent path: a newsletter's trackers are never requested under
// "keep trackers blocked"; its pictures are, once each, with nothing in the
// request that identifies the reader.
func TestKeepTrackersBlockedNeverRequestsTrackers(t *testing.T) {
	srv := startImageServer(t)
	me := "reader@example.org"
	mail := fmt.Sprintf("From: News <news@shop.example>\r\nTo: %s\r\nSubject: Offers\r\nContent-Type: text/html\r\n\r\n"+
		`<img src="%[2]s/img/logo.png" width="200" height="60" alt="Shop">`+
		`<img src="%[2]s/img/banner.png" width="600" height="240">`+
		`<img src="%[2]s/o/abcdef0123456789" width="1" height="1">`+
		`<img src="%[2]s/img/hidden.png?r=8f3a9c2e71d04b6a55e1" style="display:none">`+
		`<img src="%[2]s/px?e=%[3]s" width="600" height="10">`,
		me, srv.URL, base64.URLEncoding.EncodeToString([]byte(me)))
	v := mailview.Analyze([]byte(mail), mailview.Reader{Me: []string{me}})
	allowed := AllowedResources(v.Resources, LoadKeepTrackersBlocked)
	l := &HTTPLoader{Me: []string{me}, AllowLoopback: true}
	var urls []string
	for _, r := range allowed {
		urls = append(urls, r.URL)
	}
	got := loadAll(l, urls...)
	for _, u := range urls {
		if got[u].Err != nil || got[u].ContentType != "image/png" {
			t.Errorf("%s: %v %q", u, got[u].Err, got[u].ContentType)
		}
	}
	if srv.count("/img/logo.png") != 1 || srv.count("/img/banner.png") != 1 {
		t.Errorf("pictures requested %d and %d times, want once each", srv.count("/img/logo.png"), srv.count("/img/banner.png"))
	}
	for _, tracker := range []string{"/o/abcdef0123456789", "/img/hidden.png", "/px"} {
		if n := srv.count(tracker); n != 0 {
			t.Errorf("tracker %s requested %d times", tracker, n)
		}
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	for _, h := range srv.headers {
		for _, banned := range []string{"Cookie", "Referer", "Accept-Language"} {
			if h.Get(banned) != "" {
				t.Errorf("request carried %s: %q", banned, h.Get(banned))
			}
		}
		if h.Get("User-Agent") != userAgent {
			t.Errorf("User-Agent %q, want the generic %q", h.Get("User-Agent"), userAgent)
		}
	}
}

func TestLoaderRefusesWhatIsNotASmallImage(t *testing.T) {
	srv := startImageServer(t)
	l := &HTTPLoader{AllowLoopback: true, MaxImageBytes: 32 << 10}
	got := loadAll(l, srv.URL+"/big.png", srv.URL+"/page.png", srv.URL+"/drawing.svg", srv.URL+"/to-tracker",
		srv.URL+"/to-tracker-encoded", srv.URL+"/loop", srv.URL+"/to-image", srv.URL+"/missing.png")
	for path, want := range map[string]error{
		"/big.png": ErrImageTooLarge, "/page.png": ErrNotAnImage, "/drawing.svg": ErrSVGRefused,
		"/to-tracker": ErrRedirectTracker, "/to-tracker-encoded": ErrRedirectTracker, "/loop": ErrTooManyHops,
	} {
		if err := got[srv.URL+path].Err; !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", path, err, want)
		}
		if d := got[srv.URL+path].Data; d != nil {
			t.Errorf("%s: %d bytes handed on", path, len(d))
		}
	}
	if img := got[srv.URL+"/to-image"]; img.Err != nil || !bytes.Equal(img.Data, testPNG) {
		t.Errorf("a redirect to an ordinary image: %v", img.Err)
	}
	if err := got[srv.URL+"/missing.png"].Err; err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("a missing image: %v", err)
	}

	// The per-message cap: five images fit in one image's cap, only one in
	// the message's; the others are not even requested.
	l = &HTTPLoader{AllowLoopback: true, MaxMessageBytes: int64(len(testPNG))}
	var capped []string
	for _, n := range "abcde" {
		capped = append(capped, srv.URL+"/img/capped-"+string(n)+".png")
	}
	got = loadAll(l, capped...)
	failed, requested := 0, 0
	for _, u := range capped {
		if errors.Is(got[u].Err, ErrMessageTooLarge) {
			failed++
		}
		requested += srv.count(strings.TrimPrefix(u, srv.URL))
	}
	if failed != 4 || requested != 1 {
		t.Errorf("message cap: %d of 5 refused (want 4), %d requested (want 1)", failed, requested)
	}
}

// Without AllowLoopback nothing local is contacted: not by IP literal, not
// by "localhost", and not by a name that resolves to a local address (the
// check is on the address dialled).
func TestLoaderNeverReachesLocalAddresses(t *testing.T) {
	srv := startImageServer(t)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	l := &HTTPLoader{}
	urls := []string{
		srv.URL + "/img/literal.png",
		"http://localhost:" + port + "/img/localhost.png",
		"http://10.0.0.1/img/private.png",
		"http://[::1]:" + port + "/img/v6.png",
		"http://169.254.169.254/latest/meta-data",
		"http://2130706433/img/decimal.png",
		"http://127.1/img/short.png",
		"http://0x7f.1/img/hex.png",
		"http://017700000001/img/octal.png",
		"http://0/img/zero.png",
		"http://localhost.localdomain/img/alias.png",
		"http://[fe80::1%25eth0]/img/zone.png",
	}
	if host, err := os.Hostname(); err == nil {
		if addrs, err := net.LookupHost(host); err == nil && len(addrs) > 0 && l.guard("tcp", net.JoinHostPort(addrs[0], port), nil) != nil {
			urls = append(urls, "http://"+net.JoinHostPort(host, port)+"/img/by-name.png")
		} else {
			t.Logf("this machine's name %q does not resolve to a local address; that case is not tried", host)
		}
	}
	got := loadAll(l, urls...)
	for _, u := range urls {
		if !errors.Is(got[u].Err, ErrBlockedAddress) {
			t.Errorf("%s: %v, want it refused as a local address", u, got[u].Err)
		}
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if len(srv.hits) != 0 {
		t.Errorf("the local server was reached: %v", srv.hits)
	}
}

func TestLoaderGoesThroughTheProxyAndReportsAFailingOne(t *testing.T) {
	proxySrv := proxytest.StartAnswering(t, testPNG)
	p, err := ParseProxy(proxySrv.URL)
	if err != nil {
		t.Fatal(err)
	}
	l := &HTTPLoader{} // no AllowLoopback: the proxy itself may be local, the images not
	got := loadWith(l, LoadOptions{Proxy: p}, "http://images.shop.example/logo.png", "http://127.0.0.1/img/local.png")
	if img := got["http://images.shop.example/logo.png"]; img.Err != nil || !bytes.Equal(img.Data, testPNG) {
		t.Errorf("through the proxy: %v", img.Err)
	}
	if !errors.Is(got["http://127.0.0.1/img/local.png"].Err, ErrBlockedAddress) {
		t.Errorf("a local image through the proxy: %v", got["http://127.0.0.1/img/local.png"].Err)
	}
	// Through a proxy the host is checked by its written form alone: the
	// forms the C resolver reads as loopback are refused before the proxy.
	for _, u := range []string{"http://2130706433/a.png", "http://0x7f.1/a.png", "http://localhost.localdomain/a.png"} {
		if err := loadWith(l, LoadOptions{Proxy: p}, u)[u].Err; !errors.Is(err, ErrBlockedAddress) {
			t.Errorf("%s through the proxy: %v", u, err)
		}
	}
	if asked := proxySrv.Requests(); len(asked) != 1 || asked[0] != "http://images.shop.example/logo.png" {
		t.Errorf("the proxy was asked for %v", asked)
	}

	// A proxy that refuses (407) is reported as the proxy's failure.
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusProxyAuthRequired)
	}))
	defer refusing.Close()
	rp, _ := ParseProxy(refusing.URL)
	if err := loadWith(l, LoadOptions{Proxy: rp}, "http://images.shop.example/logo.png")["http://images.shop.example/logo.png"].Err; !errors.Is(err, ErrProxyFailed) {
		t.Errorf("a proxy answering 407: %v", err)
	}
	// An image server's trouble is not the proxy's, whatever its URL says.
	serverTrouble := &url.Error{Op: "Get", URL: "https://cdn.example/proxy/a.png", Err: &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}}
	if isProxyError(serverTrouble) {
		t.Errorf("%v taken for a proxy failure", serverTrouble)
	}
	if !isProxyError(&url.Error{Op: "Get", URL: "https://cdn.example/a.png", Err: errors.New("Proxy Authentication Required")}) {
		t.Errorf("a refused CONNECT not taken for a proxy failure")
	}

	// A proxy that is not there is reported; nothing goes direct.
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := closed.Addr().String()
	closed.Close()
	for _, scheme := range []string{"http", "socks5"} {
		p, _ := ParseProxy(scheme + "://" + dead)
		got := loadWith(&HTTPLoader{}, LoadOptions{Proxy: p}, "http://images.shop.example/logo.png")
		if err := got["http://images.shop.example/logo.png"].Err; !errors.Is(err, ErrProxyFailed) {
			t.Errorf("%s proxy down: %v, want it reported as a failing proxy", scheme, err)
		}
	}
	for _, bad := range []string{"ftp://proxy:21", "socks5://", "http://proxy"} {
		if _, err := ParseProxy(bad); err == nil {
			t.Errorf("ParseProxy(%q) accepted", bad)
		}
	}
	if u, err := ParseProxy(" "); u != nil || err != nil {
		t.Errorf("an empty proxy setting: %v %v", u, err)
	}
}

// startSOCKS5 is a minimal SOCKS5 proxy (no authentication, CONNECT only)
// that answers the HTTP request itself with a PNG, and records the host
// names it was asked to connect to.
// serveTCP answers each connection to a loopback port with handle (the
// connection is closed after it) until the test ends, and returns the address.
func serveTCP(t *testing.T, handle func(net.Conn)) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				handle(c)
			}()
		}
	}()
	return ln.Addr().String()
}

func startSOCKS5(t *testing.T) (addr string, asked func() []string) {
	var mu sync.Mutex
	var names []string
	addr = serveTCP(t, func(c net.Conn) {
		r := bufio.NewReader(c)
		head := make([]byte, 2)
		if _, err := io.ReadFull(r, head); err != nil || head[0] != 5 {
			return
		}
		io.ReadFull(r, make([]byte, head[1])) // the offered methods
		c.Write([]byte{5, 0})                 // no authentication
		req := make([]byte, 4)
		if _, err := io.ReadFull(r, req); err != nil || req[1] != 1 || req[3] != 3 {
			c.Write([]byte{5, 8, 0, 1, 0, 0, 0, 0, 0, 0}) // only CONNECT to a name here
			return
		}
		n, _ := r.ReadByte()
		name := make([]byte, int(n)+2)
		io.ReadFull(r, name)
		mu.Lock()
		names = append(names, string(name[:n]))
		mu.Unlock()
		c.Write([]byte{5, 0, 0, 1, 0, 0, 0, 0, 0, 0})
		if _, err := http.ReadRequest(r); err != nil {
			return
		}
		fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", len(testPNG))
		c.Write(testPNG)
	})
	return addr, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), names...)
	}
}

// Through SOCKS5 the image's host name goes to the proxy unresolved: this
// machine does not even look it up.
func TestLoaderGoesThroughSOCKS5ByName(t *testing.T) {
	addr, asked := startSOCKS5(t)
	p, err := ParseProxy("socks5://" + addr)
	if err != nil {
		t.Fatal(err)
	}
	got := loadWith(&HTTPLoader{}, LoadOptions{Proxy: p}, "http://images.shop.invalid/logo.png")
	if img := got["http://images.shop.invalid/logo.png"]; img.Err != nil || !bytes.Equal(img.Data, testPNG) {
		t.Fatalf("through SOCKS5: %v", img.Err)
	}
	if names := asked(); len(names) != 1 || names[0] != "images.shop.invalid" {
		t.Errorf("the proxy was asked for %v", names)
	}
}

func TestLooseIPv4ReadsWhatTheResolverReads(t *testing.T) {
	for in, want := range map[string]string{
		"2130706433": "127.0.0.1", "127.1": "127.0.0.1", "0x7f.1": "127.0.0.1", "017700000001": "127.0.0.1",
		"0": "0.0.0.0", "10.1.2.3": "10.1.2.3", "192.168.257": "192.168.1.1", "0x0a.0.0.1": "10.0.0.1",
	} {
		if got, ok := looseIPv4(in); !ok || got.String() != want {
			t.Errorf("looseIPv4(%q) = %v %v, want %s", in, got, ok, want)
		}
	}
	for _, name := range []string{"example.com", "1.2.3.256", "1.2.3.4.5", "0x", "09", "", "cdn.1"} {
		if got, ok := looseIPv4(name); ok {
			t.Errorf("looseIPv4(%q) = %v, want a name", name, got)
		}
	}
}
