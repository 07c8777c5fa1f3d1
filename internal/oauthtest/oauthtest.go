// Package oauthtest is a local OAuth2 authorization server for tests
// (httptest): authorization with PKCE and a consent page, the token
// endpoint (authorization code, refresh with rotation, device code),
// revocation of every token (RevokeAll), and the device-code endpoint. Its access tokens are HS256
// JWTs that Dovecot's oauth2 passdb validates itself (dovecottest). It is
// test support: only tests import it.
package oauthtest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"mailsafe/app/oauth"
	"mailsafe/internal/dovecottest"
)

// Issuer is the iss claim of every token: the issuer the test Dovecot trusts.
const Issuer = dovecottest.OAuthIssuer

// JWT makes an HS256 token for email, valid for ttl from now.
func JWT(key []byte, email string, ttl time.Duration) string {
	now := time.Now()
	head := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	claims, _ := json.Marshal(map[string]any{"jti": random(), "iss": Issuer, "sub": email, "email": email, "aud": "imap",
		"iat": now.Unix(), "nbf": now.Add(-time.Minute).Unix(), "exp": now.Add(ttl).Unix()})
	body := head + "." + base64.RawURLEncoding.EncodeToString(claims)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(body))
	return body + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// Server is the authorization server. Its fields may be changed between
// requests (under no lock: set them before the flow starts).
type Server struct {
	*httptest.Server
	Key      []byte        // the HS256 key of the access tokens
	User     string        // the address that signs in
	ClientID string        // the only client it knows
	TTL      time.Duration // access token lifetime

	mu       sync.Mutex
	codes    map[string]grant  // authorization code -> its request
	pending  map[string]grant  // consent page id -> request
	refresh  map[string]bool   // live refresh tokens
	devices  map[string]device // device code -> state
	counts   map[string]int
	lastSeen url.Values // the last token request's form
}

type grant struct {
	clientID, redirect, challenge, method, state, scope string
}

type device struct {
	userCode string
	approved bool
}

// Start starts the server; Close it when done (t.Cleanup).
func Start(key []byte, user, clientID string) *Server {
	s := &Server{Key: key, User: user, ClientID: clientID, TTL: time.Hour,
		codes: map[string]grant{}, pending: map[string]grant{}, refresh: map[string]bool{}, devices: map[string]device{}, counts: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/authorize", s.authorize)
	mux.HandleFunc("/consent", s.consent)
	mux.HandleFunc("/token", s.token)
	mux.HandleFunc("/devicecode", s.deviceCode)
	mux.HandleFunc("/device", s.deviceApprove)
	s.Server = httptest.NewServer(mux)
	return s
}

// Provider is a provider whose endpoints are this server's, named
// "Test Identity", asking Microsoft's IMAP scopes, and whose IMAP server
// is host:port.
func (s *Server) Provider(id oauth.ProviderID, host string, port int) oauth.Provider {
	return oauth.Provider{ID: id, Name: "Test Identity", AuthURL: s.URL + "/authorize", TokenURL: s.URL + "/token", DeviceURL: s.URL + "/devicecode",
		Scopes: []string{"https://outlook.office.com/IMAP.AccessAsUser.All", "offline_access"}, IMAPHost: host, IMAPPort: port}
}

// Count tells how many requests of a kind were served: "authorize",
// "code", "refresh", "device".
func (s *Server) Count(kind string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[kind]
}

// LastTokenForm is the form of the last token request.
func (s *Server) LastTokenForm() url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastSeen
}

// LiveRefreshTokens tells how many refresh tokens are still accepted.
func (s *Server) LiveRefreshTokens() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.refresh)
}

// IsLive tells whether a refresh token is still accepted.
func (s *Server) IsLive(refresh string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refresh[refresh]
}

// RevokeAll revokes every refresh token (the user signed out everywhere,
// or an administrator revoked the sessions).
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refresh = map[string]bool{}
}

func random() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// authorize checks the request and shows the consent page.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	s.counts["authorize"]++
	s.mu.Unlock()
	g := grant{clientID: q.Get("client_id"), redirect: q.Get("redirect_uri"), challenge: q.Get("code_challenge"),
		method: q.Get("code_challenge_method"), state: q.Get("state"), scope: q.Get("scope")}
	switch {
	case g.clientID != s.ClientID:
		http.Error(w, "AADSTS700016: Application with identifier '"+g.clientID+"' was not found in the directory.", http.StatusBadRequest)
		return
	case q.Get("response_type") != "code":
		http.Error(w, "response_type must be code", http.StatusBadRequest)
		return
	case g.challenge == "" || g.method != "S256":
		http.Error(w, "PKCE with S256 is required", http.StatusBadRequest)
		return
	}
	ru, err := url.Parse(g.redirect)
	if err != nil || ru.Scheme != "http" || (ru.Hostname() != "localhost" && ru.Hostname() != "127.0.0.1") {
		http.Error(w, "the redirect must be a loopback http URL", http.StatusBadRequest)
		return
	}
	id := random()
	s.mu.Lock()
	s.pending[id] = g
	s.mu.Unlock()
	fmt.Fprintf(w, `<html><body><p>mailsafe wants to read your mail (%s).</p>
<form method="post" action="/consent"><input type="hidden" name="id" value="%s">
<button name="answer" value="accept">Accept</button><button name="answer" value="deny">Deny</button></form></body></html>`,
		html.EscapeString(g.scope), id)
}

