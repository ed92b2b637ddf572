"""Threads: an item with the items of its series under the same heading (the "Coronavirus Job Retention
Scheme" heading of 25 March, 30 March and 15 April) and the items linked to it by a reference."""
from __future__ import annotations

from typing import Callable

from kb.crossrefs import CrossRefs, resolve, series
from kb.results import TimelineEntry
from vocab.models import Item, Update


def heading_key(item: Item) -> tuple[str, str] | None:
    """What makes items one thread by heading: their series and their heading, case and spacing aside."""
    return (series(item.update_id), " ".join(item.heading.lower().split())) if item.heading else None


def _points_at(item: Item, other: Item) -> bool:
    """True when one of the item's resolved references names the other item or the other's update."""
    return any(ref.resolved and ref.target in (other.id, other.update_id) for ref in item.refers_to)


def _shares_topic(item: Item, other: Item) -> bool:
    return bool(item.topics and other.topics and item.topics[0] in other.topics)


def thread(item: Item, refs: CrossRefs) -> tuple[list[Item], list[Item]]:
    """The items of other updates in an item's thread: (earlier, later), each oldest first. Besides the
    same heading in the same series, an update reference links the items of both updates on its topic."""
    key = heading_key(item)
    targets = {r.target for r in item.refers_to}
    found = []
    for other in refs.items.values():
        if other.update_id == item.update_id:
            continue
        same = key is not None and heading_key(other) == key
        linked = other.id in targets or any(r.target == item.id for r in other.refers_to)
        by_update = (_points_at(item, other) or _points_at(other, item)) and _shares_topic(item, other)
        if same or linked or by_update:
            found.append(other)
    found.sort(key=lambda i: (i.date, i.number))
    return [i for i in found if i.date < item.date], [i for i in found if i.date > item.date]


def arrange(entries: list[TimelineEntry], items: list[Item], updates: Callable[[], list[Update]]) -> list[TimelineEntry]:
    """Mark the timeline entries that continue a thread (same series and heading, or a reference between
    them): `thread` names it, `follows` is the item id of the thread's entry before. Order is kept.
    `updates` gives the held updates, read only when an entry's item has references to resolve."""
    held = updates() if any(item.refers_to for item in items) else []
    by_id = {item.id: resolve(item, held) if item.refers_to else item for item in items}
    group = list(range(len(entries)))

    def root(n: int) -> int:
        while group[n] != n:
            n = group[n]
        return n

    for a, first in enumerate(entries):
        for b in range(a + 1, len(entries)):
            one, two = by_id[first.item_id], by_id[entries[b].item_id]
            key = heading_key(one)
            if (key and key == heading_key(two)) or _points_at(one, two) or _points_at(two, one):
                group[root(b)] = root(a)
    last: dict[int, TimelineEntry] = {}
    sizes = [root(n) for n in range(len(entries))]
    for n, entry in enumerate(entries):
        r = root(n)
        if sizes.count(r) > 1:
            named = [e.heading for k, e in enumerate(entries) if root(k) == r and e.heading]
            entry.thread = named[0] if named else entries[r].update_title
            entry.follows = last[r].item_id if r in last else None
        last[r] = entry
    return entries
