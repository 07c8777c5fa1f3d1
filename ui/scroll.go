package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
)

// newVScroll is a vertical scroll whose content keeps clear of the scroll
// bar: Fyne draws the bar over the content's right edge, so a button or
// entry reaching that edge had its end hidden under it (the Settings
// window's "Forget this correspondent", the sidebar's Evidence buttons).
// The gutter is the bar at rest and a padding; the bar widens over it
// while the reader scrolls.
func newVScroll(content fyne.CanvasObject) *container.Scroll {
	gutter := theme.Size(theme.SizeNameScrollBarSmall) + theme.Padding()
	return container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, gutter), content))
}
