package check

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"fmt"
	"io"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"mailsafe/mailview/beacon"
	"mailsafe/mailview/message"
	"mailsafe/mailview/safedoc"
)

// Finding ids about tracking.
const (
	FindingTrackerKnown       ID = "tracker-known"
	FindingTrackerPixel       ID = "tracker-pixel"
	FindingTrackerAddressLeak ID = "tracker-address-leak"
	FindingClickTracking      ID = "click-tracking"
)

// Reasons a resource is suspected of tracking (Tracking.Reasons).
const (
	ReasonKnownVendor     Reason = "known-vendor"     // a known tracking vendor's URL
	ReasonTiny            Reason = "tiny"             // declared 0-3 pixels
	ReasonHidden          Reason = "hidden"           // the element or an ancestor is hidden
	ReasonRecipientToken  Reason = "recipient-token"  // the URL carries an identifier minted per recipient
	ReasonAddressLeak     Reason = "address-leak"     // the URL carries the reader's address
	ReasonSpacer          Reason = "spacer"           // tiny or hidden, but with nothing that identifies anyone
	ReasonFileShare       Reason = "file-share"       // a file:// URL on another machine: Windows would connect and offer the reader's credentials
	ReasonTracksElsewhere Reason = "tracks-elsewhere" // the same URL tracks where the message loads it another way

	// The situations a CSS reference loads in only (safedoc.Context).
	ReasonCSSPrint       = Reason(safedoc.ContextPrint)
	ReasonCSSColorScheme = Reason(safedoc.ContextColorScheme)
	ReasonCSSForward     = Reason(safedoc.ContextForward)
)

// Link issues.
const IssueClickTracking ID = "click-tracking"

// probedAddresses are the reader's addresses, each also as the message's
// To or Cc line writes it: a sender's list may keep "Reader@Example.com",
// and a URL carries that spelling's base64 or hash.
func probedAddresses(v *Mail, me []string) []string {
	out := append([]string(nil), me...)
	for _, list := range [][]message.Address{v.To, v.Cc} {
		for _, a := range list {
			for _, m := range me {
				if a.Addr != m && strings.EqualFold(a.Addr, strings.TrimSpace(m)) {
					out = append(out, a.Addr)
				}
			}
		}
	}
	return out
}

