package check

// Mail made of pictures: a body whose words are in remote images, with a link.
// Text in an image is the oldest way past filters that read words (SpamAssassin's
// HTML_IMAGE_ONLY rules; every mail service's sending guidelines ask for real
// text beside images). A weak signal: some senders do send a poster.

import (
	"fmt"

	"mailsafe/mailview/safedoc"
)

// FindingBodyImageOnly: the message says what it says in pictures, with a
// link to follow, and almost no text.
const FindingBodyImageOnly ID = "body-image-only"

// imageOnlyWords is the most words of text such a body has.
const imageOnlyWords = 25

// The document counts its words up to safedoc.CountedWords: at least
// imageOnlyWords, or this does not compile.
var _ [safedoc.CountedWords - imageOnlyWords]struct{}

func imageOnlyFinding(v *Mail) (Finding, bool) {
	if v.Document == nil {
		return Finding{}, false
	}
	// Pictures fetched from elsewhere: a flyer carried in the message
	// (cid:) is a colleague's poster more often than a trick. A pixel (a
	// tracker or a spacer, 3 px or less) shows nothing. The words are
	// counted past imageOnlyWords (safedoc.CountedWords), no further.
	images, words := v.Document.RemoteImages(), v.Document.Words()
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
