#!/usr/bin/env bash
# What the tests need from the system, installed once with apt when missing:
# - libpulse0: the FFmpeg programs bundled in the bytedeco jar link against the PulseAudio client library, which a
#   minimal Debian machine lacks;
# - chromium: the browser the web client's end-to-end tests drive with Playwright (Playwright never downloads one).
# Used by the test and run commands.
set -euo pipefail

missing=()
if ! ldconfig -p 2>/dev/null | grep -q 'libpulse\.so\.0'; then
  missing+=(libpulse0)
fi
if [[ ! -x "${CLIPIZY_CHROMIUM:-/usr/bin/chromium}" ]]; then
  missing+=(chromium)
fi
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
echo "Installing ${missing[*]} (needed by the bundled FFmpeg and the browser tests)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq </dev/null
apt-get install -y -qq "${missing[@]}" </dev/null
