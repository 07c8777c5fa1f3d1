package mailview

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"fmt"
	"mailsafe/internal/hostilemail"
	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
	"os"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// benchMails are the inputs of the analysis benchmarks: a short plain mail,
// an everyday HTML notification, a 1 MB newsletter, and the leak-vector mail
// (the worst case: a remote reference in almost every tag).
func benchMails(b *testing.B) map[string][]byte {
	plain, err := os.ReadFile("testdata/plain-ascii.eml")
	if err != nil {
		b.Fatal(err)
	}
	leak, err := os.ReadFile("testdata/leak-vectors.eml")
	if err != nil {
		b.Fatal(err)
	}
	return map[string][]byte{"plain": plain, "html": notificationMail(), "large-1MB": largeNewsletter(1 << 20), "worst-leak-vectors": leak}
}

// mixNames are the mails of the mix benchmarks.
var mixNames = []string{"plain", "html", "large-1MB"}

// notificationMail builds an everyday HTML mail of about 5 KB: a logo, a
// greeting, a few paragraphs, a button, a footer of links, an open pixel,
// with its plain-text alternative.
func notificationMail() []byte {
	var h strings.Builder
	h.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{font-family:Helvetica,Arial,sans-serif}` +
		`.btn{background:#0a66c2;color:#fff;padding:12px 24px;border-radius:4px}</style></head><body style="margin:0;background-color:#f3f2ef">` +
		`<table width="100%" cellpadding="0" cellspacing="0"><tr><td align="center"><table width="600" style="background-color:#ffffff">` +
		`<tr><td style="padding:24px"><img src="https://static.service.example/logo.png" width="120" height="32" alt="Service"></td></tr>` +
		`<tr><td style="padding:0 24px"><h1 style="font-size:22px">Your weekly summary</h1><p>Hi Alex,</p>`)
	for i := 0; i < 12; i++ {
		fmt.Fprintf(&h, `<p style="line-height:1.5">Item %d: your project <b>Atlas</b> had %d new comments and %d reviews this week. `+
			`See <a href="https://www.service.example/projects/atlas/items/%d?utm_source=email&amp;utm_medium=summary">what changed</a>.</p>`, i, i*3, i%4, i)
	}
	h.WriteString(`<p><a class="btn" href="https://click.service.example/f/a/abc123~~/AAAAAQA~/RgRm?u=1" style="display:inline-block">Open Atlas</a></p></td></tr>` +
		`<tr><td style="padding:24px;font-size:12px;color:#666">`)
	for _, l := range []string{"Help", "Privacy", "Terms", "Unsubscribe", "Settings", "About", "Blog", "Careers", "Status", "Contact"} {
		fmt.Fprintf(&h, `<a href="https://www.service.example/%s" style="color:#666">%s</a> &middot; `, strings.ToLower(l), l)
	}
	h.WriteString(`<br>Service Inc., 1 Example Street</td></tr></table></td></tr></table>` +
		`<img src="https://open.service.example/o/eyJ1IjoiYWxleEBleGFtcGxlLmNvbSJ9.gif" width="1" height="1" alt="" style="display:none"></body></html>`)
	text := "Hi Alex,\n\nYour weekly summary is ready: https://www.service.example/projects/atlas\n"
	return []byte("From: Service <notify@service.example>\r\nTo: alex@example.com\r\nSubject: Your weekly summary\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=alt\r\n\r\n--alt\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n--alt\r\nContent-Type: text/html; charset=utf-8\r\n" +
		"Content-Transfer-Encoding: quoted-printable\r\n\r\n" + qpEncode(h.String()) + "\r\n--alt--\r\n")
}

// qpEncode is a small quoted-printable encoder for the benchmark mail.
func qpEncode(s string) string {
	var b strings.Builder
	line := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var piece string
		if c == '=' || c >= 0x7f {
			piece = fmt.Sprintf("=%02X", c)
		} else {
			piece = string(c)
		}
		if line+len(piece) > 75 {
			b.WriteString("=\r\n")
			line = 0
		}
		b.WriteString(piece)
		line += len(piece)
	}
	return b.String()
}

