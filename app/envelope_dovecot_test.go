package app

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"mailsafe/internal/dovecottest"
	"mailsafe/mailview"
)

// Issue 12: on a real Dovecot the message list showed the ENVELOPE as the
// server sent it (=?ISO-2022-JP?B?…?=, MISSING_MAILBOX@MISSING_DOMAIN,
// mojibake of raw Shift_JIS) while the reading pane showed the decoded text,
// and the list search could not find 至急. The list must read the same
// subject and sender as mailview.Analyze of the full message.
func TestDovecotJapaneseListMatchesReadingPane(t *testing.T) {
	d := dovecottest.Start(t, nil, nil, dovecottest.SeedJapanese)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := DialIMAP(ctx, account(d), dovecottest.Password)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Writable, so that a FETCH without PEEK would set \Seen.
	st, err := s.OpenWritable(ctx, "INBOX")
	mails := dovecottest.JapaneseMails()
	if err != nil || int(st.Count) != len(mails) {
		t.Fatalf("open: %+v %v", st, err)
	}
	want := map[string]dovecottest.JapaneseMail{}
	for _, m := range mails {
		want[m.MessageID()] = m
	}
	page, err := s.Envelopes(ctx, st.Count, 0, st.Count)
	if err != nil || len(page) != len(mails) {
		t.Fatalf("envelopes: %d %v", len(page), err)
	}
	var urgent, wantUrgent []string
	for _, e := range page {
		raw, err := s.Body(ctx, e.UID, MaxMessageSize)
		if err != nil {
			t.Fatal(err)
		}
		v := mailview.Analyze(raw, mailview.Reader{})
		m, ok := want[v.Message.Header.MessageID()]
		if !ok {
			t.Fatalf("unknown message %q", v.Message.Header.MessageID())
		}
		if e.Subject != v.Subject || e.Subject != m.Subject {
			t.Errorf("%s: list subject %q, reading pane %q, want %q", m.Name, e.Subject, v.Subject, m.Subject)
		}
		if pane := SenderText(v.From); e.Sender() != pane || !strings.Contains(e.Sender(), m.FromName) {
			t.Errorf("%s: list sender %q, reading pane %q, want it to hold %q", m.Name, e.Sender(), pane, m.FromName)
		}
		if strings.Contains(e.Subject+e.Sender(), "=?") || strings.Contains(e.Sender(), "MISSING_") || strings.ContainsRune(e.Subject+e.Sender(), '\uFFFD') {
			t.Errorf("%s: undecoded list text: %q / %q", m.Name, e.Subject, e.Sender())
		}
		if !e.Date.Equal(v.Date) || e.Date.IsZero() {
			t.Errorf("%s: list date %v, reading pane %v", m.Name, e.Date, v.Date)
		}
		if e.Matches("至急") {
			urgent = append(urgent, m.Name)
		}
		if m.Urgent {
			wantUrgent = append(wantUrgent, m.Name)
		}
	}
	sort.Strings(urgent)
	sort.Strings(wantUrgent)
	if strings.Join(urgent, ",") != strings.Join(wantUrgent, ",") {
		t.Errorf("search 至急 found %v, want %v", urgent, wantUrgent)
	}
	again, err := s.Envelopes(ctx, st.Count, 0, st.Count)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range again {
		if e.Seen {
			t.Errorf("listing (or BODY.PEEK[]) set \\Seen on message %d", e.UID)
		}
	}
}
