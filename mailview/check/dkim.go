package check

import (
	"bytes"
	"fmt"
	"mailsafe/mailview/safedoc"
	"strings"

	"github.com/emersion/go-msgauth/dkim"
)

// dkimFinding verifies the message's DKIM signatures itself, when the
// caller allows DNS lookups (Reader.LookupTXT; nil means no lookups, and no
// check). A signature that fails, with none of the From domain passing,
// means the message was changed after signing or the signature is forged.
func dkimFinding(v *Mail, reader Reader) (Finding, bool) {
	if reader.LookupTXT == nil || !v.Message.Header.Has("DKIM-Signature") {
		return Finding{}, false
	}
	// The signature covers the message as it was sent.
	verifications, err := dkim.VerifyWithOptions(bytes.NewReader(v.Message.Source()), &dkim.VerifyOptions{LookupTXT: reader.LookupTXT, MaxVerifications: 5})
	if err != nil {
		return Finding{}, false
	}
	fromDomain := safedoc.RegistrableDomain(v.fromMailbox().Domain())
	var evidence []string
	alignedPass := false
	for _, ver := range verifications {
		d := strings.ToLower(ver.Domain)
		if ver.Err == nil {
			evidence = append(evidence, "DKIM d="+d+": pass")
			alignedPass = alignedPass || safedoc.RegistrableDomain(d) == fromDomain
			continue
		}
		if dkim.IsTempFail(ver.Err) {
			continue // DNS trouble says nothing about the message
		}
		evidence = append(evidence, fmt.Sprintf("DKIM d=%s: fail (%v)", d, ver.Err))
	}
	if alignedPass || len(evidence) == 0 || !strings.Contains(strings.Join(evidence, "\n"), ": fail") {
		return Finding{}, false
	}
	return Finding{
		ID: FindingAuthFail, Severity: SeverityWarn, Category: CategorySender, Evidence: evidence,
		Title: Text{EN: "The message's signature does not match its content", JA: "メッセージの署名が内容と一致しません"},
		Detail: Text{
			EN: "The DKIM signature was checked against the signing domain's published key and fails: the message was changed after it was signed, or the signature was made up. Do not trust what it asks.",
			JA: "DKIM 署名を署名ドメインの公開鍵で検証したところ失敗しました。署名後に内容が改変されたか、署名が偽造されています。依頼内容を信用しないでください。",
		},
	}, true
}
