package ui

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"mailsafe/app"
	"mailsafe/mailview"
)

// press delivers a key as the driver does: to the focused widget when
// there is one, else to the canvas.
func press(c fyne.Canvas, name fyne.KeyName) {
	if f := c.Focused(); f != nil {
		f.TypedKey(&fyne.KeyEvent{Name: name})
	} else {
		c.OnTypedKey()(&fyne.KeyEvent{Name: name})
	}
}

func typeRune(c fyne.Canvas, r rune) {
	if f := c.Focused(); f != nil {
		f.TypedRune(r)
	} else {
		c.OnTypedRune()(r)
	}
}

// After a click the list has the focus, and the reading keys still move and
// open; Enter opens; Escape ends the search; an empty search says so.
func TestKeysAfterAClick(t *testing.T) {
	mw, _ := demoWindow(t)
	mw.Window.Show()
	settled := func() bool { return !mw.mb.Fetching() && mw.verdicts.Pending() == 0 }
	eventually(t, mw, "the newest message", func() bool { return mw.message.subject.Text == "Quick favour" && settled() })
	c := mw.Window.Canvas()
	onUI(mw, func() { c.Focus(mw.msgList) }) // what a click on a row does
	onUI(mw, func() { press(c, fyne.KeyDown) })
	eventually(t, mw, "Down after a click opens the next", func() bool { return mw.message.subject.Text == "Winter roasts are here" })
	onUI(mw, func() { typeRune(c, 'j') })
	eventually(t, mw, "j after a click opens the next", func() bool { return mw.message.subject.Text == "RE: Invoice 2026-11 overdue" })
	onUI(mw, func() { typeRune(c, 'k') })
	eventually(t, mw, "k after a click goes back", func() bool { return mw.message.subject.Text == "Winter roasts are here" })
	onUI(mw, func() { press(c, fyne.KeyUp) })
	eventually(t, mw, "Up after a click goes back", func() bool { return mw.message.subject.Text == "Quick favour" })
	onUI(mw, func() { c.Focus(mw.folderList) }) // a click on a folder
	onUI(mw, func() { typeRune(c, 'j') })
	eventually(t, mw, "j after a click on the folders", func() bool { return mw.message.subject.Text == "Winter roasts are here" })

	// Search: the open message is not a match, so the pane is empty; Enter opens the first match.
	onUI(mw, func() {
		c.(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault})
		test.Type(mw.search, "invoice")
	})
	onUI(mw, func() {
		if mw.readingPane.showing() {
			t.Errorf("the search hides the open message from the list, but the pane still shows %q", mw.message.subject.Text)
		}
		press(c, fyne.KeyReturn)
	})
	eventually(t, mw, "Enter opens the match", func() bool {
		return mw.message.subject.Text == "RE: Invoice 2026-11 overdue" && mw.readingPane.showing()
	})
	onUI(mw, func() { press(c, fyne.KeyEscape) })
	onUI(mw, func() {
		if len(mw.shown) != 8 || mw.search.Visible() || mw.search.Text != "" || c.Focused() == fyne.Focusable(mw.search) {
			t.Errorf("after Escape in the search box: %d shown, visible %v, text %q", len(mw.shown), mw.search.Visible(), mw.search.Text)
		}
		if mw.message.subject.Text != "RE: Invoice 2026-11 overdue" || mw.selected < 0 {
			t.Errorf("ending the search lost the open message: %q, selected %d", mw.message.subject.Text, mw.selected)
		}
		c.(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault})
		test.Type(mw.search, "no such thing")
	})
	onUI(mw, func() {
		if len(mw.shown) != 0 || !mw.listNote.Visible() || mw.listNote.Text != "No matches" {
			t.Errorf("an empty search result says %q (visible %v)", mw.listNote.Text, mw.listNote.Visible())
		}
	})
}

// A folder without messages shows the empty state, not the message of the
// folder left (a Junk message seen outside Junk lost its caution), and
// nothing can be loaded there.
func TestEmptyFolderAfterJunkShowsNothingLoadable(t *testing.T) {
	mw, d := demoWindow(t)
	mw.Window.Show()
	eventually(t, mw, "the inbox", func() bool { return len(mw.envs()) == 8 && mw.verdicts.Pending() == 0 })
	onUI(mw, func() { mw.folderList.Select(2) })
	eventually(t, mw, "the junk message shown", func() bool {
		return mw.folder == "Junk" && mw.message.subject.Text == "Congratulations! You won a gift card" && mw.readingPane.showing()
	})
	onUI(mw, func() { mw.folderList.Select(1) }) // Sent: empty
	eventually(t, mw, "the empty folder", func() bool { return mw.folder == "Sent" && mw.list.Loaded() && mw.mb.Waiting() == 0 })
	onUI(mw, func() {
		if mw.readingPane.showing() || mw.readingPane.split.Visible() {
			t.Errorf("the empty folder still shows %q", mw.message.subject.Text)
		}
		if !strings.Contains(mw.readingPane.empty.Text, "empty") {
			t.Errorf("the empty state says %q", mw.readingPane.empty.Text)
		}
		if !mw.listNote.Visible() || mw.listNote.Text != "This folder is empty." {
			t.Errorf("the list says %q", mw.listNote.Text)
		}
		mw.message.load(app.LoadEverything) // what "Load everything" would do
	})
	onUI(mw, func() {
		if n := d.Beacon.Connections(); n != 0 {
			t.Errorf("loading in an empty folder reached the beacon %d times", n)
		}
	})
}

