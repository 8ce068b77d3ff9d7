# Shared by the two halves of P7 (generation-gateway/bench/p7/run.sh and chat-service/bench/p7-chat/run.sh): sourced,
# not run. Expects `root` (the repository), `py` is set here. Each function does one step both benches take the same
# way, so the two sides of the comparison are prepared identically in both.

py=/usr/bin/python3  # Debian's interpreter, where the peer's packages live

# wrk and the peer's Debian packages (the common ones plus any given), installed with apt when missing.
p7_tools() {
  local need=()
  command -v wrk >/dev/null || need+=(wrk)
  local pkg
  for pkg in python3-fastapi python3-uvicorn python3-sqlalchemy python3-asyncpg python3-jwt "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
  if [ ${#need[@]} -gt 0 ]; then
    say "installing ${need[*]}"
    apt-get install -y -q "${need[@]}" >/dev/null
  fi
}

# A scratch folder in $work; every pid added to $pids is stopped, and the folder removed, when the script exits.
p7_workspace() { # name prefix
  work="$(mktemp -d "/tmp/$1.XXXXXX")"
  pids=()
  trap p7_cleanup EXIT
}
p7_cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}

# The packaged service (unless build=false) and the class path of deploy/test-infra's broker in $kafka_cp.
p7_package() { # module
  if $build; then
    say "packaging $1 (./mvnw -o -B -q -pl $1 package -DskipTests)"
    ./mvnw -o -B -q -pl "$1" package -DskipTests
  fi
  [ -f "$1/target/quarkus-app/quarkus-run.jar" ] || { say "not packaged; run without --no-build"; exit 1; }
  ./mvnw -o -B -q -pl deploy/test-infra dependency:build-classpath -Dmdep.outputFile="$work/kafka.classpath" \
    -Dmdep.includeScope=runtime >/dev/null
  kafka_cp="$HOME/.m2/repository/io/clipizy/test-infra/0.1.0-SNAPSHOT/test-infra-0.1.0-SNAPSHOT.jar:$(cat "$work/kafka.classpath")"
}

# One RSA key pair for both sides: $public_key (base64 DER) and $issuer for the services, P7_TOKEN for wrk.
p7_keys_and_token() {
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/key.pem" 2>/dev/null
  openssl pkey -in "$work/key.pem" -pubout -out "$work/pub.pem"
  public_key="$(grep -v -- '-----' "$work/pub.pem" | tr -d '\n')"
  issuer="https://clipizy.bench/realms/clipizy"
  P7_TOKEN="$("$py" "$root/generation-gateway/bench/p7/make_token.py" "$work/key.pem" "$issuer" bench-user)"
  export P7_TOKEN
}

psql_() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q "$@"; }

# Fresh databases by name.
p7_fresh_databases() {
  local db
  for db in "$@"; do
    psql_ -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  done
}
