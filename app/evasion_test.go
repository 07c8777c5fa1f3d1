package app

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"mailsafe/internal/proxytest"
	"mailsafe/mailview"
)

// evasions are tracking images written to slip past "keep trackers
// blocked" (issue 15): a vendor's host or path spelled another way, a pixel
// hidden or shrunk by a style sheet, a picture's source chain, CSS that
// hides without display:none, and pictures of no tiny size that carry a
// per-recipient token. Each is in a mail beside one content image.
var evasions = []struct {
	name, html, url string
}{
	{"vendor host with a trailing dot", `<img src="http://ct.sendgrid.net./wf/open?upn=u001.AbCdEf" width="600" height="40">`,
		"http://ct.sendgrid.net./wf/open?upn=u001.AbCdEf"},
	{"vendor host in upper case and fullwidth", `<img src="http://ＣＴ．ｓｅｎｄｇｒｉｄ．ｎｅｔ/wf/open?upn=u001.AbCdEf" width="600" height="40">`,
		"http://ct.sendgrid.net/wf/open?upn=u001.AbCdEf"},
	{"percent-encoded vendor path", `<img src="http://ct.sendgrid.net/wf/%6Fpen?upn=u001.AbCdEf" width="600" height="40">`,
		"http://ct.sendgrid.net/wf/%6Fpen?upn=u001.AbCdEf"},
	{"dot segments in a vendor path", `<img src="http://ct.sendgrid.net/x/../wf/%2e/open?upn=u001.AbCdEf" width="600" height="40">`,
		"http://ct.sendgrid.net/x/../wf/%2e/open?upn=u001.AbCdEf"},
	{"doubled slashes in a vendor path", `<img src="http://ct.sendgrid.net//wf//open?upn=u001.AbCdEf" width="600" height="40">`,
		"http://ct.sendgrid.net//wf//open?upn=u001.AbCdEf"},
	{"the address beside a stray percent", `<img src="http://news.shop.example/b.jpg?off=50%&e=reader%40example.org" width="600" height="300">`,
		"http://news.shop.example/b.jpg?off=50%&e=reader%40example.org"},
	{"percent-encoded vendor query", `<img src="http://acme.us1.list-manage.com/track/open.php?%75=1&id=2" width="600" height="40">`,
		"http://acme.us1.list-manage.com/track/open.php?%75=1&id=2"},
	{"hidden by a style sheet class", `<style>.ghost { display: none }</style><img class="ghost" src="http://px.shop.example/o.gif?c=17" width="600" height="40">`,
		"http://px.shop.example/o.gif?c=17"},
	{"hidden by a style sheet id, sheet after the image", `<img id="z" src="http://px.shop.example/o.gif?c=18" width="600" height="40"><style>#z{visibility:hidden}</style>`,
		"http://px.shop.example/o.gif?c=18"},
	{"hidden by a descendant selector", `<style>div.foot img { opacity: 0 }</style><div class="foot"><img src="http://px.shop.example/o.gif?c=19"></div>`,
		"http://px.shop.example/o.gif?c=19"},
	{"hidden by an attribute selector", `<style>img[src*="/o.gif"]{display:none}</style><img src="http://px.shop.example/o.gif?c=29" width="600" height="40">`,
		"http://px.shop.example/o.gif?c=29"},
	{"sized 1x1 by a style sheet class", `<style>.px{width:1px;height:1px}</style><img class="px" src="http://px.shop.example/o.gif?c=20">`,
		"http://px.shop.example/o.gif?c=20"},
	{"picture source before a 1x1 img", `<picture><source srcset="http://px.shop.example/s.gif?c=21"><img src="http://cdn.shop.example/img/blank.gif" width="1" height="1"></picture>`,
		"http://px.shop.example/s.gif?c=21"},
	{"overflow clip on a zero-height box", `<div style="height:0;overflow:clip"><img src="http://px.shop.example/o.gif?c=22" width="600" height="40"></div>`,
		"http://px.shop.example/o.gif?c=22"},
	{"clip-path inset", `<img style="clip-path:inset(50%)" src="http://px.shop.example/o.gif?c=23" width="600" height="40">`,
		"http://px.shop.example/o.gif?c=23"},
	{"clip rect", `<img style="position:absolute;clip:rect(0 0 0 0)" src="http://px.shop.example/o.gif?c=24" width="600" height="40">`,
		"http://px.shop.example/o.gif?c=24"},
	{"transform scale(0)", `<img style="transform:scale(0)" src="http://px.shop.example/o.gif?c=25" width="600" height="40">`,
		"http://px.shop.example/o.gif?c=25"},
	{"max-width 0", `<img style="max-width:0" src="http://px.shop.example/o.gif?c=26" width="600" height="40">`,
		"http://px.shop.example/o.gif?c=26"},
	{"max-height 0 from a class", `<style>.m{max-height:0px}</style><img class="m" src="http://px.shop.example/o.gif?c=27" width="600" height="40">`,
		"http://px.shop.example/o.gif?c=27"},
	{"scaled to a thousandth", `<img style="transform:scale(0.001)" src="http://px.shop.example/o.gif?c=40" width="600" height="40">`,
		"http://px.shop.example/o.gif?c=40"},
	{"zoomed to 1%", `<img style="zoom:1%" src="http://px.shop.example/o.gif?c=41" width="600" height="40">`,
		"http://px.shop.example/o.gif?c=41"},
	{"clip-path inset in pixels", `<img style="clip-path:inset(0 0 40px 0)" src="http://px.shop.example/o.gif?c=42" width="600" height="40">`,
		"http://px.shop.example/o.gif?c=42"},
	{"moved off screen, relatively positioned", `<img style="position:relative;left:-9999px" src="http://px.shop.example/o.gif?c=43" width="600" height="40">`,
		"http://px.shop.example/o.gif?c=43"},
	{"moved off screen by a margin in em", `<style>.away{margin:0 0 0 -700em}</style><img class="away" src="http://px.shop.example/o.gif?c=44" width="600" height="40">`,
		"http://px.shop.example/o.gif?c=44"},
	{"in a one-pixel box that clips", `<div style="height:1px;overflow:hidden"><img src="http://px.shop.example/o.gif?c=45" width="600" height="40"></div>`,
		"http://px.shop.example/o.gif?c=45"},
	{"sized in points", `<img style="width:0.75pt;height:0.75pt" src="http://px.shop.example/o.gif?c=46">`,
		"http://px.shop.example/o.gif?c=46"},
	{"hidden through :is()", `<style>img:is(.spare, .ghost){display:none}</style><img class="ghost" src="http://px.shop.example/o.gif?c=47" width="600" height="40">`,
		"http://px.shop.example/o.gif?c=47"},
	{"hidden through an escaped class name", `<style>.\67 host{display:none}</style><img class="ghost" src="http://px.shop.example/o.gif?c=48" width="600" height="40">`,
		"http://px.shop.example/o.gif?c=48"},
	{"hidden through a sibling combinator", `<style>.note + img{display:none}</style><span class="note">x</span><img src="http://px.shop.example/o.gif?c=50" width="600" height="40">`,
		"http://px.shop.example/o.gif?c=50"},
	{"an escaped display value", `<style>.g{display:n\6f ne}</style><img class="g" src="http://px.shop.example/o.gif?c=49" width="600" height="40">`,
		"http://px.shop.example/o.gif?c=49"},
	{"opacity 1%", `<img style="opacity:0.01" src="http://px.shop.example/o.gif?c=28" width="600" height="40">`,
		"http://px.shop.example/o.gif?c=28"},
	{"4x4 with a recipient token", `<img src="http://px.shop.example/o/7c9e6679f4254b6f8a1dd1a3c2b4e5f6.gif" width="4" height="4">`,
		"http://px.shop.example/o/7c9e6679f4254b6f8a1dd1a3c2b4e5f6.gif"},
	{"600x1 with a recipient token", `<img src="http://px.shop.example/line.gif?r=7c9e6679f4254b6f8a1dd1a3c2b4e5f6" width="600" height="1">`,
		"http://px.shop.example/line.gif?r=7c9e6679f4254b6f8a1dd1a3c2b4e5f6"},
	{"full-size picture with a recipient token", `<img src="http://news.shop.example/hero.jpg?rid=7c9e6679f4254b6f8a1dd1a3c2b4e5f6" width="600" height="300">`,
		"http://news.shop.example/hero.jpg?rid=7c9e6679f4254b6f8a1dd1a3c2b4e5f6"},
	{"the address in hex", fmt.Sprintf(`<img src="http://news.shop.example/b.jpg?x=%x" width="600" height="300">`, "reader@example.org"),
		fmt.Sprintf("http://news.shop.example/b.jpg?x=%x", "reader@example.org")},
	{"a file:// share", `<img src="file://smb.shop.example/share/logo.png" width="200" height="60">`,
		"file://smb.shop.example/share/logo.png"},
	{"the same URL as a pixel and as a visible input", `<img src="http://px.shop.example/o.gif?q=1" width="1" height="1"><input type="image" src="http://px.shop.example/o.gif?q=1" width="600" height="60">`,
		"http://px.shop.example/o.gif?q=1"},
	{"the address reversed", `<img src="http://news.shop.example/b.jpg?x=gro.elpmaxe@redaer" width="600" height="300">`,
		"http://news.shop.example/b.jpg?x=gro.elpmaxe@redaer"},
}

