package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
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
			mw := openDemoAt(t, fyne.NewSize(1024, 700))
			a := fyne.CurrentApp()
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

// menuBarHeight is the height of the main menu the desktop driver draws at
// the top of a mail window (measured on the Xvfb screenshots).
const menuBarHeight = 28

// At the size the window takes on a 1024×700 screen, in English and
// Japanese: the list's rows are two lines tall, all eight of the demo inbox
// in view, and the two senders named Taro Yamada show addresses that tell
// them apart; the newsletter's load bar, up to "Always load images from
// this sender", is in view without scrolling.
func TestListRowsAndLoadBarAt1024x700(t *testing.T) {
	for _, language := range []string{"en", "ja"} {
		t.Run(language, func(t *testing.T) {
			readIn(t, language)
			// The desktop driver draws the main menu inside the window
			// (28 px under Xvfb); the test driver does not: take it off.
			mw := openDemoAt(t, windowSizeFor(fyne.NewSize(1024, 700)).SubtractWidthHeight(0, menuBarHeight))
			a := fyne.CurrentApp()
			openSubject(t, mw, "Winter roasts are here")
			onUI(mw, func() {
				settle(mw.Window)
				line := fyne.MeasureText("Mg", theme.TextSize(), fyne.TextStyle{}).Height
				row := newListRow().MinSize().Height
				if row > 2*line+3*theme.InnerPadding() {
					t.Errorf("a list row is %.0f px tall: more than two lines of %.0f px", row, line)
				}
				if h := mw.msgList.Size().Height; h < 8*row {
					t.Errorf("the list is %.0f px tall: the inbox's 8 rows of %.0f px do not fit", h, row)
				}
				var addrs []string
				for _, l := range drawnLines(mw.msgList) {
					if strings.Contains(l.text, "Taro Yamada") {
						addrs = append(addrs, strings.TrimPrefix(l.text, "Taro Yamada"))
					}
				}
				if len(addrs) != 2 || addrs[0] == addrs[1] || !strings.Contains(addrs[0], "@") || !strings.Contains(addrs[1], "@") {
					t.Errorf("the two Taro Yamadas cannot be told apart in the list: %q", addrs)
				}

				btn := mw.message.trustBtn
				if !btn.Visible() {
					t.Fatal("the newsletter shows no Always load button")
				}
				view := a.Driver().AbsolutePositionForObject(mw.message.scroll)
				at := a.Driver().AbsolutePositionForObject(btn)
				bottom := view.Y + mw.message.scroll.Size().Height
				if mw.message.scroll.Offset.Y != 0 || at.Y+btn.Size().Height > bottom+0.5 {
					t.Errorf("%q ends at y %.0f, below the message's view (to %.0f): it needs scrolling",
						btn.Text, at.Y+btn.Size().Height, bottom)
				}

			})
		})
	}
}

// At 1024×700, in English and Japanese, the reader can read each of the
// demo's messages (the scam from a colleague's name, the newsletter, the
// bank phishing): the body is not squeezed into what the header, banners and
// load bar leave (it was ~100 px with a scroll of its own), the message
// scrolls as one in the whole height of the pane, its body is laid out at
// its full height, and scrolled down it fills the view.
func TestReaderBodyGetsThePaneAt1024x700(t *testing.T) {
	for _, language := range []string{"en", "ja"} {
		t.Run(language, func(t *testing.T) {
			readIn(t, language)
			mw := openDemoAt(t, windowSizeFor(fyne.NewSize(1024, 700)).SubtractWidthHeight(0, menuBarHeight))
			a := fyne.CurrentApp()
			for _, subject := range []string{"Quick favour", "Winter roasts are here", "Action required: your account is on hold"} {
				openSubject(t, mw, subject)
				onUI(mw, func() {
					settle(mw.Window)
					mv := mw.message
					pane := mv.object().Size().Height
					if h := mv.scroll.Size().Height; h < pane-0.5 {
						t.Errorf("%s: the message's scroll is %.0f px of a %.0f px pane", subject, h, pane)
					}
					if got, need := mv.body.Size().Height, mv.body.MinSize().Height; got < need-0.5 {
						t.Errorf("%s: the body is laid out %.0f px tall, its text needs %.0f", subject, got, need)
					}
					mv.scroll.ScrollToBottom()
					top := a.Driver().AbsolutePositionForObject(mv.scroll).Y
					body := a.Driver().AbsolutePositionForObject(mv.body).Y
					seen := fyne.Min(mv.body.Size().Height, top+mv.scroll.Size().Height-fyne.Max(body, top))
					if want := fyne.Min(mv.body.Size().Height, pane*0.8); seen < want-0.5 {
						t.Errorf("%s: scrolled down, %.0f px of the body are in view in a %.0f px pane (want %.0f)", subject, seen, pane, want)
					}
					mv.scroll.ScrollToTop()
				})
			}
		})
	}
}
