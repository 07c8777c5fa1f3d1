package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// jsonLines decodes scan --json output into generic maps, so the test checks
// the field names of the contract rather than our own struct tags.
func jsonLines(t *testing.T, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not one JSON object per line: %v\n%s", err, sc.Text())
		}
		out = append(out, m)
	}
	return out
}

func TestScanJSONOverEMLMboxAndMaildir(t *testing.T) {
	code, out, errOut := runCLI("scan", "--json",
		"mailview/testdata/jp-iso2022jp.eml", "app/testdata/sample.mbox", "app/testdata/maildir")
	if code != 0 {
		t.Fatalf("exit %d, stderr: %s", code, errOut)
	}
	recs := jsonLines(t, out)
	wantSources := []string{
		"mailview/testdata/jp-iso2022jp.eml",
		"app/testdata/sample.mbox#1", "app/testdata/sample.mbox#2", "app/testdata/sample.mbox#3",
		filepath.Join("app/testdata/maildir", "cur", "1700000000.M1P1.host:2,S"),
		filepath.Join("app/testdata/maildir", "new", "1700000100.M2P2.host"),
	}
	if len(recs) != len(wantSources) {
		t.Fatalf("got %d records, want %d:\n%s", len(recs), len(wantSources), out)
	}
	for i, r := range recs {
		if r["source"] != wantSources[i] {
			t.Errorf("record %d source = %v, want %s", i, r["source"], wantSources[i])
		}
		for _, key := range []string{"findings", "resources", "links", "attachments"} {
			if _, ok := r[key].([]any); !ok {
				t.Errorf("record %d: %q is %v, want a JSON array", i, key, r[key])
			}
		}
		trace, ok := r["trace"].(map[string]any)
		if !ok || trace["hops"] == nil {
			t.Errorf("record %d: trace = %v", i, r["trace"])
		}
	}
	if recs[0]["subject"] != "会議の日程変更について（重要）" || recs[0]["from"] != "佐藤 花子 <hanako.sato@example.co.jp>" ||
		recs[0]["message_id"] != "20261117101500.1234@example.co.jp" {
		t.Errorf("first record = %v", recs[0])
	}
	if recs[2]["subject"] != "日本語" {
		t.Errorf("mbox#2 subject = %v", recs[2]["subject"])
	}
}

func TestScanJSONListsAttachments(t *testing.T) {
	code, out, _ := runCLI("scan", "--json", "mailview/testdata/multipart-mixed.eml")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	recs := jsonLines(t, out)
	atts := recs[0]["attachments"].([]any)
	if len(atts) != 4 {
		t.Fatalf("attachments = %v", atts)
	}
	a := atts[1].(map[string]any)
	if a["filename"] != "請求書 2026年11月.pdf" || a["content_type"] != "application/pdf" || a["size"] != float64(1040) {
		t.Errorf("attachment 2 = %v", a)
	}
}

func TestScanMissingSourceExits1AndReportsTheOthers(t *testing.T) {
	code, out, errOut := runCLI("scan", "--json", "does/not/exist.eml", "mailview/testdata/plain-ascii.eml")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(errOut, "does/not/exist.eml") || !strings.Contains(errOut, "no such file") {
		t.Errorf("stderr does not name the path and reason: %q", errOut)
	}
	if recs := jsonLines(t, out); len(recs) != 1 || recs[0]["subject"] != "Lunch on Friday?" {
		t.Errorf("the readable source was not reported: %s", out)
	}
}

func TestScanProblemsAreReportedNotFatal(t *testing.T) {
	code, out, _ := runCLI("scan", "--json", "mailview/testdata/bad-unknown-charset.eml")
	if code != 0 {
		t.Fatalf("exit %d, want 0: a malformed message is still read", code)
	}
	probs := jsonLines(t, out)[0]["problems"].([]any)
	if len(probs) != 1 || probs[0].(map[string]any)["kind"] != "charset-unknown" {
		t.Errorf("problems = %v", probs)
	}
}

