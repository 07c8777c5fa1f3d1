package mailview

import (
	"mailsafe/mailview/check"
	"mailsafe/mailview/safedoc"
	"os"
	"sort"
	"strings"
	"testing"
)

// leakVectors is every remote reference in testdata/leak-vectors.eml, by
// vector. The mail's <base href> is http://leak.mailsafe.test/base/, so
// protocol-relative URLs take http and relative ones resolve under /base/.
var leakVectors = map[safedoc.Vector][]string{
	safedoc.VectorManifest:    {"/manifest.appcache"},
	safedoc.VectorMetaRefresh: {"/meta-refresh.html"},
	safedoc.VectorLink:        {"/link-stylesheet.css", "/link-prefetch.js", "/link-dns-prefetch", "/link-preload.png", "/link-imagesrcset.png", "/link-icon.ico"},
	safedoc.VectorScript:      {"/script.js"},
	safedoc.VectorCSSImport:   {"/style-import-string.css", "/style-import-url.css", "/cid-svg-style-import.css"},
	safedoc.VectorCSSFont:     {"/style-font-face.woff2", "/cid-css-font.woff"},
	safedoc.VectorCSSURL: {"/style-url.png", "/style-content.png", "/style-escaped-function.png", "/style-escaped-url.png",
		"/style-media-dark.png", "/style-media-print.png", "/inline-style.png", "/inline-style-escaped.png", "/cid-css-background.png"},
	safedoc.VectorCSSImageSet: {"/style-image-set-1x.png", "/style-image-set-2x.png"},
	safedoc.VectorCSSVar:      {"/style-var.png"},
	safedoc.VectorBackground:  {"/body-background.png", "/table-background.png", "/td-background.png"},
	safedoc.VectorImgSrc: {"/img-src.png", "/img-entity.png", "/img-tab.png", "/img-protocol-relative.png", "/base/relative-via-base.png",
		"/img-backslash.png", "/img-with-srcset.png", "/img-pixel.gif", "/picture-img.png", "/srcdoc-img.png"},
	safedoc.VectorImgSrcset:             {"/img-srcset-1x.png", "/img-srcset-2x.png"},
	safedoc.VectorImgLowsrc:             {"/img-lowsrc.png"},
	safedoc.VectorImgDynsrc:             {"/img-dynsrc.avi"},
	safedoc.VectorSourceSet:             {"/picture-source.webp"},
	safedoc.VectorIframe:                {"/iframe.html"},
	safedoc.VectorFrame:                 {"/frame.html"},
	safedoc.VectorObject:                {"/object.swf", "/object-param.swf"},
	safedoc.VectorEmbed:                 {"/embed.swf"},
	safedoc.VectorApplet:                {"/applet/Leak.class"},
	safedoc.VectorVideo:                 {"/video.mp4"},
	safedoc.VectorPoster:                {"/video-poster.jpg"},
	safedoc.VectorSourceSrc:             {"/video-source.webm"},
	safedoc.VectorTrack:                 {"/video-track.vtt"},
	safedoc.VectorAudio:                 {"/audio.mp3"},
	safedoc.VectorInputImage:            {"/input-image.png"},
	safedoc.VectorSVGPrefix + "image":   {"/svg-image.png", "/cid-svg-image.png", "/data-svg-image.png"},
	safedoc.VectorSVGPrefix + "use":     {"/svg-use.svg#a"},
	safedoc.VectorSVGPrefix + "feimage": {"/svg-feimage.png"},
}

const leakHost = "leak.mailsafe.test"

