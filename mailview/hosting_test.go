package mailview

import (
	"os"
	"path/filepath"
	"testing"

	"mailsafe/mailview/check"
)

// Mail that borrows a service's name anyone can use, and legitimate mail
// that uses such a service once: one medium signal leaves a message safe,
// two together warn.
func TestHostedServicesVerdict(t *testing.T) {
	ctx := senderContext(t)
	for _, c := range []struct {
		file  string
		level check.Level
	}{
		{"hosted-firebase.eml", check.LevelCaution},       // From and a link under shared platforms
		{"unsigned-bulk.eml", check.LevelCaution},         // three weak signals together
		{"image-only-poster.eml", check.LevelCaution},     // a picture on an image host is the whole message
		{"image-only-flyer-genuine.eml", check.LevelSafe}, // a colleague's flyer carried in the message
		{"obfuscated-name.eml", check.LevelCaution},       // look-alike letters in the name, invisible ones in the subject
		{"obfuscated-styled.eml", check.LevelCaution},     // a subject in mathematical bold letters
		{"brand-defi-spoof.eml", check.LevelDanger},       // a DeFi project's name from elsewhere, linking elsewhere
		{"forward-inline-spoof.eml", check.LevelDanger},   // a colleague forwards a PayPal spoof (Gmail's quoted header)
		{"forward-inline-ja.eml", check.LevelDanger},      // 転送 of a card-company spoof (Outlook's Japanese header)
		{"forward-inline-genuine.eml", check.LevelSafe},   // FW of Amazon's own shipping mail
		{"lure-freemail.eml", check.LevelCaution},         // a prize notice from a Gmail address
		{"lure-freemail-friend.eml", check.LevelSafe},     // a friend's reply on Gmail quoting a lure
		{"hosted-storage-mailbox.eml", check.LevelDanger}, // a bucket link, an image host, a foreign domain in the name, the address as subject
		{"hosted-firebase-genuine.eml", check.LevelSafe},  // a Firebase app's own password reset
		{"hosted-survey-genuine.eml", check.LevelSafe},    // a colleague's survey on a form builder
		{"lure-genuine-notice.eml", check.LevelSafe},      // a bank's own sign-in notice: a lure's words alone
	} {
		raw, err := os.ReadFile(filepath.Join("testdata", "sender", c.file))
		if err != nil {
			t.Fatal(err)
		}
		if v := Analyze(raw, ctx).Verdict; v.Level != c.level {
			t.Errorf("%s: verdict %s %v, want %s", c.file, v.Level, v.Reasons, c.level)
		}
	}
}
