#!/usr/bin/env bash
# Makes sure the machine's PostgreSQL answers on 127.0.0.1:5432 for user postgres: starts the cluster when it is
# installed but stopped, installs it with apt when it is absent. Used by the test and run commands.
set -euo pipefail

PGHOST=${CLIPIZY_DB_HOST:-127.0.0.1}
PGPORT=${CLIPIZY_DB_PORT:-5432}
PGUSER=${CLIPIZY_DB_USER:-postgres}

answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER"
  else
    (exec 3<>"/dev/tcp/$PGHOST/$PGPORT") 2>/dev/null
  fi
}

latest_cluster_version() {
  ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1
}

if answers; then
  echo "PostgreSQL answers on $PGHOST:$PGPORT"
  exit 0
fi

if [ "$PGHOST" != "127.0.0.1" ] && [ "$PGHOST" != "localhost" ]; then
  echo "PostgreSQL at $PGHOST:$PGPORT does not answer, and it is not on this machine: start it there." >&2
  exit 1
fi

installed_now=false
if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(latest_cluster_version)" ]; then
  echo "PostgreSQL is not installed: installing it with apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq </dev/null
  apt-get install -y -qq postgresql </dev/null
  installed_now=true
fi

version=$(latest_cluster_version)
if [ "$installed_now" = true ]; then
  # A fresh Debian cluster asks for a password over TCP; the tests and the local stack use trust on loopback only.
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
fi
echo "Starting PostgreSQL $version"
pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main start
if [ "$installed_now" = true ]; then
  pg_ctlcluster --skip-systemctl-redirect "$version" main reload || true
fi

for _ in $(seq 1 60); do
  if answers; then
    echo "PostgreSQL answers on $PGHOST:$PGPORT"
    exit 0
  fi
  sleep 1
done
echo "PostgreSQL did not come up on $PGHOST:$PGPORT; see /var/log/postgresql/" >&2
exit 1
