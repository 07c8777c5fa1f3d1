#!/usr/bin/env bash
# make bench: the issue-18 ratios from one run. Every benchmark named
# BenchmarkRatio* measures its subject and its floor in the same function
# and reports x-floor (and more); the first-page and envelope benchmarks
# report their times. They are found by name, in every package, so a new
# one is run without being listed here. Prints the raw output, then a table.
#   BENCHTIME  how long each runs (go test -benchtime), default 2x
#   BENCH      the name pattern, default 'Ratio|FirstPage|Envelope'
set -euo pipefail
cd "$(dirname "$0")/.."
# The file-scan ratio reads the development corpora when they are
# unpacked (make eval unpacks them into .eval/); else it uses test mail.
archive=../shared/corpora/dev-corpora.tar.xz
if [[ ! -d .eval/corpora && -f $archive ]]; then
  echo "bench: unpacking $archive …" >&2
  mkdir -p .eval && tar -xJf "$archive" -C .eval
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
go test -run '^$' -bench "${BENCH:-Ratio|FirstPage|Envelope}" -benchtime "${BENCHTIME:-2x}" -timeout 60m ./... 2>&1 |
  grep -v -e '^20[0-9][0-9]/[0-9][0-9]/[0-9][0-9] ' | tee "$out" || status=$?
[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
echo
echo "== make bench: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
awk '
  /^pkg: / { pkg = $2; sub(/^mailsafe\/?/, "", pkg); if (pkg == "") pkg = "." }
  /^Benchmark/ && NF >= 4 {
    name = $1; sub(/-[0-9]+$/, "", name)
    line = sprintf("%-10s %-36s", pkg, name)
    for (i = 3; i < NF; i += 2) if ($(i+1) != "ns/op" || $i != 0) line = line sprintf("  %s %s", $i, $(i+1))
    print line
  }
  /^--- FAIL/ { print "FAILED: " $3 }' "$out"
exit $status
