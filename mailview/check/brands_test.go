package check

import "testing"

// Disguised names fold back to the brand's: Cyrillic letters, combining
// marks strewn between letters, mathematical letters, a trademark sign.
func TestBrandFold(t *testing.T) {
	for in, want := range map[string]string{
		"МеtaМask":     "MetaMask",
		"Aܿmܿaܿzܿon":   "Amazon",
		"𝕚ℂ𝕝𝕠𝕦𝕕":       "iCloud",
		"Ｐａｙ\u200bＰａｌ": "PayPal",
		"ドコモ":          "ドコモ",          // voiced kana keep their marks
		"Trust WaIIet": "Trust Wallet", // capital I for l between lower case
		"PaypaI":       "Paypal",
		"Iceland IT":   "Iceland IT", // a capital I that starts a word or stands in capitals

	} {
		if got := brandFold(in); got != want {
			t.Errorf("brandFold(%q) = %q, want %q", in, got, want)
		}
	}
}

// Where a message speaks as a brand, and where it only names it.
func TestBrandClaims(t *testing.T) {
	var paypal, chase, rakuten, ripple, musk *brand
	for i, b := range facts().brands {
		switch b.name {
		case "PayPal":
			paypal = &facts().brands[i]
		case "Chase":
			chase = &facts().brands[i]
		case "楽天":
			rakuten = &facts().brands[i]
		case "Ripple":
			ripple = &facts().brands[i]
		case "Elon Musk":
			musk = &facts().brands[i]
		}
	}
	if paypal == nil || chase == nil || rakuten == nil || ripple == nil || musk == nil {
		t.Fatal("brands.txt lacks PayPal, Chase, 楽天, Ripple or Elon Musk")
	}
	for _, c := range []struct {
		b             *brand
		name, subject string
		body          string
		want          bool
	}{
		{paypal, "PayPal Service", "", "", true},
		{ripple, "Ripple Team", "", "", true},
		{ripple, "", "the ripple effect of rate cuts", "", false}, // a word: only as the whole sender name
		{paypal, "McAfee® Support", "", "", false},
		{chase, "Chase Alerts", "", "", true},
		{chase, "Chase Smith", "", "", false}, // a person
		{chase, "Ken at Chase", "", "", true}, // a person of the brand signing for it
		{chase, "Ken Chase at Home", "", "", false},
		{chase, "", "chase the deadline", "", false}, // a verb
		{rakuten, "楽天", "", "", true},                // the whole sender name
		{rakuten, "楽天的な山田", "", "", false},           // "optimistic"
		{paypal, "", "[paypal] your account is limited", "", true},
		{paypal, "", "now with paypal at checkout", "", false},
		{paypal, "", "", "you can pay with your paypal account.", false},
		{paypal, "", "", "thank you, the paypal team", true},
		{paypal, "", "", "copyright © 1999-2026 paypal, inc.", true},
		{musk, "Eco Savings by Elon Musk", "", "", true},
		{musk, "", "elon musk: the week in rockets", "", false}, // a headline: a person in the news
		{musk, "", "", "elon musk support for the plan", false}, // news in a text
	} {
		var names []senderName
		if c.name != "" {
			names = []senderName{senderNameOf(c.name)}
		}
		at := claimPlaces{names: names, subject: c.subject, body: c.body,
			inSubject: facts().brandNames.names.in(c.subject), inBody: facts().brandNames.names.in(c.body)}
		if _, got := claimOf(c.b, at); got != c.want {
			t.Errorf("%s: name %q subject %q body %q: claim %v, want %v", c.b.name, c.name, c.subject, c.body, got, c.want)
		}
	}
}

// A host listed under a shared service is the brand's, with its
// subdomains; the shared service's other hosts are not.
func TestBrandOwnsHost(t *testing.T) {
	var jcb *brand
	for i, b := range facts().brands {
		if b.name == "JCB" {
			jcb = &facts().brands[i]
		}
	}
	if jcb == nil {
		t.Fatal("brands.txt lacks JCB")
	}
	for host, want := range map[string]bool{
		"qa.jcb.co.jp":            true,
		"mail-jcn.dnp-cdms.jp":    true,
		"a.mail-jcn.dnp-cdms.jp":  true,
		"other.dnp-cdms.jp":       false,
		"dnp-cdms.jp":             false,
		"xmail-jcn.dnp-cdms.jp":   false,
		"jcb.co.jp.phish.example": false,
		"JCB.CO.JP.":              true,
	} {
		if got := jcb.ownsHost(host); got != want {
			t.Errorf("ownsHost(%q) = %v, want %v", host, got, want)
		}
	}
}

// Crypto projects whose names are also other companies' or products' are
// claimed only in full: the drink, the recovery software, the band and an
// AI newsletter speak for none of them; the projects' own full names do.
func TestBrandNamesSharedWithOthers(t *testing.T) {
	claimed := func(sender string) string {
		for i := range facts().brands {
			if c, ok := claimOf(&facts().brands[i], claimPlaces{names: []senderName{senderNameOf(sender)}, inSubject: facts().brandNames.names.in(""), inBody: facts().brandNames.names.in("")}); ok {
				return c.brand.name
			}
		}
		return ""
	}
	for sender, want := range map[string]string{
		"CELSIUS":                  "",
		"Stellar":                  "",
		"Blur":                     "",
		"ChatGPT Tips Weekly":      "",
		"Celsius Network":          "Celsius",
		"Stellar.org":              "Stellar",
		"Eco Savings by Elon Musk": "Elon Musk",
		"Team Lido":                "Lido",
	} {
		if got := claimed(sender); got != want {
			t.Errorf("sender name %q claims %q, want %q", sender, got, want)
		}
	}
}
