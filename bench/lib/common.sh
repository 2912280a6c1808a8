# shellcheck shell=bash
# Shared by bench/run.sh and bench/jmh.sh: locations, engines and their JVM flags.
#
#   JAVA_HOME   a JDK 25 (required; the harness runs everything on it)
#   ENGINES     engines to measure (default "default carrier continuation"); an engine whose
#               program does not start in this JVM is left out with its reason
#   JVM_FLAGS_<engine>  JVM flags for that engine (defaults below; set to override, may be empty)

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT_DIR="$(cd "$BENCH_DIR/.." && pwd)"
PROGRAMS_JAR="$BENCH_DIR/programs/target/copas-bench-programs.jar"
JMH_JAR="$BENCH_DIR/jmh/target/copas-bench-jmh.jar"
ENGINES="${ENGINES:-default carrier continuation}"
BUILD_CMD="./mvnw -B -Pbench -pl bench/programs,bench/jmh -am package -DskipTests"

need_java25() {
  if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
    echo "JAVA_HOME must point at a JDK 25 (e.g. export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64)" >&2
    return 1
  fi
  JAVA="$JAVA_HOME/bin/java"
}

# JVM flags an engine needs (class path: the unnamed module). JVM_FLAGS_<engine> overrides.
engine_flags() {
  local var="JVM_FLAGS_${1//-/_}"
  if [ -n "${!var+set}" ]; then echo "${!var}"; return; fi
  case "$1" in
    carrier)      echo "--add-opens=java.base/java.lang=ALL-UNNAMED" ;;
    continuation) echo "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED" ;;
    *)            echo "" ;;
  esac
}

# Fails with the build command if a jar is missing; warns if the core or sync sources are newer
# than the copies the jar runs with (its lib/ folder; a shaded jar holds them itself), or the
# benchmarks' own sources newer than the jar. Maven leaves a jar whose content did not change as it
# was, so the jar's own date says nothing about the bundles.
need_jar() {
  local jar=$1
  if [ ! -f "$jar" ]; then
    echo "missing $jar: build the benchmarks first, in $ROOT_DIR:" >&2
    echo "  $BUILD_CMD" >&2
    return 1
  fi
  local newer module built
  newer=$( {
    for module in copas-core copas-sync; do
      built="$(dirname "$jar")/lib/$module.jar"
      [ -f "$built" ] || built=$jar
      find "$ROOT_DIR/bundles/$module/src/main" -newer "$built" -type f
    done
    find "$BENCH_DIR/programs/src" "$BENCH_DIR/jmh/src" -newer "$jar" -type f
  } 2>/dev/null | head -1)
  if [ -n "$newer" ]; then
    echo "# warning: sources changed since $(basename "$jar") was built (e.g. $newer);" >&2
    echo "#          rebuild with: $BUILD_CMD" >&2
  fi
}

# Waits (polling every 20 s, at most $1 s, default 1800) while a Maven build runs on this machine.
wait_no_maven() {
  local max=${1:-1800} waited=0
  while pgrep -f "maven|mvnw|plexus-classworlds" >/dev/null 2>&1; do
    [ "$waited" -ge "$max" ] && { echo "# a Maven build is still running after ${max}s; going on" >&2; return 1; }
    [ $((waited % 120)) -eq 0 ] && echo "# a Maven build is running: waiting for it to end (${waited}s)" >&2
    sleep 20; waited=$((waited + 20))
  done
  return 0
}

# The start of a stand-alone measuring script (syscalls.sh, gc.sh), called with its arguments:
# --help prints the script's header comment; otherwise checks the JDK and the programs jar and sets
# BENCH_WORK (the harness' work folder), PEER_CP (the class path of the harness' Java peers), OURS
# (cj-<engine> for each of ENGINES) and OUT (a scratch folder, removed on exit).
standalone_start() {
  case "${1:-}" in -h|--help) sed -n '2,/^{/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac
  need_java25 || exit 1
  need_jar "$PROGRAMS_JAR" || exit 1
  BENCH_WORK="${BENCH_WORK:-${TMPDIR:-/tmp}/copas-bench}"
  PEER_CP="$BENCH_WORK/java/target/classes:$BENCH_WORK/java/target/lib/*"
  local e; OURS=""; for e in $ENGINES; do OURS="$OURS cj-$e"; done
  OUT=$(mktemp -d)
  trap 'rm -rf "$OUT"' EXIT
}
