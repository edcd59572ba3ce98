#!/usr/bin/env bash
# Installs what the release tests use when it is missing (Debian/Ubuntu, apt):
#   podman  builds the scratch image in test/release/container-image.test.ts (vfs storage, --network=none)
#   ruby    `ruby -c` and a DSL probe of the generated Homebrew formula (test/release/package-manifests.test.ts)
# About 30 packages and 20 s with --no-install-recommends. Never fails the CI run: without podman the container
# test is skipped with a message, without ruby the formula gets structural checks only.
set -uo pipefail

missing=()
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v ruby >/dev/null 2>&1 || missing+=(ruby)
[ "${#missing[@]}" -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-podman: no apt-get here; install ${missing[*]} by hand to run every release test" >&2
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else
    echo "install-podman: not root and no sudo; ${missing[*]} not installed" >&2
    exit 0
  fi
fi

echo "install-podman: installing ${missing[*]}"
$sudo apt-get update -qq >/dev/null 2>&1 || true
if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
  echo "install-podman: apt-get install ${missing[*]} failed; the tests that need them will be skipped" >&2
fi
exit 0
