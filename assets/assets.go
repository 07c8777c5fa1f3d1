// Package assets holds mailsafe's embedded data: the icon, the translations
// and, as the analysis grows, the fact lists it relies on. Each data file says
// where its facts came from.
package assets

import (
	"embed"
	"encoding/json"
	"os"
	"strings"
)

//go:generate go run ./gen/confusables -out confusables.txt

// Files is every embedded file, addressed by its path under assets/.
//
//go:embed icon.png icon.svg translations/*.json *.txt demo
var Files embed.FS

// Icon returns the application icon as PNG bytes.
func Icon() []byte {
	b, _ := Files.ReadFile("icon.png")
	return b
}

// Lines returns the entries of an embedded list file: one per line, white
// space trimmed, blank lines and "#" comments left out.
func Lines(name string) []string {
	b, err := Files.ReadFile(name)
	if err != nil {
		return nil
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// Catalog looks up mailsafe's visible strings in one language. Keys are the
// English text, as in Fyne's translation files, so the GUI (through lang.L)
// and the command line share one set of files.
type Catalog struct {
	lang    string
	strings map[string]string
}

// NewCatalog loads the catalog for lang ("en" or "ja"; anything else is English).
func NewCatalog(lang string) Catalog {
	if lang != "ja" {
		lang = "en"
	}
	c := Catalog{lang: lang, strings: map[string]string{}}
	if b, err := Files.ReadFile("translations/" + lang + ".json"); err == nil {
		_ = json.Unmarshal(b, &c.strings)
	}
	return c
}

// Lang returns the catalog's language code.
func (c Catalog) Lang() string { return c.lang }

// T returns the translation of key, or key itself when there is none.
func (c Catalog) T(key string) string {
	if s, ok := c.strings[key]; ok && s != "" {
		return s
	}
	return key
}

// LocaleLanguage picks "ja" or "en" from the environment the way gettext,
// and so Fyne, does: the first of LC_ALL, LC_MESSAGES and LANG that is set;
// unless that is "C" or "POSIX", LANGUAGE (a colon-separated list) overrides it.
func LocaleLanguage() string {
	locale := ""
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if locale = os.Getenv(v); locale != "" {
			break
		}
	}
	if locale == "C" || locale == "POSIX" {
		return "en"
	}
	if languages := os.Getenv("LANGUAGE"); languages != "" {
		locale, _, _ = strings.Cut(languages, ":")
	}
	if strings.HasPrefix(strings.ToLower(locale), "ja") {
		return "ja"
	}
	return "en"
}
