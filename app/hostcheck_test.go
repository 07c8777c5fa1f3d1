package app

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"mailsafe/internal/proxytest"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// localForms are ways of writing a local address that a resolver, or
// net/http's own mapping, reads as one: every one must be refused, directly
// and through a proxy, before anything is asked.
var localForms = []string{
	"http://１２７.０.０.１/a.png",                         // fullwidth digits and full stops
	"http://127。0。0。1/a.png",                         // ideographic full stops
	"http://127%E3%80%820%E3%80%820%E3%80%821/a.png", // the same, percent-encoded
	"http://ｌｏｃａｌｈｏｓｔ/a.png",                         // fullwidth letters
	"http://LOCALHOST./a.png",
	"http://images.localhost/a.png",
	"http://127.0.0.1./a.png",
	"http://127.0.0.1../a.png",
	"http://0177.0.0.1/a.png",
	"http://0x7f000001/a.png",
	"http://0X7F.1/a.png",
	"http://2130706433/a.png",
	"http://127.1/a.png",
	"http://１０.０.０.１/a.png",
	"http://192.168.1.1/a.png",
	"http://[::1]/a.png",
	"http://[::ffff:127.0.0.1]/a.png",                // IPv4-mapped
	"http://[::ffff:7f00:1]/a.png",                   // the same, in hex
	"http://[::7f00:1]/a.png",                        // IPv4-compatible
	"http://[::ffff:0:7f00:1]/a.png",                 // IPv4-translated
	"http://[64:ff9b::7f00:1]/a.png",                 // NAT64
	"http://[64:ff9b::10.0.0.1]/a.png",               // NAT64 to a private address
	"http://[64:ff9b:1::a00:1]/a.png",                // local-use NAT64
	"http://[2002:7f00:1::]/a.png",                   // 6to4
	"http://[2002:c0a8:101::1]/a.png",                // 6to4 of 192.168.1.1
	"http://[2001:0:7f00:1::1]/a.png",                // Teredo, server 127.0.0.1
	"http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", // Teredo, client 127.0.0.1 (inverted)
	"http://[fe80::1%25eth0]/a.png",
	"http://[fd00::1]/a.png",
	"http://[fec0::1]/a.png",
	"http://printer.local/a.png",
	"http://router.home.arpa/a.png",
	"http://intranet.corp/a.png",
	"http://dev.test/a.png",
	"http://fritz.box./a.png",
	"http://web.service.consul/a.png",
}

// proxiedOnly are refused through a proxy (which resolves them in its own
// network) but not directly, where the address dialled is checked.
var proxiedOnly = []string{"http://wpad/a.png", "http://cdn/a.png", "http://ｆｉｌｅｓｅｒｖｅｒ/a.png"}

// publicForms stay allowed.
var publicForms = []string{
	"http://images.shop.example/a.png",
	"http://ＩＭＡＧＥＳ.shop.example./a.png",
	"http://[2001:4860:4860::8888]/a.png",
	"http://[64:ff9b::808:808]/a.png", // NAT64 to 8.8.8.8
	"http://[2002:808:808::1]/a.png",  // 6to4 of 8.8.8.8
	"http://8.8.8.8/a.png",
}

func TestVetURLReadsHostsAsAResolverDoes(t *testing.T) {
	l := &HTTPLoader{}
	vet := func(raw string, viaProxy bool) (*url.URL, error) {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		return l.vetURL(u, viaProxy)
	}
	for _, viaProxy := range []bool{false, true} {
		for _, raw := range localForms {
			if _, err := vet(raw, viaProxy); !errors.Is(err, ErrBlockedAddress) {
				t.Errorf("%s (proxy %v): %v, want it refused as local", raw, viaProxy, err)
			}
		}
		for _, raw := range publicForms {
			if _, err := vet(raw, viaProxy); err != nil {
				t.Errorf("%s (proxy %v): %v, want it allowed", raw, viaProxy, err)
			}
		}
	}
	for _, raw := range proxiedOnly {
		if _, err := vet(raw, true); !errors.Is(err, ErrBlockedAddress) {
			t.Errorf("%s through a proxy: %v, want it refused", raw, err)
		}
		if _, err := vet(raw, false); err != nil {
			t.Errorf("%s directly: %v, want it left to the dial guard", raw, err)
		}
	}
	// What is checked is what is asked for.
	for raw, want := range map[string]string{
		"http://ＩＭＡＧＥＳ.shop.example./a.png":  "http://images.shop.example/a.png",
		"http://Cdn.Shop.Example:8080/a.png": "http://cdn.shop.example:8080/a.png",
		"http://bücher.example/a.png":        "http://xn--bcher-kva.example/a.png",
		"http://[2001:DB9::1]:81/a.png":      "http://[2001:db9::1]:81/a.png",
	} {
		u, err := vet(raw, true)
		if err != nil || u.String() != want {
			t.Errorf("%s: %v %v, want %s", raw, u, err, want)
		}
	}
	for _, raw := range []string{"http://a!b.example/", "http://a$b.example/", "http://%E2%80%AE.example/", "http://xn--a.%E2%80%AE/"} {
		if _, err := vet(raw, false); !errors.Is(err, ErrBadHost) {
			t.Errorf("%s: %v, want an unreadable host", raw, err)
		}
	}
}

