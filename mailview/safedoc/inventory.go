package safedoc

import (
	"net/url"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// Vector is how a remote URL would load: an img src, a CSS url(), an iframe.
type Vector string

// Vectors of URLs found in HTML and SVG. CSS vectors are in css.go.
const (
	VectorImgSrc       Vector = "img-src"
	VectorImgSrcset    Vector = "img-srcset"
	VectorImgLowsrc    Vector = "img-lowsrc"
	VectorImgDynsrc    Vector = "img-dynsrc"
	VectorSourceSrc    Vector = "source-src"
	VectorSourceSet    Vector = "source-srcset"
	VectorBackground   Vector = "background"
	VectorLink         Vector = "link"
	VectorIframe       Vector = "iframe"
	VectorFrame        Vector = "frame"
	VectorObject       Vector = "object"
	VectorEmbed        Vector = "embed"
	VectorApplet       Vector = "applet"
	VectorVideo        Vector = "video"
	VectorAudio        Vector = "audio"
	VectorPoster       Vector = "poster"
	VectorTrack        Vector = "track"
	VectorInputImage   Vector = "input-image"
	VectorScript       Vector = "script"
	VectorMetaRefresh  Vector = "meta-refresh"
	VectorManifest     Vector = "manifest"
	VectorBgsound      Vector = "bgsound"
	VectorSVGPrefix    Vector = "svg-"           // followed by the element: svg-image, svg-use, svg-feimage, ...
	VectorSVGURLAttr   Vector = "svg-url-attr"   // url() in an SVG presentation attribute: fill, filter, mask, ...
	VectorSVGAnimate   Vector = "svg-animate"    // a URL an SMIL animation sets as an element's href
	VectorMathML       Vector = "mathml-src"     // a MathML element's src (mglyph)
	VectorVML          Vector = "vml"            // Outlook's VML: v:fill, v:image, v:imagedata src
	VectorAttribution  Vector = "attributionsrc" // Attribution Reporting: requested when the element loads
	VectorCalendar     Vector = "calendar"       // an iCalendar ATTACH or IMAGE given as a URI
	VectorExternalBody Vector = "external-body"  // a message/external-body part's URL
)

// Context is a situation that a CSS reference loads only in (printing, dark
// mode, a quoted reply), which loading it would reveal.
type Context string

// LinkKind is what makes a URL a click target.
type LinkKind string

// Link kinds.
const (
	LinkAnchor   LinkKind = "a"        // <a href>
	LinkArea     LinkKind = "area"     // <area href> of an image map
	LinkForm     LinkKind = "form"     // a form's action: what the reader types is sent there
	LinkPing     LinkKind = "ping"     // <a ping>: requested when the link is followed
	LinkText     LinkKind = "text"     // a URL written in plain text
	LinkCalendar LinkKind = "calendar" // an invitation's URL or CONFERENCE
)

// Resource is a remote URL that would load if remote content were allowed.
// It holds what the document says of it; whether it tracks is decided by
// the checks, which read this.
type Resource struct {
	URL      string
	Vector   Vector
	Width    int       // declared size of an image in CSS pixels, -1 when not declared
	Height   int       // declared height, -1 when not declared
	Hidden   bool      // the element or an ancestor is hidden: the reader would never see it load
	Contexts []Context // the CSS situations it loads in only, if any
	Address
}

// Link is a click target with the text the reader sees.
type Link struct {
	Text string
	URL  string // the real target, resolved like a browser would
	Kind LinkKind
	Address
}

// Address is a URL parsed once, for every later stage to read.
type Address struct {
	Parsed *url.URL // nil when the URL does not parse
	Host   string   // lower-case host name without a trailing dot, "" when none
	Domain string   // the host's registrable domain (eTLD+1, ASCII), or the host
	// Canonical is the URL as its server reads it (canonical.go): host in
	// lower-case ASCII without a trailing dot, path and query decoded. The
	// tracker rules read it, so that no spelling of a vendor's URL slips by.
	Canonical *url.URL
}

// ParseAddress parses raw for the inventory; analysis does it once per URL.
func ParseAddress(raw string) Address {
	return parseAddress(raw, nil)
}

// parseAddress is ParseAddress with a cache of registrable domains by host:
// a newsletter's hundred links share a handful of hosts.
func parseAddress(raw string, domains map[string]string) Address {
	u, err := url.Parse(raw)
	if err != nil {
		return Address{}
	}
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	d, ok := domains[host]
	if !ok {
		d = RegistrableDomain(host)
		if domains != nil {
			domains[host] = d
		}
	}
	canon := u
	if !plainAbsoluteURL(raw) || strings.HasSuffix(u.Host, ".") || serverPath(u.Path) != u.Path {
		canon = canonicalURL(u)
	}
	return Address{Parsed: u, Host: host, Domain: d, Canonical: canon}
}

// RegistrableDomain returns the registrable domain ("eTLD+1") of host in
// ASCII, or host when it has none (an IP address, a bare name).
func RegistrableDomain(host string) string {
	if !plainHost(host) {
		if ascii, err := idna.Lookup.ToASCII(host); err == nil {
			host = ascii
		}
	}
	if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return d
	}
	return host
}