// trackingAnalysis classifies resources and links and reports what tracks.
//
// A resource is a tracking pixel of an unknown vendor when it loads an image
// and is tiny (declared 0-3 px), hidden (by its element or an ancestor), or
// placed in CSS that only applies when the mail is printed, shown in dark
// mode, or quoted in a reply or forward. Such an image is a spacer of the
// sender's layout instead, and not reported, when its URL carries nothing
// that could tell one reader from another: no query string, no path segment
// that looks like an identifier, and none of the reader's addresses.
func trackingAnalysis(v *Mail, reader Reader) []Finding {
	set := reader.Trackers
	if set == nil {
		set = beacon.Default()
	}
	rules := set.NewClassifier()
	probe := beacon.NewAddressProbe(probedAddresses(v, reader.Me))
	vendors := map[string]*vendorHits{}
	var pixels, pixelHosts []string
	var leaks []leakHit
	for i := range v.Resources {
		r := &v.Resources[i]
		r.Tracking = Tracking{}
		for _, c := range r.Contexts {
			r.Reasons = appendOnce(r.Reasons, Reason(c))
		}
		u := r.Canonical // as the server reads it: no spelling of a vendor's host or path slips by
		if u == nil {
			continue
		}
		if u.Scheme == "file" { // never fetched by mailsafe, and never allowed with trackers blocked
			r.Reasons = appendOnce(r.Reasons, ReasonFileShare)
			r.Tracks = true
			continue
		}
		known := false
		if m, ok := rules.Classify(u); ok {
			known = true
			r.Tracker = m.Vendor
			r.Reasons = appendOnce(r.Reasons, ReasonKnownVendor)
			vendorHit(vendors, m).urls = append(vendorHit(vendors, m).urls, r.URL)
		}
		tiny := r.Width == 0 || r.Height == 0 || (r.Width >= 0 && r.Width <= 3 && r.Height >= 0 && r.Height <= 3) ||
			(r.Width >= 0 && r.Width <= 1 && r.Height < 0) || (r.Height >= 0 && r.Height <= 1 && r.Width < 0)
		if tiny {
			r.Reasons = appendOnce(r.Reasons, ReasonTiny)
		}
		if r.Hidden {
			r.Reasons = appendOnce(r.Reasons, ReasonHidden)
		}
		token, inPath := beacon.FindToken(u)
		situational := len(r.Contexts) > 0
		// A line or a speck (4x4, 600x1) is no picture either.
		thin := r.Width >= 0 && r.Width <= 4 || r.Height >= 0 && r.Height <= 4
		// A visible image of ordinary size named by a hash is a
		// content-addressed file, not an identifier minted for the reader;
		// nor is the signature a known image host puts in its URLs. Any
		// other image carrying a token tells its server who loaded it,
		// whatever its size.
		unseen := tiny || r.Hidden || situational
		tokened := token != "" && (!inPath || unseen || thin) && (unseen || !isContentHost(u.Hostname()))
		if tokened {
			r.Reasons = appendOnce(r.Reasons, ReasonRecipientToken)
		}
		found, deeper := probe.FindAll(r.URL)
		if deeper {
			v.deepEncoded++
		}
		if len(found) > 0 {
			r.Reasons = appendOnce(r.Reasons, ReasonAddressLeak)
			r.SendsAddress = true
			for _, l := range found {
				leaks = append(leaks, leakHit{Leak: l, url: r.URL, host: r.Host, resource: true})
			}
		}
		r.Tracks = known || r.SendsAddress
		if known || !r.Vector.LoadsImage() || !(unseen || tokened) {
			r.Tracks = r.Tracks || unseen // a hidden frame or style sheet tracks as well as an image
			continue
		}
		if token == "" && u.RawQuery == "" && len(found) == 0 {
			r.Reasons = appendOnce(r.Reasons, ReasonSpacer)
			continue
		}
		r.Tracks = true
		pixels, pixelHosts = append(pixels, r.URL), append(pixelHosts, r.Host)
	}
	// One URL, one verdict: a URL that tracks where the message loads it
	// one way (a 1x1 img) is not loaded another way (a visible input).
	tracking := map[string]bool{}
	for i := range v.Resources {
		if r := &v.Resources[i]; r.Tracks && r.Canonical != nil {
			tracking[r.Canonical.String()] = true
		}
	}
	for i := range v.Resources {
		if r := &v.Resources[i]; !r.Tracks && r.Canonical != nil && tracking[r.Canonical.String()] {
			r.Tracks = true
			r.Reasons = appendOnce(r.Reasons, ReasonTracksElsewhere)
		}
	}
	clicks := map[string]*vendorHits{}
	senderDomain := ""
	if d := safedoc.RegistrableDomain(v.fromMailbox().Domain()); d != "" && !isFreemail(d) {
		senderDomain = d
	}
	for i := range v.Links {
		l := &v.Links[i]
		// A click tracker inside a security wrapper is read from the wrapped target.
		u := l.Target.Canonical
		if !isWeb(u) {
			continue
		}
		m, ok := rules.ClassifyKind(u, beacon.Click)
		if !ok && ownClickTracker(l, senderDomain) {
			m, ok = beacon.Match{Vendor: senderDomain, Kind: beacon.Click}, true
		}
		if ok {
			l.Issues = appendOnce(l.Issues, IssueClickTracking)
			h := vendorHit(clicks, m)
			line := fmt.Sprintf("%s → %s", l.Text, l.Target.URL)
			if target := finalTarget(l.Target.Parsed); target != "" {
				line += "  (→ " + target + ")"
			}
			h.urls = append(h.urls, line)
		}
		found, deeper := probe.FindAll(l.URL)
		if deeper {
			v.deepEncoded++
		}
		for _, found := range found {
			leaks = append(leaks, leakHit{Leak: found, url: l.URL, host: l.Host})
		}
	}
	var out []Finding
	for _, h := range sortedHits(vendors) {
		out = append(out, knownTrackerFinding(h))
	}
	if len(pixels) > 0 {
		out = append(out, pixelFinding(pixels, pixelHosts))
	}
	if len(leaks) > 0 {
		out = append(out, addressLeakFinding(leaks))
	}
	for _, h := range sortedHits(clicks) {
		out = append(out, clickFinding(h))
	}
	return out
}

