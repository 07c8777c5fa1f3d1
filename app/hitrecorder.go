package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"mailsafe/mailview/beacon"
)

// Hit is one request that reached a HitRecorder: what the sender of a
// tracking pixel learns when the reader loads it.
type Hit struct {
	Time      time.Time
	RemoteIP  string
	Method    string
	URL       string // path and query as requested
	Host      string
	UserAgent string
	Referer   string
	Cookie    string
	Language  string // Accept-Language
	// Recipient is the identifier in the URL that tells the sender which
	// reader loaded it (see beacon.RecipientToken), or "".
	Recipient string
}

// HitRecorder is an HTTP server on a loopback port that records every
// connection and request it receives. The demo uses it as the senders'
// beacon server, so a trainer can show what loading images reveals; the
// no-leak tests use it to prove that nothing was requested.
type HitRecorder struct {
	ln      net.Listener
	srv     *http.Server
	mu      sync.Mutex
	conns   int
	hits    []Hit
	respond http.Handler
}

// StartHitRecorder listens on 127.0.0.1 at a free port. respond answers the
// requests after they are recorded; nil answers with a 1x1 transparent GIF,
// the shape of a tracking pixel.
func StartHitRecorder(respond http.Handler) (*HitRecorder, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("hit recorder: listen on loopback: %w", err)
	}
	if respond == nil {
		respond = http.HandlerFunc(servePixel)
	}
	h := &HitRecorder{respond: respond}
	h.ln = &countingListener{Listener: ln, onAccept: func() {
		h.mu.Lock()
		h.conns++
		h.mu.Unlock()
	}}
	h.srv = &http.Server{Handler: http.HandlerFunc(h.serve), ReadHeaderTimeout: 5 * time.Second}
	go h.srv.Serve(h.ln)
	return h, nil
}

// Addr returns "127.0.0.1:PORT".
func (h *HitRecorder) Addr() string { return h.ln.Addr().String() }

// Connections returns how many TCP connections were accepted, including ones
// that never sent a valid request (a TLS handshake, say).
func (h *HitRecorder) Connections() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.conns
}

// Hits returns a copy of the requests recorded so far.
func (h *HitRecorder) Hits() []Hit {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Hit(nil), h.hits...)
}

// Close stops the server.
func (h *HitRecorder) Close(ctx context.Context) error {
	if err := h.srv.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (h *HitRecorder) serve(w http.ResponseWriter, r *http.Request) {
	ip, _, _ := net.SplitHostPort(r.RemoteAddr)
	h.mu.Lock()
	h.hits = append(h.hits, Hit{
		Time: time.Now(), RemoteIP: ip, Method: r.Method, URL: r.URL.RequestURI(), Host: r.Host,
		UserAgent: r.UserAgent(), Referer: r.Referer(), Cookie: r.Header.Get("Cookie"), Language: r.Header.Get("Accept-Language"),
		Recipient: beacon.RecipientToken(r.URL),
	})
	h.mu.Unlock()
	h.respond.ServeHTTP(w, r)
}

// transparentGIF is the classic 1x1 tracking pixel.
var transparentGIF = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")

func servePixel(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "image/gif")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(transparentGIF)
}

type countingListener struct {
	net.Listener
	onAccept func()
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.onAccept()
	}
	return c, err
}
