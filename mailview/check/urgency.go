package check

// Urgency: the phrasing of business e-mail compromise, in English and Japanese.

// urgencyFinding flags business e-mail compromise phrasing: phrases of two
// or more kinds (urgency, secrecy, payment, bank account change, gift
// cards, being unreachable, asking for a reply by mail only, moving to
// another channel) in one message. folded is the message's urgency text
// (foldedPhrasingTexts), present which urgency keys it holds.
func urgencyFinding(folded string, present []bool) (Finding, bool) {
	seen, evidence := findFoldedIn(facts().urgency, folded, present)
	if len(seen) < 2 {
		return Finding{}, false
	}
	sev := SeverityWarn
	if seen["account-change"] != "" || seen["gift-card"] != "" || seen["payment"] != "" && seen["urgent"] != "" {
		sev = SeverityDanger
	}
	return Finding{
		ID: FindingUrgencyLanguage, Severity: sev, Category: CategorySender, Evidence: evidence,
		Title: Text{EN: "The wording matches payment fraud", JA: "文面が送金詐欺の手口と一致します"},
		Detail: Text{
			EN: "Pressure to act now, secrecy, payments, changed bank details or gift cards, especially from someone who says they cannot be reached, are the marks of business e-mail compromise. Confirm by phone using a number you already have before doing anything.",
			JA: "急かす・内密にする・支払いや振込先変更・ギフトカード、とくに連絡が取れないと言う相手からの依頼は、ビジネスメール詐欺の特徴です。行動する前に、手元にある電話番号で本人に確認してください。",
		},
	}, true
}
