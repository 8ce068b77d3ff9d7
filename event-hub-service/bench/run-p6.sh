#!/usr/bin/env bash
# Benchmark P6 (PERFORMANCE.md): event fan-out, Kafka task.events -> 5,000 WebSocket clients, the Quarkus event hub
# against a Node.js ws + kafkajs hub (bench/node-hub), one after the other on this machine: the Node hub twice, in
# memory and in durable mode (the same PostgreSQL replay store and batch statement as ours).
#
# Run from anywhere, inside the shared build lock (the machine is shared; the lock keeps the figures clean):
#   flock /tmp/clipizy-build.lock event-hub-service/bench/run-p6.sh [FanOutBench arguments, e.g. --smoke]
# It builds the packaged hub (target/quarkus-app) and the test classes (offline, then online if that fails; the suite's
# own modules must be in ~/.m2 already: ./mvnw install -DskipTests once), installs the Node hub with `npm ci`,
# needs the local PostgreSQL (as the tests do) and Node.js >= 18, starts Kafka itself, and takes about 10-13 minutes
# (--hubs quarkus,node for the two-hub run of earlier results).
# SKIP_BUILD=1 reuses an already built tree. Prints "name, ours, peer, ratio, unit" lines and writes them, with the
# per-step detail, to bench/results/p6-<UTC time>.txt (the hubs' logs go to bench/results/logs/, not committed).
set -euo pipefail
module_dir="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$module_dir/.." && pwd)"
cd "$root"

# 5,000 clients hold 5,000 sockets in the load generator and 5,000 in each hub.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

if [ "${SKIP_BUILD:-0}" != "1" ]; then
    # Offline first (the suite installed in ~/.m2); on a fresh machine whose ~/.m2 lacks a plugin or dependency, once
    # more online.
    build() {
        ./mvnw "$@" -B -q -pl event-hub-service package -DskipTests &&
            ./mvnw "$@" -B -q -pl event-hub-service dependency:build-classpath -Dmdep.includeScope=test \
                -Dmdep.outputFile="$module_dir/target/p6.classpath"
    }
    build -o || build
fi
(cd "$module_dir/bench/node-hub" && npm ci --no-audit --no-fund --loglevel=error)

out="$module_dir/bench/results/p6-$(date -u +%Y%m%dT%H%MZ)${RESULT_SUFFIX:-}.txt"
# The Quarkus hub's JVM flags besides its heap (-Xms1g -Xmx1g, --heap): HUB_JVM_OPTS replaces them, e.g. to add
# -XX:StartFlightRecording=filename=/tmp/hub.jfr,settings=profile or -Xlog:gc:file=/tmp/hub-gc.log.
hub_jvm_opts="${HUB_JVM_OPTS-}"
cd "$module_dir"
exec java -Xms1g -Xmx1g -cp "target/test-classes:target/classes:$(cat target/p6.classpath)" \
    io.clipizy.eventhub.bench.FanOutBench --jar target/quarkus-app/quarkus-run.jar --node-dir bench/node-hub \
    --hub-jvm "$hub_jvm_opts" --out "$out" "$@"
