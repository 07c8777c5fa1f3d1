package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"strings"

	"mailsafe/app/oauth"
)

// Preferences is the part of fyne.Preferences the settings use, so app/
// stores settings without depending on a window.
type Preferences interface {
	String(key string) string
	SetString(key, value string)
	Bool(key string) bool
	SetBool(key string, value bool)
}

// Preference keys.
const (
	prefAccounts = "accounts"
	prefMarkRead = "mark-read-when-opened"
)

// Settings are mailsafe's settings, kept in the app's preferences. Account
// passwords are not settings: they live in the keyring only.
type Settings struct {
	prefs   Preferences
	secrets *Secrets
	// The OAuth2 provider table and HTTP client: nil for the bundled
	// table and Go's default client (SetOAuthProviders).
	oauthProviders []oauth.Provider
	oauthHTTP      *http.Client
}

// NewSettings reads and writes settings in prefs; passwords go to secrets.
func NewSettings(prefs Preferences, secrets *Secrets) *Settings {
	return &Settings{prefs: prefs, secrets: secrets}
}

// Accounts returns the configured accounts.
func (s *Settings) Accounts() ([]Account, error) {
	raw := s.prefs.String(prefAccounts)
	if raw == "" {
		return nil, nil
	}
	var list []Account
	if err := json.Unmarshal([]byte(raw), &list); err != nil {
		return nil, fmt.Errorf("the stored accounts are damaged (%v); add them again", err)
	}
	return list, nil
}

// SaveAccount adds an account, or replaces the one with the same user and
// host, and stores its password in the keyring (when one is given).
func (s *Settings) SaveAccount(a Account, password string) error {
	if err := validateAccount(a); err != nil {
		return err
	}
	list, _ := s.Accounts()
	replaced := false
	for i := range list {
		if sameAccount(list[i], a) {
			list[i], replaced = a, true
		}
	}
	if !replaced {
		list = append(list, a)
	}
	if err := s.writeAccounts(list); err != nil {
		return err
	}
	if password != "" && s.secrets != nil {
		return s.secrets.SetPassword(a, password)
	}
	return nil
}

// RemoveAccount forgets an account and its password.
func (s *Settings) RemoveAccount(a Account) error {
	list, _ := s.Accounts()
	kept := list[:0]
	for _, x := range list {
		if !sameAccount(x, a) {
			kept = append(kept, x)
		}
	}
	if err := s.writeAccounts(kept); err != nil {
		return err
	}
	if s.secrets != nil {
		s.secrets.DeleteRefreshToken(a) // best effort: the password's error says the keyring is gone
		return s.secrets.DeletePassword(a)
	}
	return nil
}

// MarkReadWhenOpened tells whether opening a message sets \Seen (off by default).
func (s *Settings) MarkReadWhenOpened() bool { return s.prefs.Bool(prefMarkRead) }

// SetMarkReadWhenOpened changes that setting.
func (s *Settings) SetMarkReadWhenOpened(on bool) { s.prefs.SetBool(prefMarkRead, on) }

// prefVerifyDKIM holds the reader's consent to DNS lookups for DKIM keys.
const prefVerifyDKIM = "verify-dkim"

// VerifyDKIM tells whether DKIM signatures are verified, which asks DNS for
// the signing domains' keys (off by default: nothing is looked up).
func (s *Settings) VerifyDKIM() bool { return s.prefs.Bool(prefVerifyDKIM) }

// SetVerifyDKIM changes that setting.
func (s *Settings) SetVerifyDKIM(on bool) { s.prefs.SetBool(prefVerifyDKIM, on) }

func (s *Settings) writeAccounts(list []Account) error {
	b, err := json.Marshal(list)
	if err != nil {
		return err
	}
	s.prefs.SetString(prefAccounts, string(b))
	return nil
}

func sameAccount(a, b Account) bool {
	return strings.EqualFold(a.Username, b.Username) && strings.EqualFold(a.Host, b.Host)
}

// Errors in what the reader typed for an account, each naming the field to fix.
var (
	ErrNoHost     = errors.New("the server name is empty")
	ErrBadPort    = errors.New("the port is not between 1 and 65535")
	ErrNoUser     = errors.New("the user name is empty")
	ErrNoSecurity = errors.New("choose the connection security: TLS, STARTTLS or none")
	// ErrBadAuthServID is an authserv-id that cannot be one: it is a single
	// name such as mx.example.com, without spaces or semicolons.
	ErrBadAuthServID = errors.New("the trusted authentication server must be one name like mx.example.com, without spaces or semicolons")
	// ErrDuplicateAccount is an edit that would make an account the same as another.
	ErrDuplicateAccount = errors.New("another account already uses this user name on this server")
)

// validateAccount checks what the reader typed, naming the field to fix.
func validateAccount(a Account) error {
	switch {
	case strings.TrimSpace(a.Host) == "":
		return ErrNoHost
	case a.Port <= 0 || a.Port > 65535:
		return fmt.Errorf("%w (it is %d)", ErrBadPort, a.Port)
	case strings.TrimSpace(a.Username) == "":
		return ErrNoUser
	case a.Security != SecurityTLS && a.Security != SecurityStartTLS && a.Security != SecurityNone:
		return ErrNoSecurity
	case a.Security == SecurityNone && !isLoopbackHost(a.Host):
		return ErrPlainNotAllowed
	case !ValidAuthServID(a.AuthServID):
		return fmt.Errorf("%w (%q)", ErrBadAuthServID, a.AuthServID)
	case a.Auth != AuthPassword && a.Auth != AuthOAuth2:
		return fmt.Errorf("unknown sign-in method %q", a.Auth)
	case a.Auth == AuthOAuth2 && a.OAuth.Provider == "":
		return ErrNoProvider
	}
	return nil
}

