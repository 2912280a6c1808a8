#!/usr/bin/env bash
# Loop group scaling: the harness' TCP echo bench (shared/bench/bench/echo.sh, its load generator
# and its noise control) against io.copas.bench.GroupEchoServer, a SchedulerGroup of SIZE loops,
# for each size in GROUP_SIZES, the server pinned to the first SIZE CPUs of GROUP_CPUS.
#
#   bench/group.sh                      sizes 1 and 2 on CPUs 0,1 (this 2-core machine)
#   GROUP_CPUS=0-7 GROUP_SIZES="1 2 4 8" LOAD_CPU=8-15 bench/group.sh     a larger machine
#
# Knobs (environment), defaults in brackets:
#   GROUP_SIZES ["1 2"]   group sizes to measure (each gets the first SIZE CPUs of GROUP_CPUS)
#   GROUP_CPUS  ["0,1"]   the server's CPUs, a taskset list (ranges allowed: 0-7,16-23)
#   SHARDING    [reuseport]  reuseport (one listening socket per loop where the kernel spreads
#                            connections) or acceptor (one acceptor hands connections over)
#   GROUP_ENGINES ["carrier"]  engines to measure (JVM flags as bench/lib/common.sh says)
#   LOAD_CPU    [1]        the load generator's CPU(s): keep them apart from GROUP_CPUS where the
#                          machine allows; on 2 cores they overlap, so the figures are indicative only
#   CONNS ["100 1000"]  DURATION [10]  WARMUP [2]  RUNS [3]   as the harness' echo.sh
#   MAVEN_WAIT [1800]  at most this many seconds to wait first while a Maven build runs on the machine
#   HARNESS [../shared/bench]  BENCH_WORK [/tmp/copas-bench]  RESULTS [$BENCH_WORK/results/group-<UTC stamp>]
# Output: the harness' raw lines in $RESULTS/echo.raw.tsv (servers named cj-<engine>-g<SIZE>), and a
# table of medians on stdout (also in $RESULTS/group.txt), with the speed-up over the smallest size.
{ # read whole before running
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"

need_java25 || exit 1
need_jar "$PROGRAMS_JAR" || exit 1
HARNESS="${HARNESS:-$ROOT_DIR/../shared/bench}"
[ -x "$HARNESS/bench/echo.sh" ] || { echo "HARNESS must point at the benchmark harness (shared/bench); not found at $HARNESS" >&2; exit 1; }
export BENCH_WORK="${BENCH_WORK:-${TMPDIR:-/tmp}/copas-bench}"
RESULTS="${RESULTS:-$BENCH_WORK/results/group-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$RESULTS" || exit 1

GROUP_SIZES="${GROUP_SIZES:-1 2}"
GROUP_CPUS="${GROUP_CPUS:-0,1}"
SHARDING="${SHARDING:-reuseport}"
ENGINES="${GROUP_ENGINES:-carrier}"
RUNS="${RUNS:-3}"
export LOAD_CPU="${LOAD_CPU:-1}" CONNS="${CONNS:-100 1000}" DURATION="${DURATION:-10}" WARMUP="${WARMUP:-2}"
export OUT_DIR="$RESULTS"
case "$SHARDING" in reuseport|acceptor) ;; *) echo "SHARDING must be reuseport or acceptor" >&2; exit 2 ;; esac
case "$JAVA $PROGRAMS_JAR" in *" "*" "*) echo "paths with spaces cannot go into the harness' command templates" >&2; exit 1 ;; esac

# the CPU list expanded (0-2,5 -> 0 1 2 5), and its first N as a taskset list
expand_cpus() {
  local part a b
  for part in ${1//,/ }; do
    if [[ $part == *-* ]]; then a=${part%-*}; b=${part#*-}; seq "$a" "$b"; else echo "$part"; fi
  done
}
read -r -a CPUS <<< "$(expand_cpus "$GROUP_CPUS" | tr '\n' ' ')"
first_cpus() { local IFS=,; echo "${CPUS[*]:0:$1}"; }
for size in $GROUP_SIZES; do
  [ "$size" -le "${#CPUS[@]}" ] || { echo "group size $size needs $size CPUs; GROUP_CPUS=$GROUP_CPUS has ${#CPUS[@]}" >&2; exit 2; }
done

wait_no_maven "${MAVEN_WAIT:-1800}" || true
{
  echo "# group bench $(date -u +%FT%TZ): $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')), JDK $("$JAVA" -version 2>&1 | head -1)"
  echo "# sizes $GROUP_SIZES on CPUs $GROUP_CPUS, load generator on $LOAD_CPU, sharding $SHARDING, engines $ENGINES"
  echo "# conns $CONNS, ${DURATION}s per point after ${WARMUP}s, $RUNS run(s), medians"
} | tee "$RESULTS/group.txt"

# runs are the outer loop, so that drifts of the machine hit every size alike
for run in $(seq 1 "$RUNS"); do
  for e in $ENGINES; do
    for size in $GROUP_SIZES; do
      name="cj-$e-g$size"
      var="SERVER_CMD_${name//-/_}"
      export "$var=$JAVA $(engine_flags "$e") -Dio.copas.engine=$e -cp $PROGRAMS_JAR io.copas.bench.GroupEchoServer {PORT} {LIFETIME} $size $SHARDING"
      echo "# run $run: $name on CPUs $(first_cpus "$size")" >&2
      SERVERS="$name" SERVER_CPU="$(first_cpus "$size")" RUNS=1 "$HARNESS/bench/echo.sh" > /dev/null
    done
  done
done

# medians per server and connection count over this invocation's lines, speed-up over the first size
python3 - "$RESULTS/echo.raw.tsv" "$ENGINES" "$GROUP_SIZES" "$CONNS" <<'PY' | tee -a "$RESULTS/group.txt"
import csv, statistics, sys
raw, engines, sizes, conns = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), sys.argv[4].split()
rows = list(csv.DictReader(open(raw), delimiter="\t"))
def med(server, c, key):
    vals = [float(r[key].replace("(noisy)", "")) for r in rows if r["server"] == server and r["conns"] == c and r[key] not in ("", "NA")]
    return statistics.median(vals) if vals else None
print("| engine | loops (CPUs) | conns | msgs/s | speed-up | p50 us | p99 us | server CPU % |")
print("|---|---|---|---|---|---|---|---|")
for e in engines:
    for c in conns:
        base = None
        for s in sizes:
            name = f"cj-{e}-g{s}"
            rate = med(name, c, "rate")
            if rate is None:
                continue
            base = base or rate
            print(f"| {e} | {s} | {c} | {rate:,.0f} | {rate / base:.2f}x | {med(name, c, 'p50_us'):.0f} | {med(name, c, 'p99_us'):.0f} | {med(name, c, 'srv_cpu_pct'):.0f} |")
PY
echo "raw lines: $RESULTS/echo.raw.tsv" >&2
}
