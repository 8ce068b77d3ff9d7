#!/usr/bin/env bash
# P7 (PERFORMANCE.md): task submission throughput and p99 — our gateway's POST /api/tasks against the original stack's
# shape (FastAPI + uvicorn + SQLAlchemy/asyncpg) doing the same work, same machine, same run, with wrk on loopback.
#
#   flock /tmp/clipizy-build.lock bash generation-gateway/bench/p7/run.sh [--no-build] [--duration 20] [--connections 64] [--jfr] [--executor]
#
# Both sides: an RS256 bearer token verified against the same public key (issuer, expiry, role `user`), the same body
# validation, and in one transaction the task row + its QUEUED event in the outbox, read back and answered 201.
# Ours runs as the packaged app (its own JVM, production settings) against local PostgreSQL, with its outbox relay
# publishing to a real single-node Kafka started here (deploy/test-infra's broker). Per-user rate limits are turned
# OFF for the run (clipizy.rate-limit.enabled=false): one user at thousands of requests a second is what they exist to
# stop. The task executor is OFF too (clipizy.tasks.max-concurrent=0, unless --executor): it would claim the submitted
# tasks and try to run them (a claim transaction, a call to billing-service, which the bench does not run, a failure transaction and two more
# events per task) — work the peer does not do, and not part of submitting. The peer runs uvicorn with one worker per core. Each side gets a warm-up run, then the measured run.
# Prints `name, ours, peer, ratio, unit` and writes them under generation-gateway/bench/results/. --jfr records ours
# with Java Flight Recorder and adds where its CPU samples went (a profiling run: its figures are not comparable).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
here="$root/generation-gateway/bench/p7"
results="$root/generation-gateway/bench/results"
cd "$root"
# shellcheck source=common.sh
source "$root/generation-gateway/bench/p7/common.sh"

build=true
duration=20
warmup=10
connections=64
threads=2
jfr=false
executor=0
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=false ;;
    --duration) duration="$2"; shift ;;
    --connections) connections="$2"; shift ;;
    --jfr) jfr=true ;;
    --executor) executor=8 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

say() { printf '[p7] %s\n' "$*" >&2; }

# --- tools, scratch folder, build, keys (generation-gateway/bench/p7/common.sh) ---
p7_tools
p7_workspace clipizy-p7
p7_package generation-gateway
p7_keys_and_token

# --- databases: fresh for both; the peer gets the same task and outbox tables ---
p7_fresh_databases clipizy_gateway_p7 clipizy_peer_p7
psql_ -d clipizy_peer_p7 -f "$root/shared-contracts/service-kit/src/main/resources/db/kit/V0_9__outbox_and_inbox.sql"
psql_ -d clipizy_peer_p7 -f "$root/generation-gateway/src/main/resources/db/migration/V1__tasks.sql"

# --- Kafka ---
say "starting Kafka"
java -Xmx512m -XX:+UseSerialGC -cp "$kafka_cp" "$here/BenchKafka.java" >"$work/kafka.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do grep -q '^BOOTSTRAP=' "$work/kafka.log" && break; sleep 0.5; done
bootstrap="$(grep '^BOOTSTRAP=' "$work/kafka.log" | cut -d= -f2)"
[ -n "$bootstrap" ] || { cat "$work/kafka.log" >&2; say "Kafka did not start"; exit 1; }

# --- ours ---
say "starting the gateway (packaged, port 18083)"
jfr_flags=()
$jfr && jfr_flags=(-XX:StartFlightRecording=filename="$work/ours.jfr",settings=profile,dumponexit=true)
java -Xmx512m "${jfr_flags[@]}" -Dquarkus.profile=bench -Dquarkus.http.port=18083 -Dclipizy.db.name=clipizy_gateway_p7 \
  -Dquarkus.oidc.public-key="$public_key" -Dquarkus.oidc.token.issuer="$issuer" -Dquarkus.oidc.discovery-enabled=false \
  -Dkafka.bootstrap.servers="$bootstrap" -Dclipizy.rate-limit.enabled=false -Dclipizy.tasks.max-concurrent=$executor \
  -Dquarkus.log.level=WARN -jar generation-gateway/target/quarkus-app/quarkus-run.jar >"$work/gateway.log" 2>&1 &
