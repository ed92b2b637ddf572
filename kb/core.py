"""The knowledge base as one object: the API that the `kb` command and the web app use.

A thin facade: paths and locking live in kb.home, sources and records in kb.store, writes in kb.writes,
the Whoosh index in kb.index, query interpretation in kb.query and running searches in kb.search.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kb import home as homes
from kb import index, parsing, store, writes
from kb.models import Item, SearchRequest, SearchResult, Update
from kb.query import QueryError

ARCHIVE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".md", ".markdown", ".eml", ""}


class KBError(Exception):
    """A knowledge-base operation that cannot be done (busy, unknown id, unwritable directory...)."""


class NotFound(KBError):
    """An item or update id that the knowledge base does not hold."""


class BadQuery(KBError, QueryError):
    """A search filter that cannot be understood (also a ValueError, which the web turns into a 400)."""


@dataclass
class FileReport:
    """What one archive file did to the knowledge base."""

    name: str
    format: str | None = None
    new: list[str] = field(default_factory=list)  # update ids
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    items: int = 0
    skipped: list[str] = field(default_factory=list)  # page furniture left out
    replaces: list[tuple[str, str]] = field(default_factory=list)  # (new id, existing id same date)
    error: str | None = None


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

    def __init__(self, home: Path | str | None = None, lock_timeout: float | None = None) -> None:
        self.home = homes.resolve(home)
        self.layout = homes.Home(self.home)
        self.lock_timeout = lock_timeout
        self._taxonomy = None
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
            from ingest.topics import load_taxonomy

            custom = self.layout.topics_file
            try:
                self._taxonomy = load_taxonomy(custom if custom.exists() else None)
            except ValueError as e:
                raise KBError(f"the topic list cannot be used: {e}") from e
        return self._taxonomy

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

        try:
            return self._read(lambda snap: search.run(snap, request, self.taxonomy))
        except QueryError as e:
            raise BadQuery(str(e)) from e

    def get_item(self, item_id: str) -> Item:
        """One item; NotFound if there is no such item."""
        found = self._read(lambda snap: snap and snap.item(item_id))
        if not found:
            raise NotFound(f"there is no item {item_id!r}")
        return found

    def get_update(self, update_id: str) -> Update:
        """One update with its items; NotFound if there is no such update."""
        found = self._read(lambda snap: snap and snap.update(update_id))
        if not found:
            raise NotFound(f"there is no update {update_id!r}")
        return found

    def list_updates(self, limit: int | None = None, items: bool = True) -> list[Update]:
        """Updates newest first (the newest `limit`), with their items unless `items` is False."""
        return self._read(lambda snap: snap.updates(limit, items) if snap else [])

    def update_listing(self, limit: int | None = None) -> list[dict]:
        """Updates newest first (the newest `limit`) as JSON objects, listing their item ids, not the items."""
        found = self._read(lambda snap: snap.item_ids(limit) if snap else [])
        return [{**update.to_dict(), "items": ids} for update, ids in found]

    def counted_updates(self, limit: int | None = None) -> list[tuple[Update, int]]:
        """Updates newest first (the newest `limit`, without items), each with its number of items."""
        return self._read(lambda snap: snap.counted_updates(limit) if snap else [])

    def topics(self) -> list[TopicCount]:
        """Every topic of the taxonomy (and any other topic items carry), with item counts."""
        counts = self._read(lambda snap: snap.topic_counts() if snap else {})
        listed = [TopicCount(t.name, t.slug, t.description, counts.pop(t.name, 0)) for t in self.taxonomy.topics]
        from ingest.text import slugify

        return listed + [TopicCount(name, slugify(name), "", n) for name, n in sorted(counts.items())]

    def related(self, item_id: str, limit: int = 5) -> list[Item]:
        """Items from other updates most like this one."""
        return self._read(lambda snap: snap.related(item_id, limit) if snap else [])

    def export(self) -> Iterator[Item]:
        """Every item in date order."""
        return iter(self._read(lambda snap: snap.all_items() if snap else []))

    def stats(self) -> dict:
        """Counts and sizes: updates, items, topics, stored sources, index size, last write."""
        counts = self._read(lambda snap: {**snap.counts(), "topics": len(snap.topic_counts())} if snap
                            else {"updates": 0, "items": 0, "topics": 0})
        return {"home": str(self.home), **counts, **store.disk_stats(self.layout)}

    # ------------------------------------------------------------ writes
    def _locked(self, fn):
        try:
            self.layout.ensure()
            with homes.writer_lock(self.layout, self.lock_timeout):
                self._recovered = writes.recover(self.layout)
                return fn()
        except homes.HomeError as e:
            raise KBError(str(e)) from e
        except OSError as e:
            raise KBError(f"cannot write to the knowledge base at {self.home}: {e.strerror or e}") from e

    def _parse(self, data: bytes, name: str, modified: float | None):
        """Parse one archive file; IngestError for a file that cannot be read, whatever went wrong."""
        return parsing.parse(data, name, modified, self.taxonomy)

    def ingest_files(self, paths: Iterable[Path], progress: Callable[[str], None] | None = None) -> IngestReport:
        """Ingest archive files and directories (recursively); a bad file is reported, the rest go in."""
        report, parsed = IngestReport(), []
        found = list(expand_paths(paths))
        readings = parsing.read_files([path for path, error in found if not error], self.taxonomy)
        for path, error in found:
            reading = None if error else next(readings)
            if progress:
                progress(str(path))
            if error or reading.error:
                report.files.append(FileReport(name=str(path), error=error or reading.error))
                continue
            archive = reading.archive
            report.files.append(FileReport(name=str(path), format=archive.format, skipped=list(archive.skipped)))
            parsed.append((report.files[-1], reading.data, path.name, reading.modified, archive))
        readings.close()  # (ends the worker processes now, not when the generator is collected)
        if parsed:
            self._locked(lambda: self._store(parsed))
        return report

    def ingest_bytes(self, data: bytes, name: str) -> FileReport:
        """Ingest one uploaded archive; raises IngestError (and stores nothing) when it cannot be read."""
        archive = self._parse(data, name, None)
        report = FileReport(name=name, format=archive.format, skipped=list(archive.skipped))
        self._locked(lambda: self._store([(report, data, name, None, archive)]))
        return report

    def _store(self, parsed: list) -> None:
        stored = store.store_sources(self.layout, [(data, name, modified) for _, data, name, modified, _ in parsed])
        sources = list(zip(stored, [archive for *_, archive in parsed]))
        change, outcomes = writes.plan_ingest(self.layout, sources)
        writes.run(self.layout, change)
        for (report, *_), outcome in zip(parsed, outcomes):
            report.new, report.changed, report.unchanged = outcome.new, outcome.changed, outcome.unchanged
            report.items, report.replaces = outcome.items, outcome.replaces

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
        return self._locked(lambda: writes.rebuild(self.layout, self._parse))

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
