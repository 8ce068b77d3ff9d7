#!/usr/bin/env bash
# Checks a service's image for real, without Docker: unpacks <service>/target/jib-image.tar (manifest, then every
# layer in order) into a folder and runs it the way a container runtime would, as root with chroot: the root file
# system read-only, /proc mounted, a fresh /tmp (the manifests' emptyDir), the image's user, environment and
# entrypoint. It runs `java -version`, `ffmpeg -version` and `ffprobe -version` (images with FFmpeg), then starts the
# service against the infrastructure on this machine (PostgreSQL on 127.0.0.1:5432, Kafka on 127.0.0.1:9092, Keycloak
# on localhost:8180, S3Proxy on 127.0.0.1:9000: `bash deploy/run.sh --no-build --infra-only`), waits for 200 on
# /q/health/ready and prints the image's size, the time to ready and the resident memory. The network is the host's.
#
# usage (as root):  deploy/images/verify-image.sh <service> [--no-start]
# Settings the service gets can be overridden from the environment (CLIPIZY_DB_HOST, KAFKA_BOOTSTRAP_SERVERS, ...);
# VERIFY_PORT (default 8080, the image's), VERIFY_TIMEOUT (seconds, default 180), VERIFY_HEALTH (default ready; live
# to check only that the service boots where its broker or identity provider is not at hand).
set -euo pipefail

service=${1:?usage: verify-image.sh <service> [--no-start]}
start=true
[ "${2:-}" = "--no-start" ] && start=false
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tar_file="$root_dir/$service/target/jib-image.tar"
[ -f "$tar_file" ] || { echo "no image: $tar_file (./mvnw -Pimages package -DskipTests -pl deploy/images,$service)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "verify-image.sh needs root (chroot, mount)" >&2; exit 1; }

work="$root_dir/deploy/images/target/verify/$service"
rootfs="$work/rootfs"
umount -R "$rootfs" 2>/dev/null || true
rm -rf "$work"
mkdir -p "$work/image" "$rootfs"
tar -xf "$tar_file" -C "$work/image"

# manifest.json names the config and the layers, base first: unpack them in that order.
mapfile -t layers < <(python3 -c 'import json,sys; [print(l) for l in json.load(open(sys.argv[1]))[0]["Layers"]]' "$work/image/manifest.json")
config=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["Config"])' "$work/image/manifest.json")
for layer in "${layers[@]}"; do
  tar -xzf "$work/image/$layer" -C "$rootfs" --same-owner --numeric-owner --warning=no-unknown-keyword
done

read_config() { python3 - "$work/image/$config" "$1" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
what = sys.argv[2]
cfg = c["config"]
if what == "env": print("\n".join(cfg.get("Env", [])))
elif what == "entrypoint": print("\n".join(cfg.get("Entrypoint", []) + (cfg.get("Cmd") or [])))
elif what == "user": print(cfg.get("User", "0"))
elif what == "layers":
    hist = [h for h in c.get("history", []) if not h.get("empty_layer")]
    for h in hist: print(h.get("comment", h.get("created_by", "?")))
PY
}
mapfile -t image_env < <(read_config env)
mapfile -t entrypoint < <(read_config entrypoint)
user=$(read_config user)
mapfile -t layer_names < <(read_config layers)

echo "== $service: $(du -h "$tar_file" | cut -f1) image tar, ${#layers[@]} layers, unpacked $(du -sh "$rootfs" | cut -f1)"
for i in "${!layers[@]}"; do
  printf '   layer %-24s %6s\n' "${layer_names[$i]:-?}" "$(du -h "$work/image/${layers[$i]}" | cut -f1)"
done
echo "   user $user, entrypoint ${entrypoint[*]}"

# The runtime's mounts: the root read-only, /proc (the loader resolves $ORIGIN through it), /dev, a fresh /tmp.
mkdir -p "$rootfs/proc" "$rootfs/dev" "$rootfs/tmp"
mount --bind "$rootfs" "$rootfs"
mount -o remount,bind,ro "$rootfs"
mount -t proc proc "$rootfs/proc"
mount --bind /dev "$rootfs/dev"
mount -t tmpfs -o size=512m,mode=1777 tmpfs "$rootfs/tmp"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; fi
  umount "$rootfs/tmp" "$rootfs/dev" "$rootfs/proc" "$rootfs" 2>/dev/null || umount -R "$rootfs" 2>/dev/null || true
}
trap cleanup EXIT

run_in_image() { env -i "${image_env[@]}" /usr/sbin/chroot --userspec="$user" "$rootfs" "$@"; }

