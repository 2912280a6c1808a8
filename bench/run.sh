#!/usr/bin/env bash
# Runs the neutral benchmark harness (shared/bench) with Copas for Java next to the peers (Netty,
# JDK virtual threads, a JDK NIO loop, the C echo ceiling, and Copas in Lua when it is set up), in
# one run of the same scripts (interleaved runs, medians), then the JMH microbenchmarks, and
# writes docs/performance.md with its charts (docs/performance/*.png) and raw data.
#
#   bench/run.sh [PART...]          run these parts (default: all, in this order)
#       echo            TCP echo, 64-byte closed loop, 1/100/1000 connections, server pinned to SERVER_CPU
#       echo-2cores     the same with the server not pinned (all cores visible; loadgen still on LOAD_CPU)
#       switch          K tasks looping Copas.pause(), K = 2 and 1000, pinned to SERVER_CPU
#       switch-2cores   the same, not pinned
#       sleepers        100,000 tasks pausing uniform random 0-2 s, pinned
#       idle            10,000 and 18,000 idle connections, server RSS per connection, pinned
#       http            HTTP client: 2,000 GETs of 1 KiB, 20 tasks, against nginx, keep-alive and close,
#                       next to Copas' copas.http.request and the JDK HttpClient (needs nginx)
#       jmh             the JMH microbenchmarks (bench/jmh.sh)
#   bench/run.sh --report DIR       only rewrite docs/performance.md from the results in DIR
#
# Needs: the benchmarks built (see bench/README.md), JAVA_HOME = a JDK 25, and what the harness
# needs (gcc, bc, taskset, python3, Maven for the Java peers). Installs nothing.
# Knobs (environment), defaults in brackets:
#   ENGINES ["default carrier continuation"]  JVM_FLAGS_<engine>  (see bench/lib/common.sh)
#   HARNESS [../shared/bench]  BENCH_WORK [/tmp/copas-bench]  RESULTS [$BENCH_WORK/results/copas-<UTC stamp>]
#   DOC [docs/performance.md]  PYTHON [a python3 that has matplotlib]
#   SERVER_CPU [0]  LOAD_CPU [1]  ALL_CPUS [0-(nproc-1)]
#   ECHO_RUNS [5]  ECHO2_RUNS [3]  RUNS [3] (switch, sleepers, idle)
#   CONNS ["1 100 1000"]  DURATION [10]  WARMUP [2]  KS ["2 1000"]  SECS [5]  N [100000]  MAXD [2]
#   IDLE_CONNS ["10000 18000"]  HOLD [6]  HTTP_BATCHES [15]  JMH_ARGS ["-wi 3 -i 5 -f 1"]
#   DRY_RUN [unset]: set to only print the engines, the peers and the estimated duration
#   PEERS_ECHO ["cecho <lua> netty vt nio"]  PEERS_ECHO2 ["netty vt nio"]  PEERS_SWITCH ["<lua> vt-yield vt-baton"]
#   PEERS_SLEEPERS ["<lua> vt"]  PEERS_IDLE ["<lua> netty vt nio"]  PEERS_HTTP ["<lua> java-keepalive java-close"]   (<lua> = copas-lua54 copas-luajit when
#   COPAS_SRC and LUA_EXTRA_PATH are set and lua5.4 is installed; see the harness README)
{ # the whole script is read before it runs, so editing it meanwhile cannot derail a run
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"

DOC="${DOC:-$ROOT_DIR/docs/performance.md}"

find_python() { # prints a python3 that has matplotlib, or a plain python3 (exit 1) if none has
  local p
  for p in ${PYTHON:-} python3 /usr/bin/python3; do
    command -v "$p" >/dev/null 2>&1 && "$p" -c "import matplotlib" >/dev/null 2>&1 && { echo "$p"; return 0; }
  done
  echo "${PYTHON:-python3}"; return 1
}

write_report() { # results_dir
  local py
  if ! py=$(find_python); then
    echo "# charts left out: no python3 with matplotlib found. Install it, e.g." >&2
    echo "#   apt-get install python3-matplotlib   (Debian; then PYTHON=/usr/bin/python3 if python3 is another one)" >&2
    echo "#   or: pip install matplotlib" >&2
    echo "# and rewrite the report with: bench/run.sh --report $1" >&2
  fi
  "$py" "$BENCH_DIR/report.py" "$1" "$DOC" || { echo "report.py failed" >&2; return 1; }
  echo "wrote $DOC (charts and data in $(dirname "$DOC")/performance/)"
}

case "${1:-}" in -h|--help) sed -n '2,/^{/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac

