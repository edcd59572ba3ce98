#!/usr/bin/env bash
# Installs Debian's chromium for the dashboard's browser test (test/e2e/), unless a chromium is already on PATH.
# playwright-core drives it through executablePath, so no browser is downloaded from anywhere else.
set -uo pipefail
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing and apt-get is not available; the browser test will be skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq chromium fonts-dejavu-core >/dev/null 2>&1 || { echo "could not install chromium" >&2; exit 1; }
command -v chromium
