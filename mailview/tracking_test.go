package mailview

import (
	"encoding/base64"
	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
	"mailsafe/mailview/safedoc"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
)

// trackingCases says, for each marketing mail in testdata, which resources are
// which: every tracker must be caught and no content image called a tracker.
var trackingCases = []struct {
	file    string
	me      []string
	vendors map[string]string // resource URL -> known vendor
	pixels  []string          // unknown-vendor tracking images (tracker-pixel)
	content []string          // genuine images: no vendor, not a pixel
	spacers []string          // tiny images with no identifier
	clicks  map[string]string // link URL -> click-tracking vendor
	targets map[string]string // link URL -> final target the finding shows
	leaks   []string          // address encodings found
}{
	{
		file: "marketing-newsletter.eml", me: []string{"Alex.Morgan@example.com"},
		vendors: map[string]string{
			"https://brewbean.us4.list-manage.com/track/open.php?u=8a2f3c1d9e7b6a5f4c3d2e1f0&id=4b3c2d1e0f&e=9f8e7d6c5b": "Mailchimp",
			"https://email.brewbean.example/wf/open?upn=u001.Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg-3D-3D":               "SendGrid (Twilio)",
			"https://www.facebook.com/tr?id=1234567890&ev=EmailOpen&noscript=1":                                          "Meta (Facebook)",
		},
		pixels: []string{
			"https://px.audiencelens.example/o.gif?rid=7c9e6679f4254b6f8a1dd1a3c2b4e5f6",     // hidden by an ancestor
			"https://px.audiencelens.example/print.gif?rid=7c9e6679f4254b6f8a1dd1a3c2b4e5f6", // @media print
			"https://px.audiencelens.example/dark.gif?rid=7c9e6679f4254b6f8a1dd1a3c2b4e5f6",  // prefers-color-scheme
			"https://px.audiencelens.example/fwd.gif?rid=7c9e6679f4254b6f8a1dd1a3c2b4e5f6",   // quoted-mail selectors
			"https://stats.brewbean.example/open/3f2c1a9e-5b7d-4c2e-9a1f-0e8d7c6b5a49.gif",   // opacity:0
		},
		content: []string{
			"https://cdn.brewbean.example/img/logo.png", "https://cdn.brewbean.example/img/banners/winter-2026.jpg",
			"https://cdn.brewbean.example/img/products/ethiopia-guji.jpg", "https://cdn.brewbean.example/img/products/colombia-huila.jpg",
			"https://cdn.brewbean.example/img/products/kenya-nyeri.jpg?w=360&h=360", "https://cdn.brewbean.example/img/icons/instagram.png",
			"https://cdn.brewbean.example/img/icons/facebook.png", "https://cdn.brewbean.example/img/hero-bg.jpg",
		},
		spacers: []string{"https://cdn.brewbean.example/img/spacer.gif"},
		clicks: map[string]string{
			"https://brewbean.us4.list-manage.com/track/click?u=8a2f3c1d9e7b6a5f4c3d2e1f0&id=77aa12bb34&e=9f8e7d6c5b":                                                                              "Mailchimp",
			"https://email.brewbean.example/ls/click?upn=u001.Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg-3D-3D":                                                                                        "SendGrid (Twilio)",
			"https://abcd1234.r.us-east-1.awstrack.me/L0/https:%2F%2Fbrewbean.example%2Fsubscriptions%3Fplan=monthly/1/0100018a2b3c4d5e-1f2e3d4c-5b6a-7988-a1b2-c3d4e5f60718-000000/Xy9zAbCdEfGh=": "Amazon SES",
		},
		targets: map[string]string{
			"https://abcd1234.r.us-east-1.awstrack.me/L0/https:%2F%2Fbrewbean.example%2Fsubscriptions%3Fplan=monthly/1/0100018a2b3c4d5e-1f2e3d4c-5b6a-7988-a1b2-c3d4e5f60718-000000/Xy9zAbCdEfGh=": "https://brewbean.example/subscriptions?plan=monthly",
		},
		leaks: []string{"plain", "url-encoded", "base64", "base64url", "md5", "sha1", "sha224", "sha256", "sha384", "sha512"},
	},
	{
		file: "marketing-jp.eml", me: []string{"mika.sato@example.co.jp"},
		vendors: map[string]string{
			"https://bmetrack.com/c/o?e=1A2B3C4D5E6F&c=7F8E9D&t=0&l=2B4C6D&email=9ZyXwVuTsRqPoNmL": "Benchmark Email",
		},
		pixels: []string{"https://tr.maruya-shop.example/beacon/open.png?uid=4839201745&mid=20261122"}, // zero-size box
		content: []string{"https://img.maruya-shop.example/mail/2026/11/header.jpg", "https://img.maruya-shop.example/mail/2026/11/mug-blue.jpg",
			"https://img.maruya-shop.example/mail/2026/11/mug-white.jpg"},
		clicks: map[string]string{
			"https://cl.cuenote.jp/c/a1B2c3D4e5F6g7H8/i9J0k1L2m3": "Cuenote FC",
			"https://hm-f.jp/cc.php?t=M987654&c=12345&d=5f3c":     "Hai-Hai Mail (配配メール)",
		},
	},
}

