package oauth

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/oauth2"
)

// Problem is what went wrong with a sign-in, in the reader's terms.
type Problem string

// The problems a reader can act on.
const (
	ProblemAdminConsent   Problem = "admin-consent"   // the organization must approve the app first
	ProblemConsentRefused Problem = "consent-refused" // the reader (or a policy) said no
	ProblemWrongTenant    Problem = "wrong-tenant"    // the account is not in this directory, or the app is not registered there
	ProblemSignInAgain    Problem = "sign-in-again"   // the refresh token expired or was revoked
	ProblemNoClient       Problem = "no-client"       // no client ID is configured, or the provider does not know it
	ProblemOther          Problem = "other"
)

// Error is a failed sign-in or token refresh: the problem in words, and
// the provider's own text as it was sent.
type Error struct {
	Step    string // which step failed, e.g. "refresh the access token"
	Problem Problem
	Code    string // the provider's code: an AADSTS number or an OAuth2 error
	Server  string // the provider's own words
	Err     error
}

// words says what the problem means and what to do.
var words = map[Problem]string{
	ProblemAdminConsent:   "your organization's administrator must approve (consent to) mailsafe before it can read mail; ask them to grant admin consent for the app",
	ProblemConsentRefused: "permission to read mail was not given, so mailsafe cannot sign in; sign in again and accept, or ask your administrator",
	ProblemWrongTenant:    "this account does not belong to the organization (tenant) the app signs in to, or the app is not registered there: check the tenant and the client ID in the account settings",
	ProblemSignInAgain:    "the sign-in has expired or was revoked: sign in again",
	ProblemNoClient:       "the app (client ID) is not known to the provider: your organization registers mailsafe as a public client and enters its client ID in Settings (see the README)",
	ProblemOther:          "the sign-in failed",
}

func (e *Error) Error() string {
	s := e.Step + ": " + words[e.Problem]
	if e.Server != "" {
		s += " (the provider said: " + e.Server + ")"
	} else if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Detail is the error without the words of its problem: the step, and the
// provider's text (or the cause), for a reader who has the words in
// another language already.
func (e *Error) Detail() string {
	switch {
	case e.Server != "":
		return e.Step + ": " + e.Server
	case e.Err != nil:
		return e.Step + ": " + e.Err.Error()
	}
	return e.Step
}

// ErrSignInAgain matches every error whose problem is ProblemSignInAgain.
var ErrSignInAgain = errors.New("sign in again")

// Is lets errors.Is(err, ErrSignInAgain) find a sign-in that must be redone.
func (e *Error) Is(target error) bool {
	return target == ErrSignInAgain && e.Problem == ProblemSignInAgain
}

// aadsts finds Microsoft's AADSTS error number in a description.
var aadsts = regexp.MustCompile(`AADSTS(\d+)`)

// microsoftProblems maps the AADSTS codes a reader meets (Microsoft Entra
// authentication and authorization error codes, public documentation).
var microsoftProblems = map[string]Problem{
	"65001":   ProblemAdminConsent,   // the user or administrator has not consented
	"90094":   ProblemAdminConsent,   // admin consent is required
	"90099":   ProblemAdminConsent,   // the application has not been authorized in the tenant
	"65004":   ProblemConsentRefused, // the user declined to consent
	"50105":   ProblemConsentRefused, // the user is not assigned to the app
	"53003":   ProblemConsentRefused, // blocked by Conditional Access
	"50020":   ProblemWrongTenant,    // the user account does not exist in the tenant
	"50034":   ProblemWrongTenant,    // the user account does not exist in the directory
	"90072":   ProblemWrongTenant,    // the account is not in this tenant
	"50194":   ProblemWrongTenant,    // the app is not multi-tenant: use a tenant-specific endpoint
	"90002":   ProblemWrongTenant,    // the tenant was not found
	"700016":  ProblemNoClient,       // the application was not found in the directory
	"7000215": ProblemNoClient,       // a client secret was expected: the app is not registered as a public client
	"70008":   ProblemSignInAgain,    // the refresh token expired through inactivity
	"700082":  ProblemSignInAgain,    // the refresh token expired (90 days unused)
	"700084":  ProblemSignInAgain,    // the refresh token of a single-page app expired
	"50173":   ProblemSignInAgain,    // the grant was revoked
	"50076":   ProblemSignInAgain,    // multi-factor authentication is now required
	"50078":   ProblemSignInAgain,    // the multi-factor authentication has expired
	"50132":   ProblemSignInAgain,    // the session is no longer valid (password changed)
	"50133":   ProblemSignInAgain,    // the session is no longer valid (password changed)
}

// googleProblems maps Google's OAuth2 error codes (Google Identity,
// "OAuth 2.0 for Mobile & Desktop Apps", error responses).
var googleProblems = map[string]Problem{
	"admin_policy_enforced": ProblemAdminConsent,
	"org_internal":          ProblemWrongTenant,
	"access_denied":         ProblemConsentRefused,
	"invalid_client":        ProblemNoClient,
	"unauthorized_client":   ProblemNoClient,
	"deleted_client":        ProblemNoClient,
	"invalid_grant":         ProblemSignInAgain, // "Token has been expired or revoked."
}

// classify turns a provider's answer into an Error: code is the OAuth2
// error code and desc its description.
func classify(step, code, desc string, err error) *Error {
	e := &Error{Step: step, Problem: ProblemOther, Code: code, Server: strings.TrimSpace(desc), Err: err}
	if e.Server == "" && code != "" {
		e.Server = code
	}
	if m := aadsts.FindStringSubmatch(desc); m != nil {
		e.Code = "AADSTS" + m[1]
		if p, ok := microsoftProblems[m[1]]; ok {
			e.Problem = p
			return e
		}
	}
	if p, ok := googleProblems[code]; ok {
		e.Problem = p
	}
	return e
}

// fromOAuth2 classifies an error of golang.org/x/oauth2.
func fromOAuth2(step string, err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		desc := re.ErrorDescription
		if desc == "" && re.ErrorCode == "" {
			desc = strings.TrimSpace(string(re.Body))
		}
		return classify(step, re.ErrorCode, desc, err)
	}
	return fmt.Errorf("%s: %w", step, err)
}

// Classify reads a provider's error code and description (as a redirect
// or a token response carries them) into an Error.
func Classify(step, code, desc string) *Error { return classify(step, code, desc, nil) }
