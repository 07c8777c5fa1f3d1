package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"mailsafe/app"
)

// A mail window takes a share of the screen, at least 1000×680 and never
// more than the screen: it fits 1024×700 and grows on a large screen.
func TestMailWindowSizeFollowsTheScreen(t *testing.T) {
	for _, tc := range []struct{ screen, want fyne.Size }{
		{fyne.NewSize(1024, 700), fyne.NewSize(1000, 680)},
		{fyne.NewSize(1440, 900), fyne.NewSize(1224, 765)},
		{fyne.NewSize(2560, 1440), fyne.NewSize(2176, 1224)},
		{fyne.NewSize(800, 600), fyne.NewSize(800, 600)},
		{fyne.Size{}, fyne.NewSize(1000, 680)},
	} {
		if got := windowSizeFor(tc.screen); got != tc.want {
			t.Errorf("on a %v screen the window asks for %v, want %v", tc.screen, got, tc.want)
		}
	}
}

// The size the reader gives a mail window is the size the next one opens at.
func TestMailWindowRemembersItsSize(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	settings := app.NewSettings(a.Preferences(), nil)
	entries := entriesFrom(t, "plain-ascii.eml")
	w := NewMainWindow(a, "first", entries, PaneOptions{Settings: settings})
	w.Window.Show()
	if got := w.Window.Canvas().Size(); got != fyne.NewSize(1000, 680) {
		t.Errorf("the first window opens at %v, want 1000x680 (no screen known, nothing kept)", got)
	}
	if _, _, ok := settings.WindowSize(); ok {
		t.Error("a size was kept though the reader resized nothing: the next window would shrink by the menu bar")
	}
	w.Window.Resize(fyne.NewSize(1300, 820))
	w.Window.Close()
	if _, _, ok := settings.WindowSize(); !ok {
		t.Fatal("the size the reader chose was not kept")
	}
	next := NewMainWindow(a, "second", entries, PaneOptions{Settings: settings})
	next.Window.Show()
	defer next.Window.Close()
	if got := next.Window.Canvas().Size(); got != fyne.NewSize(1300, 820) {
		t.Errorf("the next window opens at %v, want the 1300x820 the reader chose", got)
	}
}