// isContentHost tells whether host (canonical: lower-case ASCII) is, or is
// under, a known image content host (assets/content-hosts.txt).
func isContentHost(host string) bool { return listedHost(facts().contentHosts, host) }

type vendorHits struct {
	vendor string
	kind   beacon.Kind
	urls   []string
}

type leakHit struct {
	beacon.Leak
	url      string
	host     string
	resource bool // loading it would send the address; otherwise clicking it would
}

func vendorHit(m map[string]*vendorHits, match beacon.Match) *vendorHits {
	h := m[match.Vendor]
	if h == nil {
		h = &vendorHits{vendor: match.Vendor, kind: match.Kind}
		m[match.Vendor] = h
	}
	return h
}

func sortedHits(m map[string]*vendorHits) []*vendorHits {
	out := make([]*vendorHits, 0, len(m))
	for _, h := range m {
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].vendor < out[j].vendor })
	return out
}

// appendOnce appends x to list unless it is there already.
func appendOnce[T comparable](list []T, x T) []T {
	for _, y := range list {
		if y == x {
			return list
		}
	}
	return append(list, x)
}

// hasAny tells whether list holds any of want.
func hasAny[T comparable](list []T, want ...T) bool {
	return slices.ContainsFunc(want, func(w T) bool { return slices.Contains(list, w) })
}

// ownClickTracker tells whether a link whose text names another site goes
// through the sender's own click tracker: its target (after unwrapping) is
// on the From's registrable domain (not free mail), and its URL has a
// redirector's shape — it carries a final target, an identifier minted per
// click or recipient, or a host or first path segment that names a
// redirect. A sender counting clicks on its own domain is tracking, not
// deceiving; where the redirect leads, when the URL says, is still checked
// against the text (linkFindings).
func ownClickTracker(l *Link, senderDomain string) bool {
	t := l.Target
	if senderDomain == "" || t.Opaque != "" || t.Domain != senderDomain {
		return false
	}
	shown := shownHost(l.Text)
	if shown == "" || safedoc.RegistrableDomain(shown) == senderDomain {
		return false
	}
	u := t.Parsed
	if finalTarget(u) != "" || beacon.RecipientToken(u) != "" {
		return true
	}
	first, _, _ := strings.Cut(t.Host, ".")
	seg, _, _ := strings.Cut(strings.TrimPrefix(strings.ToLower(u.Path), "/"), "/")
	return redirectWords[first] || redirectWords[strings.TrimSuffix(seg, path.Ext(seg))]
}

// redirectWords name a click redirector in a host's first label or a
// path's first segment, as mailing software and ESPs' custom tracking
// domains write them (click.example.com, links.example.com/…, /redirect?…).
var redirectWords = map[string]bool{
	"click": true, "clicks": true, "clk": true, "ct": true, "clickthru": true, "clickthrough": true,
	"track": true, "tracking": true, "trk": true, "link": true, "links": true, "lnk": true,
	"redirect": true, "redir": true, "r": true, "go": true, "out": true, "outbound": true,
}

