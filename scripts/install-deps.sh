#!/usr/bin/env bash
# Installs the Debian packages named as arguments that are not installed yet.
# apt-get update runs once, and only when something is missing.
set -euo pipefail

missing=()
for pkg in "$@"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "mailsafe: these packages are missing and this is not a Debian-like system: ${missing[*]}" >&2
  echo "mailsafe: install them with your package manager, then run make again." >&2
  exit 1
fi
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "mailsafe: installing ${missing[*]} needs root; run as root or install sudo." >&2
    exit 1
  fi
fi
echo "mailsafe: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
