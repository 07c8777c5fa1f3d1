package app

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/zalando/go-keyring"
)

func TestAccountsLiveInPreferencesPasswordsInTheKeyring(t *testing.T) {
	keyring.MockInit()
	a := test.NewTempApp(t)
	s := NewSettings(a.Preferences(), NewSecrets())
	acct := Account{Name: "Alex", Email: "alex@example.org", Host: "mail.example.org", Port: 993, Security: SecurityTLS, Username: "alex"}
	if err := s.SaveAccount(acct, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	list, err := s.Accounts()
	if err != nil || len(list) != 1 || list[0] != acct {
		t.Fatalf("accounts %+v %v", list, err)
	}
	if stored := a.Preferences().String(prefAccounts); strings.Contains(stored, "correct horse") {
		t.Fatalf("the password reached the preferences: %s", stored)
	}
	if p, err := NewSecrets().Password(acct); err != nil || p != "correct horse battery" {
		t.Fatalf("keyring: %q %v", p, err)
	}
	// Editing keeps one entry; pinning a certificate is kept.
	acct.PinnedCert = strings.Repeat("ab", 32)
	s.SaveAccount(acct, "")
	if list, _ := s.Accounts(); len(list) != 1 || list[0].PinnedCert != acct.PinnedCert {
		t.Fatalf("after edit: %+v", list)
	}
	if err := s.RemoveAccount(acct); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.Accounts(); len(list) != 0 {
		t.Fatalf("after remove: %+v", list)
	}
	if _, err := NewSecrets().Password(acct); !errors.Is(err, ErrNoSecret) {
		t.Fatalf("the password survived the account: %v", err)
	}
	if s.MarkReadWhenOpened() {
		t.Errorf("mark as read is on by default")
	}
}

func TestAccountValidationNamesTheField(t *testing.T) {
	s := NewSettings(test.NewTempApp(t).Preferences(), nil)
	for _, c := range []struct {
		a    Account
		want string
	}{
		{Account{Port: 993, Username: "a", Security: SecurityTLS}, "server name"},
		{Account{Host: "h", Port: 0, Username: "a", Security: SecurityTLS}, "port"},
		{Account{Host: "h", Port: 993, Security: SecurityTLS}, "user name"},
		{Account{Host: "h", Port: 993, Username: "a"}, "security"},
		{Account{Host: "mail.example.org", Port: 143, Username: "a", Security: SecurityNone}, "loopback"},
	} {
		if err := s.SaveAccount(c.a, ""); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want it to name %q", c.a, err, c.want)
		}
	}
}

func TestEditingAnAccountMovesItsPasswordAndForgetsCertificates(t *testing.T) {
	keyring.MockInit()
	s := NewSettings(test.NewTempApp(t).Preferences(), NewSecrets())
	old := Account{Email: "kim@example.org", Host: "mail.example.org", Port: 993, Security: SecurityTLS, Username: "kim", PinnedCert: strings.Repeat("cd", 32)}
	other := Account{Email: "lee@example.net", Host: "imap.example.net", Port: 993, Security: SecurityTLS, Username: "lee"}
	s.SaveAccount(old, "kim's secret")
	s.SaveAccount(other, "lee's secret")

	moved := old
	moved.Host = "imap.example.org"
	if err := s.UpdateAccount(old, moved, ""); err != nil {
		t.Fatal(err)
	}
	moved.PinnedCert = "" // it was trusted for the old server only
	list, _ := s.Accounts()
	if len(list) != 2 || list[0] != moved || list[1] != other {
		t.Fatalf("after moving the server: %+v", list)
	}
	if p, err := NewSecrets().Password(moved); err != nil || p != "kim's secret" {
		t.Errorf("the password did not follow the account: %q %v", p, err)
	}
	if _, err := NewSecrets().Password(old); !errors.Is(err, ErrNoSecret) {
		t.Errorf("the old entry's password stayed in the keyring: %v", err)
	}
	if err := s.UpdateAccount(moved, Account{Host: "x"}, ""); err == nil {
		t.Errorf("an invalid edit was accepted")
	}
	if list, _ := s.Accounts(); list[0].PinnedCert != "" {
		t.Errorf("the certificate trusted for %s is still trusted for %s", old.Host, moved.Host)
	}
	// An edit onto another account is refused and changes nothing.
	clash := moved
	clash.Username, clash.Host = other.Username, other.Host
	if err := s.UpdateAccount(moved, clash, "typo"); !errors.Is(err, ErrDuplicateAccount) {
		t.Errorf("editing onto another account: %v", err)
	}
	if p, _ := NewSecrets().Password(other); p != "lee's secret" {
		t.Errorf("the other account's password was overwritten: %q", p)
	}
	if list, _ := s.Accounts(); len(list) != 2 {
		t.Errorf("after the refused edit: %+v", list)
	}
	moved.PinnedCert = strings.Repeat("ef", 32)
	s.SaveAccount(moved, "")

	if err := s.ForgetCertificate(moved); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.Accounts(); list[0].PinnedCert != "" || list[0].Host != moved.Host {
		t.Errorf("after forgetting the certificate: %+v", list[0])
	}

	if s.Language() != LanguageSystem {
		t.Errorf("language defaults to %q, want the system's", s.Language())
	}
	s.SetLanguage("ja")
	if s.Language() != LanguageJapanese {
		t.Errorf("language = %q after choosing Japanese", s.Language())
	}
	s.SetLanguage("klingon")
	if s.Language() != LanguageSystem {
		t.Errorf("an unknown language was stored: %q", s.Language())
	}
}
