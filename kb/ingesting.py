"""The write path behind the face: read archive files, store them, plan the change, commit it, learn.

`Writer` runs every write of a knowledge base under its writer lock: an ingest of files, uploaded bytes or
fetched pages; a removal; a rebuild. Reading is pure (`ingest.parse_archive`), so a big batch is read in two
worker processes; the acronyms an archive teaches come back with it and are learned once, in ingest order.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from kb import corrections as fixes
from kb import store, vocabulary, writes
from kb.errors import HomeError, KBError, NotFound, WriteUnfinished
from kb.home import Home, writer_lock
from vocab.models import Archive, Correction, Corrections, IngestError, Update
from vocab.vocabulary import Vocabulary

if TYPE_CHECKING:
    from kb.previews import Preview

PARALLEL_FILES = 8  # a batch of at least this many files ...
PARALLEL_BYTES = 256 * 1024  # ... and this many bytes is parsed in worker processes
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a Linux process gets when its parent ends
_worker: dict = {}  # what the workers parse with, set in the parent before they fork


@dataclass
class FileReport:
    """What one archive file did to the knowledge base (planning its change fills in what storing it does)."""

    name: str
    format: str | None = None
    new: list[str] = field(default_factory=list)  # update ids
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    items: int = 0
    skipped: list[str] = field(default_factory=list)  # every line left out (furniture, markup)
    left_out: dict[str, list[str]] = field(default_factory=dict)  # update id -> the lines left out of it
    readings: dict[str, dict] = field(default_factory=dict)  # update id -> how it was read (vocab.models.Reading)
    replaces: list[tuple[str, str]] = field(default_factory=list)  # (new id, existing id same date)
    dropped: list[str] = field(default_factory=list)  # ids held from this file that its corrections replaced
    corrected: list[str] = field(default_factory=list)  # each correction by hand applied, in words
    unapplied: list[str] = field(default_factory=list)  # each correction not applied (stale, or no longer fitting)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)  # e.g. an item longer than what is indexed
    passed_over: str | None = None  # why a file found in a folder was not read (not a format kb reads): no error
    cut: list[str] = field(default_factory=list)  # items and characters left out by ingest's caps


@dataclass
class IngestReport:
    """The outcome of one ingest run over one or more files."""

    files: list[FileReport] = field(default_factory=list)

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.error]


@dataclass
class ParsedFile:
    """One archive file read: its bytes, and its archive or why it could not be read; storing it fills in its
    report."""

    name: str  # the path or name it was given under
    data: bytes = b""
    given_date: str | None = None  # the date given for updates the file does not date
    archive: Archive | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)  # what became of its corrections (unreadable, an earlier copy's)
    write_corrections: bool = False  # corrections were made for it now: they are stored with it

    def report(self) -> FileReport:
        """The file's report before storing: its format and left-out lines, or its error."""
        if self.archive is None:
            return FileReport(name=self.name, error=self.error)
        return FileReport(name=self.name, format=self.archive.format, skipped=list(self.archive.skipped),
                          left_out=dict(self.archive.left_out), warnings=list(self.archive.warnings) + self.notes,
                          readings={u.id: u.reading.to_dict() for u in self.archive.updates if u.reading},
                          cut=list(self.archive.cut), corrected=[fixes.describe(c) for c in self.archive.corrected],
                          unapplied=[fixes.unapplied(x) for x in self.archive.unapplied])

    def kept_corrections(self) -> Corrections:
        """The corrections to keep beside its stored copy: those that applied."""
        stored, digest = store.stored_name(self.data, Path(self.name).name)
        return Corrections(Path(self.name).name, digest, list(self.archive.corrected if self.archive else []))


def parse(data: bytes, name: str, given_date: str | None, words: Vocabulary,
          corrections: Corrections | None = None) -> Archive:
    """Parse one archive file (with its corrections by hand); IngestError for a file that cannot be read,
    whatever went wrong."""
    from ingest import parse_archive

    try:
        return parse_archive(data, name, words, date.fromisoformat(given_date) if given_date else None, corrections)
    except IngestError:
        raise
    except Exception as e:  # a reader's bug must cost one file, not the run
        raise IngestError(name, f"could not be read ({type(e).__name__}: {e})") from e


