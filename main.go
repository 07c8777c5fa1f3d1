// Command mailsafe is a mail viewer that shows who is watching and who is
// pretending before anything leaves the machine. See README.md for usage.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"early.mailsafe.local/quietlocale"

	"mailsafe/app"
	"mailsafe/assets"
)

// version is the release version; FyneApp.toml carries the same number.
const version = "0.1.0"

// appID is the application ID; FyneApp.toml carries the same ID.
const appID = "dev.mailsafe.viewer"

const usageText = `Usage:
  mailsafe                      open the mail viewer
  mailsafe --demo               open the viewer on the built-in demo mailbox
  mailsafe FILE.eml             open one message file (an mbox file shows all its messages)
  mailsafe scan [flags] SOURCE...
                                analyse messages without a window; SOURCE is a .eml file,
                                an mbox file, a Maildir directory or imap[s]://USER@HOST[:PORT]/MAILBOX
  mailsafe learn [--store FILE] [--me ADDR]... SOURCE...
                                learn whom you write to (mail from --me) and hear from
                                (all other mail), into the correspondents store that
                                scan and the viewer read; SOURCE as for scan (an imap://
                                mailbox is learned from its headers, from where the last
                                run stopped), or an address book (.vcf vCard, .csv)
  mailsafe version              print the version

Flags of scan:
  --json            one JSON object per message, one per line
  --me ADDR         your own address (repeatable); its domain is your domain
  --contacts FILE   known contacts, one "Name <addr>" per line
  --lang en|ja      language of titles and details (default: from the locale)
  --lookup          ask the registries (RDAP) how old the sender and link domains
                    are; a domain registered in the last 30 days is a finding.
                    With it, DKIM signatures are also checked against the
                    signers' keys in DNS. Off by default: without it scan makes
                    no network request.
  --authserv-id ID  trust the Authentication-Results stamped by ID, your own
                    receiving server (repeatable); without it, an imap://
                    source's account set up in the viewer uses the server
                    Settings has for it, and other mail only the topmost
                    Authentication-Results
  --store FILE      the correspondents store that learn wrote (default: the
                    viewer's, in your data directory, when it exists)

Exit status of scan: 0 when every source was read, 1 when a source could not
be read (the others are still reported), 2 for bad usage.
`

func main() {
	quietlocale.Restore() // the locale, hidden from Fyne's package initialisation, is the reader's again
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run carries out one command line and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "scan":
			return runScan(args[1:], stdout, stderr)
		case "learn":
			return runLearn(args[1:], stdout, stderr)
		case "version":
			if len(args) > 1 {
				return usageError(stderr, "version takes no arguments")
			}
			fmt.Fprintf(stdout, "mailsafe %s\n", version)
			return 0
		case "help", "-h", "-help", "--help":
			fmt.Fprint(stdout, usageText)
			return 0
		}
	}
	fs := flag.NewFlagSet("mailsafe", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	demo := fs.Bool("demo", false, "")
	if err := fs.Parse(args); err != nil {
		return usageError(stderr, err.Error())
	}
	files := fs.Args()
	switch {
	case len(files) > 1:
		return usageError(stderr, "open one message file at a time (to analyse several, use mailsafe scan)")
	case *demo && len(files) > 0:
		return usageError(stderr, "--demo takes no file")
	}
	return runGUI(*demo, files, stderr)
}

func usageError(stderr io.Writer, msg string) int {
	fmt.Fprintf(stderr, "mailsafe: %s\n\n%s", msg, usageText)
	return 2
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func runScan(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	opts := app.ScanOptions{LimitHeap: true} // the command owns its process
	var me, authServIDs stringList
	fs.Var(&authServIDs, "authserv-id", "")
	fs.BoolVar(&opts.JSON, "json", false, "")
	fs.Var(&me, "me", "")
	contacts := fs.String("contacts", "", "")
	langFlag := fs.String("lang", "", "")
	lookup := fs.Bool("lookup", false, "")
	store := fs.String("store", "", "")
	if err := fs.Parse(args); err != nil {
		return usageError(stderr, "scan: "+err.Error())
	}
	if fs.NArg() == 0 {
		return usageError(stderr, "scan: name at least one SOURCE (a .eml file, an mbox file or a Maildir directory)")
	}
	switch *langFlag {
	case "":
		opts.Lang = assets.LocaleLanguage()
	case "en", "ja":
		opts.Lang = *langFlag
	default:
		return usageError(stderr, fmt.Sprintf("scan: --lang must be en or ja, not %q", *langFlag))
	}
	ids, problem := readerFlags("scan", me, authServIDs)
	if problem != "" {
		return usageError(stderr, problem)
	}
	opts.Me, opts.AuthServIDs = me, ids
	if *lookup {
		// MAILSAFE_RDAP_BOOTSTRAP points the IANA bootstrap elsewhere (tests, a mirror).
		l, err := app.NewDomainLookup(os.Getenv("MAILSAFE_RDAP_BOOTSTRAP"), nil)
		if err != nil {
			return usageError(stderr, "scan: "+err.Error())
		}
		opts.Lookup = l
	}
	opts.Secrets = app.NewSecrets()
	opts.Settings = viewerSettings(fs.Args(), opts.Secrets)
	if *contacts != "" {
		list, err := app.ReadContacts(*contacts)
		if err != nil {
			fmt.Fprintf(stderr, "mailsafe: contacts: %v\n", err)
			return 2
		}
		opts.Contacts = list
	}
	if code := readStore(*store, &opts, stderr); code != 0 {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if !app.Scan(ctx, fs.Args(), opts, stdout, stderr) {
		return 1
	}
	return 0
}
