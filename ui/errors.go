package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2/lang"

	"mailsafe/app"
	"mailsafe/app/oauth"
	"mailsafe/correspondents"
)

// errorKeys name the translation of each error app/ classifies. The
// English texts say the same as app/'s own messages.
var errorKeys = []struct {
	err error
	key string
}{
	{app.ErrIMAPNotEnabled, "error.imapnotenabled"},
	{app.ErrLoginFailed, "error.login"},
	{app.ErrUnknownHost, "error.unknownhost"},
	{app.ErrRefused, "error.refused"},
	{app.ErrTimeout, "error.timeout"},
	{app.ErrDropped, "error.dropped"},
	{app.ErrNoStartTLS, "error.nostarttls"},
	{app.ErrPlainNotAllowed, "error.plain"},
	{app.ErrNoKeyring, "error.nokeyring"},
	{app.ErrNoHost, "error.nohost"},
	{app.ErrBadPort, "error.badport"},
	{app.ErrNoUser, "error.nouser"},
	{app.ErrNoSecurity, "error.nosecurity"},
	{app.ErrDuplicateAccount, "error.duplicate"},
	{app.ErrBadAuthServID, "error.authserv"},
	{app.ErrBlockedAddress, "error.image.local"},
	{app.ErrBadHost, "error.image.badhost"},
	{app.ErrNotAnImage, "error.image.notimage"},
	{app.ErrImageTooLarge, "error.image.toolarge"},
	{app.ErrMessageTooLarge, "error.image.messagetoolarge"},
	{app.ErrRedirectTracker, "error.image.redirecttracker"},
	{app.ErrRedirectLeak, "error.image.redirectleak"},
	{app.ErrTooManyHops, "error.image.hops"},
	{app.ErrSVGRefused, "error.image.svg"},
	{app.ErrProxyFailed, "error.image.proxy"},
	{app.ErrBadProxy, "error.proxy.bad"},
	{app.ErrBadAddress, "error.address.bad"},
	{app.ErrDomainNotFound, "error.lookup.notfound"},
	{app.ErrNoRDAP, "error.lookup.nordap"},
	{app.ErrRegistryDown, "error.lookup.down"},
	{app.ErrNoRegistration, "error.lookup.nodate"},
	{correspondents.ErrInUse, "error.store.inuse"},
}

// errorText says what went wrong in the reader's language: the errors app/
// classifies are translated, with the technical detail kept after them for
// an administrator; anything else is shown as it is.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	var oe *oauth.Error
	if errors.As(err, &oe) {
		return oauthProblemText(oe.Problem) + "\n(" + oe.Detail() + ")"
	}
	var ce *app.CertificateError
	if errors.As(err, &ce) {
		return lang.L("error.certificate", map[string]any{"Host": ce.Host, "Fingerprint": groupedFingerprint(ce.Fingerprint)})
	}
	for _, k := range errorKeys {
		if errors.Is(err, k.err) {
			if detail := err.Error(); detail != k.err.Error() {
				return lang.L(k.key) + "\n(" + detail + ")"
			}
			return lang.L(k.key)
		}
	}
	return err.Error()
}

// readerError wraps an error so that Fyne's error dialog shows errorText.
type readerError struct{ err error }

func (e readerError) Error() string { return errorText(e.err) }
func (e readerError) Unwrap() error { return e.err }

// errorLine is errorText on one line, for the status bar.
func errorLine(err error) string { return strings.ReplaceAll(errorText(err), "\n", " ") }

// oauthProblemText says a sign-in problem in the reader's language.
func oauthProblemText(p oauth.Problem) string {
	switch p {
	case oauth.ProblemAdminConsent:
		return lang.L("error.oauth.admin-consent")
	case oauth.ProblemConsentRefused:
		return lang.L("error.oauth.consent-refused")
	case oauth.ProblemWrongTenant:
		return lang.L("error.oauth.wrong-tenant")
	case oauth.ProblemSignInAgain:
		return lang.L("error.oauth.sign-in-again")
	case oauth.ProblemNoClient:
		return lang.L("error.oauth.no-client")
	}
	return lang.L("error.oauth.other")
}
