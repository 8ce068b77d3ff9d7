#!/usr/bin/env bash
# Runs the whole Clipizy stack on this machine, in the foreground; Ctrl-C stops all of it.
#
#   deploy/run.sh [--no-build] [--infra-only] [--no-demo]
#
# For a Debian machine with OpenJDK 17 (root, or sudo rights for the PostgreSQL steps): makes sure PostgreSQL runs
# (installing it if absent), builds with the Maven wrapper (the `stack` profile also resolves the Keycloak
# distribution), then runs the launcher (io.clipizy.local.Stack). --no-build reuses the last build; every other
# argument goes to the launcher (see --help). Data, caches and logs: .clipizy/ at the repository root; a second run
# reuses what the first unpacked, extracted and formatted there.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

build=true
infra_only=false
launcher_args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    --infra-only) infra_only=true; launcher_args+=("$arg") ;;
    *) launcher_args+=("$arg") ;;
  esac
done

say() { printf '%s\n' "$*" >&2; }

bash deploy/ensure-postgres.sh
bash deploy/ensure-system-libraries.sh

if $build; then
  if $infra_only; then
    # the launcher and what it needs; the services need not even compile for the infrastructure to run
    say "Building the launcher: ./mvnw -B -q -DskipTests -Pstack install -pl deploy/local -am"
    ./mvnw -B -q -DskipTests -Pstack install -pl deploy/local -am
  else
    say "Building: ./mvnw -B -q -DskipTests -Pstack install"
    ./mvnw -B -q -DskipTests -Pstack install
  fi
fi

classpath_file="deploy/local/target/launcher.classpath"
if [ ! -f "$classpath_file" ] || [ ! -d deploy/local/target/classes ]; then
  say "The launcher is not built ($classpath_file missing); run without --no-build."
  exit 1
fi

java="java"
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java="$JAVA_HOME/bin/java"
fi
# exec: the launcher becomes this process, so Ctrl-C and kill reach it directly and it stops everything in order
exec "$java" -Xmx256m -XX:+UseSerialGC -cp "deploy/local/target/classes:$(cat "$classpath_file")" \
  io.clipizy.local.Stack "${launcher_args[@]}"
