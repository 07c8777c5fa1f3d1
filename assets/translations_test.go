package assets

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func loadJSON(t *testing.T, lang string) map[string]string {
	t.Helper()
	b, err := Files.ReadFile("translations/" + lang + ".json")
	if err != nil {
		t.Fatal(err)
	}
	// A value is a text, or (for the few strings Fyne itself looks up by
	// count) an object of plural forms, of which "other" must be there.
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatalf("%s.json: %v", lang, err)
	}
	m := map[string]string{}
	for k, v := range raw {
		var text string
		if err := json.Unmarshal(v, &text); err == nil {
			m[k] = text
			continue
		}
		var forms map[string]string
		if err := json.Unmarshal(v, &forms); err != nil {
			t.Fatalf("%s.json: %q is neither a text nor plural forms: %v", lang, k, err)
		}
		m[k] = forms["other"]
	}
	return m
}

// Both languages are first-class: every key has an English and a Japanese text.
func TestTranslationsHaveTheSameKeys(t *testing.T) {
	en, ja := loadJSON(t, "en"), loadJSON(t, "ja")
	for k, v := range en {
		if strings.TrimSpace(v) == "" {
			t.Errorf("en.json: %q is empty", k)
		}
		if strings.TrimSpace(ja[k]) == "" {
			t.Errorf("ja.json lacks %q", k)
		}
	}
	for k := range ja {
		if _, ok := en[k]; !ok {
			t.Errorf("ja.json has %q, en.json does not", k)
		}
	}
}

// Every key the code looks up (lang.L, lang.X, Catalog.T) must be translated.
func TestEveryKeyUsedInCodeIsTranslated(t *testing.T) {
	en := loadJSON(t, "en")
	call := regexp.MustCompile(`(?:lang\.L|lang\.X|cat\.T)\("((?:[^"\\]|\\.)*)"`)
	used := 0
	filepath.Walk("..", func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, _ := os.ReadFile(path)
		for _, m := range call.FindAllSubmatch(src, -1) {
			used++
			if _, ok := en[string(m[1])]; !ok {
				t.Errorf("%s looks up %q, which en.json lacks", path, m[1])
			}
		}
		return nil
	})
	if used < 10 {
		t.Errorf("found only %d lookups; the pattern no longer matches the code", used)
	}
}

func TestCatalogFallsBackToKey(t *testing.T) {
	if got := NewCatalog("ja").T("Subject"); got != "件名" {
		t.Errorf("ja Subject = %q", got)
	}
	if got := NewCatalog("fr").T("Subject"); got != "Subject" {
		t.Errorf("fr falls back to English: got %q", got)
	}
	if got := NewCatalog("ja").T("no such key"); got != "no such key" {
		t.Errorf("missing key = %q", got)
	}
}

func TestLocaleLanguage(t *testing.T) {
	for _, c := range []struct{ lcAll, lang, language, want string }{
		{"", "ja_JP.UTF-8", "", "ja"},
		{"", "en_US.UTF-8", "", "en"},
		{"C", "ja_JP.UTF-8", "ja", "en"},
		{"", "en_US.UTF-8", "ja:en", "ja"},
		{"ja_JP.eucJP", "en_US.UTF-8", "", "ja"},
		{"", "", "", "en"},
	} {
		t.Setenv("LC_ALL", c.lcAll)
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", c.lang)
		t.Setenv("LANGUAGE", c.language)
		if got := LocaleLanguage(); got != c.want {
			t.Errorf("LC_ALL=%q LANG=%q LANGUAGE=%q: %q, want %q", c.lcAll, c.lang, c.language, got, c.want)
		}
	}
}

func TestIconIsAPNG(t *testing.T) {
	if b := Icon(); len(b) < 100 || string(b[1:4]) != "PNG" {
		t.Fatalf("icon is not a PNG (%d bytes)", len(b))
	}
}
