//go:build nogui

// A build for the command line only (go build -tags nogui, make
// build-cli): scan, learn and version without the window. It links none of
// Fyne, OpenGL or X11, so a scan starts with about half the memory: Go
// initialises every linked package before main runs, and the window's
// (Fyne's translations, fonts, the GL driver) cannot be left out of a
// build that has the window.

package main

import (
	"fmt"
	"io"

	"mailsafe/app"
)

// runGUI says that this build has no window.
func runGUI(demo bool, files []string, stderr io.Writer) int {
	fmt.Fprintf(stderr, "mailsafe: this build has no window (it was built for the command line, with -tags nogui); use mailsafe scan or mailsafe learn\n")
	return 2
}

// viewerPreferences are nil: without the window there are no viewer
// settings, so an imap:// source finds no OAuth2 account of the viewer's
// (its password comes from MAILSAFE_PASSWORD or the keyring) and no stored
// authserv-id (give --authserv-id).
func viewerPreferences() app.Preferences { return nil }
