package ui

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
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
	importBook           *widget.Button
	note                 *widget.Label
	// status says the section is reading the store, or why it cannot.
	status *widget.Label
	// seq counts the readings: only the newest may fill the section.
	seq int
	// after is what the note says once the section is read again (an
	// import's count), "" for nothing.
	after string
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

// fillCorrespondents shows the section as reading, and reads the store
// off the UI goroutine (opening it may wait for another mailsafe to let
// go of it; reading it walks every correspondent); the section is filled
// when that is done, or says in words why it could not be.
func (sw *SettingsWindow) fillCorrespondents() {
	box := sw.corr.box
	if box == nil || sw.corr.store == nil {
		return
	}
	sw.corr.seq++
	seq := sw.corr.seq
	sw.corr.status = widget.NewLabel(lang.L("Reading what your accounts learned…"))
	sw.corr.status.Wrapping = fyne.TextWrapWord
	box.Objects = []fyne.CanvasObject{heading(lang.L("Correspondents")), wrapped(lang.L("settings.correspondents.note")), sw.corr.status, widget.NewSeparator()}
	box.Refresh()
	store := sw.corr.store
	go func() {
		st, err := store.Store()
		var known []correspondents.Known
		if err == nil {
			known, err = st.Known()
		}
		sw.do(func() {
			if seq == sw.corr.seq {
				sw.showCorrespondents(st, known, err)
			}
		})
	}()
}

// storeProblem says why the correspondents store could not be read.
func storeProblem(err error) string {
	if errors.Is(err, correspondents.ErrInUse) {
		return errorText(err)
	}
	return lang.L("settings.correspondents.unreadable") + "\n(" + err.Error() + ")"
}

// showCorrespondents fills the section with what was read: known per
// account from st, or the problem err.
func (sw *SettingsWindow) showCorrespondents(st *correspondents.Store, known []correspondents.Known, err error) {
	box := sw.corr.box
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
	if err != nil {
		sw.corr.status.Importance = widget.DangerImportance
		sw.corr.status.SetText(storeProblem(err))
		box.Objects = append(objects, sw.corr.status, widget.NewSeparator())
		box.Refresh()
		return
	}
	if len(known) == 0 {
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
		var found bool
		sw.storeWork(func() (err error) {
			found, err = st.Forget(addr)
			return err
		}, func(err error) {
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
	})
	forgetAll := widget.NewButton(lang.L("Forget everything…"), func() {
		d := dialog.NewConfirm(lang.L("Forget everything"), lang.L("settings.correspondents.forgetall"), func(ok bool) {
			if !ok {
				return
			}
			sw.storeWork(st.ForgetAll, func(err error) {
				if err != nil {
					say(err, "")
					return
				}
				sw.correspondentsChanged()
				sw.fillCorrespondents()
			})
		}, sw.Window)
		d.SetConfirmText(lang.L("Forget everything"))
		d.SetDismissText(lang.L("Cancel"))
		d.SetConfirmImportance(widget.DangerImportance)
		d.Show()
	})
	forgetAll.Importance = widget.DangerImportance
	sw.corr.forget, sw.corr.forgetOne, sw.corr.forgetAll, sw.corr.note = forget, forgetOne, forgetAll, note
	importBook := widget.NewButton(lang.L("Import an address book…"), func() {
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				if err != nil {
					say(err, "")
				}
				return
			}
			sw.importFrom(st, r, say)
		}, sw.Window)
		d.SetFilter(storage.NewExtensionFileFilter([]string{".vcf", ".vcard", ".csv"}))
		cs := sw.Window.Canvas().Size()
		d.Resize(fyne.NewSize(min(760, cs.Width-24), min(520, cs.Height-24)))
		d.Show()
	})
	sw.corr.importBook = importBook
	objects = append(objects, container.NewBorder(nil, nil, nil, forgetOne, forget), container.NewHBox(importBook, forgetAll), note, widget.NewSeparator())
	note.SetText(sw.corr.after)
	sw.corr.after = ""
	box.Objects = objects
	box.Refresh()
}

// importFrom records the address book the reader chose, read from r off
// the UI goroutine; the section then shows it and says how many addresses
// it held, or say tells why it could not.
func (sw *SettingsWindow) importFrom(st *correspondents.Store, r fyne.URIReadCloser, say func(error, string)) {
	var n int
	sw.storeWork(func() (err error) {
		defer r.Close()
		n, err = importAddressBook(st, r.URI().Name(), r)
		return err
	}, func(err error) {
		if err != nil {
			say(err, "")
			return
		}
		sw.correspondentsChanged()
		sw.corr.after = lang.L("settings.correspondents.imported", map[string]any{"Count": n})
		sw.fillCorrespondents()
	})
}

// storeWork runs work, a change to the store, off the UI goroutine (an
// address book may be large, a write waits for the disk), then done with
// its error on the UI goroutine.
func (sw *SettingsWindow) storeWork(work func() error, done func(error)) {
	go func() {
		err := work()
		sw.do(func() { done(err) })
	}()
}

func (sw *SettingsWindow) correspondentsChanged() {
	if sw.corr.changed != nil {
		sw.corr.changed()
	}
}

// importAddressBook records the people of an address book read from r
// (app.ReadAddressBook). It returns how many addresses it held.
func importAddressBook(st *correspondents.Store, name string, r io.Reader) (int, error) {
	people, err := app.ReadAddressBook(name, r)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	if err := st.Import(people); err != nil {
		return 0, err
	}
	return len(people), nil
}
