package main

import (
	"bytes"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The command-line build (make build-cli, -tags nogui) links nothing of
// the window, so that a scan does not start with the window's packages
// initialised (about 10 MB of a tiny message's 25 MB peak), and it reports
// exactly what the full build reports.
func TestCLIBuildLinksNoWindowAndScansAlike(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	deps, err := exec.Command("go", "list", "-tags", "nogui", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, deps)
	}
	for _, p := range strings.Fields(string(deps)) {
		for _, gui := range []string{"fyne.io/", "github.com/go-gl/", "mailsafe/ui"} {
			if strings.HasPrefix(p, gui) {
				t.Errorf("the nogui build links %s", p)
			}
		}
	}
	bin := filepath.Join(t.TempDir(), "mailsafe-cli")
	if out, err := exec.Command("go", "build", "-tags", "nogui", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build -tags nogui: %v\n%s", err, out)
	}
	files := []string{"mailview/testdata/attachment-html.eml", "mailview/testdata/bad-base64-junk.eml"}
	for _, args := range [][]string{append([]string{"scan", "--json", "--lang", "en"}, files...),
		append([]string{"scan", "--lang", "ja"}, files...)} {
		var want, wantErr bytes.Buffer
		code := run(args, &want, &wantErr)
		cmd := exec.Command(bin, args...)
		var got, gotErr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &got, &gotErr
		err := cmd.Run()
		var exit *exec.ExitError
		gotCode := 0
		if errors.As(err, &exit) {
			gotCode = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if gotCode != code || got.String() != want.String() || gotErr.String() != wantErr.String() {
			t.Errorf("%v: the nogui build exits %d with\n%s%s\nthe full build %d with\n%s%s", args, gotCode, got.String(), gotErr.String(), code, want.String(), wantErr.String())
		}
		if want.Len() == 0 {
			t.Errorf("%v: no report", args)
		}
	}
	out, err := exec.Command(bin, "--demo").CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), "no window") {
		t.Errorf("mailsafe-cli --demo: %v, %q; want exit 2 saying it has no window", err, out)
	}
}
