package check

// Brand impersonation: a message that speaks as a well-known brand
// (assets/brands.txt) from an address that is not the brand's.

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"

	"mailsafe/assets"
	"mailsafe/mailview/message"
	"mailsafe/mailview/safedoc"
)

// FindingBrandImpersonation: the message claims a known brand from a domain
// that is not the brand's.
const FindingBrandImpersonation ID = "brand-impersonation"

// brand is one line of assets/brands.txt.
type brand struct {
	name    string
	domains []string // registrable domains, as listed
	// hosts are listed names below a registrable domain that is not the
	// brand's: a mail service's host the brand alone sends from
	// ("mail-jcn.dnp-cdms.jp"). They and their subdomains are the brand's.
	hosts []string
	names []brandName
}

// brandName is one name a brand goes by in mail, normalised (see brandFold).
type brandName struct {
	text      string // lower-cased unless ambiguous
	ambiguous bool   // counts only as the whole sender name, case as written
	// senderOnly names speak for the brand only in the sender name: a
	// person in the news, whose name opening a subject is a headline.
	senderOnly bool
	key        int // its index in the brand names searched in a body (brandIndex)
}

// brandIndex finds which brand names a message holds, in one pass over
// each place, and so which brands it may speak as at all.
type brandIndex struct {
	// names are every brand's names, numbered by brandName.key.
	names *substrings
	// cased are the ambiguous names as written and in capitals: what
	// wholeSenderName looks for in a sender name.
	cased *substrings
	// nameBrand and casedBrand are the brand (its index) of each pattern
	// of names and of cased.
	nameBrand, casedBrand []int
	// byDomain are the brands (index, in order) on each registrable
	// domain; withHosts the brands with listed hosts (brand.hosts).
	byDomain  map[string][]int
	withHosts []int
}

func newBrandIndex(brands []brand) brandIndex {
	x := brandIndex{byDomain: map[string][]int{}}
	var names, cased []string
	for i := range brands {
		for _, d := range brands[i].domains {
			if l := x.byDomain[d]; len(l) == 0 || l[len(l)-1] != i {
				x.byDomain[d] = append(l, i)
			}
		}
		if len(brands[i].hosts) > 0 {
			x.withHosts = append(x.withHosts, i)
		}
		for j := range brands[i].names {
			n := &brands[i].names[j]
			n.key = len(names)
			names = append(names, n.text)
			x.nameBrand = append(x.nameBrand, i)
			if n.ambiguous {
				cased = append(cased, n.text)
				x.casedBrand = append(x.casedBrand, i)
				if upper := strings.ToUpper(n.text); upper != n.text {
					cased = append(cased, upper)
					x.casedBrand = append(x.casedBrand, i)
				}
			}
		}
	}
	x.names, x.cased = newSubstrings(names), newSubstrings(cased)
	return x
}

// lastOwner is the last of brands (by index) that owns h (brand.ownsHostOf),
// -1 for none: one on h's registrable domain, or with h among its hosts.
func (x brandIndex) lastOwner(brands []brand, h brandHost) int {
	if h.host == "" {
		return -1
	}
	last := -1
	if l := x.byDomain[h.domain]; h.domain != "" && len(l) > 0 {
		last = l[len(l)-1]
	}
	for _, i := range x.withHosts {
		if i > last && brands[i].ownsHostOf(h) {
			last = i
		}
	}
	return last
}

// claimable lists, in order, the brands the places name at all: a name of
// theirs in a sender name, the subject or the body (names), or an
// ambiguous name of theirs, as written or in capitals, in a sender name
// (cased). claimOf finds no claim of any other brand.
func (x brandIndex) claimable(at claimPlaces, brands int) []int {
	maybe := make([]bool, brands)
	mark := func(found []bool, brandOf []int) {
		for k, ok := range found {
			if ok {
				maybe[brandOf[k]] = true
			}
		}
	}
	for _, dn := range at.names {
		mark(dn.holds, x.nameBrand)
		mark(dn.cased, x.casedBrand)
	}
	mark(at.inSubject, x.nameBrand)
	mark(at.inBody, x.nameBrand)
	var out []int
	for i, ok := range maybe {
		if ok {
			out = append(out, i)
		}
	}
	return out
}

