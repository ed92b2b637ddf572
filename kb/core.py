"""The knowledge base as one object: the API that the `kb` command and the web app use.

A thin facade: paths and locking live in kb.home, sources and records in kb.store, writes in kb.writes,
the Whoosh index in kb.index, query interpretation in kb.query and running searches in kb.search.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kb import home as homes
from kb import crossrefs, index, parsing, store, writes
from kb import organisations as orgs
from kb.results import SearchRequest, SearchResult
from vocab.models import IngestError, Item, Update
from kb.query import QueryError
from kb.writes import FileReport, ParsedFile

ARCHIVE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".md", ".markdown", ".eml", ".mbox", ".gz",
                    ".xml", ".rss", ".atom", ""}
QUERY_TIME_LIMIT_MS = 2000  # a search's time budget (KB_QUERY_TIME_LIMIT_MS; 0 for none)
MAX_FILE_MB = 5  # the largest archive file read (KB_MAX_FILE_MB), as the upload limit


class KBError(Exception):
    """A knowledge-base operation that cannot be done (busy, unknown id, unwritable directory...)."""


class NotFound(KBError):
    """An item or update id that the knowledge base does not hold."""


class SearchTooSlow(KBError):
    """A search that ran past its time budget."""


class WriteUnfinished(KBError):
    """A write that was committed but could not be finished (a full disk): it is completed by the next write
    or when a server starts, once there is room; until then searches do not see it."""


class BadQuery(KBError, QueryError):
    """A search filter that cannot be understood (also a ValueError, which the web turns into a 400)."""


@dataclass
class IngestReport:
    """The outcome of one ingest run over one or more files."""

    files: list[FileReport] = field(default_factory=list)

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.error]


@dataclass
class TopicCount:
    """A topic of the taxonomy and how many items carry it."""

    name: str
    slug: str
    description: str
    count: int


class KnowledgeBase:
    """One knowledge-base directory: stored sources, records, the index, and the topic list."""

    def __init__(self, home: Path | str | None = None, lock_timeout: float | None = None,
                 query_time_limit_ms: int | None = None, max_file_mb: float | None = None) -> None:
        self.path = homes.resolve(home)  # the directory
        self.layout = homes.Home(self.path)  # what lives where in it (the Home every `home` parameter is)
        self.lock_timeout = lock_timeout
        self.query_time_limit_ms = (setting("KB_QUERY_TIME_LIMIT_MS", QUERY_TIME_LIMIT_MS)
                                    if query_time_limit_ms is None else query_time_limit_ms)
        self.max_file_mb = setting("KB_MAX_FILE_MB", MAX_FILE_MB, 1) if max_file_mb is None else max_file_mb
        self._taxonomy = None
        self._organisations = None
        self._recovered: str | None = None
        try:
            self.layout.ensure()
        except homes.HomeError:
            pass  # a read-only directory can still be searched; writes will say why they fail

    def close(self) -> None:
        """Nothing stays open between calls (searchers are opened per call)."""

    @property
    def taxonomy(self):
        """The topic list: topics.toml in the knowledge base, else the shipped one."""
        if self._taxonomy is None:
            from vocab.topics import load_taxonomy

            custom = self.layout.topics_file
            try:
                self._taxonomy = load_taxonomy(custom if custom.exists() else None)
            except ValueError as e:
                raise KBError(f"the topic list cannot be used: {e}") from e
        return self._taxonomy

    @property
    def organisations(self):
        """The organisations list (organisations.toml in the knowledge base, else the shipped one) with the
        acronyms learned from the archive."""
        if self._organisations is None:
            try:
                self._organisations = orgs.listed(self.layout).with_learned(orgs.read_learned(self.layout))
            except ValueError as e:
                raise KBError(f"the organisations list cannot be used: {e}") from e
        return self._organisations

    # ------------------------------------------------------------ reads
    def _read(self, fn):
        def guarded(snapshot):
            if snapshot is None and self.layout.index_lost():
                raise index.IndexMissing(f"there is no index in {self.layout.indexes} although updates are stored")
            return fn(snapshot)
        try:
            return index.read(self.layout, guarded)
        except index.IndexMissing as e:
            raise KBError(f"{e}. Run `kb reindex` to rebuild it from the stored sources.") from e
        except index.IndexUnreadable as e:
            raise KBError(f"{e}. Run `kb check --repair` to rebuild it from the stored sources.") from e
        except homes.HomeError as e:
            raise KBError(str(e)) from e

    def search(self, request: SearchRequest) -> SearchResult:
        """Run a search (see kb.query for what the query text may hold); BadQuery for a bad date filter."""
        from kb import search

        limit = self.query_time_limit_ms
        try:
            with index.time_limit(limit / 1000 if limit else None):
                return self._read(lambda snap: _resolve_hits(
                    search.run(snap, request, self.taxonomy, self.organisations), snap))
        except QueryError as e:
            raise BadQuery(str(e)) from e
        except index.QueryTooSlow:
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
        entry = store.source_of(self.layout, update_id)
        path = self.layout.sources / Path(entry["stored"]).name if entry else None
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
        listed = [TopicCount(t.name, t.slug, t.description, counts.pop(t.name, 0)) for t in self.taxonomy.topics]
        from vocab.text import slugify

        return listed + [TopicCount(name, slugify(name), "", n) for name, n in sorted(counts.items())]

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

    def organisation_counts(self) -> list[orgs.OrganisationCount]:
        """Every organisation known (listed or learned, and any other items carry) with item counts."""
        counts = self._read(lambda snap: snap.organisation_counts() if snap else {})
        return orgs.counted(self.organisations, counts)

    def related(self, item_id: str, limit: int = 5) -> list[Item]:
        """Items from other updates most like this one."""
        return self._read(lambda snap: snap.related(item_id, limit) if snap else [])

    def export(self) -> Iterator[Item]:
        """Every item in date order."""
        return iter(self._read(lambda snap: _resolve_items(snap.all_items(), snap) if snap else []))

    def cross_references(self) -> crossrefs.CrossRefs:
        """Every item's references resolved against the held updates, and what points at what."""
        return self._read(lambda snap: _crossrefs(snap) if snap else crossrefs.build([]))

    def gaps(self) -> dict:
        """What the archive seems to miss: see kb.gaps.find. Worked out once per index generation (by one
        thread, the others waiting for it) and shared: never to be changed."""
        from kb import gaps

        return self._read(lambda snap: once(snap.cache, "gaps", lambda: gaps.find(_crossrefs(snap))) if snap
                          else gaps.find(crossrefs.build([])))

    def stats(self) -> dict:
        """Counts and sizes: updates, items, topics, stored sources, index size, last write."""
        counts = self._read(lambda snap: {**snap.counts(), "topics": len(snap.topic_counts())} if snap
                            else {"updates": 0, "items": 0, "topics": 0})
        return {"home": str(self.path), **counts, **store.disk_stats(self.layout)}

    # ------------------------------------------------------------ writes
    def _locked(self, fn):
        try:
            self.layout.ensure()
            with homes.writer_lock(self.layout, self.lock_timeout):
                self._recovered = writes.recover(self.layout)
                return fn()
        except homes.HomeError as e:
            raise KBError(str(e)) from e
        except writes.Unfinished as e:
            cause = e.__cause__
            raise WriteUnfinished(f"cannot write to the knowledge base at {self.path}: {cause.strerror or cause}; "
                                  "the change was saved (committed) and will be completed by the next write, or when "
                                  "the server starts, once there is room") from e
        except OSError as e:
            raise KBError(f"cannot write to the knowledge base at {self.path}: {e.strerror or e}") from e

    def _parse(self, data: bytes, name: str, given: str | None):
        """Parse one archive file; IngestError for a file that cannot be read, whatever went wrong."""
        return parsing.parse(data, name, given, self.taxonomy, self.organisations)

    def ingest_files(self, paths: Iterable[Path], progress: Callable[[str], None] | None = None,
                     given: str | None = None) -> IngestReport:
        """Ingest archive files and directories (recursively); a bad file is reported, the rest go in.
        `given` (YYYY-MM-DD) dates the updates that the files themselves do not date."""
        report, parsed = IngestReport(), []
        found = [(path, error or self._too_big(path)) for path, error in expand_paths(paths)]
        readings = parsing.read_files([path for path, error in found if not error], self.taxonomy, given,
                                      self.organisations)
        for path, error in found:
            reading = None if error else next(readings)
            if progress:
                progress(str(path))
            if error or reading.error:
                report.files.append(FileReport(name=str(path), error=error or reading.error))
                continue
            archive = reading.archive
            report.files.append(FileReport(name=str(path), format=archive.format, skipped=list(archive.skipped),
                                           left_out=dict(archive.left_out), cut=list(archive.cut)))
            parsed.append(ParsedFile(report.files[-1], reading.data, path.name, given, archive))
        readings.close()  # (ends the worker processes now, not when the generator is collected)
        if parsed:
            self._locked(lambda: self._store(parsed))
        return report

    def _too_big(self, path: Path) -> str | None:
        """Why a file is not read (over KB_MAX_FILE_MB), before anything reads it; None when it may be."""
        limit = self.max_file_mb * 1024 * 1024
        try:
            size = path.stat().st_size
        except OSError:
            return None  # reading it will say why
        if size > limit:
            return (f"the file is {size / 1024 / 1024:,.1f} MB, over the limit of {self.max_file_mb:,} MB "
                    "(KB_MAX_FILE_MB): not read")
        return None

    def ingest_bytes(self, data: bytes, name: str, given: str | None = None) -> FileReport:
        """Ingest one uploaded archive; raises IngestError (and stores nothing) when it cannot be read."""
        archive = self._parse(data, name, given)
        report = FileReport(name=name, format=archive.format, skipped=list(archive.skipped),
                            left_out=dict(archive.left_out), cut=list(archive.cut))
        self._locked(lambda: self._store([ParsedFile(report, data, name, given, archive)]))
        return report

    def ingest_urls(self, urls: Iterable[str], follow_next: int = 0, given: str | None = None) -> IngestReport:
        """Fetch pages over HTTP(S) (and up to `follow_next` pages after each) and ingest each as a saved
        page; a page that cannot be fetched or read is reported by its address, the rest go in."""
        from ingest.readers.fetch import fetch_pages

        report = IngestReport()
        for url in urls:
            try:
                for page in fetch_pages(url, follow_next):
                    try:
                        file = self.ingest_bytes(page.data, page.name, given)
                    except IngestError as e:
                        file = FileReport(name=page.name, error=e.reason)
                    file.name = page.url
                    report.files.append(file)
            except IngestError as e:
                report.files.append(FileReport(name=url, error=e.reason))
        return report

    def _store(self, parsed: list[ParsedFile]) -> None:
        sources = store.store_sources(self.layout, [(file.data, file.name, file.given) for file in parsed])
        change = writes.plan_ingest(self.layout, sources, parsed)
        writes.run(self.layout, change)
        self._learn([file.archive for file in parsed])

    def _learn(self, archives: list) -> None:
        """Keep the acronyms the ingested archives define, for the next ingest and `kb organisations`."""
        known, new = self.organisations, []
        for archive in archives:
            new += known.with_learned(new).learn_from(archive.updates)
        if new:
            orgs.write_learned(self.layout, orgs.read_learned(self.layout) + new)
            self._organisations = None

    def remove(self, update_ids: Iterable[str]) -> list[str]:
        """Remove updates and their items; NotFound (removing none) if any id is unknown."""
        ids = list(update_ids)

        def do() -> list[str]:
            change, missing = writes.plan_remove(self.layout, ids)
            if missing:
                raise NotFound("no such update: " + ", ".join(missing) + " (nothing was removed)")
            writes.run(self.layout, change)
            return change.deletes

        return self._locked(do)

    def reindex(self) -> dict:
        """Rebuild the index (and records, re-tagged) from the stored sources, then switch to it."""
        self.taxonomy  # a topic list that cannot be read stops the rebuild before it starts
        try:
            listed, learned = orgs.listed(self.layout), []
        except ValueError as e:
            raise KBError(f"the organisations list cannot be used: {e}") from e

        def parse(data: bytes, name: str, given: str | None):  # acronyms are learned again, in ingest order
            known = listed.with_learned(learned)
            archive = parsing.parse(data, name, given, self.taxonomy, known)
            learned.extend(known.learn_from(archive.updates))
            return archive

        def rebuild() -> dict:
            result = writes.rebuild(self.layout, parse)
            orgs.write_learned(self.layout, learned)
            self._organisations = None
            return result

        return self._locked(rebuild)

    def check(self, repair: bool = False) -> dict:
        """Compare the index with the stored records and sources; with `repair`, rebuild when they differ.
        {"ok": bool, "problems": [...], "repaired": bool}; problems are what is still wrong."""
        from kb import check

        found = check.problems(self.layout)
        repaired = False
        if found and repair:
            self.reindex()
            found, repaired = check.problems(self.layout), True
        return {"ok": not found, "problems": found, "repaired": repaired}

    def recover(self) -> str | None:
        """Complete (or discard) an interrupted write now: "completed", "discarded" or None."""
        return self._locked(lambda: self._recovered)