func TestScanBadUsageExits2(t *testing.T) {
	for _, args := range [][]string{
		{"scan"},
		{"scan", "--bogus", "x.eml"},
		{"scan", "--lang", "fr", "mailview/testdata/plain-ascii.eml"},
		{"scan", "--me", "not-an-address", "mailview/testdata/plain-ascii.eml"},
		{"scan", "--contacts", "does/not/exist.txt", "mailview/testdata/plain-ascii.eml"},
		{"scan", "--authserv-id", "mx.example.com; spf=pass", "mailview/testdata/plain-ascii.eml"},
		{"scan", "--authserv-id", "", "mailview/testdata/plain-ascii.eml"},
		{"learn", "--me", "not-an-address", "mailview/testdata/plain-ascii.eml"},
		{"learn", "--authserv-id", "mx.example.com; spf=pass", "mailview/testdata/plain-ascii.eml"},
		{"--bogus"},
		{"a.eml", "b.eml"},
		{"version", "extra"},
	} {
		code, out, errOut := runCLI(args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if errOut == "" || out != "" {
			t.Errorf("%v: want a message on stderr only; stdout=%q stderr=%q", args, out, errOut)
		}
	}
}

func TestScanTextReport(t *testing.T) {
	code, out, _ := runCLI("scan", "--lang", "en", "mailview/testdata/multipart-mixed.eml")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"mailview/testdata/multipart-mixed.eml\n", "Subject:     Your invoice", "From:        Billing <billing@example.com>",
		"Attachments (4):", "請求書 2026年11月.pdf  (application/pdf, 1.0 KB)", "Findings:    none"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = runCLI("scan", "--lang", "ja", "mailview/testdata/multipart-mixed.eml")
	for _, want := range []string{"件名:", "差出人:", "添付ファイル (4):", "検出事項:"} {
		if !strings.Contains(out, want) {
			t.Errorf("Japanese report lacks %q:\n%s", want, out)
		}
	}
}

func TestScanLanguageFollowsLocale(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANGUAGE", "")
	t.Setenv("LANG", "ja_JP.UTF-8")
	_, out, _ := runCLI("scan", "mailview/testdata/plain-ascii.eml")
	if !strings.Contains(out, "件名:") {
		t.Errorf("LANG=ja_JP.UTF-8 did not give a Japanese report:\n%s", out)
	}
}

func TestVersionMatchesFyneAppToml(t *testing.T) {
	code, out, _ := runCLI("version")
	if code != 0 || out != "mailsafe "+version+"\n" {
		t.Fatalf("version printed %q (exit %d)", out, code)
	}
	toml, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`(?m)^\s*Version = "([^"]+)"`).FindSubmatch(toml); m == nil || string(m[1]) != version {
		t.Errorf("FyneApp.toml Version %q differs from %q", m, version)
	}
	if m := regexp.MustCompile(`(?m)^\s*ID = "([^"]+)"`).FindSubmatch(toml); m == nil || string(m[1]) != appID {
		t.Errorf("FyneApp.toml ID %q differs from %q", m, appID)
	}
	if !bytes.Contains(toml, []byte("fyneDo = true")) {
		t.Errorf("FyneApp.toml lacks [Migrations] fyneDo = true")
	}
}

