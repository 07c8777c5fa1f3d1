package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"golang.org/x/oauth2"

	"mailsafe/app/oauth"
	"mailsafe/internal/dovecottest"
	"mailsafe/internal/oauthtest"
)

var jwtKey = []byte("mailsafe test key, 32 bytes long")

// oauthSetup is an authorization server, a Dovecot that trusts its tokens,
// and settings whose Microsoft provider is that server.
type oauthSetup struct {
	auth     *oauthtest.Server
	dovecot  *dovecottest.Server
	settings *Settings
	kr       *oauthtest.Keyring
	acct     Account
}

func startOAuth(t *testing.T, mech dovecottest.Mechanism) *oauthSetup {
	t.Helper()
	o := &oauthSetup{auth: oauthtest.Start(jwtKey, dovecottest.OAuthUser, "org-client"), kr: oauthtest.NewKeyring()}
	t.Cleanup(o.auth.Close)
	o.dovecot = dovecottest.StartOAuth2(t, mech, jwtKey, dovecottest.SeedMessages(3))
	o.settings = NewSettings(test.NewTempApp(t).Preferences(), NewSecretsIn(o.kr))
	o.settings.SetOAuthProviders([]oauth.Provider{o.auth.Provider(oauth.Microsoft, "127.0.0.1", o.dovecot.IMAPPort)}, nil)
	o.settings.SetDefaultClientID(oauth.Microsoft, "org-client")
	o.acct = Account{Email: dovecottest.OAuthUser, Username: dovecottest.OAuthUser, Host: "127.0.0.1", Port: o.dovecot.IMAPPort,
		Security: SecurityNone, Auth: AuthOAuth2, OAuth: OAuthSettings{Provider: oauth.Microsoft}}
	return o
}

func (o *oauthSetup) signIn(t *testing.T) *oauth.Tokens {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	tokens, err := o.settings.SignIn(ctx, o.acct, o.auth.Browser(true), nil, oauth.Page{})
	if err != nil {
		t.Fatalf("sign-in: %v", err)
	}
	return tokens
}

func (o *oauthSetup) inboxCount(t *testing.T, tokens BearerTokens) (uint32, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	s, err := DialIMAPLogin(ctx, o.acct, Login{Tokens: tokens}, Updates{})
	if err != nil {
		return 0, err
	}
	defer s.Close()
	st, err := s.Open(ctx, "INBOX")
	return st.Count, err
}

// Each mechanism against a Dovecot that offers only it: the client reads
// CAPABILITY and picks the one there is.
func TestOAuthFirstSignInThenIMAPWithEachMechanism(t *testing.T) {
	for _, mech := range []dovecottest.Mechanism{dovecottest.XOAuth2, dovecottest.OAuthBearer} {
		t.Run(string(mech), func(t *testing.T) {
			o := startOAuth(t, mech)
			tokens := o.signIn(t)
			stored, err := o.settings.secrets.RefreshToken(o.acct)
			if err != nil || !o.auth.IsLive(stored) {
				t.Fatalf("the refresh token was not stored in the keyring: %q %v", stored, err)
			}
			if strings.Contains(o.settings.prefs.String(prefAccounts)+o.settings.prefs.String(prefClientID(oauth.Microsoft)), stored) {
				t.Fatal("the refresh token reached the preferences")
			}
			n, err := o.inboxCount(t, tokens)
			if err != nil || n != 3 {
				t.Fatalf("inbox through %s: %d messages, %v", mech, n, err)
			}
			// The server really checks the token: a forged one is refused.
			if _, err := o.inboxCount(t, oauth.FixedToken(oauthtest.JWT([]byte("another key, also 32 bytes long!"), dovecottest.OAuthUser, time.Hour))); !errors.Is(err, ErrLoginFailed) && !errors.Is(err, oauth.ErrSignInAgain) {
				t.Fatalf("a token signed with another key: %v", err)
			}
		})
	}
}

// A token the server refuses although it looks valid (revoked early, or
// its clock differs) is refreshed once, and the login goes through; the
// rotated refresh token replaces the old one in the keyring.
func TestOAuthRefusedTokenIsRefreshedOnceAndRotated(t *testing.T) {
	o := startOAuth(t, dovecottest.XOAuth2)
	o.signIn(t)
	first, _ := o.settings.secrets.RefreshToken(o.acct)
	tokens, _ := o.settings.AccountTokens(o.acct)
	tokens.SignedIn(expiredLookingValid()) // what the server will refuse
	o.settings.secrets.SetRefreshToken(o.acct, first)
	n, err := o.inboxCount(t, tokens)
	if err != nil || n != 3 {
		t.Fatalf("after one refresh: %d, %v", n, err)
	}
	now, _ := o.settings.secrets.RefreshToken(o.acct)
	if o.auth.Count("refresh") != 1 || now == first || o.auth.IsLive(first) || !o.auth.IsLive(now) {
		t.Fatalf("refreshes %d; stored token rotated: %v", o.auth.Count("refresh"), now != first)
	}
}

