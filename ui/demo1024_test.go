package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// The companion of the Xvfb screenshots (TestGUIDemoAt1024x700 in the main
// package): the same demo mailbox, opened through the session as the binary
// does, at 1024×700, in English and Japanese. A screenshot cannot be read
// back as text, so the words of the verdict banner are checked here: the
// bank phishing mail says in words that it is likely a scam, the newsletter
// says its own verdict, and the banner lies at the top of the window, inside
// it.
func TestDemoVerdictBannerWordsAt1024x700(t *testing.T) {
	for _, tc := range []struct {
		locale, scam string
	}{
		{"en_US.UTF-8", "This message is likely a scam: "},
		{"ja_JP.UTF-8", "このメッセージは詐欺の可能性が高いです："},
	} {
		t.Run(tc.locale[:2], func(t *testing.T) {
			t.Cleanup(LoadTranslations)
			t.Setenv("LC_ALL", "")
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", tc.locale)
			t.Setenv("LANGUAGE", tc.locale[:2])
			a := test.NewTempApp(t)
			s := NewSession(a, nil)
			mw := openDemo(t, s)
			defer mw.Window.Close()
			onUI(mw, func() {
				mw.Window.Resize(fyne.NewSize(1024, 700))
				mw.Window.Show()
			})
			eventually(t, mw, "the inbox", func() bool { return len(mw.envs) == 8 && mw.verdicts.Pending() == 0 && !mw.mb.Fetching() })
			for _, m := range []struct {
				subject string
				scam    bool
			}{
				{"Action required: your account is on hold", true},
				{"Winter roasts are here", false},
			} {
				openSubject(t, mw, m.subject)
				onUI(mw, func() {
					v := mw.message.view
					want := verdictText(v, tc.locale[:2])
					if m.scam && !strings.HasPrefix(want, tc.scam) {
						t.Errorf("%s: the verdict reads %q, not a scam warning", m.subject, want)
					}
					text := renderedText(mw.Window.Content())
					if !strings.Contains(text, want) {
						t.Errorf("%s: the window does not say %q:\n%s", m.subject, want, text)
					}
					banner := mw.message.verdict.root
					if !banner.Visible() {
						t.Fatalf("%s: the verdict banner is hidden", m.subject)
					}
					pos := a.Driver().AbsolutePositionForObject(banner)
					size := banner.Size()
					if pos.X < 0 || pos.Y < 0 || pos.X+size.Width > 1024 || pos.Y+size.Height > 700 || pos.Y > 100 || size.Height < 20 {
						t.Errorf("%s: the verdict banner lies at %v, size %v: not at the top of the 1024×700 window", m.subject, pos, size)
					}
				})
			}
		})
	}
}