def setting(name: str, default: int, least: int = 0) -> int:
    """A whole-number setting from the environment; KBError naming it when it is not one."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9) or int(raw) < least:
        raise KBError(f"{name} must be a whole number{f' of at least {least}' if least else ''}, not {raw[:40]!r}")
    return int(raw)


def once(cache: dict, key: str, make: Callable):
    """cache[key], made by the first thread that asks while the others wait (a cold generation cache must not
    have four requests build the same thing at once)."""
    if key not in cache:
        with cache.setdefault(("lock", key), threading.Lock()):
            if key not in cache:
                cache[key] = make()
    return cache[key]


def _crossrefs(snap) -> crossrefs.CrossRefs:
    """The snapshot's cross-references, once per index generation: every write makes a new one."""
    return once(snap.cache, "crossrefs", lambda: crossrefs.build(snap.updates()))


def _resolve_items(items: list, snap) -> list:
    """Items with their update references resolved against the snapshot's updates (None stays None)."""
    if not any(item and item.refers_to for item in items):
        return items
    held = snap.held_updates()
    return [crossrefs.resolve(item, held) if item and item.refers_to else item for item in items]


def _resolve_update(update: Update | None, snap) -> Update | None:
    if update is not None:
        update.items = _resolve_items(update.items, snap)
    return update


def _resolve_hits(result: SearchResult, snap) -> SearchResult:
    resolved = _resolve_items([hit.item for hit in result.hits], snap) if snap else []
    for hit, item in zip(result.hits, resolved):
        hit.item = item
    return result


def expand_paths(paths: Iterable[Path | str]) -> Iterator[tuple[Path, str | None]]:
    """Files to ingest with an error for each that cannot be; directories are walked (archive-like
    files only, hidden ones skipped), named files are always tried."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file()
                           and not any(part.startswith(".") for part in p.relative_to(path).parts)
                           and p.suffix.lower() in ARCHIVE_SUFFIXES)
            if not found:
                yield path, "no archive files in this directory"
            for p in found:
                yield p, None
        elif path.is_file():
            yield path, None
        elif path.exists():
            yield path, "not a regular file"
        else:
            yield path, "no such file or directory"
