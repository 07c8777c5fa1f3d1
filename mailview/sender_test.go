package mailview

import (
	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// senderCases: one mail per sender id, then legitimate look-alikes that
// must stay silent. The reader is reader@acme-corp.co.jp with the contacts
// of testdata/sender/contacts.txt.
var senderCases = []struct {
	file     string
	ids      []check.ID
	evidence []string
}{
	{"auth-fail.eml", []check.ID{check.FindingAuthFail}, []string{"dmarc=fail header.from=acme-corp.co.jp"}},
	{"auth-missing.eml", []check.ID{check.FindingAuthMissing, check.FindingFirstContact}, nil},
	{"display-name-address.eml", []check.ID{check.FindingDisplayNameAddress, check.FindingFreemailSender, check.FindingFirstContact}, nil},
	{"bec-impersonation.eml", []check.ID{check.FindingDisplayNameImpersonation, check.FindingFreemailSender, check.FindingMailerMismatch, check.FindingUrgencyLanguage, check.FindingFirstContact},
		[]string{"known: 山田 太郎 <yamada.t@acme-corp.co.jp>", "sign-off: iPhoneから送信", "X-Mailer: Roundcube Webmail/1.6.6",
			"unavailable: “会議中”", "urgent: “至急”", "payment: “振込”", "confidential: “内密”"}},
	{"reply-to-diverts.eml", []check.ID{check.FindingReplyToDiverts}, []string{"Reply-To: hanako.sato.partner@outlook.com"}},
	{"envelope-mismatch.eml", []check.ID{check.FindingEnvelopeMismatch}, []string{"Return-Path: bounce-77@mailer-xyz.example"}},
	{"multiple-from.eml", []check.ID{check.FindingMultipleFrom}, nil},
	{"fake-reply.eml", []check.ID{check.FindingFakeReply, check.FindingFirstContact}, nil},
	{"lookalike-domain.eml", []check.ID{check.FindingLookalikeDomain, check.FindingDisplayNameImpersonation, check.FindingFirstContact},
		[]string{"From acrne-corp.co.jp imitates acme-corp.co.jp (look-alike spelling)", "link acme-corp.jp imitates acme-corp.co.jp (same name, other ending .jp)"}},
	{"forged-mailer.eml", []check.ID{check.FindingForgedMailer}, []string{"Apple Mail writes Message-IDs as an upper-case UUID"}},
	{"urgency-en.eml", []check.ID{check.FindingUrgencyLanguage}, []string{"gift-card: “gift card”"}},
	// The seed's own wording: plain and polite forms, a particle inside a phrase.
	{"urgency-ja-seed.eml", []check.ID{check.FindingDisplayNameImpersonation, check.FindingFreemailSender, check.FindingFirstContact, check.FindingUrgencyLanguage},
		[]string{"unavailable: “会議なので”", "urgent: “至急”", "payment: “支払”"}},
	// Outlook 2010 and later always write Thread-Index; this one has none.
	{"forged-outlook.eml", []check.ID{check.FindingForgedMailer, check.FindingFirstContact}, []string{"X-Mailer: Microsoft Outlook 16.0"}},
	// One mailbox whose display name an unquoted comma splits: not two senders.
	{"display-name-comma.eml", []check.ID{check.FindingDisplayNameMalformed, check.FindingFirstContact}, []string{"From: Account Security, Team <notice@account-alerts.example>"}},
	// Authentication as services write it.
	{"exchange-dmarc-fail.eml", []check.ID{check.FindingAuthFail}, []string{"dmarc=fail action=oreject header.from=supplier.example;compauth=fail reason=000"}},
	{"exchange-compauth-fail.eml", []check.ID{check.FindingAuthFail}, []string{"dmarc=none action=none header.from=shop.example;compauth=fail reason=001"}},
	{"gmail-dmarc-fail.eml", []check.ID{check.FindingAuthFail}, []string{"dmarc=fail (p=QUARANTINE"}},
	{"received-spf-only.eml", []check.ID{check.FindingAuthFail}, []string{"Received-SPF: Fail (mx.acme-corp.co.jp"}},
	{"arc-list.eml", []check.ID{check.FindingAuthForwarded}, []string{"ARC-Authentication-Results: i=1; mx.google.com;"}},
	{"brand-paypal-spoof.eml", []check.ID{check.FindingBrandImpersonation, check.FindingFirstContact, check.FindingLureLanguage},
		[]string{"PayPal (sender name: PayPal Service)", "links to: paypa1-secure.example", "PayPal: paypal.com, paypal.me, paypalobjects.com"}},
	{"brand-jp-card-spoof.eml", []check.ID{check.FindingBrandImpersonation, check.FindingFirstContact, check.FindingLureLanguage, check.FindingAuthUnsigned},
		[]string{"三井住友カード (sender name: 三井住友カード)", "From: info@mail-notice.example.cn", "links to: example.top", "三井住友カード: smbc-card.com, vpass.ne.jp"}},
	// A service's name anyone can use (hosting.go) and mail that knows only the address (recipient.go).
	{"hosted-firebase.eml", []check.ID{check.FindingSenderHosted, check.FindingLinkHosted, check.FindingFirstContact},
		[]string{"From: claim-4f2a1.firebaseapp.com (a name under firebaseapp.com)", "rw8d2.page.link (site at page.link)"}},
	{"hosted-storage-mailbox.eml", []check.ID{check.FindingDisplayNameAddress, check.FindingLinkHosted, check.FindingImageHosted,
		check.FindingSubjectHasAddress, check.FindingRecipientsHidden, check.FindingFirstContact, check.FindingTrackerAddressLeak, check.FindingRemoteContent,
		check.FindingLureLanguage, check.FindingBodyImageOnly},
		[]string{"From: proton.me Helpdesk <it-desk@harbour-logistics.example>", "storage.googleapis.com (storage at storage.googleapis.com)",
			"i.imgur.com (imgur.com)", "Subject: reader@acme-corp.co.jp: 3 incoming", "To: undisclosed-recipients:;"}},
	{"obfuscated-name.eml", []check.ID{check.FindingTextObfuscated, check.FindingFirstContact},
		[]string{"From name: “ΝFT” (Cyrillic or Greek letters that look Latin inside a Latin word)", "Subject: “Prime” (invisible characters between letters)"}},
	{"obfuscated-styled.eml", []check.ID{check.FindingTextObfuscated, check.FindingFirstContact},
		[]string{"Subject: “𝗢𝗽𝗲𝗻” (letters of Unicode's mathematical or phonetic alphabets in place of ordinary ones)"}},
	{"brand-defi-spoof.eml", []check.ID{check.FindingBrandImpersonation, check.FindingFirstContact},
		[]string{"Lido (sender name: Lido DAO)", "From: notify@stake-events.example", "links to: stake-events.example", "Lido: lido.fi"}},
	// A phish forwarded inline by a colleague: the quoted From line is checked.
	{"forward-inline-spoof.eml", []check.ID{check.FindingLureLanguage, check.FindingBrandImpersonation},
		[]string{"in the message forwarded below the text", "PayPal (sender name: PayPal Service)", "From: service@pp-resolution-desk.example"}},
	{"forward-inline-ja.eml", []check.ID{check.FindingBrandImpersonation},
		[]string{"三井住友カード (sender name: 三井住友カード)", "From: info@vpass-kakunin.example.cn", "links to: example.cn"}},
	// A lure in the sender's own words from a free mail address.
	{"lure-freemail.eml", []check.ID{check.FindingFreemailSender, check.FindingLureLanguage, check.FindingFirstContact},
		[]string{"prize: “you have been selected”", "From: claims.office.desk@gmail.com (free mail)"}},
	// Another brand's name on a brand's domain that disowns the message (DMARC).
	{"brand-on-forged-brand-domain.eml", []check.ID{check.FindingAuthFail, check.FindingEnvelopeMismatch, check.FindingFirstContact, check.FindingBrandImpersonation},
		[]string{"三井住友カード (sender name: 三井住友カード)", "From: notice@mercari.jp"}},
	{"image-only-poster.eml", []check.ID{check.FindingBodyImageOnly, check.FindingImageHosted, check.FindingFirstContact, check.FindingRemoteContent},
		[]string{"1 image(s), 0 word(s) of text, and a link"}},
	// Weak signals together: Bcc, a body of pictures, no signature (Exchange's stamp).
	{"unsigned-bulk.eml", []check.ID{check.FindingRecipientsHidden, check.FindingBodyImageOnly, check.FindingAuthUnsigned, check.FindingRemoteContent, check.FindingFirstContact},
		[]string{"dkim=none (message not signed)"}},
	// Legitimate look-alikes.
	{"lure-freemail-friend.eml", []check.ID{check.FindingFreemailSender, check.FindingLureLanguage, check.FindingFirstContact}, []string{"account: “account has been suspended”"}}, // a friend's reply quoting a lure
	{"lure-freemail-everyday.eml", []check.ID{check.FindingFreemailSender, check.FindingLureLanguage, check.FindingFirstContact}, []string{"health: “blood sugar”"}},
	{"forward-inline-genuine.eml", nil, nil},                                                                                              // a colleague forwards the brand's own mail: a forward is no fake reply
	{"image-only-flyer-genuine.eml", nil, nil},                                                                                            // a colleague's flyer carried in the message
	{"hosted-firebase-genuine.eml", []check.ID{check.FindingSenderHosted, check.FindingFirstContact}, nil},                                // an app's own reset mail: one signal
	{"hosted-survey-genuine.eml", []check.ID{check.FindingLinkHosted}, nil},                                                               // a colleague's survey on a form builder
	{"lure-genuine-notice.eml", []check.ID{check.FindingLureLanguage, check.FindingFirstContact}, []string{"account: “unusual sign-in”"}}, // a bank's own notice: the lure alone
	{"genuine-iphone.eml", nil, nil},
	{"esp-newsletter.eml", nil, nil},
	{"colleague-reply.eml", nil, nil}, // also: a lower, forged Authentication-Results saying fail is not trusted
	{"jp-provider.eml", nil, nil},
	// Context that makes a signal normal.
	{"list-mailman.eml", []check.ID{check.FindingFirstContact}, nil},       // list bounce address, Reply-To the list, "Re:" from a digest reader
	{"list-google-groups.eml", []check.ID{check.FindingFirstContact}, nil}, // "'Name' via Group", Reply-To the author at free mail
	{"esp-aligned-dkim.eml", []check.ID{check.FindingFirstContact}, nil},   // ESP bounce domain, DKIM d= a subdomain of From's
	{"outlook-express.eml", []check.ID{check.FindingAuthUnsigned}, nil},    // Outlook Express never wrote Thread-Index; its ISP signs nothing (info)
	{"auto-reply.eml", []check.ID{check.FindingFirstContact}, nil},         // RFC 3834 "Re:" without references
	{"calendar-forward.eml", nil, nil},                                     // a forwarded invitation
	{"exchange-pass.eml", nil, nil},                                        // also: a lower, forged stamp saying fail is not trusted
	{"brand-genuine.eml", []check.ID{check.FindingFirstContact}, nil},      // PayPal from paypal.com, DMARC pass
	{"brand-mention-newsletter.eml", nil, nil},                             // PayPal and Amazon named in passing
}

func senderContext(t *testing.T) Reader {
	t.Helper()
	b, err := os.ReadFile("testdata/sender/contacts.txt")
	if err != nil {
		t.Fatal(err)
	}
	var contacts []message.Address
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			contacts = append(contacts, message.ParseAddressList(l)...)
		}
	}
	return Reader{Me: []string{"reader@acme-corp.co.jp"}, Contacts: contacts}
}

