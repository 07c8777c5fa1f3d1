package check

// Mail made of pictures: a body whose words are in remote images, with a link.
// Text in an image is the oldest way past filters that read words (SpamAssassin's
// HTML_IMAGE_ONLY rules; every mail service's sending guidelines ask for real
// text beside images). A weak signal: some senders do send a poster.

import (
	"fmt"
	"unicode"

	"mailsafe/mailview/safedoc"
)

// FindingBodyImageOnly: the message says what it says in pictures, with a
// link to follow, and almost no text.
const FindingBodyImageOnly ID = "body-image-only"

// imageOnlyWords is the most words of text such a body has.
const imageOnlyWords = 25

func imageOnlyFinding(v *Mail) (Finding, bool) {
	if v.Document == nil {
		return Finding{}, false
	}
	images, words := 0, 0
	for _, bl := range v.Document.Blocks {
		if bl.Kind == safedoc.BlockImage {
			// Pictures fetched from elsewhere: a flyer carried in the
			// message (cid:) is a colleague's poster more often than a trick.
			// A pixel (a tracker or a spacer, 3 px or less) shows nothing.
			if im := bl.Image; im != nil && im.URL != "" && !(im.Width > 0 && im.Width <= 3 || im.Height > 0 && im.Height <= 3) {
				images++
			}
			continue
		}
		for _, s := range bl.Spans {
			if words >= imageOnlyWords {
				break // enough text: the count goes no further
			}
			words += countWords(s.Text)
		}
	}
	linked := false
	for _, l := range v.Links {
		if l.Kind == safedoc.LinkAnchor || l.Kind == safedoc.LinkArea {
			if isWeb(l.Target.Parsed) {
				linked = true
				break
			}
		}
	}
	if images == 0 || !linked || words >= imageOnlyWords {
		return Finding{}, false
	}
	return Finding{
		ID: FindingBodyImageOnly, Severity: SeverityWarn, Category: CategorySender,
		Evidence: []string{fmt.Sprintf("%d image(s), %d word(s) of text, and a link", images, words)},
		Title:    Text{EN: "The message is pictures and a link, with almost no text", JA: "本文がほぼ画像とリンクだけです"},
		Detail: Text{
			EN: "What the message says is in images, so filters that read words see nothing, and the one thing to do is click. Legitimate senders write their message as text beside their pictures.",
			JA: "内容が画像の中に書かれているため、文字を読むフィルターには何も見えず、できることはクリックだけです。正規の送信者は画像と一緒に本文を文字でも書きます。",
		},
	}, true
}

// countWords counts the runs of letters and digits in s (what
// strings.FieldsFunc would split out), without making them.
func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		if word && !in {
			n++
		}
		in = word
	}
	return n
}
