// Package dovecottest starts a real Dovecot IMAP server for tests, on
// loopback ports, with its own configuration, state and Maildirs in a
// temporary directory (the recipe of DESIGN.md). It is test support: only
// tests import it.
package dovecottest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
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

// Server is a real Dovecot started for one test, on loopback ports, with
// its own configuration, state and Maildirs in a temporary directory.
type Server struct {
	dir       string
	IMAPPort  int
	IMAPSPort int        // 0 unless started with TLS
	mu        sync.Mutex // guards cmd: a test may restart the server from another goroutine
	cmd       *exec.Cmd
	Home      string // the test user's home; messages go in Home/Maildir
}

// User and Password are the test account.
const User, Password = "alex", "correct horse"

// need skips (or, under make test, fails) when Dovecot cannot run here.
func need(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("dovecot")
	if err != nil {
		if _, err = os.Stat("/usr/sbin/dovecot"); err == nil {
			bin = "/usr/sbin/dovecot"
		}
	}
	if bin == "" {
		NeedRealPart(t, "Dovecot (package dovecot-imapd)")
	}
	if os.Geteuid() != 0 {
		NeedRealPart(t, "root, to start Dovecot's master process")
	}
	for _, u := range []string{"dovecot", "dovenull", "nobody"} {
		if _, err := user.Lookup(u); err != nil {
			NeedRealPart(t, "the system user "+u+" (created by the dovecot-core package)")
		}
	}
	return bin
}

