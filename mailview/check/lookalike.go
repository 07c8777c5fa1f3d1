package check

import (
	"fmt"
	"mailsafe/mailview/safedoc"
	"sort"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// FindingLookalikeDomain is a sender, reply or link domain made to look like
// the reader's own or a contact's.
const FindingLookalikeDomain ID = "lookalike-domain"

// protectedDomains are the domains a look-alike would imitate: the reader's
// own and those of the reader's contacts (free mail excluded: everyone has
// those, and near names there are their own users).
func protectedDomains(reader Reader) []string {
	seen := map[string]bool{}
	for d := range ourDomains(reader) {
		seen[d] = true
	}
	for _, c := range reader.Contacts {
		if d := safedoc.RegistrableDomain(c.Domain()); d != "" && !isFreemail(d) {
			seen[d] = true
		}
	}
	out := make([]string, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// lookalikeFinding checks the From and Reply-To domains and every link host.
func lookalikeFinding(v *Mail, reader Reader) (Finding, bool) {
	protected := protectedDomains(reader)
	if len(protected) == 0 && reader.History == nil {
		return Finding{}, false
	}
	type cand struct{ where, host string }
	var cands []cand
	for _, a := range v.From {
		cands = append(cands, cand{"From", a.Domain()})
	}
	for _, a := range v.ReplyTo {
		cands = append(cands, cand{"Reply-To", a.Domain()})
	}
	for _, l := range v.Links {
		if l.Host != "" {
			cands = append(cands, cand{"link", l.Host})
		}
	}
	var evidence []string
	imitated := map[string]bool{}
	seen := map[string]bool{}
	for _, c := range cands {
		d := safedoc.RegistrableDomain(c.host)
		if d == "" || seen[c.where+d] {
			continue
		}
		seen[c.where+d] = true
		// The correspondents' domains, from the history's index: only
		// those d could imitate (history.go).
		for _, p := range append(protected, reader.History.lookalikeCandidates(d)...) {
			if why := imitates(d, p); why != "" {
				evidence = append(evidence, fmt.Sprintf("%s %s imitates %s (%s)", c.where, displayDomain(d), p, why))
				imitated[p] = true
				break
			}
		}
	}
	if len(evidence) == 0 {
		return Finding{}, false
	}
	names := make([]string, 0, len(imitated))
	for p := range imitated {
		names = append(names, p)
	}
	sort.Strings(names)
	list := strings.Join(names, ", ")
	return Finding{
		ID: FindingLookalikeDomain, Severity: SeverityDanger, Category: CategorySender, Evidence: evidence,
		Title: Text{EN: "A domain imitates " + list, JA: list + "に似せたドメインがあります"},
		Detail: Text{
			EN: "A domain in this message is made to look like " + list + " but belongs to someone else: a changed, added or swapped letter, a letter from another alphabet, or another ending. Do not reply or click; write to the real address you already know.",
			JA: "このメッセージには" + list + "に似せた別人のドメインがあります（文字の置き換え・追加・入れ替え、別の文字体系の文字、異なる末尾など）。返信やクリックをせず、既に知っている正しいアドレスに連絡してください。",
		},
	}, true
}

// imitates tells how domain d imitates protected domain p, or "" when it
// does not (or is p).
func imitates(d, p string) string {
	if d == p {
		return ""
	}
	du, pu := unicodeDomain(d), unicodeDomain(p)
	if foldASCII(skeleton(du)) == foldASCII(skeleton(pu)) {
		if du != skeleton(du) {
			return "look-alike letters"
		}
		return "look-alike spelling"
	}
	dl, ds := splitSuffix(d)
	pl, ps := splitSuffix(p)
	switch {
	case dl == pl && ds != ps:
		return "same name, other ending ." + ds
	case strings.ReplaceAll(dl, "-", "") == strings.ReplaceAll(pl, "-", ""):
		return "hyphen added or removed"
	case len(pl) >= 4 && editDistance(foldASCII(skeleton(unicodeDomain(dl))), foldASCII(pl)) == 1:
		return "one letter changed, added, removed or swapped"
	}
	return ""
}

// skeleton maps every character to the ASCII letter or digit it reads as
// (Unicode TR39 confusables), keeping the others.
func skeleton(s string) string {
	lk := facts().lookalike
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if a, ok := lk[r]; ok {
			b.WriteRune(a)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// asciiPairs are the letter pairs that read as one letter (a Replacer is
// immutable and safe for concurrent use).
var asciiPairs = strings.NewReplacer("rn", "m", "vv", "w", "cl", "d")

// foldASCII folds the confusions among ASCII letters themselves: digits
// that read as letters, and letter pairs that read as one.
func foldASCII(s string) string {
	s = asciiPairs.Replace(s)
	return strings.Map(func(r rune) rune {
		switch r {
		case '0':
			return 'o'
		case '1', 'i':
			return 'l'
		case '5':
			return 's'
		}
		return r
	}, s)
}

func unicodeDomain(d string) string {
	if u, err := idna.Lookup.ToUnicode(d); err == nil {
		return u
	}
	return d
}

func displayDomain(d string) string {
	if u := unicodeDomain(d); u != d {
		return d + " (" + u + ")"
	}
	return d
}

// splitSuffix splits a registrable domain into its name and public suffix.
func splitSuffix(d string) (name, suffix string) {
	suffix, _ = publicsuffix.PublicSuffix(d)
	name = strings.TrimSuffix(strings.TrimSuffix(d, suffix), ".")
	return name, suffix
}

// editDistance is the Damerau-Levenshtein distance (with adjacent swaps).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if abs(len(ra)-len(rb)) > 1 {
		return 2 // more than one edit apart: no need to count
	}
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