// The list shows each sender's full address (the impostor's Gmail address
// beside the colleague's), badges every message as it is analysed ahead of
// the reader, keeps them across a language switch, newest first.
func TestListShowsAddressesAndBadgesAhead(t *testing.T) {
	mw, _ := demoWindow(t)
	mw.Window.Show()
	eventually(t, mw, "every inbox message analysed", func() bool { return len(mw.envs()) == 8 && mw.verdicts.Complete() == 8 && mw.verdicts.Pending() == 0 })
	onUI(mw, func() {
		text := renderedText(mw.msgList)
		for _, want := range []string{"taro.yamada.acme@gmail.com", "billing@supp1ier-co.example"} {
			if !strings.Contains(text, want) {
				t.Errorf("the list does not show %s:\n%s", want, text)
			}
		}
		for i := 1; i < len(mw.envs()); i++ {
			if mw.envs()[i].Date.After(mw.envs()[i-1].Date) {
				t.Errorf("the list is not newest first: %q (%v) after %q (%v)", mw.envs()[i].Subject, mw.envs()[i].Date, mw.envs()[i-1].Subject, mw.envs()[i-1].Date)
			}
		}
		if !strings.Contains(text, "Danger") {
			t.Errorf("no danger badge before opening:\n%s", text)
		}
		l := NewLanguages()
		l.Apply(app.LanguageJapanese)
		defer func() { l.Apply(app.LanguageSystem); mw.Retranslate() }()
		mw.Retranslate()
		if text := renderedText(mw.msgList); !strings.Contains(text, "危険") {
			t.Errorf("the badges went with the language switch:\n%s", text)
		}
	})
}

// A file's window lists addresses and badges from the start, newest first,
// and says whose mail it is read as when My addresses is not set.
func TestFileWindowListAndIdentity(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	s := app.NewSettings(a.Preferences(), nil)
	var entries []Entry
	for _, name := range []string{"lookalike-domain.eml", "bec-impersonation.eml", "esp-newsletter.eml"} {
		raw, err := os.ReadFile("../mailview/testdata/sender/" + name)
		if err != nil {
			t.Fatal(err)
		}
		r, assumed := app.ReaderForFile(s, raw)
		entries = append(entries, Entry{ID: name, View: mailview.Analyze(raw, r), Assumed: assumed})
	}
	w := NewMainWindow(a, "files", entries, PaneOptions{})
	w.Window.Resize(fyne.NewSize(1024, 700))
	for i := 1; i < len(w.entries); i++ {
		if app.Newer(w.entries[i].View.Date, w.entries[i-1].View.Date) {
			t.Errorf("not newest first: %q after %q", w.entries[i].View.Subject, w.entries[i-1].View.Subject)
		}
	}
	text := renderedText(w.list.object())
	if !strings.Contains(text, "taro.yamada@acrne-corp.co.jp") {
		t.Errorf("the file list does not show the address:\n%s", text)
	}
	if !strings.Contains(text, "Danger") && !strings.Contains(text, "Caution") {
		t.Errorf("the file list has no badge:\n%s", text)
	}
	w.list.selectIndex(indexOf(w.entries, "lookalike-domain.eml"))
	if !w.identity.Visible() || !strings.Contains(w.identity.Text(), "reader@acme-corp.co.jp") {
		t.Errorf("the window does not say whose mail it reads as: %q", w.identity.Text())
	}
	c := w.Window.Canvas()
	c.Focus(w.list.list)
	before := w.shown
	press(c, fyne.KeyDown)
	if w.shown == before && before < len(w.entries)-1 {
		t.Errorf("Down after a click did not open the next message")
	}
}

func indexOf(entries []Entry, id string) int {
	for i, e := range entries {
		if e.ID == id {
			return i
		}
	}
	return -1
}

// Settings → My addresses stores the reader's addresses and contacts, and
// refuses what is not an address.
func TestSettingsMyAddresses(t *testing.T) {
	englishSystem(t)
	a := test.NewTempApp(t)
	s := NewSession(a, nil)
	sw := NewSettingsWindow(a, s.Settings, s.Languages, nil)
	sw.myAddresses.SetText("reader@acme-corp.co.jp\nme@home.example")
	sw.myContacts.SetText("Taro Yamada <taro.yamada@acme-corp.co.jp>")
	tapButton(t, sw.Window.Content(), "Save my addresses")
	if got := s.Settings.MyAddresses(); len(got) != 2 || got[0] != "reader@acme-corp.co.jp" {
		t.Errorf("My addresses = %v", got)
	}
	if got := s.Settings.Contacts(); len(got) != 1 || got[0].Name != "Taro Yamada" {
		t.Errorf("contacts = %v", got)
	}
	sw.myAddresses.SetText("not an address")
	tapButton(t, sw.Window.Content(), "Save my addresses")
	if got := s.Settings.MyAddresses(); len(got) != 2 {
		t.Errorf("a bad address replaced My addresses: %v", got)
	}
}