func TestSenderChecks(t *testing.T) {
	ctx := senderContext(t)
	files, _ := filepath.Glob("testdata/sender/*.eml")
	if len(files) != len(senderCases) {
		t.Errorf("%d mails in testdata/sender, %d cases", len(files), len(senderCases))
	}
	for _, tc := range senderCases {
		t.Run(tc.file, func(t *testing.T) {
			raw, err := os.ReadFile("testdata/sender/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			assertFindings(t, Analyze(raw, ctx), tc.ids, tc.evidence)
		})
	}
}

// With authserv-ids configured, the first Authentication-Results stamped by
// any of them is trusted, wherever it stands; case does not matter.
func TestTrustedAuthServIDs(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "sender", "colleague-reply.eml"))
	if err != nil {
		t.Fatal(err)
	}
	reader := senderContext(t)
	for _, c := range []struct {
		ids  []string
		fail bool
	}{
		{nil, false}, // the topmost, mx.acme-corp.co.jp: pass
		{[]string{"mx.acme-corp.co.jp"}, false},
		{[]string{"other.example", "FORGED.example"}, true}, // the lower stamp, trusted by configuration
	} {
		reader.AuthServIDs = c.ids
		if got := Analyze(raw, reader).Has(check.FindingAuthFail); got != c.fail {
			t.Errorf("AuthServIDs %v: auth-fail %v, want %v", c.ids, got, c.fail)
		}
	}
}

// A brand spoof with links off the brand's domains is danger.
func TestBrandImpersonationSeverity(t *testing.T) {
	ctx := senderContext(t)
	for _, file := range []string{"brand-paypal-spoof.eml", "brand-jp-card-spoof.eml"} {
		raw, err := os.ReadFile(filepath.Join("testdata", "sender", file))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range Analyze(raw, ctx).Findings {
			if f.ID == check.FindingBrandImpersonation && f.Severity != check.SeverityDanger {
				t.Errorf("%s: brand-impersonation is %s, want danger", file, f.Severity)
			}
		}
	}
}

// Japanese is written without spaces: a shop's newsletter of photos with a
// few sentences beside them is not a body of pictures (its sentences were
// counted a word each).
func TestJapaneseTextCountsAsText(t *testing.T) {
	raw, err := os.ReadFile("testdata/marketing-jp.eml")
	if err != nil {
		t.Fatal(err)
	}
	if v := Analyze(raw, Reader{}); v.Has(check.FindingBodyImageOnly) {
		f, _ := v.Finding(check.FindingBodyImageOnly)
		t.Errorf("%s on a Japanese newsletter with text: %v", check.FindingBodyImageOnly, f.Evidence)
	}
}
