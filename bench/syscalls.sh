#!/usr/bin/env bash
# System calls per echoed message: each echo server of the harness under the harness' load
# generator, counted by the kernel's syscall tracepoints (perf stat), so the figure does not move
# with the machine's noise as msgs/s and CPU do. One table row per server and connection count.
#
#   bench/syscalls.sh               Copas for Java on each engine, then Netty NIO and the plain NIO loop
#
# Needs: what bench/run.sh needs, the harness' load generator and Java peers built (any
# `bench/run.sh echo` builds them, into $BENCH_WORK), and perf with access to the syscalls
# tracepoints (root, or kernel.perf_event_paranoid <= -1).
# Knobs (environment), defaults in brackets:
#   ENGINES ["default carrier continuation"]  PEERS ["netty nio"]  CONNS ["100 1000"]
#   SECS [5] (counted)  WARMUP [4] (not counted)  SERVER_CPU [0]  LOAD_CPU [1]  BENCH_WORK [/tmp/copas-bench]
{
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
standalone_start "$@"
LOADGEN="$BENCH_WORK/bin/loadgen"
PEERS="${PEERS:-netty nio}"; CONNS="${CONNS:-100 1000}"; SECS="${SECS:-5}"; WARMUP="${WARMUP:-4}"
SERVER_CPU="${SERVER_CPU:-0}"; LOAD_CPU="${LOAD_CPU:-1}"
[ -x "$LOADGEN" ] || { echo "no load generator at $LOADGEN: run bench/run.sh echo once (it builds it)" >&2; exit 1; }
command -v perf >/dev/null || { echo "perf is needed (Debian: linux-perf)" >&2; exit 1; }
perf stat -e syscalls:sys_enter_read true >/dev/null 2>&1 \
  || { echo "perf cannot read the syscalls tracepoints here (run as root or lower kernel.perf_event_paranoid)" >&2; exit 1; }

server_cmd() { # name port
  case "$1" in
    cj-*) local e=${1#cj-}
          # shellcheck disable=SC2046
          echo "$JAVA $(engine_flags "$e") -Dio.copas.engine=$e -cp $PROGRAMS_JAR io.copas.bench.EchoServer $2 3600" ;;
    netty) echo "$JAVA -cp $PEER_CP anchors.NettyEchoServer $2 3600" ;;
    nio)   echo "$JAVA -cp $PEER_CP anchors.NioEchoServer $2 3600" ;;
    *) return 1 ;;
  esac
}

EVENTS="syscalls:sys_enter_read,syscalls:sys_enter_write,syscalls:sys_enter_epoll_ctl,syscalls:sys_enter_epoll_wait"
echo "| server | conns | msgs/s | read / msg | EAGAIN / msg | write / msg | epoll_ctl / msg | epoll_wait / msg |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for s in $OURS $PEERS; do
  for c in $CONNS; do
    port=$((20000 + RANDOM % 20000))
    cmd=$(server_cmd "$s" "$port") || { echo "unknown server $s" >&2; continue; }
    # shellcheck disable=SC2086
    taskset -c "$SERVER_CPU" $cmd > "$OUT/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do grep -q LISTENING "$OUT/server.log" 2>/dev/null && break; sleep 0.1; done
    taskset -c "$LOAD_CPU" "$LOADGEN" -p "$port" -c "$c" -d "$WARMUP" -w 0 > /dev/null 2>&1
    perf stat -x, -e "$EVENTS" -e syscalls:sys_exit_read --filter 'ret == -11' -p "$pid" -o "$OUT/perf.csv" -- sleep $((SECS + 1)) &
    perfpid=$!
    taskset -c "$LOAD_CPU" "$LOADGEN" -p "$port" -c "$c" -d "$SECS" -w 0 > "$OUT/load.txt" 2>&1
    wait "$perfpid"
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    msgs=$(sed -n 's/.*msgs=\([0-9]*\).*/\1/p' "$OUT/load.txt")
    rate=$(sed -n 's/.*rate=\([0-9]*\).*/\1/p' "$OUT/load.txt")
    [ -n "$msgs" ] && [ "$msgs" -gt 0 ] || { echo "| $s | $c | no messages | | | | | |"; continue; }
    per() { awk -F, -v ev="$1" -v m="$msgs" '$3 == ev { printf "%.2f", $1 / m }' "$OUT/perf.csv"; }
    echo "| $s | $c | $rate | $(per syscalls:sys_enter_read) | $(per syscalls:sys_exit_read) | $(per syscalls:sys_enter_write) | $(per syscalls:sys_enter_epoll_ctl) | $(per syscalls:sys_enter_epoll_wait) |"
  done
done
}
