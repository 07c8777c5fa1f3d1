#!/usr/bin/env bash
# Compares the instructions Analyze and the baseline (MIME + HTML tokenizer)
# execute on the 1 MB newsletter, with callgrind: repeatable on a busy machine,
# where timings are not. Prints both counts per pass and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
bin=$(mktemp -d)/mailview.test
go test -c -o "$bin" ./mailview
count() {
  MAILSAFE_ICOUNT=$1 GOMAXPROCS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" -test.run '^TestICount$' 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
none=$(count none); base=$(count baseline); full=$(count analyze)
awk -v n="$none" -v b="$base" -v a="$full" 'BEGIN {
  bp = (b - n) / 3; ap = (a - n) / 3
  printf "baseline: %.1f M instructions per 1 MB mail\nanalyze:  %.1f M instructions per 1 MB mail\nratio:    %.2fx\n", bp/1e6, ap/1e6, ap/bp }'
