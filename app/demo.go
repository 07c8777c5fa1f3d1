package app

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io/fs"
	"net"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"mailsafe/assets"
	"mailsafe/mailview"
	"mailsafe/mailview/message"
)

// Demo is the built-in demo mailbox: an IMAP server in this process on a
// loopback port, seeded with mails that show every kind of finding, and the
// beacon server their images point at, which records what a sender would
// learn when the reader loads them.
type Demo struct {
	Account  Account
	Password string
	Contacts []message.Address
	Beacon   *HitRecorder
	server   *imapserver.Server
	ln       net.Listener
}

// demo folders and which seed files go where (files starting "junk-" to Junk).
var demoFolders = []string{"INBOX", "Sent", "Junk", "Trash"}

// StartDemo starts the demo's beacon and IMAP servers on loopback ports.
func StartDemo(ctx context.Context) (*Demo, error) {
	beacon, err := StartHitRecorder(http.HandlerFunc(serveDemoPicture))
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	d := &Demo{Beacon: beacon, Password: "demo"}
	mem := imapmemserver.New()
	user := imapmemserver.NewUser("demo", d.Password)
	for _, f := range demoFolders {
		if err := user.Create(f, nil); err != nil {
			beacon.Close(ctx)
			return nil, fmt.Errorf("demo: create %s: %w", f, err)
		}
	}
	mem.AddUser(user)
	d.server = imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true, // loopback only
	})
	d.ln, err = net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		beacon.Close(ctx)
		return nil, fmt.Errorf("demo: listen on loopback: %w", err)
	}
	go d.server.Serve(d.ln)
	port := d.ln.Addr().(*net.TCPAddr).Port
	d.Account = Account{Name: "Alex Morgan (demo)", Email: "alex.morgan@acme-corp.example", Host: "127.0.0.1", Port: port,
		Security: SecurityNone, Username: "demo"}
	for _, l := range assets.Lines("demo/contacts.txt") {
		d.Contacts = append(d.Contacts, message.ParseAddressList(l)...)
	}
	if err := d.seed(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// seed appends the demo mails, their image URLs pointed at the beacon server.
func (d *Demo) seed(ctx context.Context) error {
	names, err := fs.Glob(assets.Files, "demo/*.eml")
	if err != nil || len(names) == 0 {
		return fmt.Errorf("demo: no mails in assets/demo")
	}
	// Append in the order the mails were written, so the newest arrives last
	// and the list, newest first, reads like a real inbox.
	dates := map[string]time.Time{}
	for _, name := range names {
		raw, _ := assets.Files.ReadFile(name)
		dates[name], _ = message.Parse(raw).Header.Date()
	}
	sort.Slice(names, func(i, j int) bool { return dates[names[i]].Before(dates[names[j]]) })
	c, err := imapclient.DialInsecure(d.ln.Addr().String(), nil)
	if err != nil {
		return fmt.Errorf("demo: connect to seed: %w", err)
	}
	defer c.Close()
	if err := c.Login(d.Account.Username, d.Password).Wait(); err != nil {
		return fmt.Errorf("demo: log in to seed: %w", err)
	}
	beacon := []byte("http://" + d.Beacon.Addr())
	for _, name := range names {
		raw, err := assets.Files.ReadFile(name)
		if err != nil {
			return err
		}
		raw = bytes.ReplaceAll(raw, []byte("{{BEACON}}"), beacon)
		folder := "INBOX"
		if strings.HasPrefix(strings.TrimPrefix(name, "demo/"), "junk-") {
			folder = "Junk"
		}
		// Older mails first, so the list shows them in a natural order.
		cmd := c.Append(folder, int64(len(raw)), &imap.AppendOptions{Time: dates[name]})
		if _, err := cmd.Write(raw); err != nil {
			return fmt.Errorf("demo: append %s: %w", name, err)
		}
		if err := cmd.Close(); err != nil {
			return fmt.Errorf("demo: append %s: %w", name, err)
		}
		if _, err := cmd.Wait(); err != nil {
			return fmt.Errorf("demo: append %s: %w", name, err)
		}
	}
	return c.Logout().Wait()
}

// Context is the analysis context of the demo's reader: the demo account
// with the demo's contact list.
func (d *Demo) Context() mailview.Reader {
	return ReaderFor(d.Account, d.Contacts, false)
}

// Close stops both servers.
func (d *Demo) Close() error {
	if d.server != nil {
		d.server.Close()
	}
	return d.Beacon.Close(context.Background())
}

// serveDemoPicture answers the demo mails' pictures (/img/...) with a
// visible image, so a trainer sees them appear, and everything else with
// the usual tracking pixel.
func serveDemoPicture(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/img/") {
		servePixel(w, r)
		return
	}
	pic := image.NewRGBA(image.Rect(0, 0, 40, 12))
	draw.Draw(pic, pic.Bounds(), &image.Uniform{color.RGBA{0x8d, 0x5b, 0x3a, 0xff}}, image.Point{}, draw.Src)
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	png.Encode(w, pic)
}
