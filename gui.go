//go:build !nogui

package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	fyneapp "fyne.io/fyne/v2/app"

	"mailsafe/app"
	"mailsafe/mailview"
	"mailsafe/ui"
)

// runGUI opens the window for a file, the demo, or the configured accounts.
func runGUI(demo bool, files []string, stderr io.Writer) int {
	type item struct {
		id  string
		raw []byte
	}
	var items []item
	if len(files) == 1 {
		err := app.ReadSource(context.Background(), files[0], func(it app.Item) error {
			items = append(items, item{it.ID, it.Raw})
			return nil
		}, func(e *app.SourceError) {
			fmt.Fprintf(stderr, "mailsafe: could not read %v\n", e)
		})
		var se *app.SourceError
		if errors.As(err, &se) || err != nil {
			fmt.Fprintf(stderr, "mailsafe: could not open %v\n", err)
			return 1
		}
		if len(items) == 0 {
			fmt.Fprintf(stderr, "mailsafe: %s holds no messages\n", files[0])
			return 1
		}
	}

	a := fyneapp.NewWithID(appID)
	if restored, err := app.GuardPreferences(a.Storage().RootURI().Path(), a.Preferences()); restored {
		fmt.Fprintln(stderr, "mailsafe: the settings file was cut short by a save that did not finish; the last good copy was restored")
	} else if err != nil {
		fmt.Fprintf(stderr, "mailsafe: %v\n", err)
	}
	a.SetIcon(assetsIcon())
	session := ui.NewSession(a, app.NewSecrets()) // also applies the reader's language
	switch {
	case len(items) > 0:
		// A file on its own: the reader is who Settings → My addresses
		// says (else the message's recipient, and the window says so); no
		// account, no lookups.
		entries := make([]ui.Entry, 0, len(items))
		for _, it := range items {
			reader, assumed := app.ReaderForFile(session.Settings, it.raw)
			entries = append(entries, ui.Entry{ID: it.id, View: mailview.Analyze(it.raw, reader), Assumed: assumed})
		}
		session.ShowMessages("mailsafe — "+files[0], entries, &app.HTTPLoader{})
	case demo:
		session.OpenDemo(nil, nil) // starts off the UI goroutine; a failure is shown in its window
	default:
		session.Start()
	}
	a.Run()
	return 0
}

// viewerPreferences are the mail viewer's stored preferences (Fyne's, for
// the app ID), where its accounts are.
func viewerPreferences() app.Preferences {
	return fyneapp.NewWithID(appID).Preferences()
}
