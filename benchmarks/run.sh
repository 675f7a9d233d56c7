#!/usr/bin/env bash
# Builds what the benchmarks need and runs every figure for the three contenders (raw nacos-client, Dubbo's built-in
# nacos discovery, nacos-app) against one server, writing benchmarks/results/results.md and the raw CSVs.
#
#   ./benchmarks/run.sh                                 # embedded Nacos-compatible server on 127.0.0.1
#   ./benchmarks/run.sh -Dnacos.addr=127.0.0.1:8848     # a real Nacos instead (or NACOS_ADDR=127.0.0.1:8848)
#   ./benchmarks/run.sh -Dbench.phases=propagation,conversion -Dbench.propagation.rounds=5
#
# Every -D argument is passed to the harness; see BenchSettings for the keys. BENCH_SKIP_BUILD=1 skips the Maven
# build (after a first run). Takes about 10-11 minutes on 2 idle cores (see README.md, Running).
set -euo pipefail

started_ms=$(date +%s%3N)
case "$started_ms" in *[!0-9]*) started_ms=$(($(date +%s) * 1000)) ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

jvm_props=()
for arg in "$@"; do
  case "$arg" in
    -D*) jvm_props+=("$arg") ;;
    *) echo "run.sh: unexpected argument '$arg' (only -Dkey=value is accepted)" >&2; exit 2 ;;
  esac
done

if [ "${BENCH_SKIP_BUILD:-}" = 1 ]; then
  echo "BENCH_SKIP_BUILD=1: using the classes already built in benchmarks/target."
else
  echo "Building the benchmarks module and what it depends on..."
  ./mvnw -q -B -Dmaven.test.skip=true -Dspotless.check.skip=true install -pl benchmarks -am
fi

work="$root/benchmarks/target/bench-work"
rm -rf "$work"
mkdir -p "$work/home" "$work/logs"
classpath="$root/benchmarks/target/classes:$root/benchmarks/target/lib/*"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$root" --no-optional-locks status --porcelain 2>/dev/null | head -1)" ]; then
  commit="$commit, uncommitted changes"
fi

echo "Running the benchmarks; Dubbo's and nacos-client's logs go to benchmarks/target/bench-work/logs/."
# user.home points into the work directory so that nacos-client's and Dubbo's caches and logs start empty on every
# run and never touch the real home directory; child JVMs inherit it.
exec java -Xms512m -Xmx1g \
  -Duser.home="$work/home" \
  -DJM.LOG.PATH="$work/logs/nacos" \
  -DJM.SNAPSHOT.PATH="$work/home" \
  -Dnacos.logging.default.config.enabled=false \
  -Dorg.slf4j.simpleLogger.logFile=System.err \
  -Dbench.command-started-ms="$started_ms" \
  -Dbench.command="./benchmarks/run.sh${*:+ $*}" \
  -Dbench.commit="$commit" \
  -Dbench.results-dir="$root/benchmarks/results" \
  -Dbench.work-dir="$work" \
  ${jvm_props[@]+"${jvm_props[@]}"} \
  -cp "$classpath" dev.nacosapp.benchmarks.BenchMain 2>"$work/logs/harness.log"
