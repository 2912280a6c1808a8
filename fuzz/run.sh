#!/usr/bin/env bash
# Fuzzes every parser target with Jazzer, one after the other, each for MINUTES minutes, and
# writes what it found to a results directory (not in CI: `./mvnw -B verify` only replays the
# committed corpus of each @FuzzTest, in Jazzer's regression mode).
#
#   fuzz/run.sh MINUTES [TARGET...]     TARGET = a name from the list below (default: all)
#
# For each target it writes RESULTS/<target>/: log.txt (Jazzer's output), corpus/ (what the
# fuzzer kept, seeded from the committed corpus), findings/ (crash-* and timeout-* inputs),
# and a line in RESULTS/summary.tsv: target, seconds, executions, corpus size, findings.
# A finding is copied into nothing by itself: turn it into a corpus input under
# src/test/resources/<package>/<Class>Inputs/<method>/, fix the code, and add a regression test.
#
# The test resources turn Jazzer's hooks off for the fast corpus replay of normal builds; this
# script turns them (and so the coverage instrumentation) back on.
# The classes are compiled once (test-compile in the reactor, offline) and copied into RESULTS,
# so a build in the worktree during a long run cannot change what is being fuzzed.
# Knobs (environment): RESULTS [/tmp/copas-fuzz/<UTC stamp>], JAVA_HOME [a JDK 21+; temurin 25 if
# present], MAVEN_ARGS [-o], FUZZ_HEAP [1g] (the JVM's -Xmx: a leak
# shows as an OutOfMemoryError finding; libFuzzer's own RSS limit is off, since a JVM's RSS is
# mostly heap it has not given back), INPUT_TIMEOUT_S [20].
{ # read whole before it runs
set -euo pipefail

# target name | module | test class | method
TARGETS=(
  "receive-patterns|bundles/copas-core|io.copas.core.spi.ReceivePatternFuzzTest|patternsOverArbitrarySplits"
  "http-response|bundles/copas-http|io.copas.http.internal.ResponseFuzzTest|responses"
  "http-chunked|bundles/copas-http|io.copas.http.internal.ResponseFuzzTest|chunkedBodies"
  "ftp-replies|bundles/copas-ftp|io.copas.ftp.internal.ReplyFuzzTest|replies"
  "smtp-replies|bundles/copas-smtp|io.copas.smtp.internal.ReplyFuzzTest|replies"
  "tls-server|bundles/copas-tls|io.copas.tls.TlsServerFuzzTest|arbitraryBytesToAServer"
)

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; printf 'targets:'; for t in "${TARGETS[@]}"; do printf ' %s' "${t%%|*}"; done; echo; exit 2; }
[[ $# -ge 1 && "$1" =~ ^[0-9]+$ && "$1" -gt 0 ]] || usage
MINUTES=$1; shift
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
export PATH="$JAVA_HOME/bin:$PATH"
RESULTS=${RESULTS:-/tmp/copas-fuzz/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$RESULTS"

selected=()
for t in "${TARGETS[@]}"; do
  name=${t%%|*}
  if [[ $# -eq 0 ]] || printf '%s\n' "$@" | grep -qx "$name"; then selected+=("$t"); fi
done
[[ ${#selected[@]} -gt 0 ]] || usage

modules=$(printf '%s\n' "${selected[@]}" | cut -d'|' -f2 | sort -u | paste -sd, -)
echo "compiling $modules (test-compile, classpath files) ..."
(cd "$ROOT" && ./mvnw -B -q ${MAVEN_ARGS:--o} -pl "$modules" -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz.classpath)

# snapshot of a module's classpath: its own classes and every reactor directory copied under RESULTS
snapshot_classpath() {
  local module=$1 dir="$RESULTS/classes/$(basename "$1")" cp=() i=0 entry
  mkdir -p "$dir"
  for entry in "$ROOT/$module/target/test-classes" "$ROOT/$module/target/classes" \
      $(tr ':' ' ' < "$ROOT/$module/target/fuzz.classpath"); do
    if [[ -d "$entry" ]]; then
      rm -rf "$dir/$i"; cp -r "$entry" "$dir/$i"; cp+=("$dir/$i"); i=$((i + 1))
    else
      cp+=("$entry")
    fi
  done
  (IFS=:; echo "${cp[*]}")
}

printf 'target\tseconds\texecutions\tcorpus\tfindings\n' > "$RESULTS/summary.tsv"
for t in "${selected[@]}"; do
  IFS='|' read -r name module class method <<< "$t"
  out="$RESULTS/$name"; mkdir -p "$out/corpus" "$out/findings"
  seeds="$ROOT/$module/src/test/resources/$(dirname "${class//.//}")/${class##*.}Inputs/$method"
  classpath=$(snapshot_classpath "$module")
  echo "fuzzing $name ($class#$method) for $MINUTES min -> $out"
  start=$(date +%s)
  set +e
  (cd "$out" && java -Xmx"${FUZZ_HEAP:-1g}" -XX:+EnableDynamicAgentLoading -Djazzer.hooks=true -cp "$classpath" com.code_intelligence.jazzer.Jazzer \
      --target_class="$class" --target_method="$method" --instrumentation_includes='io.copas.**' --hooks=true \
      -max_total_time=$((MINUTES * 60)) -rss_limit_mb=0 \
      -timeout="${INPUT_TIMEOUT_S:-20}" -artifact_prefix="$out/findings/" -print_final_stats=1 \
      "$out/corpus" $( [[ -d "$seeds" ]] && echo "$seeds" ) > "$out/log.txt" 2>&1)
  rc=$?
  set -e
  seconds=$(( $(date +%s) - start ))
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$out/log.txt" | grep -oE '[0-9]+$' | tail -1 || true)
  [[ -n "$runs" ]] || runs=$(grep -oE '^#[0-9]+' "$out/log.txt" | tail -1 | tr -d '#' || true)
  findings=$(find "$out/findings" -type f | wc -l)
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$seconds" "${runs:-?}" "$(find "$out/corpus" -type f | wc -l)" "$findings" \
      | tee -a "$RESULTS/summary.tsv"
  [[ $rc -eq 0 || $findings -gt 0 ]] || echo "  jazzer exited $rc without a finding: see $out/log.txt"
done
echo "results: $RESULTS"
exit
}
