#!/usr/bin/env bash
# The connection-churn soak (not in CI; about 15 minutes on a shared 2-core machine, see
# docs/robustness.md): 1,000,000 connections opened and closed against an echo server on one
# Copas scheduler, 500 at a time, one round trip each;
# checks that open descriptors, the server's tasks and sockets, live threads and RSS are back to
# their level after the warm-up (margins in soak/Soak.java) and that no round trip was lost.
#
#   soak/run.sh [CONNECTIONS [CONCURRENCY [ADDRESSES]]]     defaults: 1000000 500 8
#
# Compiles copas-core (offline, no tests) and runs soak/Soak.java with the source launcher.
# Knobs (environment): JAVA_HOME [temurin 25 if present], SOAK_HEAP [512m], MAVEN_ARGS [-o].
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
export PATH="$JAVA_HOME/bin:$PATH"
(cd "$ROOT" && ./mvnw -B -q ${MAVEN_ARGS:--o} -pl bundles/copas-core compile)
echo "ulimit -n: $(ulimit -n); ephemeral ports: $(cat /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null | tr '\t' '-')"
start=$(date +%s)
# a fixed, pre-touched heap: RSS then measures what grows besides the heap (threads, buffers, metaspace);
# --add-opens lets the default engine choice (auto) take the carrier engine, as a deployment would
java -Xms"${SOAK_HEAP:-512m}" -Xmx"${SOAK_HEAP:-512m}" -XX:+AlwaysPreTouch --add-opens java.base/java.lang=ALL-UNNAMED -cp "$ROOT/bundles/copas-core/target/classes" "$ROOT/soak/Soak.java" "$@"
echo "wall time: $(( $(date +%s) - start )) s"