if [ "${1:-}" = "--report" ]; then
  [ -d "${2:-}" ] || { echo "usage: bench/run.sh --report RESULTS_DIR" >&2; exit 2; }
  write_report "$2"; exit $?
fi

need_java25 || exit 1
need_jar "$PROGRAMS_JAR" || exit 1

HARNESS="${HARNESS:-$ROOT_DIR/../shared/bench}"
[ -x "$HARNESS/bench/echo.sh" ] || { echo "HARNESS must point at the benchmark harness (shared/bench); not found at $HARNESS" >&2; exit 1; }
HARNESS="$(cd "$HARNESS" && pwd)"
export BENCH_WORK="${BENCH_WORK:-${TMPDIR:-/tmp}/copas-bench}"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="${RESULTS:-$BENCH_WORK/results/copas-$STAMP}"
mkdir -p "$RESULTS" || exit 1
RESULTS="$(cd "$RESULTS" && pwd)"

PARTS="${*:-echo echo-2cores switch switch-2cores sleepers idle http jmh}"
for p in $PARTS; do
  case "$p" in echo|echo-2cores|switch|switch-2cores|sleepers|idle|http|jmh) ;; *) echo "unknown part '$p'" >&2; exit 2 ;; esac
done

export SERVER_CPU="${SERVER_CPU:-0}" LOAD_CPU="${LOAD_CPU:-1}"
ALL_CPUS="${ALL_CPUS:-0-$(( $(nproc) - 1 ))}"
ECHO_RUNS="${ECHO_RUNS:-5}"; ECHO2_RUNS="${ECHO2_RUNS:-3}"; RUNS="${RUNS:-3}"
export CONNS="${CONNS:-1 100 1000}" DURATION="${DURATION:-10}" WARMUP="${WARMUP:-2}"
export KS="${KS:-2 1000}" SECS="${SECS:-5}" N="${N:-100000}" MAXD="${MAXD:-2}"
export IDLE_CONNS="${IDLE_CONNS:-10000 18000}" HOLD="${HOLD:-6}"
HTTP_BATCHES="${HTTP_BATCHES:-15}"
JMH_ARGS="${JMH_ARGS:--wi 3 -i 5 -f 1}"

# the harness splits command templates on spaces
case "$JAVA $PROGRAMS_JAR" in *" "*" "*) echo "paths with spaces cannot go into the harness' command templates: $JAVA $PROGRAMS_JAR" >&2; exit 1 ;; esac

# ---- peers: Copas in Lua only where the harness can run it
LUA_PEERS=""; LUA_NOTE="not set up (COPAS_SRC, LUA_EXTRA_PATH and lua5.4 are needed; see the harness README)"
if [ -n "${COPAS_SRC:-}" ] && [ -f "${COPAS_SRC:-}/src/copas.lua" ] && [ -n "${LUA_EXTRA_PATH:-}" ] && command -v lua5.4 >/dev/null 2>&1; then
  LUA_PEERS="copas-lua54 copas-luajit"; LUA_NOTE="included (copas-luajit only if luajit can require copas)"
fi
PEERS_ECHO="${PEERS_ECHO:-cecho $LUA_PEERS netty vt nio}"
PEERS_ECHO2="${PEERS_ECHO2:-netty vt nio}"
PEERS_SWITCH="${PEERS_SWITCH:-$LUA_PEERS vt-yield vt-baton}"
PEERS_SLEEPERS="${PEERS_SLEEPERS:-$LUA_PEERS vt}"
PEERS_IDLE="${PEERS_IDLE:-$LUA_PEERS netty vt nio}"
PEERS_HTTP="${PEERS_HTTP:-$LUA_PEERS java-keepalive java-close}"

# ---- engines: keep those whose program starts in this JVM
ENGINES_OK=""; ENGINES_SKIPPED=""
for e in $ENGINES; do
  # shellcheck disable=SC2046
  if out=$(timeout 60 "$JAVA" $(engine_flags "$e") -Dio.copas.engine="$e" -cp "$PROGRAMS_JAR" io.copas.bench.Probe 2>&1); then
    ENGINES_OK="$ENGINES_OK $e"
  else
    why=$(tail -1 <<< "$out")
    echo "# engine '$e' left out: it does not start in this JVM: $why" >&2
    ENGINES_SKIPPED="$ENGINES_SKIPPED${ENGINES_SKIPPED:+; }$e: $why"
  fi
done
ENGINES_OK="${ENGINES_OK# }"
[ -n "$ENGINES_OK" ] || { echo "no engine starts; nothing to measure" >&2; exit 1; }
OURS=""; for e in $ENGINES_OK; do OURS="$OURS cj-$e"; done; OURS="${OURS# }"

