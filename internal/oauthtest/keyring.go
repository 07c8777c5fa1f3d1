package oauthtest

import (
	"sync"

	"github.com/zalando/go-keyring"
)

// Keyring is a keyring in memory (app.Keyring) that may be used from
// several goroutines (go-keyring's mock may not: the app writes the
// keyring off the UI goroutine while a test reads it), and counts writes.
type Keyring struct {
	mu     sync.Mutex
	m      map[string]string
	writes int
}

// NewKeyring returns an empty keyring.
func NewKeyring() *Keyring { return &Keyring{m: map[string]string{}} }

// Get returns an entry, or go-keyring's ErrNotFound.
func (k *Keyring) Get(service, user string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.m[service+"/"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

// Set stores an entry.
func (k *Keyring) Set(service, user, v string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.m[service+"/"+user] = v
	k.writes++
	return nil
}

// Delete removes an entry; a missing one is no error.
func (k *Keyring) Delete(service, user string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.m, service+"/"+user)
	return nil
}

// Writes tells how many entries were stored.
func (k *Keyring) Writes() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.writes
}
