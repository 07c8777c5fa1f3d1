package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// listKeys gives a window the reading keys: Down or j and Up or k move in
// the message list, Enter opens the selected message again, Ctrl+F searches
// and Escape ends the search. While a dialog is open the keys leave the list
// alone and Escape closes the dialog. count, selected and selectIndex speak
// of the list as shown.
func listKeys(w fyne.Window, count, selected func() int, selectIndex func(int), search, endSearch func()) {
	move := func(delta int) {
		n := count()
		if n == 0 {
			return
		}
		i := selected() + delta
		if selected() < 0 {
			i = 0
		}
		if i >= 0 && i < n {
			selectIndex(i)
		}
	}
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if dialogOpen(w.Canvas()) {
			if k.Name == fyne.KeyEscape {
				closeTopDialog(w.Canvas())
			}
			return
		}
		switch k.Name {
		case fyne.KeyDown:
			move(1)
		case fyne.KeyUp:
			move(-1)
		case fyne.KeyReturn, fyne.KeyEnter:
			if i := selected(); i >= 0 {
				selectIndex(i)
			}
		case fyne.KeyEscape:
			endSearch()
		}
	})
	w.Canvas().SetOnTypedRune(func(r rune) {
		if dialogOpen(w.Canvas()) {
			return
		}
		switch r {
		case 'j':
			move(1)
		case 'k':
			move(-1)
		}
	})
	w.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { search() })
}

// dialogOpen tells whether a dialog (or another pop-up) covers the window.
func dialogOpen(c fyne.Canvas) bool { return c.Overlays().Top() != nil }

// closeTopDialog closes the topmost dialog the way its Cancel would, minus
// the callback: dismissing never confirms anything.
func closeTopDialog(c fyne.Canvas) {
	if top := c.Overlays().Top(); top != nil {
		top.Hide()
		c.Overlays().Remove(top)
	}
}