// loopbackWorld is what a proxy on a hostile network does at worst: every
// name and address it is asked for resolves to a loopback image server,
// which counts its hits; redirect.shop.example answers with a redirect to
// the URL in its "to" parameter.
type loopbackWorld struct {
	images     *imageServer
	redirector *httptest.Server
	mu         sync.Mutex
	asked      []string // the hosts the proxy was asked for
}

func newLoopbackWorld(t *testing.T) *loopbackWorld {
	w := &loopbackWorld{images: startImageServer(t)}
	w.redirector = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Location", r.URL.Query().Get("to"))
		rw.WriteHeader(http.StatusFound)
	}))
	t.Cleanup(w.redirector.Close)
	return w
}

func (w *loopbackWorld) record(host string) {
	w.mu.Lock()
	w.asked = append(w.asked, host)
	w.mu.Unlock()
}

// backend is the local server the proxy's "resolver" maps host to.
func (w *loopbackWorld) backend(host string) string {
	if strings.HasPrefix(host, "redirect.shop.example") {
		return w.redirector.Listener.Addr().String()
	}
	return w.images.Listener.Addr().String()
}

// httpProxy is a plain HTTP forward proxy into the world.
func (w *loopbackWorld) httpProxy(t *testing.T) *url.URL {
	p := proxytest.StartResolving(t, func(host string) string {
		w.record(host)
		return w.backend(host)
	})
	u, _ := ParseProxy(p.URL)
	return u
}

// socksProxy is a SOCKS5 proxy (CONNECT to a name or an address) into the world.
func (w *loopbackWorld) socksProxy(t *testing.T) *url.URL {
	addr := serveTCP(t, func(c net.Conn) {
		r := bufio.NewReader(c)
		head := make([]byte, 2)
		if _, err := io.ReadFull(r, head); err != nil || head[0] != 5 {
			return
		}
		io.ReadFull(r, make([]byte, head[1]))
		c.Write([]byte{5, 0})
		req := make([]byte, 4)
		if _, err := io.ReadFull(r, req); err != nil || req[1] != 1 {
			return
		}
		var host string
		switch req[3] {
		case 1, 4:
			ip := make(net.IP, map[byte]int{1: 4, 4: 16}[req[3]])
			io.ReadFull(r, ip)
			host = ip.String()
		case 3:
			n, _ := r.ReadByte()
			name := make([]byte, n)
			io.ReadFull(r, name)
			host = string(name)
		default:
			return
		}
		port := make([]byte, 2)
		io.ReadFull(r, port)
		w.record(net.JoinHostPort(host, itoa(int(binary.BigEndian.Uint16(port)))))
		up, err := net.Dial("tcp", w.backend(host))
		if err != nil {
			c.Write([]byte{5, 4, 0, 1, 0, 0, 0, 0, 0, 0})
			return
		}
		defer up.Close()
		c.Write([]byte{5, 0, 0, 1, 0, 0, 0, 0, 0, 0})
		go io.Copy(up, r)
		io.Copy(c, up)
	})
	u, _ := ParseProxy("socks5://" + addr)
	return u
}

func itoa(n int) string {
	var b [8]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		if n /= 10; n == 0 {
			return string(b[i:])
		}
	}
}