// NeedRealPart skips a test whose real part is missing, or fails it under
// make test (MAILSAFE_REAL_PARTS=1), where every real part must run.
func NeedRealPart(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("MAILSAFE_REAL_PARTS") == "1" {
		t.Fatalf("%s is needed; make test installs it", what)
	}
	t.Skipf("%s is not available; make test runs this", what)
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// Start starts Dovecot; with certPEM/keyPEM it also listens for imaps.
// seed writes messages into the Maildir before Dovecot starts.
func Start(t testing.TB, certPEM, keyPEM []byte, seed func(maildir string)) *Server {
	t.Helper()
	return start(t, certPEM, keyPEM, seed, passwordAuth)
}

// passwordAuth is the password login of the test account (PLAIN and LOGIN).
func passwordAuth(dir string) string {
	os.WriteFile(filepath.Join(dir, "passwd"), []byte(User+":{PLAIN}"+Password+"\n"), 0o644)
	return fmt.Sprintf(`auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = %s/passwd
}`, dir)
}

// start starts Dovecot with the login configuration auth writes.
func start(t testing.TB, certPEM, keyPEM []byte, seed func(maildir string), auth func(dir string) string) *Server {
	t.Helper()
	bin := need(t)
	dir, err := os.MkdirTemp("", "mailsafe-dovecot-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o755)
	d := &Server{dir: dir, IMAPPort: FreePort(t), Home: filepath.Join(dir, "home", User)}
	nobody, _ := user.Lookup("nobody")
	uid, _ := strconv.Atoi(nobody.Uid)
	gid, _ := strconv.Atoi(nobody.Gid)
	maildir := filepath.Join(d.Home, "Maildir")
	for _, sub := range []string{"cur", "new", "tmp"} {
		os.MkdirAll(filepath.Join(maildir, sub), 0o700)
	}
	if seed != nil {
		seed(maildir)
	}
	filepath.Walk(filepath.Join(dir, "home"), func(p string, _ os.FileInfo, _ error) error { return os.Lchown(p, uid, gid) })
	ssl := "ssl = no"
	imaps := "inet_listener imaps {\n    port = 0\n  }"
	if certPEM != nil {
		d.IMAPSPort = FreePort(t)
		os.WriteFile(filepath.Join(dir, "cert.pem"), certPEM, 0o644)
		os.WriteFile(filepath.Join(dir, "key.pem"), keyPEM, 0o600)
		ssl = fmt.Sprintf("ssl = yes\nssl_cert = <%s/cert.pem\nssl_key = <%s/key.pem", dir, dir)
		imaps = fmt.Sprintf("inet_listener imaps {\n    port = %d\n  }", d.IMAPSPort)
	}
	conf := fmt.Sprintf(`listen = 127.0.0.1
protocols = imap
base_dir = %[1]s/run
state_dir = %[1]s/state
log_path = %[1]s/dovecot.log
%[2]s
disable_plaintext_auth = no
%[5]s
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=%[1]s/home/`+User+`
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
`, dir, ssl, d.IMAPPort, imaps, auth(dir))
	os.WriteFile(filepath.Join(dir, "dovecot.conf"), []byte(conf), 0o644)
	d.cmd = exec.Command(bin, "-F", "-c", filepath.Join(dir, "dovecot.conf"))
	d.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // so stop ends its children too
	var out strings.Builder
	d.cmd.Stdout, d.cmd.Stderr = &out, &out
	if err := d.cmd.Start(); err != nil {
		t.Fatalf("start dovecot: %v", err)
	}
	t.Cleanup(func() { d.Stop() })
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", d.IMAPPort), 200*time.Millisecond)
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

// Restart starts the stopped Dovecot again, on the same ports and data.
func (d *Server) Restart(t testing.TB) {
	t.Helper()
	bin := need(t)
	d.mu.Lock()
	defer d.mu.Unlock()
	d.cmd = exec.Command(bin, "-F", "-c", filepath.Join(d.dir, "dovecot.conf"))
	d.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := d.cmd.Start(); err != nil {
		t.Errorf("restart dovecot: %v", err)
	}
}

// Stop kills the server and every process it started.
func (d *Server) Stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cmd != nil && d.cmd.Process != nil {
		syscall.Kill(-d.cmd.Process.Pid, syscall.SIGKILL) // the master and every process it started
		d.cmd.Wait()
		d.cmd = nil
	}
}

// SeedMessages writes n small messages straight into a Maildir's cur/,
// named as Dovecot names them: the size and the CRLF size in the name
// (RFC822.SIZE is read from it), no ":2," for a message without flags. A
// name with an empty ":2," is not the one Dovecot expects from its uidlist:
// each new session failed to open the file and scanned the whole cur/
// again. The sizes differ from message to message (a body line of i%997
// dashes), as real mail's do: Dovecot hashes a file name by its last
// characters, and 10,000 names ending alike in ",S=181,W=181" made one
// chain of its uidlist's hash table, so that every SELECT spent seconds
// reading the uidlist (strace; 0.5 s of CPU at 10,000). The files and
// cur/ are older than Dovecot's start, so that cur/ is not "dirty" to it
// either. Writing 100,000 takes a few seconds.
func SeedMessages(n int) func(string) {
	return func(maildir string) {
		cur := filepath.Join(maildir, "cur")
		old := time.Now().Add(-time.Hour)
		base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := 1; i <= n; i++ {
			msg := fmt.Sprintf("From: Sender %d <s%d@example.net>\r\nTo: alex@example.org\r\nSubject: Message %d\r\nDate: %s\r\nMessage-ID: <m%d@example.net>\r\n\r\nBody of message %d.\r\n%s\r\n",
				i, i, i, base.Add(time.Duration(i)*time.Minute).Format(time.RFC1123Z), i, i, strings.Repeat("-", i%997))
			name := filepath.Join(cur, maildirName(1700000000+i, i, len(msg)))
			os.WriteFile(name, []byte(msg), 0o600)
			os.Chtimes(name, old, old)
		}
		os.Chtimes(cur, old, old)
	}
}

// maildirName is the name a delivery names a message of size bytes with
// in Maildir, as Dovecot's does: the time in seconds, M and the
// microseconds, P and the process id, the host, the size and the CRLF
// size. Seed names once had the message's number for the microseconds
// and 1 for the process id: with the time also counting up, 9% of 100,000
// names shared their hash with others in Dovecot's uidlist table
// (computed with Dovecot's name hash: chains up to 492 long, 1.3 million
// name comparisons each time a session read the uidlist; measured with
// perf over 20 sessions of SELECT and first page on the 100,000-message
// seed: a third of the imap process's samples in that table's lookups and
// comparisons). Real names, whose microseconds and process ids vary,
// share almost none; these neither (longest chain 2, computed likewise).
// seq is the message's number: the names sort in its order, so UIDs
// follow it.
func maildirName(sec, seq, size int) string {
	return fmt.Sprintf("%d.M%dP%d.test,S=%d,W=%d", sec, seq*7919%1000000, 1000+seq*31%30000, size, size)
}

// SelfSigned makes a certificate for 127.0.0.1 that no root vouches for.
func SelfSigned(t *testing.T) (certPEM, keyPEM []byte) {
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

// StartRawlog is Start (without TLS) with Dovecot's rawlog on: every
// session's traffic is kept, for a test to count the commands a client
// sent (ClientLines).
func StartRawlog(t testing.TB, seed func(maildir string)) *Server {
	t.Helper()
	return start(t, nil, nil, seed, func(dir string) string {
		logs := filepath.Join(dir, "rawlog")
		os.Mkdir(logs, 0o777)
		os.Chmod(logs, 0o777) // written by the mail user
		return passwordAuth(dir) + "\nrawlog_dir = " + logs + "\n"
	})
}

// ClientLines are the lines every client sent so far, as the rawlog of a
// server started with StartRawlog kept them (literals included).
func (d *Server) ClientLines(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(d.dir, "rawlog", "*.in"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(b), "\n")...)
	}
	return lines
}
