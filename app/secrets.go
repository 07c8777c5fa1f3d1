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

// Secrets keeps account passwords in the OS keyring, and nowhere else.
type Secrets struct{}

// NewSecrets returns the keyring store.
func NewSecrets() *Secrets { return &Secrets{} }

func keyringUser(a Account) string { return strings.ToLower(a.Username + "@" + a.Host) }

// Password returns the stored password of an account.
func (s *Secrets) Password(a Account) (string, error) {
	p, err := keyring.Get(keyringService, keyringUser(a))
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
	if err := keyring.Set(keyringService, keyringUser(a), password); err != nil {
		return keyringError("store the password", err)
	}
	return nil
}

// DeletePassword removes an account's password; a missing one is no error.
func (s *Secrets) DeletePassword(a Account) error {
	err := keyring.Delete(keyringService, keyringUser(a))
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
