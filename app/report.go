package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"mailsafe/assets"
	"mailsafe/mailview"
)

// Report file names inside a report folder.
const (
	ReportMessageFile = "message.eml"
	ReportJSONFile    = "report.json"
	ReportHTMLFile    = "report.html"
)

// WriteReport writes a report for the security team into a new folder
// under dir: the original message byte for byte, the analysis as the JSON
// of `scan --json`, and a readable HTML page. It returns the folder. The
// folder appears whole or not at all: it is written under a temporary name
// and renamed at the end.
//
// lookups are the registry answers the reader asked for (nil for none);
// they and the new-domain findings they gave go into the JSON and the page
// as `scan --lookup` would put them.
func WriteReport(dir, source string, v *mailview.View, lang string, lookups []LookupResult) (string, error) {
	rec := NewRecord(source, v, lang)
	rec.addLookups(v, lookups, lang)
	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rec); err != nil {
		return "", fmt.Errorf("report: encoding the JSON: %w", err)
	}
	var page bytes.Buffer
	if err := reportPage.Execute(&page, reportData{Record: rec, Cat: assets.NewCatalog(lang), Made: time.Now()}); err != nil {
		return "", fmt.Errorf("report: writing the page: %w", err)
	}

	tmp, err := os.MkdirTemp(dir, ".mailsafe-report-")
	if err != nil {
		return "", fmt.Errorf("report: cannot write in %s: %w", dir, err)
	}
	defer os.RemoveAll(tmp) // gone after the rename; cleans up after a failure
	for name, data := range map[string][]byte{ReportMessageFile: v.Message.Source(), ReportJSONFile: js.Bytes(), ReportHTMLFile: page.Bytes()} {
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o600); err != nil {
			return "", fmt.Errorf("report: writing %s: %w", name, err)
		}
	}
	base := filepath.Join(dir, "mailsafe-report-"+time.Now().Format("2006-01-02-150405")+slug(v.Subject))
	final := base
	for i := 2; ; i++ {
		if _, err := os.Lstat(final); os.IsNotExist(err) {
			break
		}
		final = fmt.Sprintf("%s-%d", base, i)
	}
	if err := os.Rename(tmp, final); err != nil {
		return "", fmt.Errorf("report: naming the folder: %w", err)
	}
	if err := os.Chmod(final, 0o700); err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	return final, nil
}

// slug is a short, safe piece of the subject for the folder name.
func slug(subject string) string {
	var b strings.Builder
	dash := true
	for _, r := range subject {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			dash = false
		case !dash:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		return ""
	}
	return "-" + s
}

type reportData struct {
	Record Record
	Cat    assets.Catalog
	Made   time.Time
}

// reportPage is the readable report. Everything from the message goes
// through html/template's escaping, and the page loads nothing: URLs are
// text, never links or images.
var reportPage = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="{{.Cat.Lang}}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>mailsafe — {{.Record.Subject}}</title>
<style>
body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.45}
.danger{border-left:6px solid #b00020;padding-left:.8em}
.warn{border-left:6px solid #b26a00;padding-left:.8em}
.info{border-left:6px solid #2f5f8f;padding-left:.8em}
code,pre{word-break:break-all;white-space:pre-wrap}
table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em;text-align:left;vertical-align:top}
</style></head><body>
<h1>{{.Cat.T "report.title"}}</h1>
<p>{{.Cat.T "report.intro"}} {{.Made.Format "2006-01-02 15:04 MST"}}</p>
<table>
<tr><th>{{.Cat.T "Subject"}}</th><td>{{.Record.Subject}}</td></tr>
<tr><th>{{.Cat.T "From"}}</th><td>{{.Record.From}}</td></tr>
<tr><th>{{.Cat.T "Date"}}</th><td>{{.Record.Date}}</td></tr>
<tr><th>Message-ID</th><td><code>{{.Record.MessageID}}</code></td></tr>
<tr><th>{{.Cat.T "report.source"}}</th><td><code>{{.Record.Source}}</code></td></tr>
</table>
<h2>{{.Cat.T "Findings"}} ({{len .Record.Findings}})</h2>
{{range .Record.Findings}}<section class="{{.Severity}}">
<h3>{{.Title}}</h3><p><code>{{.ID}}</code> · {{.Severity}} · {{.Category}}</p>
<p>{{.Detail}}</p>
{{if .Evidence}}<ul>{{range .Evidence}}<li><code>{{.}}</code></li>{{end}}</ul>{{end}}
</section>{{else}}<p>{{.Cat.T "report.nofindings"}}</p>{{end}}
<h2>{{.Cat.T "report.trace"}}</h2>
<p>{{.Cat.T "report.origin"}}: <code>{{.Record.Trace.OriginIP}}</code></p>
{{if .Record.Trace.Hops}}<table><tr><th>from</th><th>by</th><th>IP</th><th>time</th></tr>
{{range .Record.Trace.Hops}}<tr><td><code>{{.From}}</code></td><td><code>{{.By}}</code></td><td><code>{{.IP}}</code></td><td>{{.Time}}</td></tr>
{{end}}</table>{{end}}
{{if .Record.Lookups}}<h2>{{.Cat.T "report.lookups"}}</h2>
<table><tr><th>domain</th><th>registered</th><th>registrar</th><th>error</th></tr>
{{range .Record.Lookups}}<tr><td><code>{{.Domain}}</code></td><td>{{.Registered}}</td><td>{{.Registrar}}</td><td>{{.Error}}</td></tr>
{{end}}</table>{{end}}
<h2>{{.Cat.T "report.links"}} ({{len .Record.Links}})</h2>
{{if .Record.Links}}<table><tr><th>text</th><th>URL</th><th>issues</th></tr>
{{range .Record.Links}}<tr><td>{{.Text}}</td><td><code>{{.URL}}</code></td><td>{{range .Issues}}{{.}} {{end}}</td></tr>
{{end}}</table>{{end}}
<h2>{{.Cat.T "report.resources"}} ({{len .Record.Resources}})</h2>
{{if .Record.Resources}}<table><tr><th>URL</th><th>vector</th><th>tracker</th></tr>
{{range .Record.Resources}}<tr><td><code>{{.URL}}</code></td><td>{{.Vector}}</td><td>{{.Tracker}}</td></tr>
{{end}}</table>{{end}}
<h2>{{.Cat.T "Attachments"}} ({{len .Record.Attachments}})</h2>
{{if .Record.Attachments}}<table><tr><th>name</th><th>type</th><th>bytes</th><th>issues</th></tr>
{{range .Record.Attachments}}<tr><td><code>{{.Filename}}</code></td><td>{{.ContentType}}</td><td>{{.Size}}</td><td>{{range .Issues}}{{.}} {{end}}</td></tr>
{{end}}</table>{{end}}
<p>{{.Cat.T "report.files"}}</p>
</body></html>
`))
