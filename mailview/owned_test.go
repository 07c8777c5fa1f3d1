package mailview

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"mailsafe/internal/hostilemail"
	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
)

// bytewiseSamples are messages whose parts sent as they are must be read
// byte for byte, whatever their line ends: a disk image named .pdf (its
// signature at 0x8001), UTF-16 text holding U+0D0A, an HTML part that
// the body names by cid: (read as a document of its own).
func bytewiseSamples() map[string][]byte {
	head := "From: a@example.com\r\nTo: b@example.com\r\nSubject: files\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
	iso := "\r\n" + strings.Repeat("A", 0x8001-2) + "CD001" + strings.Repeat("B", 100)
	utf16 := strings.Repeat("\x0d\x0a\x00a", 50)
	text := func(ct, cte, body string) []byte {
		return []byte(head + "--b\r\nContent-Type: " + ct + "\r\nContent-Transfer-Encoding: " + cte + "\r\n\r\n" + body + "\r\n--b--\r\n")
	}
	pad := strings.Repeat("<!-- pad pad -->\r\n", 55)
	return map[string][]byte{
		// Decoders to which a CR is more than a line end, and a charset
		// found past the first 1024 bytes once CRs are gone.
		"iso-2022-jp-unreturned": text("text/plain; charset=iso-2022-jp", "7bit", "\x1b$B$3$s$K$A$O\r\nUrgent: reply now\r\n"),
		"iso-2022-jp-unlabelled": text("text/plain", "7bit", "\x1b$B$3$s$K$A$O\r\nUrgent: reply now\r\n"),
		"csunicode":              text("text/plain; charset=csUnicode", "binary", "\xe9\x00\x0d\x0a\x41\x00\x42\x00\x0d\x0a"),
		"ebcdic":                 text("text/plain; charset=ibm037", "8bit", "\xc8\x85\x93\x93\x96\x0d\x0a\x8e\xc1\x0d\x0a"),
		"meta-past-window":       text("text/html", "8bit", "<html><head>"+pad+"<meta charset=\"koi8-r\"></head><body>\xf0\xd2\xc9\xd7\xc5\xd4</body></html>"),
		"iso-as-pdf": []byte(head + "--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--b\r\n" +
			"Content-Type: application/pdf; name=invoice.pdf\r\nContent-Disposition: attachment; filename=invoice.pdf\r\n\r\n" + iso + "\r\n--b--\r\n"),
		"utf-16": []byte(head + "--b\r\nContent-Type: text/plain; charset=utf-16be\r\nContent-Transfer-Encoding: binary\r\n\r\n" + utf16 + "\r\n--b--\r\n"),
		"cid-html": []byte(head + "--b\r\nContent-Type: text/html\r\n\r\n<p>See <iframe src=\"cid:part2@x\"></iframe></p>\r\n--b\r\n" +
			"Content-Type: text/html\r\nContent-ID: <part2@x>\r\n\r\n<p>two\r\n<img src=\"https://t.example.net/o.gif\">\r\n</p>\r\n--b--\r\n"),
	}
}

// The samples read byte for byte are what they say: the disk image is
// found behind its name whichever way scan reads it.
func TestOwnedAnalysisReadsFilesByteForByte(t *testing.T) {
	raw := bytewiseSamples()["iso-as-pdf"]
	if v := AnalyzeReportOwned(bytes.Clone(raw), Reader{}); !v.Has(check.FindingAttachmentTypeMismatch) {
		t.Errorf("the disk image named .pdf is not found: %v", v.Findings)
	}
}

// lfLines returns b with its CRLF and lone CR line ends made LF.
func lfLines(b []byte) []byte {
	return bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
}

// scan's analysis, which makes a CRLF message's line ends LF in its own
// bytes rather than copy its body, reads every message as the report does:
// the same findings, verdict, facts, header, texts, problems and parts, at
// every depth of forwarded messages; and the message as received is there
// to verify signatures with and to hand on (Source).
func TestOwnedAnalysisIsTheReports(t *testing.T) {
	// With DNS lookups allowed, DKIM may be verified: the message as
	// received is kept for it.
	noKeys := func(string) ([]string, error) { return nil, errors.New("no such record") }
	samples := reportSamples(t)
	samples["attachment"] = hostilemail.BigAttachment(300_000) // base64 decoded in place
	for name, raw := range bytewiseSamples() {
		samples[name] = raw
	}
	for _, reader := range []Reader{{}, {LookupTXT: noKeys}} {
		lines, decoded := 0, 0
		for name, raw := range samples {
			// As IMAP serves it, and as written (line ends of every kind).
			for _, sent := range [][]byte{hostilemail.CRLFLines(raw), raw} {
				want := AnalyzeReport(sent, reader)
				got := AnalyzeReportOwned(bytes.Clone(sent), reader)
				switch src := got.Message.Source(); {
				case src == nil && reader.LookupTXT == nil:
					decoded++
				case !bytes.Equal(src, sent):
					t.Errorf("%s: Source is not the message as received", name)
				}
				if len(got.Message.Raw) < len(sent) {
					lines++
				}
				compareOwned(t, name, want, got)
			}
		}
		if lines < 100 || reader.LookupTXT == nil && decoded < 2 {
			t.Errorf("only %d of the samples were read with their line ends made LF, %d decoded in place", lines, decoded)
		}
	}
}

