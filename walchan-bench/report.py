#!/usr/bin/env python3
"""Turns JMH JSON into the markdown table of docs/performance.md, with ratios to same-run baselines."""
import json
import sys

runs = json.load(open(sys.argv[1]))
score = {}
for r in runs:
    name = r["benchmark"].split(".")[-2] + "." + r["benchmark"].split(".")[-1]
    params = r.get("params", {})
    key = name + "".join("[%s]" % v for k, v in sorted(params.items()) if k != "payloadBytes")
    score[key] = r["primaryMetric"]["score"]
    for sub, m in r.get("secondaryMetrics", {}).items():
        if not sub.startswith("gc") and not sub.startswith("·"):
            score[key + ":" + sub] = m["score"]

payload = 100
frame = 16 + payload

def get(k):
    return score.get(k)

def row(label, k, base_label=None, base_k=None, goal=None):
    v = get(k)
    if v is None:
        return "| %s | n/a | | | |" % label
    mbs = v * frame / 1e6
    ratio = ""
    if base_k and get(base_k):
        ratio = "%.2f× %s" % (v / get(base_k), base_label)
    return "| %s | %s | %.1f | %s | %s |" % (label, "{:,.0f}".format(v), mbs, ratio, goal or "")

print("| scenario (100-byte messages) | msg/s | MB/s | ratio | goal |")
print("|---|---:|---:|---|---|")
rows = [
    ("raw FileChannel write per record", "FileChannelBaseline.writePerRecord", None, None, "baseline"),
    ("raw write + fdatasync per record", "FileChannelBaseline.writeAndForcePerRecord", None, None, "baseline"),
    ("walchan send, FLUSH_ONLY, 1 sender", "SendBenchmark.send1[FlushOnly]", "raw write", "FileChannelBaseline.writePerRecord", ""),
    ("walchan send, SyncEvery(1000, 100 ms), 1 sender", "SendBenchmark.send1[SyncEvery]", "FLUSH_ONLY", "SendBenchmark.send1[FlushOnly]", "near 1.0× FLUSH_ONLY"),
    ("walchan send, SYNC_PER_SEND, 1 sender", "SendBenchmark.send1[SyncPerSend]", "raw write+fsync", "FileChannelBaseline.writeAndForcePerRecord", "≥ 0.9×"),
    ("walchan send, SYNC_PER_SEND, 4 senders", "SendBenchmark.send4[SyncPerSend]", "Artemis sync ×4", "ArtemisJournalBenchmark.appendSync4", "≥ 1.0×"),
    ("walchan send, SYNC_PER_SEND, 16 senders", "SendBenchmark.send16[SyncPerSend]", "Artemis sync ×16", "ArtemisJournalBenchmark.appendSync16", "≥ 1.0×"),
    ("Artemis journal append, sync, 1 thread", "ArtemisJournalBenchmark.appendSync1", None, None, "peer"),
    ("Artemis journal append, sync, 4 threads", "ArtemisJournalBenchmark.appendSync4", None, None, "peer"),
    ("Artemis journal append, sync, 16 threads", "ArtemisJournalBenchmark.appendSync16", None, None, "peer"),
    ("Artemis journal append, no sync", "ArtemisJournalBenchmark.appendNoSync1", None, None, "peer"),
    ("Chronicle Queue append", "ChronicleBenchmark.append1", None, None, "peer"),
    ("Tape QueueFile add+peek+remove (rwd)", "TapeBenchmark.addPeekRemove", "raw write+fsync", "FileChannelBaseline.writeAndForcePerRecord", "peer"),
    ("walchan end to end, FLUSH_ONLY (sends/s)", "SendBenchmark.e2e[FlushOnly]:e2eSend", "Chronicle e2e", "ChronicleBenchmark.e2e:e2eAppend", "≥ 1.0×"),
    ("Chronicle Queue end to end (appends/s)", "ChronicleBenchmark.e2e:e2eAppend", None, None, "peer"),
    ("Artemis journal end to end (adds/s)", "ArtemisJournalBenchmark.e2e:e2eAdd", None, None, "peer"),
    ("Camel walchan: -> route, FLUSH_ONLY", "CamelPipelineBenchmark.send[walchan]", "seda", "CamelPipelineBenchmark.send[seda]", "≥ 1.0×"),
    ("Camel seda: -> route", "CamelPipelineBenchmark.send[seda]", None, None, "baseline"),
]
for r in rows:
    print(row(*r))
