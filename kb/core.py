"""The knowledge base as one object: the API that the `kb` command and the web app use.

Interface agreed between the kb and web parts; bodies are filled in by the kb work.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kb.models import Item, SearchRequest, SearchResult, Update


class KBError(Exception):
    """A knowledge-base operation that cannot be done (busy, unknown id, unwritable directory...)."""


class NotFound(KBError):
    """An item or update id that the knowledge base does not hold."""


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


@dataclass
class TopicCount:
    """A topic of the taxonomy and how many items carry it."""

    name: str
    slug: str
    description: str
    count: int


class KnowledgeBase:
    """One knowledge-base directory: stored sources, records, the index, and the topic list."""

    def __init__(self, home: Path | str | None = None) -> None:
        raise NotImplementedError

    # reads
    def search(self, request: SearchRequest) -> SearchResult: ...
    def get_item(self, item_id: str) -> Item: ...  # raises NotFound
    def get_update(self, update_id: str) -> Update: ...  # raises NotFound
    def list_updates(self) -> list[Update]: ...  # newest first, items included
    def topics(self) -> list[TopicCount]: ...
    def related(self, item_id: str, limit: int = 5) -> list[Item]: ...  # from other updates
    def export(self) -> Iterator[Item]: ...  # every item in date order
    def stats(self) -> dict: ...

    # writes: each takes the writer lock, and raises KBError when another writer holds it
    def ingest_files(self, paths: Iterable[Path], progress: Callable[[str], None] | None = None) -> IngestReport: ...
    def ingest_bytes(self, data: bytes, name: str) -> FileReport: ...  # raises IngestError, stores nothing
    def remove(self, update_ids: Iterable[str]) -> list[str]: ...  # raises NotFound before removing any
    def reindex(self) -> dict: ...
