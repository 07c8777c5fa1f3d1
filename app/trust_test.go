package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"mailsafe/mailview"
	"mailsafe/mailview/check"
)

// The trust list applies only to what the provider's stamp proves, and to
// a message whose verdict is safe.
func TestTrustNeedsProof(t *testing.T) {
	s := NewSettings(test.NewTempApp(t).Preferences(), nil)
	s.TrustSender("News@Shop.Example")
	const body = "To: reader@example.org\r\nSubject: Offers\r\nContent-Type: text/plain\r\n\r\nThis week's offers.\r\n"
	ar := func(v string) string { return "Authentication-Results: mx.example.org; " + v + "\r\n" }
	for _, c := range []struct {
		name, head string
		listed     bool
		proof      check.SenderProof
		applies    bool
	}{
		{"dmarc pass", ar("dmarc=pass header.from=shop.example") + "From: news@shop.example\r\n", true, check.ProofAuthenticated, true},
		{"aligned dkim (a subdomain)", ar("dkim=pass header.d=mail.shop.example; dmarc=none") + "From: NEWS@shop.example\r\n", true, check.ProofAuthenticated, true},
		{"aligned spf", ar("spf=pass smtp.mailfrom=bounce@shop.example") + "From: news@shop.example.\r\n", true, check.ProofAuthenticated, true},
		{"everything failing", ar("spf=fail smtp.mailfrom=evil.example; dkim=fail header.d=shop.example; dmarc=fail header.from=shop.example") + "From: news@shop.example\r\n", true, check.ProofFailed, false},
		{"dmarc pass for another domain", ar("dmarc=pass header.from=evil.example") + "From: news@shop.example\r\n", true, check.ProofUnaligned, false},
		{"passes for another domain", ar("spf=pass smtp.mailfrom=evil.example; dkim=pass header.d=evil.example") + "From: news@shop.example\r\n", true, check.ProofUnaligned, false},
		{"a dkim pass naming no domain", ar("dkim=pass") + "From: news@shop.example\r\n", true, check.ProofUnaligned, false},
		{"no stamp", "From: news@shop.example\r\n", true, check.ProofNoStamp, false},
		{"a stamp with nothing in it", ar("spf=none; dkim=none; dmarc=none") + "From: news@shop.example\r\n", true, check.ProofNoResult, false},
		{"first of two", ar("dmarc=pass header.from=shop.example") + "From: news@shop.example, x@evil.example\r\n", true, check.ProofNotOneSender, false},
		{"second of two", ar("dmarc=pass header.from=evil.example") + "From: x@evil.example\r\nFrom: news@shop.example\r\n", true, check.ProofNotOneSender, false},
		{"not on the list", ar("dmarc=pass header.from=shop.example") + "From: other@shop.example\r\n", false, check.ProofAuthenticated, false},
		{"a dmarc pass naming no domain", ar("dmarc=pass") + "From: news@shop.example\r\n", true, check.ProofUnaligned, false},
		// A server's filters each stamp one method, one header under another:
		// the lower ones are read for what failed, but only the trusted
		// (topmost) one proves the sender, as a lower one could be the
		// sender's own.
		{"one header per method, the proof on top", ar("dmarc=pass header.from=shop.example") + ar("dkim=pass header.d=shop.example") +
			ar("spf=softfail smtp.mailfrom=evil.example") + "From: news@shop.example\r\n", true, check.ProofAuthenticated, true},
		{"one header per method, the proof below", ar("spf=softfail smtp.mailfrom=evil.example") + ar("dkim=pass header.d=shop.example") +
			ar("dmarc=pass header.from=shop.example") + "From: news@shop.example\r\n", true, check.ProofBelowStamp, false},
		{"a forged spf under a one-method stamp", ar("dmarc=none header.from=shop.example") + ar("spf=pass smtp.mailfrom=shop.example") +
			"From: news@shop.example\r\n", true, check.ProofBelowStamp, false},
		// The sender's own headers under the stamp, claiming its id: the
		// provider reported every method it checked, or a Received line
		// lies between.
		{"a forged stamp under one that reported everything", ar("spf=fail smtp.mailfrom=evil.example; dmarc=fail header.from=shop.example") +
			ar("dkim=pass header.d=shop.example") + "From: news@shop.example\r\n", true, check.ProofFailed, false},
		{"a forged dkim under a stamp that had none", ar("spf=fail smtp.mailfrom=evil.example; dmarc=none header.from=shop.example") +
			ar("dkim=pass header.d=shop.example; dmarc=pass header.from=shop.example") + "From: news@shop.example\r\n", true, check.ProofFailed, false},
		{"a forged stamp under a Received line", ar("spf=none smtp.mailfrom=evil.example") +
			"Received: from evil.example by mx.example.org; Thu, 26 Nov 2026 10:00:00 +0000\r\n" +
			ar("dmarc=pass header.from=shop.example") + "From: news@shop.example\r\n", true, check.ProofNoResult, false},
	} {
		v := mailview.Analyze([]byte(c.head+body), mailview.Reader{})
		got := s.TrustFor(v)
		if got.Listed != c.listed || got.Proof != c.proof || got.Applies() != c.applies {
			t.Errorf("%s: %+v (applies %v), want listed %v, proof %s, applies %v (findings %v)", c.name, got, got.Applies(), c.listed, c.proof, c.applies, v.Findings)
		}
	}
	// Authenticated, but the verdict says it is not what it claims.
	if (SenderTrust{Listed: true, Proof: check.ProofAuthenticated, Level: check.LevelCaution}).Applies() ||
		(SenderTrust{Listed: true, Proof: check.ProofAuthenticated, Level: check.LevelDanger}).Applies() {
		t.Error("the trust applies to a message judged caution or danger")
	}
}
