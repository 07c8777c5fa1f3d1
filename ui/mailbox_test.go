package ui

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"mailsafe/app"
	"mailsafe/internal/imapflags"
)

func TestMailboxWindowReadsTheDemoOverIMAP(t *testing.T) {
	mw, d := demoWindow(t)
	mw.Window.Show()

	eventually(t, mw, "folders", func() bool { return len(mw.folders) == 4 })
	eventually(t, mw, "the inbox list", func() bool { return len(mw.envs()) == 8 })
	eventually(t, mw, "the newest message opened", func() bool { return mw.message.subject.Text == "Quick favour" })
	onUI(mw, func() {
		if !strings.Contains(renderedText(mw.sidebar.findings), "Danger: The sender uses the name of a colleague") {
			t.Errorf("sidebar:\n%s", renderedText(mw.sidebar.findings))
		}
		if got := folderLabel(mw.folders[2]); got != "Junk" {
			t.Errorf("third folder = %q", got)
		}
		// Switching to Japanese keeps the open message and translates it.
		l := NewLanguages()
		l.Apply(app.LanguageJapanese)
		defer l.Apply(app.LanguageSystem)
		mw.Retranslate()
		if mw.message.subject.Text != "Quick favour" || !strings.Contains(renderedText(mw.sidebar.findings), "危険") ||
			!strings.Contains(renderedText(mw.message.object()), "差出人") || folderLabel(mw.folders[2]) != "迷惑メール" {
			t.Errorf("after switching to Japanese: subject %q, sidebar:\n%s", mw.message.subject.Text, renderedText(mw.sidebar.findings))
		}
		l.Apply(app.LanguageSystem)
		mw.Retranslate()
		mw.folderList.Select(2)
	})
	eventually(t, mw, "the junk folder", func() bool {
		return len(mw.envs()) == 1 && mw.envs()[0].Subject == "Congratulations! You won a gift card"
	})

	// New mail arrives in the inbox while it is open: it goes on top.
	onUI(mw, func() { mw.folderList.Select(0) })
	eventually(t, mw, "the inbox again", func() bool { return len(mw.envs()) == 8 })
	// Let the window settle (it opens the newest message): the in-memory
	// server, unlike Dovecot, does not flush news queued before IDLE began.
	eventually(t, mw, "the newest message reopened", func() bool {
		return mw.message.subject.Text == "Quick favour" && !mw.mb.Fetching() && mw.verdicts.Pending() == 0
	})
	time.Sleep(200 * time.Millisecond)
	c, err := imapclient.DialInsecure(d.Account.Addr(), nil)
	if err != nil {
		t.Fatal(err)
	}
	c.Login("demo", d.Password).Wait()
	msg := "From: New <new@example.net>\r\nSubject: Just arrived\r\n\r\nhello\r\n"
	cmd := c.Append("INBOX", int64(len(msg)), &imap.AppendOptions{})
	cmd.Write([]byte(msg))
	cmd.Close()
	cmd.Wait()
	c.Close()
	eventually(t, mw, "the new message on top", func() bool { return len(mw.envs()) == 9 && mw.envs()[0].Subject == "Just arrived" })

	if n := d.Beacon.Connections(); n != 0 {
		t.Errorf("reading the demo contacted its beacon server %d times", n)
	}
}

// A body asked for in one folder that arrives after the reader moved to
// another folder must not be taken for the message with that UID there.
func TestLateBodyFromAnotherFolderIsDropped(t *testing.T) {
	mw, _ := demoWindow(t)
	eventually(t, mw, "the inbox settled", func() bool {
		return len(mw.envs()) == 8 && mw.message.subject.Text == "Quick favour" && !mw.mb.Fetching() && mw.verdicts.Pending() == 0
	})
	var inboxSubject string
	onUI(mw, func() {
		oldest := mw.envs()[len(mw.envs())-1]
		if oldest.UID != 1 {
			t.Fatalf("the oldest inbox message has UID %d, want 1", oldest.UID)
		}
		inboxSubject = oldest.Subject
		mw.openMessage(oldest.UID) // its body is on its way...
		mw.folderList.Select(2)    // ...when the reader opens Junk, whose only message is UID 1 too
	})
	eventually(t, mw, "the junk message shown", func() bool {
		return len(mw.envs()) == 1 && !mw.mb.Fetching() && mw.verdicts.Pending() == 0 && mw.message.subject.Text != "Quick favour"
	})
	onUI(mw, func() {
		if got := mw.message.subject.Text; got != "Congratulations! You won a gift card" {
			t.Errorf("Junk's UID 1 shows %q (the inbox's %q?)", got, inboxSubject)
		}
	})
}

