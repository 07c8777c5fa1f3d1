package oauth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// RefreshStore keeps an account's refresh token: the OS keyring, and
// nowhere else. RefreshToken returns ErrNoRefreshToken when none is stored.
type RefreshStore interface {
	RefreshToken() (string, error)
	SetRefreshToken(string) error
}

// ErrNoRefreshToken means no refresh token is stored for the account.
var ErrNoRefreshToken = errors.New("no sign-in is stored for this account")

// earlyRefresh is how long before its expiry an access token is renewed,
// so that it does not expire in the middle of a session's login.
const earlyRefresh = 2 * time.Minute

// Tokens hands out an account's access token: kept in memory, renewed
// with the stored refresh token before it expires, and the refresh token
// the provider rotates stored again each time. Safe for concurrent use.
type Tokens struct {
	client Client
	store  RefreshStore // nil: a fixed access token
	now    func() time.Time

	mu      sync.Mutex
	access  *oauth2.Token
	refresh string // a rotated refresh token the store could not take: kept for this session
}

// NewTokens hands out access tokens for client, refreshing with the token in store.
func NewTokens(client Client, store RefreshStore) *Tokens {
	return &Tokens{client: client, store: store, now: time.Now}
}

// FixedToken is one access token given by the caller (MAILSAFE_ACCESS_TOKEN):
// used as it is, never refreshed, never stored.
func FixedToken(access string) *Tokens {
	return &Tokens{access: &oauth2.Token{AccessToken: access}, now: time.Now}
}

// SignedIn stores a sign-in's tokens: the refresh token in the store, the
// access token in memory.
func (t *Tokens) SignedIn(tok *oauth2.Token) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.access = tok
	if tok.RefreshToken == "" {
		return errors.New("the provider sent no refresh token (was offline_access granted?): you will have to sign in again when this access expires")
	}
	return t.keep(tok.RefreshToken)
}

// keep stores a new refresh token; if the store refuses it, it stays in
// memory for this session and the error says why.
func (t *Tokens) keep(refresh string) error {
	if err := t.store.SetRefreshToken(refresh); err != nil {
		t.refresh = refresh
		return fmt.Errorf("store the sign-in in the keyring: %w", err)
	}
	t.refresh = ""
	return nil
}

// AccessToken returns an access token valid for a while yet, refreshing it first when needed.
func (t *Tokens) AccessToken(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.access != nil && (t.store == nil || t.access.Expiry.IsZero() || t.access.Expiry.After(t.now().Add(earlyRefresh))) {
		return t.access.AccessToken, nil
	}
	if t.store == nil {
		return "", &Error{Step: "use the given access token", Problem: ProblemSignInAgain, Err: errors.New("it was refused and cannot be refreshed")}
	}
	refresh := t.refresh
	if refresh == "" {
		var err error
		if refresh, err = t.store.RefreshToken(); errors.Is(err, ErrNoRefreshToken) {
			return "", &Error{Step: "sign in with " + t.client.Provider.Name, Problem: ProblemSignInAgain, Err: err}
		} else if err != nil {
			return "", fmt.Errorf("read the sign-in from the keyring: %w", err)
		}
	}
	tok, err := t.client.Refresh(ctx, refresh)
	if err != nil {
		return "", err
	}
	t.access = tok
	if tok.RefreshToken != "" && tok.RefreshToken != refresh {
		if err := t.keep(tok.RefreshToken); err != nil {
			return tok.AccessToken, nil // the session goes on; the next start asks to sign in again
		}
	}
	return tok.AccessToken, nil
}

// Invalidate forgets the access token the server refused: the next
// AccessToken refreshes it. A fixed token is forgotten for good.
func (t *Tokens) Invalidate() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.store == nil {
		t.access = nil
		return
	}
	if t.access != nil {
		t.access = &oauth2.Token{AccessToken: t.access.AccessToken, Expiry: t.now().Add(-time.Second)}
	}
}
