package check

import (
	"archive/zip"
	"bytes"
	"fmt"
	"mailsafe/mailview/message"
	"path"
	"strings"
)

// Finding ids about attachments.
const (
	FindingAttachmentDangerous    ID = "attachment-dangerous"
	FindingAttachmentDoubleExt    ID = "attachment-double-ext"
	FindingAttachmentRTLO         ID = "attachment-rtlo"
	FindingAttachmentMacro        ID = "attachment-macro"
	FindingAttachmentTypeMismatch ID = "attachment-type-mismatch"
	// FindingAttachmentHTML: an attached web page (HTML, SVG): it opens in
	// the browser, where it can show a sign-in page that sends what is typed
	// anywhere, without a link in the mail. Some secure-mail services send
	// their messages this way, so it weighs medium.
	FindingAttachmentHTML ID = "attachment-html"
)

// webPageExtensions open in a browser, scripts and forms included.
var webPageExtensions = map[string]bool{"htm": true, "html": true, "shtml": true, "xhtml": true, "mht": true, "mhtml": true, "svg": true, "svgz": true}

// maxSniff is how much of an attachment is read to recognise its type.
const maxSniff = 64 << 10

// macroExtensions are Office formats that exist to carry macros.
var macroExtensions = map[string]bool{
	"docm": true, "dotm": true, "xlsm": true, "xltm": true, "xlam": true, "pptm": true, "potm": true,
	"ppam": true, "ppsm": true, "sldm": true, "xlsb": true,
}

// attachmentFindings checks every attachment's name and content: names that
// run code, hide a second extension or reverse their own text, Office files
// with macros, and content that is not what the name or type says.
func attachmentFindings(v *Mail) []Finding {
	byID := map[ID][]string{}
	for i := range v.Attachments {
		a := &v.Attachments[i]
		add := func(id ID, note string) {
			a.Issues = appendOnce(a.Issues, id)
			line := fmt.Sprintf("%q (%s)", a.Filename, a.ContentType)
			if note != "" {
				line += ": " + note
			}
			byID[id] = append(byID[id], line)
		}
		name := a.Filename
		if strings.ContainsAny(name, "\u202e\u202d\u202a\u202b\u202c\u2066\u2067\u2068\u2069\u200e\u200f") {
			add(FindingAttachmentRTLO, "shows as "+visualName(name))
		}
		clean := stripBidi(name)
		ext := extension(clean)
		if facts().dangerous[ext] {
			add(FindingAttachmentDangerous, "."+ext+" runs code when opened")
		}
		if inner := innerExtension(clean); inner != "" && (facts().dangerous[ext] || strings.Contains(clean, "   ")) {
			add(FindingAttachmentDoubleExt, "looks like ."+inner+", is ."+ext)
		}
		if !a.Inline && (webPageExtensions[ext] || ext == "" && strings.EqualFold(a.ContentType, "text/html")) {
			add(FindingAttachmentHTML, "opens in the browser")
		}
		data := sniffBytes(a.Part)
		kind := sniffKind(data)
		if macroExtensions[ext] {
			add(FindingAttachmentMacro, "")
		} else if found, whole := hasMacros(kind, data, a.Part); found {
			add(FindingAttachmentMacro, "")
		} else if !whole {
			a.Unsearched = true // too large to search: reported (budget.go)
		}
		if want := expectedKind(ext, a.ContentType); want != "" && kind != "" && kind != want && !compatible(want, kind) {
			add(FindingAttachmentTypeMismatch, fmt.Sprintf("named as %s, content is %s", want, kind))
		}
	}
	var out []Finding
	for _, id := range []ID{FindingAttachmentRTLO, FindingAttachmentDangerous, FindingAttachmentDoubleExt, FindingAttachmentMacro, FindingAttachmentTypeMismatch, FindingAttachmentHTML} {
		if ev := byID[id]; len(ev) > 0 {
			out = append(out, attachmentFinding(id, evidence(ev)))
		}
	}
	return out
}

