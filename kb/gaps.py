"""What the archive seems to miss, with the evidence: updates referred to but not held, breaks in a series'
rhythm, item numbering that skips, and near-duplicate updates."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from statistics import median

from kb.crossrefs import CrossRefs, series
from vocab.models import Item, Reference, Update

RHYTHM_MIN_UPDATES = 4  # a series needs this many updates before its rhythm is inferred
RHYTHM_TOLERANCE = 0.25  # an interval within this share of the usual one keeps the rhythm
RHYTHM_REGULAR_SHARE = 2 / 3  # the share of intervals that must keep it for the series to have a rhythm
RHYTHM_BREAK = 1.75  # an interval this many times the usual one is a break
DUPLICATE_DAYS = 3
DUPLICATE_ALIKE = 0.6  # word overlap (Jaccard) of two items that say the same thing
DUPLICATE_SHARE = 0.5  # the share of items alike that makes two updates near-duplicates
MAX_CANDIDATES = 64  # items of the other update an item is compared with at most (those sharing its rarest words)


def find(refs: CrossRefs) -> dict:
    """Every gap found, as a JSON-ready dict of four lists."""
    updates = sorted(refs.updates.values(), key=lambda u: (u.date, u.id))
    return {"missing": missing(refs), "rhythm": rhythm(updates),
            "numbering": numbering(updates), "near_duplicates": near_duplicates(updates)}


def _points_to(ref: Reference, item: Item) -> str:
    """The day, week or span an unresolved update reference names, as shown to the secretary."""
    lo, hi = ref.span(date.fromisoformat(item.date))
    if lo == hi:
        return lo.isoformat()
    if lo is not None:
        return f"the week of {lo.isoformat()}"
    return f"an update before {(hi + timedelta(days=1)).isoformat()}"


def missing(refs: CrossRefs) -> list[dict]:
    """Updates referred to but not held, each with every item that refers to it."""
    found: dict[str, dict] = {}
    for item, ref in refs.missing():
        key = _points_to(ref, item)
        entry = found.setdefault(key, {"points_to": key, "date": ref.date, "cited_by": []})
        entry["cited_by"].append({"item_id": item.id, "update_title": item.update_title, "date": item.date,
                                  "number": item.number, "phrase": ref.text})
    return list(found.values())


def rhythm(updates: list[Update]) -> list[dict]:
    """Breaks in the rhythm of each series regular enough to have one (most intervals alike)."""
    found = []
    by_series: dict[str, list[Update]] = {}
    for update in updates:
        by_series.setdefault(series(update.id), []).append(update)
    for name, run in by_series.items():
        if len(run) < RHYTHM_MIN_UPDATES:
            continue
        gaps = [(a, b, (b.date - a.date).days) for a, b in zip(run, run[1:])]
        usual = median(days for *_, days in gaps)
        if usual < 1:
            continue
        kept = sum(abs(days - usual) <= usual * RHYTHM_TOLERANCE for *_, days in gaps)
        if kept < len(gaps) * RHYTHM_REGULAR_SHARE:
            continue
        for a, b, days in gaps:
            if days >= usual * RHYTHM_BREAK:
                found.append({"series": name, "usual_days": usual, "after": a.id, "before": b.id, "days": days,
                              "expected_missing": max(round(days / usual) - 1, 1)})
    return found


def _ordinal(label: str | None) -> tuple[str, int] | None:
    """A marker's kind and value: ("1", 4) for "4.", ("a", 3) for "(c)"; None for bullets and none."""
    m = re.fullmatch(r"\(?(\d{1,3}|[a-z])[.)\-–—]?\)?(?:\s*[–—-])?", (label or "").strip())
    if not m:
        return None
    value = m.group(1)
    return ("1", int(value)) if value.isdigit() else ("a", ord(value) - 96)


def numbering(updates: list[Update]) -> list[dict]:
    """Updates whose original numbering skips (1, 2, 4): a list restarting at 1 is fine."""
    found = []
    for update in updates:
        labels, skipped, last = [], [], {}
        for item in update.items:
            got = _ordinal(item.label)
            if got is None:
                continue
            labels.append(item.label)
            kind, value = got
            before = last.get(kind)
            if before is not None and value > before + 1:
                skipped += [str(n) if kind == "1" else chr(96 + n) for n in range(before + 1, value)]
            last[kind] = value
        if skipped:
            found.append({"update_id": update.id, "labels": labels, "skipped": skipped})
    return found


