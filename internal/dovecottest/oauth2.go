package dovecottest

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// OAuthUser is the test account's address when Dovecot signs in with OAuth2:
// the email claim of a token names it (username_attribute = email).
const OAuthUser = "alex@example.org"

// OAuthIssuer is the issuer Dovecot trusts: the iss claim of the tokens of
// the test authorization server.
const OAuthIssuer = "https://login.mailsafe.test/"

// Mechanism is a SASL mechanism Dovecot offers for OAuth2 bearer tokens.
type Mechanism string

// The two OAuth2 mechanisms of Dovecot 2.3.
const (
	XOAuth2     Mechanism = "xoauth2"
	OAuthBearer Mechanism = "oauthbearer"
)

// StartOAuth2 starts Dovecot signing in with OAuth2 only, offering the one
// mechanism mech (AUTH=XOAUTH2 or AUTH=OAUTHBEARER), and validating the
// bearer tokens itself: JWTs signed with HS256 under key, issued by
// OAuthIssuer, whose email claim names the user (Debian's Dovecot 2.3.19
// takes this recipe).
func StartOAuth2(t testing.TB, mech Mechanism, key []byte, seed func(maildir string)) *Server {
	t.Helper()
	return start(t, nil, nil, seed, func(dir string) string {
		keyDir := filepath.Join(dir, "keys")
		// The key is looked up as <azp>/<alg>/<kid>, "default" where a
		// token names none.
		os.MkdirAll(filepath.Join(keyDir, "default", "HS256"), 0o755)
		os.WriteFile(filepath.Join(keyDir, "default", "HS256", "default"), []byte(base64.StdEncoding.EncodeToString(key)), 0o644)
		ext := fmt.Sprintf(`introspection_mode = local
local_validation_key_dict = fs:posix:prefix=%s/
username_attribute = email
issuers = %s
`, keyDir, OAuthIssuer)
		os.WriteFile(filepath.Join(dir, "dovecot-oauth2.conf.ext"), []byte(ext), 0o644)
		// No pause after a refused token: the tests refuse tokens on
		// purpose. (The next login from the same address still waits for
		// anvil's auth penalty, about 4 s after one failure.)
		return fmt.Sprintf(`auth_mechanisms = %[2]s
auth_failure_delay = 0
passdb {
  driver = oauth2
  mechanisms = %[2]s
  args = %[1]s/dovecot-oauth2.conf.ext
}`, dir, mech)
	})
}
