package check

import (
	"fmt"
	"sort"
	"strings"
)

// Finding ids of this file (see DESIGN.md for the whole list).
const (
	FindingRemoteContent ID = "remote-content"
	FindingReadReceipt   ID = "read-receipt"
)

// maxEvidence is how many URLs a finding quotes; the JSON resources list has all.
const maxEvidence = 10

// contentFindings reports remote content and read-receipt requests.
func contentFindings(v *Mail) []Finding {
	var out []Finding
	if n := len(v.Resources); n > 0 {
		hosts := map[string]bool{}
		var evidence []string
		for _, r := range v.Resources {
			hosts[r.Host] = true
			if len(evidence) < maxEvidence {
				evidence = append(evidence, string(r.Vector)+": "+r.URL)
			}
		}
		if n > maxEvidence {
			evidence = append(evidence, fmt.Sprintf("… and %d more", n-maxEvidence))
		}
		names := make([]string, 0, len(hosts))
		for h := range hosts {
			names = append(names, h)
		}
		sort.Strings(names)
		list := strings.Join(names, ", ")
		out = append(out, Finding{
			ID: FindingRemoteContent, Severity: SeverityInfo, Category: CategoryTracking,
			Title: Text{
				EN: fmt.Sprintf("Remote content blocked: %d item(s) from %d server(s)", n, len(hosts)),
				JA: fmt.Sprintf("外部コンテンツをブロックしました: %d台のサーバーから%d件", len(hosts), n),
			},
			Detail: Text{
				EN: "This message would load content from " + list + " when opened in an ordinary mail app. " +
					"Each load tells that server that you opened the message, when, your IP address (and so roughly where you are) " +
					"and which mail app and device you use. mailsafe has loaded none of it.",
				JA: "通常のメールアプリで開くと、このメッセージは" + list + "からコンテンツを読み込みます。" +
					"読み込むたびに、あなたがメッセージを開いたこと、その日時、IP アドレス（おおよその居場所がわかります）、" +
					"使っているメールアプリと端末がそのサーバーに伝わります。mailsafe は何も読み込んでいません。",
			},
			Evidence: evidence,
		})
	}
	h := v.Message.Header
	var receipt []string
	for _, name := range []string{"Disposition-Notification-To", "Return-Receipt-To", "X-Confirm-Reading-To"} {
		for _, val := range h.Values(name) {
			receipt = append(receipt, name+": "+h.DecodeValue(val))
		}
	}
	if len(receipt) > 0 {
		out = append(out, Finding{
			ID: FindingReadReceipt, Severity: SeverityInfo, Category: CategoryTracking,
			Title: Text{EN: "The sender asks for a read receipt", JA: "送信者が開封確認を求めています"},
			Detail: Text{
				EN: "The message asks your mail app to report back when you open it. mailsafe never sends read receipts.",
				JA: "このメッセージは、開封したときに知らせるようメールアプリに求めています。mailsafe は開封確認を送信しません。",
			},
			Evidence: receipt,
		})
	}
	return out
}