// largeNewsletter builds an HTML mail of about size bytes shaped like a
// marketing newsletter: nested layout tables, inline styles, images, links.
func largeNewsletter(size int) []byte {
	var b strings.Builder
	b.WriteString("From: News <news@shop.example>\r\nTo: reader@example.com\r\nSubject: Weekly\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/html; charset=utf-8\r\n\r\n<html><head><style>.btn{background:url(https://cdn.shop.example/btn.png)}" +
		"@media (prefers-color-scheme:dark){.x{color:#fff}}</style></head><body><table width=\"100%\">")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, `<tr><td style="padding:8px;font-family:Arial,sans-serif;background-color:#f4f4f4">`+
			`<table><tr><td><img src="https://cdn.shop.example/p/%d.jpg" width="280" height="180" alt="Product %d" style="display:block;border:0"></td>`+
			`<td><h2 style="margin:0">Offer %d</h2><p>Great things at great prices, this week only. <b>Save %d%%</b> on selected items.</p>`+
			`<a href="https://click.shop.example/ls/click?upn=%d" style="color:#0066cc">Shop now</a></td></tr></table></td></tr>`+"\r\n", i, i, i, i%50, i)
	}
	b.WriteString(`</table><img src="https://open.shop.example/o/abc.gif" width="1" height="1"></body></html>`)
	return []byte(b.String())
}

// BenchmarkAnalyze measures the whole analysis: MIME, charsets, the HTML tree,
// the safe document and every reference.
func BenchmarkAnalyze(b *testing.B) {
	for name, raw := range benchMails(b) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				Analyze(raw, Reader{})
			}
		})
	}
}

// BenchmarkAnalyzeMix analyses the plain, HTML and 1 MB mails in turn; its
// MB/s is the figure compared with BenchmarkBaselineMix.
func BenchmarkAnalyzeMix(b *testing.B) {
	benchmarkMix(b, func(raw []byte) { Analyze(raw, Reader{}) })
}

// BenchmarkBaselineMix is the baseline over the same mix.
func BenchmarkBaselineMix(b *testing.B) { benchmarkMix(b, baseline) }

func benchmarkMix(b *testing.B, f func([]byte)) {
	mails := benchMails(b)
	total := 0
	for _, name := range mixNames {
		total += len(mails[name])
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, name := range mixNames {
			f(mails[name])
		}
	}
}

// baseline only parses MIME and tokenizes the HTML: the floor any HTML mail
// reader pays.
func baseline(raw []byte) {
	m := message.Parse(raw)
	z := html.NewTokenizer(strings.NewReader(m.HTML))
	for z.Next() != html.ErrorToken {
	}
}

// BenchmarkBaseline only parses MIME and tokenizes the HTML: the floor any
// HTML mail reader pays; compare Analyze with it (make bench-analyze,
// make bench-instructions) rather than trusting a fixed ratio.
func BenchmarkBaseline(b *testing.B) {
	for name, raw := range benchMails(b) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				baseline(raw)
			}
		})
	}
}

// docxMail is a message carrying a 30 MB Office document (a zip with a
// macro project inside, so every attachment check reads it), base64-encoded
// as mail clients send it.
func docxMail(b *testing.B) (raw, payload []byte) {
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	for _, name := range []string{"word/document.xml", "word/media/image1.bin", "word/vbaProject.bin"} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			b.Fatal(err)
		}
		chunk := make([]byte, 10<<20)
		for i := range chunk {
			chunk[i] = byte(i * 7)
		}
		w.Write(chunk)
	}
	zw.Close()
	payload = zbuf.Bytes()
	body := hostilemail.Base64Lines(payload, "\r\n")
	raw = []byte("From: a@example.org\r\nSubject: contract\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nSee the attached contract.\r\n--b\r\n" +
		"Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name=contract.docx\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n" + body + "--b--\r\n")
	return raw, payload
}

// BenchmarkAnalyzeDocx is the whole analysis of a mail with a 30 MB .docx;
// BenchmarkDecodeDocx is one standard-library decode of the same base64.
// Their ratio says how many decodes analysis costs (the part is decoded
// once; the rest is the zip directory and the macro search).
func BenchmarkAnalyzeDocx(b *testing.B) {
	raw, _ := docxMail(b)
	b.SetBytes(int64(len(raw)))
	b.ResetTimer()
	for b.Loop() {
		v := Analyze(raw, Reader{})
		if !v.Has(check.FindingAttachmentMacro) {
			b.Fatal("the macro project was not found")
		}
	}
}

func BenchmarkDecodeDocx(b *testing.B) {
	raw, payload := docxMail(b)
	start := bytes.Index(raw, []byte("base64\r\n\r\n")) + len("base64\r\n\r\n")
	enc := raw[start:bytes.LastIndex(raw, []byte("--b--"))]
	dst := make([]byte, base64.StdEncoding.DecodedLen(len(enc)))
	b.SetBytes(int64(len(raw)))
	b.ResetTimer()
	for b.Loop() {
		n, err := base64.StdEncoding.Decode(dst, enc)
		if err != nil || n != len(payload) {
			b.Fatal(n, err)
		}
	}
}