def corrections_for(home: Home | None, data: bytes, name: str) -> tuple[Corrections | None, list[str]]:
    """The corrections kept for these bytes under this name, and notes: a corrections file that cannot be read
    (the file is then read without it), or the corrections of an earlier copy of the file, never applied to
    this one (it has changed since)."""
    if home is None:
        return None, []
    stored, _ = store.stored_name(data, name)
    try:
        found = fixes.read(home, stored)
    except fixes.CorrectionsError as e:
        return None, [f"its corrections were not applied: {e}"]
    if found is not None:
        return found, []
    return None, [f"the corrections made to an earlier copy of {name} (sources/{old}{store.CORRECTIONS}) were not "
                  "applied: the file has changed since; check how it reads now and correct it again"
                  for old in fixes.earlier(home, stored)]


def read_file(path: Path, words: Vocabulary, given_date: str | None = None, home: Home | None = None) -> ParsedFile:
    """Read and parse one file (with the corrections kept for it); failures are kept in `error`."""
    found = ParsedFile(str(path), given_date=given_date)
    try:
        found.data = path.read_bytes()
        corrections, found.notes = corrections_for(home, found.data, path.name)
        found.archive = parse(found.data, path.name, given_date, words, corrections)
    except OSError as e:
        found.error = e.strerror or str(e)
    except IngestError as e:
        found.error = e.reason
    return found


def _read_in_worker(path: Path) -> ParsedFile:
    return read_file(path, _worker["words"], _worker["given_date"], _worker["home"])


def read_files(paths: list[Path], words: Vocabulary, given_date: str | None = None,
               home: Home | None = None) -> Iterator[ParsedFile]:
    """Every file read and parsed, in order; a big batch in two worker processes (parsing is pure)."""
    if not _parallel(paths):
        yield from (read_file(path, words, given_date, home) for path in paths)
        return
    _worker.update(words=words, given_date=given_date, home=home)
    workers = min(2, os.cpu_count() or 1)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_end_with,
                             initargs=(os.getpid(),)) as pool:
        yield from pool.map(_read_in_worker, paths, chunksize=4)


def _end_with(parent: int) -> None:
    """In a worker: end when the process that started it ends, even by SIGKILL (two workers of a killed
    `kb ingest` were found asleep two hours later). Linux's parent-death signal, and a watch of the parent
    where there is none."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it ended before the signal was asked for
        os._exit(1)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _parallel(paths: list[Path]) -> bool:
    """Worth starting workers: several CPUs, a big batch, and the main thread (forking is safe there)."""
    if (os.cpu_count() or 1) < 2 or len(paths) < PARALLEL_FILES:
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    size = 0
    for path in paths:
        try:
            size += path.stat().st_size
        except OSError:
            pass
    return size >= PARALLEL_BYTES


class PassedOver(str):
    """Why expand_paths passes over a file it found in a folder: not an error of the run, but said."""


NOT_A_FORMAT = PassedOver("not a format kb reads (see `kb formats`)")
LOCK_FILE = PassedOver("a lock file Word keeps while the document is open")


def formats() -> list[dict]:
    """The formats kb reads, one row each (name, label, suffixes, media types), as `kb formats` lists them."""
    from ingest import readers

    return readers.table()


def archive_suffixes() -> set[str]:
    """The file suffixes a folder walk reads: the reader registry's."""
    from ingest import readers

    return readers.suffixes()


def media_types() -> list[str]:
    """The media types of the formats the registry reads, gzip included."""
    from ingest import readers

    return readers.media_types()


def _passed_over(path: Path, suffixes: set[str]) -> PassedOver | None:
    """Why a file found in a folder is not read: Word's lock file ("~$minutes.docx"), or a suffix no reader
    takes (a photograph, a spreadsheet); None for a file to read."""
    if path.name.startswith("~$"):
        return LOCK_FILE
    name = path.name.lower()
    inner = name[:-len(".gz")] if name.endswith(".gz") else name
    suffix = Path(inner).suffix if "." in inner.lstrip(".") else ""
    return None if suffix in suffixes else NOT_A_FORMAT


