"""The knowledge-base directory: where it is, what lives where in it, the writer lock, safe writes."""
from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from kb.errors import HomeError

APP_NAME = "sector-kb"
LOCK_TIMEOUT = float(os.environ.get("KB_LOCK_TIMEOUT", "5"))
_thread_locks: dict[str, threading.Lock] = {}
_thread_locks_guard = threading.Lock()



def resolve(root: Path | str | None = None) -> Path:
    """The knowledge-base directory to use: the one given, else $KB_HOME, else the per-user data directory."""
    if root:
        return Path(root).expanduser().absolute()
    if os.environ.get("KB_HOME"):
        return Path(os.environ["KB_HOME"]).expanduser().absolute()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class Home:
    """The layout of one knowledge-base directory."""

    root: Path

    @property
    def sources(self) -> Path:
        """Copies of every archive file ever ingested, named `<sha256 prefix>-<name>`."""
        return self.root / "sources"

    @property
    def records(self) -> Path:
        """One JSON file per update (`<update id>.json`): the plain record of updates and items."""
        return self.root / "records"

    @property
    def history(self) -> Path:
        """One JSON file per committed write, in order: what `kb reindex` replays."""
        return self.root / "history"

    @property
    def indexes(self) -> Path:
        """Whoosh index directories; `CURRENT` names the live one."""
        return self.root / "index"

    @property
    def pointer(self) -> Path:
        """The file naming the live index directory, replaced atomically on a rebuild."""
        return self.indexes / "CURRENT"

    @property
    def txn(self) -> Path:
        """A write in progress: staged records and, once committed, the COMMIT marker."""
        return self.root / "txn"

    @property
    def lock_path(self) -> Path:
        """The writer lock file."""
        return self.root / "lock"

    @property
    def topics_file(self) -> Path:
        """The optional topic list that overrides the shipped one."""
        return self.root / "topics.toml"

    @property
    def organisations_file(self) -> Path:
        """The optional organisations list that overrides the shipped one."""
        return self.root / "organisations.toml"

    @property
    def learned_organisations(self) -> Path:
        """The acronyms learned from the archive's own text, with the update each came from."""
        return self.root / "organisations-learned.json"

    def ensure(self) -> None:
        """Create the directory and its parts; raise HomeError when that is not allowed."""
        try:
            for path in (self.root, self.sources, self.records, self.history, self.indexes):
                path.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise HomeError(unusable(self.root, e, "create")) from e

    def index_lost(self) -> bool:
        """True when updates are stored but there is no index at all (deleted by hand), no write under way."""
        try:
            return not self.txn.exists() and next(self.records.glob("*.json"), None) is not None
        except OSError:
            return False

    def live_index(self) -> Path | None:
        """The live index directory, or None when there is none yet."""
        try:
            name = self.pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except OSError as e:  # not a directory, not readable
            raise HomeError(unusable(self.root, e, "read")) from e
        return self.indexes / name if name else None

    def set_live_index(self, path: Path) -> None:
        """Point readers at another index directory in one atomic step."""
        write_atomic(self.pointer, (path.name + "\n").encode())

    def new_index_dir(self) -> Path:
        """A fresh, not yet existing index directory name beside the live one."""
        numbers = [int(p.name[3:]) for p in self.indexes.glob("ix-*") if p.name[3:].isdigit()]
        path = self.indexes / f"ix-{max(numbers, default=0) + 1:06d}"
        return path

    def remove_stale_indexes(self) -> list[str]:
        """Delete index directories other than the live one (left by a rebuild or a crash)."""
        live = self.live_index()
        removed = []
        for path in self.indexes.glob("ix-*"):
            if path.is_dir() and path != live:
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path.name)
        return removed


def unusable(root: Path, error: OSError, doing: str) -> str:
    """Why a knowledge-base directory cannot be used, naming a file that stands where a directory must."""
    blocker = next((p for p in (root, *root.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        return f"cannot {doing} the knowledge base at {root}: {blocker} is a file, not a directory"
    return f"cannot {doing} the knowledge base at {root}: {error.strerror or error}"


def write_atomic(path: Path, data: bytes, fsync: bool = True) -> None:
    """Write a file so that readers see the old or the new content, never a part."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        if fsync:
            f.flush()
            os.fsync(f.fileno())
    os.replace(tmp, path)


def write_json(path: Path, data, fsync: bool = True) -> None:
    """Write a JSON file atomically (UTF-8, indented, readable)."""
    write_atomic(path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode(), fsync)


def fsync_dir(path: Path) -> None:
    """Make renames inside a directory durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def flush_files(paths: list[Path]) -> None:
    """Make files written without fsync durable: one by one when few, else one sync of everything."""
    if len(paths) > 64:
        os.sync()
        return
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    for parent in {p.parent for p in paths}:
        fsync_dir(parent)


def _thread_lock(path: Path) -> threading.Lock:
    """The in-process lock of a lock file (by its real path: two spellings of a directory are one)."""
    with _thread_locks_guard:
        return _thread_locks.setdefault(os.path.realpath(path), threading.Lock())


@contextmanager
def writer_lock(home: Home, timeout: float | None = None) -> Iterator[None]:
    """Hold the writer lock; wait up to `timeout` seconds for another writer, then raise HomeError.

    POSIX record locks (lockf) belong to the process, so they are released when it dies and are not
    inherited by Whoosh's indexing subprocesses; a thread lock serialises writers inside one process.
    """
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + timeout
    tlock = _thread_lock(home.lock_path)
    if not tlock.acquire(timeout=max(timeout, 0)):
        raise HomeError(_busy_message(home, timeout, None))
    try:
        fd = _open_lock(home)
        try:
            _acquire(fd, home, deadline, timeout)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            try:
                yield
            finally:
                fcntl.lockf(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
    finally:
        tlock.release()


def _open_lock(home: Home) -> int:
    try:
        return os.open(home.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise HomeError(f"cannot write to the knowledge base at {home.root}: {e.strerror or e}") from e


def _acquire(fd: int, home: Home, deadline: float, timeout: float) -> None:
    while True:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as e:
            if e.errno not in (errno.EACCES, errno.EAGAIN):
                raise
        if time.monotonic() >= deadline:
            raise HomeError(_busy_message(home, timeout, _holder(fd)))
        time.sleep(0.05)


def _holder(fd: int) -> str | None:
    try:
        return os.pread(fd, 32, 0).decode().strip() or None
    except OSError:
        return None


def _busy_message(home: Home, timeout: float, pid: str | None) -> str:
    who = f" (process {pid})" if pid else ""
    return (f"the knowledge base at {home.root} is busy: another ingest, remove or reindex{who} "
            f"is writing to it; waited {timeout:g} s. Try again when it has finished.")
