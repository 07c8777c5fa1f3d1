package ui

import (
	"context"
	"net/url"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
	"mailsafe/app/oauth"
)

// accountTokens are an OAuth2 account's tokens for this session: one set
// per account, so the access token in memory outlives a reconnection.
func (s *Session) accountTokens(acct app.Account) app.BearerTokens {
	if t := s.tokens[accountKey(acct)]; t != nil {
		return t
	}
	t, err := s.Settings.AccountTokens(acct)
	if err != nil {
		return failedTokens{err}
	}
	s.tokens[accountKey(acct)] = t
	return t
}

// failedTokens is a sign-in that cannot start (no keyring, an unknown
// provider): every connection says why.
type failedTokens struct{ err error }

func (f failedTokens) AccessToken(context.Context) (string, error) { return "", f.err }
func (f failedTokens) Invalidate()                                 {}

// askSignInAgain says an OAuth2 account's sign-in has expired or was
// refused, why in words, and offers the button that signs in again in the
// browser; the window connects once the reader has.
func (s *Session) askSignInAgain(aw *accountWindow, cause error) {
	p, ok := s.Settings.OAuthProvider(aw.acct.OAuth.Provider)
	if !ok {
		dialog.ShowError(readerError{cause}, aw.mw.Window)
		return
	}
	text := widget.NewLabel(errorText(cause))
	text.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	signIn := widget.NewButtonWithIcon(lang.L("Sign in with {{.Provider}}", map[string]any{"Provider": p.Name}), theme.LoginIcon(), func() {
		d.Hide()
		b := s.busy(aw.mw.Window, lang.L("form.signin.waiting", map[string]any{"Provider": p.Name}))
		acct := aw.acct
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			open := s.browser
			if open == nil {
				open = func(u *url.URL) error { return s.App.OpenURL(u) }
			}
			t, err := s.Settings.SignIn(ctx, acct, open, nil, signInPage())
			s.do(func() {
				if t == nil {
					b.fail(err)
					return
				}
				b.end()
				if err != nil { // signed in, but the keyring could not keep it
					dialog.ShowError(readerError{err}, aw.mw.Window)
				}
				s.tokens[accountKey(acct)] = t
				s.reconnect(aw, "", false)
			})
		}()
	})
	signIn.Importance = widget.HighImportance
	d = dialog.NewCustom(lang.L("Sign in again"), lang.L("Cancel"), container.New(&widthLayout{width: promptWidth}, text, signIn), aw.mw.Window)
	d.Show()
}

// signInPage is what the browser shows when the sign-in came back to mailsafe.
func signInPage() oauth.Page {
	return oauth.Page{Done: lang.L("oauth.page.done"), Failed: lang.L("oauth.page.failed")}
}

// oauthAccount tells whether an account signs in with OAuth2.
func oauthAccount(a app.Account) bool {
	return a.Auth == app.AuthOAuth2 && a.OAuth.Provider != oauth.ProviderID("")
}
