#!/usr/bin/env bash
# The FFmpeg programs bundled in the bytedeco jar link against the PulseAudio client library, which a minimal
# Debian machine lacks: install it (once) so ffmpeg/ffprobe start. Used by the test and run commands.
set -euo pipefail

if ldconfig -p 2>/dev/null | grep -q 'libpulse\.so\.0'; then
  exit 0
fi
echo "Installing libpulse0 (needed by the bundled FFmpeg)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq </dev/null
apt-get install -y -qq libpulse0 </dev/null
