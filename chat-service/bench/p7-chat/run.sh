#!/usr/bin/env bash
# P7 (PERFORMANCE.md), the chat half: POST /api/chats/{id}/messages on chat-service (its assistant on the deterministic
# parser, no LLM) against the original stack's shape (FastAPI + uvicorn + SQLAlchemy/asyncpg + httpx) doing the same
# work, same machine, same run, with wrk on loopback — the method of generation-gateway/bench/p7/run.sh.
#
#   flock /tmp/clipizy-build.lock bash chat-service/bench/p7-chat/run.sh [--no-build] [--duration 20] [--connections 64] [--warmup 10] [--jfr FILE]
#
# --warmup S: seconds of load on each side before its measured run (default 10). The JVM is still compiling after 10 s
# on a shared 2-vCPU machine (JFR: its JIT threads used about as much CPU as the request threads all through the
# measured run); a longer warm-up measures ours in its steady state. The peer (CPython) has nothing to warm up.
#
# --jfr FILE records ours with Java Flight Recorder (profile settings, warm-up and measured run) into FILE and writes
# its CPU summary (generation-gateway/bench/p7/jfr_top.py) next to it, FILE less .jfr plus .top.txt; a profiled run's figures are not the ones to report.
#
# Per request, both sides: an RS256 bearer token verified against the same public key (issuer, expiry, role `user`),
# the body validated; one transaction with the chat read (owner checked), the person's message inserted (idempotent on
# clientMessageId) and its MessageAdded event in the outbox; the chat, its project and the assistant's state read; the
# workflow's definition fetched over HTTP from the same workflow-service stand-in (WorkflowStandIn.java, serving the
# real definition files); the message read (style, length, description) and, in a second transaction, the assistant's
# state saved and its question inserted with its MessageAdded event; 201 with the person's message. Every request goes
# to a chat of its own (seeded here), so each is a new request that the assistant answers with a question.
# Ours runs as the packaged app (its own JVM, production settings) with its outbox relay publishing to a real
# single-node Kafka started here. Prints `name, ours, peer, ratio, unit` and writes them under chat-service/bench/results/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
here="$root/chat-service/bench/p7-chat"
results="$root/chat-service/bench/results"
gateway_bench="$root/generation-gateway/bench/p7"  # its Kafka launcher and token maker are shared
cd "$root"
# shellcheck source=../../../generation-gateway/bench/p7/common.sh
source "$root/generation-gateway/bench/p7/common.sh"

build=true
duration=20
warmup=10
connections=64
jfr=""
threads=2
span=40000  # chats per wrk thread and phase: enough for 4,000 requests/s over 20 s (scaled below for longer phases)
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=false ;;
    --duration) duration="$2"; shift ;;
    --connections) connections="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    --jfr) jfr="$(realpath -m "$2")"; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
longest=$((warmup > duration ? warmup : duration))
[ "$longest" -le 20 ] || span=$((longest * 2000))
chats=$((2 * threads * span))

say() { printf '[p7-chat] %s\n' "$*" >&2; }

# --- tools, scratch folder, build, keys (generation-gateway/bench/p7/common.sh) ---
p7_tools python3-httpx
p7_workspace clipizy-p7-chat
p7_package chat-service
p7_keys_and_token

# --- databases: fresh for both; the peer gets chat-service's tables from its own migrations ---
p7_fresh_databases clipizy_chat_p7 clipizy_chatpeer_p7
psql_ -d clipizy_chatpeer_p7 -f "$root/shared-contracts/service-kit/src/main/resources/db/kit/V0_9__outbox_and_inbox.sql"
for f in $(ls "$root"/chat-service/src/main/resources/db/migration/V*.sql | sort -V); do
  psql_ -d clipizy_chatpeer_p7 -f "$f"
