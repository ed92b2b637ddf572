"""Reading archive files for an ingest: one by one, or in worker processes for a big batch."""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from vocab.models import Archive, IngestError

PARALLEL_FILES = 8  # a batch of at least this many files ...
PARALLEL_BYTES = 256 * 1024  # ... and this many bytes is parsed in worker processes
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a Linux process gets when its parent ends
_worker_taxonomy = None  # set in the parent before the workers fork
_worker_given: str | None = None
_worker_organisations = None


@dataclass
class Parsed:
    """One archive file read: its bytes, and its updates or why it failed."""

    path: Path
    data: bytes = b""
    archive: Archive | None = None
    error: str | None = None


def parse(data: bytes, name: str, given: str | None, taxonomy, organisations=None) -> Archive:
    """Parse one archive file (`given`: the YYYY-MM-DD date the user gave for undated updates);
    IngestError for a file that cannot be read, whatever went wrong."""
    from ingest import parse_archive

    try:
        return parse_archive(data, name, taxonomy=taxonomy, given_date=date.fromisoformat(given) if given else None,
                             organisations=organisations)
    except IngestError:
        raise
    except Exception as e:  # a reader's bug must cost one file, not the run
        raise IngestError(name, f"could not be read ({type(e).__name__}: {e})") from e


def read_file(path: Path, taxonomy, given: str | None = None, organisations=None) -> Parsed:
    """Read and parse one file; failures are kept in `error`."""
    found = Parsed(path)
    try:
        found.data = path.read_bytes()
        found.archive = parse(found.data, path.name, given, taxonomy, organisations)
    except OSError as e:
        found.error = e.strerror or str(e)
    except IngestError as e:
        found.error = e.reason
    return found


def _read_in_worker(path: Path) -> Parsed:
    return read_file(path, _worker_taxonomy, _worker_given, _worker_organisations)


def read_files(paths: list[Path], taxonomy, given: str | None = None, organisations=None) -> Iterator[Parsed]:
    """Every file read and parsed, in order; a big batch in two worker processes (parsing is pure)."""
    if not _parallel(paths):
        yield from (read_file(path, taxonomy, given, organisations) for path in paths)
        return
    global _worker_taxonomy, _worker_given, _worker_organisations
    _worker_taxonomy, _worker_given, _worker_organisations = taxonomy, given, organisations
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
