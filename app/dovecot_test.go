package app

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// dovecot is a real Dovecot started for one test, on loopback ports, with
// its own configuration, state and Maildirs in a temporary directory.
type dovecot struct {
	dir       string
	imapPort  int
	imapsPort int        // 0 unless started with TLS
	mu        sync.Mutex // guards cmd: a test may restart the server from another goroutine
	cmd       *exec.Cmd
	home      string // the test user's home; messages go in home/Maildir
}

const dovecotUser, dovecotPassword = "alex", "correct horse"

// needDovecot skips (or, under make test, fails) when Dovecot cannot run here.
func needDovecot(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("dovecot")
	if err != nil {
		if _, err = os.Stat("/usr/sbin/dovecot"); err == nil {
			bin = "/usr/sbin/dovecot"
		}
	}
	if bin == "" {
		needRealPart(t, "Dovecot (package dovecot-imapd)")
	}
	if os.Geteuid() != 0 {
		needRealPart(t, "root, to start Dovecot's master process")
	}
	for _, u := range []string{"dovecot", "dovenull", "nobody"} {
		if _, err := user.Lookup(u); err != nil {
			needRealPart(t, "the system user "+u+" (created by the dovecot-core package)")
		}
	}
	return bin
}

func needRealPart(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("MAILSAFE_REAL_PARTS") == "1" {
		t.Fatalf("%s is needed; make test installs it", what)
	}
	t.Skipf("%s is not available; make test runs this", what)
}

func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startDovecot starts Dovecot; with certPEM/keyPEM it also listens for imaps.
// seed writes messages into the Maildir before Dovecot starts.
func startDovecot(t testing.TB, certPEM, keyPEM []byte, seed func(maildir string)) *dovecot {
	t.Helper()
	bin := needDovecot(t)
	dir, err := os.MkdirTemp("", "mailsafe-dovecot-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o755)
	d := &dovecot{dir: dir, imapPort: freePort(t), home: filepath.Join(dir, "home", dovecotUser)}
	nobody, _ := user.Lookup("nobody")
	uid, _ := strconv.Atoi(nobody.Uid)
	gid, _ := strconv.Atoi(nobody.Gid)
	maildir := filepath.Join(d.home, "Maildir")
	for _, sub := range []string{"cur", "new", "tmp"} {
		os.MkdirAll(filepath.Join(maildir, sub), 0o700)
	}
	if seed != nil {
		seed(maildir)
	}
	filepath.Walk(filepath.Join(dir, "home"), func(p string, _ os.FileInfo, _ error) error { return os.Lchown(p, uid, gid) })
	os.WriteFile(filepath.Join(dir, "passwd"), []byte(dovecotUser+":{PLAIN}"+dovecotPassword+"\n"), 0o644)
	ssl := "ssl = no"
	imaps := "inet_listener imaps {\n    port = 0\n  }"
	if certPEM != nil {
		d.imapsPort = freePort(t)
		os.WriteFile(filepath.Join(dir, "cert.pem"), certPEM, 0o644)
		os.WriteFile(filepath.Join(dir, "key.pem"), keyPEM, 0o600)
		ssl = fmt.Sprintf("ssl = yes\nssl_cert = <%s/cert.pem\nssl_key = <%s/key.pem", dir, dir)
		imaps = fmt.Sprintf("inet_listener imaps {\n    port = %d\n  }", d.imapsPort)
	}
	conf := fmt.Sprintf(`listen = 127.0.0.1
protocols = imap
base_dir = %[1]s/run
state_dir = %[1]s/state
log_path = %[1]s/dovecot.log
%[2]s
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = %[1]s/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=%[1]s/home/%%u
}
mail_location = maildir:~/Maildir
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 1
service imap-login {
  inet_listener imap {
    port = %[3]d
  }
  %[4]s
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
`, dir, ssl, d.imapPort, imaps)
	os.WriteFile(filepath.Join(dir, "dovecot.conf"), []byte(conf), 0o644)
	d.cmd = exec.Command(bin, "-F", "-c", filepath.Join(dir, "dovecot.conf"))
	d.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // so stop ends its children too
	var out strings.Builder
	d.cmd.Stdout, d.cmd.Stderr = &out, &out
	if err := d.cmd.Start(); err != nil {
		t.Fatalf("start dovecot: %v", err)
	}
	t.Cleanup(func() { d.stop() })
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", d.imapPort), 200*time.Millisecond)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "dovecot.log"))
			t.Fatalf("dovecot did not start:\n%s\n%s", out.String(), log)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return d
}

// restart starts the stopped Dovecot again, on the same ports and data.
func (d *dovecot) restart(t testing.TB) {
	t.Helper()
	bin := needDovecot(t)
	d.mu.Lock()
	defer d.mu.Unlock()
	d.cmd = exec.Command(bin, "-F", "-c", filepath.Join(d.dir, "dovecot.conf"))
	d.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := d.cmd.Start(); err != nil {
		t.Errorf("restart dovecot: %v", err)
	}
}

func (d *dovecot) stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cmd != nil && d.cmd.Process != nil {
		syscall.Kill(-d.cmd.Process.Pid, syscall.SIGKILL) // the master and every process it started
		d.cmd.Wait()
		d.cmd = nil
	}
}

