package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"mailsafe/app"
)

func TestErrorsSpeakTheReadersLanguage(t *testing.T) {
	englishSystem(t)
	l := NewLanguages()
	login := fmt.Errorf("log in to mail.example.org:993: %w (AUTHENTICATIONFAILED)", app.ErrLoginFailed)
	bad := app.NewSettings(nil, nil).UpdateAccount(app.Account{}, app.Account{Host: "h", Port: 0, Username: "u", Security: app.SecurityTLS}, "")
	for _, c := range []struct {
		choice string
		err    error
		want   []string
	}{
		{app.LanguageJapanese, login, []string{"ユーザー名またはパスワードを受け付けませんでした", "(log in to mail.example.org:993"}},
		{app.LanguageEnglish, login, []string{"refused the user name or password", "AUTHENTICATIONFAILED"}},
		{app.LanguageJapanese, bad, []string{"ポートは 1 から 65535"}},
		{app.LanguageJapanese, &app.CertificateError{Host: "mail.example.org", Fingerprint: "abcdef", Reason: errors.New("x509: unknown authority")}, []string{"mail.example.orgの証明書を検証できませんでした", "AB:CD:EF"}},
		{app.LanguageJapanese, errors.New("something unforeseen"), []string{"something unforeseen"}},
	} {
		l.Apply(c.choice)
		got := errorText(c.err)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: errorText(%v) = %q, want %q in it", c.choice, c.err, got, w)
			}
		}
		if strings.Contains(errorLine(c.err), "\n") {
			t.Errorf("errorLine keeps a line break: %q", errorLine(c.err))
		}
	}
}