func extension(name string) string {
	return strings.ToLower(strings.TrimPrefix(path.Ext(strings.TrimRight(name, " .")), "."))
}

// innerExtension returns a document-like extension standing before the real
// one ("invoice.pdf.exe" -> "pdf"), or "".
func innerExtension(name string) string {
	base := strings.TrimRight(name, " .")
	base = strings.TrimSuffix(base, path.Ext(base))
	inner := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(path.Ext(strings.TrimRight(base, " ")), ".")))
	switch inner {
	case "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "rtf", "jpg", "jpeg", "png", "gif", "mp3", "mp4", "zip", "csv", "htm", "html":
		return inner
	}
	return ""
}

func stripBidi(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u202e', '\u202d', '\u202a', '\u202b', '\u202c', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f':
			return -1
		}
		return r
	}, s)
}

// visualName approximates what a reader sees when a right-to-left override
// reverses the rest of a name: "invoice\u202Efdp.exe" shows as "invoiceexe.pdf".
func visualName(name string) string {
	i := strings.IndexRune(name, '\u202e')
	if i < 0 {
		return stripBidi(name)
	}
	rest := []rune(stripBidi(name[i:]))
	for l, r := 0, len(rest)-1; l < r; l, r = l+1, r-1 {
		rest[l], rest[r] = rest[r], rest[l]
	}
	return stripBidi(name[:i]) + string(rest)
}

// sniffBytes is the start of a part's content, enough to recognise its type.
func sniffBytes(p *message.Part) []byte {
	if p == nil {
		return nil
	}
	b := p.Bytes()
	return b[:min(len(b), maxSniff)]
}

// sniffKind names a file's real type from its first bytes.
func sniffKind(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("MZ")):
		return "executable"
	case bytes.HasPrefix(b, []byte("\x7fELF")):
		return "executable"
	case bytes.HasPrefix(b, []byte("%PDF")):
		return "pdf"
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return "zip"
	case bytes.HasPrefix(b, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return "ole"
	case bytes.HasPrefix(b, []byte("\x89PNG")), bytes.HasPrefix(b, []byte("\xff\xd8\xff")), bytes.HasPrefix(b, []byte("GIF8")):
		return "image"
	case bytes.HasPrefix(b, []byte("Rar!")), bytes.HasPrefix(b, []byte("7z\xbc\xaf")):
		return "archive"
	case len(b) > 0x8006 && string(b[0x8001:0x8006]) == "CD001":
		return "disk-image"
	case bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n\ufeff"), []byte("<")) && bytes.Contains(bytes.ToLower(b[:min(len(b), 1024)]), []byte("<html")):
		return "html"
	}
	return ""
}

// expectedKind is the type a name or declared content type promises.
func expectedKind(ext, contentType string) string {
	switch ext {
	case "pdf":
		return "pdf"
	case "docx", "xlsx", "pptx", "docm", "xlsm", "pptm", "zip", "odt", "ods", "odp", "epub":
		return "zip"
	case "doc", "xls", "ppt", "msg":
		return "ole"
	case "png", "jpg", "jpeg", "gif":
		return "image"
	case "txt", "csv":
		return "text"
	}
	switch contentType {
	case "application/pdf":
		return "pdf"
	case "image/png", "image/jpeg", "image/gif":
		return "image"
	}
	return ""
}

// compatible allows the types that legitimately share a container.
func compatible(want, got string) bool {
	return want == "text" && got == "html" || want == "zip" && got == "archive"
}

// maxMacroSearch is the largest Office file searched for macros whole.
const maxMacroSearch = 64 << 20

