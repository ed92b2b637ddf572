"""Writing the index: one commit per change, big builds in two indexing processes."""
from __future__ import annotations

import gc
import threading
from pathlib import Path
from typing import Iterable

from whoosh import index as windex

from kb.documents import docs_of
from kb.index.schema import INDEX_NAME, SCHEMA
from kb.index.snapshots import _unreadable
from vocab.models import Update

BIG_BATCH = 4000  # items; larger writes use two indexing processes
SUB_LIMIT_MB = 32  # postings (as Whoosh counts them) each holds before spilling a sorted run to disk


def create(path: Path) -> None:
    """Create an empty index in a new directory."""
    path.mkdir(parents=True, exist_ok=True)
    windex.create_in(str(path), SCHEMA, indexname=INDEX_NAME)


def _writer(ix, items: int, fresh: bool):
    """One writer process; two for a big build of a fresh directory (their leftovers, should the build be
    killed, stay in that directory, which is then discarded; never in the live index)."""
    if fresh and items >= BIG_BATCH and threading.current_thread() is threading.main_thread():
        return ix.writer(procs=2, multisegment=True, batchsize=256, limitmb=SUB_LIMIT_MB, compound=False)
    return ix.writer(limitmb=128, compound=False)


def write(path: Path, puts: Iterable[Update], deletes: Iterable[str] = (), rebuild: bool = False) -> None:
    """Replace the given updates' documents (and drop `deletes`) in one commit: one new small segment
    for a small change, or a fresh build in several segments (`rebuild`)."""
    puts = list(puts)
    try:
        ix = windex.open_dir(str(path), indexname=INDEX_NAME)
        writer = _writer(ix, sum(len(u.items) for u in puts), fresh=rebuild)
    except Exception as e:
        raise _unreadable(e, path) from e
    known = set(ix.schema.names())  # an index made before a field existed gets it at `kb reindex`
    forks = hasattr(writer, "procs")
    if forks:  # the indexing processes get their documents by file: keep them from copying ours
        gc.freeze()  # (a collection in a forked child writes to every tracked object's page)
    try:
        if not rebuild:
            for uid in {u.id for u in puts} | set(deletes):
                writer.delete_by_term("update_id", uid)
        for update in puts:
            for doc in docs_of(update):
                writer.add_document(**{k: v for k, v in doc.items() if k in known})
        writer.commit()
    except BaseException as e:
        if not writer.is_closed:
            writer.cancel()
        if isinstance(e, Exception):
            raise _unreadable(e, path) from e
        raise
    finally:
        if forks:
            gc.unfreeze()


def build(path: Path, updates: Iterable[Update]) -> None:
    """Build a complete index in a new directory (beside the live one)."""
    create(path)
    write(path, updates, rebuild=True)
