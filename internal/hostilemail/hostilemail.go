// Package hostilemail builds, for tests and benchmarks, the mail a red team
// sends to make a reader spend time and memory (issue 15): a Subject folded
// a million times, plain text thick with URLs, deeply nested CSS, an image
// declaring gigapixels, a megabyte Subject, thousands of remote references,
// megabytes of plain paragraphs. Each is generated at the size asked for,
// so nothing large is kept in the repository.
package hostilemail

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"strings"
)

// Header is a plain header block with the given Subject (already folded or
// encoded as the caller wants) and extra fields, each ending in CRLF.
func Header(subject string, extra ...string) string {
	return "From: Sender <sender@example.com>\r\nTo: reader@example.com\r\n" +
		"Date: Mon, 2 Jan 2006 15:04:05 +0000\r\nMessage-ID: <hostile@example.com>\r\n" +
		"Subject: " + subject + "\r\nMIME-Version: 1.0\r\n" + strings.Join(extra, "")
}

// FoldedSubject is a message whose Subject is folded folds times.
func FoldedSubject(folds int) []byte {
	var b strings.Builder
	b.Grow(folds*4 + 512)
	b.WriteString("Hello")
	for range folds {
		b.WriteString("\r\n x")
	}
	return []byte(Header(b.String(), "Content-Type: text/plain\r\n") + "\r\nbody\r\n")
}

// LongSubject is a message whose Subject is size bytes of words.
func LongSubject(size int) []byte {
	return []byte(Header(strings.Repeat("word ", size/5), "Content-Type: text/plain\r\n") + "\r\nbody\r\n")
}

// URLText is a text/plain message of about size bytes, one paragraph
// holding a URL every few words.
func URLText(size int) []byte {
	return filled(size, Header("links", "Content-Type: text/plain; charset=utf-8\r\n")+"\r\n",
		"see https://example.com/a/%d?c=d and www.example.org now ", "\r\n")
}

// filled is head, then line (a format given the line's number) written
// until the message is about size bytes, then tail.
func filled(size int, head, line, tail string) []byte {
	var b strings.Builder
	b.Grow(size + 512)
	b.WriteString(head)
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, line, i)
	}
	return []byte(b.String() + tail)
}

// FlowedText is a format=flowed; delsp=yes text/plain message (RFC 3676)
// of about size bytes whose every line ends in a soft break: one long
// paragraph, joined line by line as it is read.
func FlowedText(size int) []byte {
	return filled(size, Header("flowed", "Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\r\n")+"\r\n",
		"a line of flowed text that goes on, number %d \r\n", "")
}

// ConditionalComments is an HTML message of about size bytes made of small
// Outlook conditional comments (<!--[if mso]>…<![endif]-->), each holding
// a VML image: every one is a document of its own to search.
func ConditionalComments(size int) []byte {
	return filled(size, Header("mso", "Content-Type: text/html; charset=utf-8\r\n")+"\r\n<html><body>",
		"<!--[if mso]><v:image src=\"https://img.example.com/%d.png\"/><![endif]-->\n", "</body></html>\r\n")
}

// NestedCSS is an HTML message of about size bytes whose style sheet opens
// size/4 braces and size/4 parentheses before its url() rules; inAttribute
// puts them and the rules in a style attribute instead.
func NestedCSS(size int, inAttribute bool) []byte {
	var b strings.Builder
	b.Grow(size + 512)
	b.WriteString(Header("css", "Content-Type: text/html\r\n") + "\r\n")
	if inAttribute {
		b.WriteString(`<html><body><p style="`)
		b.WriteString(strings.Repeat("{", size/4))
		b.WriteString(strings.Repeat("(", size/4))
		for i := 0; b.Len() < size; i++ {
			fmt.Fprintf(&b, "background:url(https://t.example/%d.png);", i)
		}
		b.WriteString(`">hi</p></body></html>`)
		return []byte(b.String())
	}
	b.WriteString("<html><head><style>")
	b.WriteString(strings.Repeat("{", size/4))
	b.WriteString(strings.Repeat("(", size/4))
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "a{background:url(https://t.example/%d.png)}", i)
	}
	b.WriteString("</style></head><body><p>hi</p></body></html>")
	return []byte(b.String())
}