func TestTrackingTestdata(t *testing.T) {
	for _, tc := range trackingCases {
		t.Run(tc.file, func(t *testing.T) {
			raw, err := os.ReadFile("testdata/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			v := Analyze(raw, Reader{Me: tc.me})
			res := map[string]check.Resource{}
			for _, r := range v.Resources {
				res[r.URL] = r
			}
			pixelFinding := map[string]bool{}
			findings := map[check.ID]check.Finding{}
			for _, f := range v.Findings {
				findings[f.ID] = f
				if f.ID == check.FindingTrackerPixel {
					for _, e := range f.Evidence {
						pixelFinding[e] = true
					}
				}
			}
			for u, vendor := range tc.vendors {
				if r, ok := res[u]; !ok || r.Tracker != vendor || !hasAny(r.Reasons, check.ReasonKnownVendor) {
					t.Errorf("%s: tracker %q reasons %v, want %q", u, r.Tracker, r.Reasons, vendor)
				}
			}
			for _, u := range tc.pixels {
				if r, ok := res[u]; !ok || r.Tracker != "" || !pixelFinding[u] {
					t.Errorf("%s: not reported as a tracking pixel (reasons %v)", u, res[u].Reasons)
				}
			}
			for _, u := range append(append([]string(nil), tc.content...), tc.spacers...) {
				r, ok := res[u]
				if !ok {
					t.Errorf("%s: not listed as a resource", u)
				}
				if r.Tracker != "" || pixelFinding[u] || hasAny(r.Reasons, check.ReasonKnownVendor, check.ReasonAddressLeak) {
					t.Errorf("content image %s called a tracker: %q %v", u, r.Tracker, r.Reasons)
				}
			}
			for _, u := range tc.spacers {
				if !hasAny(res[u].Reasons, check.ReasonSpacer) {
					t.Errorf("%s: not recognised as a spacer: %v", u, res[u].Reasons)
				}
			}
			// Nothing else in the mail may be called a tracker.
			for u, r := range res {
				_, isVendor := tc.vendors[u]
				if (r.Tracker != "" && !isVendor) || (pixelFinding[u] && !contains(tc.pixels, u) && !strings.Contains(u, "mailmetrics")) {
					t.Errorf("%s: unexpectedly called a tracker (%q %v)", u, r.Tracker, r.Reasons)
				}
			}
			links := map[string]check.Link{}
			for _, l := range v.Links {
				links[l.URL] = l
			}
			click := findingsByID(v, check.FindingClickTracking)
			for u, vendor := range tc.clicks {
				if !hasAny(links[u].Issues, check.IssueClickTracking) {
					t.Errorf("link %s: issues %v, want click-tracking", u, links[u].Issues)
				}
				if !strings.Contains(click, vendor+"'s click tracker") || !strings.Contains(click, u) {
					t.Errorf("no click-tracking finding naming %s for %s:\n%s", vendor, u, click)
				}
			}
			for _, l := range v.Links {
				if _, ok := tc.clicks[l.URL]; !ok && hasAny(l.Issues, check.IssueClickTracking) {
					t.Errorf("link %s wrongly marked click-tracking", l.URL)
				}
			}
			for u, target := range tc.targets {
				if !strings.Contains(click, u+"  (→ "+target+")") {
					t.Errorf("final target %s of %s not shown:\n%s", target, u, click)
				}
			}
			var got []string
			if f, ok := findings[check.FindingTrackerAddressLeak]; ok {
				for _, e := range f.Evidence {
					if _, rest, ok := strings.Cut(e, ", "); ok {
						got = append(got, strings.SplitN(rest, ":", 2)[0])
					}
				}
			}
			sort.Strings(got)
			want := append([]string(nil), tc.leaks...)
			sort.Strings(want)
			if strings.Join(dedupe(got), ",") != strings.Join(want, ",") {
				t.Errorf("address leak encodings = %v, want %v", dedupe(got), want)
			}
			for _, f := range v.Findings {
				if f.Title.EN == "" || f.Title.JA == "" || f.Detail.EN == "" || f.Detail.JA == "" {
					t.Errorf("%s lacks a title or detail in a language", f.ID)
				}
			}
		})
	}
}

// findingsByID joins the English titles and evidence of the findings with an id.
func findingsByID(v *View, id check.ID) string {
	var b strings.Builder
	for _, f := range v.Findings {
		if f.ID == id {
			b.WriteString(f.Title.EN + "\n" + strings.Join(f.Evidence, "\n") + "\n")
		}
	}
	return b.String()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func dedupe(s []string) []string {
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// Each blocked image of the document finds its resource's verdict: the
// placeholder and the reveal panel read it from there.
func TestTrackingImagesFindTheirVerdict(t *testing.T) {
	raw, err := os.ReadFile("testdata/marketing-newsletter.eml")
	if err != nil {
		t.Fatal(err)
	}
	v := Analyze(raw, Reader{})
	seen := map[string]bool{}
	for _, b := range v.Document.Blocks {
		if b.Kind != safedoc.BlockImage || b.Image.URL == "" {
			continue
		}
		r := v.ResourceFor(b.Image)
		if r == nil {
			t.Errorf("image %s has no resource", b.Image.URL)
			continue
		}
		switch {
		case r.Host == "brewbean.us4.list-manage.com":
			seen["pixel"] = true
			if !r.Tracks || r.Tracker != "Mailchimp" {
				t.Errorf("Mailchimp pixel %s: tracks %v, tracker %q", r.URL, r.Tracks, r.Tracker)
			}
		case b.Image.Alt == "Brew & Bean":
			seen["logo"] = true
			if r.Tracks || r.SendsAddress {
				t.Errorf("the logo %s is called a tracker: %+v", r.URL, r.Tracking)
			}
		case hasAny(r.Reasons, check.ReasonSpacer):
			seen["spacer"] = true
			if r.Tracks {
				t.Errorf("the spacer %s is called a tracker: %+v", r.URL, r.Tracking)
			}
		}
	}
	if !seen["pixel"] || !seen["logo"] || !seen["spacer"] {
		t.Errorf("images seen: %v, want the pixel, the logo and the spacer", seen)
	}
}

func hasAny[T comparable](list []T, want ...T) bool {
	return slices.ContainsFunc(want, func(w T) bool { return slices.Contains(list, w) })
}

// A resource's reasons carry only claims that hold for it: a visible
// picture named by its content hash has no recipient token; the same name on
// a 1×1 image is one. Analytics endpoints are known vendors.
func TestTrackerClaimsHold(t *testing.T) {
	raw := "From: Shop <news@shop.example>\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n" +
		`<img src="https://cdn.shop.example/i/3f2a9c1e8b7d4f6a9c1e8b7d4f6a.jpg" width="600" height="300">` +
		`<img src="https://cdn.shop.example/i/9c1e8b7d4f6a3f2a9c1e8b7d4f6a.gif" style="width:1px;height:1px">` +
		`<img src="https://www.google-analytics.com/g/collect?v=2&tid=G-ABC&cid=555.1&en=email_open" width="1" height="1">` +
		`<img src="https://stats.shop.example/matomo.php?idsite=3&rec=1&_id=8f14e45fceea167a" width="1" height="1">`
	v := Analyze([]byte(raw), Reader{})
	want := map[string]struct {
		token  bool
		vendor string
	}{
		"https://cdn.shop.example/i/3f2a9c1e8b7d4f6a9c1e8b7d4f6a.jpg": {false, ""},
		"https://cdn.shop.example/i/9c1e8b7d4f6a3f2a9c1e8b7d4f6a.gif": {true, ""},
	}
	for _, r := range v.Resources {
		if w, ok := want[r.URL]; ok {
			if hasAny(r.Reasons, check.ReasonRecipientToken) != w.token {
				t.Errorf("%s: reasons %v", r.URL, r.Reasons)
			}
			continue
		}
		if r.Tracker == "" {
			t.Errorf("%s: no vendor named (reasons %v)", r.URL, r.Reasons)
		}
	}
}

// A sender's list may keep the reader's address in its own case; the URL
// then carries that spelling's base64, which is the reader's address all
// the same.
func TestAddressLeakInTheCaseTheMessageWritesIt(t *testing.T) {
	const written = "Reader.Name@Example.com"
	raw := "From: Shop <news@shop.example>\r\nTo: " + written + "\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n" +
		`<img src="https://img.shop.example/banner.jpg?r=` + base64.URLEncoding.EncodeToString([]byte(written)) + `" width="600" height="300">`
	v := Analyze([]byte(raw), Reader{Me: []string{"reader.name@example.com"}})
	f, ok := v.Finding(check.FindingTrackerAddressLeak)
	if !ok || !strings.Contains(strings.Join(f.Evidence, "\n"), "base64") {
		t.Errorf("no base64 leak of %s found: %v %v", written, ok, f.Evidence)
	}
}

// A style rule that hides through a selector not read is a problem of the
// message, shown with the others.
func TestUnreadStyleRuleIsAProblem(t *testing.T) {
	raw := "From: a@example.org\r\nContent-Type: text/html\r\n\r\n" +
		`<style>img:not(.logo){display:none}</style><table><tr><td>a</td><td><img src="https://px.shop.example/o.gif?c=1" width="600" height="40"></td></tr></table>`
	v := Analyze([]byte(raw), Reader{})
	for _, p := range v.Message.Problems {
		if p.Kind == message.ProblemStyleUnread {
			return
		}
	}
	t.Errorf("no %s problem: %+v", message.ProblemStyleUnread, v.Message.Problems)
}
