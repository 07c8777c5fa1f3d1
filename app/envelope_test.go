package app

import (
	"context"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"mailsafe/mailview"
)

// A server that sends no header section leaves only the ENVELOPE; its
// strings still go through mailview's decoder, and Dovecot's placeholders
// for an address it could not parse are not shown.
func TestDecodeListHeaderFallsBackToEnvelope(t *testing.T) {
	env := &imap.Envelope{
		Subject: "=?ISO-2022-JP?B?GyRCRGpOYzJxNUQkTjVEO3ZPPxsoQg==?=",
		From:    []imap.Address{{Name: "=?UTF-8?B?6Iez5oClIOeiuuiqjQ==?=", Mailbox: "MISSING_MAILBOX", Host: "MISSING_DOMAIN"}},
	}
	var e Envelope
	DecodeListHeader(&e, nil, env)
	if e.Subject != "定例会議の議事録" || e.Sender() != "至急 確認" {
		t.Fatalf("from the ENVELOPE: %q / %q", e.Subject, e.Sender())
	}
	// The header section, when there is one, wins over the ENVELOPE.
	DecodeListHeader(&e, []byte("Subject: =?UTF-8?B?5a6a5L6L?=\r\nFrom: A <a@example.org>\r\n\r\n"), env)
	if e.Subject != "定例" || e.Sender() != "A <a@example.org>" {
		t.Fatalf("from the header: %q / %q", e.Subject, e.Sender())
	}
}

func TestEnvelopeMatchesIgnoresCaseAndWidth(t *testing.T) {
	e := Envelope{Subject: "【至急】シキュウ Invoice", FromName: "経理部", FromAddr: "keiri@example.jp"}
	for q, want := range map[string]bool{"": true, "至急": true, " 至急 ": true, "ｼｷｭｳ": true, "INVOICE": true, "ｉｎｖｏｉｃｅ": true, "経理": true, "KEIRI@": true, "議事録": false} {
		if got := e.Matches(q); got != want {
			t.Errorf("Matches(%q) = %v, want %v", q, got, want)
		}
	}
}

// The demo mailbox's list reads through the same decoder as its reading pane.
func TestDemoListMatchesReadingPane(t *testing.T) {
	d := startDemo(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := DialIMAP(ctx, d.Account, d.Password)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	seen := 0
	for _, folder := range demoFolders {
		st, err := s.Open(ctx, folder)
		if err != nil {
			t.Fatal(err)
		}
		page, err := s.Envelopes(ctx, st.Count, 0, st.Count)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			raw, err := s.Body(ctx, e.UID, MaxMessageSize)
			if err != nil {
				t.Fatal(err)
			}
			v := mailview.Analyze(raw, mailview.Reader{})
			if e.Subject != v.Subject || e.Sender() != SenderText(v.From) || !e.Date.Equal(v.Date) {
				t.Errorf("%s/%d: list %q / %q / %v, reading pane %q / %q / %v", folder, e.UID, e.Subject, e.Sender(), e.Date, v.Subject, SenderText(v.From), v.Date)
			}
			if v.Subject == "定例会議の議事録" {
				seen++
			}
		}
	}
	if seen != 1 {
		t.Errorf("the ISO-2022-JP demo mail was listed %d times", seen)
	}
}
