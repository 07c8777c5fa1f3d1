package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"mailsafe/internal/dovecottest"
)

// Every test of this package reads and writes the correspondents store in
// a data directory of its own, never the user's.
func TestMain(m *testing.M) { os.Exit(dovecottest.RunWithOwnDataHome(m)) }

func writeMbox(t *testing.T, path string, msgs ...[]byte) {
	t.Helper()
	var b strings.Builder
	for _, m := range msgs {
		b.WriteString("From - Mon Jan  5 10:00:00 2026\n")
		b.Write(m)
		b.WriteString("\n\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

// The cases through the command line: learn the sent and received
// mbox files, then scan the cases with the store.
func TestLearnThenScanWithStore(t *testing.T) {
	h := dovecottest.History(time.Now())
	dir := t.TempDir()
	sent, inbox, store := filepath.Join(dir, "sent.mbox"), filepath.Join(dir, "inbox.mbox"), filepath.Join(dir, "c.db")
	writeMbox(t, sent, h.Sent...)
	writeMbox(t, inbox, h.Inbox...)
	names := []string{"bec", "webmail", "lookalike", "colleague", "partner", "stranger"}
	var cases [][]byte
	for _, n := range names {
		cases = append(cases, h.Cases[n])
	}
	casesPath := filepath.Join(dir, "cases.mbox")
	writeMbox(t, casesPath, cases...)

	code, out, errOut := runCLI("learn", "--store", store, "--me", dovecottest.Me, sent, inbox)
	if code != 0 || !strings.Contains(out, "learned 700 messages (200 sent, 500 received); the store knows 30 senders and 30 recipients") {
		t.Fatalf("learn: %d %q %q", code, out, errOut)
	}
	if fi, err := os.Stat(store); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("store: %v %v", fi, err)
	}
	want := map[string][]string{
		"bec":       {"display-name-impersonation", "first-contact"},
		"webmail":   {"sender-unusual"},
		"lookalike": {"display-name-impersonation", "first-contact", "lookalike-domain"},
		"colleague": nil,
		"partner":   nil,
		"stranger":  {"first-contact"},
	}
	scan := func(args ...string) map[string][]string {
		code, out, errOut := runCLI(append([]string{"scan", "--json", "--me", dovecottest.Me}, append(args, casesPath)...)...)
		if code != 0 {
			t.Fatalf("scan: %d %s", code, errOut)
		}
		got := map[string][]string{}
		for i, rec := range jsonLines(t, out) {
			var ids []string
			for _, f := range rec["findings"].([]any) {
				id := f.(map[string]any)["id"].(string)
				if id == "display-name-impersonation" || id == "sender-unusual" || id == "lookalike-domain" || id == "first-contact" {
					ids = append(ids, id)
				}
			}
			slices.Sort(ids)
			got[names[i]] = ids
			if (names[i] == "colleague" || names[i] == "partner" || names[i] == "stranger") && rec["verdict"].(map[string]any)["level"] != "safe" {
				t.Errorf("%s: verdict %v, want safe", names[i], rec["verdict"])
			}
		}
		return got
	}
	got := scan("--store", store)
	for _, n := range names {
		if !slices.Equal(got[n], want[n]) {
			t.Errorf("%s: %v, want %v", n, got[n], want[n])
		}
	}
	// Without a store (the default one does not exist yet): none of it.
	for n, ids := range scan() {
		if len(ids) != 0 {
			t.Errorf("%s without a store: %v", n, ids)
		}
	}
	// learn without --store writes the viewer's store, which scan then reads.
	if code, out, errOut := runCLI("learn", "--me", dovecottest.Me, sent, inbox); code != 0 || !strings.Contains(out, filepath.Join(os.Getenv("XDG_DATA_HOME"), "mailsafe", "correspondents.db")) {
		t.Fatalf("learn to the default store: %d %q %q", code, out, errOut)
	}
	t.Cleanup(func() { os.Remove(filepath.Join(os.Getenv("XDG_DATA_HOME"), "mailsafe", "correspondents.db")) })
	if got := scan(); !slices.Equal(got["webmail"], want["webmail"]) {
		t.Errorf("scan with the default store: webmail %v", got["webmail"])
	}
	// A store that is not one is a clear error.
	bad := filepath.Join(dir, "bad.db")
	os.WriteFile(bad, []byte("not a database"), 0o600)
	if code, _, errOut := runCLI("scan", "--store", bad, casesPath); code != 2 || !strings.Contains(errOut, "correspondents store") {
		t.Errorf("scan with a bad store: %d %q", code, errOut)
	}
	// An address book is learned too.
	vcf := filepath.Join(dir, "book.vcf")
	os.WriteFile(vcf, []byte("BEGIN:VCARD\r\nFN:Kenji Mori\r\nEMAIL:kenji.mori@newcustomer.example\r\nEND:VCARD\r\n"), 0o600)
	if code, out, errOut := runCLI("learn", "--store", store, vcf); code != 0 || !strings.Contains(out, "1 addresses from address books") {
		t.Fatalf("learn an address book: %d %q %q", code, out, errOut)
	}
	if got := scan("--store", store); len(got["stranger"]) != 0 {
		t.Errorf("the stranger, now in the address book: %v", got["stranger"])
	}
	if code, _, errOut := runCLI("learn", "--store", store); code != 2 || !strings.Contains(errOut, "SOURCE") {
		t.Errorf("learn without a source: %d %q", code, errOut)
	}
}
