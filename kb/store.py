"""The durable truth behind the index: copies of sources, per-update records, the write history,
and the write transaction that moves them forward together (redo on the next run after a crash)."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterator

from kb.home import Home, flush_files, fsync_dir, write_atomic, write_json
from vocab.models import Update

SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
CORRECTIONS = ".corrections.toml"  # the corrections kept beside a stored source (kb.corrections)


@dataclass
class Source:
    """An archive file as stored in the knowledge base."""

    stored: str  # file name under sources/
    name: str  # the name it was ingested under
    sha256: str
    date: str | None = None  # the date the user gave (kb ingest --date) for updates the file does not date

    def to_dict(self) -> dict:
        return {"stored": self.stored, "name": self.name, "sha256": self.sha256, "date": self.date}


def stored_name(data: bytes, name: str) -> tuple[str, str]:
    """The name a file's copy is stored under (`<sha256 prefix>-<name>`), and its sha256."""
    digest = hashlib.sha256(data).hexdigest()
    base = SAFE_NAME.sub("_", Path(name).name).strip("._") or "archive"
    return f"{digest[:16]}-{base[:80]}", digest


def store_source(home: Home, data: bytes, name: str, given: str | None = None, fsync: bool = True) -> Source:
    """Keep a copy of an archive file (content-addressed, so the same bytes are stored once)."""
    stored, digest = stored_name(data, name)
    path = home.sources / stored
    if not path.exists():
        write_atomic(path, data, fsync)
    return Source(stored, name, digest, given)


def store_sources(home: Home, files: list[tuple[bytes, str, str | None]]) -> list[Source]:
    """Keep copies of several archive files (data, name, the date given for it), made durable together."""
    sources = [store_source(home, data, name, given, fsync=False) for data, name, given in files]
    flush_files([home.sources / s.stored for s in sources])
    return sources


def source_bytes(home: Home, stored: str) -> bytes:
    """The bytes of a stored source."""
    return (home.sources / stored).read_bytes()


def copy_changed(data: bytes, entry: dict) -> bool:
    """True when a stored source's bytes are not the ones its history entry recorded at ingest."""
    return bool(entry.get("sha256")) and hashlib.sha256(data).hexdigest() != entry["sha256"]


# ---------------------------------------------------------------- records

def record_path(home: Home, update_id: str) -> Path:
    return home.records / f"{update_id}.json"


def read_record(home: Home, update_id: str) -> Update | None:
    """The stored record of an update, or None."""
    try:
        data = json.loads(record_path(home, update_id).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return Update.from_dict(data)


def record_ids(home: Home) -> list[str]:
    """The ids of every stored update."""
    if not home.records.exists():
        return []
    return sorted(p.name[:-5] for p in home.records.iterdir() if p.name.endswith(".json")
                  and not p.name.startswith("."))


def read_records(home: Home) -> Iterator[Update]:
    """Every stored update."""
    for uid in record_ids(home):
        update = read_record(home, uid)
        if update is not None:
            yield update


def same_content(a: Update, b: Update) -> bool:
    """True when two versions of an update say the same thing (the file they came from, and the evidence of how
    it was read, aside: a record written before readings were kept, or by a version that read it otherwise to
    the same effect, is unchanged)."""
    def strip(u: Update) -> dict:
        d = u.to_dict()
        d.pop("source")
        d.pop("reading", None)
        for item in d["items"]:
            item.pop("source")
        return d
    return strip(a) == strip(b)


# ---------------------------------------------------------------- history

def history(home: Home) -> Iterator[dict]:
    """Committed writes in order: {"seq", "at", "entries": [{"op": "ingest"|"remove", ...}]}."""
    if not home.history.exists():
        return
    for path in sorted(home.history.glob("*.json")):
        yield json.loads(path.read_text(encoding="utf-8"))


def source_of(home: Home, update_id: str) -> dict | None:
    """The history entry of the stored source that gave an update its current version (the newest write
    that ingested it), or None."""
    paths = sorted(home.history.glob("*.json"), reverse=True) if home.history.exists() else []
    for path in paths:
        entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
        for entry in reversed(entries):
            if entry["op"] == "ingest" and update_id in entry.get("updates", ()):
                return entry
    return None


def owned_ids(home: Home, stored: str) -> set[str]:
    """The updates whose current version came from a stored source (the newest write that ingested each was
    an ingest of that source, and none removed it since)."""
    last: dict[str, str | None] = {}
    for record in history(home):
        for entry in record["entries"]:
            for uid in entry["updates"]:
                last[uid] = entry.get("stored") if entry["op"] == "ingest" else None
    return {uid for uid, source in last.items() if source == stored}


def next_seq(home: Home) -> int:
    names = [p.stem for p in home.history.glob("*.json") if p.stem.isdigit()]
    return max((int(n) for n in names), default=0) + 1


def disk_stats(home: Home) -> dict:
    """What the directory holds: stored sources, records, the live index and its size, the writes."""
    sources = [p for p in home.sources.glob("*") if p.is_file() and not p.name.endswith(CORRECTIONS)] \
        if home.sources.exists() else []
    live = home.live_index()
    index_files = [p for p in live.rglob("*") if p.is_file()] if live and live.exists() else []
    writes = sorted(home.history.glob("*.json")) if home.history.exists() else []
    return {
        "sources": len(sources),
        "sources_bytes": sum(p.stat().st_size for p in sources),
        "records": len(record_ids(home)),
        "index": live.name if live else None,
        "index_bytes": sum(p.stat().st_size for p in index_files),
        "writes": len(writes),
        "last_write": datetime.fromtimestamp(writes[-1].stat().st_mtime).isoformat(timespec="seconds")
        if writes else None,
        "interrupted_write": home.txn.exists(),
        "topics_file": str(home.topics_file) if home.topics_file.exists() else None,
    }


# ---------------------------------------------------------------- transactions

@dataclass
class Change:
    """What one write does: updates to put (whole), update ids to drop, history entries to log."""

    puts: list[Update] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)
    entries: list[dict] = field(default_factory=list)
    index_dir: str | None = None  # set when a complete new index was built for this change
    seq: int | None = None  # the history number, given at commit
    at: float | None = None  # when it was committed
    files: dict[str, str] = field(default_factory=dict)  # small text files to write with it (path under the root -> text)

    def __bool__(self) -> bool:
        return bool(self.puts or self.deletes or self.entries or self.index_dir or self.files)

    def records(self) -> Iterator[dict]:
        """The puts as records, one at a time (a big rebuild need not hold them all twice)."""
        return (update.to_dict() for update in self.puts)


