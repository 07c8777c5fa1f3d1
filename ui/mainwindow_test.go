package ui

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"mailsafe/mailview/safedoc"
)

func TestMainWindowShowsHeaderBodyAndAttachments(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	w := NewMainWindow(a, "mailsafe", entriesFrom(t, "multipart-mixed.eml", "jp-shiftjis-split-word.eml"), PaneOptions{})
	w.Window.Show()
	defer w.Window.Close()

	mv := w.message
	if mv.from.Text != "Billing <billing@example.com>" || mv.to.Text != "bob@example.com" || mv.subject.Text != "Your invoice" {
		t.Errorf("header = %q / %q / %q", mv.from.Text, mv.to.Text, mv.subject.Text)
	}
	if !strings.HasPrefix(mv.date.Text, "2026-11-21") {
		t.Errorf("date = %q", mv.date.Text)
	}
	if renderedText(mv.body) != "Please find your invoice attached." {
		t.Errorf("body = %q", renderedText(mv.body))
	}
	if !mv.attachmentRows.Visible() || !strings.Contains(renderedText(mv.attachmentRows), "請求書 2026年11月.pdf  (application/pdf, 1.0 KB)") {
		t.Errorf("attachments = %q (visible %v)", renderedText(mv.attachmentRows), mv.attachmentRows.Visible())
	}
	for _, o := range mv.ccRow {
		if o.Visible() {
			t.Errorf("the Cc row shows for a message without Cc")
		}
	}

	// Choosing the second message in the list shows it.
	w.list.selectIndex(1)
	if mv.subject.Text != "【重要】アカウント確認のお願い" || !strings.Contains(renderedText(mv.body), "アカウントの確認をお願いいたします。") {
		t.Errorf("after selecting message 2: subject %q body %q", mv.subject.Text, renderedText(mv.body))
	}
	if mv.attachmentRows.Visible() {
		t.Errorf("attachments box shows for a message without attachments")
	}
}

func TestSidebarShowsNotesOnMalformedMessages(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	w := NewMainWindow(a, "mailsafe", entriesFrom(t, "plain-ascii.eml", "bad-unknown-charset.eml"), PaneOptions{})
	plain, bad := 0, 1 // the list is newest first: find each message where it stands
	if strings.Contains(w.entries[0].ID, "bad-unknown-charset") {
		plain, bad = 1, 0
	}
	w.list.selectIndex(plain)
	if w.sidebar.notesBox.Visible() {
		t.Errorf("notes shown for a well-formed message")
	}
	w.list.selectIndex(bad)
	if !w.sidebar.notesBox.Visible() || !strings.Contains(w.sidebar.notes.Text(), "x-klingon-9") {
		t.Errorf("notes = %q (visible %v)", w.sidebar.notes.Text(), w.sidebar.notesBox.Visible())
	}
	if !strings.Contains(renderedText(w.message.body), "Café au lait") {
		t.Errorf("body of the malformed message = %q", renderedText(w.message.body))
	}
}

func TestWindowSpeaksJapanese(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "ja_JP.UTF-8")
	t.Setenv("LANGUAGE", "ja")
	a := test.NewTempApp(t)
	LoadTranslations()
	defer func() {
		os.Setenv("LANGUAGE", "en")
		LoadTranslations()
	}()
	if got := lang.L("Subject"); got != "件名" {
		t.Fatalf(`lang.L("Subject") = %q under LANGUAGE=ja`, got)
	}
	w := NewMainWindow(a, "mailsafe", entriesFrom(t, "plain-ascii.eml"), PaneOptions{})
	if !strings.Contains(w.sidebar.empty.Text(), "検出事項はありません") {
		t.Errorf("sidebar text = %q", w.sidebar.empty.Text())
	}
	if d := w.message.date.Text; !strings.HasSuffix(d, ")") || !strings.ContainsAny(d, "日月火水木金土") {
		t.Errorf("date %q has no Japanese weekday", d)
	}
}

func TestEmptyDateAndSubjectHavePlaceholders(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	w := NewMainWindow(a, "mailsafe", entriesFrom(t, "lf-empty.eml"), PaneOptions{})
	if w.message.subject.Text != "(no subject)" || w.message.date.Text != "(no date)" {
		t.Errorf("subject %q date %q", w.message.subject.Text, w.message.date.Text)
	}
}

func TestSidebarListsFindings(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	w := NewMainWindow(a, "mailsafe", entriesFrom(t, "leak-vectors.eml", "plain-ascii.eml"), PaneOptions{})
	text := renderedText(w.sidebar.findings)
	for _, want := range []string{"Info: Remote content blocked: 61 item(s) from 1 server(s)", "Info: The sender asks for a read receipt",
		"Disposition-Notification-To: leak@example.org", "manifest: http://leak.mailsafe.test/manifest.appcache"} {
		if !strings.Contains(text, want) {
			t.Errorf("sidebar lacks %q:\n%s", want, text)
		}
	}
	if w.sidebar.empty.Visible() {
		t.Errorf("the no-findings note shows beside findings")
	}
	// Copy puts a finding's evidence on the clipboard.
	tapButton(t, w.sidebar.findings, "Copy")
	if got := a.Clipboard().Content(); got == "" || !strings.Contains(text, strings.Split(got, "\n")[0]) {
		t.Errorf("Copy put %q on the clipboard, not a finding's evidence", got)
	}
	w.list.selectIndex(1)
	if len(w.sidebar.findings.Objects) != 0 || !w.sidebar.empty.Visible() {
		t.Errorf("findings of the previous message remain")
	}
}

func TestPlaceholdersInBothLanguages(t *testing.T) {
	im := &safedoc.Image{Width: 600, Height: 300, Host: "cdn.example.com", Alt: "Logo"}
	b := safedoc.Block{Kind: safedoc.BlockImage, Image: im}
	test.NewTempApp(t)
	LoadTranslations()
	if got := placeholderText(b, nil); got != "Blocked image, 600×300, from cdn.example.com — “Logo”" {
		t.Errorf("English placeholder = %q", got)
	}
	t.Setenv("LC_ALL", "")
	t.Setenv("LANG", "ja_JP.UTF-8")
	t.Setenv("LANGUAGE", "ja")
	LoadTranslations()
	defer func() {
		os.Setenv("LANGUAGE", "en")
		LoadTranslations()
	}()
	if got := placeholderText(b, nil); got != "ブロックした画像（600×300）　送信元: cdn.example.com「Logo」" {
		t.Errorf("Japanese placeholder = %q", got)
	}
	frame := safedoc.Block{Kind: safedoc.BlockEmbed, Image: &safedoc.Image{Vector: "iframe", Host: "video.example.com"}}
	if got := placeholderText(frame, nil); got != "ブロックした埋め込みページ　送信元: video.example.com" {
		t.Errorf("Japanese frame placeholder = %q", got)
	}
}