// PlainHTML is an HTML message of about size bytes of plain paragraphs.
func PlainHTML(size int) []byte {
	var b strings.Builder
	b.Grow(size + 512)
	b.WriteString(Header("long", "Content-Type: text/html\r\n") + "\r\n<html><body>")
	for b.Len() < size {
		b.WriteString("<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.</p>\n")
	}
	return []byte(b.String() + "</body></html>\r\n")
}

// ManyResources is an HTML message with n content images from a CDN
// followed by last, an image URL (a tracker, say) past them.
func ManyResources(n int, last string) []byte {
	var b strings.Builder
	b.WriteString(Header("many", "Content-Type: text/html\r\n") + "\r\n<html><body>")
	for i := range n {
		fmt.Fprintf(&b, `<img src="https://cdn.example.com/%d.png" width="100" height="100">`, i)
	}
	fmt.Fprintf(&b, `<img src="%s" width="1" height="1"></body></html>`, last)
	return []byte(b.String())
}

// DeclaredPNG is a small PNG file that declares w x h grey pixels: its
// header is true, its pixel data a few zero rows (a decoder that trusts
// the header allocates w*h bytes before it finds out).
func DeclaredPNG(w, h int) []byte {
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(data)))
		out.Write(n[:])
		crc := crc32.NewIEEE()
		crc.Write([]byte(kind))
		crc.Write(data)
		out.WriteString(kind)
		out.Write(data)
		binary.BigEndian.PutUint32(n[:], crc.Sum32())
		out.Write(n[:])
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8] = 8 // bit depth; colour type 0 (grey), compression, filter, interlace 0
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(make([]byte, (w+1)*min(h, 4)))
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return out.Bytes()
}

// InlineImage is an HTML message showing png as an inline (cid:) image,
// copies times.
func InlineImage(png []byte, copies int) []byte {
	enc := base64.StdEncoding.EncodeToString(png)
	var b strings.Builder
	b.WriteString(Header("picture", "Content-Type: multipart/related; boundary=BB\r\n"))
	b.WriteString("\r\n--BB\r\nContent-Type: text/html\r\n\r\n<p>picture</p>")
	for range copies {
		b.WriteString(`<img src="cid:pic@example.com">`)
	}
	b.WriteString("\r\n--BB\r\nContent-Type: image/png\r\nContent-ID: <pic@example.com>\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	for i := 0; i < len(enc); i += 76 {
		b.WriteString(enc[i:min(i+76, len(enc))] + "\r\n")
	}
	b.WriteString("--BB--\r\n")
	return []byte(b.String())
}

// CRLFLines returns raw with every line ending in CRLF, as IMAP serves
// mail, whatever its line ends were.
func CRLFLines(raw []byte) []byte {
	return bytes.ReplaceAll(bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
}

// Base64Lines is data in base64, in lines of 76 characters each ended by
// eol, as mailers write an attachment (RFC 2045 section 6.8).
func Base64Lines(data []byte, eol string) string {
	enc := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	b.Grow(len(enc) + len(enc)/76*len(eol) + len(eol))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + eol)
		enc = enc[76:]
	}
	b.WriteString(enc + eol)
	return b.String()
}

// BigAttachment is a message of about size bytes: a short text body and one
// base64 attachment (a PDF-looking file) filling the rest.
func BigAttachment(size int) []byte {
	var b bytes.Buffer
	b.Grow(size + 1024)
	b.WriteString(Header("attachment", "Content-Type: multipart/mixed; boundary=BB\r\n"))
	b.WriteString("\r\n--BB\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe report is attached.\r\n")
	b.WriteString("--BB\r\nContent-Type: application/pdf; name=report.pdf\r\nContent-Disposition: attachment; filename=report.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	line := make([]byte, 57)
	enc := make([]byte, base64.StdEncoding.EncodedLen(len(line)))
	copy(line, "%PDF-1.4\n")
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			for j := range line {
				line[j] = byte(i*31 + j*7)
			}
		}
		base64.StdEncoding.Encode(enc, line)
		b.Write(enc)
		b.WriteString("\r\n")
	}
	b.WriteString("--BB--\r\n")
	return b.Bytes()
}

