package check

// Phrasing: the "category | phrase" lists of assets/ (urgency.txt,
// lures.txt), the one fold that text and phrases are compared in, and the
// part of a message searched for them.

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"mailsafe/assets"
)

// maxPhrasingText bounds how much of a message is searched for phrasing:
// the pressure of a fraud mail is in its first lines, and a long mail must
// not cost a search per phrase over all of it.
const maxPhrasingText = 16 << 10

// phrasingText is the start of the subject and body searched for
// phrasing, at most maxPhrasingText bytes, built without copying more (a
// subject can be megabytes long).
func phrasingText(parts ...string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('\n')
		}
		left := maxPhrasingText - b.Len()
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

// foldText brings words to one form, however they were typed:
// compatibility forms folded (full-width letters, half-width kana), lower
// case, katakana read as hiragana. Phrases and display names (nameKeys)
// are compared in it.
func foldText(s string) string {
	return strings.Map(foldRune, nfkc(s))
}

// nfkc is s in Unicode's compatibility form (NFKC), each invalid byte read
// first as U+FFFD, as the folds read it after. x/text/norm leaves a
// character after a stray lead byte at the very end of a text as it is
// (NFKC keeps "\xf4ϔ", and makes "\xf4ϔ\n" "\xf4Ϋ\n"): folding a text
// would otherwise depend on what follows it.
func nfkc(s string) string {
	if !utf8.ValidString(s) {
		var b strings.Builder
		b.Grow(len(s) + 8)
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				b.WriteRune(utf8.RuneError)
			} else {
				b.WriteString(s[i : i+n])
			}
			i += n
		}
		s = b.String()
	}
	return norm.NFKC.String(s)
}

// foldRune is foldText for one character of NFKC text: lower case,
// katakana as hiragana (an invalid byte reads as U+FFFD, as strings.Map
// makes it).
func foldRune(r rune) rune {
	r = unicode.ToLower(r)
	if 'ァ' <= r && r <= 'ヶ' {
		return r - 'ァ' + 'ぁ'
	}
	return r
}

