package app

import (
	"context"
	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
	"net/url"
	"strings"
)

// LoadMode is what the reader allowed to load.
type LoadMode int

// Load modes, as the load bar offers them.
const (
	LoadKeepTrackersBlocked LoadMode = iota // images, but nothing that tracks
	LoadEverything                          // every image, trackers included
)

// LoadedImage is one fetched image, or why it could not be.
type LoadedImage struct {
	URL         string
	Data        []byte
	ContentType string
	Err         error
}

// LoadOptions are the reader's choices for one load.
type LoadOptions struct {
	Mode  LoadMode // also governs where redirects may go
	Proxy *url.URL // load through this proxy; nil loads directly
}

// ImageLoader fetches the images of a message after the reader consented.
// It is given exactly the resources AllowedResources returned for the
// options' mode; results come on the channel, which is closed when all are
// done.
type ImageLoader interface {
	Load(ctx context.Context, resources []check.Resource, opts LoadOptions) <-chan LoadedImage
}

// AllowedResources is the consent decision: which resources a load may
// fetch. Only images are ever fetched (never scripts, frames, style sheets,
// fonts or refresh targets); with LoadKeepTrackersBlocked, no tracker either.
func AllowedResources(resources []check.Resource, mode LoadMode) []check.Resource {
	var out []check.Resource
	seen := map[string]bool{}
	for _, r := range resources {
		if !r.Vector.Shown() || seen[r.URL] {
			continue
		}
		if mode == LoadKeepTrackersBlocked && r.Tracks {
			continue
		}
		seen[r.URL] = true
		out = append(out, r)
	}
	return out
}

// Sender trust: "always load images from this sender".

const prefTrustedSenders = "trusted-senders"

// TrustedSenders returns the addresses whose images load without asking
// (trackers stay blocked) when the message is shown to come from them.
func (s *Settings) TrustedSenders() []string {
	var out []string
	for _, a := range strings.Split(s.prefs.String(prefTrustedSenders), "\n") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// IsTrustedSender tells whether addr is on the list, compared canonically
// (message.CanonicalAddress). Being on the list is not enough for a message's
// images to load: see TrustFor.
func (s *Settings) IsTrustedSender(addr string) bool {
	c := message.CanonicalAddress(addr)
	if c == "" {
		return false
	}
	for _, a := range s.TrustedSenders() {
		if message.CanonicalAddress(a) == c {
			return true
		}
	}
	return false
}

// TrustSender adds addr to the trusted senders, in its canonical form.
func (s *Settings) TrustSender(addr string) {
	addr = message.CanonicalAddress(addr)
	if addr == "" || s.IsTrustedSender(addr) {
		return
	}
	s.prefs.SetString(prefTrustedSenders, strings.Join(append(s.TrustedSenders(), addr), "\n"))
}

// UntrustSender removes addr from the trusted senders.
func (s *Settings) UntrustSender(addr string) {
	c := message.CanonicalAddress(addr)
	var kept []string
	for _, a := range s.TrustedSenders() {
		if a != addr && (c == "" || message.CanonicalAddress(a) != c) {
			kept = append(kept, a)
		}
	}
	s.prefs.SetString(prefTrustedSenders, strings.Join(kept, "\n"))
}

// prefProxy holds the proxy images load through ("" for none).
const prefProxy = "image-proxy"

// Proxy returns the proxy images load through, or nil.
func (s *Settings) Proxy() *url.URL {
	u, err := ParseProxy(s.prefs.String(prefProxy))
	if err != nil {
		return nil
	}
	return u
}

// SetProxy checks and stores the proxy setting; "" removes it.
func (s *Settings) SetProxy(raw string) error {
	u, err := ParseProxy(raw)
	if err != nil {
		return err
	}
	if u == nil {
		s.prefs.SetString(prefProxy, "")
		return nil
	}
	s.prefs.SetString(prefProxy, u.String())
	return nil
}
