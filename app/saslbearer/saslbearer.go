// Package saslbearer holds the SASL client mechanisms that sign in to IMAP
// with an OAuth2 bearer token: XOAUTH2 (Google's, which Exchange Online and
// Gmail offer; go-sasl no longer has it, so it is written here) and
// OAUTHBEARER (RFC 7628, built on go-sasl's), and the choice between them
// from what the server offers.
package saslbearer

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/emersion/go-sasl"
)

// Mechanism is a SASL mechanism name as CAPABILITY lists it after AUTH=.
type Mechanism string

// The bearer-token mechanisms, in the order they are preferred: the
// standard one first.
const (
	OAuthBearer Mechanism = "OAUTHBEARER"
	XOAuth2     Mechanism = "XOAUTH2"
)

// ErrNoBearerMechanism means the server offers neither mechanism.
var ErrNoBearerMechanism = errors.New("the server offers no OAuth2 sign-in (neither AUTH=OAUTHBEARER nor AUTH=XOAUTH2)")

// Choose picks the mechanism to use from the server's AUTH= capabilities
// (as listed, any case).
func Choose(offered []string) (Mechanism, error) {
	has := map[Mechanism]bool{}
	for _, m := range offered {
		has[Mechanism(strings.ToUpper(strings.TrimPrefix(strings.ToUpper(m), "AUTH=")))] = true
	}
	for _, m := range []Mechanism{OAuthBearer, XOAuth2} {
		if has[m] {
			return m, nil
		}
	}
	return "", ErrNoBearerMechanism
}

// ServerError is the server's JSON answer to a refused token (RFC 7628
// section 3.2.2; Google's XOAUTH2 sends the same form), kept as sent.
type ServerError struct {
	Mechanism Mechanism
	Status    string `json:"status"`
	Schemes   string `json:"schemes"`
	Scope     string `json:"scope"`
	Raw       string `json:"-"`
}

func (e *ServerError) Error() string {
	if e.Status == "" {
		return fmt.Sprintf("%s: the server refused the token (%s)", e.Mechanism, e.Raw)
	}
	return fmt.Sprintf("%s: the server refused the token (status %s)", e.Mechanism, e.Status)
}

// NewClient returns the client side of mech for user and token. host and
// port are what OAUTHBEARER sends along (XOAUTH2 has no place for them).
// When the server refuses the token, the client answers as each mechanism
// requires (so the server ends the exchange with NO) and keeps the
// server's reason: LastError returns it.
func NewClient(mech Mechanism, user, token, host string, port int) (*Client, error) {
	switch mech {
	case OAuthBearer:
		return &Client{mech: mech, inner: sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: user, Token: token, Host: host, Port: port})}, nil
	case XOAuth2:
		return &Client{mech: mech, inner: xoauth2{user: user, token: token}}, nil
	}
	return nil, fmt.Errorf("unknown SASL mechanism %q", mech)
}

// Client is a bearer-token SASL client (a go-sasl Client).
type Client struct {
	mech  Mechanism
	inner sasl.Client
	err   *ServerError
}

// Start sends the initial response: the user and the token.
func (c *Client) Start() (string, []byte, error) {
	_, ir, err := c.inner.Start()
	return string(c.mech), ir, err
}

// Next answers a challenge. The only challenge either mechanism knows is
// the server's error, answered with a lone ^A (RFC 7628 section 3.2.3);
// the server then ends the exchange with NO. XOAUTH2 asks for an empty
// response there, but an IMAP client can only send that as "=", which
// Dovecot refuses as bad base64 (BAD instead of NO); any response ends
// the exchange, and ^A is one every server reads.
func (c *Client) Next(challenge []byte) ([]byte, error) {
	e := &ServerError{Mechanism: c.mech, Raw: string(challenge)}
	_ = json.Unmarshal(challenge, e) // a server may send text instead of JSON: Raw keeps it
	c.err = e
	return []byte{0x01}, nil
}

// LastError is the server's reason for refusing the token, or nil.
func (c *Client) LastError() *ServerError { return c.err }

// xoauth2 is the XOAUTH2 initial response:
// "user=" user ^A "auth=Bearer " token ^A ^A.
type xoauth2 struct{ user, token string }

func (x xoauth2) Start() (string, []byte, error) {
	if strings.ContainsRune(x.user, 0x01) || strings.ContainsRune(x.token, 0x01) {
		return "", nil, errors.New("XOAUTH2: the user name or token holds a control character")
	}
	return string(XOAuth2), []byte("user=" + x.user + "\x01auth=Bearer " + x.token + "\x01\x01"), nil
}

func (x xoauth2) Next([]byte) ([]byte, error) { return []byte{0x01}, nil } // not used: Client answers
