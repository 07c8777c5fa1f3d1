package ui

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"mailsafe/app"
	"mailsafe/internal/dovecottest"
)

// Against a real Dovecot whose inbox Gmail stamped: once the account's
// window connects, its trusted authentication server is found in its mail,
// stored as found, and the account's analyses trust that stamp.
func TestAuthServFoundInTheAccountsMailAgainstDovecot(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "app", "testdata", "authstamp", "gmail.eml"))
	if err != nil {
		t.Fatal(err)
	}
	d := dovecottest.Start(t, nil, nil, func(maildir string) {
		for i := range 6 {
			name := filepath.Join(maildir, "cur", "17000000"+strconv.Itoa(10+i)+".M1P1.test:2,")
			os.WriteFile(name, []byte(strings.ReplaceAll(string(raw), "\n", "\r\n")), 0o600)
		}
	})
	LoadTranslations()
	acct := app.Account{Email: "alex@example.org", Host: "127.0.0.1", Port: d.IMAPPort, Security: app.SecurityNone, Username: dovecottest.User}
	s, mw := addedAccount(t, acct, dovecottest.Password)
	defer mw.Window.Close()
	eventually(t, mw, "the stamp's server found and stored", func() bool {
		list, _ := s.Settings.Accounts()
		return len(list) == 1 && list[0].AuthServID == "mx.google.com" && list[0].AuthServDetected
	})
	if got := mw.reader().AuthServIDs; len(got) != 1 || got[0] != "mx.google.com" {
		t.Errorf("the account's analyses trust %v, want mx.google.com", got)
	}
}
