package ui

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
	"mailsafe/app/oauth"
)

// buildSignIn makes the form's sign-in and lookup widgets: beside "Sign in
// with", a Password button and one per provider; a provider's button
// signs in at once.
func (f *accountForm) buildSignIn(initial app.Account) {
	if initial.Auth == app.AuthOAuth2 {
		f.method = initial.OAuth.Provider
	}
	f.clientID, f.tenant = widget.NewEntry(), widget.NewEntry()
	f.clientID.SetText(initial.OAuth.ClientID)
	f.clientID.SetPlaceHolder(lang.L("Client ID (OAuth2)"))
	f.tenant.SetText(initial.OAuth.Tenant)
	f.tenant.SetPlaceHolder("common")
	f.usePassword = widget.NewButtonWithIcon(lang.L("Password"), theme.AccountIcon(), func() { f.setMethod("") })
	f.signInMicrosoft = widget.NewButtonWithIcon("Microsoft", theme.LoginIcon(), func() { f.signIn(oauth.Microsoft) })
	f.signInGoogle = widget.NewButtonWithIcon("Google", theme.LoginIcon(), func() { f.signIn(oauth.Google) })
	f.lookUp = widget.NewButtonWithIcon(lang.L("Look up…"), theme.SearchIcon(), f.askLookUp)
	f.status = wrapped("")
	f.status.Hide()
}

// provider is the chosen OAuth2 provider, or "" for a password.
func (f *accountForm) provider() oauth.ProviderID { return f.method }

// setMethod chooses how the account signs in.
func (f *accountForm) setMethod(p oauth.ProviderID) {
	f.method = p
	f.showMethod()
}

// showMethod shows what the chosen sign-in uses: the password, or the
// client ID and tenant; the chosen button stands out.
func (f *accountForm) showMethod() {
	if f.secretRow == nil {
		return // the form is not built yet
	}
	p := f.provider()
	for b, id := range map[*widget.Button]oauth.ProviderID{f.usePassword: "", f.signInMicrosoft: oauth.Microsoft, f.signInGoogle: oauth.Google} {
		b.Importance = widget.MediumImportance
		if id == p {
			b.Importance = widget.HighImportance
		}
		b.Refresh()
	}
	defer func() {
		if f.form != nil {
			f.form.Refresh() // the row's label
		}
	}()
	if p == "" {
		f.password.Show()
		f.oauthFields.Hide()
		f.secretRow.Text = lang.L("Password")
		f.secretHint.SetText(passwordHint(f.noKeyring))
		return
	}
	f.password.Hide()
	f.oauthFields.Show()
	f.secretRow.Text = lang.L("Client ID / tenant")
	f.secretHint.SetText(lang.L("form.clientid.hint"))
	if p == oauth.Microsoft {
		f.tenant.Enable()
	} else {
		f.tenant.Disable()
	}
	if f.env.Settings != nil && f.env.Settings.DefaultClientID(p) != "" {
		f.clientID.SetPlaceHolder(f.env.Settings.DefaultClientID(p))
	}
}

// say shows a line under the sign-in buttons.
func (f *accountForm) say(text string) {
	f.status.SetText(text)
	f.status.Show()
}

// propose fills the server fields with a proposal; the reader may change them.
func (f *accountForm) propose(p app.Proposal) {
	f.host.SetText(p.Host)
	f.port.SetText(strconv.Itoa(p.Port))
	for i, s := range securityChoices {
		if s == p.Security {
			f.security.SetSelectedIndex(i)
		}
	}
	f.port.SetText(strconv.Itoa(p.Port)) // the security's OnChanged may have set its usual port
	f.setMethod(p.Provider)
}

// proposeFromTable proposes the settings of a provider the bundled table
// knows, while the server is empty or was proposed before: nothing is
// asked on the network.
func (f *accountForm) proposeFromTable(addr string) {
	p, ok := app.ProposeFromTable(addr)
	if !ok || (f.host.Text != "" && f.host.Text != f.proposedHost) {
		return
	}
	f.propose(p)
	f.proposedHost = p.Host
	f.say(proposedText(p))
}

func (f *accountForm) do(fn func()) {
	if f.env.Do != nil {
		f.env.Do(fn)
		return
	}
	fyne.Do(fn)
}

