package safedoc

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"mailsafe/mailview/message"

	"golang.org/x/net/html"
)

// BenchmarkReadCorpus runs Read over every message of the development
// corpora (MAILSAFE_CORPORA, default ../../.eval/corpora; skipped without
// them), parsed before the timer starts: safedoc's share of issue 18 alone,
// with -benchmem its allocations. READ_MODE=parse measures the setup only,
// READ_MODE=tokenize the HTML tokenizer over the same bodies (the floor's
// HTML half), READ_MODE=facts ReadFacts (what scan reads); under callgrind (GODEBUG=asyncpreemptoff=1) the differences
// are instruction counts that a busy machine does not disturb.
func BenchmarkReadCorpus(b *testing.B) {
	dir := os.Getenv("MAILSAFE_CORPORA")
	if dir == "" {
		dir = filepath.Join("..", "..", ".eval", "corpora")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	deeper, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*"))
	files = append(files, deeper...)
	sort.Strings(files)
	var msgs []*message.Message
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		msgs = append(msgs, message.Parse(raw))
	}
	if len(msgs) == 0 {
		b.Skip("no corpora")
	}
	mode := os.Getenv("READ_MODE") // "parse": nothing more; "tokenize": the tokenizer over each HTML body; "facts": ReadFacts
	b.ResetTimer()
	for range b.N {
		for _, m := range msgs {
			switch mode {
			case "parse":
			case "facts":
				ReadFacts(m) // what scan reads
			case "tokenize":
				if m.HTML != "" {
					z := html.NewTokenizer(strings.NewReader(m.HTML))
					for z.Next() != html.ErrorToken {
					}
				}
			default:
				Read(m)
			}
		}
	}
}
