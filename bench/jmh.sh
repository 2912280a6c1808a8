#!/usr/bin/env bash
# Runs the JMH microbenchmarks of Copas for Java on every engine that starts in this JVM.
#
#   bench/jmh.sh [JMH options...]        e.g. bench/jmh.sh -wi 2 -i 3 -f 1       (smoke run)
#                                             bench/jmh.sh CoreBench.pausePingPong
# Env: ENGINES ("default carrier continuation"; those that do not start are left out with the
#      reason), JMH_RESULT (JSON results file; default $BENCH_WORK/results/jmh-<UTC stamp>.json),
#      JMH_CPUS (run pinned with taskset -c JMH_CPUS; default: not pinned).
# The forked benchmark JVMs get --add-opens java.base/java.lang and --add-exports
# java.base/jdk.internal.vm (see the @Fork annotations), whatever the engine.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
need_java25 || exit 1
need_jar "$JMH_JAR" || exit 1

BENCH_WORK="${BENCH_WORK:-${TMPDIR:-/tmp}/copas-bench}"
JMH_RESULT="${JMH_RESULT:-$BENCH_WORK/results/jmh-$(date -u +%Y%m%dT%H%M%SZ).json}"
mkdir -p "$(dirname "$JMH_RESULT")" || exit 1
FLAGS=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-exports=java.base/jdk.internal.vm=ALL-UNNAMED)
PIN=(); [ -n "${JMH_CPUS:-}" ] && PIN=(taskset -c "$JMH_CPUS")

# shellcheck disable=SC2086
ok=$("$JAVA" "${FLAGS[@]}" -cp "$JMH_JAR" io.copas.bench.jmh.EngineProbe $ENGINES) || exit 1
[ -n "$ok" ] || { echo "no engine starts; nothing to measure" >&2; exit 1; }
echo "# JMH on engines: $ok; results: $JMH_RESULT"

"${PIN[@]}" "$JAVA" -jar "$JMH_JAR" -p engine="${ok// /,}" -rf json -rff "$JMH_RESULT" "$@"