func TestScanJSONListsResourcesAndLinks(t *testing.T) {
	code, out, errOut := runCLI("scan", "--json", "mailview/testdata/leak-vectors.eml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rec := jsonLines(t, out)[0]
	resources := rec["resources"].([]any)
	if len(resources) != 61 {
		t.Errorf("%d resources, want the 61 of the leak-vector mail", len(resources))
	}
	first := resources[0].(map[string]any)
	if first["url"] != "http://leak.mailsafe.test/manifest.appcache" || first["vector"] != "manifest" {
		t.Errorf("first resource = %v", first)
	}
	found := false
	for _, l := range rec["links"].([]any) {
		l := l.(map[string]any)
		if l["kind"] == "ping" && l["url"] == "http://leak.mailsafe.test/link-ping" && l["text"] == "a link" {
			found = true
		}
	}
	if !found {
		t.Errorf("the ping link is not listed with its kind and text: %v", rec["links"])
	}
	ids := map[any]bool{}
	for _, f := range rec["findings"].([]any) {
		ids[f.(map[string]any)["id"]] = true
	}
	if !ids["remote-content"] || !ids["read-receipt"] {
		t.Errorf("findings = %v", rec["findings"])
	}
}

func TestScanJSONNamesTrackersAndReasons(t *testing.T) {
	code, out, errOut := runCLI("scan", "--json", "--me", "alex.morgan@example.com", "mailview/testdata/marketing-newsletter.eml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rec := jsonLines(t, out)[0]
	byURL := map[string]map[string]any{}
	for _, r := range rec["resources"].([]any) {
		r := r.(map[string]any)
		byURL[r["url"].(string)] = r
	}
	mc := byURL["https://brewbean.us4.list-manage.com/track/open.php?u=8a2f3c1d9e7b6a5f4c3d2e1f0&id=4b3c2d1e0f&e=9f8e7d6c5b"]
	if mc == nil || mc["tracker"] != "Mailchimp" || !strings.Contains(fmt.Sprint(mc["reasons"]), "known-vendor") {
		t.Errorf("Mailchimp pixel = %v", mc)
	}
	md5 := byURL["https://px.mailmetrics.example/p.gif?h=b05ea50260ef9cf27aa7b274d46a4d3d&alg=md5"]
	if md5 == nil || !strings.Contains(fmt.Sprint(md5["reasons"]), "address-leak") || !strings.Contains(fmt.Sprint(md5["reasons"]), "tiny") {
		t.Errorf("md5 leak pixel = %v", md5)
	}
	if logo := byURL["https://cdn.brewbean.example/img/logo.png"]; logo == nil || logo["tracker"] != "" || len(logo["reasons"].([]any)) != 0 {
		t.Errorf("logo = %v", logo)
	}
}

// The sender checks end to end: scan --json --me --contacts over the sender
// testdata, each mail's findings as the mailview test expects them.
func TestScanSenderChecksEndToEnd(t *testing.T) {
	files, _ := filepath.Glob("mailview/testdata/sender/*.eml")
	args := append([]string{"scan", "--json", "--me", "reader@acme-corp.co.jp", "--contacts", "mailview/testdata/sender/contacts.txt"}, files...)
	code, out, errOut := runCLI(args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	ids := map[string][]string{}
	for _, rec := range jsonLines(t, out) {
		name := filepath.Base(rec["source"].(string))
		ids[name] = []string{}
		for _, f := range rec["findings"].([]any) {
			ids[name] = append(ids[name], f.(map[string]any)["id"].(string))
		}
	}
	for file, want := range map[string]string{
		"bec-impersonation.eml": "display-name-impersonation first-contact freemail-sender mailer-mismatch urgency-language",
		"lookalike-domain.eml":  "display-name-impersonation first-contact lookalike-domain",
		"genuine-iphone.eml":    "",
		"colleague-reply.eml":   "",
	} {
		got := ids[file]
		sort.Strings(got)
		if strings.Join(got, " ") != want {
			t.Errorf("%s: findings %v, want %q", file, got, want)
		}
	}
	if len(ids) != len(files) {
		t.Errorf("%d records for %d files", len(ids), len(files))
	}
}

// scan --authserv-id trusts the Authentication-Results of the reader's own
// server even below another one, and reports auth-fail from it; without the
// flag only the topmost is trusted. Repeated, any of the IDs is trusted.
func TestScanAuthServIDTrustsThatServersStamp(t *testing.T) {
	mail := "Authentication-Results: relay.partner.example; spf=pass smtp.mailfrom=acme-corp.co.jp\r\n" +
		"Authentication-Results: mx.acme-corp.co.jp; spf=fail smtp.mailfrom=acme-corp.co.jp; dkim=none; dmarc=fail header.from=acme-corp.co.jp\r\n" +
		"From: Finance <finance@acme-corp.co.jp>\r\nTo: reader@acme-corp.co.jp\r\nSubject: Payment today\r\n" +
		"Date: Mon, 3 Jun 2024 09:00:00 +0900\r\nMessage-ID: <pay1@acme-corp.co.jp>\r\n\r\nPlease pay the attached invoice today.\r\n"
	file := filepath.Join(t.TempDir(), "lower-stamp.eml")
	if err := os.WriteFile(file, []byte(mail), 0o600); err != nil {
		t.Fatal(err)
	}
	authFail := func(args ...string) (bool, string) {
		t.Helper()
		code, out, errOut := runCLI(append(append([]string{"scan", "--json", "--lang", "en", "--me", "reader@acme-corp.co.jp"}, args...), file)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		for _, rec := range jsonLines(t, out) {
			for _, f := range rec["findings"].([]any) {
				f := f.(map[string]any)
				if f["id"] == "auth-fail" {
					return true, fmt.Sprint(f["evidence"])
				}
			}
		}
		return false, out
	}
	if got, out := authFail(); got {
		t.Errorf("without --authserv-id the lower stamp was trusted: %s", out)
	}
	got, evidence := authFail("--authserv-id", "mx.acme-corp.co.jp")
	if !got || !strings.Contains(evidence, "mx.acme-corp.co.jp") {
		t.Errorf("--authserv-id mx.acme-corp.co.jp: auth-fail %v, evidence %s", got, evidence)
	}
	if got, out := authFail("--authserv-id", "mx1.other.example", "--authserv-id", "MX.acme-corp.co.jp"); !got {
		t.Errorf("repeated --authserv-id: no auth-fail: %s", out)
	}
}
