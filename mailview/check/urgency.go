package check

// Urgency: the phrasing of business e-mail compromise, in English and Japanese.

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"mailsafe/assets"
)

// maxUrgencyText bounds how much of a message is searched for phrasing:
// the pressure of a fraud mail is in its first lines, and a long mail must
// not cost a search per phrase over all of it.
const maxUrgencyText = 16 << 10

// phrasingText is the start of the subject and body searched for
// phrasing, at most maxUrgencyText bytes, built without copying more (a
// subject can be megabytes long).
func phrasingText(parts ...string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('\n')
		}
		left := maxUrgencyText - b.Len()
		if left <= 0 {
			break
		}
		if len(p) > left {
			p = p[:left]
		}
		b.WriteString(p)
	}
	return b.String()
}

// urgencyFinding flags business e-mail compromise phrasing: phrases of two
// or more kinds (urgency, secrecy, payment, bank account change, gift
// cards, being unreachable, asking for a reply by mail only, moving to
// another channel) in one message.
func urgencyFinding(v *Mail) (Finding, bool) {
	text := phrasingText(v.Subject, v.text)
	text = foldPhrasing(text)
	seen := map[string]string{}
	var evidence []string
	for _, p := range facts().urgency {
		if _, done := seen[p.category]; done {
			continue
		}
		if found := p.find(text); found != "" {
			seen[p.category] = found
			evidence = append(evidence, p.category+": “"+found+"”")
		}
	}
	if len(seen) < 2 {
		return Finding{}, false
	}
	sev := SeverityWarn
	if seen["account-change"] != "" || seen["gift-card"] != "" || seen["payment"] != "" && seen["urgent"] != "" {
		sev = SeverityDanger
	}
	return Finding{
		ID: FindingUrgencyLanguage, Severity: sev, Category: CategorySender, Evidence: evidence,
		Title: Text{EN: "The wording matches payment fraud", JA: "文面が送金詐欺の手口と一致します"},
		Detail: Text{
			EN: "Pressure to act now, secrecy, payments, changed bank details or gift cards, especially from someone who says they cannot be reached, are the marks of business e-mail compromise. Confirm by phone using a number you already have before doing anything.",
			JA: "急かす・内密にする・支払いや振込先変更・ギフトカード、とくに連絡が取れないと言う相手からの依頼は、ビジネスメール詐欺の特徴です。行動する前に、手元にある電話番号で本人に確認してください。",
		},
	}, true
}

// foldPhrasing brings text and phrases to one form, so that a phrase is
// found however it was typed: compatibility forms folded (full-width
// letters, half-width kana), lower case, katakana read as hiragana, no
// spaces beside Japanese characters (Japanese is written without them, and
// mail often breaks or pads lines inside a sentence) and one space elsewhere.
func foldPhrasing(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	var b strings.Builder
	b.Grow(len(s))
	space := false
	var last rune
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if 'ァ' <= r && r <= 'ヶ' {
			r -= 'ァ' - 'ぁ'
		}
		if space && b.Len() > 0 && !isJapanese(last) && !isJapanese(r) {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
		last = r
	}
	return b.String()
}

func isJapanese(r rune) bool {
	if r < 0x3000 {
		return false
	}
	return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) || r == 'ー' || r == '々' ||
		unicode.Is(unicode.P, r) && r > 0x3000
}

// urgencyPhrase is one line of assets/urgency.txt. A phrase with "~" in it
// allows a few characters of the same sentence in its place, so one line
// covers the particles and the plain and polite forms Japanese puts there
// (電話~出られ: 電話に出られない, 電話には出られません).
type urgencyPhrase struct {
	category string
	written  string         // as the list writes it, for the evidence
	plain    string         // folded, without "~"
	gapped   *regexp.Regexp // when the phrase has "~"
}

// urgencyGap is what "~" stands for: up to eight characters that do not
// end a sentence.
const urgencyGap = `[^。．.！!？?\n]{0,8}`

// find returns the phrase as the text has it, or "".
func (p urgencyPhrase) find(text string) string {
	if p.gapped != nil {
		return p.gapped.FindString(text)
	}
	if strings.Contains(text, p.plain) {
		return p.written
	}
	return ""
}

func loadUrgency() []urgencyPhrase { return loadPhrases("urgency.txt") }

// longGap is what "~~" stands for: up to 24 characters of the same
// sentence, for English that puts words between ("account~~suspended":
// "account has been temporarily suspended").
const longGap = `[^。．.！!？?\n]{0,24}`

// loadPhrases reads a "category | phrase" list of assets/.
func loadPhrases(file string) []urgencyPhrase {
	var out []urgencyPhrase
	for _, l := range assets.Lines(file) {
		cat, phrase, ok := strings.Cut(l, "|")
		if !ok {
			continue
		}
		p := urgencyPhrase{category: strings.TrimSpace(cat), written: strings.TrimSpace(phrase)}
		written := strings.ReplaceAll(strings.ReplaceAll(p.written, "~~", "\x01"), "~", "\x00")
		folded := foldPhrasing(written)
		if strings.ContainsAny(folded, "\x00\x01") {
			var re strings.Builder
			for _, r := range folded {
				switch r {
				case 0:
					re.WriteString(urgencyGap)
				case 1:
					re.WriteString(longGap)
				default:
					re.WriteString(regexp.QuoteMeta(string(r)))
				}
			}
			p.gapped = regexp.MustCompile(re.String())
		} else {
			p.plain = folded
		}
		out = append(out, p)
	}
	return out
}
