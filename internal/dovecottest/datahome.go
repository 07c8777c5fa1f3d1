package dovecottest

import (
	"os"
	"testing"
)

// RunWithOwnDataHome runs a package's tests with XDG_DATA_HOME in a
// temporary directory of their own, so that what the viewer and learn
// keep in the user's data directory (the correspondents store) is never
// the user's own: call it from TestMain.
func RunWithOwnDataHome(m *testing.M) int {
	dir, err := os.MkdirTemp("", "mailsafe-data-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	os.Setenv("XDG_DATA_HOME", dir)
	return m.Run()
}
