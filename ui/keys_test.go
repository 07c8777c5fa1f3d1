package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

func TestKeyboardSearchAndBadges(t *testing.T) {
	mw, _ := demoWindow(t)
	mw.Window.Show()
	eventually(t, mw, "the newest message", func() bool {
		return mw.message.subject.Text == "Quick favour" && !mw.mb.Fetching() && mw.verdicts.Pending() == 0
	})

	key := func(name fyne.KeyName) {
		onUI(mw, func() { mw.Window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: name}) })
	}
	run := func(r rune) { onUI(mw, func() { mw.Window.Canvas().OnTypedRune()(r) }) }
	key(fyne.KeyDown)
	eventually(t, mw, "Down opens the next", func() bool { return mw.message.subject.Text == "Winter roasts are here" })
	run('j')
	eventually(t, mw, "j opens the next", func() bool { return mw.message.subject.Text == "RE: Invoice 2026-11 overdue" })
	run('k')
	eventually(t, mw, "k goes back", func() bool { return mw.message.subject.Text == "Winter roasts are here" })
	key(fyne.KeyUp)
	eventually(t, mw, "Up goes back", func() bool { return mw.message.subject.Text == "Quick favour" })

	// Badges mark what has been opened: the BEC is dangerous, the newsletter tracks.
	onUI(mw, func() {
		if b := badgeText(mw.verdicts.Badge(mw.envs()[0].UID)); !strings.Contains(b, "Danger") {
			t.Errorf("BEC badge = %q", b)
		}
		if b := badgeText(mw.verdicts.Badge(mw.envs()[1].UID)); !strings.Contains(b, "Tracking") {
			t.Errorf("newsletter badge = %q", b)
		}
	})

	// Ctrl+F searches the loaded list; Escape ends the search.
	onUI(mw, func() {
		mw.Window.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault})
		if !mw.search.Visible() {
			t.Errorf("Ctrl+F did not open the search")
		}
		test.Type(mw.search, "invoice")
	})
	onUI(mw, func() {
		if len(mw.shown) != 1 || mw.envs()[mw.shown[0]].Subject != "RE: Invoice 2026-11 overdue" {
			t.Errorf("search for invoice shows %d messages", len(mw.shown))
		}
	})
	key(fyne.KeyEscape)
	onUI(mw, func() {
		if len(mw.shown) != 8 || mw.search.Visible() {
			t.Errorf("after Escape: %d shown, search visible %v", len(mw.shown), mw.search.Visible())
		}
	})
}