// finalTarget finds where a click redirector sends the reader, when the URL
// says: a query value or path part that is (or percent- or base64-encodes)
// an http(s) URL.
func finalTarget(u *url.URL) string {
	isURL := func(s string) bool {
		l := strings.ToLower(s)
		return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
	}
	for _, values := range u.Query() {
		for _, val := range values {
			if isURL(val) {
				return val
			}
			for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
				if b, err := enc.DecodeString(val); err == nil && isURL(string(b)) {
					return string(b)
				}
			}
		}
	}
	// A target carried in the path is percent-encoded, so its end is the next
	// literal "/" (Amazon SES: /L0/https:%2F%2Fshop.example%2Fsale/1/<id>/<sig>).
	esc := u.EscapedPath()
	if i := strings.Index(strings.ToLower(esc), "http"); i >= 0 {
		seg := esc[i:]
		if j := strings.IndexByte(seg, '/'); j >= 0 && !strings.HasPrefix(seg[j:], "//") {
			seg = seg[:j]
		}
		if p, err := url.PathUnescape(seg); err == nil && isURL(p) {
			return p
		}
	}
	// Some senders compress the click's details into one path segment:
	// base64url of a zlib stream holding a query string whose "l" (or any)
	// value is the target (Mailgun's /c/<eJ…> links, also under a sender's
	// own tracking domain).
	for _, seg := range strings.Split(u.EscapedPath(), "/") {
		if q := inflateSegment(seg); q != "" {
			if vals, err := url.ParseQuery(q); err == nil {
				if l := vals.Get("l"); isURL(l) {
					return l
				}
				for _, vs := range vals {
					for _, val := range vs {
						if isURL(val) {
							return val
						}
					}
				}
			}
		}
	}
	return ""
}

// inflateSegment reads a path segment that is base64url of a zlib stream
// (it starts "eJ", "eN" or "eA": the zlib header 0x78 0x9c, 0xda or 0x01)
// and returns its text, at most 16 KiB of it, or "". A stream cut short
// still yields what it holds.
func inflateSegment(seg string) string {
	if len(seg) < 16 || !(strings.HasPrefix(seg, "eJ") || strings.HasPrefix(seg, "eN") || strings.HasPrefix(seg, "eA")) {
		return ""
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return ""
	}
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return ""
	}
	defer zr.Close()
	out, _ := io.ReadAll(io.LimitReader(zr, 16<<10))
	if !utf8.Valid(out) {
		return ""
	}
	return string(out)
}

func evidence(urls []string) []string {
	if len(urls) <= maxEvidence {
		return urls
	}
	return append(append([]string(nil), urls[:maxEvidence]...), fmt.Sprintf("… and %d more", len(urls)-maxEvidence))
}

