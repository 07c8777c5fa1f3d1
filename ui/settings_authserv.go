package ui

import (
	"context"
	"time"

	"mailsafe/app"
)

// detectAuthServTimeout bounds the background detection of an account's
// trusted authentication server.
const detectAuthServTimeout = 60 * time.Second

// detectAuthServ works out, in the background, whose Authentication-Results
// to trust for acct from the stamps on its own recent mail, unless the
// reader set a server in Settings. It runs once the account's window has
// connected, so a wrong password is never tried twice. Found, it is stored in the account:
// Settings shows it (and where it came from), the reader may change it
// there, and the account's analyses read it from then on.
func (s *Session) detectAuthServ(acct app.Account, password string) {
	if acct.AuthServID != "" && !acct.AuthServDetected {
		return
	}
	login := s.login(acct, password)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), detectAuthServTimeout)
		defer cancel()
		id, err := app.DetectAccountAuthServID(ctx, acct, login)
		if err != nil || id == "" {
			return // no clear stamp: the reader can set one in Settings
		}
		s.do(func() {
			if changed, _ := s.Settings.SetDetectedAuthServID(acct, id); changed && s.settingsWindow != nil {
				s.settingsWindow.build()
			}
		})
	}()
}
