package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"mailsafe/mailview/beacon"
	"mailsafe/mailview/check"
	"mailsafe/mailview/safedoc"
)

// Limits of a consented image load.
const (
	// DefaultMaxImageBytes caps one image.
	DefaultMaxImageBytes = 5 << 20
	// DefaultMaxMessageBytes caps all the images of one message together.
	DefaultMaxMessageBytes = 25 << 20
	// maxRedirects is how many redirects one image may follow.
	maxRedirects = 3
	// imageTimeout bounds one image's fetch, redirects included.
	imageTimeout = 20 * time.Second
	// parallelFetches is how many images load at once.
	parallelFetches = 4
	// userAgent is what every fetch says it is: the same for every reader,
	// so it tells the sender nothing about the device or the mail app.
	userAgent = "Mozilla/5.0"
)

// Errors of a consented image load, each saying why an image was not shown.
var (
	ErrBlockedAddress  = errors.New("the image is on a loopback, private, link-local or multicast address, which mailsafe never contacts")
	ErrNotAnImage      = errors.New("the server answered with something that is not an image")
	ErrImageTooLarge   = errors.New("the image is larger than the size limit")
	ErrMessageTooLarge = errors.New("the images of this message together exceed the size limit")
	ErrRedirectTracker = errors.New("the image redirects to a tracker, which stays blocked")
	ErrRedirectLeak    = errors.New("the image redirects to an address that carries your email address")
	ErrTooManyHops     = errors.New("the image redirects too many times")
	ErrSVGRefused      = errors.New("SVG images are not loaded (they can carry scripts and further requests)")
	ErrProxyFailed     = errors.New("the proxy could not be reached or refused the request; nothing was loaded directly")
)

// HTTPLoader is mailsafe's own image fetcher, used only after the reader
// consented. Requests carry no cookies, no Referer, no Accept-Language and a
// generic User-Agent; only images (by their bytes, not their declared type)
// are returned; every redirect is checked again against the tracker rules
// and the reader's addresses; and no connection is ever made to a loopback,
// private, link-local or multicast address, checked on the address actually
// dialled, unless AllowLoopback is set (tests, the demo).
type HTTPLoader struct {
	// Me are the reader's addresses, for the redirect check of
	// LoadKeepTrackersBlocked (which refuses redirects to trackers and to
	// URLs that carry the reader's address).
	Me []string
	// AllowLoopback lets the loader reach 127.0.0.0/8 and ::1 (never other
	// private ranges). Only tests and the demo set it.
	AllowLoopback bool
	// MaxImageBytes and MaxMessageBytes override the default caps.
	MaxImageBytes, MaxMessageBytes int64
	// Trackers is the rule set for the redirect check; nil is the built-in one.
	Trackers *beacon.Rules
}

// Load fetches resources (already the consent decision's list) and sends
// one LoadedImage per resource; the channel closes when all are done or ctx ends.
// With opts.Proxy every fetch goes through the proxy (http://, https:// or
// socks5://); a failing proxy is reported, never bypassed.
func (l *HTTPLoader) Load(ctx context.Context, resources []check.Resource, opts LoadOptions) <-chan LoadedImage {
	out := make(chan LoadedImage, len(resources))
	client := l.client(opts)
	budget := &byteBudget{left: l.maxMessage()}
	jobs := make(chan check.Resource)
	var wg sync.WaitGroup
	for range min(parallelFetches, max(1, len(resources))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range jobs {
				data, ctype, err := l.fetch(ctx, client, r, budget, opts.Proxy)
				out <- LoadedImage{URL: r.URL, Data: data, ContentType: ctype, Err: err}
			}
		}()
	}
	go func() {
		defer close(out)
		defer client.CloseIdleConnections() // nothing stays connected to image or tracker hosts after the load
		defer wg.Wait()
		defer close(jobs)
		for _, r := range resources {
			select {
			case jobs <- r:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func (l *HTTPLoader) maxImage() int64 {
	if l.MaxImageBytes > 0 {
		return l.MaxImageBytes
	}
	return DefaultMaxImageBytes
}

func (l *HTTPLoader) maxMessage() int64 {
	if l.MaxMessageBytes > 0 {
		return l.MaxMessageBytes
	}
	return DefaultMaxMessageBytes
}

// client builds the HTTP client: the guarded dialer, the proxy, no cookie
// jar, checked redirects.
func (l *HTTPLoader) client(opts LoadOptions) *http.Client {
	keepTrackersBlocked := opts.Mode == LoadKeepTrackersBlocked
	dialer := &net.Dialer{Timeout: 10 * time.Second, Control: l.guard}
	transport := &http.Transport{
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 15 * time.Second,
		MaxIdleConnsPerHost:   parallelFetches,
		ForceAttemptHTTP2:     true,
	}
	if opts.Proxy != nil {
		// The reader chose the proxy (often Tor on this computer), so the
		// connection to it is not guarded; the image's own host is checked
		// by name in checkHost, since the proxy resolves it.
		proxyDialer := &net.Dialer{Timeout: 10 * time.Second}
		proxyURL := opts.Proxy
		switch proxyURL.Scheme {
		case "socks5", "socks5h":
			transport.DialContext = socks5Dialer(proxyURL, proxyDialer)
		default:
			transport.DialContext = proxyDialer.DialContext
			transport.Proxy = func(*http.Request) (*url.URL, error) { return proxyURL, nil }
		}
	}
	rules := l.Trackers
	if rules == nil {
		rules = beacon.Default()
	}
	probe := beacon.NewAddressProbe(l.Me)
	return &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return ErrTooManyHops
			}
			if err := l.checkHost(req.URL); err != nil {
				return err
			}
			if keepTrackersBlocked {
				if _, ok := rules.Classify(req.URL); ok {
					return fmt.Errorf("%w (%s)", ErrRedirectTracker, req.URL.Host)
				}
				if len(l.Me) > 0 && len(probe.Find(req.URL.String())) > 0 {
					return fmt.Errorf("%w (%s)", ErrRedirectLeak, req.URL.Host)
				}
			}
			req.Header.Del("Referer") // net/http adds the previous hop as Referer
			return nil
		},
	}
}

