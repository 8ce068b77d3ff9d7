#!/usr/bin/env bash
# Assembles the file trees the service images are made of (Jib adds them as extra directories, see the root pom's
# `images` profile), from what a Debian machine with OpenJDK 17 already has: no base image is pulled.
#
#   OUT/base    the runtime every image has: a jlink'd JRE in /opt/java (only the modules the services use), the
#               shared libraries it links against (found with ldd, copied from this machine: glibc, libz, libstdc++,
#               the imaging libraries java.desktop's natives use...), the dynamic loader, CA certificates, and
#               /etc/passwd + /etc/group with the non-root user 185 the Kubernetes manifests run as.
#   OUT/ffmpeg  FFmpeg and FFprobe from the bytedeco jar (the same build the local stack and tests use) in
#               /opt/ffmpeg, the system libraries they need beyond OUT/base, and the DejaVu fonts for captions.
#   OUT/none    empty: the "tools" tree of the images that run no FFmpeg.
#
# usage: assemble-runtime.sh OUT FFMPEG_JAR MODULES
set -euo pipefail

OUT=${1:?output folder}
FFMPEG_JAR=${2:?bytedeco ffmpeg linux-x86_64-gpl jar}
MODULES=${3:?comma-separated JDK modules}
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}

for tool in "$JAVA_HOME/bin/jlink" ldd unzip; do
  command -v "$tool" >/dev/null || { echo "assemble-runtime: $tool not found" >&2; exit 1; }
done

rm -rf "$OUT"
mkdir -p "$OUT/base" "$OUT/ffmpeg" "$OUT/none"
BASE=$OUT/base
TOOLS=$OUT/ffmpeg

# --- the JRE -------------------------------------------------------------------------------------------------------
"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --output "$BASE/opt/java" \
  --strip-debug --no-man-pages --no-header-files --compress=2
# Debian's JDK links lib/security/cacerts to /etc/ssl/certs/java/cacerts: put the real file in the image's JRE.
cacerts=$(readlink -f "$JAVA_HOME/lib/security/cacerts")
rm -f "$BASE/opt/java/lib/security/cacerts"
cp "$cacerts" "$BASE/opt/java/lib/security/cacerts"
# Class data sharing for the jlink'd modules: faster start of every service.
"$BASE/opt/java/bin/java" -Xshare:dump -XX:SharedArchiveFile="$BASE/opt/java/lib/server/classes.jsa" >/dev/null 2>&1 \
  || rm -f "$BASE/opt/java/lib/server/classes.jsa"