func loadBrands(look map[rune]rune) []brand {
	var out []brand
	for _, l := range assets.Lines("brands.txt") {
		cols := strings.Split(l, "|")
		if len(cols) < 3 {
			continue
		}
		b := brand{name: strings.TrimSpace(cols[0])}
		for _, d := range strings.Split(cols[1], ",") {
			d = strings.ToLower(strings.TrimSpace(d))
			switch {
			case d == "":
			case safedoc.RegistrableDomain(d) != d:
				b.hosts = append(b.hosts, d)
			default:
				b.domains = append(b.domains, d)
			}
		}
		for _, n := range strings.Split(cols[2], ",") {
			n = strings.TrimSpace(n)
			amb := strings.HasPrefix(n, "~")
			only := strings.HasPrefix(n, "^")
			n = brandFoldWith(strings.TrimLeft(n, "~^"), look, false)
			if n == "" {
				continue
			}
			if !amb {
				n = strings.ToLower(n)
			}
			b.names = append(b.names, brandName{text: n, ambiguous: amb, senderOnly: only})
		}
		if b.name != "" && len(b.domains) > 0 && len(b.names) > 0 {
			out = append(out, b)
		}
	}
	return out
}

func (b brand) owns(domain string) bool {
	return domain != "" && slices.Contains(b.domains, domain)
}

// ownsHost tells whether a host name is the brand's: on one of its
// registrable domains, or one of its listed hosts or below one.
func (b brand) ownsHost(host string) bool { return b.ownsHostOf(hostOfBrand(host)) }

// brandHost is a host name as it is compared with every brand's: lower
// case, without a final dot, with its registrable domain worked out once.
type brandHost struct{ host, domain string }

func hostOfBrand(host string) brandHost {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" {
		return brandHost{}
	}
	return brandHost{host: host, domain: safedoc.RegistrableDomain(host)}
}

func (b brand) ownsHostOf(h brandHost) bool {
	if h.host == "" {
		return false
	}
	if b.owns(h.domain) {
		return true
	}
	for _, d := range b.hosts {
		if h.host == d || strings.HasSuffix(h.host, "."+d) {
			return true
		}
	}
	return false
}

// brandFold undoes the disguises phishing puts on a brand's name: width and
// compatibility forms (fullwidth, mathematical letters), combining marks and
// invisible characters strewn between letters, and letters of other scripts
// that read as Latin ones ("МetaМask" with Cyrillic М). Case is kept.
func brandFold(s string) string {
	f := facts()
	if !f.lookalikeASCII && isASCII(s) {
		// Nothing but capitalIForL changes ASCII: width and NFKC leave it,
		// it has no marks nor format characters, and no lookalike is ASCII.
		return capitalIForL(s)
	}
	return brandFoldWith(s, f.lookalike, !f.lookalikeASCII)
}

// brandFoldLower is brandFold in lower case (strings.ToLower of it), in
// the one pass over the characters that folds them: the subject and the
// body are compared with the brands' names so.
func brandFoldLower(s string) string {
	f := facts()
	if !f.lookalikeASCII && isASCII(s) {
		return lowerIForL(s)
	}
	return brandFoldCase(s, f.lookalike, !f.lookalikeASCII, true)
}

