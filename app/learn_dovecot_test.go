package app

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"mailsafe/correspondents"
	"mailsafe/internal/dovecottest"
	"mailsafe/mailview"
	"mailsafe/mailview/check"
)

func historyAccount(d *dovecottest.Server) Account {
	a := account(d)
	a.Email = dovecottest.Me
	return a
}

func learnedIDs(v *mailview.View) []string {
	var out []string
	for _, f := range v.Findings {
		switch f.ID {
		case check.FindingDisplayNameImpersonation, check.FindingSenderUnusual, check.FindingLookalikeDomain, check.FindingFirstContact:
			out = append(out, string(f.ID))
		}
	}
	slices.Sort(out)
	return out
}

// A real Dovecot with a Sent folder of 200 messages to 30 correspondents
// and an inbox of 500: the account learns from headers alone, then the
// issue's cases are read against what it learned. A second run fetches
// only new mail; a changed UIDVALIDITY learns the folder again.
func TestDovecotLearnAccount(t *testing.T) {
	h := dovecottest.History(time.Now())
	d := dovecottest.Start(t, nil, nil, dovecottest.SeedHistory(h))
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := DialIMAP(ctx, historyAccount(d), dovecottest.Password)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := correspondents.Open(filepath.Join(t.TempDir(), correspondents.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	acct := historyAccount(d)
	since := time.Now().AddDate(0, -LearnSince, 0)
	var progressed []string
	res, err := LearnAccount(ctx, s, st, acct, nil, since, func(f string, done, total int) {
		progressed = append(progressed, fmt.Sprintf("%s %d/%d", f, done, total))
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || res[0].Folder != "Sent" || res[0].Sent != 200 || res[1].Folder != "INBOX" || res[1].Received != 500 {
		t.Fatalf("first run: %+v", res)
	}
	if !slices.Equal(progressed, []string{"Sent 200/200", "INBOX 500/500"}) {
		t.Errorf("progress %v", progressed)
	}

	hist, err := st.History()
	if err != nil {
		t.Fatal(err)
	}
	reader := readerWithHistory(acct, hist)
	want := map[string]string{
		"bec":       "display-name-impersonation first-contact",
		"webmail":   "sender-unusual",
		"lookalike": "display-name-impersonation first-contact lookalike-domain",
		"colleague": "",
		"partner":   "",
		"stranger":  "first-contact",
	}
	for name, raw := range h.Cases {
		if got := strings.Join(learnedIDs(mailview.Analyze(raw, reader)), " "); got != want[name] {
			t.Errorf("%s: %q, want %q", name, got, want[name])
		}
	}

	// Incremental: nothing new, nothing fetched; one new message, one fetched.
	res, err = LearnAccount(ctx, s, st, acct, nil, since, nil)
	if err != nil || res[0].Fetched != 0 || res[1].Fetched != 0 {
		t.Fatalf("second run: %+v %v", res, err)
	}
	if err := d.Deliver("", h.Cases["stranger"]); err != nil {
		t.Fatal(err)
	}
	res, err = LearnAccount(ctx, s, st, acct, nil, since, nil)
	if err != nil || res[0].Fetched != 0 || res[1].Fetched != 1 || res[1].Received != 1 {
		t.Fatalf("after one delivery: %+v %v", res, err)
	}
	// A message in Sent from an alias of the reader is sent mail all the same.
	alias := []byte("From: Alex <alex.sales@corp.example>\r\nTo: New Client <buyer@newclient.example>\r\nSubject: Quote\r\nDate: Mon, 2 Nov 2026 10:00:00 +0900\r\nMessage-ID: <alias1@corp.example>\r\n\r\nHello\r\n")
	if err := d.Deliver("Sent", alias); err != nil {
		t.Fatal(err)
	}
	res, err = LearnAccount(ctx, s, st, acct, nil, since, nil)
	if err != nil || res[0].Sent != 1 || res[0].Received != 0 {
		t.Fatalf("after a message sent from an alias: %+v %v", res, err)
	}
	if hist, _ = st.History(); !slices.Contains(learnedIDs(mailview.Analyze(h.Cases["stranger"], readerWithHistory(acct, hist))), "first-contact") {
		t.Error("the stranger's first message stopped being a first contact once learned")
	}

	// The inbox's UIDVALIDITY changes (the server rebuilt it): relearned whole.
	mark, _ := st.Mark(learnAccountName(acct), "INBOX")
	if err := st.Record(learnAccountName(acct), nil, "INBOX", correspondents.Mark{UIDValidity: mark.UIDValidity + 1, HighestUID: mark.HighestUID}); err != nil {
		t.Fatal(err)
	}
	res, err = LearnAccount(ctx, s, st, acct, nil, since, nil)
	if err != nil || res[0].Fetched != 0 || !res[1].Relearnt || res[1].Fetched != 501 {
		t.Fatalf("after a UIDVALIDITY change: %+v %v", res, err)
	}
	if m, _ := st.Mark(learnAccountName(acct), "INBOX"); m != mark {
		t.Errorf("mark after relearning %+v, want %+v", m, mark)
	}
	// The same mailbox through mailsafe learn's imap:// source, into a
	// store of its own; a second run learns nothing new.
	t.Setenv("MAILSAFE_PASSWORD", dovecottest.Password)
	st2, err := correspondents.Open(filepath.Join(t.TempDir(), "cli.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	src := fmt.Sprintf("imap://%s@127.0.0.1:%d/", dovecottest.User, d.IMAPPort)
	var errOut strings.Builder
	sum, ok := Learn(ctx, st2, []string{src + "Sent", src + "INBOX"}, LearnOptions{Me: []string{dovecottest.Me}}, &errOut)
	if !ok || sum.Sent != 201 || sum.Received != 501 || sum.Senders != 31 {
		t.Fatalf("learn over imap://: %+v %q", sum, errOut.String())
	}
	if sum, ok = Learn(ctx, st2, []string{src + "INBOX"}, LearnOptions{Me: []string{dovecottest.Me}}, &errOut); !ok || sum.Messages != 0 {
		t.Errorf("learning the inbox again: %+v %q", sum, errOut.String())
	}

	// Headers only, with PEEK: the delivered message is still unread.
	state, err := s.Open(ctx, "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	page, err := s.Envelopes(ctx, state.Count, 0, 1)
	if err != nil || len(page) != 1 || page[0].Subject != "Introduction" || page[0].Seen {
		t.Errorf("the newest message after learning: %+v %v, want Introduction, unread", page, err)
	}
}

func readerWithHistory(acct Account, hist *check.History) mailview.Reader {
	r := ReaderFor(acct, nil, false)
	r.History = hist
	return r
}

// BenchmarkLearnHeaders10000: learning the headers of a 10,000-message
// inbox (the history mailbox's received mail, twenty times over) from a
// real Dovecot on loopback, into a fresh store each time.
func BenchmarkLearnHeaders10000(b *testing.B) {
	h := dovecottest.History(time.Now())
	d := dovecottest.Start(b, nil, nil, func(maildir string) {
		many := dovecottest.HistoryMail{}
		for i := 0; i < 10000; i++ {
			many.Inbox = append(many.Inbox, h.Inbox[i%len(h.Inbox)])
		}
		dovecottest.SeedHistory(many)(maildir)
	})
	ctx := context.Background()
	acct := historyAccount(d)
	s, err := DialIMAP(ctx, acct, dovecottest.Password)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for i := 0; b.Loop(); i++ {
		st, err := correspondents.Open(filepath.Join(b.TempDir(), fmt.Sprint(i, ".db")))
		if err != nil {
			b.Fatal(err)
		}
		res, err := LearnAccount(ctx, s, st, acct, nil, time.Time{}, nil)
		st.Close()
		if err != nil || res[len(res)-1].Received != 10000 {
			b.Fatalf("%+v %v", res, err)
		}
	}
}

// An OAuth2 account learns, and has its stamps read, on connections signed
// in with its tokens, as its mailbox is: it has no password to give.
func TestOAuthAccountLearnsWithItsTokens(t *testing.T) {
	o := startOAuth(t, dovecottest.XOAuth2)
	login := Login{Tokens: o.signIn(t)}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := NewCorrespondents(filepath.Join(t.TempDir(), correspondents.FileName))
	defer c.Close()
	_, res, err := c.LearnAccount(ctx, o.acct, login, nil, nil)
	fetched := 0
	for _, r := range res {
		fetched += r.Fetched
	}
	if err != nil || fetched != 3 {
		t.Errorf("learning the OAuth2 account: %d headers fetched (%v), %v; want the inbox's 3", fetched, res, err)
	}
	if _, err := DetectAccountAuthServID(ctx, o.acct, login); err != nil {
		t.Errorf("reading the OAuth2 account's stamps: %v", err)
	}
}

// The session's learning runs every few minutes against a real Dovecot:
// the first reads the store whole into the analysis' index; a run with no
// new mail fetches nothing and keeps that index; a run after one delivery
// fetches that message alone and updates the index with its sender only,
// the same index as reading the store whole would give; a folder whose
// UIDVALIDITY changed is learned again, and the index read whole.
func TestCorrespondentsLearnOnlyNewMail(t *testing.T) {
	h := dovecottest.History(time.Now())
	d := dovecottest.Start(t, nil, nil, dovecottest.SeedHistory(h))
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c := NewCorrespondents(filepath.Join(t.TempDir(), correspondents.FileName))
	defer c.Close()
	acct, login := historyAccount(d), Login{Password: dovecottest.Password}
	fetched := func(res []FolderLesson) map[string]int {
		out := map[string]int{}
		for _, r := range res {
			out[r.Folder] = r.Fetched
		}
		return out
	}
	sameAsWhole := func(step string, hist *check.History) {
		t.Helper()
		st, _ := c.Store()
		whole, err := st.History()
		if err != nil {
			t.Fatal(err)
		}
		ws, wr := whole.Size()
		if s, r := hist.Size(); s != ws || r != wr {
			t.Errorf("%s: the index knows %d senders and %d recipients, the store %d and %d", step, s, r, ws, wr)
		}
		for name, raw := range h.Cases {
			got := learnedIDs(mailview.Analyze(raw, readerWithHistory(acct, hist)))
			want := learnedIDs(mailview.Analyze(raw, readerWithHistory(acct, whole)))
			if !slices.Equal(got, want) {
				t.Errorf("%s: %s reads %v with the index kept, %v with the store read whole", step, name, got, want)
			}
		}
	}

	first, res, err := c.LearnAccount(ctx, acct, login, nil, nil)
	if err != nil || fetched(res)["Sent"] != 200 || fetched(res)["INBOX"] != 500 || c.rebuilds != 1 {
		t.Fatalf("first run: %v %v, %d whole reads", fetched(res), err, c.rebuilds)
	}
	again, res, err := c.LearnAccount(ctx, acct, login, nil, nil)
	if err != nil || fetched(res)["Sent"] != 0 || fetched(res)["INBOX"] != 0 {
		t.Fatalf("second run, no new mail: fetched %v, %v", fetched(res), err)
	}
	if again != first || c.rebuilds != 1 {
		t.Errorf("a run that learned nothing built another index (%d whole reads)", c.rebuilds)
	}

	if err := d.Deliver("", h.Cases["stranger"]); err != nil {
		t.Fatal(err)
	}
	third, res, err := c.LearnAccount(ctx, acct, login, nil, nil)
	if err != nil || fetched(res)["Sent"] != 0 || fetched(res)["INBOX"] != 1 {
		t.Fatalf("after one delivery: fetched %v, %v", fetched(res), err)
	}
	if c.rebuilds != 1 {
		t.Errorf("one new message read the whole store again (%d whole reads)", c.rebuilds)
	}
	if s0, _ := first.Size(); func() bool { s, _ := third.Size(); return s != s0+1 }() {
		t.Errorf("the stranger is not in the updated index")
	}
	if s, _ := first.Size(); s != 30 {
		t.Errorf("updating changed the index the windows held: %d senders", s)
	}
	sameAsWhole("after one delivery", third)

	alias := []byte("From: Alex <alex.sales@corp.example>\r\nTo: New Client <buyer@newclient.example>\r\nSubject: Quote\r\nDate: Mon, 2 Nov 2026 10:00:00 +0900\r\nMessage-ID: <alias2@corp.example>\r\n\r\nHello\r\n")
	if err := d.Deliver("Sent", alias); err != nil {
		t.Fatal(err)
	}
	fourth, res, err := c.LearnAccount(ctx, acct, login, nil, nil)
	if err != nil || fetched(res)["Sent"] != 1 || fetched(res)["INBOX"] != 0 || c.rebuilds != 1 {
		t.Fatalf("after one sent message: fetched %v, %v, %d whole reads", fetched(res), err, c.rebuilds)
	}
	sameAsWhole("after one sent message", fourth)

	st, _ := c.Store()
	mark, _ := st.Mark(learnAccountName(acct), "INBOX")
	if err := st.Record(learnAccountName(acct), nil, "INBOX", correspondents.Mark{UIDValidity: mark.UIDValidity + 1, HighestUID: mark.HighestUID}); err != nil {
		t.Fatal(err)
	}
	fifth, res, err := c.LearnAccount(ctx, acct, login, nil, nil)
	if err != nil || fetched(res)["INBOX"] != 501 || c.rebuilds != 2 {
		t.Fatalf("after a UIDVALIDITY change: fetched %v, %v, %d whole reads (want the folder learned again and the store read whole)", fetched(res), err, c.rebuilds)
	}
	sameAsWhole("after a UIDVALIDITY change", fifth)

	// What the folder taught before is replaced, not added to: every
	// record, and every account's count, is what a first learn of the same
	// mailbox gives (before, a migrated server made a stranger who wrote
	// once look like a regular correspondent).
	fresh := NewCorrespondents(filepath.Join(t.TempDir(), "fresh.db"))
	defer fresh.Close()
	if _, _, err := fresh.LearnAccount(ctx, acct, login, nil, nil); err != nil {
		t.Fatal(err)
	}
	freshSt, _ := fresh.Store()
	sameRecords(t, st, freshSt)
}

// sameRecords fails unless the stores know the same correspondents, with
// the same profiles and the same counts per account.
func sameRecords(t *testing.T, got, want *correspondents.Store) {
	t.Helper()
	profiles := func(st *correspondents.Store) ([]check.SenderProfile, []check.Recipient, []correspondents.Known) {
		list, err := st.Correspondents()
		if err != nil {
			t.Fatal(err)
		}
		var addrs []string
		for _, a := range list {
			addrs = append(addrs, a.Addr)
		}
		sp, rp, err := st.Profiles(addrs, addrs)
		if err != nil {
			t.Fatal(err)
		}
		known, err := st.Known()
		if err != nil {
			t.Fatal(err)
		}
		return sp, rp, known
	}
	gs, gr, gk := profiles(got)
	ws, wr, wk := profiles(want)
	if len(gs) != len(ws) || len(gr) != len(wr) || !reflect.DeepEqual(gk, wk) {
		t.Fatalf("the store knows %d senders and %d recipients, %+v; a first learn %d and %d, %+v", len(gs), len(gr), gk, len(ws), len(wr), wk)
	}
	for i := range gs {
		if !reflect.DeepEqual(gs[i], ws[i]) {
			t.Errorf("sender %s: %d messages (%+v), a first learn %d (%+v)", gs[i].Addr, gs[i].Count.N, gs[i], ws[i].Count.N, ws[i])
		}
	}
	for i := range gr {
		if !reflect.DeepEqual(gr[i], wr[i]) {
			t.Errorf("recipient %s: %+v, a first learn %+v", gr[i].Addr, gr[i], wr[i])
		}
	}
}
