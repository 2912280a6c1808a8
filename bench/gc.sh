#!/usr/bin/env bash
# The 100,000 sleepers under several garbage-collector settings: what of their lateness and memory
# is the scheduler's and what is one collection's. Each run is the sleepers program of
# bench/run.sh (and the harness' JDK virtual-thread peer), pinned to one core as in the harness,
# with the JVM's GC log parsed for the collections that ran and the longest pause.
#
#   bench/gc.sh                     every engine and the vt peer under each GC setting below
#
# GC settings (GCS, names from this list; the JVM's own choice on one core is Serial):
#   serial            -XX:+UseSerialGC                    the harness' setting (JVM defaults)
#   serial-young512   -XX:+UseSerialGC -Xmn512m           a young generation the run never fills
#   zgc               -XX:+UseZGC                         generational ZGC, default heap
#   zgc-256m          -XX:+UseZGC -Xmx256m                generational ZGC made to collect
#   g1                -XX:+UseG1GC
# Needs: what bench/run.sh needs, and the harness' Java peers built (any `bench/run.sh sleepers`
# builds them, into $BENCH_WORK) for the vt rows.
# Knobs (environment), defaults in brackets:
#   ENGINES ["default carrier continuation"]  PEERS ["vt"]  GCS ["serial serial-young512 zgc zgc-256m"]
#   N [100000]  MAXD [2]  RUNS [3]  SERVER_CPU [0]  BENCH_WORK [/tmp/copas-bench]
{
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
standalone_start "$@"
PEERS="${PEERS:-vt}"; GCS="${GCS:-serial serial-young512 zgc zgc-256m}"
N="${N:-100000}"; MAXD="${MAXD:-2}"; RUNS="${RUNS:-3}"; SERVER_CPU="${SERVER_CPU:-0}"

gc_flags() {
  case "$1" in
    serial)          echo "-XX:+UseSerialGC" ;;
    serial-young512) echo "-XX:+UseSerialGC -Xmn512m" ;;
    zgc)             echo "-XX:+UseZGC" ;;
    zgc-256m)        echo "-XX:+UseZGC -Xmx256m" ;;
    g1)              echo "-XX:+UseG1GC" ;;
    *) return 1 ;;
  esac
}

impl_cmd() { # name gcflags log
  case "$1" in
    cj-*) local e=${1#cj-}
          # shellcheck disable=SC2046
          echo "$JAVA $2 -Xlog:gc,gc+phases=info:file=$3 $(engine_flags "$e") -Dio.copas.engine=$e -cp $PROGRAMS_JAR io.copas.bench.Sleepers $N $MAXD" ;;
    vt)   [ -d "$BENCH_WORK/java/target/classes" ] || return 1
          echo "$JAVA $2 -Xlog:gc,gc+phases=info:file=$3 -cp $PEER_CP anchors.VtSleepers $N $MAXD" ;;
    *) return 1 ;;
  esac
}

kv() { sed -n "s/.*[[:space:]]$2=\([^[:space:]]*\).*/\1/p" <<< " $1"; }
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR) print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

echo "| implementation | GC | runs | create s | lateness p50 ms | p99 ms | max ms | peak RSS MB | collections | longest pause ms |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for impl in $OURS $PEERS; do
  for gc in $GCS; do
    flags=$(gc_flags "$gc") || { echo "unknown GC setting $gc" >&2; continue; }
    : > "$OUT/rows"
    for run in $(seq 1 "$RUNS"); do
      cmd=$(impl_cmd "$impl" "$flags" "$OUT/gc.log") || { echo "# $impl: not available, skipped" >&2; continue 3; }
      # shellcheck disable=SC2086
      line=$(timeout 300 taskset -c "$SERVER_CPU" $cmd | tail -1)
      # Serial and G1 log "Pause Young ... 370.875ms"; ZGC logs each pause of a cycle under gc+phases
      collections=$(grep -c -E "GC\([0-9]+\) (Pause Young|Pause Full|Minor Collection|Major Collection)" "$OUT/gc.log")
      longest=$(grep -o -E "Pause .* [0-9]+\.[0-9]+ms$" "$OUT/gc.log" | grep -o -E "[0-9]+\.[0-9]+ms$" | tr -d 'ms' | sort -g | tail -1)
      echo "# $impl gc=$gc run=$run $line collections=$collections longest_pause_ms=${longest:-0}" >&2
      printf "%s %s %s %s %s %s %s %s\n" "$(kv "$line" create_s)" "$(kv "$line" late_p50_ms)" "$(kv "$line" late_p99_ms)" \
        "$(kv "$line" late_max_ms)" "$(kv "$line" peak_rss_kb)" "$collections" "${longest:-0}" "$run" >> "$OUT/rows"
    done
    col() { awk -v c="$1" '{ print $c }' "$OUT/rows" | median; }
    printf "| %s | %s | %s | %.3f | %.2f | %.2f | %.2f | %.0f | %s | %.3f |\n" "$impl" "$gc" "$(wc -l < "$OUT/rows")" \
      "$(col 1)" "$(col 2)" "$(col 3)" "$(col 4)" "$(echo "$(col 5) / 1024" | bc -l)" "$(col 6)" "$(col 7)"
  done
done
}