# env assignments giving the harness our command templates: tmpl VARPREFIX MAINCLASS ARGS
tmpl() {
  local e; TMPL=()
  for e in $ENGINES_OK; do
    TMPL+=("$1_cj_${e//-/_}=$JAVA $(engine_flags "$e") -Dio.copas.engine=$e -cp $PROGRAMS_JAR io.copas.bench.$2 $3")
  done
}

# ---- the idle points need descriptors: drop those above the hard limit
HARD=$(ulimit -Hn)
if [ "$HARD" != unlimited ]; then
  keep=""; for n in $IDLE_CONNS; do
    if [ $((n + 100)) -le "$HARD" ]; then keep="$keep $n"; else echo "# idle: $n connections left out (open-file hard limit $HARD)" >&2; fi
  done; IDLE_CONNS="${keep# }"
fi

count() { wc -w <<< "$*"; }
jmh_config_s() { # seconds per benchmark configuration under JMH_ARGS (annotations: 3 x 1 s, 5 x 1 s, 1 fork)
  local wi=3 i=5 w=1 r=1 f=1 a=($JMH_ARGS) k
  for ((k = 0; k < ${#a[@]} - 1; k++)); do
    case "${a[k]}" in
      -wi) wi=${a[k+1]} ;; -i) i=${a[k+1]} ;; -f) f=${a[k+1]} ;;
      -w) w=${a[k+1]%s} ;; -r) r=${a[k+1]%s} ;;
    esac
  done
  echo $(( f * (wi * w + i * r + 2) ))
}
estimate_s() {
  local t=0 p
  for p in $PARTS; do
    case "$p" in
      echo)          t=$((t + $(count $PEERS_ECHO $OURS) * ECHO_RUNS * ($(count $CONNS) * (WARMUP + DURATION + 2) + 3))) ;;
      echo-2cores)   t=$((t + $(count $PEERS_ECHO2 $OURS) * ECHO2_RUNS * ($(count $CONNS) * (WARMUP + DURATION + 2) + 3))) ;;
      switch|switch-2cores) t=$((t + $(count $PEERS_SWITCH $OURS) * RUNS * $(count $KS) * (SECS + 2))) ;;
      sleepers)      t=$((t + $(count $PEERS_SLEEPERS $OURS) * RUNS * (${MAXD%.*} + 4))) ;;
      idle)          t=$((t + $(count $PEERS_IDLE $OURS) * RUNS * $(count $IDLE_CONNS) * (HOLD + 10))) ;;
      http)          t=$((t + ($(count $PEERS_HTTP) + 2 * $(count $OURS)) * RUNS * (HTTP_BATCHES + 3))) ;;
      jmh)           t=$((t + 12 * $(count $ENGINES_OK) * $(jmh_config_s))) ;;
    esac
  done
  echo "$t"
}

commit_of() { # the checked-out commit, read from .git without running git
  local head ref
  head=$(cat "$ROOT_DIR/.git/HEAD" 2>/dev/null) || return 0
  case "$head" in
    ref:*) ref=${head#ref: }
           cat "$ROOT_DIR/.git/$ref" 2>/dev/null || awk -v r="$ref" '$2==r {print $1}' "$ROOT_DIR/.git/packed-refs" 2>/dev/null ;;
    *) echo "$head" ;;
  esac
}

{
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host_cpus=$(nproc)"
  echo "host_cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "host_mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "host_kernel=$(uname -r)"
  echo "java=$("$JAVA" -version 2>&1 | sed -n 2p)"
  echo "commit=$(commit_of | head -1)"
  echo "parts=$PARTS"
  echo "engines=$ENGINES_OK"
  echo "engines_skipped=$ENGINES_SKIPPED"
  echo "lua=$LUA_NOTE"
  echo "peers_echo=$PEERS_ECHO"; echo "peers_echo2=$PEERS_ECHO2"; echo "peers_switch=$PEERS_SWITCH"
  echo "peers_sleepers=$PEERS_SLEEPERS"; echo "peers_idle=$PEERS_IDLE"; echo "peers_http=$PEERS_HTTP"
  echo "http_batches=$HTTP_BATCHES"
  echo "server_cpu=$SERVER_CPU"; echo "load_cpu=$LOAD_CPU"; echo "all_cpus=$ALL_CPUS"
  echo "echo_runs=$ECHO_RUNS"; echo "echo2_runs=$ECHO2_RUNS"; echo "runs=$RUNS"
  echo "conns=$CONNS"; echo "duration=$DURATION"; echo "warmup=$WARMUP"; echo "ks=$KS"; echo "secs=$SECS"
  echo "n=$N"; echo "maxd=$MAXD"; echo "idle_conns=$IDLE_CONNS"; echo "hold=$HOLD"; echo "jmh_args=$JMH_ARGS"
  echo "open_files_hard_limit=$HARD"
} > "$RESULTS/meta.env"

