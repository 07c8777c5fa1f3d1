package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"mailsafe/app"
	"mailsafe/correspondents"
)

// runLearn is `mailsafe learn`: it records what the sources teach into the
// correspondents store and prints a one-line summary.
func runLearn(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("learn", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var me, authServIDs stringList
	fs.Var(&me, "me", "")
	fs.Var(&authServIDs, "authserv-id", "")
	store := fs.String("store", "", "")
	if err := fs.Parse(args); err != nil {
		return usageError(stderr, "learn: "+err.Error())
	}
	if fs.NArg() == 0 {
		return usageError(stderr, "learn: name at least one SOURCE (a .eml file, an mbox file, a Maildir directory or an imap:// mailbox)")
	}
	ids, problem := readerFlags("learn", me, authServIDs)
	if problem != "" {
		return usageError(stderr, problem)
	}
	opts := app.LearnOptions{Me: me, AuthServIDs: ids}
	c := app.NewCorrespondents(*store) // "": the viewer's, in the data directory
	st, err := c.Store()
	if err != nil {
		fmt.Fprintf(stderr, "mailsafe: learn: %v\n", err)
		return 1
	}
	defer c.Close()
	opts.Secrets = app.NewSecrets()
	opts.Settings = viewerSettings(fs.Args(), opts.Secrets)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	sum, ok := app.Learn(ctx, st, fs.Args(), opts, stderr)
	fmt.Fprintf(stdout, "mailsafe: %s (%s)\n", sum, st.Path())
	if !ok {
		return 1
	}
	return 0
}

// readStore gives scan the history of the correspondents store: the one
// named (an error when it cannot be read), else the viewer's when it exists
// (when it cannot be read, a note, and scan goes on without it).
func readStore(path string, opts *app.ScanOptions, stderr io.Writer) int {
	named := path != ""
	if !named {
		p, err := correspondents.DefaultPath()
		if err != nil {
			return 0
		}
		if _, err := os.Stat(p); err != nil {
			return 0
		}
		path = p
	}
	st, err := correspondents.OpenReadOnly(path)
	if err != nil {
		if named {
			fmt.Fprintf(stderr, "mailsafe: scan: %v\n", err)
			return 2
		}
		fmt.Fprintf(stderr, "mailsafe: scan: %v; scanning without the correspondents\n", err)
		return 0
	}
	defer st.Close()
	h, err := st.History()
	if err != nil {
		fmt.Fprintf(stderr, "mailsafe: scan: %v\n", err)
		return 2
	}
	opts.History = h
	return 0
}
