package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// readableTheme is the default theme with the colours text is drawn in held
// to at least 4.5:1 (WCAG AA) against the window background: Fyne's light
// red (3.7:1 on white), orange (2.2:1), link blue (4.5:1 light, 4.0:1 dark)
// and grey placeholder (3.5:1) are too faint for the danger titles, warnings,
// links and quotes they draw. Which set applies follows the background the
// base theme gives, so it holds for whatever variant is in use.
type readableTheme struct{ fyne.Theme }

// ReadableTheme is the theme mailsafe's windows are drawn with.
func ReadableTheme() fyne.Theme { return readableTheme{theme.DefaultTheme()} }

var (
	lightText = map[fyne.ThemeColorName]color.Color{
		theme.ColorNameError:       color.NRGBA{0xc6, 0x28, 0x28, 0xff}, // 5.6:1 on white
		theme.ColorNameWarning:     color.NRGBA{0xa1, 0x50, 0x00, 0xff}, // 5.7:1
		theme.ColorNameHyperlink:   color.NRGBA{0x1a, 0x5c, 0xd6, 0xff}, // 6.0:1
		theme.ColorNamePlaceHolder: color.NRGBA{0x6b, 0x6b, 0x6b, 0xff}, // 5.3:1
	}
	darkText = map[fyne.ThemeColorName]color.Color{
		theme.ColorNameError:     color.NRGBA{0xff, 0x6e, 0x63, 0xff}, // 6.3:1 on #171717
		theme.ColorNameHyperlink: color.NRGBA{0x6e, 0xa4, 0xff, 0xff}, // 7.3:1
	}
)

func (t readableTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	set := darkText
	if isLight(t.Theme.Color(theme.ColorNameBackground, v)) {
		set = lightText
	}
	if c, ok := set[n]; ok {
		return c
	}
	return t.Theme.Color(n, v)
}

// isLight tells whether c is a light background.
func isLight(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return (299*r+587*g+114*b)/1000 > 0x7fff
}