done
seed() { # database: the bench user's chats (the bench ranges, then two for the checks), each in a project of its own
  # (a project's status is derived from its chats' runs: a project holding 160,000 chats is nothing a person makes)
  psql_ -d "$1" -c "INSERT INTO project (id, owner_id, type, name) SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(i), 12, '0'))::uuid,
        'bench-user', 'music-clip', 'P7 ' || i FROM generate_series(1, $chats + 2) i" \
    -c "INSERT INTO chat (id, project_id, owner_id, title) SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
        ('00000000-0000-4000-9000-' || lpad(to_hex(i), 12, '0'))::uuid, 'bench-user', 'Chat ' || i FROM generate_series(1, $chats + 2) i" \
    -c "ANALYZE"
}
chat_id() { printf '00000000-0000-4000-8000-%012x' "$1"; }
probe_chat="$(chat_id $((chats + 1)))"
check_chat="$(chat_id $((chats + 2)))"

# --- Kafka and the workflow service stand-in ---
say "starting Kafka and the workflow stand-in"
java -Xmx512m -XX:+UseSerialGC -cp "$kafka_cp" "$gateway_bench/BenchKafka.java" >"$work/kafka.log" 2>&1 &
pids+=($!)
java -Xmx128m -XX:+UseSerialGC "$here/WorkflowStandIn.java" "$root/workflow-service/src/main/resources/workflows/pipelines" \
  >"$work/workflows.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do grep -q '^BOOTSTRAP=' "$work/kafka.log" && grep -q '^PORT=' "$work/workflows.log" && break; sleep 0.5; done
bootstrap="$(grep '^BOOTSTRAP=' "$work/kafka.log" | cut -d= -f2)"
workflows="http://127.0.0.1:$(sed -n 's/^PORT=\([0-9]*\).*/\1/p' "$work/workflows.log")"
[ -n "$bootstrap" ] || { cat "$work/kafka.log" >&2; say "Kafka did not start"; exit 1; }
[ "$workflows" != "http://127.0.0.1:" ] || { cat "$work/workflows.log" >&2; say "the workflow stand-in did not start"; exit 1; }

# --- ours ---
say "starting chat-service (packaged, port 18081)"
jfr_opts=()
[ -n "$jfr" ] && jfr_opts=("-XX:StartFlightRecording=filename=$jfr,settings=profile,dumponexit=true")
java -Xmx512m "${jfr_opts[@]}" -Dquarkus.profile=bench -Dquarkus.http.port=18081 -Dclipizy.db.name=clipizy_chat_p7 \
  -Dquarkus.oidc.public-key="$public_key" -Dquarkus.oidc.token.issuer="$issuer" -Dquarkus.oidc.discovery-enabled=false \
  -Dkafka.bootstrap.servers="$bootstrap" -Dquarkus.rest-client.workflow.url="$workflows" -Dquarkus.log.level=WARN \
  -jar chat-service/target/quarkus-app/quarkus-run.jar >"$work/chat.log" 2>&1 &
ours_pid=$!
pids+=($ours_pid)
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18081/q/health/ready || true)" = 200 ] && break
  sleep 0.5
done
seed clipizy_chat_p7   # after Flyway made the tables at start
seed clipizy_chatpeer_p7
# --- peer ---
say "starting the peer (uvicorn, $(nproc) workers, port 18091)"
P7_PEER_DSN="postgresql+asyncpg://postgres@127.0.0.1:5432/clipizy_chatpeer_p7" P7_PEER_POOL=8 \
  P7_PUBLIC_KEY_PEM="$work/pub.pem" P7_ISSUER="$issuer" P7_WORKFLOW_URL="$workflows" \
  "$py" -m uvicorn --app-dir "$here/peer" app:app --host 127.0.0.1 --port 18091 --workers "$(nproc)" \
  --log-level warning --no-access-log >"$work/peer.log" 2>&1 &
peer_pid=$!
pids+=($peer_pid)