// URLHTML is an HTML message of about size bytes of paragraphs, each with
// a link and a remote image.
func URLHTML(size int) []byte {
	return filled(size, Header("html", "Content-Type: text/html; charset=utf-8\r\n")+"\r\n<html><body>",
		"<p>Lorem ipsum dolor sit amet, <a href=\"https://shop.example.com/item/%[1]d\">consectetur</a> adipiscing elit, sed do eiusmod tempor <img src=\"https://cdn.example.com/%[1]d.png\" width=\"40\" height=\"40\"> incididunt ut labore et dolore magna aliqua.</p>\n", "</body></html>\r\n")
}

// ManyParts is a multipart/mixed message of about size bytes made of small
// parts: quoted-printable text, base64 images and small HTML attachments.
func ManyParts(size int) []byte {
	var b bytes.Buffer
	b.Grow(size + 1024)
	b.WriteString(Header("parts", "Content-Type: multipart/mixed; boundary=BB\r\n") + "\r\n")
	png := base64.StdEncoding.EncodeToString(DeclaredPNG(64, 64))
	for i := 0; b.Len() < size; i++ {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "--BB\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nPart %d caf=C3=A9 https://example.com/p/%d see=\r\n more text here.\r\n", i, i)
		case 1:
			fmt.Fprintf(&b, "--BB\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename=img%d.png\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n", i, png)
		case 2:
			fmt.Fprintf(&b, "--BB\r\nContent-Type: text/html; charset=utf-8\r\nContent-Disposition: attachment; filename=p%d.html\r\n\r\n<p>attached <img src=\"https://t.example/%d.gif\"></p>\r\n", i, i)
		}
	}
	b.WriteString("--BB--\r\n")
	return b.Bytes()
}

// LongHostURL is a text/plain message of about size bytes holding one URL
// whose host is made of single-letter labels (a.a.a.…com): a host list
// looked up at every suffix hashes each of them, quadratic in the host.
func LongHostURL(size int) []byte {
	return []byte(Header("host", "Content-Type: text/plain; charset=utf-8\r\n") + "\r\nhttps://" +
		strings.Repeat("a.", size/2) + "com/\r\n")
}

// UnclosedWords is a message of about size bytes whose Subject is RFC 2047
// encoded words never closed ("=?utf-8?q?a =?utf-8?q?a …"): each searched
// to the end of the Subject for its "?=" is quadratic.
func UnclosedWords(size int) []byte {
	return []byte(Header(strings.Repeat("=?utf-8?q?a ", size/12), "Content-Type: text/plain\r\n") + "\r\nbody\r\n")
}

// CIDImages is a multipart/related message of about size bytes: an HTML
// body of cid: images, each naming its own Content-ID, followed by as many
// of the parts as the HTML leaves room for. Looking each image up among
// all the parts is images × parts.
func CIDImages(size int) []byte {
	var html, parts strings.Builder
	for i := 0; html.Len()+parts.Len() < size; i++ {
		fmt.Fprintf(&html, "<img src=\"cid:p%d@x\">", i)
		fmt.Fprintf(&parts, "--BB\r\nContent-Type: image/gif\r\nContent-ID: <p%d@x>\r\n\r\nGIF89a\r\n", i)
	}
	return []byte(Header("cid", "Content-Type: multipart/related; boundary=BB\r\n") +
		"\r\n--BB\r\nContent-Type: text/html\r\n\r\n" + html.String() + "\r\n" + parts.String() + "--BB--\r\n")
}
