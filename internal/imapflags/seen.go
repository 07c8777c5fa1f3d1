// Package imapflags reads a test IMAP server's flags as a second client
// would, without changing any: what tests of marking mail read compare.
package imapflags

import (
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Seen lists the UIDs of mailbox's messages marked \Seen, read on a
// connection of its own (plain text: a loopback test server), the mailbox
// selected read-only.
func Seen(t testing.TB, addr, user, password, mailbox string) map[uint32]bool {
	t.Helper()
	c, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(user, password).Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	var all imap.SeqSet
	all.AddRange(1, 0)
	msgs, err := c.Fetch(all, &imap.FetchOptions{UID: true, Flags: true}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[uint32]bool{}
	for _, m := range msgs {
		for _, f := range m.Flags {
			if f == imap.FlagSeen {
				seen[uint32(m.UID)] = true
			}
		}
	}
	return seen
}