// TestEvasionsStayBlocked analyses each evasion, checks that its resource
// is a tracker, and loads the message's images with "keep trackers
// blocked" through a local proxy that counts every request: the content
// image must arrive, the tracker must never be asked for.
func TestEvasionsStayBlocked(t *testing.T) {
	proxy := proxytest.StartAnswering(t, testPNG)
	p, err := ParseProxy(proxy.URL)
	if err != nil {
		t.Fatal(err)
	}
	const me = "reader@example.org"
	const content = "http://cdn.shop.example/img/logo.png"
	for _, e := range evasions {
		t.Run(e.name, func(t *testing.T) {
			before := len(proxy.Requests())
			mail := "From: News <news@shop.example>\r\nTo: " + me + "\r\nSubject: Offers\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
				`<p>Our offers</p><img src="` + content + `" width="200" height="60" alt="Shop">` + e.html
			v := mailview.Analyze([]byte(mail), mailview.Reader{Me: []string{me}})
			found := false
			for _, r := range v.Resources {
				if r.URL == e.url || r.Canonical != nil && r.Canonical.String() == e.url {
					found = true
					if !r.Tracks { // every resource of the URL
						t.Errorf("%s is not a tracker: reasons %v, %dx%d hidden=%v", r.URL, r.Reasons, r.Width, r.Height, r.Hidden)
					}
				}
				if r.URL == content && r.Tracks {
					t.Errorf("the content image is called a tracker: %v", r.Reasons)
				}
			}
			if !found {
				var urls []string
				for _, r := range v.Resources {
					urls = append(urls, r.URL)
				}
				t.Fatalf("resource %s not found; resources: %v", e.url, urls)
			}
			allowed := AllowedResources(v.Resources, LoadKeepTrackersBlocked)
			l := &HTTPLoader{Me: []string{me}}
			for img := range l.Load(context.Background(), allowed, LoadOptions{Mode: LoadKeepTrackersBlocked, Proxy: p}) {
				if img.URL == content && (img.Err != nil || !bytes.Equal(img.Data, testPNG)) {
					t.Errorf("the content image did not load: %v", img.Err)
				}
			}
			asked := proxy.Requests()[before:]
			contentLoads := 0
			for _, a := range asked {
				switch {
				case a == content:
					contentLoads++
				case strings.Contains(a, "sendgrid") || strings.Contains(a, "list-manage") || strings.Contains(a, "px.shop") ||
					strings.Contains(a, "news.shop") || strings.Contains(a, "smb.shop") || a == e.url:
					t.Errorf("tracker fetched: %s", a)
				}
			}
			if contentLoads != 1 {
				t.Errorf("the content image was asked for %d times; the proxy saw %v", contentLoads, asked)
			}
		})
	}
}
