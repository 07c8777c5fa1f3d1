package correspondents_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"mailsafe/correspondents"
	"mailsafe/internal/dovecottest"
	"mailsafe/mailview"
	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
)

// learned is a store that has learned the generated history mailbox.
func learned(t testing.TB) (*correspondents.Store, dovecottest.HistoryMail) {
	t.Helper()
	h := dovecottest.History(time.Now())
	s, err := correspondents.Open(filepath.Join(t.TempDir(), "data", correspondents.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	var lessons []correspondents.Lesson
	for _, raw := range append(append([][]byte(nil), h.Sent...), h.Inbox...) {
		if l, ok := correspondents.Teach(message.Parse(raw).Header, []string{dovecottest.Me}, nil); ok {
			lessons = append(lessons, l)
		}
	}
	if len(lessons) != 700 {
		t.Fatalf("%d lessons from 700 messages", len(lessons))
	}
	if err := s.Record("test", lessons, "", correspondents.Mark{}); err != nil {
		t.Fatal(err)
	}
	return s, h
}

// sender ids whose presence the history decides.
var historyIDs = []check.ID{check.FindingDisplayNameImpersonation, check.FindingSenderUnusual, check.FindingLookalikeDomain, check.FindingFirstContact}

func historyFindings(v *mailview.View) []string {
	var out []string
	for _, f := range v.Findings {
		if slices.Contains(historyIDs, f.ID) {
			out = append(out, string(f.ID))
		}
	}
	slices.Sort(out)
	return out
}

// The cases, read against a history learned from 200 sent and 500
// received messages, with no contact list at all.
func TestHistoryCases(t *testing.T) {
	s, h := learned(t)
	hist, err := s.History()
	if err != nil {
		t.Fatal(err)
	}
	reader := mailview.Reader{Me: []string{dovecottest.Me}, History: hist}
	want := map[string]string{
		"bec":       "display-name-impersonation first-contact",
		"webmail":   "sender-unusual",
		"lookalike": "display-name-impersonation first-contact lookalike-domain",
		"colleague": "",
		"partner":   "",
		"stranger":  "first-contact",
	}
	for name, raw := range h.Cases {
		v := mailview.Analyze(raw, reader)
		if got := strings.Join(historyFindings(v), " "); got != want[name] {
			t.Errorf("%s: history findings %q, want %q", name, got, want[name])
		}
		switch name {
		case "colleague", "partner", "stranger":
			if v.Verdict.Level != check.LevelSafe {
				t.Errorf("%s: verdict %s %v, want safe", name, v.Verdict.Level, v.Verdict.Reasons)
			}
		}
	}
	// What changed is named.
	v := mailview.Analyze(h.Cases["webmail"], reader)
	for _, f := range v.Findings {
		if f.ID == check.FindingSenderUnusual {
			ev := strings.Join(f.Evidence, "\n")
			for _, w := range []string{"mailer: webmail; before: iOS Mail", "network: 192.0.2.0/24; before: 203.0.113.0/24", "DMARC: fail; before: pass"} {
				if !strings.Contains(ev, w) {
					t.Errorf("sender-unusual evidence lacks %q:\n%s", w, ev)
				}
			}
			if f.Severity != check.SeverityDanger {
				t.Errorf("sender-unusual severity %s, want danger (authentication regressed)", f.Severity)
			}
		}
	}
	// Without the history, none of it.
	v = mailview.Analyze(h.Cases["bec"], mailview.Reader{Me: []string{dovecottest.Me}})
	if got := historyFindings(v); len(got) != 0 {
		t.Errorf("bec without history: %v", got)
	}
}

// A message the history already learned (the GUI learns the inbox before
// the reader opens it) is still read against the mail before it.
func TestHistoryHoldsTheMessageItself(t *testing.T) {
	s, h := learned(t)
	for _, name := range []string{"webmail", "bec", "stranger"} {
		l, ok := correspondents.Teach(message.Parse(h.Cases[name]).Header, []string{dovecottest.Me}, nil)
		if !ok {
			t.Fatal(name)
		}
		if err := s.Record("test", []correspondents.Lesson{l}, "", correspondents.Mark{}); err != nil {
			t.Fatal(err)
		}
	}
	hist, err := s.History()
	if err != nil {
		t.Fatal(err)
	}
	reader := mailview.Reader{Me: []string{dovecottest.Me}, History: hist}
	for name, want := range map[string]string{
		"webmail":   "sender-unusual",
		"bec":       "display-name-impersonation first-contact",
		"stranger":  "first-contact",
		"colleague": "",
	} {
		if got := strings.Join(historyFindings(mailview.Analyze(h.Cases[name], reader)), " "); got != want {
			t.Errorf("%s after learning it: %q, want %q", name, got, want)
		}
	}
}

func TestStoreFileIsPrivateAndForgets(t *testing.T) {
	s, _ := learned(t)
	fi, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("store mode %v, want 0600", fi.Mode().Perm())
	}
	known, err := s.Known()
	if err != nil || len(known) != 1 || known[0].Senders != 30 || known[0].Recipients != 30 || known[0].Messages != 500 {
		t.Errorf("known %+v %v, want 30 senders, 30 recipients, 500 messages", known, err)
	}
	if ok, err := s.Forget("Taro.Yamada@corp.example"); !ok || err != nil {
		t.Fatalf("forget: %v %v", ok, err)
	}
	hist, _ := s.History()
	v := mailview.Analyze(dovecottest.History(time.Now()).Cases["colleague"], mailview.Reader{Me: []string{dovecottest.Me}, History: hist})
	// On our own domain: no first contact, but no history either.
	if got := historyFindings(v); len(got) != 0 {
		t.Errorf("colleague after forgetting: %v", got)
	}
	if err := s.ForgetAll(); err != nil {
		t.Fatal(err)
	}
	if hist, _ = s.History(); func() bool { a, b := hist.Size(); return a+b != 0 }() {
		t.Error("ForgetAll left correspondents")
	}
}

// BenchmarkLookup is the history's cost per analysed message: the
// partner's ordinary mail, with and without the history.
func BenchmarkLookup(b *testing.B) {
	s, h := learned(b)
	hist, _ := s.History()
	raw := h.Cases["partner"]
	for _, c := range []struct {
		name string
		r    mailview.Reader
	}{{"without", mailview.Reader{Me: []string{dovecottest.Me}}}, {"with", mailview.Reader{Me: []string{dovecottest.Me}, History: hist}}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				mailview.Analyze(raw, c.r)
			}
		})
	}
}

// A store another mailsafe holds open is refused with ErrInUse (the lock
// is waited for two seconds), not opened twice.
func TestStoreInUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), correspondents.FileName)
	s, err := correspondents.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if again, err := correspondents.Open(path); !errors.Is(err, correspondents.ErrInUse) {
		if again != nil {
			again.Close()
		}
		t.Errorf("a second Open: %v, want ErrInUse", err)
	}
}
