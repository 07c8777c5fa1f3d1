package check

import "mailsafe/mailview/safedoc"

// Lures: the reasons phishing gives to click (assets/lures.txt).

// FindingLureLanguage: the message uses a phishing lure: a threat to the
// reader's account, a prize or crypto claim, a failed payment, a parcel
// held for a fee, advance-fee fraud, a casino, dating or miracle-cure offer.
const FindingLureLanguage ID = "lure-language"

// lureFinding names the lures the sender name, the subject and the first
// part of the body use, one phrase per kind. folded is the message's lure
// text (foldedPhrasingTexts), present which lure keys it holds.
func lureFinding(v *Mail, folded string, present []bool) (Finding, bool) {
	found, evidence := findFoldedIn(facts().lures, folded, present)
	if len(evidence) == 0 {
		return Finding{}, false
	}
	f := Finding{
		ID: FindingLureLanguage, Severity: SeverityWarn, Category: CategorySender, Evidence: evidence,
		Title: Text{EN: "The wording is a common phishing lure", JA: "文面がフィッシングのよくある誘い文句です"},
		Detail: Text{
			EN: "A locked account, a full mailbox, a prize or tokens to claim, a failed payment, a parcel held for a fee, money waiting abroad, a casino bonus or a date: these are the reasons phishing gives for clicking at once. Real services say such things too, so check by opening the service's site or app yourself, not through this message.",
			JA: "アカウントの停止、メールボックスの容量不足、賞品やトークンの受け取り、支払いの失敗、手数料を払うまで届かない荷物、海外の送金話、カジノのボーナスや出会いの誘い――どれも、フィッシングがすぐにクリックさせるために使う理由です。正規のサービスが同じことを書くこともあるため、このメールからではなく、ご自身でサービスのサイトやアプリを開いて確認してください。",
		},
	}
	if from, ok := lureFromFreemail(v); ok && noticeLure(found) {
		f.Severity = SeverityDanger
		f.Evidence = append(f.Evidence, "From: "+from+" (free mail)")
		f.Title = Text{EN: "A common phishing lure, from a free mail address", JA: "フィッシングのよくある誘い文句が、フリーメールのアドレスから届いています"}
		f.Detail.EN += " This one comes from " + from + ", an address anyone can open: the services, banks and lotteries whose notices these are write from their own domains."
		f.Detail.JA += "このメッセージの送信元 " + from + " は誰でも作れるアドレスです。こうした通知を出すサービス・銀行・抽選の運営者は、自社のドメインから送信します。"
	}
	return f, true
}

// lureFromFreemail returns the From address when it is at a free mail
// service and the message is the sender's own words: not a mailing list's
// post, a reply or a forward, which quote what others wrote.
func lureFromFreemail(v *Mail) (string, bool) {
	if v.list.isList || replyPrefix.FindString(v.Subject) != "" {
		return "", false
	}
	a := v.fromMailbox()
	if a.Addr == "" {
		return "", false
	}
	return a.Addr, isFreemail(safedoc.RegistrableDomain(a.Domain()))
}

// noticeLures are the kinds of lure that speak as an institution: a
// service's notice (an account, a payment, a parcel, a prize, a wallet) or
// an official's offer of funds. A friend at a free mail address writes
// neither; the casino, dating and health lures are words of everyday mail
// too ("hit the jackpot", "trying to lose weight", "blood sugar") and stay
// a medium signal from anyone.
var noticeLures = []string{"account", "payment", "delivery", "prize", "crypto", "advance-fee"}

func noticeLure(found map[string]string) bool {
	for _, k := range noticeLures {
		if _, ok := found[k]; ok {
			return true
		}
	}
	return false
}

// findLures returns "kind: “phrase”" for the first phrase of each kind of
// lure in text.
func findLures(text string) []string {
	_, evidence := findPhrases(facts().lures, text)
	return evidence
}
