"""The knowledge base as one object: the face that the `kb` command, the web app and scripts use.

Reads run here, each on a fresh snapshot of the index (kb.index); writes run behind it in kb.ingesting; paths
and locking live in kb.home, sources and records in kb.store, query interpretation in kb.query and running
searches in kb.search.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kb import crossrefs, index, store, vocabulary
from kb import home as homes
from kb.errors import BadQuery, HomeError, IndexMissing, IndexUnreadable, KBError, NotFound, QueryError, QueryTooSlow, SearchTooSlow
from kb.ingesting import FileReport, IngestReport, Writer
from kb.previews import Preview, correction_notes
from kb.results import SearchRequest, SearchResult
from kb.settings import MAX_FILE_MB, QUERY_TIME_LIMIT_MS, setting
from vocab.models import Correction, Item, Update
from vocab.text import slugify
from vocab.vocabulary import Vocabulary


@dataclass
class TopicCount:
    """A topic of the taxonomy and how many items carry it."""

    name: str
    slug: str
    description: str
    count: int


class KnowledgeBase:
    """One knowledge-base directory: stored sources, records, the index, and the topic list."""

    def __init__(self, root: Path | str | None = None, lock_timeout: float | None = None,
                 query_time_limit_ms: int | None = None, max_file_mb: float | None = None) -> None:
        self.root = homes.resolve(root)  # the directory (given, else $KB_HOME, else the per-user one)
        self.home = homes.Home(self.root)  # what lives where in it
        self.lock_timeout = lock_timeout
        self.query_time_limit_ms = (setting("KB_QUERY_TIME_LIMIT_MS", QUERY_TIME_LIMIT_MS)
                                    if query_time_limit_ms is None else query_time_limit_ms)
        self.max_file_mb = setting("KB_MAX_FILE_MB", MAX_FILE_MB, 1) if max_file_mb is None else max_file_mb
        self._vocabulary: Vocabulary | None = None
        self._recovered: str | None = None
        try:
            self.home.ensure()
        except HomeError:
            pass  # a read-only directory can still be searched; writes will say why they fail

    def close(self) -> None:
        """Nothing stays open between calls (searchers are opened per call)."""

    @property
    def vocabulary(self) -> Vocabulary:
        """Its topic list and organisations list (its own, else the shipped ones) with the learned acronyms."""
        if self._vocabulary is None:
            self._vocabulary = vocabulary.load(self.home)
        return self._vocabulary

    def _snapshot_vocabulary(self, snapshot) -> Vocabulary:
        """The vocabulary, loaded once per index generation (and state of its files) with the snapshot."""
        if snapshot is None:
            return self.vocabulary
        return vocabulary.cached(self.home, snapshot.cache)

    # ------------------------------------------------------------ reads
    def _read(self, fn):
        def guarded(snapshot):
            if snapshot is None and self.home.index_lost():
                raise IndexMissing(f"there is no index in {self.home.indexes} although updates are stored")
            return fn(snapshot)
        try:
            return index.read(self.home, guarded)
        except IndexMissing as e:
            raise KBError(f"{e}. Run `kb reindex` to rebuild it from the stored sources.") from e
        except IndexUnreadable as e:
            raise KBError(f"{e}. Run `kb check --repair` to rebuild it from the stored sources.") from e
        except HomeError as e:
            raise KBError(str(e)) from e

    def search(self, request: SearchRequest) -> SearchResult:
        """Run a search (see kb.query for what the query text may hold); BadQuery for a bad date filter."""
        from kb import search

        limit = self.query_time_limit_ms
        try:
            with index.time_limit(limit / 1000 if limit else None):
                return self._read(lambda snap: search.run(snap, request, self._snapshot_vocabulary(snap)))
        except QueryError as e:
            raise BadQuery(str(e)) from e
        except QueryTooSlow:
            raise SearchTooSlow(f"this search took too long (over {limit:,} ms): try fewer or rarer words, "
                                "a phrase, or a topic or date filter") from None

    def get_item(self, item_id: str) -> Item:
        """One item; NotFound if there is no such item."""
        found = self._read(lambda snap: snap and _resolve_items([snap.item(item_id)], snap)[0])
        if not found:
            raise NotFound(f"there is no item {item_id!r}")
        return found

    def get_update(self, update_id: str) -> Update:
        """One update with its items; NotFound if there is no such update."""
        found = self._read(lambda snap: snap and _resolve_update(snap.update(update_id), snap))
        if not found:
            raise NotFound(f"there is no update {update_id!r}")
        return found

    def get_update_window(self, update_id: str, offset: int = 0, limit: int = 200) -> tuple[Update, int]:
        """One update with `limit` of its items after the first `offset`, and its number of items in all
        (a page of an update of thousands of items reads that page); NotFound if there is no such update."""
        def window(snap):
            found = snap.update_window(update_id, offset, limit) if snap else None
            return found and (_resolve_update(found[0], snap), found[1])

        found = self._read(window)
        if not found:
            raise NotFound(f"there is no update {update_id!r}")
        return found

    def source_file(self, update_id: str) -> tuple[Path, str]:
        """The stored copy of the file an update's current version came from, and the name it had."""
        entry = store.source_of(self.home, update_id)
        path = self.home.sources / Path(entry["stored"]).name if entry else None
        if path is None or not path.is_file():
            raise NotFound(f"there is no stored source for the update {update_id!r}")
        return path, Path(entry["name"]).name

    def list_updates(self, limit: int | None = None, items: bool = True) -> list[Update]:
        """Updates newest first (the newest `limit`), with their items unless `items` is False."""
        return self._read(lambda snap: snap.updates(limit, items) if snap else [])

    def update_listing(self, limit: int | None = None, offset: int = 0) -> list[dict]:
        """Updates newest first (`limit` of them after the newest `offset`) as JSON objects, listing their
        item ids, not the items."""
        found = self._read(lambda snap: snap.item_ids(limit, offset) if snap else [])
        return [{**update.to_dict(), "items": ids} for update, ids in found]

    def review_updates(self) -> list[tuple[Update, int]]:
        """The updates whose reading needs a look (a guess, not a fact: see Update.needs_review), newest first,
        without items, each with its number of items."""
        return self._read(lambda snap: snap.review_updates() if snap else [])

    def counted_updates(self, limit: int | None = None, offset: int = 0) -> list[tuple[Update, int]]:
        """Updates newest first (`limit` of them after the newest `offset`, without items), each with its
        number of items."""
        return self._read(lambda snap: snap.counted_updates(limit, offset) if snap else [])

    def update_count(self) -> int:
        """How many updates there are."""
        return self._read(lambda snap: snap.update_count() if snap else 0)

    def topics(self) -> list[TopicCount]:
        """Every topic of the taxonomy (and any other topic items carry), with item counts."""
        counts = self._read(lambda snap: snap.topic_counts() if snap else {})
        listed = [TopicCount(t.name, t.slug, t.description, counts.pop(t.name, 0)) for t in self.vocabulary.topics.topics]
        return listed + [TopicCount(name, slugify(name), "", n) for name, n in sorted(counts.items())]

    def find_topic(self, value: str) -> str | None:
        """The topic a typed name, slug, part of a name or one of its terms stands for; None for none."""
        from kb.query import resolve_topic

        return resolve_topic(self.vocabulary.topics, value)

    def topic_months(self, name: str) -> list[tuple[str, int]]:
        """Items tagged with a topic per month ("2020-04", count), oldest first, empty months between included."""
        found = self._read(lambda snap: snap.months(snap.topic_docs().get(name, frozenset())) if snap else {})
        if not found:
            return []
        months, (year, month) = [], map(int, min(found).split("-"))
        while f"{year:04d}-{month:02d}" <= max(found):
            key = f"{year:04d}-{month:02d}"
            months.append((key, found.get(key, 0)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    def organisation_counts(self) -> list[vocabulary.OrganisationCount]:
        """Every organisation known (listed or learned, and any other items carry) with item counts."""
        counts = self._read(lambda snap: snap.organisation_counts() if snap else {})
        return vocabulary.counted(self.vocabulary.organisations, counts)

    def related(self, item_id: str, limit: int = 5) -> list[Item]:
        """Items from other updates most like this one."""
        return self._read(lambda snap: snap.related(item_id, limit) if snap else [])

    def export(self) -> Iterator[Item]:
        """Every item in date order."""
        return iter(self._read(lambda snap: _resolve_items(snap.all_items(), snap) if snap else []))

    def cross_references(self) -> crossrefs.CrossRefs:
        """Every item's references resolved against the held updates, and what points at what."""
        return self._read(lambda snap: _crossrefs(snap) if snap else crossrefs.build([]))

    def item_references(self, item: Item) -> crossrefs.ItemReferences:
        """What points at an item (or its update), and the item's thread."""
        from kb import threads

        refs = self.cross_references()
        earlier, later = threads.thread(refs.items.get(item.id, item), refs)
        return crossrefs.ItemReferences(refs.referred_by(item.id) + refs.referred_by(item.update_id), earlier, later)

    def update_references(self, update_id: str) -> tuple[list, list]:
        """The references an update's items make to other updates, and the items of others pointing at it:
        two lists of (item, reference)."""
        refs = self.cross_references()
        return refs.refers_to(update_id), refs.referred_by(update_id)

    def gaps(self) -> dict:
        """What the archive seems to miss: see kb.gaps.find. Worked out once per index generation (by one
        thread, the others waiting for it) and shared: never to be changed."""
        from kb import gaps

        return self._read(lambda snap: index.once(snap.cache, "gaps", lambda: gaps.find(_crossrefs(snap))) if snap
                          else gaps.find(crossrefs.build([])))

    def stats(self) -> dict:
        """Counts and sizes: updates, items, topics, stored sources, index size, last write."""
        counts = self._read(lambda snap: {**snap.counts(), "topics": len(snap.topic_counts())} if snap
                            else {"updates": 0, "items": 0, "topics": 0})
        return {"home": str(self.root), **counts, **store.disk_stats(self.home)}

    # ------------------------------------------------------------ writes
    def _write(self, fn: Callable[[Writer], object]):
        """Run a write on the write path (kb.ingesting) and forget the vocabulary it may have taught."""
        writer = Writer(self.home, self.lock_timeout, self.max_file_mb, self._vocabulary)
        try:
            return fn(writer)
        finally:
            self._recovered = writer.recovered
            self._vocabulary = None

    def ingest_files(self, paths: Iterable[Path], progress: Callable[[str], None] | None = None,
                     given_date: str | None = None) -> IngestReport:
        """Ingest archive files and directories (recursively); a bad file is reported, the rest go in.
        `given_date` (YYYY-MM-DD) dates the updates that the files themselves do not date."""
        return self._write(lambda w: w.ingest_files(paths, progress, given_date))

    def ingest_bytes(self, data: bytes, name: str, given_date: str | None = None,
                     corrections: Iterable[Correction] = ()) -> FileReport:
        """Ingest one uploaded archive, with the corrections made on its preview (kept beside its stored copy
        and applied whenever it is read again); raises IngestError (and stores nothing) when it cannot be read."""
        return self._write(lambda w: w.ingest_bytes(data, name, given_date, list(corrections)))

    def preview_bytes(self, data: bytes, name: str, given_date: str | None = None,
                      corrections: Iterable[Correction] = ()) -> Preview:
        """How an archive file reads (with the corrections kept for it and the new `corrections`) and what
        storing it would do; writes nothing. IngestError when it cannot be read."""
        return self._write(lambda w: w.preview(data, name, given_date, list(corrections)))

    def correct(self, update_id: str, correction: Correction) -> dict:
        """Correct how a stored update was read (Correction("date", "2024-03-14"), ("title", "..."), or a line:
        "heading", "not-heading", "split", "merge" with `line`): its source is read again with the correction,
        which is kept beside it, and stored in one write. KBError when it does not apply."""
        return self._write(lambda w: w.correct(update_id, correction))

    def ingest_urls(self, urls: Iterable[str], follow_next: int = 0, given_date: str | None = None) -> IngestReport:
        """Fetch pages over HTTP(S) (and up to `follow_next` pages after each) and ingest each as a saved
        page; a page that cannot be fetched or read is reported by its address, the rest go in."""
        return self._write(lambda w: w.ingest_urls(urls, follow_next, given_date))

    def remove(self, update_ids: Iterable[str]) -> list[str]:
        """Remove updates and their items; NotFound (removing none) if any id is unknown."""
        return self._write(lambda w: w.remove(list(update_ids)))

    def reindex(self) -> dict:
        """Rebuild the index (and records, re-tagged) from the stored sources, then switch to it."""
        return self._write(lambda w: w.reindex())

    def check(self, repair: bool = False) -> dict:
        """Compare the index with the stored records and sources; with `repair`, rebuild when they differ.
        {"ok": bool, "problems": [...], "repaired": bool}; problems are what is still wrong."""
        from kb import check

        found = check.problems(self.home)
        repaired = False
        if found and repair:
            self.reindex()
            found, repaired = check.problems(self.home), True
        review = [{"id": u.id, "title": u.title, "date": u.date.isoformat(),
                   "reasons": [r.words for r in u.reading.review] if u.reading else []}
                  for u, _ in (self.review_updates() if not found else [])]
        return {"ok": not found, "problems": found, "repaired": repaired, "needs_review": review,
                "corrections": self.correction_notes()}

    def correction_notes(self) -> list[str]:
        """The corrections kept beside stored sources that do not apply (stale: the file or its line changed, or
        the corrections file cannot be read), in words; each corrected source is read again to know."""
        return self._write(lambda w: correction_notes(w)) if self.home.sources.exists() else []

    def recover(self) -> str | None:
        """Complete (or discard) an interrupted write now: "completed", "discarded" or None."""
        return self._write(lambda w: w.locked(lambda: w.recovered))


def _crossrefs(snap) -> crossrefs.CrossRefs:
    """The snapshot's cross-references, once per index generation: every write makes a new one."""
    return index.once(snap.cache, "crossrefs", lambda: crossrefs.build(snap.updates()))


def _resolve_items(items: list, snap) -> list:
    """Items with their update references resolved against the snapshot's updates (None stays None)."""
    return crossrefs.resolve_all(items, snap.held_updates)


def _resolve_update(update: Update | None, snap) -> Update | None:
    if update is not None:
        update.items = _resolve_items(update.items, snap)
    return update
