package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Fyne keeps an app's preferences in this file under its storage root, and
// writes it in place: a crash, a kill or a power cut while it writes leaves
// it empty or cut short, and Fyne then starts with no settings at all
// (accounts, trusted senders, My addresses gone).
const (
	preferencesFile = "preferences.json"
	preferencesCopy = "preferences.last-good.json"
)

// GuardPreferences keeps the settings through a save that did not finish.
// When the preferences file under root reads as JSON, a copy of it is kept
// beside it (written whole, then renamed over the last one). When it does
// not, and the copy does, the copy's values are put back into prefs (which
// Fyne then saves). It reports whether it put them back.
func GuardPreferences(root string, prefs Preferences) (restored bool, err error) {
	path := filepath.Join(root, preferencesFile)
	raw, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return false, nil // a first start
	}
	if err != nil {
		return false, fmt.Errorf("reading the settings file: %w", err)
	}
	var values map[string]any
	if json.Unmarshal(raw, &values) == nil && values != nil {
		return false, keepCopy(root, raw)
	}
	saved, err := os.ReadFile(filepath.Join(root, preferencesCopy))
	if err != nil {
		return false, fmt.Errorf("the settings file %s is damaged and no good copy of it was kept: %w", path, err)
	}
	if err := json.Unmarshal(saved, &values); err != nil || values == nil {
		return false, fmt.Errorf("the settings file %s is damaged, and so is its copy", path)
	}
	keep := map[string]any{} // the kinds the settings use
	for k, v := range values {
		switch v.(type) {
		case string, bool:
			keep[k] = v
		}
	}
	if batch, ok := prefs.(interface{ WriteValues(func(map[string]any)) }); ok {
		// Fyne's own preferences: all the values in one change, so one save.
		batch.WriteValues(func(m map[string]any) {
			for k, v := range keep {
				m[k] = v
			}
		})
		return true, nil
	}
	for k, v := range keep {
		switch v := v.(type) {
		case string:
			prefs.SetString(k, v)
		case bool:
			prefs.SetBool(k, v)
		}
	}
	return true, nil
}

// keepCopy writes raw as the last good copy of the settings.
func keepCopy(root string, raw []byte) error {
	tmp, err := os.CreateTemp(root, preferencesCopy+".*")
	if err != nil {
		return fmt.Errorf("copying the settings: %w", err)
	}
	_, werr := tmp.Write(raw)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("copying the settings: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(root, preferencesCopy)); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("copying the settings: %w", err)
	}
	return nil
}