// plainHost tells whether idna.Lookup.ToASCII would give host back as it
// is (or fail, which keeps it too): lower-case ASCII letters, digits, "-"
// and ".", not starting with "." (ToASCII drops leading dots) and without
// an "xn--" label (which it decodes and encodes again). Most hosts are.
func plainHost(host string) bool {
	if host != "" && host[0] == '.' || strings.Contains(host, "xn--") {
		return false
	}
	for i := 0; i < len(host); i++ {
		if c := host[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// Inventory is every remote reference and link of a message's documents:
// the body, and what it carries inside (iframe srcdoc, cid: and data:
// documents).
type Inventory struct {
	Resources []Resource
	Links     []Link
	seenRes   map[resourceKey]int
	// Dropped counts resources past the limit, which are not listed.
	Dropped int
	// LinksDropped counts links past the limit, which are not listed.
	LinksDropped int
	// DeepElements counts elements opened past maxOpenElements: read for
	// URLs, but their effects (hiding, links, styles) not applied.
	DeepElements int
	// Unread counts nested documents (srcdoc, conditional comments,
	// attached parts) not searched because a nesting, size or count budget was
	// spent (nested.go).
	Unread int
	// Unapplied counts documents whose style sheet rules stopped being
	// applied past the matching budget or were read only in part (the
	// nesting, size and rule budgets of stylesheet.go).
	Unapplied int
	// UnreadSelectors counts the selectors of style sheet rules that hide
	// or size elements which are not read (parseSelectorList): the rules
	// are not applied to the elements they would match.
	UnreadSelectors int
	nestedBytes     int
	nestedDocs      int
}

type resourceKey struct {
	url    string
	vector Vector
}

func newInventory() *Inventory { return &Inventory{seenRes: map[resourceKey]int{}} }

// addResource lists url for vector once; a later sighting that is visible
// clears the hidden mark, since the URL then loads where the reader sees it.
func (inv *Inventory) addResource(r Resource) {
	key := resourceKey{r.URL, r.Vector}
	if i, ok := inv.seenRes[key]; ok {
		inv.Resources[i].Hidden = inv.Resources[i].Hidden && r.Hidden
		return
	}
	if len(inv.Resources) >= maxResources {
		inv.Dropped++
		return
	}
	inv.seenRes[key] = len(inv.Resources)
	inv.Resources = append(inv.Resources, r)
}

// addLink lists a click target, or counts it when the links are at their limit.
func (inv *Inventory) addLink(l Link) int {
	if len(inv.Links) >= maxLinks {
		inv.LinksDropped++
		return -1
	}
	inv.Links = append(inv.Links, l)
	return len(inv.Links) - 1
}

// finish parses every URL once, when the documents are read.
func (inv *Inventory) finish() {
	domains := map[string]string{}
	for i := range inv.Resources {
		inv.Resources[i].Address = parseAddress(inv.Resources[i].URL, domains)
	}
	for i := range inv.Links {
		inv.Links[i].Address = parseAddress(inv.Links[i].URL, domains)
	}
}

// LoadsImage tells whether the vector loads an image, the shape every
// tracking pixel takes.
func (v Vector) LoadsImage() bool {
	switch v {
	case VectorImgSrc, VectorImgSrcset, VectorImgLowsrc, VectorInputImage, VectorSourceSet, VectorBackground,
		VectorCSSURL, VectorCSSImageSet, VectorCSSVar, VectorPoster, VectorSVGPrefix + "image", VectorSVGPrefix + "feimage",
		VectorVML, VectorMathML, VectorCalendar:
		return true
	}
	return false
}

// Shown tells whether an image loaded through the vector is one the reading
// pane shows once the reader allowed it; only these are ever fetched.
func (v Vector) Shown() bool {
	switch v {
	case VectorImgSrc, VectorImgSrcset, VectorSourceSet, VectorInputImage, VectorBackground, VectorCSSURL,
		VectorCSSImageSet, VectorPoster, VectorSVGPrefix + "image":
		return true
	}
	return false
}