// askLookUp asks before anything goes on the network: DNS for the
// domain's MX records, then its autoconfig documents.
func (f *accountForm) askLookUp() {
	if f.env.Settings == nil {
		return
	}
	addr := strings.TrimSpace(f.email.Text)
	domain := app.AddressDomain(addr) // what the consent names is what is looked up
	if domain == "" {
		f.say(lang.L("error.address.bad"))
		return
	}
	confirmRisk(lang.L("Look up the settings online?"), lang.L("form.lookup.consent", map[string]any{"Domain": domain}),
		lang.L("Look up"), func() { f.lookUpNow(addr) }, f.win)
}

func (f *accountForm) lookUpNow(addr string) {
	f.say(lang.L("Looking up the settings…"))
	f.lookUp.Disable()
	ac := app.Autoconfig{Proxy: f.env.Settings.Proxy()}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		p, err := ac.Propose(ctx, addr)
		f.do(func() {
			f.lookUp.Enable()
			if err != nil {
				f.say(errorLine(err))
				return
			}
			f.propose(p)
			f.proposedHost = p.Host
			f.say(proposedText(p))
		})
	}()
}

// signIn signs in with a provider: the provider's server goes into the
// form, the browser opens its sign-in page, and the refresh token goes to
// the keyring. Where no browser opens, a code to type on another device
// is shown instead (when the provider has such a sign-in).
func (f *accountForm) signIn(id oauth.ProviderID) {
	if f.env.Settings == nil {
		return
	}
	p, ok := f.env.Settings.OAuthProvider(id)
	if !ok {
		return
	}
	f.stopSignIn()
	f.propose(app.ProviderProposal(p, "", ""))
	f.proposedHost = p.IMAPHost
	if f.user.Text == "" {
		f.user.SetText(strings.TrimSpace(f.email.Text))
	}
	acct, _ := f.account()
	if acct.Username == "" {
		f.say(lang.L("error.nouser"))
		return
	}
	f.say(lang.L("form.signin.waiting", map[string]any{"Provider": p.Name}))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	f.cancelSignIn = cancel
	open := f.env.Open
	if open == nil {
		open = func(u *url.URL) error { return fyne.CurrentApp().OpenURL(u) }
	}
	settings := f.env.Settings
	go func() {
		defer cancel()
		// Where no browser opens: a code to type on a phone or another computer.
		_, err := settings.SignIn(ctx, acct, open, func(d oauth.DeviceCode) {
			f.do(func() {
				f.say(deviceCodeText(d))
			})
		}, signInPage())
		stopped := errors.Is(ctx.Err(), context.Canceled) // read now: the deferred cancel comes before f.do's function runs
		f.do(func() {
			if stopped && err != nil {
				return // the form was closed or another sign-in started
			}
			if err != nil {
				f.say(errorLine(err))
				return
			}
			f.signedIn = &acct
			f.say(lang.L("form.signin.done", map[string]any{"Account": acct.Username, "Provider": p.Name}))
		})
	}()
}

// discardSignIn forgets a sign-in made in this form when the form is
// closed without saving: no refresh token stays in the keyring for an
// account that was never added. An account that was being edited keeps
// its sign-in. The keyring is written off the UI goroutine.
func (f *accountForm) discardSignIn() {
	f.stopSignIn()
	a := f.signedIn
	if a == nil || f.env.Settings == nil || (strings.EqualFold(a.Username, f.initial.Username) && strings.EqualFold(a.Host, f.initial.Host)) {
		return
	}
	f.signedIn = nil
	go f.env.Settings.ForgetSignIn(*a)
}

// stopSignIn ends a sign-in under way (the form closed, or another began).
func (f *accountForm) stopSignIn() {
	if f.cancelSignIn != nil {
		f.cancelSignIn()
		f.cancelSignIn = nil
	}
}

// proposedText says where a proposal came from.
func proposedText(p app.Proposal) string {
	data := map[string]any{"Host": p.Host, "Detail": p.Detail}
	switch p.Source {
	case app.FromMX:
		return lang.L("form.proposed.mx", data)
	case app.FromAutoconfig:
		return lang.L("form.proposed.autoconfig", data)
	}
	return lang.L("form.proposed.table", data)
}