// lowerIForL is strings.ToLower(capitalIForL(s)) for ASCII s: a run of
// capital I after a lower-case letter and before no capital is "l", any
// other capital its lower case.
func lowerIForL(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && (s[j] < 'A' || s[j] > 'Z') {
			j++
		}
		if j == len(s) && b.Cap() == 0 {
			return s // no capital
		}
		b.Grow(len(s))
		b.WriteString(s[i:j])
		if j == len(s) {
			break
		}
		if s[j] != 'I' {
			b.WriteByte(s[j] + 'a' - 'A')
			i = j + 1
			continue
		}
		k := j
		for k < len(s) && s[k] == 'I' {
			k++
		}
		c := byte('i')
		if j > 0 && 'a' <= s[j-1] && s[j-1] <= 'z' && (k == len(s) || s[k] < 'A' || s[k] > 'Z') {
			c = 'l'
		}
		for ; j < k; j++ {
			b.WriteByte(c)
		}
		i = k
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// asciiPlain says look has no ASCII character, so ASCII is written as it
// is without looking it up.
func brandFoldWith(s string, look map[rune]rune, asciiPlain bool) string {
	return brandFoldCase(s, look, asciiPlain, false)
}

// brandFoldCase is brandFoldWith, in lower case when lower is set.
func brandFoldCase(s string, look map[rune]rune, asciiPlain, lower bool) string {
	// "™" would become the letters "TM" and glue itself to the name.
	s = norm.NFKC.String(width.Fold.String(strings.ReplaceAll(s, "™", "®")))
	s = capitalIForL(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case asciiPlain && r < 0x80:
			if lower && 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r):
			continue
		case r < 0x3000 || r >= 0xFF00:
			if a, ok := look[r]; ok {
				if unicode.IsUpper(r) {
					a = unicode.ToUpper(a)
				}
				r = a
			}
		}
		if lower {
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// capitalIForL reads a run of capital I between lower-case letters as the
// lower-case l it imitates in most fonts ("WaIIet", "PaypaI" at a word's
// end after lower case): no word is spelt that way. Text with an I is
// returned with each invalid byte as U+FFFD; text without one as it is.
// It works on the bytes (I and l are ASCII) and copies the text only when
// it changes an I.
func capitalIForL(s string) string {
	i := strings.IndexByte(s, 'I')
	if i < 0 {
		return s
	}
	if !utf8.ValidString(s) {
		s = string([]rune(s))
		i = strings.IndexByte(s, 'I')
	}
	var out []byte // a copy of s, made at the first change
	for {
		j := i
		for j < len(s) && s[j] == 'I' {
			j++
		}
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			next, _ := utf8.DecodeRuneInString(s[j:])
			if unicode.IsLower(prev) && (j == len(s) || unicode.IsLower(next) || !unicode.IsLetter(next)) {
				if out == nil {
					out = []byte(s)
				}
				for k := i; k < j; k++ {
					out[k] = 'l'
				}
			}
		}
		k := strings.IndexByte(s[j:], 'I')
		if k < 0 {
			break
		}
		i = j + k
	}
	if out == nil {
		return s
	}
	return string(out)
}

// latinWord reports whether r continues a Latin word: a name like "Amazon"
// is found in "Amazonをご利用" but not in "amazonian".
func latinWord(r rune) bool {
	return r < 0x3000 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// findName returns the byte offsets where name occurs in text as a whole
// word (for names that start or end in a Latin letter or digit).
func findName(text, name string) []int {
	var out []int
	for from := 0; from <= len(text)-len(name); {
		i := strings.Index(text[from:], name)
		if i < 0 {
			break
		}
		i += from
		from = i + 1
		first, _ := firstRune(name)
		last := lastRune(name)
		if latinWord(first) {
			if p := lastRune(text[:i]); p != 0 && latinWord(p) {
				continue
			}
		}
		if latinWord(last) {
			if n, ok := firstRune(text[i+len(name):]); ok && latinWord(n) {
				continue
			}
		}
		out = append(out, i)
	}
	return out
}

func firstRune(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

// lastRune is the last character of s (0 for none), decoded from the end:
// the text before a match can be long, and only its last character counts.
func lastRune(s string) rune {
	if s == "" {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// serviceWords are what a brand's sender name may carry beside the name
// itself: "Apple Support", "Chase Alerts", "楽天お客様センター".
var serviceWords = []string{
	"customer", "service", "services", "support", "team", "security", "account", "accounts", "alert", "alerts",
	"notification", "notifications", "notice", "online", "help", "helpdesk", "center", "centre", "care", "info",
	"information", "official", "member", "members", "billing", "id", "mail", "update", "updates", "no-reply",
	"noreply", "japan", "jp", "inc", "co", "ltd", "bank", "card", "pay", "store", "the", "from", "via",
	"e-mail", "email", "communications", "news", "newsletter", "finance", "wallet",
	"お客様センター", "お客様", "カスタマーセンター", "カスタマーサービス", "カスタマーサポート", "カスタマー",
	"サポートセンター", "サポート", "サービス", "センター", "事務局", "公式", "お知らせ", "通知", "セキュリティ", "会員",
	"窓口", "運営", "株式会社", "カード", "銀行", "からのお知らせ",
}

// wholeSenderName reports whether name (case as written) makes up the
// whole display name, alone or with service words.
func wholeSenderName(display, name string) bool {
	if len(findName(display, name)) == 0 {
		if upper := strings.ToUpper(name); upper != name && len(findName(display, upper)) > 0 {
			name = upper // "LEDGER", "APPLE"
		} else {
			return false
		}
	}
	at := strings.Index(display, name)
	rest := strings.ToLower(display[:at] + " " + display[at+len(name):])
	// A person of the brand signing for it: "Katie from Ledger", "Ken at
	// Chase" (one or two names before "from" or "at", right before the brand).
	if before := strings.Fields(strings.ToLower(display[:at])); len(before) >= 2 && len(before) <= 3 &&
		(before[len(before)-1] == "from" || before[len(before)-1] == "at") {
		rest = strings.ToLower(display[at+len(name):])
	}
	for _, w := range serviceWords {
		if latinWord(lastRune(w)) {
			continue
		}
		rest = strings.ReplaceAll(rest, w, " ")
	}
	for _, f := range strings.FieldsFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !slices.Contains(serviceWords, f) {
			return false
		}
	}
	return true
}

// claimWordsAfter follow a brand's name where the sender speaks as the
// brand: "PayPal account", "Amazon.co.jp: ", "楽天カードからのお知らせ".
var claimWordsAfter = []string{
	"account", "accounts", "id", "security", "support", "team", "service", "services", "customer", "password",
	"login", "log-in", "sign-in", "signin", "verification", "billing", "payment", "invoice", "order", "membership",
	"subscription", "wallet", "notification", "notice", "alert", "update", "statement", "delivery", "shipment", "package",
	"parcel", "refund", "suspended", "locked", "limited", "verify", "confirm",
	"アカウント", "会員", "ご利用", "お客様", "カスタマー", "ログイン", "パスワード", "お支払", "支払", "決済", "認証",
	"セキュリティ", "サポート", "事務局", "からのお知らせ", "より", "お知らせ", "重要", "緊急", "本人確認", "利用確認",
	"ご請求", "請求", "配達", "お届け", "不在", "荷物", "停止", "制限", "更新", "確認",
}

// subjectClaim reports whether the subject speaks as the brand: the name
// opens it (alone, bracketed, or before a colon or dash), is addressed to
// the reader ("your PayPal"), or comes right before an account word.
func subjectClaim(subject, name string) bool {
	for _, i := range findName(subject, name) {
		before := strings.TrimSpace(subject[:i])
		after := subject[i+len(name):]
		trimmed := strings.TrimLeft(after, " \t")
		// Opening the subject, possibly after bracketed tags like "【重要】".
		if strings.TrimFunc(stripTags(before), func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) }) == "" {
			if trimmed == "" || strings.ContainsAny(firstOf(trimmed), ":：-–—|】]」)®") || startsWithAny(trimmed, claimWordsAfter) {
				return true
			}
		}
		if strings.HasSuffix(before, "your") || strings.HasSuffix(before, "あなたの") {
			return true
		}
		if startsWithAny(trimmed, claimWordsAfter) {
			return true
		}
		if strings.HasSuffix(before, "【") || strings.HasSuffix(before, "[") {
			if strings.HasPrefix(trimmed, "】") || strings.HasPrefix(trimmed, "]") {
				return true
			}
		}
	}
	return false
}

// stripTags drops bracketed tags: "【重要】", "[notice]".
func stripTags(s string) string {
	for _, p := range [][2]string{{"【", "】"}, {"[", "]"}, {"「", "」"}, {"(", ")"}, {"<", ">"}} {
		for {
			i := strings.Index(s, p[0])
			if i < 0 {
				break
			}
			j := strings.Index(s[i:], p[1])
			if j < 0 {
				break
			}
			s = s[:i] + s[i+j+len(p[1]):]
		}
	}
	return s
}

func firstOf(s string) string {
	r, _ := firstRune(s)
	return string(r)
}

func startsWithAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			if latinWord(lastRune(w)) {
				if n, ok := firstRune(s[len(w):]); ok && latinWord(n) {
					continue
				}
			}
			return true
		}
	}
	return false
}

