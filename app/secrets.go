package app

import (
	"errors"
	"fmt"
	"strings"

	"github.com/zalando/go-keyring"
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
