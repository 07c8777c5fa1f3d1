package app

// Which receiving server's stamp to trust, worked out per account from the
// account's own mail: the reader's provider stamps every message it
// delivers, on top (RFC 8601 section 5), so the authserv-id that heads the
// Authentication-Results of all recent mail is the provider's. Stamps lower
// down, or on only some messages, may have been written by a sender.

import (
	"context"
	"fmt"

	"github.com/emersion/go-imap/v2"

	"mailsafe/mailview"
	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
)

// Thresholds of the detection.
const (
	// detectSample is how many of the newest messages are read.
	detectSample = 30
	// detectMinStamped is how many of them must carry a stamp at all.
	detectMinStamped = 5
)

// DetectAuthServID returns the authserv-id that heads the Authentication-
// Results of every stamped message in headers, when at least
// detectMinStamped are stamped and they are at least four in five of all
// (mail the server delivered itself, such as its own notices, may carry no
// stamp). Any disagreement, or too few stamps, gives ok false: the reader
// sets it in Settings then.
func DetectAuthServID(headers []message.Header) (id string, ok bool) {
	stamped := 0
	for _, h := range headers {
		got, has := check.StampAuthServID(h)
		if !has {
			continue
		}
		if stamped > 0 && got != id {
			return "", false
		}
		id = got
		stamped++
	}
	if stamped < detectMinStamped || stamped*5 < len(headers)*4 || !ValidAuthServID(id) {
		return "", false
	}
	return id, true
}

// AuthHeaders fetches the Authentication-Results fields, in the order the
// messages have them, of the newest n messages of the open folder of count
// (without setting \Seen).
func (s *IMAPSession) AuthHeaders(ctx context.Context, count, n uint32) ([]message.Header, error) {
	if count == 0 || n == 0 {
		return nil, nil
	}
	lo := uint32(1)
	if count > n {
		lo = count - n + 1
	}
	var set imap.SeqSet
	set.AddRange(lo, count)
	var out []message.Header
	err := s.headerFields(ctx, "fetch the authentication stamps", set, []string{"Authentication-Results"}, func(_ imap.UID, h message.Header) {
		out = append(out, h)
	})
	return out, err
}

// DetectAccountAuthServID connects to acct, signed in with login, reads the stamps of the newest
// messages of its inbox and returns the authserv-id of its provider, or ""
// when the mail does not show one clearly.
func DetectAccountAuthServID(ctx context.Context, acct Account, login Login) (string, error) {
	s, err := DialIMAPLogin(ctx, acct, login, Updates{})
	if err != nil {
		return "", err
	}
	defer s.Close()
	st, err := s.Open(ctx, "INBOX")
	if err != nil {
		return "", err
	}
	headers, err := s.AuthHeaders(ctx, st.Count, detectSample)
	if err != nil {
		return "", fmt.Errorf("detecting the trusted authentication server: %w", err)
	}
	id, _ := DetectAuthServID(headers)
	return id, nil
}

// storedAuthServIDs is what Settings trusts for src's account: the
// authserv-id the reader typed for it or the viewer found in its mail;
// nil when Settings has no such account or no id for it.
func storedAuthServIDs(src IMAPSource, settings *Settings) []string {
	if settings == nil {
		return nil
	}
	list, _ := settings.Accounts()
	for _, a := range list {
		if sameAccount(a, src.Account) && a.AuthServID != "" {
			return []string{a.AuthServID}
		}
	}
	return nil
}

// withStamps marks every message each is given as read from an account
// whose provider stamps as ids (nil: nothing to mark).
func withStamps(each func(Item) error, ids []string) func(Item) error {
	if len(ids) == 0 {
		return each
	}
	return func(it Item) error {
		it.AuthServIDs = ids
		return each(it)
	}
}

// readerForItem is r for the message it: r's trusted servers when the scan
// was given any (--authserv-id), else those of the account it was read
// from, as stored in Settings.
func readerForItem(r mailview.Reader, it Item) mailview.Reader {
	if len(r.AuthServIDs) == 0 && len(it.AuthServIDs) > 0 {
		r.AuthServIDs = it.AuthServIDs
	}
	return r
}
