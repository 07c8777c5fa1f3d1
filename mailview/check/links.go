package check

import (
	"fmt"
	"mailsafe/mailview/safedoc"
	"net"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// Finding ids about links.
const (
	FindingLinkMismatch  ID = "link-mismatch"
	FindingLinkIP        ID = "link-ip"
	FindingLinkHomograph ID = "link-homograph"
	FindingLinkShortener ID = "link-shortener"
	FindingFormInMail    ID = "form-in-mail"
)

// linkFindings checks every link: where it says it goes against where it
// goes, bare IP addresses in any notation, look-alike letters in host
// names, shorteners that hide the target, and forms that send what the
// reader types. One finding per id, with each offending link as evidence.
func linkFindings(v *Mail) []Finding {
	byID := map[ID][]string{}
	add := func(id ID, l *Link, note string) {
		l.Issues = appendOnce(l.Issues, id)
		line := fmt.Sprintf("%q → %s", l.Text, l.URL)
		if t := l.Target; t.Unwrapped() {
			// The wrapper's long address says nothing; where it leads does.
			line = fmt.Sprintf("%q → %s", l.Text, t.URL)
			note = joinNotes("unwrapped from "+strings.Join(t.Wrappers, " → "), note)
		}
		if note != "" {
			line += "  (" + note + ")"
		}
		byID[id] = append(byID[id], line)
	}
	for i := range v.Links {
		l := &v.Links[i]
		if l.Kind == safedoc.LinkForm {
			add(FindingFormInMail, l, "")
			continue
		}
		// Every check reads where the link really goes: the target a known
		// wrapper carries (Safe Links, URL Defense, a Google redirect …).
		t := l.Target
		u := t.Parsed
		if !isWeb(u) {
			continue
		}
		host := t.Host
		if ip, form := hostIP(host); ip != "" {
			note := ip
			if form != "dotted" {
				note = form + " form of " + ip
			}
			add(FindingLinkIP, l, note)
		}
		if why := homograph(host); why != "" {
			add(FindingLinkHomograph, l, why)
		}
		if isShortener(host) {
			add(FindingLinkShortener, l, "")
		}
		if l.Kind == safedoc.LinkAnchor || l.Kind == safedoc.LinkArea || l.Kind == safedoc.LinkText {
			target := host
			switch {
			case t.Opaque != "":
				// The wrapper keeps the target to itself; only a domain it
				// states can be compared.
				target = t.OpaqueDomain
			case hasAny(l.Issues, IssueClickTracking):
				// A redirector's host says nothing; its final target does, when it shows.
				target = ""
				if ft := finalTarget(u); ft != "" {
					if tu, err := url.Parse(ft); err == nil {
						target = strings.ToLower(tu.Hostname())
					}
				}
			}
			if shown := shownHost(l.Text); shown != "" && target != "" && safedoc.RegistrableDomain(shown) != safedoc.RegistrableDomain(target) {
				add(FindingLinkMismatch, l, "shows "+shown+", goes to "+target)
			}
		}
	}
	var out []Finding
	for _, id := range []ID{FindingLinkMismatch, FindingLinkIP, FindingLinkHomograph, FindingLinkShortener, FindingFormInMail} {
		if ev := byID[id]; len(ev) > 0 {
			out = append(out, linkFinding(id, evidence(ev)))
		}
	}
	return out
}

func joinNotes(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	return a + "; " + b
}

// shownHost returns the host a link's text claims, when the text reads as a
// URL or a domain ("https://bank.example/login", "www.bank.example",
// "bank.example"), or "".
func shownHost(text string) string {
	if !strings.Contains(text, ".") {
		// The host must have a dot, and neither lower-casing nor URL
		// parsing makes one (a %2E in a host is an error).
		return ""
	}
	return parseShownHost(text)
}

// parseShownHost is shownHost without its quick test for a dot.
func parseShownHost(text string) string {
	t := strings.TrimSpace(strings.ToLower(text))
	if t == "" || strings.ContainsAny(t, " \t\n") {
		return ""
	}
	if strings.HasPrefix(t, "mailto:") || strings.Contains(t, "@") {
		return ""
	}
	if !strings.Contains(t, "://") {
		t = "http://" + t
	}
	u, err := url.Parse(t)
	if err != nil {
		return ""
	}
	h := strings.TrimSuffix(u.Hostname(), ".")
	if !strings.Contains(h, ".") {
		return ""
	}
	// The last label must be a real top-level domain (or one reserved for
	// examples and tests, RFC 2606), so "file.pdf" or "v2.0" do not count.
	if _, icann := publicsuffix.PublicSuffix(h); !icann && !strings.HasSuffix(h, ".example") && !strings.HasSuffix(h, ".test") {
		return ""
	}
	if ascii, err := idna.Lookup.ToASCII(h); err == nil {
		h = ascii
	}
	return h
}

// hostIP reads a host the way a browser does: an IPv6 literal, or an IPv4
// address in any of the notations browsers accept (dotted decimal, one
// decimal number, hexadecimal, octal, and mixes with fewer than four parts),
// which phishers use to hide that a link goes to a bare machine. It returns
// the address in dotted form and the notation, or "".
func hostIP(host string) (ip, form string) {
	for i := 0; i < len(host); i++ {
		if !ipHostByte(host[i]) {
			return "", "" // a byte no IP literal and no number part has
		}
	}
	return parseHostIP(host)
}

// parseHostIP is hostIP without its quick test of the host's bytes.
func parseHostIP(host string) (ip, form string) {
	if ip := net.ParseIP(strings.Trim(host, "[]")); ip != nil && strings.Contains(host, ":") {
		return ip.String(), "IPv6"
	}
	parts := strings.Split(host, ".")
	if len(parts) > 4 || len(parts) == 0 {
		return "", ""
	}
	var nums []uint64
	form = "dotted"
	for _, p := range parts {
		if p == "" {
			return "", ""
		}
		base := 10
		switch {
		case strings.HasPrefix(p, "0x"):
			base, p, form = 16, p[2:], "hexadecimal"
			if p == "" {
				p = "0"
			}
		case len(p) > 1 && p[0] == '0':
			base, p, form = 8, p[1:], "octal"
		}
		n, err := strconv.ParseUint(p, base, 64)
		if err != nil {
			return "", ""
		}
		nums = append(nums, n)
	}
	if len(nums) < 4 && form == "dotted" {
		form = "shortened"
		if len(nums) == 1 {
			form = "decimal"
		}
	}
	// The last part fills the remaining bytes.
	var addr uint64
	for i, n := range nums[:len(nums)-1] {
		if n > 255 {
			return "", ""
		}
		addr |= n << (8 * uint(3-i))
	}
	last := nums[len(nums)-1]
	if last >= 1<<(8*uint(5-len(nums))) {
		return "", ""
	}
	addr |= last
	return fmt.Sprintf("%d.%d.%d.%d", addr>>24, addr>>16&255, addr>>8&255, addr&255), form
}

// ipHostByte tells whether c can be part of a host hostIP reads: hex
// digits, the "x" of "0x", dots, and an IPv6 literal's colons and brackets.
func ipHostByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' || c == 'x' || c == '.' || c == ':' || c == '[' || c == ']'
}

