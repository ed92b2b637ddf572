"""Find where an item refers to another update ("our update of 30 March", "yesterday's update") or to
another item of its update ("see item 3", "as noted above"). Pure: no index, no other updates needed."""
from __future__ import annotations

import bisect
import re
from datetime import date

from vocab.models import Reference, Update

from vocab.dates import find_dates

_NOUN = re.compile(r"\b(?:updates?|notes|bulletins?|briefings?)\b", re.I)
_APOS = "['’]"
# what may stand just before the noun: a relative word, or a date phrase with an optional possessive
_RELATIVE_BEFORE = re.compile(rf"(?:\b(?:our|the|my|an?)\s+)?\b(?P<rel>previous|prior|last|earlier)\s+$", re.I)
_WEEK_BEFORE = re.compile(rf"\blast\s+week{_APOS}s\s+$", re.I)
_OWNER_BEFORE = re.compile(r"\b(?:our|the|my)\s+$", re.I)
_AFTER = re.compile(r"^\s+(?:(?:that\s+)?we\s+(?:sent|circulated|issued)\s+|(?:sent|circulated|issued)\s+)?(?:of|from|dated|on)?\s*(?:the\s+)?", re.I)
_ITEM = re.compile(r"\bsee\s+(?:also\s+)?(?:items?|points?|paragraphs?)\s+(?P<a>\d{1,3})\b"
                   r"|\bsee\s+(?P<b>\d{1,3})\s+(?:above|below)\b"
                   r"|\b(?:items?|points?)\s+(?P<c>\d{1,3})\s+(?:above|below)\b"
                   r"|\bas\s+(?:(?:noted|mentioned|stated|said|set\s+out|described|explained|reported)\s+)?above\b", re.I)
_BEFORE_CHARS = 40
_AFTER_CHARS = 40


def tag_references(update: Update) -> None:
    """Fill `refers_to` of every item of the update (item references resolved to the update's items)."""
    numbers = {item.number for item in update.items}
    ordered = sorted(numbers)
    for item in update.items:
        text = f"{item.heading or ''}\n{item.text}"
        found = _placed_updates(text, update.date) + _placed_items(text, update.id, item.number, numbers, ordered)
        item.refers_to = [ref for _, ref in sorted(found, key=lambda pair: pair[0])]


def _distinct(found: list[tuple[int, Reference]]) -> list[tuple[int, Reference]]:
    """Each phrase once, at its first place."""
    seen: set[str] = set()
    return [(at, ref) for at, ref in found if not (ref.text in seen or seen.add(ref.text))]


def update_references(text: str, day: date) -> list[Reference]:
    """References to other updates: with the day they name, or (relative ones) the date left to the reader."""
    return [ref for _, ref in _placed_updates(text, day)]


def _placed_updates(text: str, day: date) -> list[tuple[int, Reference]]:
    found = []
    for noun in _NOUN.finditer(text):
        ref = _around(text, noun, day)
        if ref and ref.date != day.isoformat():
            found.append((noun.start(), ref))
    return _distinct(found)


def _around(text: str, noun: re.Match, day: date) -> Reference | None:
    """The reference a noun ("update", "notes") makes, from the words just before or after it."""
    before = text[max(0, noun.start() - _BEFORE_CHARS):noun.start()]
    week = _WEEK_BEFORE.search(before)
    if week:
        return Reference(text=text[noun.start() - len(before) + week.start():noun.end()], kind="update")
    named = _date_before(text, before, noun, day) or _date_after(text, noun, day)
    if named:
        return named
    rel = _RELATIVE_BEFORE.search(before)
    if rel:
        return Reference(text=text[noun.start() - len(before) + rel.start():noun.end()], kind="update")
    return None


def _date_before(text: str, before: str, noun: re.Match, day: date) -> Reference | None:
    """"yesterday's update", "the 25 March notes", "last Tuesday's update", "our 30 March update"."""
    offset = noun.start() - len(before)
    for mention in find_dates(before, day):
        tail, lead = before[mention.end:], before[:mention.start]
        if len(mention.value) != 10 or not re.fullmatch(rf"(?:{_APOS}s)?\s+", tail):
            continue
        owner = _OWNER_BEFORE.search(lead)
        if owner or tail[0] in "'’":
            start = offset + (owner.start() if owner else mention.start)
            return Reference(text=text[start:noun.end()], kind="update", date=mention.value)
    return None


def _date_after(text: str, noun: re.Match, day: date) -> Reference | None:
    """"our update of 30 March", "the notes from 25 March", "the update we circulated on 2 April"."""
    after = text[noun.end():noun.end() + _AFTER_CHARS]
    lead = _AFTER.match(after)
    if not lead or not lead.group(0).strip():
        return None
    window = text[max(0, noun.start() - 24):noun.start()]
    own = re.search(r"\b(?:(?:our|the|my)\s+)?(?:previous|last|earlier)\s+$|\b(?:our|the|my)\s+$", window, re.I)
    if not own:
        return None
    rest = after[lead.end():]
    for mention in find_dates(rest, day):
        possessive = rest[mention.end:mention.end + 1] in ("'", "’")  # "the notes from yesterday's meeting"
        if mention.start == 0 and len(mention.value) == 10 and not possessive:
            start = noun.start() - len(window) + own.start()
            return Reference(text=text[start:noun.end() + lead.end() + mention.end], kind="update", date=mention.value)
        break
    return None


def item_references(text: str, update_id: str, number: int, numbers: set[int]) -> list[Reference]:
    """References to items of the same update: "see item 3", "(see 2 below)", "as noted above" (the item
    just before); one to a number the update does not have stays unresolved."""
    return [ref for _, ref in _placed_items(text, update_id, number, numbers, sorted(numbers))]


def _placed_items(text: str, update_id: str, number: int, numbers: set[int],
                  ordered: list[int]) -> list[tuple[int, Reference]]:
    found = []
    at = bisect.bisect_left(ordered, number)  # the item just above: found in log time, not by a scan of all
    above = ordered[at - 1] if at else None  # (a scan per item made an update of 8,000 items quadratic)
    for m in _ITEM.finditer(text):
        num = m.group("a") or m.group("b") or m.group("c")
        target = int(num) if num else above
        if target == number:
            continue
        resolved = target in numbers
        found.append((m.start(), Reference(text=m.group(0), kind="item", resolved=resolved,
                                           target=f"{update_id}--{target}" if resolved else None)))
    return _distinct(found)