# --- shared libraries ----------------------------------------------------------------------------------------------
# copy_libs ROOT INTO FILES...: copies every library the ELF FILES need, as ldd resolves them on this machine, into
# ROOT: at the same path when INTO is empty, else flat into the folder INTO; skips those already in SKIP.
SKIP=""
copy_libs() {
  local root=$1 into=$2; shift 2
  local lib target
  for lib in $(LD_LIBRARY_PATH="${EXTRA_LD_PATH:-}" ldd "$@" 2>/dev/null \
      | awk '/=> \// {print $3} /^\t\/[^ ]+ \(/ {print $1}' | sort -u); do
    case "$lib" in "$OUT"/*) continue ;; esac
    if [ -n "$SKIP" ] && [ -e "$SKIP$lib" ]; then continue; fi
    target=${into:+$into/$(basename "$lib")}
    target=$root${target:-$lib}
    mkdir -p "$(dirname "$target")"
    cp -L "$lib" "$target"
  done
}
missing() {
  LD_LIBRARY_PATH="${EXTRA_LD_PATH:-}" ldd "$@" 2>/dev/null | grep 'not found' || true
}
elf_files() {
  find "$1" -type f \( -name '*.so' -o -name '*.so.*' -o -perm -u+x \) -exec sh -c \
    'for f; do head -c4 "$f" | grep -q "ELF" && echo "$f"; done' sh {} +
}
mapfile -t jre_elves < <(elf_files "$BASE/opt/java")
EXTRA_LD_PATH="$BASE/opt/java/lib:$BASE/opt/java/lib/server"
gone=$(missing "${jre_elves[@]}")
[ -z "$gone" ] || { echo "assemble-runtime: the JRE needs libraries this machine lacks:$gone" >&2; exit 1; }
copy_libs "$BASE" "" "${jre_elves[@]}"
# glibc loads these by name at run time (user and host lookups, iconv is not needed by the JVM).
for name in libnss_files.so.2 libnss_dns.so.2 libresolv.so.2; do
  lib=$(ldconfig -p | awk -v n="$name" '$1 == n && /x86-64/ {print $NF; exit}')
  if [ -n "$lib" ]; then mkdir -p "$BASE$(dirname "$lib")"; cp -L "$lib" "$BASE$lib"; fi
done
# The loader at the path every x86-64 ELF names as its interpreter.
mkdir -p "$BASE/lib64"
cp -L /lib64/ld-linux-x86-64.so.2 "$BASE/lib64/ld-linux-x86-64.so.2"

# --- /etc ----------------------------------------------------------------------------------------------------------
mkdir -p "$BASE/etc/ssl/certs" "$BASE/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nclipizy:x:185:185:clipizy:/tmp:/sbin/nologin\n' >"$BASE/etc/passwd"
printf 'root:x:0:\nclipizy:x:185:\n' >"$BASE/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$BASE/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$BASE/etc/hosts"
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  cp -L /etc/ssl/certs/ca-certificates.crt "$BASE/etc/ssl/certs/ca-certificates.crt"
fi

# --- FFmpeg --------------------------------------------------------------------------------------------------------
# The programs have RUNPATH $ORIGIN/: their own libav* libraries sit next to them (the JNI wrappers are left out).
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
unzip -q -o "$FFMPEG_JAR" 'org/bytedeco/ffmpeg/linux-x86_64-gpl/*' -d "$staging"
mkdir -p "$TOOLS/opt/ffmpeg"
for f in "$staging"/org/bytedeco/ffmpeg/linux-x86_64-gpl/*; do
  case "$(basename "$f")" in libjni*) continue ;; esac
  cp "$f" "$TOOLS/opt/ffmpeg/"
done
chmod 755 "$TOOLS"/opt/ffmpeg/*
EXTRA_LD_PATH="$TOOLS/opt/ffmpeg"
gone=$(missing "$TOOLS/opt/ffmpeg/ffmpeg" "$TOOLS/opt/ffmpeg/ffprobe")
[ -z "$gone" ] || { echo "assemble-runtime: FFmpeg needs libraries this machine lacks (bash deploy/ensure-system-libraries.sh installs them):$gone" >&2; exit 1; }
# The system libraries FFmpeg needs beyond the base go to /opt/ffmpeg/lib (not /lib): the images without FFmpeg then
# share the base's layers byte for byte.
SKIP=$BASE
copy_libs "$TOOLS" /opt/ffmpeg/lib "$TOOLS/opt/ffmpeg/ffmpeg" "$TOOLS/opt/ffmpeg/ffprobe"
# libav* carry no RUNPATH, so the libraries they need from /opt/ffmpeg (libva, libdrm) and /opt/ffmpeg/lib are found
# through the loader's cache: /etc/ld.so.cache for this tree, written by this machine's ldconfig (same glibc as the
# copied loader; libraries not in the cache are still looked up in /lib/x86_64-linux-gnu).
mkdir -p "$TOOLS/etc"
printf '/opt/ffmpeg\n/opt/ffmpeg/lib\n' >"$TOOLS/etc/ld.so.conf"
ldconfig -X -r "$TOOLS"
# Captions (drawtext) need a font file; the gateway looks in /usr/share/fonts.
for font in DejaVuSans.ttf DejaVuSans-Bold.ttf; do
  src=$(find /usr/share/fonts -name "$font" -print -quit 2>/dev/null || true)
  if [ -n "$src" ]; then mkdir -p "$TOOLS/usr/share/fonts/truetype/dejavu"; cp -L "$src" "$TOOLS/usr/share/fonts/truetype/dejavu/"; fi
done

du -sh "$BASE" "$TOOLS" | sed 's/^/assemble-runtime: /'
