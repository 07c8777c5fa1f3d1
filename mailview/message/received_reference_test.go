package message

import (
	"net"
	"strings"
	"testing"
	"time"
)

// parseReceivedJoined is the earlier parseReceived, which joined the value's
// words into one string and split it again: parseReceived must read every
// value as it did.
func parseReceivedJoined(v string) Hop {
	v = strings.Join(strings.Fields(strings.ToValidUTF8(v, "\uFFFD")), " ")
	var hop Hop
	body, date, _ := strings.Cut(v, ";")
	if i := strings.LastIndexByte(v, ';'); i >= 0 {
		body, date = v[:i], v[i+1:]
	}
	if t, ok := parseDate(date); ok {
		hop.Time = t
	}
	words := strings.Fields(body)
	fromPart := ""
	for i := 0; i < len(words); i++ {
		switch strings.ToLower(words[i]) {
		case "from":
			if i+1 < len(words) {
				hop.From = strings.Trim(words[i+1], "()[]")
				j := i + 1
				for j < len(words) && !strings.EqualFold(words[j], "by") {
					j++
				}
				fromPart = strings.Join(words[i+1:j], " ")
				i = j - 1
			}
		case "by":
			if i+1 < len(words) && hop.By == "" {
				hop.By = strings.Trim(words[i+1], "()[];")
			}
		}
	}
	for _, f := range strings.FieldsFunc(fromPart, func(r rune) bool { return strings.ContainsRune(" ()[]=,;", r) }) {
		f = strings.TrimPrefix(strings.TrimPrefix(f, "IPv6:"), "ipv6:")
		if ip := net.ParseIP(f); ip != nil {
			hop.IP = ip.String()
			break
		}
	}
	return hop
}

// FuzzParseReceivedAsJoined compares parseReceived with the joined way.
func FuzzParseReceivedAsJoined(f *testing.F) {
	for _, s := range []string{
		"from mail.example.com (mail.example.com [192.0.2.1]) by mx.example.org with ESMTPS id 1; Mon, 2 Jan 2006 15:04:05 +0000",
		"from [IPv6:2001:db8::25] (unknown [IPv6:2001:db8::25])\r\n\tby mx.example.com with ESMTP;\r\n Sun, 22 Nov 2026 03:12:05 +0000",
		"from a;b (x=[10.0.0.1],y) BY c; by d ;Thu, 1 Jan 1970 00:00:00 (JST)", "by ; ;;", "FROM\u00a0x\u0085by y;", "from \xff[1.2.3.4] by z;",
		"from x by y;Mon, 2 Jan 2006 15:04:05 +0000 ", "; from 192.0.2.9", "from 192.0.2.9;",
		"from by by x from from [192.0.2.7] by", "by from x (192.0.2.1) from y [198.51.100.2] by z;  Mon,  2 Jan 2006\t15:04:05 +0000",
		"from x [192.0.2.1] from", "FROM\u00a0x\u0085by y;\u00a0Mon, 2 Jan 2006 15:04:05 +0000",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		got, want := parseReceived(v), parseReceivedJoined(v)
		sameTime := got.Time.Equal(want.Time) && got.Time.String() == want.Time.String()
		got.Time, want.Time = time.Time{}, time.Time{}
		if got != want || !sameTime {
			t.Fatalf("parseReceived(%q) = %+v, the joined way %+v", v, got, want)
		}
	})
}