// foldPhrasing is foldText with the spacing of a sentence made one: no
// spaces beside Japanese characters (Japanese is written without them, and
// mail often breaks or pads lines inside a sentence) and one space
// elsewhere, so that a phrase is found however it was typed. It folds
// and spaces in one pass over the text.
func foldPhrasing(s string) string {
	if !isASCII(s) { // NFKC leaves ASCII as it is
		s = nfkc(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	var last rune
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII, most of most mail: lower case is a byte's, and no
			// ASCII character is Japanese.
			switch asciiFold[c] {
			case asciiSpace:
				space = true
				i++
				continue
			case asciiUpper:
				c += 'a' - 'A'
			}
			if space && b.Len() > 0 && (last < 0x3000 || !isJapanese(last)) {
				b.WriteByte(' ')
			}
			space = false
			b.WriteByte(c)
			last = rune(c)
			i++
			// The run of lower case and other characters after it, as it is.
			j := i
			for j < len(s) && asciiFold[s[j]] == asciiAsIs {
				j++
			}
			if j > i {
				b.WriteString(s[i:j])
				last = rune(s[j-1])
				i = j
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		r = foldRune(r)
		if unicode.IsSpace(r) {
			space = true
			continue
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

// foldKind is what foldPhrasing does with a byte: an ASCII character as it
// is, an ASCII space, an ASCII capital (lowered); a byte of a longer
// character is none of them.
type foldKind uint8

const (
	notASCII foldKind = iota
	asciiAsIs
	asciiSpace
	asciiUpper
)

// asciiFold is the foldKind of each byte (a table, never written after it
// is made).
var asciiFold = func() (t [256]foldKind) {
	for c := 0; c < utf8.RuneSelf; c++ {
		switch {
		case c == '\t', c == '\n', c == '\v', c == '\f', c == '\r', c == ' ':
			t[c] = asciiSpace
		case 'A' <= c && c <= 'Z':
			t[c] = asciiUpper
		default:
			t[c] = asciiAsIs
		}
	}
	return t
}()

// foldedPhrasingTexts returns the folded text searched for urgency (the
// subject and the body) and for lures (the sender's names, the subject and
// the body): foldPhrasing of their phrasingText. The lure text is mostly
// the names, a line break and the urgency text; then the urgency text is
// folded once for both (joinFolded).
func foldedPhrasingTexts(v *Mail) (urgency, lures string) {
	u := phrasingText(v.Subject, v.text)
	urgency = foldPhrasing(u)
	parts := make([]string, 0, len(v.From)+2)
	for _, a := range v.From {
		parts = append(parts, a.Name)
	}
	l := phrasingText(append(parts, v.Subject, v.text)...)
	switch {
	case l == u:
		return urgency, urgency
	case len(l) > len(u) && l[len(l)-len(u)-1] == '\n' && l[len(l)-len(u):] == u:
		return urgency, joinFolded(foldPhrasing(l[:len(l)-len(u)-1]), urgency)
	}
	return urgency, foldPhrasing(l)
}

// phraseKeysIn returns which keys of the urgency list the urgency text
// holds and which keys of the lure list the lure text holds (keys.in of
// each). The lure text mostly ends with the urgency text: then one pass
// over that finds both lists' keys in it (phraseKeys), and only the lure
// text's head, up to where a key starting in it can end, is searched
// again, for lures.
func phraseKeysIn(urgency, lures string) (inUrgency, inLures []bool) {
	f := facts()
	if !strings.HasSuffix(lures, urgency) {
		return f.urgency.keys.in(urgency), f.lures.keys.in(lures)
	}
	both := f.phraseKeys.in(urgency)
	n := len(f.urgency.keys.pats)
	inUrgency, inLures = both[:n:n], both[n:]
	if head := len(lures) - len(urgency); head > 0 {
		for k, ok := range f.lures.keys.in(lures[:min(len(lures), head+f.lureKeyMax-1)]) {
			inLures[k] = inLures[k] || ok
		}
	}
	return inUrgency, inLures
}

// joinFolded returns foldPhrasing(a + "\n" + b) from fa = foldPhrasing(a)
// and fb = foldPhrasing(b). NFKC leaves a line break between them as it
// is: it is a starter that composes with nothing, so nothing on one side
// reorders or composes with the other. The spacing pass then reads the
// line break as a space: one space between the two when both have text
// and neither side of it is Japanese. FuzzJoinFolded checks this.
func joinFolded(fa, fb string) string {
	if fa == "" {
		return fb
	}
	if fb == "" {
		return fa
	}
	last, _ := utf8.DecodeLastRuneInString(fa)
	first, _ := utf8.DecodeRuneInString(fb)
	if isJapanese(last) || isJapanese(first) {
		return fa + fb
	}
	return fa + " " + fb
}

func isJapanese(r rune) bool {
	if r < 0x3000 {
		return false
	}
	return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) || r == 'ー' || r == '々' ||
		unicode.Is(unicode.P, r) && r > 0x3000
}

// listPhrase is one line of a phrase list. A phrase with "~" in it allows
// a few characters of the same sentence in its place, so one line covers
// the particles and the plain and polite forms Japanese puts there
// (電話~出られ: 電話に出られない, 電話には出られません).
type listPhrase struct {
	category string
	written  string         // as the list writes it, for the evidence
	plain    string         // folded, without "~"
	gapped   *regexp.Regexp // when the phrase has "~"
	// lead is what a gapped phrase starts with, up to its first "~": text
	// without it cannot match (empty when the phrase starts with a gap).
	lead string
}

// phraseList is a phrase list with what finds its phrases in one pass.
type phraseList struct {
	phrases []listPhrase
	// keys holds, for each phrase in order, the plain phrase or a gapped
	// phrase's lead: a phrase whose key is absent from the text is not
	// there. After them come the other parts of gapped phrases between
	// their gaps, of four bytes or more (shorter ones would cost a second
	// pass over the text): a gapped phrase is there only if they all are.
	keys *substrings
	// parts holds, for each phrase by index, the indices in keys of its
	// parts after the lead (nil for most).
	parts [][]int
}

// mayHold tells whether a text may hold phrase i, from which keys it holds
// (keys.in): its key and every other part it has.
func (l phraseList) mayHold(present []bool, i int) bool {
	if !present[i] {
		return false
	}
	for _, k := range l.parts[i] {
		if !present[k] {
			return false
		}
	}
	return true
}

// shortGap is what "~" stands for: up to eight characters that do not
// end a sentence.
const shortGap = `[^。．.！!？?\n]{0,8}`

// longGap is what "~~" stands for: up to 24 characters of the same
// sentence, for English that puts words between ("account~~suspended":
// "account has been temporarily suspended").
const longGap = `[^。．.！!？?\n]{0,24}`

// find returns the phrase as the folded text has it, or "".
func (p listPhrase) find(text string) string {
	if p.gapped != nil {
		// The regexp starts with the lead, a literal: Go's regexp skips to
		// its occurrences by itself (LiteralPrefix).
		return p.gapped.FindString(text)
	}
	if strings.Contains(text, p.plain) {
		return p.written
	}
	return ""
}

// findPhrases folds text and finds in it the first phrase of each category
// of list: found by category, and "category: “phrase”" for each in the
// list's order.
func findPhrases(list phraseList, text string) (found map[string]string, evidence []string) {
	return findFolded(list, foldPhrasing(text))
}

// findFolded is findPhrases for text already folded by foldPhrasing.
func findFolded(list phraseList, text string) (found map[string]string, evidence []string) {
	return findFoldedIn(list, text, list.keys.in(text))
}

// findFoldedIn is findFolded given which of the list's keys the text
// holds (list.keys.in(text), or phraseKeysIn).
func findFoldedIn(list phraseList, text string, present []bool) (found map[string]string, evidence []string) {
	found = map[string]string{}
	for i, p := range list.phrases {
		if _, done := found[p.category]; done || !list.mayHold(present, i) {
			continue
		}
		if f := p.find(text); f != "" {
			found[p.category] = f
			evidence = append(evidence, p.category+": “"+f+"”")
		}
	}
	return found, evidence
}

// loadPhrases reads a "category | phrase" list of assets/.
func loadPhrases(file string) phraseList {
	var out []listPhrase
	var keys []string
	var parts [][]string // the parts after the lead of each phrase, by index
	for _, l := range assets.Lines(file) {
		cat, phrase, ok := strings.Cut(l, "|")
		if !ok {
			continue
		}
		p := listPhrase{category: strings.TrimSpace(cat), written: strings.TrimSpace(phrase)}
		written := strings.ReplaceAll(strings.ReplaceAll(p.written, "~~", "\x01"), "~", "\x00")
		folded := foldPhrasing(written)
		if strings.ContainsAny(folded, "\x00\x01") {
			var re strings.Builder
			for _, r := range folded {
				switch r {
				case 0:
					re.WriteString(shortGap)
				case 1:
					re.WriteString(longGap)
				default:
					re.WriteString(regexp.QuoteMeta(string(r)))
				}
			}
			p.gapped = regexp.MustCompile(re.String())
			pieces := strings.Split(strings.ReplaceAll(folded, "\x01", "\x00"), "\x00")
			p.lead = pieces[0]
			keys = append(keys, p.lead)
			var more []string
			for _, piece := range pieces[1:] {
				if len(piece) >= 4 {
					more = append(more, piece)
				}
			}
			parts = append(parts, more)
		} else {
			p.plain = folded
			keys = append(keys, p.plain)
			parts = append(parts, nil)
		}
		out = append(out, p)
	}
	list := phraseList{phrases: out, parts: make([][]int, len(out))}
	for i, more := range parts {
		for _, piece := range more {
			list.parts[i] = append(list.parts[i], len(keys))
			keys = append(keys, piece)
		}
	}
	list.keys = newSubstrings(keys)
	return list
}
