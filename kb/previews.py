"""Seeing how a file reads before storing it, and correcting how a stored update was read: the preview (which
writes nothing) and `kb correct` (which stores the update read again, with its correction, in one write)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kb import corrections as fixes
from kb import store, writes
from kb.errors import CorrectionRefused, KBError, NotFound
from kb.home import Home
from vocab.models import Correction, Update

if TYPE_CHECKING:
    from kb.ingesting import ParsedFile, Writer


@dataclass
class Preview:
    """How a file reads and what storing it would do, before anything is stored."""

    name: str
    format: str
    sha256: str
    updates: list[Update]
    status: dict[str, str] = field(default_factory=dict)  # update id -> "new", "changed" or "unchanged"
    replaces: list[tuple[str, str]] = field(default_factory=list)  # (new id, a held update of the same date)
    dropped: list[str] = field(default_factory=list)  # held updates from this file that its corrections replace
    skipped: list[str] = field(default_factory=list)  # lines left out outside and inside its updates
    warnings: list[str] = field(default_factory=list)
    corrected: list[str] = field(default_factory=list)  # every correction applied, in words
    unapplied: list[str] = field(default_factory=list)  # corrections kept for it that no longer apply
    refused: list[str] = field(default_factory=list)  # new corrections that cannot be made, each with why
    corrections: list[Correction] = field(default_factory=list)  # the new corrections that apply: Store keeps them
    lines: bool = False  # its reading gives source lines: headings, splits and merges can be corrected

    @property
    def needs_review(self) -> list[Update]:
        return [u for u in self.updates if u.needs_review]

    def to_dict(self) -> dict:
        """The preview as JSON: the upload's report fields and each update whole, with its reading."""
        return {"name": self.name, "format": self.format, "sha256": self.sha256, "stored": False,
                "updates": [{**u.to_dict(), "status": self.status[u.id]} for u in self.updates],
                "needs_review": [u.id for u in self.needs_review], "replaces": [list(p) for p in self.replaces],
                "dropped": self.dropped, "skipped": self.skipped, "warnings": self.warnings,
                "corrected": self.corrected, "unapplied": self.unapplied, "refused": self.refused,
                "corrections": [fixes.to_dict(c) for c in self.corrections], "lines": self.lines}


def preview(home: Home, file: ParsedFile, new: list[Correction]) -> Preview:
    """The preview of a file read (with the corrections kept for it and the `new` ones): compared with what
    the knowledge base holds, read only."""
    archive = file.archive
    stored, digest = store.stored_name(file.data, Path(file.name).name)
    keys = {c.key() for c in new}
    found = Preview(file.name, archive.format, digest, archive.updates, skipped=list(archive.skipped),
                    warnings=list(archive.warnings) + file.notes, lines=archive.lines,
                    corrected=[fixes.describe(c) for c in archive.corrected],
                    corrections=[c for c in archive.corrected if c.key() in keys])
    for x in archive.unapplied:
        (found.refused if x.correction.key() in keys else found.unapplied).append(fixes.unapplied(x))
    known = set(store.record_ids(home))
    for update in archive.updates:
        held = store.read_record(home, update.id) if update.id in known else None
        found.status[update.id] = "new" if held is None else "unchanged" if store.same_content(held, update) \
            else "changed"
        if held is None:
            found.replaces += [(update.id, uid) for uid in sorted(known) if uid[:10] == update.date.isoformat()]
    if new or archive.corrected:
        found.dropped = sorted(store.owned_ids(home, stored) - set(found.status))
    return found


def correct(writer: Writer, update_id: str, correction: Correction) -> dict:
    """Correct a stored update (under the writer lock): its source read again with the correction, the updates
    it now gives stored, those it no longer gives (the old id of a corrected date or title) dropped, and the
    correction kept beside the source, in one write. KBError when the correction does not apply."""
    home = writer.home
    record, entry = store.read_record(home, update_id), store.source_of(home, update_id)
    if record is None:
        raise NotFound(f"there is no update {update_id!r} (see `kb updates`)")
    if entry is None:
        raise KBError(f"the update {update_id!r} has no stored source to correct (it was stored before sources were kept)")
    if correction.kind in ("date", "title"):
        correction = replace(correction, update=(record.reading.read_as if record.reading else None) or update_id)
    data = store.source_bytes(home, entry["stored"])
    file = writer.parsed(data, entry["name"], entry.get("date"), [correction])
    archive, report = file.archive, file.report()
    refused = [x.reason for x in archive.unapplied if x.correction.key() == correction.key()]
    if refused:
        raise CorrectionRefused(f"cannot correct {update_id}: {refused[0]}; nothing was changed")
    owned = store.owned_ids(home, entry["stored"]) | {update_id}
    _refuse_collisions(home, archive.updates, owned)
    source = store.Source(entry["stored"], entry["name"], entry.get("sha256") or store.stored_name(data, entry["name"])[1],
                          entry.get("date"))
    change = writes.plan_ingest(home, [source], [(archive, report)], [owned])
    change.files[f"sources/{entry['stored']}{store.CORRECTIONS}"] = fixes.text(file.kept_corrections())
    writes.run(home, change)
    was = (record.reading.read_as if record.reading else None) or update_id
    now = next((u.id for u in archive.updates if u.id == update_id or (u.reading and u.reading.read_as == was)), None)
    return {"update": update_id, "now": now, "corrected": fixes.describe(
        next(c for c in archive.corrected if c.key() == correction.key())), "changed": report.new + report.changed,
        "dropped": report.dropped, "unapplied": report.unapplied}


def _refuse_collisions(home: Home, updates: list[Update], owned: set[str]) -> None:
    """KBError when a corrected date or title would give an update the id of one held from another file (it
    would replace that one)."""
    known = set(store.record_ids(home))
    for update in updates:
        corrected = update.reading is not None and any(e.code in ("date", "title") for e in update.reading.corrections)
        if corrected and update.id in known and update.id not in owned:
            raise CorrectionRefused(f"the corrected update would be {update.id}, which is already held from another file: "
                          f"nothing was changed (remove that one first with `kb remove {update.id}`, if it is the same)")


def correction_notes(writer: Writer) -> list[str]:
    """Every kept correction that does not apply (its source changed, or its line says something else) and every
    corrections file that cannot be read, or whose source is not stored: for `kb check`."""
    found = []
    for path in sorted(writer.home.sources.glob(f"*{store.CORRECTIONS}")):
        stored = path.name[:-len(store.CORRECTIONS)]
        try:
            kept = fixes.read(writer.home, stored)
            data = store.source_bytes(writer.home, stored)
        except fixes.CorrectionsError as e:
            found.append(f"{e}: not applied")
            continue
        except OSError:
            found.append(f"{path.name}: its source sources/{stored} is not stored: not applied")
            continue
        given = next((e.get("date") for r in store.history(writer.home) for e in r["entries"]
                      if e.get("stored") == stored), None)
        try:
            archive = writer.parsed(data, kept.source if kept else stored, given, []).archive
        except Exception as e:  # a file that no longer reads is for `kb reindex` to report
            found.append(f"{path.name}: its source cannot be read ({e})")
            continue
        found += [f"{kept.source}: {fixes.unapplied(x)}" for x in archive.unapplied]
    return found
