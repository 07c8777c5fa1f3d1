package app

import (
	"bufio"
	"bytes"
	"context"
	"strings"
	"testing"
)

// FuzzMbox splits arbitrary bytes as an mbox file: no panic, and the
// messages it hands on are pieces of the file.
func FuzzMbox(f *testing.F) {
	f.Add([]byte("From a@b Mon Jan  2 15:04:05 2006\nSubject: x\n\nbody\n>From here\nFrom c@d Tue Jan  3 00:00:00 2006\n\nsecond\n"))
	f.Add([]byte("no separator at all\n"))
	f.Add([]byte("From \nFrom \n\n>>From x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		total := 0
		err := readMbox(context.Background(), "fuzz.mbox", bufio.NewReader(bytes.NewReader(data)), MaxMessageSize, func(it Item) error {
			total += len(it.Raw)
			return nil
		}, func(*SourceError) {})
		if err == nil && total > len(data) {
			t.Fatalf("%d bytes of messages from %d bytes of mbox", total, len(data))
		}
	})
}

// FuzzSettingsText reads arbitrary text as the reader's typed settings: the
// address list, a proxy, an imap:// source. No panic; what is accepted is
// well-formed.
func FuzzSettingsText(f *testing.F) {
	for _, s := range []string{
		"Taro <taro@example.jp>\nhanako@example.jp", "socks5://user:pw@127.0.0.1:1080", "http://[::1]:3128",
		"imaps://me@imap.example.com/INBOX", "imap://@:0/", "\x00<>@",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, a := range parseAddressLines(s) {
			if !strings.Contains(a.Addr, "@") {
				t.Fatalf("address %q from %q", a.Addr, s)
			}
		}
		if u, err := ParseProxy(s); err == nil && u != nil && u.Host == "" {
			t.Fatalf("proxy %q accepted without a host", s)
		}
		ParseIMAPURL(s)
	})
}