func (d *dovecot) account() Account {
	return Account{Host: "127.0.0.1", Port: d.imapPort, Security: SecurityNone, Username: dovecotUser, Email: "alex@example.org"}
}

// seedMessages writes n small messages straight into a Maildir's cur/.
func seedMessages(n int) func(string) {
	return func(maildir string) {
		for i := 1; i <= n; i++ {
			msg := fmt.Sprintf("From: Sender %d <s%d@example.net>\r\nTo: alex@example.org\r\nSubject: Message %d\r\nDate: %s\r\nMessage-ID: <m%d@example.net>\r\n\r\nBody of message %d.\r\n",
				i, i, i, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i)*time.Minute).Format(time.RFC1123Z), i, i)
			name := fmt.Sprintf("%d.M%dP1.test:2,", 1700000000+i, i)
			os.WriteFile(filepath.Join(maildir, "cur", name), []byte(msg), 0o600)
		}
	}
}

func TestDovecotLoginListPeek(t *testing.T) {
	d := startDovecot(t, nil, nil, seedMessages(30))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := DialIMAP(ctx, d.account(), dovecotPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	folders, err := s.Folders(ctx)
	if err != nil || len(folders) == 0 || folders[0].Use != "inbox" {
		t.Fatalf("folders %+v %v", folders, err)
	}
	st, err := s.Open(ctx, "INBOX")
	if err != nil || st.Count != 30 || st.UIDValidity == 0 {
		t.Fatalf("open: %+v %v", st, err)
	}
	page, err := s.Envelopes(ctx, st.Count, 0, 10)
	if err != nil || len(page) != 10 || page[0].Subject != "Message 30" || page[9].Subject != "Message 21" {
		t.Fatalf("first page: %v %v", page, err)
	}
	raw, err := s.Body(ctx, page[0].UID, MaxMessageSize)
	if err != nil || !strings.Contains(string(raw), "Body of message 30.") {
		t.Fatalf("body: %v %q", err, raw)
	}
	after, _ := s.Envelopes(ctx, st.Count, 0, 1)
	if after[0].Seen {
		t.Fatalf("BODY.PEEK set \\Seen on a real server")
	}
}

func TestDovecotWrongPassword(t *testing.T) {
	d := startDovecot(t, nil, nil, nil)
	_, err := DialIMAP(context.Background(), d.account(), "wrong password")
	if err == nil || !strings.Contains(err.Error(), "refused the user name or password") {
		t.Fatalf("err = %v", err)
	}
}

func TestDovecotPaging10000(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 messages")
	}
	d := startDovecot(t, nil, nil, seedMessages(10000))
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	s, err := DialIMAP(ctx, d.account(), dovecotPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Open(ctx, "INBOX")
	if err != nil || st.Count != 10000 {
		t.Fatalf("open: %+v %v", st, err)
	}
	seen := map[uint32]bool{}
	next := 10000
	for skip := uint32(0); skip < st.Count; skip += 500 {
		page, err := s.Envelopes(ctx, st.Count, skip, 500)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			if e.Subject != fmt.Sprintf("Message %d", next) {
				t.Fatalf("at %d got %q", next, e.Subject)
			}
			next--
			seen[e.UID] = true
		}
	}
	if len(seen) != 10000 || next != 0 {
		t.Fatalf("%d distinct messages, stopped at %d", len(seen), next)
	}
}

