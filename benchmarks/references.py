"""How long cross-references cost on a synthetic archive: the reads that resolve them against every held
update (item page, update page, kb gaps) and the search timeline with its threads.

    python -m benchmarks.references            # 1,000 and 10,000 items
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synth import generate
from kb import crossrefs
from kb import KnowledgeBase
from kb import SearchRequest
from web import create_app


def median_ms(fn, runs: int = 5) -> float:
    """The median wall time of `runs` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)[len(times) // 2]


def measure(items: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(Path(tmp) / "kb")
        kb.ingest_files(generate(Path(tmp) / "src", items))
        item = next(iter(kb.export()))
        client = create_app({"TESTING": True, "KB_HOME": str(kb.root)}).test_client()
        figures = {
            "get_item (references resolved)": lambda: kb.get_item(item.id),
            "cross_references (every item)": kb.cross_references,
            "building them (once per write)": lambda: crossrefs.build(kb.list_updates()),
            "kb gaps": kb.gaps,
            "topic_months": lambda: kb.topic_months("Furlough & job retention"),
            "counted_updates (timeline threads read it)": kb.counted_updates,
            "item page": lambda: client.get(f"/items/{item.id}"),
            "update page": lambda: client.get(f"/updates/{item.update_id}"),
            "topic page (with months)": lambda: client.get("/topics/furlough"),
            "question search (timeline threads)": lambda: kb.search(SearchRequest(q="what was said about furlough")),
        }
        for name, fn in figures.items():
            print(f"{items:>7} items  {name:<38} {median_ms(fn):8.1f} ms")


if __name__ == "__main__":
    for size in [int(a) for a in sys.argv[1:]] or [1000, 10000]:
        measure(size)
