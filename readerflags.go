package main

import (
	"fmt"
	"strings"

	"mailsafe/app"
)

// readerFlags checks what scan and learn are told of the reader: the
// --me addresses and the --authserv-id servers (trimmed). problem, when
// not "", is the usage error, naming cmd.
func readerFlags(cmd string, me, authServIDs []string) (ids []string, problem string) {
	for _, addr := range me {
		if !strings.Contains(addr, "@") {
			return nil, fmt.Sprintf("%s: --me needs an email address, not %q", cmd, addr)
		}
	}
	for _, id := range authServIDs {
		trimmed := strings.TrimSpace(id)
		if trimmed == "" || !app.ValidAuthServID(trimmed) {
			return nil, fmt.Sprintf("%s: --authserv-id needs one server name like mx.example.com, not %q", cmd, id)
		}
		ids = append(ids, trimmed)
	}
	return ids, ""
}

// viewerSettings are the mail viewer's settings, where an imap:// source
// finds its OAuth2 account (and so its stored sign-in); nil when no
// source is an imap:// one (nothing of the viewer's is opened then), and
// in a build without the window (nogui.go), which has no viewer settings.
func viewerSettings(sources []string, secrets *app.Secrets) *app.Settings {
	for _, src := range sources {
		if app.IsIMAPURL(src) {
			if prefs := viewerPreferences(); prefs != nil {
				return app.NewSettings(prefs, secrets)
			}
			return nil
		}
	}
	return nil
}