gateway_pid=$!
pids+=($gateway_pid)
# --- peer ---
say "starting the peer (uvicorn, 2 workers, port 18093)"
P7_PEER_DSN="postgresql+asyncpg://postgres@127.0.0.1:5432/clipizy_peer_p7" P7_PEER_POOL=8 \
  P7_PUBLIC_KEY_PEM="$work/pub.pem" P7_ISSUER="$issuer" \
  "$py" -m uvicorn --app-dir "$here/peer" app:app --host 127.0.0.1 --port 18093 --workers "$(nproc)" \
  --log-level warning --no-access-log >"$work/peer.log" 2>&1 &
peer_pid=$!
pids+=($peer_pid)

wait_up() {
  for _ in $(seq 1 120); do
    code="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $P7_TOKEN" \
      -H 'Content-Type: application/json' -d '{"kind":"image_generation","params":{"prompt":"up?"}}' "$1" || true)"
    [ "$code" = "201" ] && return 0
    sleep 0.5
  done
  say "$1 did not come up (last answer $code)"; cat "$work"/*.log >&2; exit 1
}
wait_up http://127.0.0.1:18083/api/tasks
wait_up http://127.0.0.1:18093/api/tasks
jwt_mode="$("$py" -c 'import jwt; print("PyJWT " + jwt.__version__)' 2>/dev/null || echo "no PyJWT: token not verified")"

# both reject a bad token and bad input the same way before anything is measured
for url in http://127.0.0.1:18083/api/tasks http://127.0.0.1:18093/api/tasks; do
  c1="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Authorization: Bearer x.y.z' -H 'Content-Type: application/json' -d '{"kind":"image_generation"}' "$url")"
  c2="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $P7_TOKEN" -H 'Content-Type: application/json' -d '{"kind":"painting"}' "$url")"
  [ "$c1" = 401 ] && [ "$c2" = 400 ] || { say "$url answered $c1/$c2 to a bad token/body, expected 401/400"; exit 1; }
done

run_wrk() { # url seconds -> wrk output
  wrk -t"$threads" -c"$connections" -d"$2s" --latency -s "$here/post.lua" "$1"
}
rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
p99() { # wrk prints 99% as e.g. 12.34ms, 1.20s or 850.00us; answer milliseconds
  awk '$1 == "99%" { v=$2; if (v ~ /us$/) { sub(/us$/, "", v); print v/1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v } else if (v ~ /s$/) { sub(/s$/, "", v); print v*1000 } }' "$1"
}
errors() { awk '/Non-2xx or 3xx responses:/ {print $5} /Socket errors:/ {print "socket: " $0}' "$1"; }

# CPU time (clock ticks) of a set of processes, to show where each side's run spent the two cores
ticks() { local total=0 t; for pid in "$@"; do t="$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)"; total=$((total + t)); done; echo "$total"; }
server_pids() { # side -> the server's processes (the gateway JVM, or uvicorn's master and workers)
  if [ "$1" = ours ]; then echo "$gateway_pid"; else echo "$peer_pid $(pgrep -P "$peer_pid" | tr '\n' ' ')"; fi
}
postgres_pids() { pgrep -x postgres | tr '\n' ' '; }
hz="$(getconf CLK_TCK)"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
declare -A cpu
for side in ours peer; do
  url=http://127.0.0.1:18083/api/tasks; [ "$side" = peer ] && url=http://127.0.0.1:18093/api/tasks
  say "$side: warm-up ${warmup}s"
  run_wrk "$url" "$warmup" >"$work/$side-warmup.txt"
  sleep 2
  say "$side: measured ${duration}s, $connections connections, $threads wrk threads"
  s0="$(ticks $(server_pids "$side"))"; d0="$(ticks $(postgres_pids))"; t0="$(date +%s.%N)"
  run_wrk "$url" "$duration" >"$work/$side.txt"
  s1="$(ticks $(server_pids "$side"))"; d1="$(ticks $(postgres_pids))"; t1="$(date +%s.%N)"
  if $jfr && [ "$side" = ours ]; then
    jcmd "$gateway_pid" JFR.dump filename="$work/ours.jfr" >/dev/null
    jfr print --events jdk.ExecutionSample --stack-depth 64 "$work/ours.jfr" >"$work/samples.txt"
    "$py" "$here/jfr_top.py" "$work/samples.txt" >"$work/profile.txt"
  fi
  cpu[$side]="$(awk -v s=$((s1 - s0)) -v d=$((d1 - d0)) -v hz="$hz" -v t0="$t0" -v t1="$t1" \
    'BEGIN { w = t1 - t0; printf "server %.0f%%, PostgreSQL %.0f%% of one core", 100 * s / hz / w, 100 * d / hz / w }')"
  if [ "$side" = ours ]; then
    # events the relay had not yet published when the measured run ended: it finishes them before the peer starts,
    # so that work is not done on the peer's time (and the figure shows whether the relay kept up)
    backlog="$(psql_ -d clipizy_gateway_p7 -t -A -c 'SELECT count(*) FROM outbox')"
    q0="$(date +%s.%N)"
    for _ in $(seq 1 600); do
      [ "$(psql_ -d clipizy_gateway_p7 -t -A -c 'SELECT count(*) FROM outbox')" = 0 ] && break
      sleep 0.2
    done
    drained="$(awk -v a="$q0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
  fi
  sleep 2
done

ours_rows="$(psql_ -d clipizy_gateway_p7 -t -A -c 'SELECT count(*) FROM task')"
peer_rows="$(psql_ -d clipizy_peer_p7 -t -A -c 'SELECT count(*) FROM task')"
relayed="$(psql_ -d clipizy_gateway_p7 -t -A -c 'SELECT count(*) FROM outbox')"

o_rps="$(rps "$work/ours.txt")"; p_rps="$(rps "$work/peer.txt")"
o_p99="$(p99 "$work/ours.txt")"; p_p99="$(p99 "$work/peer.txt")"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results"
out="$results/p7-$stamp.txt"
$jfr && out="$results/p7-$stamp-profiled.txt"
{
  echo "# P7 task submission, $stamp, $(nproc) vCPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "# wrk -t$threads -c$connections -d${duration}s after a ${warmup}s warm-up each; peer JWT check: $jwt_mode; ours' task executor: $([ "$executor" = 0 ] && echo off || echo "on ($executor slots)")"
  echo "# load average before the runs: $load_start (2 vCPU shared with other work), after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# rows inserted: ours $ours_rows, peer $peer_rows; ours' outbox rows not yet relayed at the end: $relayed"
  echo "name, ours, peer, ratio, unit"
  awk -v o="$o_rps" -v p="$p_rps" 'BEGIN { printf "p7_task_submit_throughput, %.0f, %.0f, %.2f, requests/s\n", o, p, o/p }'
  awk -v o="$o_p99" -v p="$p_p99" 'BEGIN { printf "p7_task_submit_p99, %.2f, %.2f, %.2f, ms (ratio ours/peer: lower is better)\n", o, p, o/p }'
  echo "# CPU during the measured runs: ours ${cpu[ours]}; peer ${cpu[peer]}"
  echo "# ours' outbox rows not yet relayed when its measured run ended: $backlog (all relayed ${drained} s later, before the peer's run)"
  echo "# errors ours: $(errors "$work/ours.txt" | tr '\n' ' ') peer: $(errors "$work/peer.txt" | tr '\n' ' ')"
  if $jfr; then
    echo "# PROFILED RUN: ours ran with Java Flight Recorder on (settings=profile); its figures are not comparable"
    echo "# --- where ours' CPU samples went (warm-up and measured run) ---"; cat "$work/profile.txt"
  fi
  echo "# --- wrk, ours ---"; cat "$work/ours.txt"
  echo "# --- wrk, peer ---"; cat "$work/peer.txt"
} >"$out"
$jfr || cp "$out" "$results/p7-latest.txt"
sed -n '/^name, ours/,/^p7_task_submit_p99/p' "$out"
grep '^# errors\|^# CPU' "$out" >&2
say "written to ${out#$root/}"