// guard runs for every connection the loader's dialer makes, with the
// address actually dialled (after DNS), so a name that resolves to a
// private address is refused however it was reached.
func (l *HTTPLoader) guard(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return fmt.Errorf("%w (%s)", ErrBlockedAddress, host)
	}
	if ip.IsLoopback() && l.AllowLoopback {
		return nil
	}
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsMulticast() || ip.IsUnspecified() || ip.IsInterfaceLocalMulticast() || isSharedOrReserved(ip) {
		return fmt.Errorf("%w (%s)", ErrBlockedAddress, ip)
	}
	return nil
}

// checkHost refuses, by the URL alone, hosts that can only be local: IP
// literals in the blocked ranges and "localhost" names. Without a proxy the
// dialler's guard also checks the resolved address; through a proxy this is
// the check there is.
func (l *HTTPLoader) checkHost(u *url.URL) error {
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if a, err := netip.ParseAddr(host); err == nil { // IPv6 with a zone too
		return l.guard("tcp", net.JoinHostPort(a.WithZone("").String(), "0"), nil)
	}
	if ip, ok := looseIPv4(host); ok { // 2130706433, 127.1, 0x7f.1: the C resolver reads these as addresses
		return l.guard("tcp", net.JoinHostPort(ip.String(), "0"), nil)
	}
	switch {
	case l.AllowLoopback:
	case host == "localhost", strings.HasSuffix(host, ".localhost"), host == "localhost.localdomain",
		host == "ip6-localhost", host == "ip6-loopback":
		return fmt.Errorf("%w (%s)", ErrBlockedAddress, host)
	}
	return nil
}

// looseIPv4 reads an IPv4 address the way inet_aton does: one to four
// parts, each decimal, octal (leading 0) or hexadecimal (0x), the last
// part filling the remaining bytes.
func looseIPv4(s string) (netip.Addr, bool) {
	parts := strings.Split(s, ".")
	if len(parts) > 4 || s == "" {
		return netip.Addr{}, false
	}
	var vals []uint64
	for _, p := range parts {
		base, digits := 10, p
		switch {
		case strings.HasPrefix(p, "0x"):
			base, digits = 16, p[2:]
		case len(p) > 1 && p[0] == '0':
			base, digits = 8, p[1:]
		}
		if digits == "" && base != 8 {
			return netip.Addr{}, false
		}
		if digits == "" {
			digits = "0"
		}
		v, err := strconv.ParseUint(digits, base, 32)
		if err != nil {
			return netip.Addr{}, false
		}
		vals = append(vals, v)
	}
	var out uint64
	for i, v := range vals[:len(vals)-1] {
		if v > 255 {
			return netip.Addr{}, false
		}
		out |= v << (24 - 8*i)
	}
	last := vals[len(vals)-1]
	if last >= 1<<(8*(5-len(vals))) {
		return netip.Addr{}, false
	}
	out |= last
	return netip.AddrFrom4([4]byte{byte(out >> 24), byte(out >> 16), byte(out >> 8), byte(out)}), true
}