// bodyClaim reports whether the body speaks as the brand: it signs as the
// brand's team or service, carries its copyright line, addresses the
// brand's customers, or thanks the reader for using it ("Amazon.co.jpを
// ご利用いただき"). A brand merely named (paid with PayPal, a link to
// amazon.com) is not a claim.
func bodyClaim(body, name string) (string, bool) {
	for _, i := range findName(body, name) {
		before := strings.TrimRight(body[max(0, i-24):i], " \t")
		after := strings.TrimLeft(body[i+len(name):], " \t")
		if startsWithAny(after, []string{
			"team", "account team", "security team", "support team", "customer service", "customer support",
			"customer care", "security", "support", "をご利用いただき", "をご利用頂き", "をご利用のお客様", "会員様", "会員の皆様",
			"カスタマーセンター", "カスタマーサービス", "カスタマーサポート", "お客様センター", "事務局", "サポートセンター",
		}) {
			return clipAround(body, i, name), true
		}
		if strings.HasSuffix(before, "the") && startsWithAny(after, []string{"team"}) ||
			strings.HasSuffix(before, "dear") && startsWithAny(after, []string{"customer", "user", "member", "client"}) ||
			hasCopyright(before) {
			return clipAround(body, i, name), true
		}
	}
	return "", false
}