// Switching folders quickly ends in the folder chosen last, with only its
// messages: requests keep their order and answers for the folder left are
// dropped.
func TestQuickFolderSwitchesEndInTheLastFolder(t *testing.T) {
	mw, _ := demoWindow(t)
	eventually(t, mw, "the inbox", func() bool { return len(mw.envs()) == 8 && mw.verdicts.Pending() == 0 && !mw.mb.Fetching() })
	onUI(mw, func() {
		for _, i := range []int{2, 1, 3, 2, 0, 2} { // Junk last
			mw.folderList.Select(i)
		}
	})
	eventually(t, mw, "the junk folder", func() bool { return len(mw.envs()) == 1 && mw.mb.Waiting() == 0 })
	time.Sleep(300 * time.Millisecond) // anything late would land now
	onUI(mw, func() {
		if len(mw.envs()) != 1 || mw.envs()[0].Subject != "Congratulations! You won a gift card" || mw.folder != "Junk" {
			t.Errorf("after the switches: folder %q, %d messages", mw.folder, len(mw.envs()))
		}
	})
}

// Closing a mailbox window ends its goroutines (requests, results) and its
// worker's: after opening and closing windows the count is back where it was.
func TestMailboxWindowsCloseTheirGoroutines(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	d := startDemo(t)
	loop := newUILoop()
	count := func() int { runtime.GC(); return runtime.NumGoroutine() }
	base := count()
	for i := 0; i < 3; i++ {
		mw := &testWindow{NewMailboxWindow(a, "demo", app.StartWorker(context.Background(), d.Account, d.Password, app.WorkerOptions{}), loop.post, d.Context(), nil, PaneOptions{}), loop}
		mw.Window.Show()
		eventually(t, mw, "the newest message", func() bool { return mw.message.subject.Text == "Quick favour" && mw.verdicts.Pending() == 0 })
		onUI(mw, func() { mw.msgList.Select(3) }) // a body on its way, maybe, as the window closes
		mw.Window.Close()
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		loop.drain()
		n := count()
		if n <= base {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines after closing the windows, %d before:\n%s", n, base, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// With "mark messages as read" on, the list's read-ahead (BODY.PEEK)
// marks nothing; the reader opening a message the window analysed ahead
// marks that one, though its body is not fetched again.
func TestOpeningAMessageReadAheadMarksItRead(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	d := startDemo(t)
	loop := newUILoop()
	mw := &testWindow{NewMailboxWindow(a, "demo", app.StartWorker(context.Background(), d.Account, d.Password, app.WorkerOptions{MarkRead: true}), loop.post, d.Context(), nil, PaneOptions{}), loop}
	t.Cleanup(mw.Close)
	seen := func() map[uint32]bool { return imapflags.Seen(t, d.Account.Addr(), "demo", d.Password, "INBOX") }
	before := seen()
	eventually(t, mw, "the inbox read ahead", func() bool {
		if len(mw.envs()) != 8 || mw.mb.Fetching() || mw.verdicts.Pending() != 0 || mw.mb.Waiting() != 0 {
			return false
		}
		for _, e := range mw.envs() {
			if mw.verdicts.View(e.UID) == nil {
				return false
			}
		}
		return true
	})
	opened := mw.wanted // the newest, opened with the folder
	var ahead uint32
	for uid, s := range seen() {
		if s && !before[uid] && uid != opened {
			t.Errorf("reading ahead marked UID %d read", uid)
		}
	}
	for _, e := range mw.envs() {
		if e.UID != opened && !before[e.UID] {
			ahead = e.UID
		}
	}
	if ahead == 0 {
		t.Fatal("no unread message read ahead in the demo inbox")
	}
	onUI(mw, func() { mw.openMessage(ahead) })
	eventually(t, mw, "the mark", func() bool { return mw.mb.Waiting() == 0 })
	if now := seen(); !now[ahead] {
		t.Errorf("opening UID %d, read ahead, did not mark it read: %v", ahead, now)
	}
}
