package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
	"mailsafe/correspondents"
)

// settingsCorrespondents is Settings → Correspondents: what the accounts
// learned from their mail, and forgetting one correspondent or everything.
type settingsCorrespondents struct {
	store   *app.Correspondents
	changed func() // the history changed: the open windows read it again
	box     *fyne.Container

	forget               *widget.Entry
	forgetOne, forgetAll *widget.Button
	note                 *widget.Label
}

// correspondentsSection is the section's place in the window; it is
// filled by useCorrespondents (and again after each change).
func (sw *SettingsWindow) correspondentsSection() fyne.CanvasObject {
	sw.corr.box = container.NewVBox()
	sw.fillCorrespondents()
	return sw.corr.box
}

// useCorrespondents gives the window the session's store.
func (sw *SettingsWindow) useCorrespondents(store *app.Correspondents, changed func()) {
	sw.corr.store, sw.corr.changed = store, changed
	sw.fillCorrespondents()
}

func (sw *SettingsWindow) fillCorrespondents() {
	box := sw.corr.box
	if box == nil || sw.corr.store == nil {
		return
	}
	note := widget.NewLabel("")
	note.Wrapping = fyne.TextWrapWord
	say := func(err error, text string) {
		note.Importance = widget.MediumImportance
		if err != nil {
			note.Importance = widget.DangerImportance
			text = errorText(err)
		}
		note.SetText(text)
	}
	objects := []fyne.CanvasObject{heading(lang.L("Correspondents")), wrapped(lang.L("settings.correspondents.note"))}
	st, err := sw.corr.store.Store()
	if err != nil {
		say(err, "")
		box.Objects = append(objects, note, widget.NewSeparator())
		box.Refresh()
		return
	}
	known, err := st.Known()
	switch {
	case err != nil:
		say(err, "")
	case len(known) == 0:
		objects = append(objects, wrapped(lang.L("Nothing learned yet: accounts learn when they connect.")))
	}
	for _, k := range known {
		account := k.Account
		switch account {
		case app.FilesAccount:
			account = lang.L("Files (mailsafe learn)")
		case correspondents.AddressBookAccount:
			objects = append(objects, wrapped(lang.L("settings.correspondents.book", map[string]any{"People": k.Recipients})))
			continue
		}
		objects = append(objects, wrapped(lang.L("settings.correspondents.account", map[string]any{
			"Account": account, "Senders": k.Senders, "Messages": k.Messages, "Recipients": k.Recipients})))
	}
	forget := widget.NewEntry()
	forget.SetPlaceHolder("taro.yamada@example.com")
	forgetOne := widget.NewButton(lang.L("Forget this correspondent"), func() {
		addr := strings.TrimSpace(forget.Text)
		if addr == "" {
			return
		}
		found, err := st.Forget(addr)
		switch {
		case err != nil:
			say(err, "")
		case !found:
			say(nil, lang.L("settings.correspondents.unknown", map[string]any{"Address": addr}))
		default:
			forget.SetText("")
			sw.correspondentsChanged()
			say(nil, lang.L("settings.correspondents.forgot", map[string]any{"Address": addr}))
		}
	})
	forgetAll := widget.NewButton(lang.L("Forget everything…"), func() {
		d := dialog.NewConfirm(lang.L("Forget everything"), lang.L("settings.correspondents.forgetall"), func(ok bool) {
			if !ok {
				return
			}
			if err := st.ForgetAll(); err != nil {
				say(err, "")
				return
			}
			sw.correspondentsChanged()
			sw.fillCorrespondents()
		}, sw.Window)
		d.SetConfirmText(lang.L("Forget everything"))
		d.SetDismissText(lang.L("Cancel"))
		d.SetConfirmImportance(widget.DangerImportance)
		d.Show()
	})
	forgetAll.Importance = widget.DangerImportance
	sw.corr.forget, sw.corr.forgetOne, sw.corr.forgetAll, sw.corr.note = forget, forgetOne, forgetAll, note
	objects = append(objects, container.NewBorder(nil, nil, nil, forgetOne, forget), container.NewHBox(forgetAll), note, widget.NewSeparator())
	box.Objects = objects
	box.Refresh()
}

func (sw *SettingsWindow) correspondentsChanged() {
	if sw.corr.changed != nil {
		sw.corr.changed()
	}
}
