package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// readingKeys are a window's reading keys: Down or j and Up or k move in
// the message list and open the message moved to, Enter opens the selected
// message (the first when none is), Ctrl+F searches and Escape ends the
// search. While a dialog is open the keys leave the list alone and Escape
// closes the dialog.
//
// The canvas hears keys only while nothing has the focus, and a click on
// the message list (or the folder list) gives the list the focus: the
// lists and the search entry of a window therefore pass their keys here
// too (keyList, searchEntry).
type readingKeys struct {
	w               fyne.Window
	count, selected func() int // the list as shown; selected is -1 for none
	open            func(int)  // selects the message shown at i and opens it
	search          func()
	endSearch       func()
}

// listKeys gives window w its reading keys. count, selected and open speak
// of the list as shown.
func listKeys(w fyne.Window, count, selected func() int, open func(int), search, endSearch func()) *readingKeys {
	k := &readingKeys{w: w, count: count, selected: selected, open: open, search: search, endSearch: endSearch}
	w.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) { k.typedKey(e) })
	w.Canvas().SetOnTypedRune(func(r rune) { k.typedRune(r) })
	w.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { search() })
	return k
}

func (k *readingKeys) move(delta int) {
	n := k.count()
	if n == 0 {
		return
	}
	i := k.selected() + delta
	if k.selected() < 0 {
		i = 0
	}
	if i >= 0 && i < n {
		k.open(i)
	}
}

// typedKey acts on a key; it tells whether the key was one of the reading keys.
func (k *readingKeys) typedKey(e *fyne.KeyEvent) bool {
	if dialogOpen(k.w.Canvas()) {
		if e.Name == fyne.KeyEscape {
			closeTopDialog(k.w.Canvas())
		}
		return true
	}
	switch e.Name {
	case fyne.KeyDown:
		k.move(1)
	case fyne.KeyUp:
		k.move(-1)
	case fyne.KeyReturn, fyne.KeyEnter:
		if i := k.selected(); i >= 0 {
			k.open(i)
		} else if k.count() > 0 {
			k.open(0)
		}
	case fyne.KeyEscape:
		k.endSearch()
	default:
		return false
	}
	return true
}

// typedRune acts on j and k; it tells whether r was one of them.
func (k *readingKeys) typedRune(r rune) bool {
	if dialogOpen(k.w.Canvas()) {
		return true
	}
	switch r {
	case 'j':
		k.move(1)
	case 'k':
		k.move(-1)
	default:
		return false
	}
	return true
}

// keyList is a list that, once clicked (and so focused), still answers the
// window's reading keys instead of moving a highlight of its own.
type keyList struct {
	widget.List
	keys *readingKeys // set once the window has its keys
}

func newKeyList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *keyList {
	l := &keyList{}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey gives the reading keys first say.
func (l *keyList) TypedKey(e *fyne.KeyEvent) {
	if l.keys != nil && l.keys.typedKey(e) {
		return
	}
	l.List.TypedKey(e)
}

// TypedRune gives j and k to the reading keys.
func (l *keyList) TypedRune(r rune) {
	if l.keys != nil {
		l.keys.typedRune(r)
	}
}

// searchEntry is the list's search box: Escape ends the search, Down and
// Up move in the list found, Enter opens the selected (or first) match.
type searchEntry struct {
	widget.Entry
	keys *readingKeys
}

func newSearchEntry() *searchEntry {
	e := &searchEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey ends the search on Escape and moves in the list on Down, Up and Enter.
func (e *searchEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyEscape, fyne.KeyDown, fyne.KeyUp, fyne.KeyReturn, fyne.KeyEnter:
		if e.keys != nil && e.keys.typedKey(k) {
			return
		}
	}
	e.Entry.TypedKey(k)
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
