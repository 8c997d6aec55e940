#!/usr/bin/env python3
"""Turns the benchmark results into the markdown tables of docs/performance.md.

    report.py [bench.json] [--latency latency.json] [--recovery recovery.json] [--heap heap.json]

bench.json is JMH's JSON: one throughput table per payload size, with ratios to the
baselines and peers of the same run. The other files come from the plain mains
(LatencyBench, RecoveryBench, BacklogHeapBench). A file that is not given or does
not exist is left out.
"""
import argparse
import json
import os


def frame_size(payload):
    """Bytes a walchan record occupies: 16-byte header + payload, padded to 8 (Format.frameSize)."""
    return ((16 + payload + 7) // 8) * 8


def load(path):
    if not path or not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


# ---- JMH throughput, one table per payload size ----

ROWS = [
    ("raw FileChannel write per record", "FileChannelBaseline.writePerRecord", None, None, "baseline"),
    ("raw write + fdatasync per record", "FileChannelBaseline.writeAndForcePerRecord", None, None, "baseline"),
    ("raw group commit (write, shared fdatasync), 4 threads", "FileChannelBaseline.groupCommit4", None, None, "baseline"),
    ("raw group commit (write, shared fdatasync), 16 threads", "FileChannelBaseline.groupCommit16", None, None, "baseline"),
    ("walchan send, FLUSH_ONLY, 1 sender", "SendBenchmark.send1[FlushOnly]", "raw write", "FileChannelBaseline.writePerRecord", ""),
    ("walchan send, SyncEvery(1000, 100 ms), 1 sender", "SendBenchmark.send1[SyncEvery]", "FLUSH_ONLY", "SendBenchmark.send1[FlushOnly]", "near 1.0× FLUSH_ONLY"),
    ("walchan send, SyncEvery(10000, 100 ms), 1 sender", "SyncEveryBenchmark.send1[10000]", "FLUSH_ONLY", "SendBenchmark.send1[FlushOnly]", "near 1.0× FLUSH_ONLY"),
    ("walchan send, SYNC_PER_SEND, 1 sender", "SendBenchmark.send1[SyncPerSend]", "raw write+fsync", "FileChannelBaseline.writeAndForcePerRecord", "≥ 0.9×"),
    ("walchan send, SYNC_PER_SEND, 4 senders", "SendBenchmark.send4[SyncPerSend]", "Artemis sync ×4", "ArtemisJournalBenchmark.appendSync4", "≥ 1.0×"),
    ("walchan send, SYNC_PER_SEND, 16 senders", "SendBenchmark.send16[SyncPerSend]", "Artemis sync ×16", "ArtemisJournalBenchmark.appendSync16", "≥ 1.0×"),
    ("(same, 4 senders, vs the raw group commit)", "SendBenchmark.send4[SyncPerSend]", "raw group commit ×4", "FileChannelBaseline.groupCommit4", ""),
    ("(same, 16 senders, vs the raw group commit)", "SendBenchmark.send16[SyncPerSend]", "raw group commit ×16", "FileChannelBaseline.groupCommit16", ""),
    ("Artemis journal append, sync, 1 thread", "ArtemisJournalBenchmark.appendSync1", None, None, "peer"),
    ("Artemis journal append, sync, 4 threads", "ArtemisJournalBenchmark.appendSync4", None, None, "peer"),
    ("Artemis journal append, sync, 16 threads", "ArtemisJournalBenchmark.appendSync16", None, None, "peer"),
    ("Artemis journal append, no sync", "ArtemisJournalBenchmark.appendNoSync1", None, None, "peer"),
    ("Chronicle Queue append", "ChronicleBenchmark.append1", None, None, "peer"),
    ("Tape QueueFile add+peek+remove (rwd)", "TapeBenchmark.addPeekRemove", "raw write+fsync", "FileChannelBaseline.writeAndForcePerRecord", "peer"),
    ("walchan end to end, FLUSH_ONLY: sends/s", "SendBenchmark.e2e[FlushOnly]:e2eSend", None, None, ""),
    ("walchan end to end, FLUSH_ONLY: received+acked/s", "SendBenchmark.e2e[FlushOnly]:received", "Chronicle e2e reads", "ChronicleBenchmark.e2e:read", "≥ 1.0×"),
    ("Chronicle Queue end to end: appends/s", "ChronicleBenchmark.e2e:e2eAppend", None, None, "peer"),
    ("Chronicle Queue end to end: reads/s", "ChronicleBenchmark.e2e:read", None, None, "peer"),
    ("Artemis journal end to end (adds/s)", "ArtemisJournalBenchmark.e2e:e2eAdd", None, None, "peer"),
    ("Camel walchan: -> route, FLUSH_ONLY", "CamelPipelineBenchmark.send[walchan]", "seda", "CamelPipelineBenchmark.send[seda]", "≥ 1.0×"),
    ("Camel seda: -> route", "CamelPipelineBenchmark.send[seda]", None, None, "baseline"),
]

# End-to-end pairs: (name, producer's ops/s, consumer's counter of messages actually taken, if it has one).
# The sustained rate is the smaller of the two: a producer faster than its consumer only grows the backlog.
WALCHAN_E2E = ("walchan", "SendBenchmark.e2e[FlushOnly]:e2eSend", "SendBenchmark.e2e[FlushOnly]:received")
# Only peers whose end-to-end mode keeps what FLUSH_ONLY keeps (a process crash loses nothing that was
# appended): Chronicle's appends are in the page cache. The Artemis journal with sync=false returns while
# the record is still in its own buffer in the JVM, so its rate is not a peer of FLUSH_ONLY (it stays in
# the table as a row of its own).
PEER_E2E = [("Chronicle", "ChronicleBenchmark.e2e:e2eAppend", "ChronicleBenchmark.e2e:read")]


def sustained(score, pair):
    rates = [score[k] for k in pair[1:] if k and k in score]
    return min(rates) if rates else None


def scores_by_payload(runs):
    """{payloadBytes: {"Class.method[param...]" (and ":secondary"): ops/s}}"""
    by_payload = {}
    for r in runs:
        parts = r["benchmark"].split(".")
        name = parts[-2] + "." + parts[-1]
        params = r.get("params", {})
        key = name + "".join("[%s]" % v for k, v in sorted(params.items()) if k != "payloadBytes")
        score = by_payload.setdefault(int(params.get("payloadBytes", 100)), {})
        score[key] = r["primaryMetric"]["score"]
        for sub, m in r.get("secondaryMetrics", {}).items():
            if not sub.startswith("gc") and not sub.startswith("·"):
                score[key + ":" + sub] = m["score"]
    return by_payload


def throughput_table(payload, score):
    frame = frame_size(payload)

    def row(label, k, base_label=None, base_k=None, goal=None):
        v = score.get(k)
        if v is None:
            return "| %s | n/a | | | |" % label
        ratio = ""
        if base_k and score.get(base_k):
            ratio = "%.2f× %s" % (v / score[base_k], base_label)
        return "| %s | %s | %.1f | %s | %s |" % (label, "{:,.0f}".format(v), v * frame / 1e6, ratio, goal or "")

    print("### %d-byte messages (frame %d B)" % (payload, frame))
    print()
    print("| scenario (%d-byte messages) | msg/s | MB/s | ratio | goal |" % payload)
    print("|---|---:|---:|---|---|")
    for r in ROWS:
        print(row(*r))
    walchan = sustained(score, WALCHAN_E2E)
    peers = [(rate, pair[0]) for pair in PEER_E2E for rate in [sustained(score, pair)] if rate]
    if walchan and peers:
        best, name = max(peers)
        print("| walchan end to end, sustained, vs the best peer of the same guarantee | %s | %.1f | %.2f× %s (sustained) | %s |"
              % ("{:,.0f}".format(walchan), walchan * frame / 1e6, walchan / best, name,
                 "≥ 1.0×" if payload == 4096 else ""))
    print()


# ---- latency (LatencyBench) ----

def micros(ns):
    return "%.1f" % (ns / 1e3)


def latency_tables(rows):
    for payload in sorted({r["payloadBytes"] for r in rows}):
        print("### Latency, %d-byte messages (µs)" % payload)
        print()
        print("| scenario | p50 | p99 | p99.9 | max | samples |")
        print("|---|---:|---:|---:|---:|---:|")
        for r in rows:
            if r["payloadBytes"] == payload:
                print("| %s | %s | %s | %s | %s | %s |" % (r["scenario"], micros(r["p50"]), micros(r["p99"]),
                                                        micros(r["p999"]), micros(r["max"]), "{:,}".format(r["count"])))
        print()


# ---- recovery (RecoveryBench) ----

def recovery_table(rows):
    print("### Recovery on open (warm cache: the page cache is not dropped, that needs root)")
    print()
    print("| segments | messages | walchan open | CRC32C scan of the same files | ratio |")
    print("|---:|---:|---:|---:|---|")
    for r in rows:
        print("| %.0f MB | %s × %d B | %.1f MB/s (%.3f s) | %.1f MB/s (%.3f s) | %.2f× scan |"
              % (r["logBytes"] / 1e6, "{:,}".format(r["messages"]), r["payloadBytes"], r["openMBps"],
                 r["openSeconds"], r["scanMBps"], r["scanSeconds"], r["ratio"]))
    print()


# ---- heap (BacklogHeapBench) ----

def mib(b):
    return "%.1f" % (b / 2**20)


def heap_table(rows):
    print("### Heap while draining a backlog (used after System.gc(), MiB; JVM max heap %.0f MiB)"
          % (rows[0]["jvmMaxHeap"] / 2**20))
    print()
    print("| backlog | messages | in flight | before open | at open | mid-drain | max |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| %s MiB | %s × %d B | %s | %s | %s | %s | %s |"
              % ("{:,}".format(r["backlogMiB"]), "{:,}".format(r["messages"]), r["payloadBytes"],
                 "{:,}".format(r["inFlight"]), mib(r["heapBeforeOpen"]), mib(r["heapAtOpen"]),
                 mib(r["heapMidDrain"]), mib(r["heapMax"])))
    if len(rows) > 1:
        small = min(rows, key=lambda r: r["backlogMiB"])
        large = max(rows, key=lambda r: r["backlogMiB"])
        print("| max heap, %s MiB / %s MiB backlog | | | | | | %.2f× (goal ≈ 1.0×) |"
              % ("{:,}".format(large["backlogMiB"]), "{:,}".format(small["backlogMiB"]),
                 large["heapMax"] / small["heapMax"]))
    print()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("bench", nargs="?", help="JMH JSON (bench.json)")
    ap.add_argument("--latency", help="latency.json from LatencyBench")
    ap.add_argument("--recovery", help="recovery.json from RecoveryBench")
    ap.add_argument("--heap", help="heap.json from BacklogHeapBench")
    args = ap.parse_args()

    runs = load(args.bench)
    if runs:
        for payload, score in sorted(scores_by_payload(runs).items()):
            throughput_table(payload, score)
    latency = load(args.latency)
    if latency:
        latency_tables(latency)
    recovery = load(args.recovery)
    if recovery:
        recovery_table(recovery)
    heap = load(args.heap)
    if heap:
        heap_table(heap)


if __name__ == "__main__":
    main()
