package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The command line is quiet under any locale: Fyne's translation package,
// which initialises before main, says nothing on stderr for scan, version
// or help, also where it cannot parse the locale (C.UTF-8 and the like);
// and the locale still chooses the report's language afterwards.
func TestCommandLineIsQuietUnderAnyLocale(t *testing.T) {
	bin := buildBinary(t)
	run := func(env []string, args ...string) (stdout, stderr string) {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(cleanLocaleEnv(), env...)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			t.Errorf("%v %v: %v\n%s", env, args, err, errOut.String())
		}
		return out.String(), errOut.String()
	}
	for _, env := range [][]string{
		{"LANG=C"}, {"LANG=C.UTF-8"}, {"LANG=POSIX.UTF-8"}, {"LC_ALL=C.UTF-8"}, {"LANG=x"},
		{"LANG=C.UTF-8", "LANGUAGE=ja"}, {"LANG=en_US.UTF-8"}, {"LANG=ja_JP.UTF-8"}, {},
	} {
		for _, args := range [][]string{{"version"}, {"help"}, {"scan", "mailview/testdata/plain-ascii.eml"}} {
			if _, stderr := run(env, args...); stderr != "" {
				t.Errorf("%v mailsafe %s: stderr\n%s", env, strings.Join(args, " "), stderr)
			}
		}
	}
	// The locale is the reader's again once main runs: gettext's rules, as
	// before (LANGUAGE counts under C.UTF-8, not under C; LC_ALL wins).
	for _, c := range []struct {
		env      []string
		japanese bool
	}{
		{[]string{"LANG=ja_JP.UTF-8"}, true},
		{[]string{"LC_ALL=ja_JP.UTF-8", "LANG=en_US.UTF-8"}, true},
		{[]string{"LANG=C.UTF-8", "LANGUAGE=ja"}, true},
		{[]string{"LANG=C", "LANGUAGE=ja"}, false},
		{[]string{"LC_ALL=C", "LANG=ja_JP.UTF-8"}, false},
	} {
		out, _ := run(c.env, "scan", "mailview/testdata/plain-ascii.eml")
		if got := strings.Contains(out, "件名:"); got != c.japanese {
			t.Errorf("%v: Japanese report %v, want %v:\n%s", c.env, got, c.japanese, out)
		}
	}
}

// cleanLocaleEnv is this process's environment without the locale variables.
func cleanLocaleEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE":
			continue
		}
		out = append(out, kv)
	}
	return out
}
