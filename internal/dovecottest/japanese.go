package dovecottest

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
)

// JapaneseMail is one message of SeedJapanese with what a reader should see.
type JapaneseMail struct {
	Name     string // short name; the Message-ID is <Name@mailsafe.test>
	Subject  string // the subject as a reader should read it
	FromName string // the sender's display name (or the whole odd From text) as a reader should read it
	Urgent   bool   // subject or sender holds 至急
	raw      []byte
}

// MessageID is the message's Message-ID without angle brackets.
func (m JapaneseMail) MessageID() string { return m.Name + "@mailsafe.test" }

// Raw is the message as it is stored.
func (m JapaneseMail) Raw() []byte { return m.raw }

func enc(e encoding.Encoding, s string) []byte {
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(fmt.Sprintf("encode %q: %v", s, err))
	}
	return b
}

// bWord is an RFC 2047 B encoded word of raw bytes.
func bWord(charset string, b []byte) string {
	return "=?" + charset + "?B?" + base64.StdEncoding.EncodeToString(b) + "?="
}

// qWord is an RFC 2047 Q encoded word of raw bytes.
func qWord(charset string, b []byte) string {
	var s strings.Builder
	for _, c := range b {
		switch {
		case c == ' ':
			s.WriteByte('_')
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			s.WriteByte(c)
		default:
			fmt.Fprintf(&s, "=%02X", c)
		}
	}
	return "=?" + charset + "?Q?" + s.String() + "?="
}

// JapaneseMails are messages whose Subject and From are written the ways
// Japanese mail writes them, which a server's ENVELOPE passes on undecoded
// or mangles: ISO-2022-JP encoded words, raw Shift_JIS bytes, Shift_JIS
// encoded words split in the middle of a character, EUC-JP encoded words,
// and From lines Dovecot cannot parse (no address; an unquoted name with a
// comma). Generated here so that no binary file is committed.
func JapaneseMails() []JapaneseMail {
	jis := func(s string) []byte { return enc(japanese.ISO2022JP, s) }
	sjis := func(s string) []byte { return enc(japanese.ShiftJIS, s) }
	euc := func(s string) []byte { return enc(japanese.EUCJP, s) }
	header := func(name string, lines ...string) string {
		return strings.Join(lines, "\r\n") + "\r\nTo: alex@example.org\r\nDate: Mon, 2 Feb 2026 09:30:00 +0900\r\nMessage-ID: <" + name + "@mailsafe.test>\r\nMIME-Version: 1.0\r\n"
	}
	var out []JapaneseMail
	add := func(m JapaneseMail, head string, body []byte) {
		m.raw = append([]byte(head+"\r\n"), body...)
		out = append(out, m)
	}

	// (a) ISO-2022-JP encoded words, the classic Japanese mail.
	add(JapaneseMail{Name: "iso2022jp", Subject: "定例会議の議事録", FromName: "山田 太郎"},
		header("iso2022jp",
			"From: "+bWord("ISO-2022-JP", jis("山田 太郎"))+" <yamada@example.co.jp>",
			"Subject: "+bWord("ISO-2022-JP", jis("定例会議の議事録")),
			"Content-Type: text/plain; charset=ISO-2022-JP",
			"Content-Transfer-Encoding: 7bit"),
		append(jis("来週の定例会議の議事録を送ります。"), "\r\n"...))

	// (b) Shift_JIS bytes written raw into the header, 8-bit.
	add(JapaneseMail{Name: "sjis-raw", Subject: "見積書の送付について", FromName: "佐藤 花子"},
		header("sjis-raw",
			"From: "+string(sjis("佐藤 花子"))+" <sato@example.jp>",
			"Subject: "+string(sjis("見積書の送付について")),
			"Content-Type: text/plain; charset=Shift_JIS",
			"Content-Transfer-Encoding: 8bit"),
		append(sjis("お見積書をお送りします。"), "\r\n"...))

	// (b) Shift_JIS (labelled CP932 for the sender) encoded words, each text
	// split across two words in the middle of a two-byte character, in a
	// multipart message.
	subj, name := sjis("請求書の再発行のお願い"), sjis("鈴木 一郎")
	add(JapaneseMail{Name: "sjis-split", Subject: "請求書の再発行のお願い", FromName: "鈴木 一郎"},
		header("sjis-split",
			"From: "+qWord("CP932", name[:1])+" "+qWord("CP932", name[1:])+" <suzuki@example.jp>",
			"Subject: "+bWord("Shift_JIS", subj[:3]),
			" "+bWord("Shift_JIS", subj[3:]),
			`Content-Type: multipart/mixed; boundary="b1"`),
		[]byte("--b1\r\nContent-Type: text/plain; charset=Shift_JIS\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"+
			string(sjis("請求書を再発行してください。"))+"\r\n--b1--\r\n"))

	// (c) EUC-JP encoded words, B in the subject and Q in the name.
	add(JapaneseMail{Name: "eucjp", Subject: "出張申請の承認", FromName: "高橋 次郎"},
		header("eucjp",
			"From: "+qWord("EUC-JP", euc("高橋 次郎"))+" <takahashi@example.jp>",
			"Subject: "+bWord("EUC-JP", euc("出張申請の承認")),
			"Content-Type: text/plain; charset=UTF-8"),
		[]byte("出張申請を承認しました。\r\n"))

	// (d) A From line with no address at all, raw UTF-8: Dovecot's
	// ENVELOPE makes it MISSING_MAILBOX@MISSING_DOMAIN.
	add(JapaneseMail{Name: "no-address", Subject: "お支払いの件", FromName: "至急 確認", Urgent: true},
		header("no-address",
			"From: 至急 確認",
			"Subject: "+bWord("UTF-8", []byte("お支払いの件")),
			"Content-Type: text/plain; charset=UTF-8"),
		[]byte("ご確認ください。\r\n"))

	// (d) An unquoted display name with a comma, raw UTF-8, which splits
	// the field in two entries (Dovecot: MISSING_DOMAIN), and a subject in
	// two ISO-2022-JP encoded words.
	add(JapaneseMail{Name: "comma-name", Subject: "【至急】振込先変更のお願い", FromName: "経理部", Urgent: true},
		header("comma-name",
			"From: 経理部, 山本 <yamamoto@example.jp>",
			"Subject: "+bWord("ISO-2022-JP", jis("【至急】")),
			"\t"+bWord("ISO-2022-JP", jis("振込先変更のお願い")),
			"Content-Type: text/plain; charset=ISO-2022-JP"),
		append(jis("振込先が変わりました。"), "\r\n"...))

	// An ordinary ASCII message, which must read as before.
	add(JapaneseMail{Name: "ascii", Subject: "Weekly report", FromName: "Bob Smith"},
		header("ascii",
			"From: Bob Smith <bob@example.com>",
			"Subject: Weekly report",
			"Content-Type: text/plain; charset=us-ascii"),
		[]byte("All fine.\r\n"))
	return out
}

// SeedJapanese writes JapaneseMails into a Maildir's cur/, unread.
func SeedJapanese(maildir string) {
	for i, m := range JapaneseMails() {
		name := fmt.Sprintf("%d.M%dP2.test:2,", 1700001000+i, i)
		os.WriteFile(filepath.Join(maildir, "cur", name), m.raw, 0o600)
	}
}
