package check

import (
	"strings"
	"testing"
)

// Lures are found however the text is typed (case, width, Japanese without
// spaces, words between in "~~" phrases); ordinary wording is not a lure.
func TestFindLures(t *testing.T) {
	for text, want := range map[string]string{
		"Your account has been temporarily SUSPENDED.":         "account: “account has been temporarily suspended”",
		"お客様のアカウントは 一時的に 停止 されています":                            "一時的に停止”",
		"Congratulations, you have been selected":              "prize: “you have been selected”",
		"Connect your wallet to claim the airdrop":             "crypto: “airdrop”",
		"I need a trusted person to receive the fund":          "advance-fee: “trusted person”",
		"Your payment failed; update your payment method":      "payment: “payment failed”",
		"Your parcel is on hold until the customs fee is paid": "delivery: “parcel is on hold”",
		"お客様のIDへの不正なアクセスを検知しました":                               "不正なあくせすを検知”",
		"第三者による不正利用の可能性":                                       "account: “第三者による不正”",
		"お荷物をお届けできませんでした":                                      "delivery: “お荷物をお届けできません”",
		"Your message could not be delivered to the address":   "", // a bounce notice is no lure
		"Meeting notes attached, see you on Friday":            "",
		"The network hookup in room 4 works again":             "",
	} {
		got := strings.Join(findLures(text), "; ")
		if want == "" && got != "" || want != "" && !strings.Contains(got, want) {
			t.Errorf("findLures(%q) = %q, want %q", text, got, want)
		}
	}
}
