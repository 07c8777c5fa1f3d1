package app

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"mailsafe/app/oauth"
	"mailsafe/app/saslbearer"
)

// Security is how an IMAP connection is protected.
type Security string

// Connection security.
const (
	SecurityTLS      Security = "tls"      // implicit TLS (port 993)
	SecurityStartTLS Security = "starttls" // STARTTLS on the plain port (143)
	SecurityNone     Security = "none"     // plain text: allowed only to loopback addresses
)

// Account is one IMAP account as the reader set it up. Its password is never
// here: it lives in the OS keyring (secrets.go).
type Account struct {
	Name     string // display name of the reader
	Email    string // the reader's address
	Host     string
	Port     int
	Security Security
	Username string
	// PinnedCert is the SHA-256 fingerprint (hex) of a certificate the reader
	// chose to trust although it failed verification (a self-signed server).
	PinnedCert string
	// AuthServID is the authserv-id the reader's own receiving server writes
	// in Authentication-Results (e.g. "mx.example.com"): that server's stamp
	// is trusted wherever it stands. Empty: only the topmost is trusted.
	AuthServID string `json:",omitempty"`
	// AuthServDetected is true when mailsafe found AuthServID in the
	// account's own mail (authstamp.go) rather than the reader typing it: a
	// later detection may update it, and Settings says where it came from.
	AuthServDetected bool `json:",omitempty"`
	// Auth is how the account signs in: a password (the default) or OAuth2.
	Auth AuthMethod `json:",omitempty"`
	// OAuth is the OAuth2 sign-in of an account whose Auth is AuthOAuth2.
	OAuth OAuthSettings `json:",omitzero"`
}

// AuthMethod is how an account signs in.
type AuthMethod string

// Sign-in methods.
const (
	AuthPassword AuthMethod = ""       // a password (LOGIN)
	AuthOAuth2   AuthMethod = "oauth2" // an OAuth2 bearer token (XOAUTH2 or OAUTHBEARER)
)

// OAuthSettings is an account's OAuth2 sign-in: the provider, and the
// client (application) it signs in as. Tokens are not here: the refresh
// token lives in the keyring, the access token in memory.
type OAuthSettings struct {
	Provider oauth.ProviderID `json:",omitempty"`
	// ClientID is the organization's registered public client; empty
	// means the default of the Settings.
	ClientID string `json:",omitempty"`
	// Tenant is Microsoft's tenant: common, organizations or a tenant id
	// (empty: the provider's default).
	Tenant string `json:",omitempty"`
}

// Addr returns host:port.
func (a Account) Addr() string { return net.JoinHostPort(a.Host, strconv.Itoa(a.Port)) }

// Errors of IMAP connections, each with words for the reader.
var (
	ErrLoginFailed     = errors.New("the server refused the user name or password")
	ErrUnknownHost     = errors.New("the server's name could not be found (check the host name and your network)")
	ErrRefused         = errors.New("the server refused the connection (check the port and the security setting)")
	ErrTimeout         = errors.New("the server did not answer in time")
	ErrDropped         = errors.New("the connection to the server was lost")
	ErrNoStartTLS      = errors.New("the server offers no STARTTLS: choose TLS (port 993), or it cannot be used safely")
	ErrPlainNotAllowed = errors.New("a connection without encryption is allowed only to this computer (loopback)")
	// ErrIMAPNotEnabled is a sign-in the server accepted for a mailbox it
	// does not serve over IMAP (switched off by the administrator or in
	// the mailbox's own settings).
	ErrIMAPNotEnabled = errors.New("the sign-in worked, but this mailbox is not enabled for IMAP: ask your administrator to allow IMAP for it (or turn IMAP on in the mailbox's settings)")
)

// CertificateError is a server certificate that failed verification. The
// reader may trust it explicitly, which pins its fingerprint.
type CertificateError struct {
	Host        string
	Fingerprint string // SHA-256 of the certificate, hex
	Subject     string
	Reason      error
}

