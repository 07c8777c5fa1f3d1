package dovecottest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// A reader's mailbox with a history: alex@corp.example writes to 30
// correspondents (Sent, ~200 messages) and hears from them (Inbox, ~500),
// each sender always in the same way — one mailer, one network, passing
// authentication. The cases are new messages to read against that history.

// Me is the reader of the history mailbox.
const Me = "alex@corp.example"

type correspondent struct {
	name, addr string
	mailer     string // "iphone", "outlook", "thunderbird"
	ip         string // the sender's outbound server
}

// historyPeople are the reader's correspondents: colleagues on
// corp.example, partners on their own domains (Hanako Suzuki at
// partner-co.example is the one the look-alike case imitates).
func historyPeople() []correspondent {
	var out []correspondent
	colleagues := []string{"Yamada Taro", "Sato Hanae", "Suzuki Ichiro", "Tanaka Yui", "Ito Ken", "Watanabe Mai", "Nakamura Sho", "Kobayashi Rin", "Kato Daiki", "Yoshida Emi"}
	for i, n := range colleagues {
		parts := strings.Fields(strings.ToLower(n))
		mailer := "outlook"
		if i%3 == 0 {
			mailer = "iphone"
		}
		out = append(out, correspondent{n, parts[1] + "." + parts[0] + "@corp.example", mailer, "203.0.113.25"})
	}
	partners := []string{"partner-co", "acme-trading", "northwind", "globex-japan", "initech", "umbrella-logistics", "stark-parts", "wayne-finance", "tyrell-design", "cyberdyne-labs"}
	names := []string{"Hanako Suzuki", "John Smith", "Maria Garcia", "Wei Chen", "Anna Schmidt", "Omar Haddad", "Lucy Brown", "Raj Patel",
		"Emma Wilson", "Pierre Martin", "Sofia Rossi", "Ivan Petrov", "Grace Lee", "Tom Baker", "Nina Berg", "Paul Young",
		"Kate Moss", "Leo King", "Mia Wong", "Sam Reed"}
	for i, d := range partners {
		for j, n := range names[2*i : 2*i+2] {
			mailer := "thunderbird"
			if (i+j)%2 == 0 {
				mailer = "outlook"
			}
			local := strings.ReplaceAll(strings.ToLower(n), " ", ".")
			out = append(out, correspondent{n, local + "@" + d + ".example", mailer, fmt.Sprintf("198.51.%d.%d", 100+i, 10+j)})
		}
	}
	return out
}

// HistoryMail is the generated mailbox and the cases.
type HistoryMail struct {
	Sent, Inbox [][]byte
	// Cases are messages to read against the history, by name: "bec"
	// (a colleague's name on free mail), "webmail" (the colleague's own
	// address, from webmail, failing authentication), "lookalike" (a
	// partner's name and a look-alike of its domain), "colleague" and
	// "partner" (their ordinary mail), "stranger" (someone new).
	Cases map[string][]byte
}

// History generates the mailbox, dated over the year before now.
func History(now time.Time) HistoryMail {
	people := historyPeople()
	var h HistoryMail
	start := now.AddDate(0, 0, -300)
	for i := 0; i < 200; i++ {
		p := people[i%len(people)]
		date := start.Add(time.Duration(i) * 36 * time.Hour)
		to := fmt.Sprintf("%q <%s>", p.name, p.addr)
		if i%7 == 0 { // now and then a second recipient in Cc
			q := people[(i+3)%len(people)]
			to += fmt.Sprintf("\r\nCc: %s", q.addr)
		}
		h.Sent = append(h.Sent, []byte(fmt.Sprintf("From: Alex <%s>\r\nTo: %s\r\nSubject: Re: project %d\r\nDate: %s\r\nMessage-ID: <sent%d@corp.example>\r\nX-Mailer: Microsoft Outlook 16.0\r\nThread-Index: AQHZ%04d\r\n\r\nHello,\r\n\r\nAlex\r\n",
			Me, to, i, date.Format(time.RFC1123Z), i, i)))
	}
	for i := 0; i < 500; i++ {
		p := people[(i*7)%len(people)]
		date := start.Add(time.Duration(i) * 14 * time.Hour)
		h.Inbox = append(h.Inbox, mailFrom(p, p.name, p.addr, date, fmt.Sprintf("in%d", i), "Update "+fmt.Sprint(i), "Regards"))
	}
	taro, hanako := people[0], people[10]
	recent := now.Add(-time.Hour)
	h.Cases = map[string][]byte{
		"bec": []byte(fmt.Sprintf("From: \"TARO YAMADA\" <taro.yamada.office@gmail.com>\r\nTo: %s\r\nSubject: Urgent wire transfer\r\nDate: %s\r\nMessage-ID: <CAbec0001@mail.gmail.com>\r\n"+
			"Authentication-Results: mx.corp.example; spf=pass smtp.mailfrom=gmail.com; dkim=pass header.d=gmail.com; dmarc=pass header.from=gmail.com\r\n"+
			"Received: from mail-ed1-f41.google.com (mail-ed1-f41.google.com [209.85.208.41]) by mx.corp.example with ESMTPS; %s\r\n\r\n"+
			"I am in a meeting. Please pay the attached invoice today and tell no one.\r\n\r\nSent from my iPhone\r\n",
			Me, recent.Format(time.RFC1123Z), recent.Format(time.RFC1123Z))),
		"webmail": []byte(fmt.Sprintf("From: \"Yamada Taro\" <%s>\r\nTo: %s\r\nSubject: Quick favour\r\nDate: %s\r\nMessage-ID: <rc.%d@webmail.hosting.example>\r\nUser-Agent: Roundcube Webmail/1.6.5\r\n"+
			"Authentication-Results: mx.corp.example; spf=fail smtp.mailfrom=corp.example; dkim=none; dmarc=fail header.from=corp.example\r\n"+
			"Received: from webmail.hosting.example (webmail.hosting.example [192.0.2.77]) by mx.corp.example with ESMTPS; %s\r\n\r\n"+
			"Are you at your desk? I need a favour.\r\n",
			taro.addr, Me, recent.Format(time.RFC1123Z), now.Unix(), recent.Format(time.RFC1123Z))),
		"lookalike": []byte(fmt.Sprintf("From: \"Hanako Suzuki\" <hanako.suzuki@partner-c0.example>\r\nTo: %s\r\nSubject: New bank details\r\nDate: %s\r\nMessage-ID: <la1@partner-c0.example>\r\n"+
			"Authentication-Results: mx.corp.example; spf=pass smtp.mailfrom=partner-c0.example; dkim=pass header.d=partner-c0.example; dmarc=pass header.from=partner-c0.example\r\n"+
			"Received: from mail.partner-c0.example (mail.partner-c0.example [192.0.2.99]) by mx.corp.example with ESMTPS; %s\r\n\r\n"+
			"Please use our new bank account for the next payment.\r\n",
			Me, recent.Format(time.RFC1123Z), recent.Format(time.RFC1123Z))),
		"colleague": mailFrom(taro, taro.name, taro.addr, recent, "case-colleague", "Lunch?", "Taro"),
		"partner":   mailFrom(hanako, hanako.name, hanako.addr, recent, "case-partner", "Quarterly figures", "Hanako"),
		"stranger": mailFrom(correspondent{"Kenji Mori", "kenji.mori@newcustomer.example", "thunderbird", "192.0.2.150"},
			"Kenji Mori", "kenji.mori@newcustomer.example", recent, "case-stranger", "Introduction", "Kenji"),
	}
	return h
}

