//go:build !nogui

package main

import (
	"fyne.io/fyne/v2"

	"mailsafe/assets"
)

func assetsIcon() fyne.Resource {
	return fyne.NewStaticResource("icon.png", assets.Icon())
}