def record_text(record: dict) -> str:
    """An update's record as JSON, one field a line and one item a line: readable, and quick to write."""
    fields = [f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in record.items() if k != "items"]
    items = ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in record.get("items", []))
    return "{\n" + ",\n".join(fields + [f' "items": [\n{items}\n ]']) + "\n}\n"


def begin(home: Home) -> None:
    """Start staging a write: a fresh txn directory (a leftover uncommitted one is discarded)."""
    shutil.rmtree(home.txn, ignore_errors=True)
    home.txn.mkdir(parents=True)


def commit(home: Home, change: Change) -> None:
    """Make the change durable: staged records, then the COMMIT marker (the point of no return)."""
    staged = home.txn / "records.jsonl"
    with open(staged, "w", encoding="utf-8") as f:
        for record in change.records():
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
        f.flush()
        os.fsync(f.fileno())
    change.seq = next_seq(home) if change.entries else None
    change.at = time.time()
    marker = {"seq": change.seq, "at": change.at, "deletes": change.deletes, "entries": change.entries,
              "index_dir": change.index_dir, "files": change.files}
    write_json(home.txn / "COMMIT", marker)
    fsync_dir(home.txn)


def committed(home: Home) -> Change | None:
    """The committed but not yet finished change, if a write was interrupted after its commit point."""
    try:
        marker = json.loads((home.txn / "COMMIT").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    with open(home.txn / "records.jsonl", encoding="utf-8") as f:
        puts = [Update.from_dict(json.loads(line)) for line in f if line.strip()]
    return Change(puts, marker["deletes"], marker["entries"], marker.get("index_dir"), marker.get("seq"),
                  marker.get("at"), dict(marker.get("files") or {}))


def apply_records(home: Home, change: Change) -> None:
    """Move a committed change into its files (the corrections of sources), records/ and history/ (idempotent:
    safe to redo)."""
    written = []
    for relative, content in change.files.items():
        path = home.root / relative
        write_atomic(path, content.encode("utf-8"), fsync=False)
        written.append(path)
    for record in change.records():
        path = record_path(home, record["id"])
        write_atomic(path, record_text(record).encode(), fsync=False)
        written.append(path)
    for uid in change.deletes:
        record_path(home, uid).unlink(missing_ok=True)
    if change.entries and change.seq is not None:
        path = home.history / f"{change.seq:08d}.json"
        if not path.exists():
            write_json(path, {"seq": change.seq, "at": change.at, "entries": change.entries}, fsync=False)
            written.append(path)
    flush_files(written)
    for parent in {(home.root / relative).parent for relative in change.files}:
        fsync_dir(parent)
    fsync_dir(home.records)


def finish(home: Home) -> None:
    """The change is fully applied: drop the transaction directory."""
    (home.txn / "COMMIT").unlink(missing_ok=True)
    shutil.rmtree(home.txn, ignore_errors=True)


def discard(home: Home) -> bool:
    """Throw away an uncommitted staging area; True if there was one."""
    if home.txn.exists() and not (home.txn / "COMMIT").exists():
        shutil.rmtree(home.txn, ignore_errors=True)
        return True
    return False