// mailFrom writes a message as p's mailer and server always write it.
func mailFrom(p correspondent, name, addr string, date time.Time, id, subject, signoff string) []byte {
	domain := addr[strings.LastIndexByte(addr, '@')+1:]
	var mailer, msgID string
	switch p.mailer {
	case "iphone":
		mailer = "X-Mailer: iPhone Mail (21A329)\r\n"
		msgID = fmt.Sprintf("%08X-0000-4000-8000-%012X@%s", len(id)*7919, hash(id), domain)
		signoff += "\r\n\r\nSent from my iPhone"
	case "outlook":
		mailer = "X-Mailer: Microsoft Outlook 16.0\r\nThread-Index: AQHZ" + id + "\r\n"
		msgID = id + "@" + domain
	default:
		mailer = "User-Agent: Mozilla Thunderbird\r\n"
		msgID = id + "@" + domain
	}
	return []byte(fmt.Sprintf("From: %q <%s>\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s>\r\n%s"+
		"Authentication-Results: mx.corp.example; spf=pass smtp.mailfrom=%s; dkim=pass header.d=%s; dmarc=pass header.from=%s\r\n"+
		"Received: from mail.%s (mail.%s [%s]) by mx.corp.example with ESMTPS; %s\r\n"+
		"Received: from [10.1.2.3] by mail.%s with ESMTPSA; %s\r\n\r\n"+
		"Hello Alex,\r\n\r\nHere is the update.\r\n\r\n%s\r\n",
		name, addr, Me, subject, date.Format(time.RFC1123Z), msgID, mailer,
		domain, domain, domain, domain, domain, p.ip, date.Format(time.RFC1123Z), domain, date.Format(time.RFC1123Z), signoff))
}

func hash(s string) uint64 {
	h := uint64(1469598103934665603)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h & 0xFFFFFFFFFFFF
}

// SeedHistory writes the history mailbox into a Maildir: the inbox in
// cur/, the sent mail in the .Sent folder (Maildir++).
func SeedHistory(h HistoryMail) func(string) {
	return func(maildir string) {
		write := func(dir string, msgs [][]byte, base int) {
			for _, sub := range []string{"cur", "new", "tmp"} {
				os.MkdirAll(filepath.Join(dir, sub), 0o700)
			}
			for i, m := range msgs {
				name := fmt.Sprintf("%d.M%dP1.test:2,S", 1700000000+base+i, base+i)
				os.WriteFile(filepath.Join(dir, "cur", name), m, 0o600)
			}
		}
		write(maildir, h.Inbox, 0)
		write(filepath.Join(maildir, ".Sent"), h.Sent, 100000)
	}
}

// Deliver adds one message to a folder of a running server ("" is the
// inbox), as a delivery agent would: into new/.
func (d *Server) Deliver(folder string, raw []byte) error {
	dir := filepath.Join(d.Home, "Maildir")
	if folder != "" {
		dir = filepath.Join(dir, "."+folder)
	}
	name := fmt.Sprintf("%d.M%dP2.test", time.Now().UnixNano(), len(raw))
	tmp := filepath.Join(dir, "tmp", name)
	if err := os.WriteFile(tmp, raw, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, "new", name))
}