// ErrNoProvider is an OAuth2 account without its provider.
var ErrNoProvider = errors.New("choose who the account signs in with: Microsoft or Google")

// prefLanguage holds the reader's language choice.
const prefLanguage = "language"

// Language choices: follow the system's locale, or always English or Japanese.
const (
	LanguageSystem   = ""
	LanguageEnglish  = "en"
	LanguageJapanese = "ja"
)

// Language returns the reader's language choice (LanguageSystem by default).
func (s *Settings) Language() string {
	switch l := s.prefs.String(prefLanguage); l {
	case LanguageEnglish, LanguageJapanese:
		return l
	}
	return LanguageSystem
}

// SetLanguage stores the reader's language choice; anything but "en" or
// "ja" means following the system.
func (s *Settings) SetLanguage(l string) {
	if l != LanguageEnglish && l != LanguageJapanese {
		l = LanguageSystem
	}
	s.prefs.SetString(prefLanguage, l)
}

// ForgetCertificate removes the certificate the reader trusted for an
// account, so the next connection verifies the server normally again.
func (s *Settings) ForgetCertificate(a Account) error {
	list, err := s.Accounts()
	if err != nil {
		return err
	}
	for i := range list {
		if sameAccount(list[i], a) {
			list[i].PinnedCert = ""
		}
	}
	return s.writeAccounts(list)
}

// UpdateAccount replaces old with a as the reader edited it. When the user
// name or server changed, the old entry goes and its keyring password moves
// to the new one unless a new password was typed; a certificate trusted for
// the old server is not trusted for another one.
func (s *Settings) UpdateAccount(old, a Account, password string) error {
	if err := validateAccount(a); err != nil {
		return err
	}
	if !strings.EqualFold(old.Host, a.Host) {
		a.PinnedCert = ""
	}
	if sameAccount(old, a) {
		return s.SaveAccount(a, password)
	}
	list, _ := s.Accounts()
	for _, x := range list {
		if sameAccount(x, a) {
			return fmt.Errorf("%w: %s@%s", ErrDuplicateAccount, a.Username, a.Host)
		}
	}
	if password == "" && s.secrets != nil {
		password, _ = s.secrets.Password(old) // none stored: the reader is asked when connecting
	}
	for i := range list {
		if sameAccount(list[i], old) {
			list[i] = a
		}
	}
	if err := s.writeAccounts(list); err != nil {
		return err
	}
	if s.secrets == nil {
		return nil
	}
	if password != "" {
		if err := s.secrets.SetPassword(a, password); err != nil {
			return err // the old entry's password stays where it was
		}
	}
	s.secrets.DeletePassword(old) // best effort: a missing entry is fine
	if rt, err := s.secrets.RefreshToken(old); err == nil && s.secrets.SetRefreshToken(a, rt) == nil {
		s.secrets.DeleteRefreshToken(old) // the sign-in moves with the account
	}
	return nil
}

// SetDetectedAuthServID stores id, found in a's own mail, as the account's
// trusted authserv-id, unless the reader has set one: an id the reader typed
// (or confirmed by saving the account form) is never replaced. It tells
// whether the account changed.
func (s *Settings) SetDetectedAuthServID(a Account, id string) (bool, error) {
	if !ValidAuthServID(id) || id == "" {
		return false, fmt.Errorf("%w (%q)", ErrBadAuthServID, id)
	}
	list, err := s.Accounts()
	if err != nil {
		return false, err
	}
	changed := false
	for i := range list {
		x := &list[i]
		if !sameAccount(*x, a) || x.AuthServID != "" && !x.AuthServDetected || x.AuthServID == id {
			continue
		}
		x.AuthServID, x.AuthServDetected, changed = id, true, true
	}
	if !changed {
		return false, nil
	}
	return true, s.writeAccounts(list)
}

// authServIDFor is the trusted authserv-id stored for the account whose
// address is email, or "".
func (s *Settings) authServIDFor(email string) string {
	list, _ := s.Accounts()
	for _, a := range list {
		if strings.EqualFold(strings.TrimSpace(a.Email), strings.TrimSpace(email)) && a.AuthServID != "" {
			return a.AuthServID
		}
	}
	return ""
}

// prefReportAddress holds the security team's address for reports.
const prefReportAddress = "report-address"

// ReportAddress is where "Report to IT" prepares a mail to ("" for none).
func (s *Settings) ReportAddress() string { return s.prefs.String(prefReportAddress) }

// SetReportAddress checks and stores the security team's address; "" removes it.
func (s *Settings) SetReportAddress(addr string) error {
	addr = strings.TrimSpace(addr)
	if addr != "" {
		a, err := mail.ParseAddress(addr)
		if err != nil {
			return fmt.Errorf("%w (%q)", ErrBadAddress, addr)
		}
		addr = a.Address
	}
	s.prefs.SetString(prefReportAddress, addr)
	return nil
}

// ErrBadAddress is an email address that cannot be read.
var ErrBadAddress = errors.New("this is not an email address like security@example.com")
