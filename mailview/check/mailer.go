package check

import (
	"mailsafe/mailview/message"
	"regexp"
	"strings"

	"golang.org/x/text/width"
)

// Finding ids about the sending software.
const (
	FindingMailerMismatch ID = "mailer-mismatch"
	FindingForgedMailer   ID = "forged-mailer"
)

// Kinds of sending software, as claimed by a sign-off or seen in headers.
const (
	mailerIOS            = "iOS Mail"
	mailerAndroid        = "an Android phone"
	mailerOutlookMobile  = "Outlook for iOS or Android"
	mailerYahooMobile    = "the Yahoo Mail app"
	mailerBlackBerry     = "a BlackBerry"
	mailerWindowsMail    = "Mail for Windows"
	mailerDesktopBrowser = "a web browser on a desktop computer"
	mailerWebmail        = "webmail"
	mailerDesktopClient  = "a desktop mail program"
)

// signOffs are the lines phone and app mailers add by default, in English
// and Japanese, and the software each claims.
var signOffs = []struct {
	text   string
	mailer string
}{
	{"sent from my iphone", mailerIOS}, {"sent from my ipad", mailerIOS}, {"iphoneから送信", mailerIOS}, {"ipadから送信", mailerIOS},
	{"get outlook for ios", mailerOutlookMobile}, {"get outlook for android", mailerOutlookMobile},
	{"sent from outlook for ios", mailerOutlookMobile}, {"sent from outlook for android", mailerOutlookMobile},
	{"ios版outlookを入手", mailerOutlookMobile}, {"android版outlookを入手", mailerOutlookMobile},
	{"sent from yahoo mail for iphone", mailerYahooMobile}, {"sent from yahoo mail on android", mailerYahooMobile},
	{"sent from my galaxy", mailerAndroid}, {"sent from my samsung", mailerAndroid}, {"galaxy スマートフォンから送信", mailerAndroid},
	{"sent from my android", mailerAndroid}, {"androidから送信", mailerAndroid}, {"android 携帯からの送信", mailerAndroid},
	{"sent from my blackberry", mailerBlackBerry}, {"sent from mail for windows", mailerWindowsMail},
	{"windows 10 版のメールから送信", mailerWindowsMail}, {"windows 版のメールから送信", mailerWindowsMail},
}

// claimedMailer finds a default sign-off in the last 15 lines of the body.
func claimedMailer(body string) (line, mailer string) {
	for _, l := range lastLines(strings.TrimSpace(body), 15) {
		norm := strings.ToLower(width.Fold.String(strings.TrimSpace(l)))
		for _, s := range signOffs {
			if strings.Contains(norm, s.text) {
				return strings.TrimSpace(l), s.mailer
			}
		}
	}
	return "", ""
}

// lastLines returns the last n lines of s: strings.Split(s, "\n") without
// its first lines past n, and without splitting all of s.
func lastLines(s string, n int) []string {
	start := len(s)
	for k := 0; k < n; k++ {
		i := strings.LastIndexByte(s[:start], '\n')
		if i < 0 {
			start = -1
			break
		}
		start = i
	}
	return strings.Split(s[start+1:], "\n")
}

var desktopUA = regexp.MustCompile(`(?i)mozilla/5\.0 \((windows nt|macintosh|x11)`)

// headerMailer reads what the headers say sent the message.
func headerMailer(h message.Header) (mailer, evidence string) {
	xm := strings.TrimSpace(h.Text("X-Mailer"))
	ua := strings.TrimSpace(h.Text("User-Agent"))
	lx, lu := strings.ToLower(xm), strings.ToLower(ua)
	switch {
	case strings.Contains(lx, "iphone mail") || strings.Contains(lx, "ipad mail"):
		return mailerIOS, "X-Mailer: " + xm
	case strings.Contains(lu, "thunderbird") || strings.Contains(lx, "thunderbird"):
		return mailerDesktopClient, "User-Agent: " + ua + xm
	case desktopUA.MatchString(ua):
		return mailerDesktopBrowser, "User-Agent: " + ua
	case containsAnyOf(lx+" "+lu, "roundcube", "squirrelmail", "horde", "rainloop", "snappymail", "sogo", "zimbra", "webmail", "yahoomailweb", "open-xchange"):
		if xm != "" {
			return mailerWebmail, "X-Mailer: " + xm
		}
		return mailerWebmail, "User-Agent: " + ua
	case strings.HasPrefix(lx, "microsoft outlook") || strings.HasPrefix(lx, "microsoft office outlook") || strings.HasPrefix(lx, "apple mail ("):
		return mailerDesktopClient, "X-Mailer: " + xm
	case strings.Contains(lx, "android") || strings.Contains(lu, "android"):
		return mailerAndroid, "X-Mailer: " + xm + ua
	}
	return "", ""
}

