package ui

import (
	"testing"

	"fyne.io/fyne/v2/lang"

	"mailsafe/app"
	"mailsafe/assets"
)

func TestLanguageChoiceOverridesAndRestoresTheSystem(t *testing.T) {
	t.Cleanup(LoadTranslations) // runs last, after the environment is restored
	for _, system := range []map[string]string{
		{"LC_ALL": "C", "LC_MESSAGES": "", "LANG": "", "LANGUAGE": ""},
		{"LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_GB.UTF-8", "LANGUAGE": ""},
		{"LC_ALL": "", "LC_MESSAGES": "", "LANG": "", "LANGUAGE": ""},
	} {
		for k, v := range system {
			t.Setenv(k, v)
		}
		l := NewLanguages()
		l.Apply(app.LanguageJapanese)
		if got := lang.L("Subject"); got != "件名" || assets.LocaleLanguage() != "ja" {
			t.Errorf("system %v, Japanese chosen: Subject = %q, findings language %q", system, got, assets.LocaleLanguage())
		}
		l.Apply(app.LanguageSystem)
		if got := lang.L("Subject"); got != "Subject" || assets.LocaleLanguage() != "en" {
			t.Errorf("system %v, following it again: Subject = %q, findings language %q", system, got, assets.LocaleLanguage())
		}
	}
	t.Setenv("LC_ALL", "")
	t.Setenv("LANG", "ja_JP.UTF-8")
	t.Setenv("LANGUAGE", "")
	l := NewLanguages()
	l.Apply(app.LanguageEnglish)
	if got := lang.L("Subject"); got != "Subject" {
		t.Errorf("Japanese system, English chosen: Subject = %q", got)
	}
	l.Apply(app.LanguageSystem)
	if got := lang.L("Subject"); got != "件名" {
		t.Errorf("Japanese system followed again: Subject = %q", got)
	}
}
