# mailsafe — the two set-up commands are `make demo` and `make test`.
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin
GO ?= go

# Debian packages: building Fyne needs cgo and the X11/OpenGL headers; the
# tests need a real X server, CJK fonts, Dovecot, D-Bus and a Secret Service.
BUILD_PKGS := gcc pkg-config libgl1-mesa-dev xorg-dev
TEST_PKGS  := xvfb xauth xdotool libgl1-mesa-dri imagemagick fonts-noto-cjk dovecot-imapd dbus gnome-keyring

.PHONY: all build build-cli demo test deps test-deps vet fmt-check fuzz bench bench-analyze bench-instructions eval clean

all: build

deps:
	@scripts/install-deps.sh $(BUILD_PKGS)
	@scripts/check-go.sh

test-deps:
	@scripts/install-deps.sh $(BUILD_PKGS) $(TEST_PKGS)
	@scripts/check-go.sh

build: deps
	$(GO) build -o bin/mailsafe .

# The command line alone (scan, learn, version) for servers and scripts: no
# Fyne, OpenGL or X11 linked (nogui.go), so it needs no X11 libraries to run
# and a scan starts in about 15 MB instead of 25 MB.
build-cli:
	@scripts/check-go.sh
	$(GO) build -tags nogui -o bin/mailsafe-cli .

demo: build
	@if [[ -z "$${DISPLAY:-}" && -z "$${WAYLAND_DISPLAY:-}" ]]; then \
	  echo "mailsafe: no display to open a window on (DISPLAY is not set)." >&2; \
	  echo "mailsafe: run make demo in a desktop session, or under a virtual one: xvfb-run make demo" >&2; \
	  exit 1; \
	fi
	./bin/mailsafe --demo

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [[ -n "$$out" ]]; then echo "gofmt would change: $$out" >&2; exit 1; fi

vet:
	$(GO) vet ./...
	$(GO) vet -tags nogui .
	cd quietlocale && $(GO) vet ./...

# Every test, including the real Xvfb window, Dovecot and the Secret Service.
# MAILSAFE_REAL_PARTS=1 turns a missing real part into a failure instead of a
# skip. The GUI and the IMAP worker, where goroutines meet, run again under
# the race detector. The pure layout tests (window and dialog geometry at
# 1024x700, which start no goroutines of their own) run in the first pass
# only: under the race detector each string Fyne measures costs ~20 ms,
# and they alone doubled the race pass. So do the window's budget tests
# (TestBudget*: hostile mails laid out, no goroutine of their own).
RACE_SKIP := FitsAt1024x700|TestEveryWindowAndDialogFits|TestLayout|TestBudget

test: test-deps fmt-check vet
	MAILSAFE_REAL_PARTS=1 MAILSAFE_SCREENSHOT_DIR=$(CURDIR)/test-output $(GO) test -count=1 -timeout 20m ./...
	MAILSAFE_REAL_PARTS=1 $(GO) test -race -count=1 -timeout 20m -skip '$(RACE_SKIP)' ./ui ./app

# Longer fuzzing of every parser (not part of make test; the seed corpora
# run there): each Fuzz target found in the tests runs for FUZZTIME, one
# after another, so a new target is fuzzed without being listed here.
# FUZZFLAGS passes more flags, e.g. FUZZFLAGS=-parallel=1 on a shared machine.
# Go 1.26's fuzz coordinator can end a run with a bare "context deadline
# exceeded" as -fuzztime expires under load, no input at fault
# (go.dev/issue/75804, fixed in Go 1.27): such a run, with no crasher
# written to testdata/fuzz, is reported and passed over; any other failure
# fails make fuzz, after every target has run.
FUZZTIME ?= 10m
FUZZFLAGS ?=
fuzz:
	@failed=""; flaked=""; \
	while IFS=: read -r file decl; do \
	  pkg=./$$(dirname "$${file#./}"); name=$${decl#func }; name=$${name%%(*}; \
	  crashers="$$pkg/testdata/fuzz/$$name"; before=$$(ls "$$crashers" 2>/dev/null | wc -l); \
	  echo "== $$pkg $$name ($(FUZZTIME))"; \
	  log=$$(mktemp); \
	  $(GO) test "$$pkg" -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $(FUZZFLAGS) </dev/null 2>&1 | tee "$$log"; \
	  if [[ $${PIPESTATUS[0]} -ne 0 ]]; then \
	    if [[ $$(ls "$$crashers" 2>/dev/null | wc -l) -eq $$before ]] && grep -q 'context deadline exceeded' "$$log"; then \
	      flaked="$$flaked $$pkg:$$name"; echo "(no crasher written: the fuzz coordinator's deadline race, not a failing input)"; \
	    else failed="$$failed $$pkg:$$name"; fi; \
	  fi; \
	  rm -f "$$log"; \
	done < <(git ls-files --cached --others --exclude-standard '*_test.go' | xargs grep -H '^func Fuzz' | sort); \
	if [[ -n "$$flaked" ]]; then echo "ended by the deadline race, no input found:$$flaked"; fi; \
	if [[ -n "$$failed" ]]; then echo "crashers written (see testdata/fuzz):$$failed" >&2; exit 1; fi

# The ratios of issue 18 from one run, as a table (scripts/bench.sh): every
# BenchmarkRatio* (subject and floor measured in the same benchmark; x-floor),
# and the first-page and envelope benchmarks. BENCHTIME=5x for longer runs.
bench:
	@BENCHTIME=$(BENCHTIME) scripts/bench.sh

BENCHTIME ?= 2x

# Timings of Analyze beside the baseline (MIME + HTML tokenizer), 8 runs each;
# compare medians with benchstat. bench-instructions counts instructions instead.
bench-analyze:
	$(GO) test ./mailview -run '^$$' -bench . -benchmem -count 8

bench-instructions:
	scripts/bench-instructions.sh

# How the warnings separate real phishing from real legitimate mail, on the
# development corpora in ../shared/corpora (unpacked into .eval/ the first time).
# Not part of make test: it measures, it asserts nothing.
eval: deps
	$(GO) run ./internal/corpuseval

clean:
	rm -rf bin
