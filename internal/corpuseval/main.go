// Command corpuseval is `make eval`: it analyses the development corpora of
// real mail (../shared/corpora, see its README) and prints how the warnings
// separate phishing from legitimate mail. It is evaluation, not a test: the
// corpora are not in this repository, and no figure here is asserted.
//
//	go run ./internal/corpuseval [-archive FILE] [-corpora DIR] [-top N]
//
// DIR holds the unpacked corpora (phishing_pot/, spamassassin/easy-ham-1/,
// spamassassin/spam-1/); when it does not exist yet, FILE is unpacked there
// first (.eval/ is ignored by git: the mail stays out of the repository).
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"mailsafe/app"
	"mailsafe/mailview"
	"mailsafe/mailview/check"
)

// corpus is one folder of mail with what its mail is.
type corpus struct {
	name, dir, label string
}

var corpora = []corpus{
	{"phishing_pot", "phishing_pot", "phishing"},
	{"easy-ham-1", "spamassassin/easy-ham-1", "legitimate"},
	{"spam-1", "spamassassin/spam-1", "spam"},
}

// result is what one message came to.
type result struct {
	level    check.Level
	warnings []check.ID // sender, link and attachment findings of warn or danger severity
	all      []string   // every finding as id:severity, for -list
}

func main() {
	archive := flag.String("archive", filepath.Join("..", "shared", "corpora", "dev-corpora.tar.xz"), "the corpora archive")
	dir := flag.String("corpora", filepath.Join(".eval", "corpora"), "where the corpora are unpacked")
	top := flag.Int("top", 8, "how many finding ids to list per corpus")
	list := flag.String("list", "", "also write every message's verdict and findings to this file (tab-separated), to study misses by kind")
	flag.Parse()
	var listing *os.File
	if *list != "" {
		f, err := os.Create(*list)
		if err != nil {
			fmt.Fprintln(os.Stderr, "eval:", err)
			os.Exit(1)
		}
		listing = f
	}
	if err := unpack(*archive, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "eval:", err)
		os.Exit(1)
	}
	fmt.Printf("%-14s %-11s %6s %8s %8s   %s\n", "corpus", "label", "mails", "warned", "danger", "most common warnings (count)")
	for _, c := range corpora {
		files, _ := filepath.Glob(filepath.Join(*dir, c.dir, "*"))
		sort.Strings(files)
		results := analyse(files)
		var warned, danger int
		ids := map[check.ID]int{}
		for i, r := range results {
			if listing != nil {
				if _, err := fmt.Fprintf(listing, "%s\t%s\t%s\t%s\n", c.name, files[i], r.level, joinIDs(r.all)); err != nil {
					fmt.Fprintln(os.Stderr, "eval: writing", *list+":", err)
					os.Exit(1)
				}
			}
			if r.level != check.LevelSafe {
				warned++
			}
			if r.level == check.LevelDanger {
				danger++
			}
			for _, id := range r.warnings {
				ids[id]++
			}
		}
		n := max(len(results), 1)
		fmt.Printf("%-14s %-11s %6d %7.1f%% %7.2f%%   %s\n", c.name, c.label, len(results),
			100*float64(warned)/float64(n), 100*float64(danger)/float64(n), topIDs(ids, *top))
	}
	if listing != nil {
		if err := listing.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "eval: writing", *list+":", err)
			os.Exit(1)
		}
	}
	fmt.Println("\nwarned: the message's verdict is caution or danger; danger: the verdict is danger.")
	fmt.Println("Goals (issue 13): phishing >= 80% warned; legitimate <= 5% warned and <= 0.5% danger.")
}

// unpack makes sure dir holds the corpora, unpacking archive there.
func unpack(archive, dir string) error {
	if _, err := os.Stat(filepath.Join(dir, "phishing_pot")); err == nil {
		return nil
	}
	if _, err := os.Stat(archive); err != nil {
		return fmt.Errorf("no corpora at %s and no archive %s to unpack (see ../shared/corpora/README.md)", dir, archive)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".unpacking-")
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "eval: unpacking %s …\n", archive)
	if out, err := exec.Command("tar", "-xJf", archive, "-C", tmp).CombinedOutput(); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("unpacking %s: %v: %s", archive, err, out)
	}
	return os.Rename(filepath.Join(tmp, "corpora"), dir)
}

// analyse runs the analysis on every file, on every core.
func analyse(files []string) []result {
	out := make([]result, len(files))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				raw, err := os.ReadFile(files[i])
				if err != nil {
					fmt.Fprintln(os.Stderr, "eval:", err)
					continue
				}
				v := mailview.Analyze(raw, app.NewReader(app.ReaderConfig{}))
				r := result{level: v.Verdict.Level}
				for _, f := range v.Findings {
					r.all = append(r.all, string(f.ID)+":"+string(f.Severity))
					if f.Category != check.CategoryTracking && f.Severity != check.SeverityInfo {
						r.warnings = append(r.warnings, f.ID)
					}
				}
				out[i] = r
			}
		}()
	}
	for i := range files {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return out
}

func joinIDs(ids []string) string {
	if len(ids) == 0 {
		return "-"
	}
	return strings.Join(ids, " ")
}

func topIDs(ids map[check.ID]int, n int) string {
	type kv struct {
		id check.ID
		n  int
	}
	var list []kv
	for id, c := range ids {
		list = append(list, kv{id, c})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].n > list[j].n || list[i].n == list[j].n && list[i].id < list[j].id })
	var parts []string
	for i, e := range list {
		if i == n {
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%d)", e.id, e.n))
	}
	return strings.Join(parts, ", ")
}