// Through an HTTP and a SOCKS5 proxy whose resolver maps everything to
// this computer, every local form is refused before the proxy is asked,
// written in the image's URL or in a redirect; the loopback server is
// never reached. A public name still loads (the world's answer for it is
// that same server, which shows that the path works).
func TestProxyNeverReachesLocalForms(t *testing.T) {
	w := newLoopbackWorld(t)
	forms := append(append([]string(nil), localForms...), proxiedOnly...)
	for _, p := range []*url.URL{w.httpProxy(t), w.socksProxy(t)} {
		var urls []string
		for _, f := range forms {
			urls = append(urls, f, "http://redirect.shop.example/r?to="+url.QueryEscape(f))
		}
		got := loadWith(&HTTPLoader{}, LoadOptions{Proxy: p, Mode: LoadEverything}, urls...)
		for _, u := range urls {
			if err := got[u].Err; !errors.Is(err, ErrBlockedAddress) {
				t.Errorf("%s via %s: %v, want it refused as local", u, p.Scheme, err)
			}
		}
		w.images.mu.Lock()
		hits := len(w.images.hits)
		w.images.mu.Unlock()
		if hits != 0 {
			t.Fatalf("via %s the loopback server was reached: %v", p.Scheme, w.images.hits)
		}
		w.mu.Lock()
		for _, h := range w.asked {
			if !strings.HasPrefix(h, "redirect.shop.example") {
				t.Errorf("via %s the proxy was asked for %s", p.Scheme, h)
			}
		}
		w.asked = nil
		w.mu.Unlock()

		ok := "http://images.shop.example/img/public.png"
		if img := loadWith(&HTTPLoader{}, LoadOptions{Proxy: p}, ok)[ok]; img.Err != nil {
			t.Errorf("a public image via %s: %v", p.Scheme, img.Err)
		}
		if n := w.images.count("/img/public.png"); n != 1 {
			t.Errorf("a public image via %s: %d hits, want 1 (the test proxy does not work)", p.Scheme, n)
		}
		w.images.mu.Lock()
		w.images.hits = map[string]int{}
		w.images.mu.Unlock()
		w.mu.Lock()
		w.asked = nil
		w.mu.Unlock()
	}
}

// The bytes must decode as the image type they sniff as.
func TestLoaderRefusesAPNGThatIsAWebPage(t *testing.T) {
	pngSig := "\x89PNG\r\n\x1a\n"
	bodies := map[string]string{
		"/png-then-html": pngSig + "<html><body><script>alert(1)</script></body></html>",
		"/jpeg-header":   "\xff\xd8\xff<html>hello</html>",
		"/real.png":      string(testPNG),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "image/png")
		io.WriteString(rw, bodies[r.URL.Path])
	}))
	defer srv.Close()
	var urls []string
	for p := range bodies {
		urls = append(urls, srv.URL+p)
	}
	got := loadAll(&HTTPLoader{AllowLoopback: true}, urls...)
	for p := range bodies {
		img := got[srv.URL+p]
		if p == "/real.png" {
			if img.Err != nil || img.ContentType != "image/png" {
				t.Errorf("a real PNG: %v %q", img.Err, img.ContentType)
			}
			continue
		}
		if !errors.Is(img.Err, ErrNotAnImage) || img.Data != nil {
			t.Errorf("%s: %v (%d bytes handed on), want it refused as not an image", p, img.Err, len(img.Data))
		}
	}
}

// Whatever the host, vetURL answers without panicking; what it allows is
// plain ASCII, is allowed again as it is (what is checked is what is sent),
// and is never a local address in any notation.
func FuzzVetURL(f *testing.F) {
	for _, s := range append(append(append([]string(nil), localForms...), proxiedOnly...), publicForms...) {
		f.Add(s)
	}
	l := &HTTPLoader{}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		out, err := l.vetURL(u, true)
		if err != nil {
			return
		}
		again, err := l.vetURL(out, true)
		if err != nil || again.String() != out.String() {
			t.Fatalf("%q allowed as %q, which vets as %v %v", raw, out, again, err)
		}
		host := out.Hostname()
		for i := 0; i < len(host); i++ {
			if host[i] >= 0x80 {
				t.Fatalf("%q allowed with a non-ASCII host %q", raw, host)
			}
		}
		if a, ok := looseIPv4(host); ok && localAddr(a) {
			t.Fatalf("%q allowed, but %q is %v", raw, host, a)
		}
	})
}