// isSharedOrReserved covers what net.IP's predicates leave out: carrier-grade
// NAT (100.64.0.0/10), "this network" (0.0.0.0/8) and the IPv4 limited broadcast.
func isSharedOrReserved(ip net.IP) bool {
	if v4 := ip.To4(); v4 != nil {
		return v4[0] == 0 || (v4[0] == 100 && v4[1]&0xc0 == 64) || v4.Equal(net.IPv4bcast)
	}
	return false
}

// fetch gets one image, enforcing the caps and checking the bytes. The URL
// is the one analysis parsed.
func (l *HTTPLoader) fetch(ctx context.Context, client *http.Client, r check.Resource, budget *byteBudget, proxyURL *url.URL) ([]byte, string, error) {
	u := r.Parsed
	if u == nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, "", fmt.Errorf("not a web address: %q", r.URL)
	}
	if err := l.checkHost(u); err != nil {
		return nil, "", err
	}
	// The message's budget is reserved before the request, so a message
	// of many images cannot make the loader download past it.
	limit := l.maxImage()
	granted := budget.reserve(limit)
	if granted == 0 {
		return nil, "", ErrMessageTooLarge
	}
	used := int64(0)
	defer func() { budget.refund(granted - used) }()
	ctx, cancel := context.WithTimeout(ctx, imageTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "image/avif,image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8")
	resp, err := client.Do(req)
	if err != nil {
		return nil, "", ClassifyNetError(err, u.Hostname(), proxyURL)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusProxyAuthRequired && proxyURL != nil {
		return nil, "", &Failure{Kind: ErrProxyRefused, Host: u.Hostname(), Proxy: proxyURL.Redacted(), Status: resp.Status}
	}
	if resp.StatusCode != http.StatusOK {
		return nil, "", &Failure{Kind: ErrHTTPStatus, Host: u.Hostname(), Status: resp.Status}
	}
	tooBig := func() error {
		if granted < limit {
			return ErrMessageTooLarge
		}
		return fmt.Errorf("%w (limit %d bytes)", ErrImageTooLarge, limit)
	}
	if resp.ContentLength > granted {
		return nil, "", tooBig()
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, granted+1))
	used = min(int64(len(data)), granted)
	if err != nil {
		return nil, "", ClassifyNetError(fmt.Errorf("reading the image: %w", err), u.Hostname(), proxyURL)
	}
	if int64(len(data)) > granted {
		return nil, "", tooBig()
	}
	ctype, err := sniffImage(data)
	if err != nil {
		return nil, "", err
	}
	if err := checkDimensions(data); err != nil {
		return nil, "", err
	}
	return data, ctype, nil
}

// checkDimensions refuses image bytes whose header declares more pixels
// than the window decodes (safedoc.MaxImagePixels), before anything decodes
// them: an 875 KB PNG can declare 30000x30000 pixels, 3.6 GB decoded.
func checkDimensions(data []byte) error {
	if _, err := safedoc.ImageSize(data); errors.Is(err, safedoc.ErrImageTooLarge) {
		return fmt.Errorf("%w: %w", ErrImageTooLarge, err)
	}
	return nil
}

// isProxyError tells whether a fetch failed at the proxy rather than at
// the image's server: the proxy could not be reached, or it refused the
// CONNECT (net/http reports its status text, e.g. "Proxy Authentication
// Required"). The request's own URL is left out of the test.
func isProxyError(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "proxyconnect" {
		return true
	}
	if errors.Is(err, errSOCKS) {
		return true
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var inner *net.OpError
	if errors.As(err, &inner) {
		return false // a network error on the way to the image's server
	}
	return strings.Contains(strings.ToLower(err.Error()), "proxy")
}

// sniffImage accepts the bytes only when they are an image format the view
// can show, whatever the server declared.
func sniffImage(data []byte) (string, error) {
	ctype := http.DetectContentType(data)
	switch ctype {
	case "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/x-icon", "image/avif":
		return ctype, nil
	}
	head := strings.ToLower(string(data[:min(len(data), 512)]))
	if strings.Contains(head, "<svg") {
		return "", ErrSVGRefused
	}
	return "", fmt.Errorf("%w (%s)", ErrNotAnImage, ctype)
}

// byteBudget is the per-message cap shared by the fetches of one load.
type byteBudget struct {
	mu   sync.Mutex
	left int64
}

// reserve takes up to n bytes of the budget and returns how many it got.
func (b *byteBudget) reserve(n int64) int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	n = min(n, b.left)
	b.left -= n
	return n
}

// refund gives back what a reservation did not use.
func (b *byteBudget) refund(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.left += n
}
