package check

// Authentication results as receiving services write them: which stamp to
// trust, and what it says.
//
// Sources: RFC 8601 (Authentication-Results), RFC 8617 (ARC), RFC 7208
// section 9.1 (Received-SPF), RFC 7489 (DMARC), and Microsoft's
// documentation of the headers Exchange Online writes ("Anti-spam message
// headers in Microsoft 365": Authentication-Results without an authserv-id,
// dmarc action=, compauth=result reason=NNN; X-MS-Exchange-Organization-AuthAs).

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"mailsafe/mailview/message"
	"mailsafe/mailview/safedoc"
)

// FindingAuthForwarded: authentication broke on the way (a list or a
// forwarder changed the message), but the reader's provider vouches that it
// passed where it started. Info only.
const FindingAuthForwarded ID = "auth-forwarded"

// MicrosoftAuthServID is the authserv-id Exchange Online (Microsoft 365,
// Outlook.com) writes in its ARC-Authentication-Results; its own
// Authentication-Results carry none. Configured as a trusted authserv-id,
// it makes Exchange's id-less topmost stamp the trusted one.
const MicrosoftAuthServID = "mx.microsoft.com"

// arResult is one method's result in an Authentication-Results header.
type arResult struct {
	method  string            // spf, dkim, dmarc, arc, compauth, ... (lower case)
	value   string            // pass, fail, ... (lower case)
	props   map[string]string // header.from, smtp.mailfrom, reason, action, ... (keys lower case)
	comment string            // the comments that followed, e.g. "p=REJECT sp=NONE dis=NONE"
}

// arHeader is one Authentication-Results (or ARC-Authentication-Results)
// header read leniently.
type arHeader struct {
	id       string // authserv-id, lower case; "" in Exchange's form
	instance string // i= of an ARC-Authentication-Results
	results  []arResult
	raw      string
}

// oneMethod tells whether every result of the header is of one method
// (several DKIM signatures are one method).
func (a arHeader) oneMethod() bool {
	for _, r := range a.results {
		if r.method != a.results[0].method {
			return false
		}
	}
	return len(a.results) > 0
}

func (a arHeader) first(method string) (arResult, bool) {
	for _, r := range a.results {
		if r.method == method {
			return r, true
		}
	}
	return arResult{}, false
}

// splitAR cuts a header value at the semicolons outside comments and quoted
// strings, and separates each piece's comments from its text. The pieces'
// texts are written into one buffer and their comments into another, each
// made a string once and cut at the semicolons: a builder per piece grew
// (and allocated) rune by rune.
func splitAR(v string) (texts, comments []string) {
	text, comment := make([]byte, 0, len(v)), make([]byte, 0, len(v))
	var textEnds, commentEnds []int // where each piece ends in text and comment
	depth, quoted, escaped := 0, false, false
	flush := func() {
		textEnds = append(textEnds, len(text))
		commentEnds = append(commentEnds, len(comment))
	}
	for _, r := range v {
		switch {
		case escaped:
			escaped = false
		case r == '\\' && (quoted || depth > 0):
			escaped = true
			continue
		case quoted:
			if r == '"' {
				quoted = false
				continue
			}
		case r == '(':
			depth++
			if depth == 1 {
				text = append(text, ' ')
				if len(comment) > commentStart(commentEnds) {
					comment = append(comment, ' ')
				}
				continue
			}
		case r == ')' && depth > 0:
			depth--
			if depth == 0 {
				continue
			}
		case depth > 0:
		case r == '"':
			quoted = true
			continue
		case r == ';':
			flush()
			continue
		}
		if depth > 0 {
			comment = utf8.AppendRune(comment, r)
		} else {
			text = utf8.AppendRune(text, r)
		}
	}
	flush()
	allText, allComment := string(text), string(comment)
	texts, comments = make([]string, len(textEnds)), make([]string, len(textEnds))
	t0, c0 := 0, 0
	for i := range textEnds {
		texts[i] = allText[t0:textEnds[i]]
		comments[i] = strings.TrimSpace(allComment[c0:commentEnds[i]])
		t0, c0 = textEnds[i], commentEnds[i]
	}
	return texts, comments
}

// commentStart is where the piece being read starts in splitAR's comment
// buffer, given where the pieces before it end.
func commentStart(ends []int) int {
	if len(ends) == 0 {
		return 0
	}
	return ends[len(ends)-1]
}

