package app

import (
	"context"
	"net"
	"strings"
	"time"

	"mailsafe/mailview"
	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
)

// dkimLookupTimeout bounds one DNS TXT query for a DKIM key: a slow or dead
// resolver makes the signature unverified, not the analysis stuck.
const dkimLookupTimeout = 5 * time.Second

// TXTResolver answers DNS TXT queries; *net.Resolver is one.
type TXTResolver interface {
	LookupTXT(ctx context.Context, name string) ([]string, error)
}

// ReaderConfig is what the analysis settings are made of.
type ReaderConfig struct {
	Me          []string          // the reader's own addresses
	Contacts    []message.Address // the people the reader knows, when known
	History     *check.History    // what the reader's own mail says about them (the correspondents store); nil: none
	AuthServIDs []string          // authserv-ids whose Authentication-Results are trusted; none: only the topmost
	// Lookups is the reader's consent to network lookups (scan --lookup,
	// the same consent as the registry lookups). Without it no DNS query
	// is made and DKIM signatures are not verified.
	Lookups bool
	// Resolver answers the DKIM key queries when Lookups is set; nil means
	// the system's (net.DefaultResolver). Tests give a fake.
	Resolver TXTResolver
}

// NewReader builds the analysis settings (mailview.Reader) from c. It is the
// one place they are built: every window and scan goes through it.
func NewReader(c ReaderConfig) mailview.Reader {
	r := mailview.Reader{Contacts: c.Contacts, History: c.History}
	for _, m := range c.Me {
		if m = strings.TrimSpace(m); m != "" {
			r.Me = append(r.Me, m)
		}
	}
	for _, id := range c.AuthServIDs {
		if id = strings.TrimSpace(id); id != "" {
			r.AuthServIDs = append(r.AuthServIDs, id)
		}
	}
	if c.Lookups {
		res := c.Resolver
		if res == nil {
			res = net.DefaultResolver
		}
		r.LookupTXT = func(name string) ([]string, error) {
			ctx, cancel := context.WithTimeout(context.Background(), dkimLookupTimeout)
			defer cancel()
			return res.LookupTXT(ctx, name)
		}
	}
	return r
}

// ReaderFor is the analysis settings for reading acct's mail: its address,
// the authserv-id set for it, contacts when they are known (nil for none),
// and DKIM verification over DNS when the reader allowed it in Settings
// (lookups; off by default, so no DNS query is made without consent).
func ReaderFor(acct Account, contacts []message.Address, lookups bool) mailview.Reader {
	c := ReaderConfig{Me: []string{acct.Email}, Contacts: contacts, Lookups: lookups}
	if acct.AuthServID != "" {
		c.AuthServIDs = []string{acct.AuthServID}
	}
	return NewReader(c)
}

// ValidAuthServID tells whether id can be an authserv-id as the reader
// types it: empty (none), or one name without spaces, semicolons or quotes.
func ValidAuthServID(id string) bool {
	return !strings.ContainsFunc(id, func(r rune) bool {
		return r <= ' ' || r == ';' || r == '"' || r == '(' || r == ')' || r == 0x7f
	})
}

// WithIdentity adds the reader's identity kept in s (Settings → My
// addresses and contacts) to r, the analysis settings of a window: every
// window reads with it, an account's or the demo's address beside them. For
// an account's window (r.Me starts with the account's address) it also sets
// the trusted authserv-id stored for the account.
// s nil: r as it is.
func WithIdentity(r mailview.Reader, s *Settings) mailview.Reader {
	if s == nil {
		return r
	}
	// An account's window: the authserv-id stored for the account now
	// (found in its mail after the window opened, or changed in Settings).
	if len(r.Me) > 0 {
		if id := s.authServIDFor(r.Me[0]); id != "" {
			r.AuthServIDs = []string{id}
		}
	}
	seen := map[string]bool{}
	me := make([]string, 0, len(r.Me))
	for _, a := range append(append([]string(nil), r.Me...), s.MyAddresses()...) {
		if k := strings.ToLower(strings.TrimSpace(a)); k != "" && !seen[k] {
			seen[k] = true
			me = append(me, strings.TrimSpace(a))
		}
	}
	r.Me = me
	if extra := s.Contacts(); len(extra) > 0 {
		r.Contacts = append(append([]message.Address(nil), r.Contacts...), extra...)
	}
	return r
}

// ReaderForFile is the analysis settings for a message opened from a file
// (raw is the message): the reader's addresses and contacts from s (nil:
// none). Without My addresses the message's own recipient stands for the
// reader — its Delivered-To, else its first To address — and is returned as
// assumed, for the window to say so; "" when My addresses were used or the
// message names no recipient.
func ReaderForFile(s *Settings, raw []byte) (r mailview.Reader, assumed string) {
	r = WithIdentity(NewReader(ReaderConfig{}), s)
	if len(r.Me) > 0 {
		return r, ""
	}
	h := message.Parse(raw).Header
	for _, field := range []string{"Delivered-To", "X-Original-To", "To"} {
		for _, a := range h.Addresses(field) {
			if validAddr(a.Addr) {
				r.Me = []string{a.Addr}
				return r, a.Addr
			}
		}
	}
	return r, ""
}
