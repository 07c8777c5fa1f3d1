package check

// Lures: the reasons phishing gives to click (assets/lures.txt).

// FindingLureLanguage: the message uses a phishing lure: a threat to the
// reader's account, a prize or crypto claim, a failed payment, advance-fee
// fraud, a casino, dating or miracle-cure offer.
const FindingLureLanguage ID = "lure-language"

// lureFinding names the lures the sender name, the subject and the first
// part of the body use, one phrase per kind.
func lureFinding(v *Mail) (Finding, bool) {
	var parts []string
	for _, a := range v.From {
		parts = append(parts, a.Name)
	}
	text := phrasingText(append(parts, v.Subject, v.text)...)
	evidence := findLures(text)
	if len(evidence) == 0 {
		return Finding{}, false
	}
	return Finding{
		ID: FindingLureLanguage, Severity: SeverityWarn, Category: CategorySender, Evidence: evidence,
		Title: Text{EN: "The wording is a common phishing lure", JA: "文面がフィッシングのよくある誘い文句です"},
		Detail: Text{
			EN: "A locked account, a full mailbox, a prize or tokens to claim, a failed payment, money waiting abroad, a casino bonus or a date: these are the reasons phishing gives for clicking at once. Real services say such things too, so check by opening the service's site or app yourself, not through this message.",
			JA: "アカウントの停止、メールボックスの容量不足、賞品やトークンの受け取り、支払いの失敗、海外の送金話、カジノのボーナスや出会いの誘い――どれも、フィッシングがすぐにクリックさせるために使う理由です。正規のサービスが同じことを書くこともあるため、このメールからではなく、ご自身でサービスのサイトやアプリを開いて確認してください。",
		},
	}, true
}

// findLures returns "kind: “phrase”" for the first phrase of each kind of
// lure in text.
func findLures(text string) []string {
	_, evidence := findPhrases(facts().lures, text)
	return evidence
}
