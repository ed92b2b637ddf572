"""Readings of a query's words beyond their letter, decided once while the plan is made (kb.query): a period
read from date words ("in May", "since March 2021", "in 2025") and the spelling of a word no item holds.
Each is shown with a way to drop it (kb.results.QueryReading). Pure: what they know of the archive comes in
ArchiveFacts."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Callable

from kb.errors import QueryError
from kb.results import DateChoice, Dated
from vocab.dates import MONTHS, parse_period

DATE_CUES = {"in", "during", "on", "of", "throughout", "since", "after", "from", "before", "until", "till",
             "by", "to", "between", "last"}
AS_IN = {"of", "throughout", "during", "on", "between", "last"}  # cues that mean "in"
MAX_DATE_CHOICES = 10  # other years offered for a month named without one
MAX_DATE_WORDS = 4  # the longest run of words read as one date ("1st of April 2020")
MIN_CORRECTED_CHARS = 4  # a shorter word is never corrected: two edits (the suggester's reach) would make it any word


@dataclass
class ArchiveFacts:
    """What reading a query may know of the archive: its date range, the months its items are dated in or
    mention, whether the index's parser understands a query in its own syntax, which words items hold, and
    the closest word they hold to one they do not."""

    first: date | None = None
    last: date | None = None
    parses: Callable[[str], bool] | None = None
    dated_months: frozenset[str] = frozenset()  # "2021-05": a month some update is dated in
    mentioned_months: frozenset[str] = frozenset()  # a month some item mentions a date in
    holds: Callable[[str], bool] | None = None  # True when some item holds the word (or it is too common to index)
    suggest: Callable[[str], str | None] | None = None  # the word items hold that is closest to one they do not
    together: Callable[[list[str]], bool] | None = None  # True when some item holds every one of the words


def period(text: str) -> tuple[date, date] | None:
    """The first and last day a typed date means ("2020-04-01", "March 2020", "2021"), or None."""
    try:
        return parse_period(text)
    except Exception:  # a date parser must never turn a search into an error
        return None


def next_day(day: date, step: int) -> date:
    """The day after (or before) `day`; QueryError at the ends of the calendar."""
    try:
        return day + timedelta(days=step)
    except OverflowError:
        cue = "after" if step > 0 else "before"
        raise QueryError(f"there is no day {cue} {day.isoformat()}: nothing can be dated {cue} it") from None


def take_dates(words: list[str], archive: ArchiveFacts, q: str) -> Dated | None:
    """Remove "in April 2020", "since May", "between March and May 2020", "in 2025"... from the words: the
    period they name together (None when they name none). A month without a year is the most recent such
    month of the archive, the other years offered as choices (each with the query naming it)."""
    dated, i = None, 0
    while i < len(words):
        cue = words[i].lower()
        found = _date_after(words, i + 1, archive, q) if cue in DATE_CUES else None
        if found is None:
            i += 1
            continue
        end = i + 1 + found.length
        joiner = words[end].lower() if end < len(words) else ""
        later = None
        if (cue, joiner) in (("between", "and"), ("from", "to"), ("from", "until")):
            later = _date_after(words, end + 1, archive, q)
        if later is not None:
            found = _Found(found.start, later.end, 0)
            end += 1 + later.length
            cue = "in"
        dated = _narrow(dated, found, "in" if cue in AS_IN else cue, " ".join(words[i:end]).rstrip(".,;:?!"))
        del words[i:end]
    return dated


@dataclass
class _Found:
    """A date phrase's period, its length in words, the years a month typed without one may mean, the year typed."""

    start: date
    end: date
    length: int
    years: list[DateChoice] = field(default_factory=list)
    year: int | None = None


def _date_after(words: list[str], start: int, archive: ArchiveFacts, q: str) -> _Found | None:
    """The longest run of up to MAX_DATE_WORDS words from `start` that names a date."""
    for n in range(min(MAX_DATE_WORDS, len(words) - start), 0, -1):
        span = " ".join(words[start:start + n]).rstrip(".,;:?!")
        if any(ch.isdigit() for ch in span):
            found = period(span)
            if found is not None:
                return _Found(*found, n, year=int(span) if span.isdigit() else None)
    if start < len(words):
        return _month(words[start].rstrip(".,;:?!"), archive, q)
    return None


