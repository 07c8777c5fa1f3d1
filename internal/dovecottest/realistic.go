package dovecottest

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// RealisticMessage is message i (from 1) of a made-up mailbox whose mix of
// kinds and sizes is an everyday inbox's: short personal mail in plain
// text (40 in 100, 1–6 KB), HTML newsletters with their text alternative,
// links and an open pixel (35, 15–60 KB), HTML notifications (17, 4–9
// KB), mail with a document attached (7, 30–100 KB) and one with a large
// attachment (1, about 512 KB): about 33 KB on average (95 MB for 3,000). The same i gives the
// same message.
func RealisticMessage(i int) []byte {
	r := uint32(i)*2654435761 + 12345 // a fixed shuffle of the kinds
	kind := int(r>>8) % 100
	date := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 7 * time.Minute).Format(time.RFC1123Z)
	head := func(from, subject, ctype string) string {
		return fmt.Sprintf("Return-Path: <%s>\r\nReceived: from mx%d.example.net (mx%d.example.net [192.0.2.%d])\r\n\tby mx.example.org with ESMTPS id %x\r\n\tfor <alex@example.org>; %s\r\n"+
			"Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=%s; dkim=pass header.d=%s\r\n"+
			"From: %s\r\nTo: Alex <alex@example.org>\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <m%d.%x@%s>\r\nMIME-Version: 1.0\r\nContent-Type: %s\r\n\r\n",
			from, i%7, i%7, i%250+1, r, date, domainOf(from), domainOf(from), from, subject, date, i, r, domainOf(from), ctype)
	}
	size := func(lo, hi int) int { return lo + int(r>>4)%(hi-lo) }
	switch {
	case kind < 40:
		var b strings.Builder
		b.WriteString(head(fmt.Sprintf("Sam %d <sam%d@friends.example>", i%40, i%40), fmt.Sprintf("Re: plans for week %d", i%52), "text/plain; charset=utf-8"))
		words(&b, size(1<<10, 6<<10), i)
		return []byte(b.String())
	case kind < 75:
		return []byte(head(fmt.Sprintf("News %d <news@letters%d.example>", i%12, i%12), fmt.Sprintf("This week at Letters %d", i%12), "multipart/alternative; boundary=alt") +
			alternative(size(15<<10, 60<<10), i, 40))
	case kind < 92:
		return []byte(head("Service <notify@service.example>", fmt.Sprintf("Your order %d has shipped", i), "multipart/alternative; boundary=alt") +
			alternative(size(4<<10, 9<<10), i, 6))
	default:
		n := size(30<<10, 100<<10)
		if kind == 99 {
			n = 512 << 10
		}
		var b strings.Builder
		b.WriteString(head(fmt.Sprintf("Kim %d <kim@partner%d.example>", i%9, i%9), "The documents you asked for", "multipart/mixed; boundary=mix"))
		b.WriteString("--mix\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
		words(&b, 600, i)
		fmt.Fprintf(&b, "\r\n--mix\r\nContent-Type: application/pdf; name=\"report-%d.pdf\"\r\nContent-Disposition: attachment; filename=\"report-%d.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n", i, i)
		raw := make([]byte, n)
		for k := range raw {
			raw[k] = byte(k*31 + i)
		}
		enc := base64.StdEncoding.EncodeToString(raw)
		for len(enc) > 76 {
			b.WriteString(enc[:76] + "\r\n")
			enc = enc[76:]
		}
		b.WriteString(enc + "\r\n--mix--\r\n")
		return []byte(b.String())
	}
}

func domainOf(from string) string {
	at := strings.LastIndexByte(from, '@')
	return strings.TrimRight(from[at+1:], ">")
}

// words writes about n bytes of text in lines.
func words(b *strings.Builder, n, seed int) {
	vocab := []string{"meeting", "tomorrow", "the", "report", "thanks", "project", "we", "should", "review", "budget", "and", "schedule", "next", "week", "please", "send", "notes", "about", "design"}
	start, line := b.Len(), 0
	for k := seed; b.Len()-start < n; k++ {
		w := vocab[(k*7+seed)%len(vocab)]
		b.WriteString(w)
		line += len(w) + 1
		if line > 70 {
			b.WriteString("\r\n")
			line = 0
		} else {
			b.WriteByte(' ')
		}
	}
	b.WriteString("\r\n")
}

// alternative is a multipart/alternative body of about n bytes: a text
// part and an HTML part with links stories long, quoted-printable.
func alternative(n, seed, links int) string {
	var h strings.Builder
	h.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>td{font-family:Arial,sans-serif;font-size:14px}</style></head>` +
		`<body style="margin:0"><table width="100%" cellpadding="0" cellspacing="0"><tr><td align="center"><table width="600">` +
		`<tr><td><img src="https://cdn.letters.example/logo.png" width="140" height="40" alt="Letters"></td></tr>`)
	for k := 0; h.Len() < n; k++ {
		fmt.Fprintf(&h, `<tr><td style="padding:12px 24px"><h2 style="font-size:18px">Story %d</h2><p style="line-height:1.5">`, k)
		var w strings.Builder
		words(&w, 300, seed+k)
		h.WriteString(w.String())
		if k < links {
			fmt.Fprintf(&h, `</p><p><a href="https://click.letters.example/c/%d/%d?utm_source=mail&amp;utm_medium=email">Read more</a>`, seed, k)
		}
		h.WriteString("</p></td></tr>")
	}
	fmt.Fprintf(&h, `</table></td></tr></table><img src="https://open.letters.example/o/%d.gif" width="1" height="1" alt=""></body></html>`, seed)
	var text strings.Builder
	words(&text, n/6, seed)
	return "--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text.String() +
		"\r\n--alt\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + quotedPrintable(h.String()) + "\r\n--alt--\r\n"
}

// quotedPrintable encodes s in lines of at most 76 characters.
func quotedPrintable(s string) string {
	var b strings.Builder
	line := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		piece := string(c)
		if c == '=' || c >= 0x7f || c < ' ' {
			piece = fmt.Sprintf("=%02X", c)
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

// SeedRealistic writes messages 1 to n of RealisticMessage into a
// Maildir's cur/, named as Dovecot's delivery names them (with their
// sizes, which Dovecot then need not compute).
func SeedRealistic(n int) func(string) {
	return func(maildir string) {
		for i := 1; i <= n; i++ {
			msg := RealisticMessage(i)
			name := maildirName(1700000000+i, i, len(msg)) + ":2,"
			os.WriteFile(filepath.Join(maildir, "cur", name), msg, 0o600)
		}
	}
}
