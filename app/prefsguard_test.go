package app

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
)

// A settings file cut short by a save that did not finish is put back from
// the last good copy; a good one is copied; a first start has neither.
func TestGuardPreferencesRestoresACutFile(t *testing.T) {
	root := t.TempDir()
	prefs := test.NewTempApp(t).Preferences()
	if restored, err := GuardPreferences(root, prefs); restored || err != nil {
		t.Fatalf("first start: restored %v, %v", restored, err)
	}
	good := `{"accounts":"[{\"email\":\"me@example.org\"}]","trusted-senders":"news@shop.example","mark-read-when-opened":true}`
	if err := os.WriteFile(filepath.Join(root, preferencesFile), []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	if restored, err := GuardPreferences(root, prefs); restored || err != nil {
		t.Fatalf("a good file: restored %v, %v", restored, err)
	}
	if b, err := os.ReadFile(filepath.Join(root, preferencesCopy)); err != nil || string(b) != good {
		t.Fatalf("copy %q, %v", b, err)
	}
	for _, cut := range []string{"", `{"accounts":"[{\"ema`} {
		if err := os.WriteFile(filepath.Join(root, preferencesFile), []byte(cut), 0o600); err != nil {
			t.Fatal(err)
		}
		prefs := test.NewTempApp(t).Preferences()
		restored, err := GuardPreferences(root, prefs)
		if !restored || err != nil || prefs.String("trusted-senders") != "news@shop.example" || !prefs.Bool("mark-read-when-opened") ||
			prefs.String("accounts") != `[{"email":"me@example.org"}]` {
			t.Errorf("file %q: restored %v, %v; prefs %q %v", cut, restored, err, prefs.String("accounts"), prefs.Bool("mark-read-when-opened"))
		}
		if b, _ := os.ReadFile(filepath.Join(root, preferencesCopy)); string(b) != good {
			t.Errorf("the good copy was overwritten by %q", b)
		}
	}
	os.Remove(filepath.Join(root, preferencesCopy))
	if restored, err := GuardPreferences(root, prefs); restored || err == nil {
		t.Errorf("a cut file and no copy: restored %v, error %v; want an error that says so", restored, err)
	}
}
