package mailview

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mailsafe/mailview/check"
)

// Which stamp and which ARC record are believed, on variants of the
// testdata mails: the finding ids (auth-fail, auth-missing, auth-forwarded)
// and auth-fail's severity.
func TestAuthTrust(t *testing.T) {
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("testdata", "sender", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	// changed makes sure a variant differs from the mail it was made from.
	changed := func(variant, from string) string {
		t.Helper()
		if variant == from {
			t.Fatalf("variant not made: %.60q…", variant)
		}
		return variant
	}
	arcList := read("arc-list.eml")
	// The list is not at the reader's provider: it sealed the original
	// record itself.
	foreignList := changed(strings.NewReplacer(
		"ARC-Seal: i=1; a=rsa-sha256; t=1795390190; cv=none; d=google.com", "ARC-Seal: i=1; a=rsa-sha256; t=1795390190; cv=none; d=trade-forum.example",
		"ARC-Authentication-Results: i=1; mx.google.com;", "ARC-Authentication-Results: i=1; lists.trade-forum.example;",
	).Replace(arcList), arcList)
	exchangeFail := read("exchange-dmarc-fail.eml")
	for _, c := range []struct {
		name     string
		raw      string
		servIDs  []string
		want     check.ID // "" for no authentication finding
		severity check.Severity
	}{
		{"ARC through a Google Group, sealed by the provider", arcList, nil, check.FindingAuthForwarded, check.SeverityInfo},
		{"the provider found the ARC chain broken", changed(strings.ReplaceAll(arcList, "arc=pass (i=1", "arc=fail (i=1"), arcList), nil, check.FindingAuthFail, check.SeverityWarn},
		{"the original record from a sealer not trusted", foreignList, nil, check.FindingAuthFail, check.SeverityWarn},
		{"the list's sealer trusted by configuration", foreignList, []string{"mx.google.com", "lists.trade-forum.example"}, check.FindingAuthForwarded, check.SeverityInfo},
		{"Exchange's stamp, topmost", exchangeFail, nil, check.FindingAuthFail, check.SeverityDanger},
		{"Exchange's stamp, Microsoft configured", exchangeFail, []string{check.MicrosoftAuthServID}, check.FindingAuthFail, check.SeverityDanger},
		{"Exchange's stamp, another server configured", exchangeFail, []string{"mx.acme-corp.co.jp"}, "", ""},
		{"Exchange's form below the topmost stamp is not trusted",
			"Authentication-Results: mx.acme-corp.co.jp; spf=pass smtp.mailfrom=supplier.example\r\n" + exchangeFail, nil, "", ""},
		{"compauth=pass reason=130: Microsoft let the forwarder's ARC record override DMARC",
			changed(strings.Replace(exchangeFail, "dmarc=fail action=oreject header.from=supplier.example;compauth=fail\n reason=000",
				"dmarc=fail action=none header.from=supplier.example;compauth=pass\n reason=130", 1), exchangeFail), nil, check.FindingAuthForwarded, check.SeverityInfo},
		{"DMARC fail with the domain's policy none", changed(strings.Replace(exchangeFail, "action=oreject header.from=supplier.example;compauth=fail", "action=none header.from=supplier.example;compauth=softpass", 1), exchangeFail),
			nil, check.FindingAuthFail, check.SeverityWarn},
		{"dmarc=permerror is no verdict; nothing else vouches", changed(strings.Replace(exchangeFail, "dmarc=fail action=oreject header.from=supplier.example;compauth=fail\n reason=000",
			"dmarc=permerror action=none header.from=supplier.example;", 1), exchangeFail), nil, check.FindingAuthFail, check.SeverityWarn},
		{"SPF passes for another domain only: nothing vouches for the From domain",
			"Authentication-Results: spf=pass (sender IP is 203.0.113.7) smtp.mailfrom=bulk.example; dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=supplier.example;\r\n" +
				"From: Billing Team <billing@supplier.example>\r\nTo: reader@acme-corp.co.jp\r\nSubject: Invoice\r\nMessage-ID: <x@bulk.example>\r\n\r\nHello\r\n", nil, check.FindingAuthMissing, check.SeverityWarn},
		{"Exchange, submitted inside the organisation",
			"Authentication-Results: dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=supplier.example;\r\nX-MS-Exchange-Organization-AuthAs: Internal\r\n" +
				"From: Billing Team <billing@supplier.example>\r\nTo: reader@acme-corp.co.jp\r\nSubject: Invoice\r\nMessage-ID: <x@supplier.example>\r\n\r\nHello\r\n", nil, "", ""},
		{"Yahoo's form", "Authentication-Results: atlas-production.v2.mail.yahoo.com;\r\n dkim=pass header.i=@supplier.example header.s=s1;\r\n spf=pass smtp.mailfrom=supplier.example;\r\n dmarc=success(p=REJECT) header.from=supplier.example;\r\n" +
			"From: Billing Team <billing@supplier.example>\r\nTo: reader@acme-corp.co.jp\r\nSubject: Invoice\r\nMessage-ID: <x@supplier.example>\r\n\r\nHello\r\n", nil, "", ""},
	} {
		reader := senderContext(t)
		reader.AuthServIDs = c.servIDs
		var got []check.Finding
		for _, f := range Analyze([]byte(c.raw), reader).Findings {
			if f.ID == check.FindingAuthFail || f.ID == check.FindingAuthMissing || f.ID == check.FindingAuthForwarded {
				got = append(got, f)
			}
		}
		switch {
		case c.want == "" && len(got) > 0:
			t.Errorf("%s: %s %s, want no authentication finding", c.name, got[0].ID, got[0].Severity)
		case c.want != "" && (len(got) != 1 || got[0].ID != c.want || got[0].Severity != c.severity):
			t.Errorf("%s: %v, want one %s %s", c.name, got, c.want, c.severity)
		}
	}
}
