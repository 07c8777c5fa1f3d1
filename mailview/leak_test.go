package mailview

import (
	"os"
	"sort"
	"strings"
	"testing"
)

// leakVectors is every remote reference in testdata/leak-vectors.eml, by
// vector. The mail's <base href> is http://leak.mailsafe.test/base/, so
// protocol-relative URLs take http and relative ones resolve under /base/.
var leakVectors = map[string][]string{
	VectorManifest:    {"/manifest.appcache"},
	VectorMetaRefresh: {"/meta-refresh.html"},
	VectorLink:        {"/link-stylesheet.css", "/link-prefetch.js", "/link-dns-prefetch", "/link-preload.png", "/link-imagesrcset.png", "/link-icon.ico"},
	VectorScript:      {"/script.js"},
	VectorCSSImport:   {"/style-import-string.css", "/style-import-url.css", "/cid-svg-style-import.css"},
	VectorCSSFont:     {"/style-font-face.woff2", "/cid-css-font.woff"},
	VectorCSSURL: {"/style-url.png", "/style-content.png", "/style-escaped-function.png", "/style-escaped-url.png",
		"/style-media-dark.png", "/style-media-print.png", "/inline-style.png", "/inline-style-escaped.png", "/cid-css-background.png"},
	VectorCSSImageSet: {"/style-image-set-1x.png", "/style-image-set-2x.png"},
	VectorCSSVar:      {"/style-var.png"},
	VectorBackground:  {"/body-background.png", "/table-background.png", "/td-background.png"},
	VectorImgSrc: {"/img-src.png", "/img-entity.png", "/img-tab.png", "/img-protocol-relative.png", "/base/relative-via-base.png",
		"/img-backslash.png", "/img-with-srcset.png", "/img-pixel.gif", "/picture-img.png", "/srcdoc-img.png"},
	VectorImgSrcset:             {"/img-srcset-1x.png", "/img-srcset-2x.png"},
	VectorImgLowsrc:             {"/img-lowsrc.png"},
	VectorImgDynsrc:             {"/img-dynsrc.avi"},
	VectorSourceSet:             {"/picture-source.webp"},
	VectorIframe:                {"/iframe.html"},
	VectorFrame:                 {"/frame.html"},
	VectorObject:                {"/object.swf", "/object-param.swf"},
	VectorEmbed:                 {"/embed.swf"},
	VectorApplet:                {"/applet/Leak.class"},
	VectorVideo:                 {"/video.mp4"},
	VectorPoster:                {"/video-poster.jpg"},
	VectorSourceSrc:             {"/video-source.webm"},
	VectorTrack:                 {"/video-track.vtt"},
	VectorAudio:                 {"/audio.mp3"},
	VectorInputImage:            {"/input-image.png"},
	VectorSVGPrefix + "image":   {"/svg-image.png", "/cid-svg-image.png", "/data-svg-image.png"},
	VectorSVGPrefix + "use":     {"/svg-use.svg#a"},
	VectorSVGPrefix + "feimage": {"/svg-feimage.png"},
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
	v := Analyze(readLeakMail(t), Context{})
	want := map[string]bool{}
	for vector, paths := range leakVectors {
		for _, p := range paths {
			want[vector+" http://"+leakHost+p] = true
		}
	}
	got := map[string]bool{}
	for _, r := range v.Resources {
		got[r.Vector+" "+r.URL] = true
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
	v := Analyze(readLeakMail(t), Context{})
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
	v := Analyze(readLeakMail(t), Context{})
	links := map[string]string{}
	for _, l := range v.Links {
		links[l.Kind+" "+l.URL] = l.Text
	}
	for _, want := range []string{"a http://" + leakHost + "/link-a.html", "ping http://" + leakHost + "/link-ping", "form http://" + leakHost + "/form-action"} {
		if _, ok := links[want]; !ok {
			t.Errorf("link %q not listed: %v", want, links)
		}
	}
	if links["a http://"+leakHost+"/link-a.html"] != "a link" {
		t.Errorf("link text = %q", links["a http://"+leakHost+"/link-a.html"])
	}
	ids := map[string]bool{}
	for _, f := range v.Findings {
		ids[f.ID] = true
		if f.Title.EN == "" || f.Title.JA == "" || f.Detail.EN == "" || f.Detail.JA == "" {
			t.Errorf("finding %s lacks a title or detail in a language", f.ID)
		}
	}
	if !ids[FindingRemoteContent] || !ids[FindingReadReceipt] {
		t.Errorf("findings = %v, want remote-content and read-receipt", ids)
	}
}

func TestPlainMailHasNoRemoteContentFinding(t *testing.T) {
	raw, err := os.ReadFile("testdata/plain-ascii.eml")
	if err != nil {
		t.Fatal(err)
	}
	v := Analyze(raw, Context{})
	if len(v.Resources) != 0 || len(v.Findings) != 0 {
		t.Errorf("resources %v findings %v", v.Resources, v.Findings)
	}
}