echo "# Copas for Java benchmarks: engines '$ENGINES_OK', parts '$PARTS'"
echo "# results: $RESULTS   (about $(( $(estimate_s) / 60 + 1 )) minutes on a quiet machine)"
if [ -n "${DRY_RUN:-}" ]; then
  echo "# DRY_RUN: echo: $PEERS_ECHO $OURS | echo-2cores: $PEERS_ECHO2 $OURS | switch: $PEERS_SWITCH $OURS"
  echo "#          sleepers: $PEERS_SLEEPERS $OURS | idle ($IDLE_CONNS): $PEERS_IDLE $OURS"
  rm -f "$RESULTS/meta.env"; rmdir "$RESULTS" 2>/dev/null; exit 0
fi
wait_no_maven 1800 || true

run_part() { # part outdir script env-assignment...
  local part=$1 dir=$2 script=$3; shift 3
  mkdir -p "$RESULTS/$dir"
  echo "### $part ($(date -u +%H:%M:%S))"
  env OUT_DIR="$RESULTS/$dir" "$@" "$HARNESS/bench/$script" 2>&1 | tee "$RESULTS/$part.log"
}

for p in $PARTS; do
  case "$p" in
    echo)
      tmpl SERVER_CMD EchoServer "{PORT} {LIFETIME}"
      run_part echo pinned echo.sh RUNS="$ECHO_RUNS" SERVERS="$PEERS_ECHO $OURS" "${TMPL[@]}" ;;
    echo-2cores)
      tmpl SERVER_CMD EchoServer "{PORT} {LIFETIME}"
      run_part echo-2cores 2cores echo.sh RUNS="$ECHO2_RUNS" SERVER_CPU="$ALL_CPUS" SERVERS="$PEERS_ECHO2 $OURS" "${TMPL[@]}" ;;
    switch)
      tmpl IMPL_CMD Switch "{K} {SECS}"
      run_part switch pinned switch.sh RUNS="$RUNS" IMPLS="$PEERS_SWITCH $OURS" "${TMPL[@]}" ;;
    switch-2cores)
      tmpl IMPL_CMD Switch "{K} {SECS}"
      run_part switch-2cores 2cores switch.sh RUNS="$RUNS" SERVER_CPU="$ALL_CPUS" IMPLS="$PEERS_SWITCH $OURS" "${TMPL[@]}" ;;
    sleepers)
      tmpl IMPL_CMD Sleepers "{N} {MAXD}"
      run_part sleepers pinned sleepers.sh RUNS="$RUNS" IMPLS="$PEERS_SLEEPERS $OURS" "${TMPL[@]}" ;;
    idle)
      [ -n "$IDLE_CONNS" ] || { echo "# idle: no point left to measure" >&2; continue; }
      tmpl SERVER_CMD EchoServer "{PORT} {LIFETIME}"
      run_part idle pinned idle.sh RUNS="$RUNS" SERVERS="$PEERS_IDLE $OURS" "${TMPL[@]}" ;;
    http)
      TMPL=(); HTTP_OURS=""
      for e in $ENGINES_OK; do
        for mode in keepalive close; do
          HTTP_OURS="$HTTP_OURS cj-$e-$mode"
          TMPL+=("CLIENT_CMD_cj_${e//-/_}_$mode=$JAVA $(engine_flags "$e") -Dio.copas.engine=$e -cp $PROGRAMS_JAR io.copas.bench.HttpClientBench {URL} {TOTAL} {CONC} {BATCHES} $mode 1024")
        done
      done
      run_part http pinned http.sh RUNS="$RUNS" BATCHES="$HTTP_BATCHES" CLIENTS="$PEERS_HTTP$HTTP_OURS" "${TMPL[@]}" ;;
    jmh)
      echo "### jmh ($(date -u +%H:%M:%S))"
      ENGINES="$ENGINES_OK" JMH_RESULT="$RESULTS/jmh.json" "$BENCH_DIR/jmh.sh" $JMH_ARGS 2>&1 | tee "$RESULTS/jmh.log" ;;
  esac
done

echo "### report"
write_report "$RESULTS"; rc=$?
echo "raw results: $RESULTS"
exit $rc
}
