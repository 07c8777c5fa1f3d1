#!/usr/bin/env bash
# Checks that a Go toolchain new enough for go.mod is on the PATH.
set -euo pipefail
need=$(awk '/^go /{print $2; exit}' go.mod)
if ! command -v go >/dev/null 2>&1; then
  echo "mailsafe: Go $need or newer is needed and 'go' is not on the PATH (looked in \$PATH and /usr/local/go/bin)." >&2
  echo "mailsafe: install Go, then run make again. Debian's golang-go package is older than $need." >&2
  exit 1
fi
have=$(go env GOVERSION | sed 's/^go//')
if [[ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -n1)" != "$need" ]]; then
  echo "mailsafe: Go $have is on the PATH; go.mod needs $need or newer (go fetches it itself when GOTOOLCHAIN=auto can reach the module proxy)." >&2
fi
