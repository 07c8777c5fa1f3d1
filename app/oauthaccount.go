package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"mailsafe/app/oauth"
)

// Preference keys of the OAuth2 defaults: the client ID (and, for Google's
// desktop clients, the client "secret" that is not secret) an organization
// registered, used by every account that names none of its own.
func prefClientID(p oauth.ProviderID) string     { return "oauth-client-id-" + string(p) }
func prefClientSecret(p oauth.ProviderID) string { return "oauth-client-secret-" + string(p) }

// DefaultClientID is the client ID accounts of provider p sign in as by default.
func (s *Settings) DefaultClientID(p oauth.ProviderID) string { return s.prefs.String(prefClientID(p)) }

// SetDefaultClientID changes it.
func (s *Settings) SetDefaultClientID(p oauth.ProviderID, id string) {
	s.prefs.SetString(prefClientID(p), id)
}

// DefaultClientSecret is the client secret a provider gives desktop
// clients (Google): public by design, so a setting, not a keyring secret.
func (s *Settings) DefaultClientSecret(p oauth.ProviderID) string {
	return s.prefs.String(prefClientSecret(p))
}

// SetDefaultClientSecret changes it.
func (s *Settings) SetDefaultClientSecret(p oauth.ProviderID, v string) {
	s.prefs.SetString(prefClientSecret(p), v)
}

// SetOAuthProviders replaces the bundled provider table (tests and the
// demo point it at a local authorization server).
func (s *Settings) SetOAuthProviders(ps []oauth.Provider, hc *http.Client) {
	s.oauthProviders, s.oauthHTTP = ps, hc
}

// OAuthProvider returns a provider of the table in use that mailsafe
// signs in to with OAuth2.
func (s *Settings) OAuthProvider(id oauth.ProviderID) (oauth.Provider, bool) {
	ps := s.oauthProviders
	if ps == nil {
		ps = oauth.Providers()
	}
	for _, p := range ps {
		if p.ID == id && p.OAuth() {
			return p, true
		}
	}
	return oauth.Provider{}, false
}

// OAuthClient is the client an account signs in as: its provider, its own
// client ID or the default one, its tenant.
func (s *Settings) OAuthClient(a Account) (oauth.Client, error) {
	p, ok := s.OAuthProvider(a.OAuth.Provider)
	if !ok {
		return oauth.Client{}, fmt.Errorf("the account's sign-in provider %q is unknown", a.OAuth.Provider)
	}
	c := oauth.Client{Provider: p, ClientID: a.OAuth.ClientID, Tenant: a.OAuth.Tenant, HTTP: s.oauthHTTP}
	if c.ClientID == "" {
		c.ClientID = s.DefaultClientID(p.ID)
	}
	c.Secret = s.DefaultClientSecret(p.ID)
	return c, nil
}

// AccountTokens hands out an OAuth2 account's access tokens, refreshed with
// the refresh token in the keyring.
func (s *Settings) AccountTokens(a Account) (*oauth.Tokens, error) {
	if s.secrets == nil {
		return nil, ErrNoKeyring
	}
	c, err := s.OAuthClient(a)
	if err != nil {
		return nil, err
	}
	return oauth.NewTokens(c, s.secrets.RefreshStore(a)), nil
}

// SignIn signs an OAuth2 account in through the browser (open); where no
// browser opens and the provider has a sign-in with a code, show tells the
// reader the code to type on another device (show may be nil: no such
// fallback). The refresh token goes to the keyring; the tokens returned
// hold the access token. A keyring that cannot take the token is reported
// with the tokens: the session can go on, and the reader is asked to sign
// in again next time.
func (s *Settings) SignIn(ctx context.Context, a Account, open oauth.Browser, show func(oauth.DeviceCode), page oauth.Page) (*oauth.Tokens, error) {
	tokens, err := s.AccountTokens(a)
	if err != nil {
		return nil, err
	}
	c, _ := s.OAuthClient(a)
	c.Page = page
	tok, err := c.SignIn(ctx, open, a.Email)
	if errors.Is(err, oauth.ErrNoBrowser) && c.Provider.DeviceURL != "" && show != nil {
		tok, err = c.SignInDevice(ctx, show)
	}
	if err != nil {
		return nil, err
	}
	return tokens, tokens.SignedIn(tok)
}

// ForgetSignIn removes an account's stored sign-in (a sign-in made in a
// form the reader then cancelled); a missing one is no error.
func (s *Settings) ForgetSignIn(a Account) error {
	if s.secrets == nil {
		return nil
	}
	return s.secrets.DeleteRefreshToken(a)
}