// contradicts tells whether headers showing mailer seen rule out a claim.
func contradicts(claim, seen string) bool {
	if seen == "" || claim == seen {
		return false
	}
	switch claim {
	case mailerIOS:
		return seen != mailerIOS
	case mailerAndroid:
		return seen == mailerIOS || seen == mailerDesktopBrowser || seen == mailerDesktopClient || seen == mailerWebmail
	case mailerOutlookMobile, mailerYahooMobile, mailerBlackBerry:
		return seen == mailerIOS || seen == mailerDesktopBrowser || seen == mailerDesktopClient || seen == mailerWebmail
	case mailerWindowsMail:
		return seen == mailerIOS || seen == mailerAndroid || seen == mailerWebmail
	}
	return false
}

// outlookWithThreadIndex matches the X-Mailer of the Outlook versions that
// write Thread-Index on every message, Internet accounts included: Outlook
// 2003 ("Microsoft Office Outlook, Build 11.0.5510"), 2007 ("Microsoft
// Office Outlook 12.0") and 2010 onwards ("Microsoft Outlook 14.0" ...
// "16.0"), as list archives of their mail show. Not Outlook Express
// ("Microsoft Outlook Express 6.00…", a different program that writes
// X-MimeOLE and never Thread-Index), nor Outlook 98/2000/2002 ("Microsoft
// Outlook 8.5", "Microsoft Outlook IMO, Build 9.0…", "Microsoft Outlook,
// Build 10.0…"), which sent Internet mail without it.
var outlookWithThreadIndex = regexp.MustCompile(`(?i)^microsoft (office outlook,? build 1[1-9]\.|office outlook 1[1-9]\.|outlook 1[1-9]\.)`)

var uuidMessageID = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}@`)

// mailerFindings compares the sign-off with the headers, and an X-Mailer
// with the fingerprints its program always leaves.
func mailerFindings(v *Mail) []Finding {
	h := v.Message.Header
	var out []Finding
	seen, seenEvidence := headerMailer(h)
	// A sign-off contradicts only what the headers say (contradicts is
	// false without it), so the body is read for one only then.
	body := ""
	if seen != "" {
		body = v.Message.Text
		if body == "" {
			body = v.text
		}
	}
	if line, claim := claimedMailer(body); claim != "" && contradicts(claim, seen) {
		evidence := []string{"sign-off: " + line}
		for _, name := range []string{"X-Mailer", "User-Agent"} {
			if val := strings.TrimSpace(h.Text(name)); val != "" {
				evidence = append(evidence, name+": "+val)
			}
		}
		if len(evidence) == 1 {
			evidence = append(evidence, seenEvidence)
		}
		out = append(out, Finding{
			ID: FindingMailerMismatch, Severity: SeverityDanger, Category: CategorySender,
			Evidence: evidence,
			Title:    Text{EN: "“" + line + "”, but the headers show " + seen, JA: "「" + line + "」とありますが、ヘッダーは別の送信環境を示しています"},
			Detail: Text{
				EN: "The message ends as if written on " + claim + ", but it was sent from " + seen + ". Impostors add a phone sign-off to excuse a short, urgent message and to seem away from their desk. Confirm by phone using a number you already have.",
				JA: "署名は" + claim + "から送ったように見えますが、実際は" + seen + "から送信されています。なりすましは、短く急な依頼を不自然に見せないよう携帯の署名を付けます。手元にある電話番号で本人に確認してください。",
			},
		})
	}
	xm := strings.TrimSpace(h.Text("X-Mailer"))
	lx := strings.ToLower(xm)
	id := h.MessageID()
	var missing string
	switch {
	case strings.Contains(lx, "iphone mail") || strings.Contains(lx, "ipad mail") || strings.HasPrefix(lx, "apple mail ("):
		if !uuidMessageID.MatchString(id) {
			missing = "Apple Mail writes Message-IDs as an upper-case UUID; this one is " + message.Clip(id, 80)
		} else if h.Has("User-Agent") {
			missing = "Apple Mail sends no User-Agent header; this message has one"
		}
	case outlookWithThreadIndex.MatchString(xm):
		if !h.Has("Thread-Index") {
			missing = "Outlook 2003 and later always add a Thread-Index header; this message has none"
		}
	}
	if missing != "" {
		out = append(out, Finding{
			ID: FindingForgedMailer, Severity: SeverityWarn, Category: CategorySender,
			Evidence: []string{"X-Mailer: " + xm, missing},
			Title:    Text{EN: "The X-Mailer header claims a program that did not send this", JA: "X-Mailer ヘッダーが送信に使われていないプログラムを名乗っています"},
			Detail: Text{
				EN: "The message says it was written with " + xm + ", but the marks that program always leaves are missing. Someone set the header by hand, usually to look like an ordinary person's mail.",
				JA: "このメッセージは" + xm + "で作成されたと名乗っていますが、そのプログラムが必ず残す特徴がありません。普通の個人のメールに見せるため、手作業でヘッダーを設定したと考えられます。",
			},
		})
	}
	return out
}

func containsAnyOf(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