post() { # base url, chat id, token, body -> http code
  curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $3" -H 'Content-Type: application/json' \
    -d "$4" "$1/api/chats/$2/messages" || true
}
wait_up() {
  for _ in $(seq 1 120); do
    code="$(post "$1" "$probe_chat" "$P7_TOKEN" '{"text":"hello"}')"
    [ "$code" = "201" ] && return 0
    sleep 0.5
  done
  say "$1 did not come up (last answer $code)"; cat "$work"/*.log >&2; exit 1
}
ours_url=http://127.0.0.1:18081
peer_url=http://127.0.0.1:18091
wait_up "$ours_url"
wait_up "$peer_url"
jwt_mode="$("$py" -c 'import jwt; print("PyJWT " + jwt.__version__)' 2>/dev/null || echo "no PyJWT: token not verified")"

# both answer a bad token, an empty text and someone else's (unknown) chat alike, and a question to a new request
for url in "$ours_url" "$peer_url"; do
  c1="$(post "$url" "$check_chat" x.y.z '{"text":"hi"}')"
  c2="$(post "$url" "$check_chat" "$P7_TOKEN" '{"text":"  "}')"
  c3="$(post "$url" "$(chat_id 999999999)" "$P7_TOKEN" '{"text":"hi"}')"
  [ "$c1" = 401 ] && [ "$c2" = 400 ] && [ "$c3" = 404 ] || { say "$url answered $c1/$c2/$c3, expected 401/400/404"; exit 1; }
done
for db in clipizy_chat_p7 clipizy_chatpeer_p7; do
  replies="$(psql_ -d "$db" -t -A -c "SELECT count(*) FROM message WHERE role = 'assistant' AND chat_id = '$probe_chat'")"
  [ "$replies" -ge 1 ] || { say "$db: the assistant did not answer the probe message"; exit 1; }
done

run_wrk() { # url seconds base -> wrk output
  P7_CHAT_BASE="$3" P7_CHAT_SPAN="$span" wrk -t"$threads" -c"$connections" -d"$2s" --latency -s "$here/post.lua" "$1"
}
rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
p99() {
  awk '$1 == "99%" { v=$2; if (v ~ /us$/) { sub(/us$/, "", v); print v/1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v } else if (v ~ /s$/) { sub(/s$/, "", v); print v*1000 } }' "$1"
}
errors() { awk '/Non-2xx or 3xx responses:/ {print $5} /Socket errors:/ {print "socket: " $0}' "$1"; }
ticks() { local total=0 t; for pid in "$@"; do t="$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)"; total=$((total + t)); done; echo "$total"; }
server_pids() { if [ "$1" = ours ]; then echo "$ours_pid"; else echo "$peer_pid $(pgrep -P "$peer_pid" | tr '\n' ' ')"; fi; }
postgres_pids() { pgrep -x postgres | tr '\n' ' '; }
hz="$(getconf CLK_TCK)"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
declare -A cpu
for side in ours peer; do
  url="$ours_url"; [ "$side" = peer ] && url="$peer_url"
  say "$side: warm-up ${warmup}s"
  run_wrk "$url" "$warmup" 0 >"$work/$side-warmup.txt"
  sleep 2
  say "$side: measured ${duration}s, $connections connections, $threads wrk threads"
  s0="$(ticks $(server_pids "$side"))"; d0="$(ticks $(postgres_pids))"; t0="$(date +%s.%N)"
  run_wrk "$url" "$duration" $((threads * span)) >"$work/$side.txt"
  s1="$(ticks $(server_pids "$side"))"; d1="$(ticks $(postgres_pids))"; t1="$(date +%s.%N)"
  cpu[$side]="$(awk -v s=$((s1 - s0)) -v d=$((d1 - d0)) -v hz="$hz" -v t0="$t0" -v t1="$t1" \
    'BEGIN { w = t1 - t0; printf "server %.0f%%, PostgreSQL %.0f%% of one core", 100 * s / hz / w, 100 * d / hz / w }')"
  sleep 2
done

counts() { # database -> "user messages / assistant answers / chats with a user message and no answer" in the bench ranges
  psql_ -d "$1" -t -A -F' / ' -c "SELECT count(*) FILTER (WHERE role = 'user'), count(*) FILTER (WHERE role = 'assistant'),
    (SELECT count(*) FROM chat c WHERE c.id <> '$probe_chat' AND EXISTS (SELECT 1 FROM message m WHERE m.chat_id = c.id AND m.role = 'user')
       AND NOT EXISTS (SELECT 1 FROM message m WHERE m.chat_id = c.id AND m.role = 'assistant'))
    FROM message WHERE chat_id NOT IN ('$probe_chat', '$check_chat')"
}
ours_rows="$(counts clipizy_chat_p7)"
peer_rows="$(counts clipizy_chatpeer_p7)"
relayed="$(psql_ -d clipizy_chat_p7 -t -A -c 'SELECT count(*) FROM outbox')"
first_answer() { # database -> the assistant's answer in the measured phase's lowest chat
  psql_ -d "$1" -t -A -c "SELECT text FROM message WHERE role = 'assistant' AND chat_id > '$(chat_id $((threads * span)))'
    AND chat_id < '$probe_chat' ORDER BY chat_id LIMIT 1"
}
sample="$(first_answer clipizy_chat_p7)"
sample_peer="$(first_answer clipizy_chatpeer_p7)"

o_rps="$(rps "$work/ours.txt")"; p_rps="$(rps "$work/peer.txt")"
o_p99="$(p99 "$work/ours.txt")"; p_p99="$(p99 "$work/peer.txt")"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results"
out="$results/p7-chat-$stamp.txt"
{
  echo "# P7 chat message post, $stamp, $(nproc) vCPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "# wrk -t$threads -c$connections -d${duration}s after a ${warmup}s warm-up each, every request to a chat of its own; peer JWT check: $jwt_mode"
  echo "# load average before the runs: $load_start (2 vCPU shared with other work), after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# messages (user / assistant / chats left unanswered): ours $ours_rows; peer $peer_rows; ours' outbox rows not yet relayed at the end: $relayed"
  [ -z "$jfr" ] || echo "# ours ran under JFR (--jfr): a profiling run, not figures to report"
  echo "# the assistant's answer in the first measured chat: ours \"$sample\"; peer \"$sample_peer\""
  echo "name, ours, peer, ratio, unit"
  awk -v o="$o_rps" -v p="$p_rps" 'BEGIN { printf "p7_chat_post_throughput, %.0f, %.0f, %.2f, requests/s\n", o, p, o/p }'
  awk -v o="$o_p99" -v p="$p_p99" 'BEGIN { printf "p7_chat_post_p99, %.2f, %.2f, %.2f, ms (ratio ours/peer: lower is better)\n", o, p, o/p }'
  echo "# CPU during the measured runs: ours ${cpu[ours]}; peer ${cpu[peer]}"
  echo "# errors ours: $(errors "$work/ours.txt" | tr '\n' ' ') peer: $(errors "$work/peer.txt" | tr '\n' ' ')"
  echo "# --- wrk, ours ---"; cat "$work/ours.txt"
  echo "# --- wrk, peer ---"; cat "$work/peer.txt"
} >"$out"
cp "$out" "$results/p7-chat-latest.txt"
sed -n '/^name, ours/,/^p7_chat_post_p99/p' "$out"
grep '^# errors\|^# CPU\|^# messages' "$out" >&2
say "written to ${out#$root/}"
if [ -n "$jfr" ]; then  # stop ours so the recording is written, then summarise its CPU samples
  kill "$ours_pid"; wait "$ours_pid" 2>/dev/null || true
  jfr print --events jdk.ExecutionSample --stack-depth 64 "$jfr" >"$work/samples.txt"
  "$py" "$gateway_bench/jfr_top.py" "$work/samples.txt" | tee "${jfr%.jfr}.top.txt" >&2
fi
