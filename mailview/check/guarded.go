package check

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// guardedRegexp is a regexp with the characters one of which every match
// holds (a colon, an "@", a dot): text with none of them is answered
// without running the regexp, as most subjects, names and lines are. The
// characters are written beside the expression they follow from, and
// TestGuardsAgreeWithRegexps and FuzzGuards check each pair.
type guardedRegexp struct {
	re   *regexp.Regexp
	need string // every match holds one of these characters
}

func mustGuard(expr, need string) guardedRegexp {
	if need == "" || !utf8.ValidString(need) || strings.ContainsRune(need, utf8.RuneError) {
		panic("mustGuard: the needed characters must be valid UTF-8 without U+FFFD: " + need)
	}
	return guardedRegexp{re: regexp.MustCompile(expr), need: need}
}

// may tells whether s can hold a match: strings.ContainsAny(s, g.need),
// asked one character at a time. ContainsAny with a character outside
// ASCII in the set ("：") decodes s rune by rune, a body's 20 KB for a
// forward's header lines; ContainsRune finds each character with a byte
// search. The two agree because need is valid UTF-8 without U+FFFD
// (mustGuard): a valid character's bytes are found in s exactly where
// decoding s meets that character, as no other character's bytes can run
// into a lead byte (FuzzGuardMay).
func (g guardedRegexp) may(s string) bool {
	for _, r := range g.need {
		if strings.ContainsRune(s, r) {
			return true
		}
	}
	return false
}

func (g guardedRegexp) FindString(s string) string {
	if !g.may(s) {
		return ""
	}
	return g.re.FindString(s)
}

func (g guardedRegexp) FindStringSubmatch(s string) []string {
	if !g.may(s) {
		return nil
	}
	return g.re.FindStringSubmatch(s)
}

func (g guardedRegexp) FindAllString(s string, n int) []string {
	if !g.may(s) {
		return nil
	}
	return g.re.FindAllString(s, n)
}
