package app

import (
	"context"
	"net"
	"strings"
	"time"

	"mailsafe/mailview"
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
	r := mailview.Reader{Contacts: c.Contacts}
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