def _words(item: Item) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", f"{item.heading or ''} {item.text}".lower()))


def _alike(one: Update, two: Update) -> int:
    """How many items of the first say (nearly) what an item of the second says: each item is compared only
    with the items sharing a word of its prefix (its rarest words, by prefix filtering: two word sets this
    alike must share one), at most MAX_CANDIDATES of them, never with every item of the other update."""
    ones, twos = [_words(item) for item in one.items], [_words(item) for item in two.items]
    rarity = Counter(word for words in (*ones, *twos) for word in words)
    by_prefix: dict[str, list[int]] = defaultdict(list)
    for n, words in enumerate(twos):
        for word in _prefix(words, rarity):
            by_prefix[word].append(n)
    count = 0
    for words in ones:
        if not words:
            continue
        if any(_similar(words, twos[n]) for n in _candidates(_prefix(words, rarity), by_prefix)):
            count += 1
    return count


def _candidates(prefix: list[str], by_prefix: dict[str, list[int]]) -> set[int]:
    """The items sharing a word of the prefix, at most MAX_CANDIDATES."""
    seen: set[int] = set()
    for word in prefix:
        for n in by_prefix.get(word, ()):
            seen.add(n)
            if len(seen) >= MAX_CANDIDATES:
                return seen
    return seen


def _prefix(words: frozenset[str], rarity: Counter) -> list[str]:
    """The rarest words of a set, as many as a set at least DUPLICATE_ALIKE alike must share one of: one more
    than the words it may lack (rounded generously: a longer prefix only adds candidates)."""
    keep = len(words) - int(len(words) * DUPLICATE_ALIKE) + 1
    return sorted(words, key=lambda w: (rarity[w], w))[:keep]


def _similar(one: frozenset[str], two: frozenset[str]) -> bool:
    """Word overlap (Jaccard) of at least DUPLICATE_ALIKE."""
    if not one or not two or min(len(one), len(two)) / max(len(one), len(two)) < DUPLICATE_ALIKE:
        return False
    shared = len(one & two)
    return shared / (len(one) + len(two) - shared) >= DUPLICATE_ALIKE


def near_duplicates(updates: list[Update]) -> list[dict]:
    """Pairs of updates of one series a few days apart whose items are mostly alike. Updates are compared
    within their series only (one update a day at most: its id is its date and series), so the work grows
    with the archive, not with its square (every pair of same-day updates was compared before)."""
    found = []
    by_series: dict[str, list[Update]] = defaultdict(list)
    for update in updates:
        by_series[series(update.id)].append(update)
    for run in by_series.values():
        for n, one in enumerate(run):
            for two in run[n + 1:]:
                if (two.date - one.date).days > DUPLICATE_DAYS:
                    break
                alike = _alike(one, two)
                most = max(len(one.items), len(two.items))
                if most and alike / most >= DUPLICATE_SHARE:
                    found.append({"updates": [one.id, two.id], "days_apart": (two.date - one.date).days,
                                  "alike": alike, "items": [len(one.items), len(two.items)]})
    return _in_order(found, updates)


def _in_order(found: list[dict], updates: list[Update]) -> list[dict]:
    """The pairs in the order of the updates (date, id), as a scan of every pair gave them."""
    place = {update.id: n for n, update in enumerate(updates)}
    return sorted(found, key=lambda gap: (place[gap["updates"][0]], place[gap["updates"][1]]))


def text_lines(found: dict) -> list[str]:
    """The gaps as lines for the terminal, each with its evidence."""
    lines = []
    for gap in found["missing"]:
        lines.append(f"missing: {gap['points_to']}, referred to by")
        lines += [f"  {c['item_id']}: “{c['phrase']}”" for c in gap["cited_by"]]
    for gap in found["rhythm"]:
        lines.append(f"rhythm: {gap['series']} usually every {gap['usual_days']:g} days, but {gap['days']} days "
                     f"from {gap['after']} to {gap['before']} (about {gap['expected_missing']} missing)")
    for gap in found["numbering"]:
        lines.append(f"numbering: {gap['update_id']} numbers its items {', '.join(gap['labels'])}: "
                     f"{', '.join(gap['skipped'])} skipped")
    for gap in found["near_duplicates"]:
        one, two = gap["updates"]
        lines.append(f"near-duplicate: {one} and {two}, {gap['days_apart']} days apart, "
                     f"{gap['alike']} items alike ({gap['items'][0]} and {gap['items'][1]} items)")
    return lines or ["no gaps found"]
