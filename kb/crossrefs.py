"""References between updates, resolved against the updates the knowledge base holds now.

Items store their references as the ingest found them (item references already pointing at items of
their update). Which update "yesterday's update" or "our update of 30 March" is depends on what the
archive holds, which later ingests, corrections and removals change: so it is worked out when read.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Callable

from vocab.models import Item, Reference, Update


def series(update_id: str) -> str:
    """The series an update belongs to: its id without the date ("update-from-co-chairs")."""
    return update_id[11:] if len(update_id) > 10 and update_id[10] == "-" else ""


def held_update(ref: Reference, item: Item, updates: list[Update]) -> Update | None:
    """The held update an update reference points to: on its day (or in its week, or the latest before),
    the referring item's own series first."""
    lo, hi = ref.span(date.fromisoformat(item.date))
    own = series(item.update_id)
    held = [u for u in updates if u.id != item.update_id and (lo is None or u.date >= lo) and u.date <= hi]
    return max(held, key=lambda u: (series(u.id) == own, u.date, u.id), default=None)


def resolve(item: Item, updates: list[Update]) -> Item:
    """A copy of the item with each update reference resolved (or not) against the given updates."""
    refs = []
    for ref in item.refers_to:
        if ref.kind == "update":
            target = held_update(ref, item, updates)
            ref = replace(ref, target=target.id if target else None, resolved=target is not None)
        refs.append(ref)
    return replace(item, refers_to=refs)


def resolve_all(items: list, updates: Callable[[], list[Update]]) -> list:
    """The items with their update references resolved against the held updates (`updates` is called only
    when some item has references); None entries stay None."""
    if not any(item and item.refers_to for item in items):
        return items
    held = updates()
    return [resolve(item, held) if item and item.refers_to else item for item in items]


@dataclass
class CrossRefs:
    """Every item's resolved references, and who points at what."""

    updates: dict[str, Update]  # id -> update with resolved items, newest first
    items: dict[str, Item] = field(default_factory=dict)
    pointing: dict[str, list[tuple[Item, Reference]]] = field(default_factory=dict)  # target id -> (item, ref)

    def referred_by(self, target_id: str) -> list[tuple[Item, Reference]]:
        """The items (of other updates, for an update) whose references point at an item or update."""
        return [(item, ref) for item, ref in self.pointing.get(target_id, []) if item.update_id != target_id]

    def refers_to(self, update_id: str) -> list[tuple[Item, Reference]]:
        """The update references made by an update's items, resolved or not, in order."""
        update = self.updates.get(update_id)
        return [(item, ref) for item in (update.items if update else []) for ref in item.refers_to if ref.kind == "update"]

    def missing(self) -> list[tuple[Item, Reference]]:
        """Every update reference that no held update answers, oldest referring item first."""
        found = [(item, ref) for item in self.items.values() for ref in item.refers_to
                 if ref.kind == "update" and not ref.resolved]
        return sorted(found, key=lambda pair: (pair[0].date, pair[0].number))


def build(updates: list[Update]) -> CrossRefs:
    """The cross-references of a set of updates with their items."""
    resolved = [replace(u, items=[resolve(i, updates) for i in u.items]) for u in updates]
    refs = CrossRefs(updates={u.id: u for u in resolved})
    for update in resolved:
        for item in update.items:
            refs.items[item.id] = item
            for ref in item.refers_to:
                if ref.resolved and ref.target:
                    refs.pointing.setdefault(ref.target, []).append((item, ref))
    return refs


def describe(ref: Reference) -> str:
    """One reference as a line of text: its phrase and where it points."""
    if ref.resolved:
        return f"{ref.text} -> {ref.target}"
    where = ref.date or "no such update held"
    return f"{ref.text} -> {where} (not in the archive)" if ref.kind == "update" else f"{ref.text} -> (no such item)"


@dataclass
class ItemReferences:
    """What points at an item, and its thread: the items of other updates before and after it on its subject."""

    referred_by: list[tuple[Item, Reference]]  # the items pointing at it or at its update
    earlier: list[Item]
    later: list[Item]

    def referred_by_json(self) -> list[dict]:
        """The items pointing at it, as JSON objects."""
        return [{"item_id": other.id, "phrase": ref.text, "target": ref.target} for other, ref in self.referred_by]


def segments(text: str, refs: list[Reference]) -> list[tuple[str, Reference | None]]:
    """A paragraph cut into plain runs and the phrases of its references (each phrase's first place)."""
    spans = []
    for ref in refs:
        at = text.find(ref.text)
        if at >= 0 and all(at >= end or at + len(ref.text) <= start for start, end, _ in spans):
            spans.append((at, at + len(ref.text), ref))
    out: list[tuple[str, Reference | None]] = []
    done = 0
    for start, end, ref in sorted(spans, key=lambda s: s[0]):
        if start > done:
            out.append((text[done:start], None))
        out.append((text[start:end], ref))
        done = end
    if done < len(text):
        out.append((text[done:], None))
    return out
