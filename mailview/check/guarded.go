package check

import (
	"regexp"
	"strings"
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
	return guardedRegexp{re: regexp.MustCompile(expr), need: need}
}

// may tells whether s can hold a match.
func (g guardedRegexp) may(s string) bool { return strings.ContainsAny(s, g.need) }

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