func (e *CertificateError) Error() string {
	return fmt.Sprintf("the certificate of %s could not be verified (%v); its SHA-256 fingerprint is %s — trust it only if your administrator confirms this fingerprint",
		e.Host, e.Reason, e.Fingerprint)
}

// Folder is a mailbox with its special use.
type Folder struct {
	Name  string
	Use   string // "inbox", "sent", "junk", "trash", "archive", "drafts" or ""
	Delim rune
}

// Envelope is a message as the list shows it.
type Envelope struct {
	UID     uint32
	SeqNum  uint32
	Date    time.Time // the Date header's
	Arrived time.Time // when the server received it (INTERNALDATE): the list sorts by it when there is no Date
	Subject string
	// FromName and FromAddr are the first sender's name and address
	// (Sender joins them as the list searches them).
	FromName, FromAddr string
	Size               int64
	// Header is the message's raw header as the list fetched it: what
	// the list's badge is computed from before the body is in. The list
	// hands it to ListVerdicts with its page and keeps the rest (FolderList).
	Header  []byte
	Seen    bool
	Flagged bool
}

// FolderState is what opening a folder tells.
type FolderState struct {
	Count       uint32
	UIDValidity uint32
	UIDNext     uint32
}

// IMAPSession is one logged-in connection. Calls take a context: when it
// ends, the connection is closed and the call returns its error.
type IMAPSession struct {
	c    *imapclient.Client
	acct Account

	// sendMu keeps a command being sent and the connection being closed
	// on cancel (closeConn) apart, and closed says it was: Bodies sends
	// nothing after it, whichever call was cancelled. When
	// go-imap fails to send a command on a closed connection, it ends the
	// commands in flight from the sending goroutine while its reader may
	// still be handing one of them a message, a race in the library.
	sendMu sync.Mutex
	closed bool
}

// closeConn closes the connection on cancel, from a goroutine other than
// the one sending, never while Bodies sends a command.
func (s *IMAPSession) closeConn() {
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	s.closed = true
	s.c.Close()
}

// Updates receives what the server reports on its own about the open
// folder: a new message count (new mail) and expunged messages. The
// functions run on the connection's reader and must not block.
type Updates struct {
	Exists  func(count uint32)
	Expunge func(seqNum uint32)
}

// DialIMAP connects and logs in with the account's security.
func DialIMAP(ctx context.Context, acct Account, password string) (*IMAPSession, error) {
	return DialIMAPUpdates(ctx, acct, password, Updates{})
}

// DialIMAPUpdates is DialIMAP with handlers for the server's unilateral updates.
func DialIMAPUpdates(ctx context.Context, acct Account, password string, upd Updates) (*IMAPSession, error) {
	return DialIMAPLogin(ctx, acct, Login{Password: password}, upd)
}

// Login is what a connection signs in with: a password, or, for an OAuth2
// account, its bearer tokens.
type Login struct {
	Password string
	Tokens   BearerTokens // when set, the password is not used
}

// BearerTokens hands out an account's OAuth2 access token (oauth.Tokens).
type BearerTokens interface {
	// AccessToken returns a token that is valid now, refreshing it first
	// when it is about to expire.
	AccessToken(ctx context.Context) (string, error)
	// Invalidate says the server refused the token: the next AccessToken
	// refreshes it.
	Invalidate()
}

// DialIMAPLogin connects and signs in with login. A bearer token the server
// refuses is refreshed once, and the connection tried again: a token may
// be revoked or expire early.
func DialIMAPLogin(ctx context.Context, acct Account, login Login, upd Updates) (*IMAPSession, error) {
	s, err := dialIMAP(ctx, acct, login, upd)
	if login.Tokens != nil && errors.Is(err, ErrLoginFailed) {
		login.Tokens.Invalidate()
		s, err = dialIMAP(ctx, acct, login, upd)
	}
	return s, err
}