// hostsOf lists hosts once each, sorted.
func hostsOf(hosts []string) string {
	seen := map[string]bool{}
	var out []string
	for _, h := range hosts {
		if h != "" && !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// What loading a pixel reveals, in both languages: the heart of every
// tracking finding.
const (
	revealsEN = "that you opened this message and when, your IP address (and so roughly where you are, also when you are abroad), and your device and mail app"
	revealsJA = "あなたがこのメッセージを開いたこととその日時、IP アドレス（そこからおおよその現在地。海外にいることも分かります）、使っている端末とメールアプリ"
)

func knownTrackerFinding(h *vendorHits) Finding {
	f := Finding{ID: FindingTrackerKnown, Severity: SeverityWarn, Category: CategoryTracking, Evidence: evidence(h.urls)}
	if h.kind == beacon.Analytics {
		f.Title = Text{EN: h.vendor + " analytics pixel", JA: h.vendor + "の解析・広告ピクセル"}
		f.Detail = Text{
			EN: "Loading the images of this message would tell " + h.vendor + " " + revealsEN +
				", and link the visit to the profile it keeps for advertising. mailsafe blocked it.",
			JA: "このメッセージの画像を読み込むと、" + h.vendor + "に" + revealsJA +
				"が伝わり、広告用のプロフィールに結び付けられます。mailsafe はブロックしました。",
		}
		return f
	}
	f.Title = Text{EN: h.vendor + " tracks whether you open this message", JA: h.vendor + "がこのメッセージの開封を追跡しています"}
	f.Detail = Text{
		EN: "Loading the images of this message would tell " + h.vendor + " " + revealsEN + ". mailsafe blocked it.",
		JA: "このメッセージの画像を読み込むと、" + h.vendor + "に" + revealsJA + "が伝わります。mailsafe はブロックしました。",
	}
	return f
}

func pixelFinding(urls, hostList []string) Finding {
	hosts := hostsOf(hostList)
	return Finding{
		ID: FindingTrackerPixel, Severity: SeverityWarn, Category: CategoryTracking, Evidence: evidence(urls),
		Title: Text{EN: "Hidden tracking image from " + hosts, JA: hosts + "の隠れた追跡用画像"},
		Detail: Text{
			EN: "An image carries an identifier minted for one recipient: a tiny or hidden one, one that only loads when you print, " +
				"switch to dark mode or forward the mail, or a picture of any size whose URL singles you out. " +
				"Loading it would tell " + hosts + " " + revealsEN + ". mailsafe blocked it.",
			JA: "受信者ごとに発行された識別子が画像に付いています（ごく小さい画像、隠された画像、印刷・ダークモード・転送のときだけ読み込まれる画像、" +
				"またはサイズに関係なく URL で受信者を特定する画像）。" +
				"読み込むと" + hosts + "に" + revealsJA + "が伝わります。mailsafe はブロックしました。",
		},
	}
}

func addressLeakFinding(leaks []leakHit) Finding {
	var lines, encodings, loadHosts, clickHosts []string
	seenEnc := map[string]bool{}
	for _, l := range leaks {
		if l.resource {
			lines = append(lines, "load, "+l.Encoding+": "+l.url)
			loadHosts = append(loadHosts, l.host)
		} else {
			lines = append(lines, "click, "+l.Encoding+": "+l.url)
			clickHosts = append(clickHosts, l.host)
		}
		if !seenEnc[l.Encoding] {
			seenEnc[l.Encoding] = true
			encodings = append(encodings, l.Encoding)
		}
	}
	loading := len(loadHosts) > 0
	hosts := hostsOf(clickHosts)
	if loading {
		hosts = hostsOf(loadHosts)
	}
	addr := leaks[0].Address
	enc := strings.Join(encodings, ", ")
	f := Finding{ID: FindingTrackerAddressLeak, Severity: SeverityWarn, Category: CategoryTracking, Evidence: evidence(lines)}
	f.Title = Text{EN: "Your address is hidden in links to " + hosts, JA: "あなたのアドレスが" + hosts + "宛てのリンクに埋め込まれています"}
	action, actionJA := "Clicking them", "クリックすると"
	if loading {
		f.Severity = SeverityDanger
		f.Title = Text{EN: "Loading images would send your address to " + hosts, JA: "画像を読み込むとあなたのアドレスが" + hosts + "に送られます"}
		action, actionJA = "Loading them", "読み込むと"
	}
	f.Detail = Text{
		EN: "The address " + addr + " is written into URLs of this message (" + enc + "). " + action + " hands it to " + hosts +
			", which can tie your address to your IP address, device and reading habits, and share it with others.",
		JA: "このメッセージの URL に" + addr + "が埋め込まれています（" + enc + "）。" + actionJA + "、" + hosts +
			" にアドレスが渡り、IP アドレス・端末・閲覧の習慣と結び付けられたり、第三者に共有されたりするおそれがあります。",
	}
	if loading && len(clickHosts) > 0 {
		f.Detail.EN += " Links to " + hostsOf(clickHosts) + " carry it too."
		f.Detail.JA += hostsOf(clickHosts) + "へのリンクにも含まれています。"
	}
	return f
}

func clickFinding(h *vendorHits) Finding {
	return Finding{
		ID: FindingClickTracking, Severity: SeverityInfo, Category: CategoryLinks, Evidence: evidence(h.urls),
		Title: Text{EN: "Links go through " + h.vendor + "'s click tracker", JA: "リンクは" + h.vendor + "のクリック追跡を経由します"},
		Detail: Text{
			EN: "Clicking a link first goes to " + h.vendor + ", which records which link you clicked, when, your IP address and device, " +
				"then forwards you to the real address (shown after the arrow where the link reveals it).",
			JA: "リンクをクリックすると、まず" + h.vendor + "に接続し、どのリンクをいつクリックしたか、IP アドレスと端末が記録されてから、" +
				"本来のリンク先に転送されます（リンクから分かる場合は矢印の後に表示）。",
		},
	}
}