// Revoked: the login fails with "sign in again", and no retry loop.
func TestOAuthRevokedSaysSignInAgain(t *testing.T) {
	o := startOAuth(t, dovecottest.OAuthBearer)
	tokens := o.signIn(t)
	o.auth.RevokeAll()
	tokens.SignedIn(expiredLookingValid())
	_, err := o.inboxCount(t, tokens)
	if !errors.Is(err, oauth.ErrSignInAgain) || !strings.Contains(err.Error(), "sign in again") {
		t.Fatalf("revoked: %v", err)
	}
	if o.auth.Count("refresh") != 1 {
		t.Fatalf("%d refreshes for one refused token", o.auth.Count("refresh"))
	}
}

// expiredLookingValid is an access token whose JWT has expired while its
// expiry as the provider stated it is an hour away.
func expiredLookingValid() *oauth2.Token {
	return &oauth2.Token{AccessToken: oauthtest.JWT(jwtKey, dovecottest.OAuthUser, -time.Minute), Expiry: time.Now().Add(time.Hour), RefreshToken: "unused"}
}

// scan with MAILSAFE_ACCESS_TOKEN: the bearer token signs in, and it is
// neither printed nor used as a password.
func TestOAuthScanWithAccessTokenFromTheEnvironment(t *testing.T) {
	o := startOAuth(t, dovecottest.OAuthBearer)
	token := oauthtest.JWT(jwtKey, dovecottest.OAuthUser, time.Hour)
	t.Setenv("MAILSAFE_ACCESS_TOKEN", token)
	t.Setenv("MAILSAFE_PASSWORD", "")
	url := fmt.Sprintf("imap://%s@127.0.0.1:%d/INBOX", dovecottest.OAuthUser, o.dovecot.IMAPPort)
	var out, errOut strings.Builder
	if !Scan(context.Background(), []string{url}, ScanOptions{JSON: true}, &out, &errOut) {
		t.Fatalf("scan: %s", errOut.String())
	}
	if n := strings.Count(out.String(), "\n"); n != 3 {
		t.Fatalf("%d records", n)
	}
	// A refused token: a clear error, and the token nowhere in it.
	t.Setenv("MAILSAFE_ACCESS_TOKEN", oauthtest.JWT(jwtKey, dovecottest.OAuthUser, -time.Hour))
	out.Reset()
	errOut.Reset()
	if Scan(context.Background(), []string{url}, ScanOptions{JSON: true}, &out, &errOut) {
		t.Fatal("an expired token was accepted")
	}
	if msg := errOut.String(); !strings.Contains(msg, "sign in again") || strings.Contains(msg, "eyJ") {
		t.Fatalf("scan's error: %s", msg)
	}
}

// scan of an OAuth2 account of the viewer: its stored refresh token signs in.
func TestOAuthScanUsesTheStoredSignIn(t *testing.T) {
	o := startOAuth(t, dovecottest.XOAuth2)
	if err := o.settings.SaveAccount(o.acct, ""); err != nil {
		t.Fatal(err)
	}
	o.signIn(t)
	t.Setenv("MAILSAFE_ACCESS_TOKEN", "")
	t.Setenv("MAILSAFE_PASSWORD", "")
	url := fmt.Sprintf("imap://%s@127.0.0.1:%d/INBOX", dovecottest.OAuthUser, o.dovecot.IMAPPort)
	var out, errOut strings.Builder
	if !Scan(context.Background(), []string{url}, ScanOptions{JSON: true, Settings: o.settings, Secrets: o.settings.secrets}, &out, &errOut) {
		t.Fatalf("scan: %s", errOut.String())
	}
	if n := strings.Count(out.String(), "\n"); n != 3 || o.auth.Count("refresh") != 1 {
		t.Fatalf("%d records, %d refreshes (a new process has no access token: one refresh)", n, o.auth.Count("refresh"))
	}
}

// A refresh token the keyring cannot hold is refused before writing, with
// the sizes in words; a Windows or macOS keyring is smaller than Linux's.
func TestRefreshTokenSizeIsCheckedBeforeWriting(t *testing.T) {
	kr := oauthtest.NewKeyring()
	s := NewSecretsIn(kr)
	a := Account{Username: "alex@example.org", Host: "outlook.office365.com"}
	if err := s.SetRefreshToken(a, strings.Repeat("x", 2<<20)); !errors.Is(err, ErrSecretTooLarge) || !strings.Contains(err.Error(), "2097152 bytes") || kr.Writes() != 0 {
		t.Fatalf("a 2 MB token: %v (%d writes)", err, kr.Writes())
	}
	if err := s.SetRefreshToken(a, "small"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.RefreshToken(a); got != "small" || err != nil {
		t.Fatalf("read back %q %v", got, err)
	}
	if p, _ := s.Password(a); p != "" {
		t.Fatal("the refresh token took the password's place")
	}
	if w, m := maxKeyringSecret("windows", keyringService, refreshTokenUser(a)), maxKeyringSecret("darwin", keyringService, refreshTokenUser(a)); w != 2560 || m >= 3000 || m < 2900 {
		t.Fatalf("limits: windows %d, darwin %d", w, m)
	}
}