// consent answers the consent page: back to the client's redirect with a
// code, or with access_denied.
func (s *Server) consent(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	s.mu.Lock()
	g, ok := s.pending[r.PostForm.Get("id")]
	delete(s.pending, r.PostForm.Get("id"))
	s.mu.Unlock()
	if !ok {
		http.Error(w, "unknown consent request", http.StatusBadRequest)
		return
	}
	v := url.Values{"state": {g.state}}
	if r.PostForm.Get("answer") != "accept" {
		v.Set("error", "access_denied")
		v.Set("error_description", "AADSTS65004: User declined to consent to access the app.")
	} else {
		code := random()
		s.mu.Lock()
		s.codes[code] = g
		s.mu.Unlock()
		v.Set("code", code)
	}
	http.Redirect(w, r, g.redirect+"?"+v.Encode(), http.StatusFound)
}

func tokenError(w http.ResponseWriter, code, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
}

// issue answers a token request with a new access token and a new
// refresh token (the old one, if any, is no longer accepted).
func (s *Server) issue(w http.ResponseWriter, scope string) {
	rt := random()
	s.refresh[rt] = true
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"token_type": "Bearer", "access_token": JWT(s.Key, s.User, s.TTL),
		"expires_in": int(s.TTL.Seconds()), "refresh_token": rt, "scope": scope})
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f := r.PostForm
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastSeen = f
	if f.Get("client_id") != s.ClientID {
		tokenError(w, "unauthorized_client", "AADSTS700016: Application with identifier '"+f.Get("client_id")+"' was not found in the directory.")
		return
	}
	switch f.Get("grant_type") {
	case "authorization_code":
		s.counts["code"]++
		g, ok := s.codes[f.Get("code")]
		delete(s.codes, f.Get("code")) // a code works once
		sum := sha256.Sum256([]byte(f.Get("code_verifier")))
		switch {
		case !ok:
			tokenError(w, "invalid_grant", "AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.")
		case base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge:
			tokenError(w, "invalid_grant", "AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.")
		case f.Get("redirect_uri") != g.redirect:
			tokenError(w, "invalid_grant", "AADSTS50011: The redirect URI does not match the one of the authorization request.")
		default:
			s.issue(w, g.scope)
		}
	case "refresh_token":
		s.counts["refresh"]++
		rt := f.Get("refresh_token")
		if !s.refresh[rt] {
			tokenError(w, "invalid_grant", "AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed.")
			return
		}
		delete(s.refresh, rt) // rotation: the old one dies
		s.issue(w, f.Get("scope"))
	case "urn:ietf:params:oauth:grant-type:device_code":
		d, ok := s.devices[f.Get("device_code")]
		switch {
		case !ok:
			tokenError(w, "expired_token", "AADSTS70019: Verification code expired.")
		case !d.approved:
			tokenError(w, "authorization_pending", "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending.")
		default:
			s.counts["device"]++
			delete(s.devices, f.Get("device_code"))
			s.issue(w, f.Get("scope"))
		}
	default:
		tokenError(w, "unsupported_grant_type", "unknown grant_type "+f.Get("grant_type"))
	}
}

// deviceCode starts a device-code sign-in.
func (s *Server) deviceCode(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	if r.PostForm.Get("client_id") != s.ClientID {
		tokenError(w, "unauthorized_client", "unknown client")
		return
	}
	dc, uc := random(), strings.ToUpper(random()[:8])
	s.mu.Lock()
	s.devices[dc] = device{userCode: uc}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"device_code": dc, "user_code": uc, "verification_uri": s.URL + "/device",
		"expires_in": 900, "interval": 1})
}

// deviceApprove is the page where the user types the code (the test posts it).
func (s *Server) deviceApprove(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	code := r.Form.Get("user_code")
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, d := range s.devices {
		if d.userCode == code {
			d.approved = true
			s.devices[k] = d
			fmt.Fprint(w, "approved")
			return
		}
	}
	http.Error(w, "unknown code", http.StatusBadRequest)
}

// consentID finds the consent request on the authorize page.
var consentID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// Browser plays the reader's browser: it follows the authorize URL, answers
// the consent page (accept or deny), and follows the redirect back to the
// app's loopback listener. It returns the last page's text.
func (s *Server) Browser(accept bool) func(*url.URL) error {
	return func(u *url.URL) error {
		_, err := s.Visit(u, accept)
		return err
	}
}

// Visit is Browser returning what the app's loopback page said.
func (s *Server) Visit(u *url.URL, accept bool) (string, error) {
	resp, err := http.Get(u.String())
	if err != nil {
		return "", err
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("authorize: %s: %s", resp.Status, page)
	}
	m := consentID.FindSubmatch(page)
	if m == nil {
		return "", fmt.Errorf("no consent form in %s", page)
	}
	answer := "deny"
	if accept {
		answer = "accept"
	}
	resp, err = http.PostForm(s.URL+"/consent", url.Values{"id": {string(m[1])}, "answer": {answer}})
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b), nil
}

// ApproveDevice types the user code on the device page, as the reader does
// on their phone.
func (s *Server) ApproveDevice(userCode string) error {
	resp, err := http.PostForm(s.URL+"/device", url.Values{"user_code": {userCode}})
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("device approval: %s", resp.Status)
	}
	return nil
}