// homograph tells why a host name reads as something it is not: a label
// that mixes Latin with Cyrillic or Greek letters, or a label written wholly
// in Cyrillic or Greek letters that all look Latin ("аррӏе"). Japanese,
// Chinese and Korean labels, which mix their own scripts with Latin
// lawfully, do not count.
func homograph(host string) string {
	uni := unicodeHost(host)
	if isASCII(uni) {
		// Only Latin letters: no label mixes scripts or is all look-alikes.
		return ""
	}
	return lookalikeLabel(uni)
}

// unicodeHost is host with its punycode labels decoded (as it is when
// they do not decode).
func unicodeHost(host string) string {
	if strings.Contains(host, "xn--") {
		if u, err := idna.Lookup.ToUnicode(host); err == nil {
			return u
		}
	}
	return host
}

// lookalikeLabel is homograph's reading of each label of a host already
// in Unicode, without its quick test for an ASCII host.
func lookalikeLabel(uni string) string {
	lk := facts().lookalike
	for _, label := range strings.Split(uni, ".") {
		var latin, cyrillic, greek, other int
		skeleton := []rune{}
		for _, r := range label {
			switch {
			case r < 0x80:
				if unicode.IsLetter(r) {
					latin++
				}
				skeleton = append(skeleton, r)
			case unicode.Is(unicode.Cyrillic, r):
				cyrillic++
			case unicode.Is(unicode.Greek, r):
				greek++
			default:
				other++
			}
			if l, ok := lk[r]; ok {
				skeleton = append(skeleton, l)
			} else if r >= 0x80 {
				skeleton = append(skeleton, r)
			}
		}
		switch {
		case latin > 0 && (cyrillic > 0 || greek > 0), cyrillic > 0 && greek > 0:
			return fmt.Sprintf("%q mixes Latin with Cyrillic or Greek letters, reads as %q", label, string(skeleton))
		case (cyrillic > 0 || greek > 0) && other == 0 && allLookalike(label, lk):
			return fmt.Sprintf("%q is written in look-alike letters, reads as %q", label, string(skeleton))
		}
	}
	return ""
}