func readLeakMail(t testing.TB) []byte {
	raw, err := os.ReadFile("testdata/leak-vectors.eml")
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestLeakVectorsAreAllFound(t *testing.T) {
	v := Analyze(readLeakMail(t), Reader{})
	want := map[string]bool{}
	for vector, paths := range leakVectors {
		for _, p := range paths {
			want[string(vector)+" http://"+leakHost+p] = true
		}
	}
	got := map[string]bool{}
	for _, r := range v.Resources {
		got[string(r.Vector)+" "+r.URL] = true
	}
	var missing, extra []string
	for k := range want {
		if !got[k] {
			missing = append(missing, k)
		}
	}
	for k := range got {
		if !want[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	for _, m := range missing {
		t.Errorf("not found: %s", m)
	}
	for _, e := range extra {
		t.Errorf("unexpected: %s", e)
	}
	if len(v.Resources) != len(want) {
		t.Errorf("%d resources listed, want %d (each once per vector)", len(v.Resources), len(want))
	}
}

func TestLeakVectorsAreNotInTheDocument(t *testing.T) {
	v := Analyze(readLeakMail(t), Reader{})
	text := v.Document.Text()
	for _, r := range v.Resources {
		path := strings.TrimPrefix(r.URL, "http://"+leakHost)
		if strings.Contains(text, path) || strings.Contains(text, r.URL) {
			t.Errorf("%s appears in the rendered text", r.URL)
		}
		for _, b := range v.Document.Blocks {
			for _, s := range b.Spans {
				if s.Link == r.URL {
					t.Errorf("%s is a link target in the document", r.URL)
				}
			}
			if b.Image != nil && b.Image.Data != nil && strings.Contains(string(b.Image.Data), leakHost) {
				t.Errorf("image bytes handed to the view contain a remote reference")
			}
		}
	}
	// The readable parts are there, with placeholders for what was blocked.
	for _, want := range []string{"# Leak vectors", "Every element below would load a URL",
		"[blocked image, 600x300, from leak.mailsafe.test: “plain image”]", "object fallback", "cell", "Links are not loaded: a link."} {
		if !strings.Contains(text, want) {
			t.Errorf("document lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "img-pixel") || strings.Contains(text, "display:none") {
		t.Errorf("hidden content is shown:\n%s", text)
	}
}

func TestLeakMailLinksAndFindings(t *testing.T) {
	v := Analyze(readLeakMail(t), Reader{})
	links := map[string]string{}
	for _, l := range v.Links {
		links[string(l.Kind)+" "+l.URL] = l.Text
	}
	for _, want := range []string{"a http://" + leakHost + "/link-a.html", "ping http://" + leakHost + "/link-ping", "form http://" + leakHost + "/form-action"} {
		if _, ok := links[want]; !ok {
			t.Errorf("link %q not listed: %v", want, links)
		}
	}
	if links["a http://"+leakHost+"/link-a.html"] != "a link" {
		t.Errorf("link text = %q", links["a http://"+leakHost+"/link-a.html"])
	}
	ids := map[check.ID]bool{}
	for _, f := range v.Findings {
		ids[f.ID] = true
		if f.Title.EN == "" || f.Title.JA == "" || f.Detail.EN == "" || f.Detail.JA == "" {
			t.Errorf("finding %s lacks a title or detail in a language", f.ID)
		}
	}
	if !ids[check.FindingRemoteContent] || !ids[check.FindingReadReceipt] {
		t.Errorf("findings = %v, want remote-content and read-receipt", ids)
	}
}

func TestPlainMailHasNoRemoteContentFinding(t *testing.T) {
	raw, err := os.ReadFile("testdata/plain-ascii.eml")
	if err != nil {
		t.Fatal(err)
	}
	v := Analyze(raw, Reader{})
	if len(v.Resources) != 0 || len(v.Findings) != 0 {
		t.Errorf("resources %v findings %v", v.Resources, v.Findings)
	}
}

// moreLeakVectors is every remote reference in
// testdata/leak-vectors-more.eml (issue 15's forms and parts), by vector;
// forwardedLeak is the one its forwarded message loads.
var moreLeakVectors = map[safedoc.Vector][]string{
	safedoc.VectorImgSrc: {"/amp-img.png", "/watch-img.png", "/html-image.png", "/foreignobject-img.png", "/shadow-img.png",
		"/base/srcdoc-deep-relative.png", "/img-attribution.png", "/attached-html-img.png", "/calendar-alt-desc.png"},
	safedoc.VectorMetaRefresh:  {"/meta-refresh-0-url.html"},
	safedoc.VectorSVGAnimate:   {"/svg-smil-set.png"},
	safedoc.VectorSVGURLAttr:   {"/svg-fill.svg#g"},
	safedoc.VectorMathML:       {"/mathml-mglyph.png"},
	safedoc.VectorVML:          {"/vml-fill.jpg"},
	safedoc.VectorAttribution:  {"/attributionsrc"},
	safedoc.VectorImgSrcset:    {"/srcset,with,commas.png"},
	safedoc.VectorCalendar:     {"/calendar-image.png", "/calendar-attach.pdf"},
	safedoc.VectorExternalBody: {"/external-body.txt"},
}

const forwardedLeak = "http://" + leakHost + "/forwarded-img.png?r=8f3a9c2e71d04b6a55e1"

func TestMoreLeakVectorsAreAllFound(t *testing.T) {
	raw, err := os.ReadFile("testdata/leak-vectors-more.eml")
	if err != nil {
		t.Fatal(err)
	}
	v := Analyze(raw, Reader{})
	want := map[string]bool{"img-src file://" + leakHost + "/share/file-share.png": true}
	for vector, paths := range moreLeakVectors {
		for _, p := range paths {
			want[string(vector)+" http://"+leakHost+p] = true
		}
	}
	got := map[string]bool{}
	for _, r := range v.Resources {
		got[string(r.Vector)+" "+r.URL] = true
	}
	for k := range want {
		if !got[k] {
			t.Errorf("not found: %s", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("unexpected: %s", k)
		}
	}
	if len(v.Forwarded) != 1 || len(v.Forwarded[0].Resources) != 1 || v.Forwarded[0].Resources[0].URL != forwardedLeak ||
		!v.Forwarded[0].Resources[0].Tracks {
		t.Errorf("the forwarded message's pixel is not found as a tracker")
	}
}
