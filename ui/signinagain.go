package ui

import (
	"context"
	"errors"
	"net/url"
	"time"

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
// browser; the window connects once the reader has. Where no browser opens,
// the dialog shows the code to type on another device, as the first
// sign-in does (app.Settings.SignIn falls back to it). The dialog stays
// until the sign-in ends: Cancel stops it; a failure is said in it, and
// the button tries again.
func (s *Session) askSignInAgain(aw *accountWindow, cause error) {
	p, ok := s.Settings.OAuthProvider(aw.acct.OAuth.Provider)
	if !ok {
		dialog.ShowError(readerError{cause}, aw.mw.Window)
		return
	}
	text := newWrapLabel(errorText(cause))
	waiting := widget.NewProgressBarInfinite()
	waiting.Hide()
	var d *dialog.CustomDialog
	stop := func() {}
	var signIn *widget.Button
	signIn = widget.NewButtonWithIcon(lang.L("Sign in with {{.Provider}}", map[string]any{"Provider": p.Name}), theme.LoginIcon(), func() {
		stop()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		stop = cancel
		signIn.Disable()
		waiting.Show()
		text.SetImportance(widget.MediumImportance)
		text.SetText(lang.L("form.signin.waiting", map[string]any{"Provider": p.Name}))
		acct := aw.acct
		open := s.browser
		if open == nil {
			open = func(u *url.URL) error { return s.App.OpenURL(u) }
		}
		go func() {
			defer cancel()
			t, err := s.Settings.SignIn(ctx, acct, open, func(code oauth.DeviceCode) {
				s.do(func() {
					if ctx.Err() == nil {
						text.SetText(deviceCodeText(code))
					}
				})
			}, signInPage())
			stopped := errors.Is(ctx.Err(), context.Canceled) // read now: the deferred cancel comes first
			s.do(func() {
				if t == nil {
					if stopped {
						return // the reader cancelled
					}
					waiting.Hide()
					signIn.Enable()
					text.SetImportance(widget.DangerImportance)
					text.SetText(errorText(err))
					return
				}
				d.Hide()
				if err != nil { // signed in, but the keyring could not keep it
					dialog.ShowError(readerError{err}, aw.mw.Window)
				}
				s.tokens[accountKey(acct)] = t
				s.reconnect(aw, "", false)
			})
		}()
	})
	signIn.Importance = widget.HighImportance
	d = dialog.NewCustom(lang.L("Sign in again"), lang.L("Cancel"), container.New(&widthLayout{width: promptWidth}, text, waiting, signIn), aw.mw.Window)
	d.SetOnClosed(func() { stop() })
	d.Show()
}

// deviceCodeText tells the reader, where no browser could be opened, where
// to type the sign-in code on another device: first sign-in and sign-in
// again alike.
func deviceCodeText(code oauth.DeviceCode) string {
	return lang.L("form.signin.device", map[string]any{"URL": code.VerificationURI, "Code": code.UserCode})
}

// signInPage is what the browser shows when the sign-in came back to mailsafe.
func signInPage() oauth.Page {
	return oauth.Page{Done: lang.L("oauth.page.done"), Failed: lang.L("oauth.page.failed")}
}

// oauthAccount tells whether an account signs in with OAuth2.
func oauthAccount(a app.Account) bool {
	return a.Auth == app.AuthOAuth2 && a.OAuth.Provider != oauth.ProviderID("")
}
