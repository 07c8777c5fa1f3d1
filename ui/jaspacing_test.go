package ui

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"mailsafe/assets"
)

// A Japanese template puts no space between a placeholder and the Japanese
// text beside it: the value may itself end in Japanese ("127.0.0.1のサーバー"),
// and a space there reads as a stray gap ("127.0.0.1 のサーバー に").
func TestJapaneseTemplatesPutNoSpaceBesideAPlaceholder(t *testing.T) {
	raw, err := assets.Files.ReadFile("translations/ja.json")
	if err != nil {
		t.Fatal(err)
	}
	var entries map[string]json.RawMessage
	if err := json.Unmarshal(raw, &entries); err != nil {
		t.Fatal(err)
	}
	strs := map[string]string{}
	for k, e := range entries {
		var one string
		var forms map[string]string // a plural: one text per form
		switch {
		case json.Unmarshal(e, &one) == nil:
			strs[k] = one
		case json.Unmarshal(e, &forms) == nil:
			for form, text := range forms {
				strs[k+"."+form] = text
			}
		default:
			t.Fatalf("%s: neither a text nor plural forms: %s", k, e)
		}
	}
	const japanese = `[\x{3000}-\x{30ff}\x{4e00}-\x{9fff}\x{ff00}-\x{ffef}]`
	stray := regexp.MustCompile(`\}\} +` + japanese + `|` + japanese + ` +\{\{`)
	for k, v := range strs {
		if m := stray.FindString(v); m != "" {
			t.Errorf("%s: a space beside a placeholder, %q in %q", k, m, v)
		}
	}
}

// The newsletter's "What loading would reveal" names the demo's server in
// Japanese without a gap before the particle.
func TestRevealReadsAsJapanese(t *testing.T) {
	readIn(t, "ja")
	test.NewTempApp(t)
	v := demoEntries(t, "01-newsletter.eml")[0].View
	text := renderedText(container.NewVBox(revealPanel(v, "ja")...))
	if !strings.Contains(text, "127.0.0.1のサーバーに") {
		t.Errorf("the reveal text does not name the server as Japanese reads it:\n%s", text)
	}
	if strings.Contains(text, " に") {
		t.Errorf("a stray space before に:\n%s", text)
	}
}
