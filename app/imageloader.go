package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/image/bmp"
	"golang.org/x/image/webp"

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
	var decoding sync.Mutex // one image decoded at a time: the pixels of one, not of four, in memory
	jobs := make(chan check.Resource)
	var wg sync.WaitGroup
	for range min(parallelFetches, max(1, len(resources))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range jobs {
				data, ctype, err := l.fetch(ctx, client, r, budget, &decoding, opts.Proxy)
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
	viaProxy := opts.Proxy != nil
	if viaProxy {
		// The reader chose the proxy (often Tor on this computer), so the
		// connection to it is not guarded; the image's own host is checked
		// by name (vetURL), since the proxy resolves it: before the request,
		// on every redirect, and again on what is handed to the proxy.
		proxyDialer := &net.Dialer{Timeout: 10 * time.Second}
		proxyURL := opts.Proxy
		switch proxyURL.Scheme {
		case "socks5", "socks5h":
			transport.DialContext = socks5Dialer(proxyURL, proxyDialer, l.vetProxied)
		default:
			transport.DialContext = proxyDialer.DialContext
			transport.Proxy = func(req *http.Request) (*url.URL, error) {
				if _, err := l.vetURL(req.URL, true); err != nil {
					return nil, err
				}
				return proxyURL, nil
			}
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
			vetted, err := l.vetURL(req.URL, viaProxy)
			if err != nil {
				return err
			}
			req.URL = vetted // the redirect goes where it was checked to go
			if keepTrackersBlocked {
				// As the tracker checks read a URL: its canonical form, so
				// a vendor's path spelt in escapes is still the vendor's.
				canon := safedoc.ParseAddress(req.URL.String()).Canonical
				if canon == nil {
					canon = req.URL
				}
				if _, ok := rules.Classify(canon); ok {
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

// fetch gets one image, enforcing the caps and checking the bytes. The URL
// is the one analysis parsed.
func (l *HTTPLoader) fetch(ctx context.Context, client *http.Client, r check.Resource, budget *byteBudget, decoding *sync.Mutex, proxyURL *url.URL) ([]byte, string, error) {
	u := r.Parsed
	if u == nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, "", fmt.Errorf("not a web address: %q", r.URL)
	}
	u, err := l.vetURL(u, proxyURL != nil)
	if err != nil {
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
	req.Header.Set("Accept", "image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8")
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
	// The header alone proves little (a GIF header or a PNG's first chunk
	// can be followed by a web page): the image must decode whole, which
	// the pixel budget just checked keeps affordable.
	decoding.Lock()
	err = decodesAs(data, ctype)
	decoding.Unlock()
	if err != nil {
		return nil, "", err
	}
	return data, ctype, nil
}

// decodesAs decodes data whole with the decoder of the type it was sniffed
// as (for a GIF, its first frame, the one the view shows); an error says
// why it is not an image of that type.
func decodesAs(data []byte, ctype string) error {
	var decode func(io.Reader) (image.Image, error)
	switch ctype {
	case "image/png":
		decode = png.Decode
	case "image/jpeg":
		decode = jpeg.Decode
	case "image/gif":
		decode = gif.Decode
	case "image/webp":
		decode = webp.Decode
	case "image/bmp":
		decode = bmp.Decode
	default:
		return fmt.Errorf("%w (%s cannot be shown)", ErrNotAnImage, ctype)
	}
	if _, err := decode(bytes.NewReader(data)); err != nil {
		return fmt.Errorf("%w (its header is %s but the image does not decode as one: %v)", ErrNotAnImage, ctype, err)
	}
	return nil
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
// can show, whatever the server declared, and decode as that format.
func sniffImage(data []byte) (string, error) {
	ctype := http.DetectContentType(data)
	if headerDecoder(ctype) != nil {
		if _, err := decodeConfigAs(data, ctype); err != nil {
			return "", err
		}
		return ctype, nil
	}
	head := strings.ToLower(string(data[:min(len(data), 512)]))
	if strings.Contains(head, "<svg") {
		return "", ErrSVGRefused
	}
	return "", fmt.Errorf("%w (%s)", ErrNotAnImage, ctype)
}

// headerDecoder is the header reader of a format the view can show, by
// its sniffed type; nil for any other type.
func headerDecoder(ctype string) func(io.Reader) (image.Config, error) {
	switch ctype {
	case "image/png":
		return png.DecodeConfig
	case "image/jpeg":
		return jpeg.DecodeConfig
	case "image/gif":
		return gif.DecodeConfig
	case "image/webp":
		return webp.DecodeConfig
	case "image/bmp":
		return bmp.DecodeConfig
	}
	return nil
}

// decodeConfigAs reads data's header with the decoder of the type it was
// sniffed as: a PNG signature followed by a web page is not a PNG.
func decodeConfigAs(data []byte, ctype string) (image.Config, error) {
	decode := headerDecoder(ctype)
	if decode == nil {
		return image.Config{}, fmt.Errorf("%w (%s cannot be shown)", ErrNotAnImage, ctype)
	}
	cfg, err := decode(bytes.NewReader(data))
	if err != nil {
		return image.Config{}, fmt.Errorf("%w (it starts like %s but does not decode as one: %v)", ErrNotAnImage, ctype, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return image.Config{}, fmt.Errorf("%w (%s of %d×%d pixels)", ErrNotAnImage, ctype, cfg.Width, cfg.Height)
	}
	return cfg, nil
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