func hasCopyright(before string) bool {
	before = strings.TrimRight(strings.TrimRight(before, "0123456789-–, "), " ")
	return strings.HasSuffix(before, "©") || strings.HasSuffix(before, "(c)") || strings.HasSuffix(before, "copyright")
}

func clipAround(s string, i int, name string) string {
	start, end := max(0, i-30), min(len(s), i+len(name)+40)
	for start > 0 && !utf8Start(s[start]) {
		start--
	}
	for end < len(s) && !utf8Start(s[end]) {
		end++
	}
	return strings.Join(strings.Fields(s[start:end]), " ")
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// claimHead and claimTail bound the body text searched for a brand speaking
// as the sender: it greets at the top and signs at the bottom, and a long
// mail must not cost a search per brand name over all of it.
const (
	claimHead = 16 << 10
	claimTail = 4 << 10
)

// claimText is the top and the bottom of a body text.
func claimText(text string) string {
	if len(text) <= claimHead+claimTail {
		return text
	}
	head, tail := claimHead, len(text)-claimTail
	for head > 0 && !utf8Start(text[head]) {
		head--
	}
	for tail < len(text) && !utf8Start(text[tail]) {
		tail++
	}
	return text[:head] + "\n" + text[tail:]
}

// brandClaim is where a message speaks as one brand.
type brandClaim struct {
	brand *brand
	where string // "sender name", "subject", "body"
	text  string
	name  string // the name found
}

// brandFinding flags a message that speaks as a known brand (in the sender
// name, as the subject's author, or signing the body as the brand) while
// its From address is not on one of the brand's domains. Mail from any
// listed brand's own domain, or signed (DKIM) by one, is left alone: a
// brand naming another in passing impersonates no one.
func brandFinding(v *Mail, reader Reader) (Finding, bool) {
	brands := facts().brands
	fromAddr := v.fromMailbox()
	fromHost := fromAddr.Domain()
	fromDomain := safedoc.RegistrableDomain(fromHost)
	auth := v.auth
	authFailed := auth.present && auth.dmarc == "fail"
	personal := fromHost == "" || isFreemail(fromHost)
	var owner *brand // the listed brand whose domain the From address is on
	if !personal {
		x := facts().brandNames
		for _, d := range auth.dkimDomains {
			if x.lastOwner(brands, hostOfBrand(d)) >= 0 {
				return Finding{}, false
			}
		}
		if i := x.lastOwner(brands, hostOfBrand(fromHost)); i >= 0 {
			owner = &brands[i]
		}
	}
	// Mail from a brand's own domain is the brand's, unless the domain's
	// owner says otherwise (DMARC): then it is a forgery of that brand.
	if owner != nil && !authFailed {
		return Finding{}, false
	}

	var names []senderName
	for _, a := range v.From {
		if a.Name != "" {
			names = append(names, senderNameOf(a.Name))
		}
	}
	h := v.Message.Header
	// A reply or a forward quotes someone else's words, and a mailing list's
	// subjects are its topics: only the sender name speaks for them.
	subject, body := "", ""
	if replyPrefix.FindString(v.Subject) == "" {
		body = brandFoldLower(claimText(v.text))
		if !h.Has("List-Id") && !h.Has("List-Post") {
			subject = brandFoldLower(v.Subject)
		}
	}

	// Here the From domain is no brand's, or a brand's that disowns the
	// message: any brand it speaks as is claimed from elsewhere.
	where := claimPlaces{names: names, subject: subject, body: body,
		inSubject: facts().brandNames.names.in(subject), inBody: facts().brandNames.names.in(body)}
	var claims []brandClaim
	for _, i := range facts().brandNames.claimable(where, len(brands)) {
		b := &brands[i]
		c, ok := claimOf(b, where)
		if ok {
			claims = append(claims, c)
		}
	}
	claims = longestClaims(claims)
	if len(claims) == 0 {
		return Finding{}, false
	}
	c := claims[0]

	// What is not the brand's: the From address, Reply-To, links.
	evidence := []string{fmt.Sprintf("%s (%s: %s)", c.brand.name, c.where, message.Clip(c.text, 120))}
	if fromAddr.Addr != "" {
		evidence = append(evidence, "From: "+fromAddr.Addr)
	} else {
		evidence = append(evidence, "From: (no address)")
	}
	danger := false
	for _, rt := range v.ReplyTo {
		if d := safedoc.RegistrableDomain(rt.Domain()); d != "" && !c.brand.ownsHost(rt.Domain()) && d != fromDomain {
			evidence = append(evidence, "Reply-To: "+rt.Addr)
			danger = danger || isFreemail(d)
			break
		}
	}
	offBrand := map[string]bool{}
	var offList []string
	for _, l := range v.Links {
		if !isWeb(l.Parsed) || l.Domain == "" || l.Kind == safedoc.LinkPing {
			continue
		}
		if !c.brand.ownsHost(l.Host) && !offBrand[l.Domain] {
			offBrand[l.Domain] = true
			offList = append(offList, l.Domain)
		}
	}
	if len(offList) > 0 {
		danger = true
		if len(offList) > 3 {
			offList = append(offList[:3], "…")
		}
		evidence = append(evidence, "links to: "+strings.Join(offList, ", "))
	}
	if authFailed {
		danger = true
		evidence = append(evidence, auth.evidence...)
	}
	real := append(slices.Clone(c.brand.domains), c.brand.hosts...)
	if len(real) > 4 {
		real = append(real[:4:4], "…")
	}
	evidence = append(evidence, c.brand.name+": "+strings.Join(real, ", "))

	sender := fromDomain
	if sender == "" {
		sender = "an unknown address"
	}
	title := Text{
		EN: "Claims to be " + c.brand.name + " but comes from " + sender,
		JA: c.brand.name + "を名乗っていますが、送信元は" + sender + "です",
	}
	first := Text{
		EN: c.brand.name + " writes from its own domains (" + strings.Join(real, ", ") + "); this message does not.",
		JA: c.brand.name + "は自社のドメイン（" + strings.Join(real, ", ") + "）から送信しますが、このメッセージは違います。",
	}
	if owner != nil && c.brand == owner {
		first = Text{
			EN: "The From line shows " + fromAddr.Addr + ", but the domain's own published rules (DMARC) reject this message: someone else wrote that address.",
			JA: "差出人は" + fromAddr.Addr + "ですが、ドメイン所有者の公開ルール（DMARC）はこのメッセージを正規と認めていません。別人がそのアドレスを名乗っています。",
		}
		title = Text{
			EN: "Claims to be " + c.brand.name + ", but " + fromDomain + " says it did not send it",
			JA: c.brand.name + "を名乗っていますが、" + fromDomain + "はこのメッセージを送っていないと判定されました",
		}
	}
	f := Finding{
		ID: FindingBrandImpersonation, Severity: SeverityWarn, Category: CategorySender, Evidence: evidence,
		Title: title,
		Detail: Text{
			EN: first.EN + " " +
				"Phishing borrows well-known names so that a request to sign in, pay or confirm details feels routine. " +
				"Do not use its links or reply; open " + c.brand.name + "'s site or app the way you usually do and check there.",
			JA: first.JA +
				"フィッシングは有名な名前を借りて、ログイン・支払い・情報確認の依頼をいつもの連絡のように見せかけます。" +
				"リンクや返信は使わず、普段どおりの方法で" + c.brand.name + "の公式サイトやアプリを開いて確認してください。",
		},
	}
	if danger {
		f.Severity = SeverityDanger
		f.Detail.EN += " Its links or replies lead away from " + c.brand.name + ", or your mail server found its sender forged."
		f.Detail.JA += " リンクや返信先が" + c.brand.name + "以外に向かっているか、受信サーバーが送信者の偽装を検出しています。"
	}
	return f, true
}

// senderName is a display name of the From line, folded (brandFold), that
// in lower case, which brand names (by brandName.key) that holds at all,
// and which ambiguous names the folded name holds (brandIndex.cased).
type senderName struct {
	folded, lower string
	holds, cased  []bool
}

func senderNameOf(display string) senderName {
	n := brandFold(display)
	lower := strings.ToLower(n)
	x := facts().brandNames
	return senderName{folded: n, lower: lower, holds: x.names.in(lower), cased: x.cased.in(n)}
}

// claimPlaces are the places a message may speak as a brand, folded, with
// which brand names (by brandName.key) the subject and body hold at all.
type claimPlaces struct {
	names             []senderName
	subject, body     string
	inSubject, inBody []bool
}

// claimOf finds where the message speaks as b, if anywhere. A name not in
// a text at all is not looked for there word by word.
func claimOf(b *brand, at claimPlaces) (brandClaim, bool) {
	for _, n := range b.names {
		for _, dn := range at.names {
			if n.ambiguous && wholeSenderName(dn.folded, n.text) || !n.ambiguous && dn.holds[n.key] && len(findName(dn.lower, n.text)) > 0 {
				return brandClaim{b, "sender name", dn.folded, n.text}, true
			}
		}
	}
	for _, n := range b.names {
		if !n.ambiguous && !n.senderOnly && at.subject != "" && at.inSubject[n.key] && subjectClaim(at.subject, n.text) {
			return brandClaim{b, "subject", at.subject, n.text}, true
		}
	}
	for _, n := range b.names {
		if n.ambiguous || n.senderOnly || !at.inBody[n.key] {
			continue
		}
		if t, ok := bodyClaim(at.body, n.text); ok {
			return brandClaim{b, "body", t, n.text}, true
		}
	}
	return brandClaim{}, false
}

// longestClaims keeps the strongest claim: a sender name before a subject
// before a body, and of those the longest name ("Yahoo! JAPAN" over "Yahoo").
func longestClaims(claims []brandClaim) []brandClaim {
	rank := map[string]int{"sender name": 0, "subject": 1, "body": 2}
	best := -1
	for i, c := range claims {
		if best < 0 || rank[c.where] < rank[claims[best].where] ||
			rank[c.where] == rank[claims[best].where] && len(c.name) > len(claims[best].name) {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	return []brandClaim{claims[best]}
}
