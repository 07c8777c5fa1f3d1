// Package ui is mailsafe's Fyne interface: one file per screen. It renders what
// mailview found and asks app/ for everything else; it never reads the network.
package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"mailsafe/assets"
)

// LoadTranslations registers the embedded English and Japanese strings with
// Fyne's lang package. Call it once, before building any window.
func LoadTranslations() {
	if err := lang.AddTranslationsFS(assets.Files, "translations"); err != nil {
		fyne.LogError("loading translations", err)
	}
}
