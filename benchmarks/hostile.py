"""One hostile upload against a 10,000-item archive: the median time of `/api/search?q=furlough` before
and after an update whose one item is 20,000 "Furlough scheme." sentences is added (issue 12, point 1).

    python -m benchmarks.hostile [--items 10000] [--sentences 20000] [--rounds 9]
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.synth import generate


def hostile_update(sentences: int) -> bytes:
    """A one-update plain-text archive whose only item repeats one short sentence."""
    body = " ".join(["Furlough scheme."] * sentences)
    return f"June 8, 2030\n\nUpdate from Co-Chairs, 8 June 2030\n\n{body}\n".encode()


def median_seconds(client, path: str, rounds: int) -> tuple[float, float]:
    """Median and worst wall time of `rounds` GETs of `path` (after one warm-up), each checked for a 200."""
    times = []
    for n in range(rounds + 1):
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}: {response.get_data(as_text=True)[:200]}")
        if n:
            times.append(elapsed)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--sentences", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()

    from kb import KnowledgeBase
    from web import create_app

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "kb"
        kb = KnowledgeBase(home)
        started = time.perf_counter()
        kb.ingest_files(generate(Path(tmp) / "archive", args.items))
        print(f"built {args.items:,} synthetic items in {time.perf_counter() - started:.1f} s")
        client = create_app({"TESTING": True, "KB_HOME": str(home), "SECRET_KEY": "bench"}).test_client()
        path = "/api/search?q=furlough"
        before, worst_before = median_seconds(client, path, args.rounds)
        report = kb.ingest_bytes(hostile_update(args.sentences), "hostile.txt")
        for warning in getattr(report, "warnings", []):  # (older commits have none: compare with them)
            print(f"ingest warning: {warning}")
        after, worst_after = median_seconds(client, path, args.rounds)
        print(f"{path} over {args.rounds} rounds (median, worst):")
        print(f"  before the hostile update: {before:.3f} s, {worst_before:.3f} s")
        print(f"  after it ({args.sentences:,} sentences in one item): {after:.3f} s, {worst_after:.3f} s "
              f"(target < 1 s: {'met' if after < 1 else 'MISSED'})")


if __name__ == "__main__":
    main()
