package check

// Shared hosting: a sender address, a link or an image on a service where
// anyone can publish under the service's name (assets/hosting.txt). Each is
// a medium signal alone: legitimate apps do send from a Firebase project
// and link to a form, but businesses send from and link to their own
// domains, and phishing borrows the service's name and certificate.

import (
	"fmt"
	"slices"
	"strings"

	"mailsafe/assets"
	"mailsafe/mailview/safedoc"
)

// Finding ids about shared hosting.
const (
	FindingSenderHosted ID = "sender-hosted"
	FindingLinkHosted   ID = "link-hosted"
	FindingImageHosted  ID = "image-hosted"
)

// hostKind is what a shared service offers (assets/hosting.txt).
type hostKind string

const (
	hostSite    hostKind = "site"
	hostStorage hostKind = "storage"
	hostForm    hostKind = "form"
	hostImage   hostKind = "image"
)

// hostingService is one line of assets/hosting.txt: a host name, split
// into labels from the right ("*" matches any one label).
type hostingService struct {
	kind   hostKind
	name   string
	labels []string // reversed: "s3.*.amazonaws.com" → com, amazonaws, *, s3
}

func loadHosting() []hostingService {
	var out []hostingService
	for _, l := range assets.Lines("hosting.txt") {
		kind, host, ok := strings.Cut(l, "|")
		if !ok {
			continue
		}
		k := hostKind(strings.TrimSpace(kind))
		host = strings.ToLower(strings.TrimSpace(host))
		switch k {
		case hostSite, hostStorage, hostForm, hostImage:
		default:
			continue
		}
		if host == "" {
			continue
		}
		labels := strings.Split(host, ".")
		slices.Reverse(labels)
		out = append(out, hostingService{kind: k, name: host, labels: labels})
	}
	return out
}

// matches tells whether a host, split into its labels, is the service's
// name or below it.
func (s hostingService) matches(labels []string) bool {
	if len(labels) < len(s.labels) {
		return false
	}
	for i, want := range s.labels {
		got := labels[len(labels)-1-i]
		if want != "*" && got != want {
			return false
		}
	}
	return true
}

// hostingIndex is the services of hosting.txt, in order, with what finds
// those a host may be on by the host's last two labels ("amazonaws.com"):
// nearly every host is on none.
type hostingIndex struct {
	services []hostingService
	byEnd    map[string][]int // by the last two labels joined: the services (index, in order) that end so
	other    []int            // the services with a "*" in their last two labels or a single label
}

func newHostingIndex(services []hostingService) hostingIndex {
	x := hostingIndex{services: services, byEnd: map[string][]int{}}
	for i, s := range services {
		if len(s.labels) < 2 || s.labels[0] == "*" || s.labels[1] == "*" {
			x.other = append(x.other, i)
			continue
		}
		end := s.labels[1] + "." + s.labels[0]
		x.byEnd[end] = append(x.byEnd[end], i)
	}
	return x
}

// lastTwoLabels is host's last two labels as written ("" for a host of
// one label).
func lastTwoLabels(host string) string {
	dot := strings.LastIndexByte(host, '.')
	if dot < 0 {
		return ""
	}
	return host[strings.LastIndexByte(host[:dot], '.')+1:]
}

// hostedOn returns the shared service of one of kinds that host is on, if any.
func hostedOn(host string, kinds ...hostKind) (hostingService, bool) {
	return facts().hosting.on(host, kinds)
}

// on returns the first service of one of kinds that host is on. Only the
// services that end in the host's last two labels, or have a wildcard
// there, can match.
func (x hostingIndex) on(host string, kinds []hostKind) (hostingService, bool) {
	host = strings.ToLower(host)
	if host == "" {
		return hostingService{}, false
	}
	host = strings.TrimSuffix(host, ".")
	ends := x.byEnd[lastTwoLabels(host)]
	if len(ends) == 0 && len(x.other) == 0 {
		return hostingService{}, false
	}
	labels := strings.Split(host, ".") // once, for every service
	for i, j := 0, 0; i < len(ends) || j < len(x.other); {
		var k int // the next candidate in the list's order
		if j == len(x.other) || i < len(ends) && ends[i] < x.other[j] {
			k, i = ends[i], i+1
		} else {
			k, j = x.other[j], j+1
		}
		if s := x.services[k]; hasAny(kinds, s.kind) && s.matches(labels) {
			return s, true
		}
	}
	return hostingService{}, false
}

