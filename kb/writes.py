"""Changing the knowledge base: ingest, remove, reindex, and completing a write a crash interrupted.

Every write runs under the writer lock as one transaction: stage the new records, commit (a marker file),
then apply to records/, history/ and the index. Readers read only the index, whose commit (or, for a
rebuild, the switch of the CURRENT pointer) is atomic, so they see each update whole, old or new.
"""
from __future__ import annotations

import os
import signal
import time
from collections import defaultdict
from typing import TYPE_CHECKING

from kb import index, store
from kb.documents import indexed_cut
from kb.home import Home
from vocab.models import Archive, Update

if TYPE_CHECKING:
    from kb.ingesting import FileReport


def checkpoint(name: str) -> None:
    """Crash-test hook: with KB_CRASH_AT=<name> the process kills itself (SIGKILL) at that point."""
    if os.environ.get("KB_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def recover(home: Home) -> str | None:
    """Finish a write interrupted after its commit point, or discard one interrupted before it."""
    change = store.committed(home)
    if change is not None:
        apply(home, change)
        return "completed"
    discarded = store.discard(home)
    home.remove_stale_indexes()
    return "discarded" if discarded else None


def apply(home: Home, change: store.Change) -> None:
    """Apply a committed change to records, history and the index; safe to repeat."""
    store.apply_records(home, change)
    checkpoint("after-records")
    if not change.index_dir and not _write_live(home, change):
        change.index_dir = _build(home, store.read_records(home))  # records already hold the change
    if change.index_dir:
        home.set_live_index(home.indexes / change.index_dir)
        home.remove_stale_indexes()
    checkpoint("after-index")
    store.finish(home)


def run(home: Home, change: store.Change) -> None:
    """Commit and apply a change (the caller holds the writer lock and has called `recover`)."""
    if not change:
        return
    store.begin(home)
    if change.index_dir is None and not _index_usable(home):
        current = {u.id: u for u in store.read_records(home) if u.id not in change.deletes}
        current.update({u.id: u for u in change.puts})
        change.index_dir = _build(home, current.values())
    _commit_and_apply(home, change)


class Unfinished(Exception):
    """A write committed (it will be completed by the next write, or a server's start) that could not be
    applied now: the OSError that stopped it is its cause."""


def _commit_and_apply(home: Home, change: store.Change) -> None:
    """Commit a staged change (its point of no return), then apply it; Unfinished when applying fails."""
    checkpoint("before-commit")
    store.commit(home, change)
    checkpoint("after-commit")
    try:
        apply(home, change)
    except OSError as e:
        raise Unfinished(str(e)) from e


def _write_live(home: Home, change: store.Change) -> bool:
    """Apply the change to the live index in one commit; False if that index is damaged or missing."""
    try:
        index.write(home.live_index(), change.puts, change.deletes)
    except index.IndexUnreadable:
        return False
    return True


def _index_usable(home: Home) -> bool:
    try:
        snapshot = index.open_snapshot(home)
    except (index.IndexMissing, index.IndexUnreadable):
        return False
    if snapshot is None:
        return False
    snapshot.close()
    return True


def _build(home: Home, updates) -> str:
    path = home.new_index_dir()
    index.build(path, updates)
    return path.name


def plan_ingest(home: Home, sources: list[store.Source], files: list[tuple[Archive, FileReport]],
                owned: list[set[str]] | None = None) -> store.Change:
    """Compare read files (their archives, stored as `sources`) with what is stored: the change to make; each
    file's report gets which updates are new, changed or unchanged, and what they replace. `owned`: per file,
    the held updates that came from its stored copy (a corrected file): those it no longer gives are dropped,
    in the same write (a corrected date or title changes an update's id)."""
    change = store.Change()
    staged: dict[str, Update] = {}
    known = set(store.record_ids(home))
    by_date: dict[str, set[str]] = defaultdict(set)
    for uid in known:
        by_date[uid[:10]].add(uid)
    for n, (source, (archive, report)) in enumerate(zip(sources, files)):
        applied = []
        gone = sorted((owned[n] if owned else set()) - {u.id for u in archive.updates})
        if gone:
            change.deletes += gone
            report.dropped += gone
            change.entries.append({"op": "remove", "updates": gone})
        for update in archive.updates:
            report.items += len(update.items)
            current = staged.get(update.id) or (store.read_record(home, update.id) if update.id in known else None)
            if current is None:
                report.new.append(update.id)
                same_day = sorted(by_date[update.date.isoformat()] - {update.id})
                report.replaces += [(update.id, other) for other in same_day]
            elif store.same_content(current, update):
                report.unchanged.append(update.id)
                continue
            else:
                report.changed.append(update.id)
            report.warnings += [w for w in map(indexed_cut, update.items) if w]
            staged[update.id] = update  # (compared by date only with what was stored before this run)
            applied.append(update.id)
        if applied:
            change.entries.append({"op": "ingest", **source.to_dict(), "updates": applied})
    change.puts = list(staged.values())
    return change


def plan_remove(home: Home, update_ids: list[str]) -> tuple[store.Change, list[str]]:
    """The change that removes updates, and the ids that are not stored (nothing is removed then)."""
    known = set(store.record_ids(home))
    missing = [uid for uid in update_ids if uid not in known]
    ids = list(dict.fromkeys(update_ids))
    return store.Change(deletes=ids, entries=[{"op": "remove", "updates": ids}]), missing


def replay(home: Home, parse) -> tuple[dict[str, Update], list[str]]:
    """Every update as the stored sources give it now, replayed in ingest order (later versions win),
    and the problems met. `parse(data, name, given)` parses one stored source (`given`: the date given at its ingest)."""
    state: dict[str, Update] = {}
    mentioned: set[str] = set()
    problems: list[str] = []
    seen_notes: set[str] = set()
    for record in store.history(home):
        for entry in record["entries"]:
            mentioned.update(entry["updates"])
            if entry["op"] == "remove":
                for uid in entry["updates"]:
                    state.pop(uid, None)
                continue
            try:
                data = store.source_bytes(home, entry["stored"])
                if store.copy_changed(data, entry):
                    raise ValueError("its stored copy has changed since it was ingested")
                archive = parse(data, entry["name"], entry.get("date"))
            except Exception as e:  # any failure: keep the stored record of those updates instead
                problems.append(f"{entry['name']}: {e}; kept the stored records of its updates")
                archive = None
            problems += [f"{entry['name']}: {note}" for note in _correction_notes(archive) if note not in seen_notes]
            seen_notes.update(_correction_notes(archive))
            fresh = {u.id: u for u in archive.updates} if archive else {}
            read_as = {u.reading.read_as: u for u in archive.updates if u.reading and u.reading.read_as} if archive else {}
            for uid in entry["updates"]:
                update = fresh.get(uid) or _corrected(home, uid, read_as) or store.read_record(home, uid)
                if update is not None:
                    state[update.id] = update
    for update in store.read_records(home):
        if update.id not in mentioned:  # stored before history was kept: keep as is
            state[update.id] = update
    return state, problems


def _corrected(home: Home, uid: str, read_as: dict[str, Update]) -> Update | None:
    """The update a source now gives in place of one it gave as `uid`: read as that id and corrected since (its
    corrections file edited), or given as read again (a correction taken out of the file)."""
    if uid in read_as:
        return read_as[uid]
    record = store.read_record(home, uid)
    was = record.reading.read_as if record is not None and record.reading else None
    return read_as.get(was) if was and was != uid else None


def _correction_notes(archive: Archive | None) -> list[str]:
    """The corrections of a source that were not applied, in words."""
    from kb.corrections import unapplied

    if archive is None:
        return []
    return [unapplied(x) for x in archive.unapplied]


def rebuild(home: Home, parse) -> dict:
    """Re-parse every stored source, build a new index beside the live one, then switch to it."""
    started = time.monotonic()
    state, problems = replay(home, parse)
    store.begin(home)
    old = set(store.record_ids(home))
    retagged = sum(1 for u in state.values() if u.id in old and not _same_record(home, u))
    change = store.Change(puts=list(state.values()), deletes=sorted(old - set(state)))
    change.index_dir = _build(home, state.values())
    _commit_and_apply(home, change)
    return {"updates": len(state), "items": sum(len(u.items) for u in state.values()), "changed": retagged,
            "dropped": change.deletes, "problems": problems, "index": change.index_dir,
            "seconds": round(time.monotonic() - started, 2)}


def _same_record(home: Home, update: Update) -> bool:
    current = store.read_record(home, update.id)
    return current is not None and current.to_dict() == update.to_dict()
