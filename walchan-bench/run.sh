#!/usr/bin/env bash
# Runs the benchmark suite side by side and writes walchan-bench/target/bench-report.md:
# JMH throughput per payload size (msg/s, MB/s, ratios to the baselines and peers of the
# same run), then latency percentiles (LatencyBench), the recovery rate (RecoveryBench)
# and heap against backlog size (BacklogHeapBench).
#   walchan-bench/run.sh            # ~15 minutes
#   QUICK=1 walchan-bench/run.sh    # short iterations and small sizes: a 2-3 minute smoke run
#   BENCH_INCLUDE='SendBenchmark.e2e|ChronicleBenchmark.e2e' walchan-bench/run.sh   # a JMH subset (JMH regex)
#   PAYLOADS='100 4096'             # payload sizes in bytes for JMH and LatencyBench (the default)
#   JMH=0 LATENCY=0 RECOVERY=0 HEAP=0   # skip a part (each defaults to 1)
#   BENCH_JAVA_OPTS='-Dheap.backlogMiB=10,10240'   # extra JVM options for the three mains (last -D wins)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl walchan-bench -am -DskipTests install
# A private copy of every jar: a concurrent `mvn install` must not swap a jar under a running fork.
rm -rf walchan-bench/target/lib
mvn -B -q -pl walchan-bench dependency:copy-dependencies -DoutputDirectory=target/lib -DincludeScope=runtime
cp walchan-bench/target/walchan-bench-0.1.0-SNAPSHOT.jar walchan-bench/target/lib/
CP="walchan-bench/target/lib/*"
OUT=walchan-bench/target
DATA="$PWD/walchan-bench/target/bench-data"
trap 'rm -rf "$DATA"' EXIT
rm -f "$OUT"/bench.json "$OUT"/latency.json "$OUT"/recovery.json "$OUT"/heap.json "$OUT"/bench.log

PAYLOADS=${PAYLOADS:-100 4096}
# Where every benchmark puts its data (JMH forks inherit the -D) and the mains their JSON.
DIRS=(-Dwalchan.bench.dir="$DATA" -Dwalchan.bench.results="$OUT")
# Chronicle Queue's JVM flags, as on ChronicleBenchmark's @Fork (LatencyBench opens a queue too).
CHRONICLE=(--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED
  -Dchronicle.analytics.disable=true)
# shellcheck disable=SC2206 # split on purpose: a list of JVM options
EXTRA=(-Dwalchan.bench.run=run.sh ${BENCH_JAVA_OPTS:-}) # never empty: bash < 4.4 rejects "${EMPTY[@]}" under set -u
if [ "${QUICK:-0}" != 0 ]; then
  JMH_TIMES=(-wi 1 -w 200ms -i 1 -r 500ms)
  LATENCY_OPTS=(-Dlatency.warmupSeconds=1 -Dlatency.seconds=1)
  RECOVERY_OPTS=(-Drecovery.mib=64 -Drecovery.rounds=1)
  HEAP_OPTS=(-Dheap.backlogMiB=10,100)
else
  JMH_TIMES=(-wi 2 -w 1s -i 3 -r 2s)
  LATENCY_OPTS=(-Dlatency.warmupSeconds=2 -Dlatency.seconds=5)
  RECOVERY_OPTS=(-Drecovery.mib=1024 -Drecovery.rounds=3)
  HEAP_OPTS=(-Dheap.backlogMiB=10,1024)
fi

if [ "${JMH:-1}" != 0 ]; then
  java "${DIRS[@]}" -cp "$CP" org.openjdk.jmh.Main -f 1 "${JMH_TIMES[@]}" -to 60s \
    -p payloadBytes="$(echo "$PAYLOADS" | tr -s ' ' ',')" -rf json -rff "$OUT/bench.json" \
    "${BENCH_INCLUDE:-SendBenchmark|SyncEveryBenchmark|FileChannelBaseline|TapeBenchmark|ArtemisJournalBenchmark|ChronicleBenchmark|CamelPipelineBenchmark}" \
    | tee -a "$OUT/bench.log"
fi
if [ "${LATENCY:-1}" != 0 ]; then
  # shellcheck disable=SC2086 # PAYLOADS: one argument per size
  java "${DIRS[@]}" "${CHRONICLE[@]}" "${LATENCY_OPTS[@]}" "${EXTRA[@]}" -cp "$CP" io.walchan.bench.LatencyBench \
    $PAYLOADS | tee -a "$OUT/bench.log"
fi
if [ "${RECOVERY:-1}" != 0 ]; then
  java "${DIRS[@]}" "${RECOVERY_OPTS[@]}" "${EXTRA[@]}" -cp "$CP" io.walchan.bench.RecoveryBench \
    | tee -a "$OUT/bench.log"
fi
if [ "${HEAP:-1}" != 0 ]; then
  # A heap far smaller than the largest backlog: draining it proves the heap does not grow with it.
  java -Xmx256m "${DIRS[@]}" "${HEAP_OPTS[@]}" "${EXTRA[@]}" -cp "$CP" io.walchan.bench.BacklogHeapBench \
    | tee -a "$OUT/bench.log"
fi

python3 walchan-bench/report.py "$OUT/bench.json" --latency "$OUT/latency.json" --recovery "$OUT/recovery.json" \
  --heap "$OUT/heap.json" > "$OUT/bench-report.md"
cat "$OUT/bench-report.md"
