package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"

	"mailsafe/app/oauth"
)

// IMAPSource is a mailbox named by an imap:// or imaps:// URL:
// imap[s]://USER@HOST[:PORT]/MAILBOX. imaps is implicit TLS (993); imap is
// STARTTLS (143), or plain text to a loopback address whose server offers
// no STARTTLS.
type IMAPSource struct {
	Account Account
	Mailbox string
	URL     string // as given, without a password
}

// ParseIMAPURL reads an IMAP source URL.
func ParseIMAPURL(raw string) (IMAPSource, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return IMAPSource{}, fmt.Errorf("%q is not a URL: %w", raw, err)
	}
	src := IMAPSource{Mailbox: strings.TrimPrefix(u.Path, "/")}
	if src.Mailbox == "" {
		src.Mailbox = "INBOX"
	}
	a := Account{Host: u.Hostname(), Username: u.User.Username()}
	switch u.Scheme {
	case "imaps":
		a.Security, a.Port = SecurityTLS, 993
	case "imap":
		a.Security, a.Port = SecurityStartTLS, 143
	default:
		return IMAPSource{}, fmt.Errorf("%q: the scheme must be imap or imaps", raw)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			return IMAPSource{}, fmt.Errorf("%q: bad port %q", raw, p)
		}
		a.Port = n
	}
	if a.Host == "" || a.Username == "" {
		return IMAPSource{}, fmt.Errorf("%q: write the user and the server, as imaps://USER@HOST/MAILBOX", raw)
	}
	if _, has := u.User.Password(); has {
		return IMAPSource{}, fmt.Errorf("%q: do not put the password in the URL; set MAILSAFE_PASSWORD or store it in the keyring", u.Redacted())
	}
	if strings.Contains(a.Username, "@") {
		a.Email = a.Username
	}
	src.Account = a
	src.URL = (&url.URL{Scheme: u.Scheme, User: url.User(a.Username), Host: u.Host, Path: "/" + src.Mailbox}).String()
	return src, nil
}

// loginFor finds how scan signs in to an IMAP source: the bearer token in
// MAILSAFE_ACCESS_TOKEN (used as it is, never logged or written), else the
// stored sign-in of the OAuth2 account of the same user and server, else a
// password.
func loginFor(a Account, settings *Settings, secrets *Secrets) (Login, error) {
	if tok := os.Getenv("MAILSAFE_ACCESS_TOKEN"); tok != "" {
		return Login{Tokens: oauth.FixedToken(tok)}, nil
	}
	if settings != nil {
		list, _ := settings.Accounts()
		for _, acct := range list {
			if sameAccount(acct, a) && acct.Auth == AuthOAuth2 {
				tokens, err := settings.AccountTokens(acct)
				if err != nil {
					return Login{}, err
				}
				return Login{Tokens: tokens}, nil
			}
		}
	}
	password, err := passwordFor(a, secrets)
	return Login{Password: password}, err
}

// passwordFor finds an account's password: MAILSAFE_PASSWORD, else the keyring.
func passwordFor(a Account, secrets *Secrets) (string, error) {
	if p := os.Getenv("MAILSAFE_PASSWORD"); p != "" {
		return p, nil
	}
	if secrets != nil {
		p, err := secrets.Password(a)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, ErrNoSecret) {
			return "", err
		}
	}
	return "", fmt.Errorf("no password for %s@%s: set MAILSAFE_PASSWORD (or MAILSAFE_ACCESS_TOKEN for an OAuth2 bearer token), or store it in the keyring by adding the account in the mail viewer", a.Username, a.Host)
}

// readIMAP streams every message of the mailbox, oldest first, fetched
// read-only with BODY.PEEK so no flag changes: the UIDs and sizes of a
// stretch of the mailbox in one command, then their bodies in pipelined
// batches (IMAPSession.Bodies), handed to each as they arrive.
func readIMAP(ctx context.Context, src IMAPSource, login Login, each func(Item) error, skip func(*SourceError)) error {
	s, err := dialSource(ctx, src, login)
	if err != nil {
		return &SourceError{Source: src.URL, Err: err}
	}
	defer s.Close()
	if _, err := s.Open(ctx, src.Mailbox); err != nil {
		return &SourceError{Source: src.URL, Err: err}
	}
	// The UID list is asked for a stretch at a time, so that what is held
	// stays small whatever the mailbox's size.
	const stretch = 5000
	var last uint32 // the last UID listed
	var stopped error
	for {
		refs, err := s.Sizes(ctx, last, stretch)
		if err != nil {
			return &SourceError{Source: src.URL, Err: err}
		}
		if len(refs) == 0 {
			return nil
		}
		last = refs[len(refs)-1].UID
		err = s.Bodies(ctx, refs, BodiesOptions{Limit: MaxMessageSize}, func(b FetchedBody) error {
			id := fmt.Sprintf("%s#%d", src.URL, b.UID)
			if b.Err != nil {
				skip(&SourceError{Source: id, Err: b.Err})
				return nil
			}
			stopped = each(Item{ID: id, Raw: b.Raw})
			return stopped
		})
		if stopped != nil {
			return stopped
		}
		if err != nil {
			return &SourceError{Source: src.URL, Err: err}
		}
	}
}
