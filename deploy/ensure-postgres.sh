#!/usr/bin/env bash
# Makes sure the machine's PostgreSQL answers for user postgres on 127.0.0.1 (the test and run commands use it):
# starts the cluster when it is stopped, creates one when there is none, installs PostgreSQL with apt when absent.
# A server elsewhere (CLIPIZY_DB_HOST) is only checked, never managed.
set -euo pipefail

host="${CLIPIZY_DB_HOST:-127.0.0.1}"
port="${CLIPIZY_DB_PORT:-5432}"
say() { printf '%s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$host" -p "$port" -U "${CLIPIZY_DB_USER:-postgres}"
  else
    (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
  fi
}

if answers; then
  say "PostgreSQL answers on $host:$port"
  exit 0
fi
case "$host" in
  127.0.0.1|localhost|::1) ;;
  *) say "PostgreSQL at $host:$port does not answer, and it is not on this machine: start it there."; exit 1 ;;
esac

installed_now=false
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  say "PostgreSQL is not installed: installing it (apt-get install -y postgresql)"
  as_root apt-get update -qq </dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql </dev/null >/dev/null
  installed_now=true
fi

# The cluster on our port: "VERSION NAME PORT STATUS OWNER DATADIR LOGFILE".
cluster="$(pg_lsclusters -h | awk -v p="$port" '$3 == p { print; exit }')"
if [ -z "$cluster" ]; then
  version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  say "No PostgreSQL cluster on port $port: creating $version/main"
  as_root pg_createcluster --port="$port" "$version" main >/dev/null
  cluster="$(pg_lsclusters -h | awk -v p="$port" '$3 == p { print; exit }')"
  installed_now=true
fi
read -r version name _ status _ <<<"$cluster"

if $installed_now; then
  # A cluster made a moment ago holds nothing yet. Match the development machines this project is made for: the
  # services and the tests connect over loopback TCP as postgres without a password.
  hba="/etc/postgresql/$version/$name/pg_hba.conf"
  say "Allowing passwordless (trust) connections from loopback in $hba (fresh cluster, local development only)"
  as_root sed -i -E 's/^(host[[:space:]]+all[[:space:]]+all[[:space:]]+(127\.0\.0\.1\/32|::1\/128)[[:space:]]+)[a-z0-9-]+/\1trust/' "$hba"
  if [ "$status" = online ]; then
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$name" reload
  fi
fi
if [ "$status" != online ]; then
  say "Starting PostgreSQL $version/$name"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start
fi

for _ in $(seq 1 60); do
  if answers; then
    say "PostgreSQL answers on $host:$port"
    exit 0
  fi
  sleep 1
done
say "PostgreSQL did not come up on $host:$port; see /var/log/postgresql/"
exit 1