// tightenEquals drops the spaces around each "=" ("spf = pass" is
// "spf=pass"): what replacing `\s*=\s*` with "=" gives, without a regexp
// (spaces are RE2's \s: tab, line feed, form feed, carriage return, space).
func tightenEquals(s string) string {
	if !strings.Contains(s, "=") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if !isRE2Space(s[i]) && s[i] != '=' {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && isRE2Space(s[j]) {
			j++
		}
		if j == len(s) || s[j] != '=' {
			b.WriteString(s[i:j]) // spaces before no "="
			i = j
			continue
		}
		for j++; j < len(s) && isRE2Space(s[j]); j++ {
		}
		b.WriteByte('=')
		i = j
	}
	return b.String()
}

func isRE2Space(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// parseAR reads an Authentication-Results value in the RFC 8601 form
// ("mx.example.com; spf=pass smtp.mailfrom=…; dkim=…"), in Exchange
// Online's form without an authserv-id ("spf=fail (sender IP is …)
// smtp.mailfrom=…; dkim=none …;dmarc=fail action=oreject header.from=…;
// compauth=fail reason=000"), and in the variants Gmail and Yahoo write
// (comments glued to results, "dmarc=success"). ARC-Authentication-Results
// start with "i=N;". ok is false when nothing in it can be read.
func parseAR(v string) (a arHeader, ok bool) {
	a.raw = v
	texts, comments := splitAR(v)
	for n, text := range texts {
		tokens := strings.Fields(tightenEquals(text))
		if n == 0 && len(tokens) > 0 && strings.HasPrefix(strings.ToLower(tokens[0]), "i=") && !strings.Contains(tokens[0][2:], "=") {
			a.instance = tokens[0][2:] // ARC's instance tag, then the authserv-id in the next piece
			continue
		}
		if (n == 0 || n == 1 && a.instance != "" && a.id == "") && len(tokens) > 0 && !strings.Contains(tokens[0], "=") {
			a.id = strings.ToLower(tokens[0])
			tokens = tokens[1:] // the optional version, then (leniently) a result with no ";" before it
		}
		var r arResult
		for _, t := range tokens {
			k, val, found := strings.Cut(t, "=")
			if !found || k == "" {
				continue
			}
			k = strings.ToLower(k)
			if r.method == "" {
				if i := strings.IndexByte(k, '/'); i >= 0 {
					k = k[:i] // method version
				}
				r.method, r.value, r.props = k, strings.ToLower(val), map[string]string{}
				continue
			}
			r.props[k] = val
		}
		if r.method == "" {
			continue
		}
		if r.method == "dmarc" && r.value == "success" {
			r.value = "pass" // Yahoo
		}
		r.comment = comments[n]
		a.results = append(a.results, r)
	}
	return a, len(a.results) > 0 || a.id != ""
}

// authView is what the trusted stamp says.
type authView struct {
	present          bool     // a trusted Authentication-Results was read
	exchange         bool     // ... and it is Exchange Online's form
	evidence         []string // the headers it was read from
	spf, dkim, dmarc string
	spfSource        string // "Received-SPF" when SPF came from there
	dmarcPolicy      string // reject, quarantine, none; "" when unknown
	compauth         string // Microsoft's composite authentication result
	compauthReason   string
	headerFrom       string   // the domain DMARC checked
	spfDomain        string   // the domain SPF checked (smtp.mailfrom or smtp.helo)
	dkimDomains      []string // d= of passing signatures
	dkimNone         bool     // the stamp says dkim=none: the message carries no signature
	internal         bool     // Exchange: submitted inside the organisation (AuthAs: Internal)
	// proof is what the trusted header alone says, when headers under it
	// were read too: only it proves who sent the message (SenderProof).
	proof *authView
	// forwarded says why a DMARC failure on arrival is not the original's:
	// the provider's own ARC record or verdict. Empty when it is.
	forwarded []string
}

// trustedAuth reads the stamp that the reader's own provider wrote: the
// first Authentication-Results stamped by one of the configured
// authserv-ids or, with none configured, the topmost (which, in Exchange
// Online's id-less form, is Microsoft's). Lower headers may have been
// written by the sender to look checked: they are never read, except
// further headers with the same authserv-id right under a trusted one that
// reports a single method (a stamper that writes one header per method,
// as a mail server's SPF, DKIM and DMARC filters each do), with no Received
// between: a Received line marks the start of what an earlier hop, or the
// sender, wrote. A provider reporting every method in one header has said
// all it checked, and what a header below adds was not its (RFC 8601
// section 5 has it remove headers claiming its id, which not all do).
func trustedAuth(h message.Header, servIDs []string) authView {
	trusted := func(id string, topmost bool) bool {
		if id == "" {
			return topmost && (len(servIDs) == 0 || slices.ContainsFunc(servIDs, func(s string) bool { return strings.EqualFold(s, MicrosoftAuthServID) }))
		}
		return len(servIDs) == 0 && topmost || slices.ContainsFunc(servIDs, func(s string) bool { return strings.EqualFold(id, s) })
	}
	var stamp []arHeader
	seen, receivedBelow := 0, false
	for _, f := range h.Fields {
		if f.Is("Received") {
			receivedBelow = len(stamp) > 0
			continue
		}
		if !f.Is("Authentication-Results") {
			continue
		}
		seen++
		a, ok := parseAR(f.Value)
		if !ok {
			if len(servIDs) == 0 || len(stamp) > 0 {
				break // the topmost is unreadable: nothing below it is trusted
			}
			continue
		}
		if len(stamp) > 0 {
			if receivedBelow || a.id == "" || a.id != stamp[0].id || !stamp[0].oneMethod() {
				break
			}
			stamp = append(stamp, a)
			continue
		}
		if trusted(a.id, seen == 1) {
			stamp = append(stamp, a)
			continue
		}
		if len(servIDs) == 0 {
			break
		}
	}
	sealers := trustedSealers(servIDs)
	if len(stamp) > 0 && stamp[0].id != "" {
		sealers = append(sealers, stamp[0].id) // the topmost stamper
	}
	v, spfRead, arcResult := readStamp(stamp)
	if len(stamp) > 1 {
		// What proves the sender (SenderProof) is read from the trusted
		// header alone: a header under it may be the sender's own.
		top, _, _ := readStamp(stamp[:1])
		v.proof = &top
	}
	if v.exchange {
		sealers = append(sealers, MicrosoftAuthServID)
		if strings.EqualFold(strings.TrimSpace(h.Raw("X-MS-Exchange-Organization-AuthAs")), "Internal") {
			v.internal = true
		}
		if o := h.Raw("Authentication-Results-Original"); o != "" {
			v.evidence = append(v.evidence, "Authentication-Results-Original: "+message.Clip(message.SanitizeText(o), 200))
		}
	}
	// Received-SPF (RFC 7208 section 9.1), the topmost, when the trusted
	// stamp gave no SPF result, or there is none and none was configured.
	if !spfRead && (v.present || len(servIDs) == 0) {
		if rs := strings.TrimSpace(h.Raw("Received-SPF")); rs != "" {
			if f := strings.Fields(rs); len(f) > 0 {
				if res := strings.ToLower(strings.TrimRight(f[0], ";")); slices.Contains([]string{"pass", "fail", "softfail", "neutral", "none", "temperror", "permerror"}, res) {
					v.spf, v.spfSource = res, "Received-SPF"
					v.evidence = append(v.evidence, "Received-SPF: "+message.Clip(message.SanitizeText(rs), 200))
				}
			}
		}
	}
	if v.dmarc == "fail" {
		v.forwarded = arcOriginalPass(h, sealers, arcResult, v.headerFrom)
		if v.compauth == "pass" && v.compauthReason == "130" {
			// Microsoft: the ARC record of a sealer it trusts overrode the
			// DMARC failure.
			v.forwarded = append(v.forwarded, "compauth=pass reason=130 (Microsoft accepted the forwarder's ARC record)")
		}
	}
	return v
}

// dmarcPolicy is the From domain's policy as the stamp gives it: Exchange's
// action= (reject, quarantine, and oreject/oquarantine when Microsoft
// delivered to junk instead), or the p= in Gmail's and Yahoo's comment.
func dmarcPolicy(r arResult) string {
	if act := strings.ToLower(r.props["action"]); act != "" {
		switch {
		case strings.Contains(act, "reject"):
			return "reject"
		case strings.Contains(act, "quarantine"):
			return "quarantine"
		case act == "none":
			return "none"
		}
	}
	if m := policyInComment.FindStringSubmatch(r.comment); m != nil {
		return strings.ToLower(m[1])
	}
	return ""
}

var policyInComment = regexp.MustCompile(`(?i)(?:^|\s)p=(reject|quarantine|none)\b`)

// trustedSealers are the configured authserv-ids, whose ARC sets are
// believed (trustedAuth adds the topmost stamper's).
func trustedSealers(servIDs []string) []string {
	var out []string
	for _, s := range servIDs {
		out = append(out, strings.ToLower(s))
	}
	return out
}

// arcOriginalPass looks in the ARC sets (RFC 8617) for a record that DMARC
// passed for fromDomain before the message was forwarded. A set is believed
// only when its authserv-id is a trusted sealer and its ARC-Seal's d= is
// that sealer's domain, and only when the provider checked the chain: its
// own stamp says arc=pass, or the newest set is its own and says arc=pass.
// Signatures are not verified here (no DNS): what is believed is the
// provider's check and the sealer's identity.
func arcOriginalPass(h message.Header, sealers []string, arcResult, fromDomain string) []string {
	if len(sealers) == 0 || fromDomain == "" {
		return nil
	}
	sealDomain := map[string]string{}
	for _, s := range h.Values("ARC-Seal") {
		i, d := "", ""
		for _, tag := range strings.Split(s, ";") {
			k, val, _ := strings.Cut(strings.TrimSpace(tag), "=")
			switch strings.ToLower(strings.TrimSpace(k)) {
			case "i":
				i = strings.TrimSpace(val)
			case "d":
				d = strings.ToLower(strings.TrimSpace(val))
			}
		}
		if _, seen := sealDomain[i]; i != "" && !seen {
			sealDomain[i] = d
		}
	}
	type set struct {
		n   int
		aar arHeader
		ok  bool // sealed by a trusted sealer
	}
	var sets []set
	newest := 0
	for _, val := range h.Values("ARC-Authentication-Results") {
		a, ok := parseAR(val)
		n := atoiSmall(a.instance)
		if !ok || n == 0 {
			continue
		}
		d := sealDomain[a.instance]
		trusted := a.id != "" && d != "" && slices.Contains(sealers, a.id) &&
			safedoc.RegistrableDomain(d) == safedoc.RegistrableDomain(a.id)
		sets = append(sets, set{n, a, trusted})
		newest = max(newest, n)
	}
	checked := arcResult == "pass"
	for _, s := range sets {
		if s.n == newest && s.ok {
			if r, ok := s.aar.first("arc"); ok {
				checked = checked || r.value == "pass"
			}
		}
	}
	if !checked {
		return nil
	}
	for _, s := range sets {
		if !s.ok {
			continue
		}
		r, ok := s.aar.first("dmarc")
		if ok && r.value == "pass" && safedoc.RegistrableDomain(strings.ToLower(r.props["header.from"])) == safedoc.RegistrableDomain(fromDomain) {
			return []string{"ARC-Authentication-Results: " + message.Clip(message.SanitizeText(s.aar.raw), 300)}
		}
	}
	return nil
}

func atoiSmall(s string) int {
	n := 0
	for _, c := range strings.TrimSpace(s) {
		if c < '0' || c > '9' || n > 1000 {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func (a authView) dmarcPass() bool { return a.dmarc == "pass" || a.dmarc == "bestguesspass" }

// vouched tells whether anything in the stamp speaks for the sender's
// domain: DMARC or Microsoft's composite authentication passed, the message
// was submitted inside the organisation, or SPF or DKIM passed for the From
// domain itself (relaxed alignment, RFC 7489 section 3.1; a pass for
// another domain proves nothing about the From line). When the stamp does
// not name the domain checked, a pass counts.
func (a authView) vouched(fromDomain string) bool {
	aligned := func(d string) bool {
		return d == "" || fromDomain == "" || safedoc.RegistrableDomain(d) == fromDomain
	}
	if a.dmarcPass() || a.compauth == "pass" || a.compauth == "softpass" || a.internal {
		return true
	}
	if a.spf == "pass" && aligned(a.spfDomain) {
		return true
	}
	return slices.ContainsFunc(a.dkimDomains, aligned)
}

// FindingAuthUnsigned: the trusted stamp says the message carries no DKIM
// signature at all, though nothing failed. Mail services and bulk senders
// sign what they send (Gmail's and Yahoo's sender requirements, 2024);
// unsigned mail is not forged for that: shown as info, it counts only as
// weak evidence beside others.
const FindingAuthUnsigned ID = "auth-unsigned"

// authFindings turns the trusted stamp into findings: a failure, nothing
// vouching, or (only when nothing else is wrong) no signature at all.
func authFindings(a authView, fromDomain string) []Finding {
	if out := authVerdictFindings(a, fromDomain); len(out) > 0 {
		return out
	}
	if a.present && a.dkimNone && a.dkim == "none" && !a.internal {
		return []Finding{{
			ID: FindingAuthUnsigned, Severity: SeverityInfo, Category: CategorySender, Evidence: a.evidence,
			Title: Text{EN: "The message is not signed (no DKIM)", JA: "メッセージに署名（DKIM）がありません"},
			Detail: Text{
				EN: "Your mail server found no DKIM signature on this message. Mail services and companies that send mail in bulk sign what they send, so that it can be shown to come from them unchanged; this one only passed the weaker sending-server check (SPF). Alone this says little.",
				JA: "受信サーバーは、このメッセージに DKIM 署名を見つけませんでした。メールサービスや大量に送信する企業は、改変されずに自社から送られたことを示すために署名して送ります。このメッセージは、より弱い送信サーバーの確認（SPF）に通っただけです。これだけでは大きな意味はありません。",
			},
		}}
	}
	return nil
}

// authVerdictFindings is what the stamp says against the sender.
func authVerdictFindings(a authView, fromDomain string) []Finding {
	spfFailed := a.spf == "fail" || a.spf == "softfail"
	switch {
	case a.dmarc == "fail" && len(a.forwarded) > 0:
		return []Finding{forwardedFinding(a, fromDomain)}
	case a.dmarc == "fail":
		return []Finding{dmarcFailFinding(a, fromDomain)}
	case a.compauth == "fail" && a.present && !a.internal:
		return []Finding{compauthFailFinding(a, fromDomain)}
	case !a.dmarcPass() && spfFailed && a.dkim != "pass":
		return []Finding{spfDKIMFailFinding(a, fromDomain)}
	case a.present && !a.dmarcPass() && a.dkim == "fail" && a.spf != "pass":
		return []Finding{spfDKIMFailFinding(a, fromDomain)}
	case a.present && !a.vouched(fromDomain):
		return []Finding{{
			ID: FindingAuthMissing, Severity: SeverityWarn, Category: CategorySender, Evidence: a.evidence,
			Title: Text{EN: "Nothing proves this message comes from " + fromDomain, JA: "このメッセージが" + fromDomain + "から送られた証拠がありません"},
			Detail: Text{
				EN: "Your mail server found no SPF, DKIM or DMARC result that vouches for the sender's domain, so anyone could have written this From line. Trust it only as far as its content can be checked some other way.",
				JA: "受信サーバーは、送信者のドメインを保証する SPF・DKIM・DMARC の結果を確認できませんでした。誰でもこの差出人を名乗れます。内容を別の方法で確かめられる範囲でのみ信用してください。",
			},
		}}
	}
	return nil
}

func dmarcFailFinding(a authView, fromDomain string) Finding {
	f := Finding{ID: FindingAuthFail, Severity: SeverityDanger, Category: CategorySender, Evidence: a.evidence}
	if a.dmarcPolicy == "none" && a.compauth != "fail" {
		// The domain's owner publishes DMARC but does not ask receivers to
		// act on failures yet: a failure is weaker evidence.
		f.Severity = SeverityWarn
	}
	f.Title = Text{EN: fromDomain + " did not send this message (DMARC failed)", JA: "このメッセージは" + fromDomain + "から送られていません（DMARC 失敗）"}
	f.Detail = Text{
		EN: "Your mail server checked the domain in the From line and its owner's published rules say this message is not theirs. Treat it as forged: do not reply, click or pay; contact the company through a channel you already know.",
		JA: "受信サーバーが差出人のドメインを確認したところ、ドメイン所有者の公開ルールではこのメッセージは正規のものではありません。偽物として扱い、返信・クリック・支払いをせず、既知の連絡先で会社に確認してください。",
	}
	return f
}

func compauthFailFinding(a authView, fromDomain string) Finding {
	return Finding{
		ID: FindingAuthFail, Severity: SeverityWarn, Category: CategorySender, Evidence: a.evidence,
		Title: Text{EN: "Microsoft judged the sender " + fromDomain + " to be spoofed", JA: "Microsoft は差出人" + fromDomain + "を なりすまし と判定しました"},
		Detail: Text{
			EN: "Your mail service (Microsoft 365 / Outlook.com) weighed SPF, DKIM, DMARC and what it knows of this domain's mail, and its composite authentication (compauth) failed: nothing shows that " + fromDomain + " sent this. Do not act on it before confirming through a channel you already know.",
			JA: "メールサービス（Microsoft 365 / Outlook.com）が SPF・DKIM・DMARC とこのドメインの送信実績をもとに判定した複合認証（compauth）が失敗しました。" + fromDomain + "が送った証拠はありません。既知の連絡先で確認するまで、求められる行動を取らないでください。",
		},
	}
}

func spfDKIMFailFinding(a authView, fromDomain string) Finding {
	return Finding{
		ID: FindingAuthFail, Severity: SeverityWarn, Category: CategorySender, Evidence: a.evidence,
		Title: Text{EN: "The sender's domain could not be verified", JA: "送信者のドメインを検証できませんでした"},
		Detail: Text{
			EN: "SPF or DKIM failed for " + fromDomain + ": the message did not come through the servers that domain uses, or it was changed on the way. Be wary of anything it asks you to do.",
			JA: fromDomain + "の SPF または DKIM が失敗しました。そのドメインが使うサーバーを経由していないか、途中で改変されています。求められる行動に注意してください。",
		},
	}
}

func forwardedFinding(a authView, fromDomain string) Finding {
	return Finding{
		ID: FindingAuthForwarded, Severity: SeverityInfo, Category: CategorySender, Evidence: append(slices.Clone(a.evidence), a.forwarded...),
		Title: Text{EN: "Forwarded: " + fromDomain + " was verified before the message was passed on", JA: "転送: 転送前に" + fromDomain + "の認証は成功していました"},
		Detail: Text{
			EN: "DMARC failed when the message reached your mail server, because a mailing list or a forwarder resent or changed it. Your provider's record of the earlier hop (ARC) shows that the original passed for " + fromDomain + ", so the failure says nothing about who wrote it.",
			JA: "メーリングリストや転送サービスが再送・改変したため、受信サーバーでの DMARC は失敗しました。ただし、プロバイダーが記録した転送前の認証結果（ARC）では" + fromDomain + "として成功しており、この失敗は差出人の偽装を示すものではありません。",
		},
	}
}

// StampAuthServID returns the authserv-id of the topmost Authentication-
// Results of h: the stamp of whoever delivered the message last. Exchange
// Online's id-less form counts as MicrosoftAuthServID (its ARC id), which
// is how a reader names it as trusted. ok is false when h carries no
// readable Authentication-Results.
func StampAuthServID(h message.Header) (id string, ok bool) {
	values := h.Values("Authentication-Results")
	if len(values) == 0 {
		return "", false
	}
	a, ok := parseAR(values[0])
	if !ok {
		return "", false
	}
	if a.id == "" {
		return MicrosoftAuthServID, true
	}
	return a.id, true
}

// readStamp reads the results of the stamp's headers, a higher header's
// over a lower one's (a method none reports is "none"); it tells whether
// one gave SPF, and ARC's result.
func readStamp(stamp []arHeader) (v authView, spfRead bool, arcResult string) {
	v.spf, v.dkim, v.dmarc = "none", "none", "none"
	above := map[string]bool{} // methods a higher header of the stamp reported
	for _, a := range stamp {
		v.present = true
		v.evidence = append(v.evidence, "Authentication-Results: "+message.Clip(message.SanitizeText(a.raw), 300))
		v.exchange = v.exchange || a.id == ""
		here := map[string]bool{}
		for _, r := range a.results {
			if here[r.method] = true; above[r.method] {
				continue // a lower header does not overrule a higher one
			}
			switch r.method {
			case "spf":
				if !spfRead {
					spfRead, v.spf = true, r.value
					v.spfDomain = r.props["smtp.mailfrom"]
					if v.spfDomain == "" {
						v.spfDomain = r.props["smtp.helo"]
					}
					if i := strings.LastIndexByte(v.spfDomain, '@'); i >= 0 {
						v.spfDomain = v.spfDomain[i+1:]
					}
					v.spfDomain = strings.ToLower(v.spfDomain)
				}
			case "dkim":
				switch r.value {
				case "none":
					v.dkimNone = true
				case "pass":
					v.dkim = "pass"
					v.dkimDomains = append(v.dkimDomains, strings.ToLower(r.props["header.d"]))
				case "fail", "permerror":
					if v.dkim != "pass" {
						v.dkim = r.value
					}
				}
			case "dmarc":
				if v.dmarc == "none" {
					v.dmarc = r.value
					v.headerFrom = strings.ToLower(r.props["header.from"])
					v.dmarcPolicy = dmarcPolicy(r)
				}
			case "compauth":
				if v.compauth == "" {
					v.compauth, v.compauthReason = r.value, r.props["reason"]
				}
			case "arc":
				if arcResult == "" {
					arcResult = r.value
				}
			}
		}
		for m := range here {
			above[m] = true
		}
	}
	return v, spfRead, arcResult
}