def is_url(text: str) -> bool:
    """True for anything written as an address with a scheme ("https://...", "ftp://..."), not a file path."""
    from ingest.readers.fetch import is_url as address

    return address(text)


def expand_paths(paths: Iterable[Path | str]) -> Iterator[tuple[Path, str | None]]:
    """Files to ingest with an error for each that cannot be; directories are walked: hidden files and
    folders are not looked at, a file of a suffix the reader registry does not know (or Word's lock file) is
    passed over with a PassedOver reason, never in silence; named files are always tried."""
    suffixes = archive_suffixes()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file()
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            readable = [p for p in found if _passed_over(p, suffixes) is None]
            if not readable:
                yield path, "no archive files in this directory"
            for p in found:
                yield p, _passed_over(p, suffixes)
        elif path.is_file():
            yield path, None
        elif path.exists():
            yield path, "not a regular file"
        else:
            yield path, "no such file or directory"


class Writer:
    """Every write of one knowledge base, each under its writer lock, after completing an interrupted one."""

    def __init__(self, home: Home, lock_timeout: float | None, max_file_mb: float,
                 words: Vocabulary | None = None) -> None:
        self.home = home
        self.lock_timeout = lock_timeout
        self.max_file_mb = max_file_mb
        self._words = words
        self.recovered: str | None = None  # what the last lock found of an interrupted write

    @property
    def words(self) -> Vocabulary:
        """The vocabulary files are read with: the knowledge base's lists and learned acronyms (read once)."""
        if self._words is None:
            self._words = vocabulary.load(self.home)
        return self._words

    def locked(self, fn: Callable):
        """fn() under the writer lock, after an interrupted write is completed or discarded."""
        try:
            self.home.ensure()
            with writer_lock(self.home, self.lock_timeout):
                self.recovered = writes.recover(self.home)
                return fn()
        except HomeError as e:
            raise KBError(str(e)) from e
        except writes.Unfinished as e:
            cause = e.__cause__
            raise WriteUnfinished(f"cannot write to the knowledge base at {self.home.root}: "
                                  f"{getattr(cause, 'strerror', None) or cause}; the change was saved (committed) and "
                                  "will be completed by the next write, or when the server starts, once there is room"
                                  ) from e
        except OSError as e:
            raise KBError(f"cannot write to the knowledge base at {self.home.root}: {e.strerror or e}") from e

    def ingest_files(self, paths: Iterable[Path], progress: Callable[[str], None] | None = None,
                     given_date: str | None = None) -> IngestReport:
        """Ingest archive files and directories (recursively); a bad file is reported, the rest go in."""
        report, parsed = IngestReport(), []
        found = [(path, error or self.too_big(path)) for path, error in expand_paths(paths)]
        readings = read_files([path for path, error in found if not error], self.words, given_date, self.home)
        for path, error in found:
            if progress:
                progress(str(path))
            if isinstance(error, PassedOver):
                report.files.append(FileReport(name=str(path), passed_over=str(error)))
                continue
            file = ParsedFile(str(path), error=error) if error else next(readings)
            report.files.append(file.report())
            if file.archive is not None:
                parsed.append((file, report.files[-1]))
        readings.close()  # (ends the worker processes now, not when the generator is collected)
        if parsed:
            self.locked(lambda: self.store(parsed))
        return report

    def too_big(self, path: Path) -> str | None:
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

    def ingest_bytes(self, data: bytes, name: str, given_date: str | None = None,
                     corrections: list[Correction] = ()) -> FileReport:
        """Ingest one uploaded archive, with the corrections made on its preview (kept beside it); raises
        IngestError (and stores nothing) when it cannot be read."""
        file = self.parsed(data, name, given_date, list(corrections))
        report = file.report()
        self.locked(lambda: self.store([(file, report)]))
        return report

    def parsed(self, data: bytes, name: str, given_date: str | None, new: list[Correction]) -> ParsedFile:
        """One file read with the corrections kept for it and `new` ones (which replace any of the same thing)."""
        kept, notes = corrections_for(self.home, data, name)
        if new:
            _, digest = store.stored_name(data, name)
            kept = kept or Corrections(name, digest)
            for c in new:
                kept = kept.adding(c)
        file = ParsedFile(name, data, given_date, parse(data, name, given_date, self.words, kept), notes=notes,
                          write_corrections=bool(new))
        return file

    def preview(self, data: bytes, name: str, given_date: str | None = None,
                corrections: list[Correction] = ()) -> "Preview":
        """How a file would be read and what storing it would do, writing nothing: its updates (with the
        corrections kept for it and `corrections`, the new ones) each new, changed or unchanged."""
        from kb.previews import preview

        return preview(self.home, self.parsed(data, name, given_date, list(corrections)), list(corrections))

    def correct(self, update_id: str, correction: Correction) -> dict:
        """Correct how a stored update was read (its date, its title, a line of it) and store the update as
        read again, with the correction kept beside its source, in one write."""
        from kb.previews import correct

        return self.locked(lambda: correct(self, update_id, correction))

    def ingest_urls(self, urls: Iterable[str], follow_next: int = 0, given_date: str | None = None) -> IngestReport:
        """Fetch pages over HTTP(S) (and up to `follow_next` pages after each) and ingest each as a saved
        page; a page that cannot be fetched or read is reported by its address, the rest go in."""
        from ingest.readers.fetch import fetch_pages

        report = IngestReport()
        for url in urls:
            try:
                for page in fetch_pages(url, follow_next):
                    try:
                        file = self.ingest_bytes(page.data, page.name, given_date)
                    except IngestError as e:
                        file = FileReport(name=page.name, error=e.reason)
                    file.name = page.url
                    report.files.append(file)
            except IngestError as e:
                report.files.append(FileReport(name=url, error=e.reason))
        return report

    def store(self, parsed: list[tuple[ParsedFile, FileReport]]) -> None:
        """Store read files (under the lock): their sources, the change they make, the acronyms they taught."""
        sources = store.store_sources(self.home, [(file.data, Path(file.name).name, file.given_date)
                                                  for file, _ in parsed])
        owned = [store.owned_ids(self.home, source.stored) if file.write_corrections or file.archive.corrected
                 else set() for source, (file, _) in zip(sources, parsed)]
        change = writes.plan_ingest(self.home, sources, [(file.archive, report) for file, report in parsed], owned)
        for source, (file, _) in zip(sources, parsed):
            if file.write_corrections:
                change.files[f"sources/{source.stored}{store.CORRECTIONS}"] = fixes.text(file.kept_corrections())
        writes.run(self.home, change)
        self.learn([file.archive for file, _ in parsed])

    def learn(self, archives: list[Archive]) -> None:
        """Keep the acronyms the archives taught that the knowledge base does not know yet, in ingest order."""
        new = self.words.organisations.unknown(org for archive in archives for org in archive.learned)
        if new:
            vocabulary.write_learned(self.home, vocabulary.read_learned(self.home) + new)

    def remove(self, update_ids: list[str]) -> list[str]:
        """Remove updates and their items; NotFound (removing none) if any id is unknown."""
        def do() -> list[str]:
            change, missing = writes.plan_remove(self.home, update_ids)
            if missing:
                raise NotFound("no such update: " + ", ".join(missing) + " (nothing was removed)")
            writes.run(self.home, change)
            return change.deletes

        return self.locked(do)

    def reindex(self) -> dict:
        """Rebuild the index (and records, re-tagged) from the stored sources, then switch to it; the acronyms
        are learned again, in ingest order, each source read with those learned before it."""
        listed, learned, notes = vocabulary.load(self.home, with_learned=False), [], {}

        def parse_again(data: bytes, name: str, given_date: str | None) -> Archive:
            corrections, found = corrections_for(self.home, data, name)
            notes.update((f"{name}: {note}", None) for note in found)
            archive = parse(data, name, given_date, listed.with_learned(learned), corrections)
            learned.extend(archive.learned)  # (what this source taught that the ones before it did not)
            return archive

        def rebuild() -> dict:
            result = writes.rebuild(self.home, parse_again)
            result["problems"] += list(notes)
            vocabulary.write_learned(self.home, learned)
            return result

        return self.locked(rebuild)