// hasMacros looks inside Office files for a VBA project: vbaProject.bin in
// an Office Open XML package, the _VBA_PROJECT stream in an old binary one.
// whole is false when the file was too large to search all of it.
func hasMacros(kind string, head []byte, p *message.Part) (found, whole bool) {
	switch kind {
	case "zip":
		if p == nil {
			return false, true
		}
		if p.Size > maxMacroSearch {
			return false, false
		}
		data := p.Bytes()
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return false, true
		}
		for _, f := range zr.File {
			if strings.EqualFold(path.Base(f.Name), "vbaProject.bin") {
				return true, true
			}
		}
	case "ole":
		data := head
		if p != nil && p.Size <= maxMacroSearch {
			data = p.Bytes()
		}
		if bytes.Contains(data, []byte("_\x00V\x00B\x00A\x00_\x00P\x00R\x00O\x00J\x00E\x00C\x00T\x00")) {
			return true, true
		}
		return false, p == nil || p.Size <= maxMacroSearch
	}
	return false, true
}

// attachmentFinding writes the finding for one attachment id in both languages.
func attachmentFinding(id ID, ev []string) Finding {
	f := Finding{ID: id, Category: CategoryAttachments, Evidence: ev, Severity: SeverityDanger}
	switch id {
	case FindingAttachmentDangerous:
		f.Title = Text{EN: "An attachment is a program", JA: "添付ファイルはプログラムです"}
		f.Detail = Text{
			EN: "Opening this file runs code on your computer. Senders of ordinary documents do not send programs; do not open it unless you asked for exactly this file, and ask the sender by phone if unsure.",
			JA: "このファイルを開くと、コンピューター上でプログラムが実行されます。通常の書類の送信者がプログラムを送ることはありません。依頼したファイルでない限り開かず、不明なら電話で送信者に確認してください。",
		}
	case FindingAttachmentDoubleExt:
		f.Title = Text{EN: "An attachment hides its real type behind a second extension", JA: "二重拡張子で本当の種類を隠した添付ファイルがあります"}
		f.Detail = Text{
			EN: "The name ends like a document but its real extension comes after; many systems hide that last part. Do not open it.",
			JA: "名前は書類のように見えますが、本当の拡張子はその後ろにあります。多くの環境では最後の部分が表示されません。開かないでください。",
		}
	case FindingAttachmentRTLO:
		f.Title = Text{EN: "An attachment's name is reversed by hidden characters", JA: "隠し文字で名前が反転された添付ファイルがあります"}
		f.Detail = Text{
			EN: "The name contains invisible text-direction characters that make it display differently from what it is, a trick to make a program look like a document. Do not open it.",
			JA: "名前に見えない文字方向の制御文字が含まれ、実際とは違う名前に見えます。プログラムを書類に見せかける手口です。開かないでください。",
		}
	case FindingAttachmentMacro:
		f.Severity = SeverityWarn
		f.Title = Text{EN: "An Office attachment contains macros", JA: "マクロを含む Office ファイルが添付されています"}
		f.Detail = Text{
			EN: "Macros are programs inside the document; enabling them is how many attacks start. Open it only if you expected it, and never click \"Enable content\".",
			JA: "マクロは文書内のプログラムで、有効にすると攻撃が始まることがよくあります。予定していたファイルの場合のみ開き、「コンテンツの有効化」は押さないでください。",
		}
	case FindingAttachmentHTML:
		f.Severity = SeverityWarn
		f.Title = Text{EN: "An attachment is a web page", JA: "添付ファイルはウェブページです"}
		f.Detail = Text{
			EN: "An attached HTML or SVG file opens in your browser, where it can look like any sign-in page and send what you type to anyone, without a link in the mail for filters to check. If it asks for a password, close it.",
			JA: "添付の HTML・SVG ファイルはブラウザーで開き、どんなログインページにも見せかけて、入力した内容を誰にでも送れます。メール本文にリンクがないため、フィルターも確認できません。パスワードを求められたら閉じてください。",
		}
	case FindingAttachmentTypeMismatch:
		f.Title = Text{EN: "An attachment is not what its name says", JA: "名前と中身が一致しない添付ファイルがあります"}
		f.Detail = Text{
			EN: "The file's content is a different kind of file than its name or declared type claims. Legitimate files do not disguise themselves; do not open it.",
			JA: "ファイルの中身が、名前や宣言された種類と異なります。正規のファイルは偽装しません。開かないでください。",
		}
	}
	return f
}
