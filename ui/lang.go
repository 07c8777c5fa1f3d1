// Package ui is mailsafe's Fyne interface: one file per screen. It renders what
// mailview found and asks app/ for everything else; it never reads the network.
package ui

import (
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"mailsafe/app"
	"mailsafe/assets"
)

// LoadTranslations registers the embedded English and Japanese strings with
// Fyne's lang package, which then picks the language the locale names. Call
// it before building any window, and again after the locale changes.
func LoadTranslations() {
	if err := lang.AddTranslationsFS(assets.Files, "translations"); err != nil {
		fyne.LogError("loading translations", err)
	}
}

// localeVars are the environment variables gettext, Fyne's lang package and
// assets.LocaleLanguage read, in the order they take effect.
var localeVars = [...]string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"}

// Languages applies the reader's language choice. Fyne's lang package takes
// its language from the locale environment only, so a choice other than
// "follow the system" is applied the gettext way: LANGUAGE names it, and a
// C or POSIX locale (which makes gettext ignore LANGUAGE) becomes C.UTF-8.
// The system's own values are kept so that following the system again
// restores them.
type Languages struct {
	system map[string]*string
}

// NewLanguages remembers the locale mailsafe was started with.
func NewLanguages() *Languages {
	l := &Languages{system: map[string]*string{}}
	for _, k := range localeVars {
		if v, ok := os.LookupEnv(k); ok {
			l.system[k] = &v
		}
	}
	return l
}

// Apply switches the interface to choice (app.LanguageSystem, "en" or
// "ja"); windows built afterwards, and text looked up afterwards, use it.
func (l *Languages) Apply(choice string) {
	for _, k := range localeVars {
		if v := l.system[k]; v != nil {
			os.Setenv(k, *v)
		} else {
			os.Unsetenv(k)
		}
	}
	if choice == app.LanguageEnglish || choice == app.LanguageJapanese {
		os.Setenv("LANGUAGE", choice)
		primary := "LC_MESSAGES" // the first of LC_ALL, LC_MESSAGES, LANG that is set decides
		for _, k := range localeVars[:3] {
			if os.Getenv(k) != "" {
				primary = k
				break
			}
		}
		if v := os.Getenv(primary); v == "" || v == "C" || v == "POSIX" {
			os.Setenv(primary, "C.UTF-8")
		}
	}
	LoadTranslations()
}
