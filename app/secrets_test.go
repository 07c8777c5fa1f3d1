package app

import (
	"errors"
	"mailsafe/internal/dovecottest"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

var keyringAccount = Account{Host: "mail.example.org", Username: "alex"}

func exerciseSecrets(t *testing.T) {
	t.Helper()
	s := NewSecrets()
	s.DeletePassword(keyringAccount)
	if _, err := s.Password(keyringAccount); !errors.Is(err, ErrNoSecret) {
		t.Fatalf("empty keyring: %v", err)
	}
	if err := s.SetPassword(keyringAccount, "correct horse"); err != nil {
		t.Fatal(err)
	}
	if p, err := s.Password(keyringAccount); err != nil || p != "correct horse" {
		t.Fatalf("read back %q %v", p, err)
	}
	if err := s.DeletePassword(keyringAccount); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Password(keyringAccount); !errors.Is(err, ErrNoSecret) {
		t.Fatalf("after delete: %v", err)
	}
}

func TestSecretsWithMock(t *testing.T) {
	keyring.MockInit()
	exerciseSecrets(t)
}

// TestSecretsWithRealSecretService stores, reads and deletes a password in a
// real GNOME Keyring, started unlocked in a private D-Bus session.
func TestSecretsWithRealSecretService(t *testing.T) {
	if os.Getenv("MAILSAFE_IN_DBUS") == "1" {
		exerciseSecrets(t)
		return
	}
	for _, bin := range []string{"dbus-run-session", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(bin); err != nil {
			dovecottest.NeedRealPart(t, bin+" (packages dbus and gnome-keyring)")
		}
	}
	script := `printf 'mailsafe-test' | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null 2>&1 && exec "$0" -test.run '^TestSecretsWithRealSecretService$' -test.v`
	cmd := exec.Command("dbus-run-session", "--", "sh", "-c", script, os.Args[0])
	cmd.Env = append(os.Environ(), "MAILSAFE_IN_DBUS=1", "HOME="+t.TempDir(), "XDG_DATA_HOME="+t.TempDir(), "XDG_RUNTIME_DIR="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestSecretsWithRealSecretService") {
		t.Fatalf("inside a D-Bus session with GNOME Keyring: %v\n%s", err, out)
	}
}

// TestSecretsWithoutSecretService: with no D-Bus session to reach, the
// keyring reports that no keyring is available (so the password is asked
// for each session), not a raw D-Bus error.
func TestSecretsWithoutSecretService(t *testing.T) {
	if os.Getenv("MAILSAFE_NO_DBUS") == "1" {
		_, err := NewSecrets().Password(keyringAccount)
		if !errors.Is(err, ErrNoKeyring) || !strings.Contains(err.Error(), "no keyring is available") {
			t.Fatalf("err = %v", err)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestSecretsWithoutSecretService$", "-test.v")
	cmd.Env = append(os.Environ(), "MAILSAFE_NO_DBUS=1", "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestSecretsWithoutSecretService") {
		t.Fatalf("%v\n%s", err, out)
	}
}