// hostingFindings flags a From address under a shared platform's name, links
// to pages, files or forms anyone can publish there, and images from
// anonymous image hosts. A link to the sender's own host (a Firebase app's
// mail linking to the app) is no further evidence.
func hostingFindings(v *Mail) []Finding {
	var out []Finding
	fromHost := v.fromMailbox().Domain()
	if s, ok := hostedOn(fromHost, hostSite, hostStorage); ok && fromHost != s.name {
		out = append(out, Finding{
			ID: FindingSenderHosted, Severity: SeverityWarn, Category: CategorySender,
			Evidence: []string{"From: " + fromHost + " (a name under " + s.name + ")"},
			Title:    Text{EN: "Sent from a name anyone can get at " + s.name, JA: "誰でも取得できる" + s.name + "の名前から送信されています"},
			Detail: Text{
				EN: "The sender's address is under " + s.name + ", a service where anyone can create a site or app in minutes and send mail under its name. Apps do send sign-in mail this way, but companies write from their own domain; phishing uses such names because they look familiar and cost nothing.",
				JA: "差出人アドレスは" + s.name + "の下にあります。誰でも数分でサイトやアプリを作り、その名前でメールを送れるサービスです。アプリのログイン通知などで使われることはありますが、企業は自社ドメインから送信します。フィッシングは、見慣れた名前を無料で使えるためこうした名前を使います。",
			},
		})
	}
	var links []string
	seen := map[string]bool{}
	for i := range v.Links {
		l := &v.Links[i]
		if l.Kind != safedoc.LinkAnchor && l.Kind != safedoc.LinkArea && l.Kind != safedoc.LinkText {
			continue
		}
		t := l.Target
		if !isWeb(t.Parsed) || t.Host == fromHost {
			continue
		}
		s, ok := hostedOn(t.Host, hostSite, hostStorage, hostForm)
		if !ok {
			continue
		}
		l.Issues = appendOnce(l.Issues, FindingLinkHosted)
		if !seen[t.Host] {
			seen[t.Host] = true
			links = append(links, fmt.Sprintf("%s (%s at %s)", t.Host, s.kind, s.name))
		}
	}
	if len(links) > 0 {
		out = append(out, Finding{
			ID: FindingLinkHosted, Severity: SeverityWarn, Category: CategoryLinks, Evidence: evidence(links),
			Title: Text{EN: "A link leads to a page anyone can publish", JA: "誰でも公開できるページへのリンクがあります"},
			Detail: Text{
				EN: "The link goes to free hosting, a storage bucket or a form builder: anyone can put a page or form there under the service's well-known name, without a domain of their own. Fake sign-in pages are often hosted this way. Do not enter a password or card number on a page you reached from this message.",
				JA: "リンク先は無料ホスティング、ストレージ、またはフォーム作成サービスです。誰でも自分のドメインなしに、有名なサービスの名前でページやフォームを置けます。偽のログインページはよくこの方法で置かれます。このメールから開いたページでパスワードやカード番号を入力しないでください。",
			},
		})
	}
	var images []string
	seenImg := map[string]bool{}
	for _, r := range v.Resources {
		if s, ok := hostedOn(r.Host, hostImage); ok && !seenImg[r.Host] {
			seenImg[r.Host] = true
			images = append(images, r.Host+" ("+s.name+")")
		}
	}
	if len(images) > 0 {
		out = append(out, Finding{
			ID: FindingImageHosted, Severity: SeverityWarn, Category: CategorySender, Evidence: evidence(images),
			Title: Text{EN: "Its pictures are on an anonymous image host", JA: "画像が匿名の画像共有サービスに置かれています"},
			Detail: Text{
				EN: "The message's images come from a service where anyone uploads pictures without an account. Companies and mail services host their own images; mail built this way was put together by someone who does not want to be traced.",
				JA: "このメッセージの画像は、アカウントなしで誰でも画像を置けるサービスから読み込まれます。企業やメール配信サービスは自前で画像を置きます。このような作りのメールは、身元をたどられたくない人が作ったものです。",
			},
		})
	}
	return out
}