echo "-- java -version"
run_in_image /opt/java/bin/java -version 2>&1 | sed 's/^/   /'
if [ -x "$rootfs/opt/ffmpeg/ffmpeg" ]; then
  echo "-- ffmpeg -version / ffprobe -version (from PATH)"
  run_in_image ffmpeg -hide_banner -version | head -1 | sed 's/^/   /'
  run_in_image ffprobe -hide_banner -version | head -1 | sed 's/^/   /'
  # a real encode: one second of test picture and tone to H.264/AAC in the read-only image's /tmp
  run_in_image ffmpeg -hide_banner -loglevel error -f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi \
    -i sine=frequency=440 -t 1 -c:v libx264 -c:a aac -y /tmp/probe.mp4
  echo "   encoded /tmp/probe.mp4: $(run_in_image ffprobe -v error -show_entries format=duration -of csv=p=0 /tmp/probe.mp4) s"
fi
$start || exit 0

declare -A databases=([chat-service]=clipizy_chat [workflow-service]=clipizy_workflow
  [generation-gateway]=clipizy_gateway [media-service]=clipizy_media [billing-service]=clipizy_billing
  [event-hub-service]=clipizy_eventhub)
port=${VERIFY_PORT:-8080}
service_env=(
  "QUARKUS_HTTP_PORT=$port"
  "CLIPIZY_DB_HOST=${CLIPIZY_DB_HOST:-127.0.0.1}" "CLIPIZY_DB_PORT=${CLIPIZY_DB_PORT:-5432}"
  "CLIPIZY_DB_USER=${CLIPIZY_DB_USER:-postgres}" "CLIPIZY_DB_PASSWORD=${CLIPIZY_DB_PASSWORD:-}"
  "CLIPIZY_DB_NAME=${CLIPIZY_DB_NAME:-${databases[$service]:-clipizy}}"
  "KAFKA_BOOTSTRAP_SERVERS=${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}"
  "QUARKUS_OIDC_AUTH_SERVER_URL=${QUARKUS_OIDC_AUTH_SERVER_URL:-http://localhost:8180/realms/clipizy}"
  "QUARKUS_OIDC_CLIENT_ID=${QUARKUS_OIDC_CLIENT_ID:-$service}"
  "QUARKUS_OIDC_CREDENTIALS_SECRET=${QUARKUS_OIDC_CREDENTIALS_SECRET:-$service-secret}"
  "QUARKUS_S3_ENDPOINT_OVERRIDE=${QUARKUS_S3_ENDPOINT_OVERRIDE:-http://127.0.0.1:9000}"
  "QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID=${QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID:-clipizy}"
  "QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY=${QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY:-clipizy-secret}"
)
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
  echo "port $port is taken on this machine; set VERIFY_PORT" >&2; exit 1
fi
log="$work/service.log"
echo "-- starting ${entrypoint[*]} as $user (log: $log)"
t0=$(date +%s%N)
env -i "${image_env[@]}" "${service_env[@]}" /usr/sbin/chroot --userspec="$user" "$rootfs" "${entrypoint[@]}" >"$log" 2>&1 &
pid=$!
deadline=$(( $(date +%s) + ${VERIFY_TIMEOUT:-180} ))
status=000
while [ "$(date +%s)" -lt "$deadline" ]; do
  kill -0 "$pid" 2>/dev/null || { echo "the service exited:" >&2; tail -30 "$log" >&2; exit 1; }
  status=$(curl -s -o "$work/ready.json" -w '%{http_code}' "http://127.0.0.1:$port/q/health/${VERIFY_HEALTH:-ready}" || true)
  [ "$status" = 200 ] && break
  sleep 0.2
done
t1=$(date +%s%N)
if [ "$status" != 200 ]; then
  echo "not ${VERIFY_HEALTH:-ready} after ${VERIFY_TIMEOUT:-180} s (last status $status):" >&2; cat "$work/ready.json" >&2 || true; tail -30 "$log" >&2; exit 1
fi
sleep 2
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
started=$(grep -oE 'started in [0-9.]+s' "$log" | head -1 || true)
echo "   ${VERIFY_HEALTH:-ready}: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["status"], ", ".join(c["name"] for c in d["checks"]))' "$work/ready.json")"
printf '   %s after %.2f s (Quarkus: %s), RSS %d MiB\n' "${VERIFY_HEALTH:-ready}" "$(echo "($t1 - $t0) / 1000000000" | bc -l)" "${started:-?}" "$((rss / 1024))"
echo "RESULT $service tar=$(stat -c %s "$tar_file") ${VERIFY_HEALTH:-ready}_s=$(echo "($t1 - $t0) / 1000000000" | bc -l | cut -c1-5) rss_kib=$rss"