func TestDovecotScanURL(t *testing.T) {
	d := startDovecot(t, nil, nil, seedMessages(5))
	t.Setenv("MAILSAFE_PASSWORD", dovecotPassword)
	var out, errOut strings.Builder
	url := fmt.Sprintf("imap://%s@127.0.0.1:%d/INBOX", dovecotUser, d.imapPort)
	if !Scan(context.Background(), []string{url}, ScanOptions{JSON: true}, &out, &errOut) {
		t.Fatalf("scan: %s", errOut.String())
	}
	if n := strings.Count(out.String(), "\n"); n != 5 {
		t.Fatalf("%d records", n)
	}
	s, err := DialIMAP(context.Background(), d.account(), dovecotPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, _ := s.Open(context.Background(), "INBOX")
	envs, _ := s.Envelopes(context.Background(), st.Count, 0, st.Count)
	for _, e := range envs {
		if e.Seen {
			t.Fatalf("scan marked %q as read", e.Subject)
		}
	}
}

// selfSigned makes a certificate for 127.0.0.1 that no root vouches for.
func selfSigned(t *testing.T) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "mailsafe test server"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb})
}

func TestDovecotSelfSignedCertificate(t *testing.T) {
	cert, key := selfSigned(t)
	d := startDovecot(t, cert, key, seedMessages(1))
	acct := Account{Host: "127.0.0.1", Port: d.imapsPort, Security: SecurityTLS, Username: dovecotUser}
	_, err := DialIMAP(context.Background(), acct, dovecotPassword)
	var ce *CertificateError
	if !errors.As(err, &ce) || len(ce.Fingerprint) != 64 {
		t.Fatalf("an unverified certificate was not refused with its fingerprint: %v", err)
	}
	acct.PinnedCert = ce.Fingerprint // the reader trusts it explicitly
	s, err := DialIMAP(context.Background(), acct, dovecotPassword)
	if err != nil {
		t.Fatalf("pinned certificate refused: %v", err)
	}
	s.Close()
	other, _ := selfSigned(t)
	block, _ := pem.Decode(other)
	oc, _ := x509.ParseCertificate(block.Bytes)
	acct.PinnedCert = fingerprint(oc) // pinned to another certificate than the server's
	if _, err := DialIMAP(context.Background(), acct, dovecotPassword); err == nil || !strings.Contains(err.Error(), "changed since you trusted it") {
		t.Fatalf("a different certificate after pinning was accepted: %v", err)
	}
}

func TestDovecotIdleSeesAppendedMail(t *testing.T) {
	d := startDovecot(t, nil, nil, seedMessages(3))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := StartWorker(ctx, d.account(), dovecotPassword, WorkerOptions{})
	next[ResStatus](t, w)
	w.Requests <- ReqOpenFolder{ID: 1, Folder: "INBOX"}
	if o := next[ResOpened](t, w); o.Err != nil || o.State.Count != 3 {
		t.Fatalf("open %+v", o)
	}
	time.Sleep(300 * time.Millisecond) // let IDLE begin
	appendMessage(t, fmt.Sprintf("127.0.0.1:%d", d.imapPort), dovecotUser, dovecotPassword, "New while idle")
	if n := next[ResNewMail](t, w); n.Folder != "INBOX" || n.Count != 4 {
		t.Fatalf("new mail %+v", n)
	}
}

func TestDovecotStoppedAndBack(t *testing.T) {
	d := startDovecot(t, nil, nil, seedMessages(3))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := StartWorker(ctx, d.account(), dovecotPassword, WorkerOptions{FirstWait: 300 * time.Millisecond, MaxAttempts: 10})
	next[ResStatus](t, w)
	w.Requests <- ReqOpenFolder{ID: 1, Folder: "INBOX"}
	next[ResOpened](t, w)
	d.stop() // the server goes away mid-session
	go func() {
		time.Sleep(1500 * time.Millisecond)
		d.restart(t)
	}()
	w.Requests <- ReqFetchPage{ID: 2, Skip: 0, N: 3}
	st := next[ResStatus](t, w)
	if st.State != StatusReconnecting || !errors.Is(st.Err, ErrDropped) && !errors.Is(st.Err, ErrRefused) {
		t.Fatalf("status %+v", st)
	}
	p := next[ResPage](t, w)
	if p.ID != 2 || p.Err != nil || len(p.Envelopes) != 3 {
		t.Fatalf("after the server came back: %+v", p)
	}
}