def _month(word: str, archive: ArchiveFacts, q: str) -> _Found | None:
    """A month named without a year: the archive's most recent such month (one an update is dated in; else
    one items speak of, the last up to the archive's end first; else within, or last before, its dates), the
    other years that have it offered; None for no month, or an empty archive."""
    month = MONTHS.get(word.lower())
    if month is None or archive.last is None:
        return None
    dated = _years(archive.dated_months, month)
    mentioned = _years(archive.mentioned_months, month)
    if dated:
        year = dated[0]
    elif mentioned:
        year = next((y for y in mentioned if y <= archive.last.year), mentioned[-1])
    else:  # no item is dated in such a month or speaks of one: within the archive's dates, else the last before
        mentioned = [y for y in range(archive.last.year, archive.first.year - 1, -1)
                     if date(y, month, 1) <= archive.last and _month_end(y, month) >= archive.first]
        year = mentioned[0] if mentioned else archive.last.year - (date(archive.last.year, month, 1) > archive.last)
    years = sorted(set(dated) | set(mentioned) | {year}, reverse=True)[:MAX_DATE_CHOICES + 1]
    found = [DateChoice(y, date(y, month, 1), _month_end(y, month), _with_year(q, word, y)) for y in years]
    return _Found(date(year, month, 1), _month_end(year, month), 1, found)


def in_year(dated: Dated, matched: Callable[[date, date], bool]) -> Dated:
    """A month typed without a year read in the most recent of its years for which `matched` (some item
    holding the query's words is dated then or speaks of it) holds; as it is when none does."""
    year = next((c for c in dated.years if matched(c.start, c.end)), None)
    return replace(dated, start=year.start, end=year.end) if year is not None else dated


def _years(months: frozenset[str], month: int) -> list[int]:
    """The years of the given months ("2021-05") that are the month asked for, newest first."""
    return sorted({int(m[:4]) for m in months if m[5:7] == f"{month:02d}"}, reverse=True)


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _narrow(dated: Dated | None, found: _Found, cue: str, phrase: str) -> Dated:
    """The period read so far intersected with what "<cue> <period>" means."""
    start, end = found.start, found.end
    if cue in ("since", "from"):
        end = None
    elif cue == "after":
        start, end = next_day(end, 1), None
    elif cue == "before":
        start, end = None, next_day(start, -1)
    elif cue in ("until", "till", "by", "to"):
        start = None
    if dated is None:
        return Dated(phrase, start, end, found.years if cue == "in" else [], found.year if cue == "in" else None)
    dated.typed = f"{dated.typed} {phrase}"
    dated.start = max(d for d in (dated.start, start) if d is not None) if (dated.start or start) else None
    dated.end = min(d for d in (dated.end, end) if d is not None) if (dated.end or end) else None
    dated.years, dated.year = [], None  # several phrases: no single month or year to offer
    return dated


def _with_year(q: str, month: str, year: int) -> str:
    """The query with the month typed without a year given one."""
    return re.sub(rf"(?<!\w){re.escape(month)}(?!\w)", f"{month} {year}", q, count=1)


def corrections(words: list[str], candidates: dict[str, list[str]], archive: ArchiveFacts) -> tuple[dict[str, str], bool]:
    """Each candidate word (with its other spellings) that no item holds, with the closest word items hold;
    and the one rule for reading them so: True when some item holds the corrected words together with the
    query's other `words`, or when the words as typed find nothing (the corrected ones find something)."""
    if archive.holds is None or archive.suggest is None or archive.together is None:
        return {}, False
    fixes: dict[str, str] = {}
    for word, spellings in candidates.items():
        if len(word) < MIN_CORRECTED_CHARS or any(archive.holds(w) for w in [word, *spellings]):
            continue
        better = archive.suggest(word)
        if better and better != word.lower() and archive.together([better]):  # (never a word too common to search)
            fixes[word] = better
    if not fixes or archive.together([fixes.get(w, w) for w in words]):
        return fixes, bool(fixes)
    return fixes, not any(archive.together([w]) for w in words if w not in fixes)


def corrected(q: str, fixes: dict[str, str]) -> str:
    """The query text with each corrected word replaced (its first place)."""
    for word, better in fixes.items():
        q = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, q, count=1)
    return q
