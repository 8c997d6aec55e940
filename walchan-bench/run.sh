#!/usr/bin/env bash
# Runs the benchmark suite side by side and writes target/bench-report.md:
# msg/s and MB/s per scenario and the ratios to the baselines of the same run.
#   walchan-bench/run.sh            # ~5 minutes
#   QUICK=1 walchan-bench/run.sh    # 1 iteration each, a smoke run
#   BENCH_INCLUDE='SendBenchmark.e2e|ChronicleBenchmark.e2e' walchan-bench/run.sh   # a subset (JMH regex)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl walchan-bench -am -DskipTests install
# A private copy of every jar: a concurrent `mvn install` must not swap a jar under a running fork.
rm -rf walchan-bench/target/lib
mvn -B -q -pl walchan-bench dependency:copy-dependencies -DoutputDirectory=target/lib -DincludeScope=runtime
cp walchan-bench/target/walchan-bench-0.1.0-SNAPSHOT.jar walchan-bench/target/lib/
CP="walchan-bench/target/lib/*"
ITER=${QUICK:+1}; ITER=${ITER:-3}
WARM=${QUICK:+1}; WARM=${WARM:-2}
mkdir -p walchan-bench/target
java -cp "$CP" org.openjdk.jmh.Main -f 1 -wi "$WARM" -w 1s -i "$ITER" -r 2s -to 60s \
  -p payloadBytes=100 -rf json -rff walchan-bench/target/bench.json \
  "${BENCH_INCLUDE:-SendBenchmark|FileChannelBaseline|TapeBenchmark|ArtemisJournalBenchmark|ChronicleBenchmark|CamelPipelineBenchmark}" \
  | tee walchan-bench/target/bench.log
python3 walchan-bench/report.py walchan-bench/target/bench.json > walchan-bench/target/bench-report.md
cat walchan-bench/target/bench-report.md
