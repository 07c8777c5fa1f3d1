package app

import (
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/zalando/go-keyring"

	"mailsafe/app/oauth"
)

// keyringService names mailsafe's entries in the OS keyring.
const keyringService = "mailsafe"

// ErrNoSecret means the keyring holds no password for an account.
var ErrNoSecret = errors.New("no password stored")

// ErrNoKeyring means no keyring (Secret Service) is available: passwords are
// then asked for each session and never written anywhere.
var ErrNoKeyring = errors.New("no keyring is available on this system (the Secret Service, e.g. GNOME Keyring, is not running); the password will be asked for each time and not stored")

// Keyring is where Secrets keeps passwords: the OS keyring in the app, a
// fake in tests. Get returns go-keyring's ErrNotFound for a missing entry.
// Each call may block (a locked keyring waits for the reader), so none may
// run on the UI goroutine.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// osKeyring is the OS keyring (the Secret Service on Linux) through go-keyring.
type osKeyring struct{}

func (osKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (osKeyring) Set(service, user, password string) error {
	return keyring.Set(service, user, password)
}
func (osKeyring) Delete(service, user string) error { return keyring.Delete(service, user) }

// Secrets keeps account passwords in the OS keyring, and nowhere else.
type Secrets struct{ kr Keyring }

// NewSecrets returns the OS keyring store.
func NewSecrets() *Secrets { return &Secrets{kr: osKeyring{}} }

// NewSecretsIn returns a store over another keyring (tests).
func NewSecretsIn(kr Keyring) *Secrets { return &Secrets{kr: kr} }

func keyringUser(a Account) string { return strings.ToLower(a.Username + "@" + a.Host) }

// Password returns the stored password of an account.
func (s *Secrets) Password(a Account) (string, error) {
	p, err := s.kr.Get(keyringService, keyringUser(a))
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return "", ErrNoSecret
	case err != nil:
		return "", keyringError("read the password", err)
	}
	return p, nil
}

// SetPassword stores an account's password.
func (s *Secrets) SetPassword(a Account, password string) error {
	if err := s.kr.Set(keyringService, keyringUser(a), password); err != nil {
		return keyringError("store the password", err)
	}
	return nil
}

// DeletePassword removes an account's password; a missing one is no error.
func (s *Secrets) DeletePassword(a Account) error {
	err := s.kr.Delete(keyringService, keyringUser(a))
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return keyringError("delete the password", err)
	}
	return nil
}

// keyringError reports a keyring failure: whatever the cause (no D-Bus
// session, no Secret Service, a locked collection), there is no usable
// keyring, and the password must be asked for instead.
func keyringError(step string, err error) error {
	return fmt.Errorf("%s: %w (%v)", step, ErrNoKeyring, err)
}

// Available tells whether the keyring can be used: nil when it answers
// (whether or not it holds anything), ErrNoKeyring otherwise. It may block
// like every keyring call.
func (s *Secrets) Available() error {
	_, err := s.kr.Get(keyringService, "mailsafe-probe")
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return keyringError("reach the keyring", err)
	}
	return nil
}

// refreshTokenUser names an account's refresh token in the keyring, apart
// from its password.
func refreshTokenUser(a Account) string { return "oauth2:" + keyringUser(a) }

// maxKeyringSecret is the largest secret the OS keyring takes, where it has
// a limit: Windows' Credential Manager holds 2,560 bytes
// (CRED_MAX_CREDENTIAL_BLOB_SIZE), macOS's Keychain about 3,000 bytes for
// service, account and secret together (go-keyring's ErrSetDataTooBig);
// the Secret Service has no small limit.
func maxKeyringSecret(goos, service, user string) int {
	switch goos {
	case "windows":
		return 2560
	case "darwin":
		return 3000 - len(service) - len(user)
	}
	return 1 << 20
}

// ErrSecretTooLarge is a secret larger than the keyring can hold.
var ErrSecretTooLarge = errors.New("the sign-in token is larger than this system's keyring can hold")

// RefreshToken returns an account's stored OAuth2 refresh token, or
// oauth.ErrNoRefreshToken.
func (s *Secrets) RefreshToken(a Account) (string, error) {
	t, err := s.kr.Get(keyringService, refreshTokenUser(a))
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return "", oauth.ErrNoRefreshToken
	case err != nil:
		return "", keyringError("read the sign-in", err)
	}
	return t, nil
}

// SetRefreshToken stores an account's refresh token (replacing the one it
// rotates), after checking that the keyring can hold it.
func (s *Secrets) SetRefreshToken(a Account, token string) error {
	if limit := maxKeyringSecret(runtime.GOOS, keyringService, refreshTokenUser(a)); len(token) > limit {
		return fmt.Errorf("store the sign-in of %s: %w (%d bytes, at most %d): it is kept for this session only, and you will be asked to sign in again next time",
			a.Username, ErrSecretTooLarge, len(token), limit)
	}
	if err := s.kr.Set(keyringService, refreshTokenUser(a), token); err != nil {
		return keyringError("store the sign-in", err)
	}
	return nil
}

// DeleteRefreshToken forgets an account's sign-in; a missing one is no error.
func (s *Secrets) DeleteRefreshToken(a Account) error {
	err := s.kr.Delete(keyringService, refreshTokenUser(a))
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return keyringError("delete the sign-in", err)
	}
	return nil
}

// keyringRefresh is one account's refresh token in the keyring, as
// oauth.Tokens stores it.
type keyringRefresh struct {
	s *Secrets
	a Account
}

func (k keyringRefresh) RefreshToken() (string, error)  { return k.s.RefreshToken(k.a) }
func (k keyringRefresh) SetRefreshToken(t string) error { return k.s.SetRefreshToken(k.a, t) }

// RefreshStore is where an account's refresh token is kept.
func (s *Secrets) RefreshStore(a Account) oauth.RefreshStore { return keyringRefresh{s, a} }
