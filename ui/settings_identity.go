package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// identitySection is Settings → My addresses: the reader's own addresses
// (their domains are the reader's company for the analysis) and the people
// the reader knows. Every window reads with them, files included;
// messages are analysed again when they are opened next.
func (sw *SettingsWindow) identitySection() fyne.CanvasObject {
	mine := widget.NewMultiLineEntry()
	mine.SetMinRowsVisible(2)
	mine.Wrapping = fyne.TextWrapWord
	mine.SetPlaceHolder("you@example.com")
	mine.SetText(strings.Join(sw.settings.MyAddresses(), "\n"))
	contacts := widget.NewMultiLineEntry()
	contacts.SetMinRowsVisible(3)
	contacts.SetPlaceHolder("Taro Yamada <taro.yamada@example.com>")
	contacts.SetText(sw.settings.ContactsText())
	note := newWrapLabel("")
	save := widget.NewButton(lang.L("Save my addresses"), func() {
		err := sw.settings.SetMyAddresses(mine.Text)
		if err == nil {
			err = sw.settings.SetContacts(contacts.Text)
		}
		if err != nil {
			note.SetImportance(widget.DangerImportance)
			note.SetText(errorText(err))
			return
		}
		note.SetImportance(widget.MediumImportance)
		note.SetText(lang.L("Saved."))
	})
	sw.myAddresses, sw.myContacts, sw.identitySave = mine, contacts, save
	return container.NewVBox(heading(lang.L("My addresses")), wrapped(lang.L("settings.me.note")), mine,
		wrapped(lang.L("settings.contacts.note")), contacts,
		container.NewHBox(save), note, widget.NewSeparator())
}