func dialIMAP(ctx context.Context, acct Account, login Login, upd Updates) (*IMAPSession, error) {
	opts := &imapclient.Options{Dialer: &net.Dialer{Timeout: 20 * time.Second}}
	opts.UnilateralDataHandler = &imapclient.UnilateralDataHandler{
		Mailbox: func(m *imapclient.UnilateralDataMailbox) {
			if m.NumMessages != nil && upd.Exists != nil {
				upd.Exists(*m.NumMessages)
			}
		},
		Expunge: func(seq uint32) {
			if upd.Expunge != nil {
				upd.Expunge(seq)
			}
		},
	}
	var verifyErr *CertificateError
	tlsConf := &tls.Config{ServerName: acct.Host, MinVersion: tls.VersionTLS12}
	if acct.PinnedCert != "" {
		// A pinned certificate replaces verification by the system roots:
		// exactly that certificate is accepted, and no other.
		tlsConf.InsecureSkipVerify = true
		tlsConf.VerifyConnection = func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 || fingerprint(cs.PeerCertificates[0]) != strings.ToLower(acct.PinnedCert) {
				return fmt.Errorf("the server's certificate changed since you trusted it (pinned %s)", acct.PinnedCert)
			}
			return nil
		}
	} else {
		tlsConf.VerifyConnection = func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return errors.New("no certificate")
			}
			inter := x509.NewCertPool()
			for _, c := range cs.PeerCertificates[1:] {
				inter.AddCert(c)
			}
			_, err := cs.PeerCertificates[0].Verify(x509.VerifyOptions{DNSName: acct.Host, Intermediates: inter})
			if err != nil {
				leaf := cs.PeerCertificates[0]
				verifyErr = &CertificateError{Host: acct.Host, Fingerprint: fingerprint(leaf), Subject: leaf.Subject.String(), Reason: err}
			}
			return err
		}
		tlsConf.InsecureSkipVerify = true // verified above, with a useful error
	}
	opts.TLSConfig = tlsConf

	type dialed struct {
		c   *imapclient.Client
		err error
	}
	done := make(chan dialed, 1)
	go func() {
		var c *imapclient.Client
		var err error
		switch acct.Security {
		case SecurityTLS:
			c, err = imapclient.DialTLS(acct.Addr(), opts)
		case SecurityStartTLS:
			c, err = imapclient.DialStartTLS(acct.Addr(), opts)
		case SecurityNone:
			if !isLoopbackHost(acct.Host) {
				err = ErrPlainNotAllowed
				break
			}
			c, err = imapclient.DialInsecure(acct.Addr(), opts)
		default:
			err = fmt.Errorf("unknown security %q", acct.Security)
		}
		done <- dialed{c, err}
	}()
	var d dialed
	select {
	case d = <-done:
	case <-ctx.Done():
		go func() {
			if d := <-done; d.c != nil {
				d.c.Close()
			}
		}()
		return nil, ctx.Err()
	}
	if d.err != nil {
		if verifyErr != nil {
			return nil, verifyErr
		}
		var imapErr *imap.Error
		if acct.Security == SecurityStartTLS && errors.As(d.err, &imapErr) {
			// The server answered STARTTLS with NO or BAD: it has no TLS.
			return nil, fmt.Errorf("connect to %s: %w (%s)", acct.Addr(), ErrNoStartTLS, imapErr.Text)
		}
		return nil, classify("connect to "+acct.Addr(), d.err)
	}
	s := &IMAPSession{c: d.c, acct: acct}
	var err error
	if login.Tokens != nil {
		err = s.authenticate(ctx, login.Tokens)
	} else {
		err = s.do(ctx, "log in", func() error { return s.c.Login(acct.Username, login.Password).Wait() })
	}
	if err != nil {
		s.c.Close()
		return nil, err
	}
	return s, nil
}

