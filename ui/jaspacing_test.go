package ui

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"mailsafe/assets"
	"mailsafe/mailview"
	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
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

// The analysis' own Japanese texts put no space between a value and the
// Japanese beside it either: a colleague with a Japanese name borrowed by
// a stranger reads "山田 太郎のアドレスは…", not "山田 太郎 のアドレスは …".
func TestFindingTextsPutNoSpaceBesideJapanese(t *testing.T) {
	raw := "From: 山田 太郎 <yamada.taro.acme@gmail.com>\r\nTo: alex.morgan@acme-corp.example\r\nReply-To: pay@other-domain.example\r\n" +
		"Subject: =?UTF-8?B?5pSv5omV44GE?=\r\nDate: Mon, 23 Nov 2026 09:00:00 +0900\r\nMessage-ID: <x1@gmail.com>\r\n\r\nPlease pay today.\r\n"
	reader := mailview.Reader{Me: []string{"alex.morgan@acme-corp.example"},
		Contacts: []message.Address{{Name: "山田 太郎", Addr: "taro.yamada@acme-corp.example"}}}
	v := mailview.Analyze([]byte(raw), reader)
	const japanese = `[\x{3040}-\x{30ff}\x{4e00}-\x{9fff}]`
	stray := regexp.MustCompile(japanese + ` ` + `[\x{3040}-\x{309f}]`) // a space before a particle or kana ending
	impersonation := false
	for _, f := range v.Findings {
		impersonation = impersonation || f.ID == check.FindingDisplayNameImpersonation
		for _, s := range []string{f.Title.In("ja"), f.Detail.In("ja")} {
			if m := stray.FindString(s); m != "" {
				t.Errorf("%s: %q in %q", f.ID, m, s)
			}
		}
	}
	if !impersonation {
		t.Fatalf("the borrowed name is not found (test is void): %v", v.Findings)
	}
}
