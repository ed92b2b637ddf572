"""Search latency alone at one large size, without the peer: where Whoosh stops serving (docs/scaling.md).

    python -m benchmarks.scale --size 200000

Generates the benchmark's synthetic archive (benchmarks/synth.py), ingests it in this process, and runs
the benchmark's query mix (benchmarks/queries.py) in-process: p50 and p95 per round, as benchmarks.bench
does, but with no peer to build, so a size the peer's ingest cannot reach still gets measured.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench import latencies
from benchmarks.queries import mix
from benchmarks.synth import generate
from kb import KnowledgeBase
from kb import SearchRequest


def main(argv: list[str] | None = None) -> int:
    """Ingest `--size` synthetic items and print the in-process query latencies."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=200_000, help="items to generate")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of distinct queries")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kb-scale-") as tmp:
        archive, kb = Path(tmp) / "archive", KnowledgeBase(Path(tmp) / "kb")
        generate(archive, args.size)
        start = time.perf_counter()
        report = kb.ingest_files([archive])
        ingest = time.perf_counter() - start
        if report.failed:
            raise RuntimeError(f"{len(report.failed)} files failed to ingest")
        items = [{"text": i.text, "topics": i.topics, "date": i.date} for i in kb.export()]
        rounds = mix(items, rounds=args.rounds)
        kb.search(SearchRequest(q="warm up the reader"))
        p50, p95 = latencies(lambda q: kb.search(SearchRequest(q=q.q, topics=[q.topic] if q.topic else [],
                                                               date_from=q.date_from, date_to=q.date_to)), rounds)
        print(f"{args.size:,} items ({len(items):,} indexed with introductions): ingest {ingest:.0f} s, "
              f"{sum(map(len, rounds))} queries in-process: p50 {p50.show()} ms, p95 {p95.show()} ms "
              f"(median of {args.rounds} rounds, min-max)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