// authenticate signs in with a bearer token, with the mechanism the
// server offers: OAUTHBEARER or XOAUTH2.
func (s *IMAPSession) authenticate(ctx context.Context, tokens BearerTokens) error {
	mech, err := saslbearer.Choose(s.c.Caps().AuthMechanisms())
	if err != nil {
		return fmt.Errorf("sign in to %s: %w", s.acct.Addr(), err)
	}
	token, err := tokens.AccessToken(ctx)
	if err != nil {
		return err
	}
	client, err := saslbearer.NewClient(mech, s.acct.Username, token, s.acct.Host, s.acct.Port)
	if err != nil {
		return err
	}
	step := "log in with " + string(mech)
	err = s.do(ctx, step, func() error { return s.c.Authenticate(client) })
	var imapErr *imap.Error
	if err != nil && errors.As(err, &imapErr) && imapNotEnabled(imapErr.Text) {
		return fmt.Errorf("%s: %w (the server said: %s)", step, ErrIMAPNotEnabled, imapErr.Text)
	}
	if se := client.LastError(); err != nil && se != nil {
		return fmt.Errorf("%w (%v)", err, se)
	}
	return err
}

// imapNotEnabled recognises the servers' words for a mailbox that may not
// use IMAP: Exchange Online's and Gmail's.
func imapNotEnabled(text string) bool {
	t := strings.ToLower(text)
	return strings.Contains(t, "authenticated but not connected") || strings.Contains(t, "not enabled for imap")
}

func fingerprint(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	return hex.EncodeToString(sum[:])
}

func isLoopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// do runs one command, closing the connection if ctx ends first, and
// classifies its error.
func (s *IMAPSession) do(ctx context.Context, step string, f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		if err != nil {
			return s.classify(step, err)
		}
		return nil
	case <-ctx.Done():
		s.closeConn()
		<-done
		return fmt.Errorf("%s: %w", step, ctx.Err())
	}
}

// classify is classify that also knows a connection that ended: the
// client reports a failed read in words only, having put the connection
// in the logout state before it tells the commands.
func (s *IMAPSession) classify(step string, err error) error {
	cerr := classify(step, err)
	var imapErr *imap.Error
	if errors.Is(cerr, ErrDropped) || errors.As(err, &imapErr) || s.c.State() != imap.ConnStateLogout {
		return cerr // known, the server's own answer, or the connection still up
	}
	return fmt.Errorf("%s: %w (%v)", step, ErrDropped, err)
}

// classify turns network and protocol errors into the reader's words.
func classify(step string, err error) error {
	var imapErr *imap.Error
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.As(err, &imapErr) && (imapErr.Code == imap.ResponseCodeAuthenticationFailed || strings.Contains(strings.ToLower(step), "log in")):
		return fmt.Errorf("%s: %w (%s)", step, ErrLoginFailed, imapErr.Text)
	case errors.As(err, &dnsErr):
		return fmt.Errorf("%s: %w", step, ErrUnknownHost)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("%s: %w", step, ErrRefused)
	case errors.As(err, &netErr) && netErr.Timeout():
		return fmt.Errorf("%s: %w", step, ErrTimeout)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return fmt.Errorf("%s: %w", step, ErrDropped)
	}
	return fmt.Errorf("%s: %w", step, err)
}

// Idle starts IDLE (or, where the server lacks it, nothing) and returns a
// function that ends it. Updates arrive through the session's Updates.
func (s *IMAPSession) Idle() (stop func() error, err error) {
	if !s.c.Caps().Has(imap.CapIdle) {
		return func() error { return nil }, nil
	}
	cmd, err := s.c.Idle()
	if err != nil {
		return nil, classify("idle", err)
	}
	return func() error {
		if err := cmd.Close(); err != nil {
			return classify("end idle", err)
		}
		if err := cmd.Wait(); err != nil {
			return classify("end idle", err)
		}
		return nil
	}, nil
}

// Noop asks the server for news: where IDLE is missing, polling with NOOP
// delivers the same updates.
func (s *IMAPSession) Noop(ctx context.Context) error {
	return s.do(ctx, "check for new mail", func() error { return s.c.Noop().Wait() })
}

// Close logs out and closes the connection.
func (s *IMAPSession) Close() error {
	s.c.Logout().Wait()
	return s.c.Close()
}

