#!/usr/bin/env bash
# Installs what the browser tests (test/browser/) need: Debian's chromium. playwright-core
# (a dev dependency) drives it; Playwright's own browser download is never used.
# Run as root, or with sudo: `npm run setup:browser`. .ci/run calls it.
set -euo pipefail
browser="${JWTLINT_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
  echo "browser tests: $browser is installed"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "browser tests: $browser is missing and apt-get is not here; install Chromium and set JWTLINT_CHROMIUM to its path" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
"$browser" --version
