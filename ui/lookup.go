package ui

import (
	"context"
	"net/netip"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
	"mailsafe/mailview"
)

// lookupPanel is "Look up sender domain" in the sidebar: on the reader's
// request only, it asks the registries how old the message's domains are.
type lookupPanel struct {
	lookup   *app.DomainLookup // nil: the panel is hidden
	settings *app.Settings     // where the proxy is set; nil: none
	view     *mailview.View
	button   *widget.Button
	route    *widget.Label // which way the lookups go: through the proxy or directly
	result   *widget.Label
	details  *fyne.Container // the technical detail of failures, folded
	box      *fyne.Container
	done     func()       // called when a lookup has been shown (tests wait on it)
	do       func(func()) // runs a function on the UI goroutine (nil: fyne.Do)

	results []app.LookupResult // the answers for view, once asked
}

func newLookupPanel() *lookupPanel {
	p := &lookupPanel{}
	p.result = widget.NewLabel("")
	p.result.Wrapping = fyne.TextWrapWord
	p.result.Selectable = true
	p.button = widget.NewButtonWithIcon(lang.L("Look up sender domain"), theme.SearchIcon(), p.run)
	p.route = widget.NewLabel("")
	p.route.Wrapping = fyne.TextWrapWord
	p.route.Importance = widget.LowImportance
	p.details = container.NewVBox()
	p.box = container.NewVBox(widget.NewSeparator(), container.NewHBox(p.button), p.route, p.result, p.details)
	p.box.Hide()
	return p
}

// show resets the panel for a newly opened message.
func (p *lookupPanel) show(v *mailview.View) {
	p.view = v
	p.results = nil
	p.result.SetText("")
	p.result.Importance = widget.MediumImportance
	p.details.Objects = nil
	p.details.Refresh()
	p.route.SetText(routeText(p.proxy()))
	p.button.Enable()
	if p.lookup == nil || len(app.LookupDomains(v)) == 0 {
		p.box.Hide()
		return
	}
	p.box.Show()
}

// run looks the domains up off the UI goroutine and shows what came back.
func (p *lookupPanel) run() {
	v := p.view
	if v == nil || p.lookup == nil {
		return
	}
	domains := app.LookupDomains(v)
	p.button.Disable()
	p.result.SetText(lang.L("lookup.progress", map[string]any{"Count": len(domains)}))
	p.details.Objects = nil
	p.details.Refresh()
	l := p.lookup
	proxy := p.proxy()
	l.SetProxy(proxy) // nothing goes around a proxy the reader set
	p.route.SetText(routeText(proxy))
	do := p.do
	if do == nil {
		do = fyne.Do
	}
	go func() {
		var lines, details []string
		var proxyFailed *app.Failure
		danger := false
		failed := func(what string, err error) {
			if f, ok := app.ProxyFailure(err); ok {
				if proxyFailed == nil {
					proxyFailed = f
					details = append(details, f.Detail())
				}
				lines = append(lines, lang.L("lookup.notasked", map[string]any{"Domain": what}))
				return
			}
			sentence, detail := failureSentence(err)
			lines = append(lines, lang.L("lookup.failed", map[string]any{"Domain": what, "Reason": sentence}))
			if detail != "" {
				details = append(details, detail)
			}
		}
		results := l.LookupAll(context.Background(), v)
		for _, r := range results {
			d, info := r.Record.Domain, r.Info
			switch {
			case r.Err != nil:
				failed(d, r.Err)
				if raw := strings.TrimSpace(info.Raw); raw != "" { // a WHOIS answer in a format we do not read
					lines = append(lines, strings.ToValidUTF8(raw[:min(len(raw), 1200)], ""))
				}
			case r.Finding != nil:
				lines = append(lines, "⚠ "+r.Finding.Title.In(readerLanguage()))
				danger = true
			default:
				line := lang.L("lookup.registered", map[string]any{"Domain": d, "Date": info.Registered.Local().Format("2006-01-02")})
				if info.Registrar != "" {
					line += " — " + info.Registrar
				}
				lines = append(lines, line)
			}
		}
		if ip, err := netip.ParseAddr(v.Trace.OriginIP); err == nil && ip.IsGlobalUnicast() && !ip.IsPrivate() {
			n, err := l.Network(context.Background(), ip.String())
			if err != nil {
				failed(ip.String(), err)
			} else {
				lines = append(lines, lang.L("lookup.network", map[string]any{"IP": n.IP, "Name": n.Name, "Country": n.Country, "Owner": n.Owner}))
			}
		}
		do(func() {
			if p.view != v {
				return // the reader moved on
			}
			p.results = results
			if proxyFailed != nil { // the proxy is named once, above the domains it kept unasked
				key := "lookup.proxy.refused"
				if proxyFailed.Kind == app.ErrProxyUnreachable {
					key = "lookup.proxy.unreachable"
				}
				lines = append([]string{lang.L(key, map[string]any{"Proxy": proxyFailed.Proxy})}, lines...)
				p.result.Importance = widget.WarningImportance
			}
			p.result.SetText(strings.Join(lines, "\n"))
			if fold := foldedDetail(strings.Join(details, "\n")); fold != nil {
				p.details.Objects = []fyne.CanvasObject{fold}
				p.details.Refresh()
			}
			if danger {
				p.result.Importance = widget.DangerImportance
				p.result.Refresh()
			}
			if p.done != nil {
				p.done()
			}
		})
	}()
}

// proxy is the proxy set in the settings, or nil.
func (p *lookupPanel) proxy() *url.URL {
	if p.settings == nil {
		return nil
	}
	return p.settings.Proxy()
}

// routeText says which way the lookups go.
func routeText(proxy *url.URL) string {
	if proxy != nil {
		return lang.L("lookup.route.proxy", map[string]any{"Proxy": proxy.Redacted()})
	}
	return lang.L("lookup.route.direct")
}

// resultsFor returns the answers the reader asked for about v, or nil.
func (p *lookupPanel) resultsFor(v *mailview.View) []app.LookupResult {
	if p.view != v {
		return nil
	}
	return p.results
}