// Folders lists the account's folders: Inbox, Sent, Junk, Trash and Archive
// first (by their special-use attributes), then the others by name.
func (s *IMAPSession) Folders(ctx context.Context) ([]Folder, error) {
	var list []*imap.ListData
	err := s.do(ctx, "list folders", func() error {
		var err error
		list, err = s.c.List("", "*", nil).Collect()
		return err
	})
	if err != nil {
		return nil, err
	}
	var out []Folder
	for _, l := range list {
		f := Folder{Name: l.Mailbox, Delim: l.Delim}
		if strings.EqualFold(l.Mailbox, "INBOX") {
			f.Use = "inbox"
		}
		for _, a := range l.Attrs {
			switch a {
			case imap.MailboxAttrSent:
				f.Use = "sent"
			case imap.MailboxAttrJunk:
				f.Use = "junk"
			case imap.MailboxAttrTrash:
				f.Use = "trash"
			case imap.MailboxAttrArchive:
				f.Use = "archive"
			case imap.MailboxAttrDrafts:
				f.Use = "drafts"
			case imap.MailboxAttrNoSelect:
				f.Use = "noselect"
			}
		}
		if f.Use == "" {
			// Servers without SPECIAL-USE: recognise the usual names.
			switch strings.ToLower(l.Mailbox) {
			case "sent", "sent items", "sent messages", "送信済み":
				f.Use = "sent"
			case "junk", "spam", "junk e-mail", "迷惑メール":
				f.Use = "junk"
			case "trash", "deleted items", "deleted messages", "ゴミ箱":
				f.Use = "trash"
			case "archive", "アーカイブ":
				f.Use = "archive"
			}
		}
		if f.Use != "noselect" {
			out = append(out, f)
		}
	}
	rank := map[string]int{"inbox": 0, "sent": 1, "junk": 2, "trash": 3, "archive": 4, "drafts": 5, "": 6}
	sort.SliceStable(out, func(i, j int) bool {
		if rank[out[i].Use] != rank[out[j].Use] {
			return rank[out[i].Use] < rank[out[j].Use]
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// Open selects a folder read-only (EXAMINE), so that nothing done while
// reading changes its messages' flags.
func (s *IMAPSession) Open(ctx context.Context, folder string) (FolderState, error) {
	return s.selectFolder(ctx, folder, true)
}

// OpenWritable selects a folder read-write: only when the reader turned on
// "mark as read when opened".
func (s *IMAPSession) OpenWritable(ctx context.Context, folder string) (FolderState, error) {
	return s.selectFolder(ctx, folder, false)
}

func (s *IMAPSession) selectFolder(ctx context.Context, folder string, readOnly bool) (FolderState, error) {
	var data *imap.SelectData
	err := s.do(ctx, "open "+folder, func() error {
		var err error
		data, err = s.c.Select(folder, &imap.SelectOptions{ReadOnly: readOnly}).Wait()
		return err
	})
	if err != nil {
		return FolderState{}, err
	}
	return FolderState{Count: data.NumMessages, UIDValidity: data.UIDValidity, UIDNext: uint32(data.UIDNext)}, nil
}

// MarkSeen sets \Seen on a message (the mark-as-read setting).
func (s *IMAPSession) MarkSeen(ctx context.Context, uid uint32) error {
	return s.do(ctx, "mark as read", func() error {
		return s.c.Store(imap.UIDSetNum(imap.UID(uid)), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagSeen}}, nil).Close()
	})
}

// Envelopes fetches a page of the open folder, newest first: skip messages
// from the newest, then up to n.
func (s *IMAPSession) Envelopes(ctx context.Context, count, skip, n uint32) ([]Envelope, error) {
	if skip >= count || n == 0 {
		return nil, nil
	}
	hi := count - skip
	lo := uint32(1)
	if hi > n {
		lo = hi - n + 1
	}
	var set imap.SeqSet
	set.AddRange(lo, hi)
	var msgs []*imapclient.FetchMessageBuffer
	err := s.do(ctx, "fetch the message list", func() error {
		var err error
		// One round trip: the header fields the list shows, read by
		// mailview as the reading pane reads them. No ENVELOPE: asking for
		// both doubled Dovecot's work per page (BenchmarkListWhole).
		msgs, err = s.c.Fetch(set, &imap.FetchOptions{Flags: true, RFC822Size: true, UID: true, InternalDate: true,
			BodySection: []*imap.FetchItemBodySection{listHeaderSection()}}).Collect()
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]Envelope, 0, len(msgs))
	var missing imap.SeqSet // messages the server sent no header section for
	headers := map[uint32][]byte{}
	for _, m := range msgs {
		e := Envelope{UID: uint32(m.UID), SeqNum: m.SeqNum, Size: m.RFC822Size, Arrived: m.InternalDate.UTC()}
		for _, b := range m.BodySection {
			if b.Section != nil && b.Section.Specifier == imap.PartSpecifierHeader && len(b.Section.Part) == 0 && b.Bytes != nil {
				headers[m.SeqNum] = b.Bytes
			}
		}
		if headers[m.SeqNum] == nil {
			missing.AddNum(m.SeqNum)
		}
		for _, fl := range m.Flags {
			e.Seen = e.Seen || fl == imap.FlagSeen
			e.Flagged = e.Flagged || fl == imap.FlagFlagged
		}
		out = append(out, e)
	}
	// The ENVELOPE only where the header fetch gave nothing: a second
	// round trip that a server answering HEADER.FIELDS never causes.
	envs := map[uint32]*imap.Envelope{}
	if len(missing) > 0 {
		var fallback []*imapclient.FetchMessageBuffer
		err := s.do(ctx, "fetch the message list", func() error {
			var err error
			fallback, err = s.c.Fetch(missing, &imap.FetchOptions{Envelope: true}).Collect()
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, m := range fallback {
			envs[m.SeqNum] = m.Envelope
		}
	}
	for i := range out {
		DecodeListHeader(&out[i], headers[out[i].SeqNum], envs[out[i].SeqNum])
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SeqNum > out[j].SeqNum })
	return out, nil
}

// Body fetches a whole message with BODY.PEEK[], which leaves \Seen as it
// is. A message larger than limit bytes is refused with a clear error.
func (s *IMAPSession) Body(ctx context.Context, uid uint32, limit int64) ([]byte, error) {
	return s.BodyProgress(ctx, uid, limit, nil)
}

// BodyProgress is Body reporting progress while a large message arrives:
// progress(done, total) after each chunk.
func (s *IMAPSession) BodyProgress(ctx context.Context, uid uint32, limit int64, progress func(done, total int64)) ([]byte, error) {
	var out []byte
	err := s.do(ctx, fmt.Sprintf("fetch message %d", uid), func() error {
		sizes, err := s.c.Fetch(imap.UIDSetNum(imap.UID(uid)), &imap.FetchOptions{RFC822Size: true, UID: true}).Collect()
		if err != nil {
			return err
		}
		if len(sizes) == 0 {
			return fmt.Errorf("message %d is no longer in the folder", uid)
		}
		total := sizes[0].RFC822Size
		if total > limit {
			return fmt.Errorf("message %d is %d MB, larger than the %d MB mailsafe reads", uid, total>>20, limit>>20)
		}
		cmd := s.c.Fetch(imap.UIDSetNum(imap.UID(uid)), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{{Peek: true}}})
		defer cmd.Close()
		msg := cmd.Next()
		if msg == nil {
			return fmt.Errorf("message %d is no longer in the folder", uid)
		}
		for item := msg.Next(); item != nil; item = msg.Next() {
			body, ok := item.(imapclient.FetchItemDataBodySection)
			if !ok || body.Literal == nil {
				continue
			}
			buf := make([]byte, 0, max(total, 0))
			chunk := make([]byte, 64<<10)
			for {
				n, err := body.Literal.Read(chunk)
				buf = append(buf, chunk[:n]...)
				if progress != nil && n > 0 {
					progress(int64(len(buf)), total)
				}
				if int64(len(buf)) > limit {
					return fmt.Errorf("message %d is larger than the %d MB mailsafe reads", uid, limit>>20)
				}
				if err == io.EOF {
					break
				}
				if err != nil {
					return err
				}
			}
			out = buf
		}
		return cmd.Close()
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, fmt.Errorf("message %d: the server sent no content", uid)
	}
	return out, nil
}
