package oauth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"golang.org/x/oauth2"
)

// Client is mailsafe signing in to a provider as an organization's
// registered public client.
type Client struct {
	Provider Provider
	ClientID string
	// Secret is sent only where the provider wants one from desktop
	// clients (Google): a value any user of the app can read, not a secret.
	Secret string
	Tenant string       // Microsoft: common, organizations or a tenant id; "" for the provider's default
	HTTP   *http.Client // nil: Go's default client (system roots, TLS verified)
	Page   Page
}

// Page is what the browser shows after the redirect reached mailsafe:
// done or failed. Empty: a short English text.
type Page struct{ Done, Failed string }

// ErrNoBrowser means the sign-in page could not be opened in a browser:
// the device-code flow is the way left.
var ErrNoBrowser = errors.New("no browser could be opened for the sign-in")

// ErrNoClientID means no client ID is configured for the provider.
var ErrNoClientID = errors.New("no client ID is configured")

func (c Client) config(redirect string) (*oauth2.Config, error) {
	if c.ClientID == "" {
		return nil, &Error{Step: "prepare the sign-in with " + c.Provider.Name, Problem: ProblemNoClient, Err: ErrNoClientID}
	}
	secret := ""
	if c.Provider.SecretRequired {
		secret = c.Secret
	}
	return &oauth2.Config{ClientID: c.ClientID, ClientSecret: secret, RedirectURL: redirect, Scopes: c.Provider.Scopes,
		Endpoint: oauth2.Endpoint{AuthURL: c.Provider.endpoint(c.Provider.AuthURL, c.Tenant), TokenURL: c.Provider.endpoint(c.Provider.TokenURL, c.Tenant),
			DeviceAuthURL: c.Provider.endpoint(c.Provider.DeviceURL, c.Tenant), AuthStyle: oauth2.AuthStyleInParams}}, nil
}

func (c Client) ctx(ctx context.Context) context.Context {
	if c.HTTP != nil {
		return context.WithValue(ctx, oauth2.HTTPClient, c.HTTP)
	}
	return ctx
}

// Browser opens a URL in the reader's browser.
type Browser func(u *url.URL) error

// SignIn runs the authorization code flow with PKCE (RFC 7636) and a
// loopback redirect (RFC 8252): it listens on a free port of this
// computer, opens the provider's sign-in page with open, and waits until
// the browser comes back with the code (or an error), or ctx ends.
// loginHint is the address to sign in as (may be empty).
func (c Client) SignIn(ctx context.Context, open Browser, loginHint string) (*oauth2.Token, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen for the sign-in's redirect on this computer: %w", err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	// "localhost" is what Entra ID and Google register for desktop apps
	// (any port); a browser may try ::1 first, so listen there too.
	if ln6, err := net.Listen("tcp", net.JoinHostPort("::1", strconv.Itoa(port))); err == nil {
		defer ln6.Close()
		go c.serve(ln6, nil)
	}
	redirect := fmt.Sprintf("http://localhost:%d/", port)
	conf, err := c.config(redirect)
	if err != nil {
		return nil, err
	}
	state := randomString()
	verifier := oauth2.GenerateVerifier()
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier)}
	if loginHint != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", loginHint))
	}
	authURL, err := url.Parse(conf.AuthCodeURL(state, opts...))
	if err != nil {
		return nil, fmt.Errorf("the sign-in address of %s is not a URL: %w", c.Provider.Name, err)
	}
	type answer struct{ code, errCode, errDesc string }
	answers := make(chan answer, 1)
	srv := c.serve(ln, func(q url.Values) bool {
		if q.Get("state") != state {
			return false // not our sign-in: a stale tab, or another page
		}
		select {
		case answers <- answer{q.Get("code"), q.Get("error"), q.Get("error_description")}:
		default:
		}
		return q.Get("code") != ""
	})
	defer srv.Close()
	if err := open(authURL); err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrNoBrowser, err)
	}
	var a answer
	select {
	case a = <-answers:
	case <-ctx.Done():
		return nil, fmt.Errorf("sign in with %s: %w", c.Provider.Name, ctx.Err())
	}
	if a.code == "" {
		if a.errCode == "" {
			a.errCode = "no code"
		}
		return nil, classify("sign in with "+c.Provider.Name, a.errCode, a.errDesc, nil)
	}
	tok, err := conf.Exchange(c.ctx(ctx), a.code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, fromOAuth2("get the tokens from "+c.Provider.Name, err)
	}
	return tok, nil
}

// serve answers the browser's redirect; got reports its query and tells
// whether the sign-in succeeded. A nil got only says the page is stale.
func (c Client) serve(ln net.Listener, got func(url.Values) bool) *http.Server {
	done, failed := c.Page.Done, c.Page.Failed
	if done == "" {
		done = "You are signed in. You can close this tab and go back to mailsafe."
	}
	if failed == "" {
		failed = "The sign-in did not finish. Go back to mailsafe to see why."
	}
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		text := failed
		if got != nil && got(r.URL.Query()) {
			text = done
		}
		fmt.Fprintf(w, "<!doctype html><meta charset=utf-8><title>mailsafe</title><p>%s</p>", html.EscapeString(text))
	})}
	go srv.Serve(ln)
	return srv
}

func randomString() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DeviceCode is what the reader types on another device to sign in.
type DeviceCode struct {
	UserCode        string
	VerificationURI string
	Expiry          time.Time
}

// ErrNoDeviceFlow means the provider has no device-code sign-in for mail.
var ErrNoDeviceFlow = errors.New("this provider offers no sign-in with a code for mail; sign in with the browser instead")

// SignInDevice runs the device-code flow (RFC 8628), for where no browser
// can be opened: show tells the reader the code and where to type it; the
// call returns when they have signed in, or ctx ends.
func (c Client) SignInDevice(ctx context.Context, show func(DeviceCode)) (*oauth2.Token, error) {
	if c.Provider.DeviceURL == "" {
		return nil, fmt.Errorf("sign in with %s: %w", c.Provider.Name, ErrNoDeviceFlow)
	}
	conf, err := c.config("")
	if err != nil {
		return nil, err
	}
	da, err := conf.DeviceAuth(c.ctx(ctx))
	if err != nil {
		return nil, fromOAuth2("ask "+c.Provider.Name+" for a sign-in code", err)
	}
	show(DeviceCode{UserCode: da.UserCode, VerificationURI: da.VerificationURI, Expiry: da.Expiry})
	tok, err := conf.DeviceAccessToken(c.ctx(ctx), da)
	if err != nil {
		return nil, fromOAuth2("wait for the sign-in with the code", err)
	}
	return tok, nil
}

// Refresh trades a refresh token for a new access token (and, where the
// provider rotates them, a new refresh token).
func (c Client) Refresh(ctx context.Context, refresh string) (*oauth2.Token, error) {
	conf, err := c.config("")
	if err != nil {
		return nil, err
	}
	tok, err := conf.TokenSource(c.ctx(ctx), &oauth2.Token{RefreshToken: refresh}).Token()
	if err != nil {
		return nil, fromOAuth2("refresh the access token with "+c.Provider.Name, err)
	}
	return tok, nil
}
