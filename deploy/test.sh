#!/usr/bin/env bash
# The README's test command: every module's tests against real PostgreSQL, Kafka (in-process KRaft broker), S3
# (S3Proxy) and the bundled FFmpeg. Only the external AI and payment APIs are faked.
set -euo pipefail
cd "$(dirname "$0")/.."

bash deploy/ensure-postgres.sh
bash deploy/ensure-system-libraries.sh
# -B: plain output for logs; no -q, so each module's test summary is printed.
# -Pstack: the end-to-end tests start the whole local stack, Keycloak included (its distribution is resolved once).
exec ./mvnw -B -ntp -Pstack verify "$@"
