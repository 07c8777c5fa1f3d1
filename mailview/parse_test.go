package mailview

import (
	"mailsafe/mailview/message"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type wantAttachment struct {
	filename, contentType string
	size                  int64 // -1: not checked (a generated zip)
}

// parseCases describes what a reader must see in each testdata mail.
var parseCases = []struct {
	file         string
	subject      string
	from         string // Address.String() of the first From
	textHas      []string
	htmlHas      []string
	attachments  []wantAttachment
	problemKinds []string // every problem kind expected, in any order; nil means none
}{
	{file: "plain-ascii.eml", subject: "Lunch on Friday?", from: "Alice Example <alice@example.org>",
		textHas: []string{"Shall we meet at noon", "\nAlice"}},
	{file: "utf8-qp.eml", subject: "Grüße aus München – Übersicht", from: "Jürgen Müller <juergen@example.de>",
		textHas: []string{"die Übersicht für das Treffen in München", "weich umbrochen werden muss, weil quoted-printable"}},
	{file: "jp-iso2022jp.eml", subject: "会議の日程変更について（重要）", from: "佐藤 花子 <hanako.sato@example.co.jp>",
		textHas: []string{"山田様", "来週の会議は木曜日の午後三時に変更になりました。", "佐藤"}},
	{file: "jp-shiftjis-split-word.eml", subject: "【重要】アカウント確認のお願い", from: "サポート窓口 <support@example.ne.jp>",
		textHas: []string{"お客様各位", "アカウントの確認をお願いいたします。"}},
	{file: "jp-eucjp-8bit.eml", subject: "日本語の件名", from: "tanaka@example.jp",
		textHas: []string{"EUC-JPで書かれたメールです。"}},
	{file: "jp-raw-sjis-header.eml", subject: "緊急のお知らせ", from: "spam@example.net",
		textHas: []string{"ご確認ください。"}},
	{file: "latin1-qp.eml", subject: "Facture € 100", from: "François Léger <francois@example.fr>",
		textHas: []string{"Bonjour, voici la facture “définitive” pour l'été."}},
	{file: "cyrillic-win1251.eml", subject: "Привет", from: "ivan@example.ru",
		textHas: []string{"Добрый день! Встреча завтра."}},
	{file: "multipart-mixed.eml", subject: "Your invoice", from: "Billing <billing@example.com>",
		textHas: []string{"Please find your invoice attached."},
		htmlHas: []string{"<b>invoice</b>"},
		attachments: []wantAttachment{
			{"invoice.pdf", "application/pdf", 1040},
			{"請求書 2026年11月.pdf", "application/pdf", 1040},
			{"売上表.xls", "application/vnd.ms-excel", 100},
			{"data.csv", "text/csv", int64(len("名前,金額\r\n山田,1000\r\n"))},
		}},
	{file: "html-only.eml", subject: "This week's deals", from: "News <news@shop.example>",
		htmlHas: []string{"Deals of the week"}},
	{file: "bad-unknown-charset.eml", subject: "Unknown charset", from: "someone@example.com",
		textHas:      []string{"Café au lait — naïve résumé."},
		problemKinds: []string{message.ProblemCharsetUnknown}},
	{file: "bad-unclosed-multipart.eml", subject: "Cut short", from: "someone@example.com",
		textHas:      []string{"First part survives."},
		attachments:  []wantAttachment{{"report.bin", "application/octet-stream", 10}},
		problemKinds: []string{message.ProblemMultipartUnclosed}},
	{file: "bad-no-boundary.eml", subject: "No boundary", from: "someone@example.com",
		textHas:      []string{"Text that should still be shown."},
		problemKinds: []string{message.ProblemMultipartNoBoundary}},
	{file: "bad-header-no-blank-line.eml", subject: "Café raw UTF-8 subject", from: "someone@example.com",
		textHas:      []string{"This line has no colon and starts the body.\nSecond body line."},
		problemKinds: []string{message.ProblemHeaderMalformed}},
	{file: "bad-base64-junk.eml", subject: "Junk in base64", from: "someone@example.com",
		textHas:      []string{"Hello world! This is fine"},
		problemKinds: []string{message.ProblemEncodingDamaged}},
	{file: "bad-content-type.eml", subject: "Broken content type", from: "someone@example.com",
		textHas:      []string{"Body is still readable."},
		problemKinds: []string{message.ProblemContentType, message.ProblemEncodingUnknown}},
	{file: "bad-mislabelled-sjis.eml", subject: "mislabelled", from: "someone@example.jp",
		textHas:      []string{"本文はシフトJISです。"},
		problemKinds: []string{message.ProblemCharsetMislabelled}},
	{file: "leak-vectors.eml", subject: "Every leak vector", from: "Leak Test <leak@example.org>",
		htmlHas:     []string{"<h1>Leak vectors</h1>"},
		attachments: []wantAttachment{{"drawing.svg", "image/svg+xml", 279}, {"", "text/css", 164}}},
	{file: "leak-vectors-more.eml", subject: "Every leak vector of issue 15", from: "Leak Test <leak@example.org>",
		htmlHas: []string{"<h1>More leak vectors</h1>"},
		attachments: []wantAttachment{{"", "text/x-amp-html", 139}, {"", "text/watch-html", 58}, {"page.html", "text/html", 59},
			{"", "text/calendar", 299}, {"", "message/external-body", 25}, {"", "message/rfc822", 175}}},
	{file: "marketing-newsletter.eml", subject: "Winter roasts are here", from: "Brew & Bean <hello@brewbean.example>",
		htmlHas: []string{"Hi Alex, three new single origins landed this week."}},
	{file: "marketing-jp.eml", subject: "【冬のセール】人気のマグカップが最大30%オフ", from: "丸屋オンラインストア <news@maruya-shop.example>",
		htmlHas: []string{"佐藤 美香 様、いつもご利用ありがとうございます。"}},
	{file: "phish-links-attachments.eml", subject: "Action required: account on hold", from: "MyBank Security <security@mybank-alerts.example>",
		htmlHas: []string{"Your account is on hold."},
		attachments: []wantAttachment{{"invoice.pdf.exe", "application/octet-stream", 68}, {"report\u202eFDP.exe", "application/octet-stream", 68},
			{"setup.scr", "application/octet-stream", 68}, {"minutes.docm", "application/vnd.ms-word.document.macroenabled.12", -1},
			{"statement.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", -1},
			{"scan.pdf", "application/pdf", 68}, {"photo.jpg", "image/jpeg", -1}}},
	{file: "attachment-html.eml", subject: "New voice message (0:42) from +81 3 5555 0142", from: "Voice Mail <voicemail@pbx-notify.example>",
		textHas:     []string{"Open the attachment to play it."},
		attachments: []wantAttachment{{"Play_Voicemail.html", "text/html", -1}, {"message.svg", "image/svg+xml", -1}}},
	{file: "legit-links-attachments.eml", subject: "Your November documents", from: "Example Co <billing@example.com>",
		htmlHas: []string{"Hi Alex,"},
		attachments: []wantAttachment{{"invoice-2026-11.pdf", "application/pdf", 33},
			{"contract.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", -1},
			{"logo.png", "image/png", 70}, {"請求書.pdf", "application/pdf", 33}}},
	{file: "lf-empty.eml"},
	{file: "links-safelinks-colleague.eml", subject: "Onboarding page", from: "Robin Tanaka <robin.tanaka@corp.example>",
		htmlHas: []string{"the onboarding notes are here"}},
	{file: "links-proofpoint-google.eml", subject: "This week on campus", from: "Events Office <events@univ.example>",
		htmlHas: []string{"Library:"}},
	{file: "links-safelinks-phish.eml", subject: "Confirm your account", from: "MyBank Security <security@mybank.example>",
		htmlHas: []string{"Please confirm your account"}},
	{file: "links-newsletter-own-tracker.eml", subject: "Today's strip", from: "Daily Strip <news@dailystrip.example>",
		htmlHas: []string{"Our partner shop"}},
}

func TestParseTestdata(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			v := Analyze(raw, Reader{})
			if v.Subject != tc.subject {
				t.Errorf("subject = %q, want %q", v.Subject, tc.subject)
			}
			from := ""
			if len(v.From) > 0 {
				from = v.From[0].String()
			}
			if from != tc.from {
				t.Errorf("from = %q, want %q", from, tc.from)
			}
			for _, want := range tc.textHas {
				if !strings.Contains(v.Message.Text, want) {
					t.Errorf("text lacks %q; text is:\n%s", want, v.Message.Text)
				}
			}
			for _, want := range tc.htmlHas {
				if !strings.Contains(v.Message.HTML, want) {
					t.Errorf("html lacks %q; html is:\n%s", want, v.Message.HTML)
				}
			}
			if strings.ContainsRune(v.Subject+v.Message.Text, '\uFFFD') {
				t.Errorf("replacement character in decoded output: %q / %q", v.Subject, v.Message.Text)
			}
			if len(v.Attachments) != len(tc.attachments) {
				t.Fatalf("got %d attachments %+v, want %d", len(v.Attachments), v.Attachments, len(tc.attachments))
			}
			for i, want := range tc.attachments {
				got := v.Attachments[i]
				if got.Filename != want.filename || got.ContentType != want.contentType || want.size >= 0 && got.Size != want.size {
					t.Errorf("attachment %d = {%q %q %d}, want {%q %q %d}", i,
						got.Filename, got.ContentType, got.Size, want.filename, want.contentType, want.size)
				}
			}
			got := map[string]bool{}
			for _, p := range v.Message.Problems {
				got[p.Kind] = true
			}
			for _, k := range tc.problemKinds {
				if !got[k] {
					t.Errorf("missing problem %q; problems: %+v", k, v.Message.Problems)
				}
				delete(got, k)
			}
			if len(got) > 0 {
				t.Errorf("unexpected problems: %+v", v.Message.Problems)
			}
		})
	}
}

// Every testdata mail must have a case above, so a new file cannot go untested.
func TestEveryTestdataMailHasACase(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.eml")
	known := map[string]bool{}
	for _, tc := range parseCases {
		known[tc.file] = true
	}
	for _, f := range files {
		if !known[filepath.Base(f)] {
			t.Errorf("%s has no case in parseCases", f)
		}
	}
}

func TestHTMLOnlyBodyTextHasNoMarkupOrURLs(t *testing.T) {
	raw, err := os.ReadFile("testdata/html-only.eml")
	if err != nil {
		t.Fatal(err)
	}
	v := Analyze(raw, Reader{})
	for _, want := range []string{"Deals of the week", "Hello Bob, here are this week's offers:", "Coffee beans & mugs", "Tea – 20% off", "See you soon!"} {
		if !strings.Contains(v.Document.Text(), want) {
			t.Errorf("body text lacks %q:\n%s", want, v.Document.Text())
		}
	}
	for _, bad := range []string{"<", "http", "document.location", "color: red", "Deals\n"} {
		if strings.Contains(v.Document.Text(), bad) {
			t.Errorf("body text contains %q:\n%s", bad, v.Document.Text())
		}
	}
}
