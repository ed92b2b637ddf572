"""What tagging costs at ingest: topics, organisations (names and learned acronyms) per item, on the benchmark's
synthetic archive, beside the whole parse; and the tagger on hostile text of growing size (linear or not).

    python -m benchmarks.tagging                  # 10,000 items
    python -m benchmarks.tagging --items 50000
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.synth import generate
from ingest import parse_archive
from ingest.archive import tag_organisations
from vocab.vocabulary import Vocabulary


def seconds(fn) -> float:
    """Wall time of one call."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=10_000)
    args = parser.parse_args()
    vocabulary = Vocabulary.shipped()
    taxonomy, organisations = vocabulary.topics, vocabulary.organisations
    with tempfile.TemporaryDirectory() as tmp:
        data = [(p.read_bytes(), p.name) for p in generate(Path(tmp), args.items)]
    archives = []
    parse = seconds(lambda: archives.extend(parse_archive(b, n, vocabulary) for b, n in data))
    items = [i for a in archives for u in a.updates for i in u.items]
    topics = seconds(lambda: [taxonomy.tag(i.heading, i.text) for i in items])
    orgs = seconds(lambda: [tag_organisations(a.updates, organisations) for a in archives])
    per = lambda s: f"{s:.2f} s ({s / len(items) * 1e6:.0f} µs an item)"  # noqa: E731
    print(f"{len(items)} items: whole parse {per(parse)}; of it, topics {per(topics)}, organisations {per(orgs)}")
    for words in (10_000, 40_000, 160_000):
        text = "Arts Council of the National Lottery (ACE) " * (words // 7)
        spent = seconds(lambda: (organisations.tag(text), organisations.learn(text, "x"), taxonomy.tag(None, text)))
        print(f"hostile text of {words:,} words: {spent:.2f} s ({spent / words * 1e6:.1f} µs a word)")


if __name__ == "__main__":
    main()
