package check

import (
	"slices"
	"strings"
	"testing"
)

// claimsOfAll is how brandFinding found claims before it looked only at
// the claimable brands: claimOf for every brand, in order.
func claimsOfAll(at claimPlaces) []brandClaim {
	var out []brandClaim
	for i := range facts().brands {
		if c, ok := claimOf(&facts().brands[i], at); ok {
			out = append(out, c)
		}
	}
	return out
}

// claimsOfClaimable is what brandFinding does now.
func claimsOfClaimable(at claimPlaces) []brandClaim {
	var out []brandClaim
	for _, i := range facts().brandNames.claimable(at, len(facts().brands)) {
		if c, ok := claimOf(&facts().brands[i], at); ok {
			out = append(out, c)
		}
	}
	return out
}

// placesOf folds a sender name, subject and body as brandFinding does.
func placesOf(name, subject, body string) claimPlaces {
	var names []senderName
	if name != "" {
		names = []senderName{senderNameOf(name)}
	}
	subject, body = strings.ToLower(brandFold(subject)), strings.ToLower(brandFold(body))
	x := facts().brandNames
	return claimPlaces{names: names, subject: subject, body: body, inSubject: x.names.in(subject), inBody: x.names.in(body)}
}

// Looking only at the brands a message names finds the claims that
// looking at every brand finds, in the same order: ambiguous names as
// written and in capitals, names in the sender, the subject and the body.
func TestClaimableFindsEveryClaim(t *testing.T) {
	for _, c := range [][3]string{
		{"LEDGER", "", ""}, {"Apple Support", "", ""}, {"Katie from Ledger", "", ""}, {"楽天", "", ""},
		{"PaypaI Service", "your paypal account", "thank you, the amazon team"},
		{"", "[paypal] your account is limited", "copyright © 1999-2026 paypal, inc. 楽天カード株式会社 をご利用いただき"},
		{"Chase Alerts", "Amazon: order", "dear ups customer"}, {"Eco Savings by Elon Musk", "", ""},
	} {
		at := placesOf(c[0], c[1], c[2])
		all := claimsOfAll(at)
		if len(all) == 0 {
			t.Errorf("%q: no claim: the case tests nothing", c)
		}
		if got := claimsOfClaimable(at); !slices.Equal(got, all) {
			t.Errorf("%q: claimable brands claim %v, all brands %v", c, got, all)
		}
	}
}

// Over any sender name, subject and body, the claimable brands claim what
// all brands claim.
func FuzzClaimable(f *testing.F) {
	f.Add("Apple Support", "your PayPal account", "thank you, the amazon team")
	f.Add("ＬＥＤＧＥＲ", "【楽天】ご利用確認", "© 2026 Аpple Inc.")
	f.Fuzz(func(t *testing.T, name, subject, body string) {
		at := placesOf(name, subject, body)
		if got, want := claimsOfClaimable(at), claimsOfAll(at); !slices.Equal(got, want) {
			t.Errorf("%q %q %q: claimable brands claim %v, all brands %v", name, subject, body, got, want)
		}
	})
}
