// Package quietlocale keeps Fyne's start-up quiet: with a locale its
// translation package cannot parse (C.UTF-8, POSIX.UTF-8, anything but a
// language tag), Fyne's lang package logs "Error parsing user locale C" to
// stderr while it initialises, before main runs; so every `mailsafe scan`
// or `mailsafe version` under LANG=C.UTF-8, the default in containers and
// on many servers, began with three lines of Fyne's on stderr.
//
// This package hides the locale from Fyne's initialisation: its init sets
// LC_ALL=C, which Fyne (like gettext) reads as "no locale", quietly; main
// calls Restore first thing, so everything after reads the locale the
// reader set: the command line's language (assets.LocaleLanguage) and the
// GUI's translations, which ui.LoadTranslations loads again from the
// restored locale before any window is built.
//
// Why a module of its own, with this path: Go initialises packages in the
// order of their import paths, each as soon as its imports are (the Go
// specification, "Package initialization"). early.mailsafe.local/...
// sorts before fyne.io/..., and this package imports only os, which Fyne's
// lang package imports too, so this init always runs before Fyne's. A
// package inside the mailsafe module (mailsafe/...) would run after it.
package quietlocale

import "os"

// saved is LC_ALL as the process started; init writes it, Restore reads it
// once. Package state is the only way an init can hand something to main.
var saved struct {
	value            string
	wasSet, restored bool
}

func init() {
	saved.value, saved.wasSet = os.LookupEnv("LC_ALL")
	os.Setenv("LC_ALL", "C")
}

// Restore puts LC_ALL back as the process started with it. Call it first
// thing in main, before anything reads the locale; later calls do nothing.
func Restore() {
	if saved.restored {
		return
	}
	saved.restored = true
	if saved.wasSet {
		os.Setenv("LC_ALL", saved.value)
	} else {
		os.Unsetenv("LC_ALL")
	}
}