func allLookalike(label string, lk map[rune]rune) bool {
	for _, r := range label {
		if _, ok := lk[r]; !ok && r != '-' && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func isShortener(host string) bool { return listedHost(facts().shorteners, host) }

// linkFinding writes the finding for one link id in both languages.
func linkFinding(id ID, ev []string) Finding {
	f := Finding{ID: id, Category: CategoryLinks, Evidence: ev, Severity: SeverityWarn}
	switch id {
	case FindingLinkMismatch:
		f.Severity = SeverityDanger
		f.Title = Text{EN: "A link shows one address and goes to another", JA: "表示と異なる宛先へのリンクがあります"}
		f.Detail = Text{
			EN: "The text of a link names one site, but clicking it goes to a different one. This is how phishing mail sends people to a fake login page. Do not click; open the site you expect by typing its address or using a bookmark.",
			JA: "リンクの表示は一つのサイトを示していますが、クリックすると別のサイトに移動します。偽のログインページに誘導するフィッシングの典型的な手口です。クリックせず、ブックマークやアドレスの直接入力で目的のサイトを開いてください。",
		}
	case FindingLinkIP:
		f.Severity = SeverityDanger
		f.Title = Text{EN: "A link goes to a bare IP address", JA: "IP アドレスを直接指すリンクがあります"}
		f.Detail = Text{
			EN: "Legitimate companies link to their domain names, not to numeric addresses; a number (sometimes written in an unusual form so it does not look like one) hides who runs the server. Do not click.",
			JA: "正規の企業はドメイン名でリンクし、数字のアドレスは使いません。数字（気付かれないよう特殊な表記のこともあります）はサーバーの運営者を隠します。クリックしないでください。",
		}
	case FindingLinkHomograph:
		f.Severity = SeverityDanger
		f.Title = Text{EN: "A link's address uses look-alike letters", JA: "紛らわしい文字を使ったリンク先があります"}
		f.Detail = Text{
			EN: "The address is written with letters from another alphabet that look like Latin ones, so it reads like a familiar name but belongs to someone else. Do not click.",
			JA: "リンク先のアドレスに、ラテン文字とそっくりな別の文字が使われています。見慣れた名前に見えても別人のドメインです。クリックしないでください。",
		}
	case FindingLinkShortener:
		f.Title = Text{EN: "A link hides its destination behind a shortener", JA: "短縮 URL で行き先が隠されたリンクがあります"}
		f.Detail = Text{
			EN: "A URL shortener hides where the link really goes until you click it. Companies rarely use them in mail; be careful if the message asks you to sign in or pay.",
			JA: "短縮 URL は、クリックするまで本当の行き先を隠します。企業がメールで使うことはまれです。ログインや支払いを求める内容なら特に注意してください。",
		}
	case FindingFormInMail:
		f.Title = Text{EN: "The message contains a form", JA: "メッセージにフォームが含まれています"}
		f.Detail = Text{
			EN: "What you type into a form inside a mail is sent to the address it names, without the checks a real website has. Never enter passwords or card numbers in a mail.",
			JA: "メール内のフォームに入力した内容は、正規のサイトのような確認なしに指定先へ送られます。パスワードやカード番号をメールに入力しないでください。",
		}
	}
	return f
}
