package check

// Disguised words: a sender name or subject whose Latin words carry Cyrillic
// or Greek letters that look Latin ("Binаnсе" with Cyrillic а and с),
// invisible characters between letters ("P\u200dr\u200di\u200dm\u200de"),
// marks of another script on Latin letters, or whole words spelt in
// Unicode's mathematical alphabets or small capitals ("𝗢𝗽𝗲𝗻 𝗡𝗼𝘄",
// "ʀᴇᴄᴏʀᴅᴀᴛᴏʀɪᴏ"), which Unicode encodes for mathematical notation and
// phonetics, not for styled text (The Unicode Standard, 22.2 "Letterlike
// Symbols" / "Mathematical Alphanumeric Symbols"; UTR #25). Filters match words; these
// defeat the match while the reader sees the word. Unicode calls such text
// confusable (UTS #39); mail programs never write it, people do not type
// it, and language that mixes scripts does so between words, not inside.

import (
	"strings"
	"unicode"

	"mailsafe/mailview/message"
)

// FindingTextObfuscated: the sender name or subject is written to slip past
// filters.
const FindingTextObfuscated ID = "text-obfuscated"

// invisible tells whether r has no width and no use between two Latin
// letters: Unicode's format characters (zero-width spaces and joiners, the
// soft hyphen, the word joiner, invisible operators: what brandFold drops)
// and the combining grapheme joiner.
func invisible(r rune) bool { return unicode.Is(unicode.Cf, r) || r == '\u034f' }

// foreignMark tells whether r is a combining mark of another script than
// Latin's combining diacritics (U+0300-036F, an accent written apart).
func foreignMark(r rune) bool { return unicode.Is(unicode.Mn, r) && (r < 0x0300 || r > 0x036f) }

// maxObfuscationText bounds how much of a name or subject is read for
// disguised words.
const maxObfuscationText = 4 << 10

// obfuscatedWord returns the first disguised word of s and why, or "".
func obfuscatedWord(s string) (word, why string) {
	if len(s) > maxObfuscationText { // a name or subject longer is clipped anyway
		s = strings.ToValidUTF8(s[:maxObfuscationText], "")
	}
	lk := facts().lookalike
	runes := []rune(s)
	isASCIILetter := func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }
	// Invisible characters or foreign marks between Latin letters.
	for i := 1; i < len(runes)-1; i++ {
		r := runes[i]
		if !invisible(r) && !foreignMark(r) {
			continue
		}
		j := i
		for j < len(runes) && (invisible(runes[j]) || foreignMark(runes[j])) {
			j++
		}
		if isASCIILetter(runes[i-1]) && j < len(runes) && isASCIILetter(runes[j]) {
			if foreignMark(r) {
				return wordAround(runes, i), "marks of another script on Latin letters"
			}
			return wordAround(runes, i), "invisible characters between letters"
		}
	}
	// Latin words with look-alike Cyrillic or Greek letters in them, and
	// words spelt in mathematical or small-capital letters.
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if styledWord(w) {
			return w, "letters of Unicode's mathematical or phonetic alphabets in place of ordinary ones"
		}
		latin, lookalike, native := false, false, false
		for _, r := range w {
			switch {
			case isASCIILetter(r):
				latin = true
			case unicode.In(r, unicode.Cyrillic, unicode.Greek):
				if _, ok := lk[r]; ok {
					lookalike = true
				} else {
					native = true // a letter that reads as itself: a word of that script
				}
			}
		}
		if latin && lookalike && !native {
			return w, "Cyrillic or Greek letters that look Latin inside a Latin word"
		}
	}
	return "", ""
}

// minStyledRun is how many styled letters in a row make a styled word: an
// initial or a unit symbol alone is notation, a word is not.
const minStyledRun = 3

// styledWord tells whether w has minStyledRun letters in a row from the
// Mathematical Alphanumeric Symbols block (U+1D400-1D7FF: 𝐀 𝑨 𝗔 𝙰 …) or
// Latin small capitals (ᴀ ʙ ᴄ …, the IPA and phonetic extensions): letters
// that read as Latin ones to people but not to filters, and that screen
// readers spell out one by one.
func styledWord(w string) bool {
	run := 0
	for _, r := range w {
		switch {
		case styledLetter(r):
			run++
			if run >= minStyledRun {
				return true
			}
		case unicode.Is(unicode.Mn, r): // an accent on a styled letter ("ᴜ́")
		default:
			run = 0
		}
	}
	return false
}

func styledLetter(r rune) bool {
	if r >= 0x1D400 && r <= 0x1D7FF {
		return unicode.IsLetter(r)
	}
	if r >= 0x1D00 && r <= 0x1D22 { // ᴀ … ᴢ: Latin letter small capitals (Phonetic Extensions)
		return true
	}
	switch r {
	case 'ʀ', 'ʙ', 'ɢ', 'ʜ', 'ɪ', 'ʟ', 'ɴ', 'ʏ', 'ꜰ', 'ꜱ', 'ǫ': // small capitals outside that range
		return true
	}
	return false
}

func wordAround(runes []rune, i int) string {
	start, end := i, i
	for start > 0 && !unicode.IsSpace(runes[start-1]) {
		start--
	}
	for end < len(runes) && !unicode.IsSpace(runes[end]) {
		end++
	}
	return strings.Map(func(r rune) rune {
		if invisible(r) {
			return -1
		}
		return r
	}, string(runes[start:end]))
}

// obfuscationFinding checks the sender name and the subject.
func obfuscationFinding(v *Mail) (Finding, bool) {
	var evidence []string
	for _, a := range v.From {
		if w, why := obfuscatedWord(a.Name); w != "" {
			evidence = append(evidence, "From name: “"+message.Clip(message.SanitizeText(w), 60)+"” ("+why+")")
			break
		}
	}
	if w, why := obfuscatedWord(v.Subject); w != "" {
		evidence = append(evidence, "Subject: “"+message.Clip(message.SanitizeText(w), 60)+"” ("+why+")")
	}
	if len(evidence) == 0 {
		return Finding{}, false
	}
	return Finding{
		ID: FindingTextObfuscated, Severity: SeverityWarn, Category: CategorySender, Evidence: evidence,
		Title: Text{EN: "Words in the sender name or subject are disguised", JA: "差出人名や件名の単語が偽装されています"},
		Detail: Text{
			EN: "Some words are spelled with look-alike letters of another alphabet or of Unicode's mathematical alphabets, or with invisible characters between the letters, so that they read normally but spam and phishing filters do not recognise them. Mail programs never write this; it is done to get past filters.",
			JA: "一部の単語が、別の文字体系や数学用の文字のそっくりな文字、または文字の間に入れた見えない文字で書かれています。読む人には普通に見えても、迷惑メールやフィッシングのフィルターには認識されません。通常のメールソフトはこう書きません。フィルターをすり抜けるための細工です。",
		},
	}, true
}