func compareOwned(t *testing.T, name string, want, got *View) {
	t.Helper()
	wm, gm := want.Message, got.Message
	if wm.Size != gm.Size || wm.Text != gm.Text || wm.HTML != gm.HTML ||
		!reflect.DeepEqual(wm.Header, gm.Header) || !reflect.DeepEqual(wm.Problems, gm.Problems) {
		t.Errorf("%s: the message reads otherwise: size %d, %d; text %d, %d bytes; html %d, %d bytes; problems %v, %v",
			name, gm.Size, wm.Size, len(gm.Text), len(wm.Text), len(gm.HTML), len(wm.HTML), gm.Problems, wm.Problems)
	}
	if len(wm.Parts) != len(gm.Parts) {
		t.Fatalf("%s: %d parts, %d in the report", name, len(gm.Parts), len(wm.Parts))
	}
	for i, wp := range wm.Parts {
		gp := gm.Parts[i]
		// A body text (that no cid: URL names) may have its line ends made
		// LF; anything else is read byte for byte.
		sameBytes := bytes.Equal(wp.Bytes(), gp.Bytes()) ||
			wp.IsText() && wp.ContentID == "" && (bytes.Equal(wp.Bytes(), hostilemail.CRLFLines(gp.Bytes())) || bytes.Equal(lfLines(wp.Bytes()), gp.Bytes()))
		wc, gc := *wp, *gp
		if !sameBytes || !reflect.DeepEqual(partFacts(wc), partFacts(gc)) {
			t.Errorf("%s: part %s reads otherwise: %+v, %d bytes; the report's %+v, %d bytes", name, wp.Path, partFacts(gc), len(gp.Bytes()), partFacts(wc), len(wp.Bytes()))
		}
	}
	if len(want.Forwarded) != len(got.Forwarded) {
		t.Fatalf("%s: %d forwarded messages, %d in the report", name, len(got.Forwarded), len(want.Forwarded))
	}
	for i := range want.Forwarded {
		compareOwned(t, name+" forwarded", want.Forwarded[i], got.Forwarded[i])
	}
	if wd, gd := want.Document, got.Document; wd.TextLen() != gd.TextLen() || wd.Excerpt() != gd.Excerpt() ||
		wd.Words() != gd.Words() || wd.RemoteImages() != gd.RemoteImages() {
		t.Errorf("%s: the document reads otherwise", name)
	}
	w, g := *want, *got
	w.Message, g.Message, w.Document, g.Document, w.Forwarded, g.Forwarded = nil, nil, nil, nil, nil, nil
	// The attachments' parts are compared above, as parts.
	w.Attachments, g.Attachments = withoutParts(w.Attachments), withoutParts(g.Attachments)
	if !reflect.DeepEqual(w, g) {
		t.Errorf("%s: the analysis differs:\nowned findings %v attachments %v\nreport findings %v attachments %v",
			name, g.Findings, g.Attachments, w.Findings, w.Attachments)
	}
}

func withoutParts(as []check.Attachment) []check.Attachment {
	out := make([]check.Attachment, len(as))
	for i, a := range as {
		a.Part = nil
		out[i] = a
	}
	return out
}

// partFacts is a part's exported facts, its content aside.
func partFacts(p message.Part) []any {
	return []any{p.Path, p.Header, p.ContentType, p.Params, p.Disposition, p.Filename, p.ContentID, p.Encoding, p.Size, p.Parent}
}

// A message whose lines do not all end in CRLF is read as it is, and its
// bytes are left alone, when DKIM may be verified over it; otherwise its
// body text has its line ends made LF where it lies, and the message as
// received is gone.
func TestOwnedAnalysisOfMixedLineEnds(t *testing.T) {
	sent := htmlMail("<p>one</p>\n<p>two</p>\r\n<p>three\rfour</p>")
	noKeys := func(string) ([]string, error) { return nil, errors.New("no such record") }
	raw := bytes.Clone(sent)
	v := AnalyzeReportOwned(raw, Reader{LookupTXT: noKeys})
	if !bytes.Equal(raw, sent) || !bytes.Equal(v.Message.Source(), sent) || v.Message.Size != len(sent) {
		t.Errorf("with DKIM lookups, a message of mixed line ends was changed: %q", raw)
	}
	v = AnalyzeReportOwned(bytes.Clone(sent), Reader{})
	if !strings.Contains(v.Message.HTML, "<p>two</p>\n<p>three\nfour</p>") || v.Message.Source() != nil || v.Message.Size != len(sent) {
		t.Errorf("read %q, Source %q, size %d", v.Message.HTML, v.Message.Source(), v.Message.Size)
	}
}

// A DKIM signature covers the message as sent: scan's analysis verifies
// it on the CRLF message, not on the LF bytes it read.
func TestOwnedAnalysisVerifiesDKIMOnTheMessageSent(t *testing.T) {
	raw, lookup := signed(t)
	if AnalyzeReportOwned(bytes.Clone(raw), Reader{LookupTXT: lookup}).Has(check.FindingAuthFail) {
		t.Errorf("a correctly signed message is reported as failing")
	}
	tampered := bytes.Replace(raw, []byte("1234"), []byte("9999"), 1)
	if !AnalyzeReportOwned(tampered, Reader{LookupTXT: lookup}).Has(check.FindingAuthFail) {
		t.Errorf("a tampered message is not reported as failing")
	}
}
