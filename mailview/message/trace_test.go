package message

import (
	"testing"
)

func TestParseReceivedForms(t *testing.T) {
	for _, c := range []struct{ in, from, by, ip string }{
		{"from mail.example.org (mail.example.org [203.0.113.5]) by mx.example.com (Postfix) with ESMTPS id X; Sun, 22 Nov 2026 03:12:05 +0000",
			"mail.example.org", "mx.example.com", "203.0.113.5"},
		{"from [IPv6:2001:db8::25] (unknown [IPv6:2001:db8::25]) by mx.example.com with ESMTP; Sun, 22 Nov 2026 03:12:05 +0000",
			"IPv6:2001:db8::25", "mx.example.com", "2001:db8::25"},
		{"by mx.example.com with LMTP; Sun, 22 Nov 2026 03:12:05 +0000", "", "mx.example.com", ""},
		{"garbage without structure", "", "", ""},
	} {
		h := parseReceived(c.in)
		if h.From != c.from || h.By != c.by || h.IP != c.ip {
			t.Errorf("parseReceived(%q) = %+v", c.in, h)
		}
	}
}
