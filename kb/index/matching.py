"""Matching: running queries on a snapshot (every match as a set of docnums from the postings, the top
hits from Whoosh's scorer), the collectors that do it, the per-generation filters and facets, the cut
on pattern expansions (bounded) and the per-thread time budget (time_limit)."""
from __future__ import annotations

import bisect
import heapq
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import NamedTuple

from whoosh import collectors, matching
from whoosh import query as Q

from kb.documents import midnight
from kb.errors import QueryTooSlow
from kb.index.schema import SCHEMA

WORD_FIELDS = {"heading", "text", "tag", "context", "months", "topics", "organisations", "kind", "update_id", "id"}
MAX_EXPANSIONS = 32  # index words that the prefixes, wildcards, ranges and fuzzy terms of one query stand for



_budget = threading.local()


@contextmanager
def time_limit(seconds: float | None):
    """Searches run inside the block by this thread stop with QueryTooSlow after `seconds` (None: no limit)."""
    before = getattr(_budget, "deadline", None)
    _budget.deadline = time.monotonic() + seconds if seconds else None
    try:
        yield
    finally:
        _budget.deadline = before


def _check_budget() -> None:
    deadline = getattr(_budget, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        raise QueryTooSlow("the search ran past its time limit")


def once(cache: dict, key, make):
    """cache[key], made by the first thread that asks while the others wait: after each write, every server
    thread found a new generation's cache empty and built the same thing at once (under the GIL, N threads
    building it cost N times one)."""
    if key not in cache:
        with cache.setdefault(("lock", key), threading.Lock()):
            if key not in cache:
                cache[key] = make()
    return cache[key]


class Budgeted(collectors.WrappingCollector):
    """Checks the thread's time budget at every match a collector's matcher yields (placed innermost, so
    a FilterCollector around it is checked too)."""

    def matches(self):
        deadline = getattr(_budget, "deadline", None)
        for docnum in self.child.matches():
            if deadline is not None and time.monotonic() > deadline:
                raise QueryTooSlow("the search ran past its time limit")
            yield docnum


class BudgetedEvery(Q.Every):
    """Every document with a term in a field (`heading:*`), checking the thread's time budget at each term:
    Whoosh's Every reads every posting of every term of the field before its first match (`text:* heading:*
    id:* update_id:*` took 17.8 s at 211,000 items, past any budget)."""

    def matcher(self, searcher, context=None):
        if self.fieldname in (None, "", "*"):
            return super().matcher(searcher, context)
        found: set[int] = set()
        for text in searcher.lexicon(self.fieldname):
            _check_budget()
            found.update(searcher.postings(self.fieldname, text).all_ids())
        return matching.ListMatcher(sorted(found), all_weights=self.boost)


def _word_term(q) -> bool:
    """A term of a field whose postings Snapshot.term_docs reads directly."""
    return type(q) is Q.Term and q.fieldname in WORD_FIELDS and isinstance(q.text, str)


class EveryMatch(collectors.TopCollector):
    """The top N by score that also keeps every matching docnum (no block skipping: every match is seen)."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit=limit, usequality=False, replace=0)

    def _collect(self, global_docnum, score):
        self.docset.add(global_docnum)
        return super()._collect(global_docnum, score)


class KnownMatches(collectors.TopCollector):
    """The top N by score among docnums already known to match: the matcher skips from one to the next
    (a filter that allows few of a common word's matches then costs those few, not all of them)."""

    def __init__(self, limit: int, docs: set[int]) -> None:
        super().__init__(limit=limit, usequality=False)
        self.wanted = sorted(docs)

    def matches(self):
        matcher, offset = self.matcher, self.offset
        low = bisect.bisect_left(self.wanted, offset)
        high = bisect.bisect_left(self.wanted, offset + self.subsearcher.doc_count_all())
        for docnum in self.wanted[low:high]:
            docnum -= offset
            if matcher.is_active() and matcher.id() < docnum:
                matcher.skip_to(docnum)
            if not matcher.is_active():
                return
            if matcher.id() == docnum:
                yield docnum


class DateHit(NamedTuple):
    """A hit of a date-sorted search (no score)."""

    docnum: int
    score: None = None


@dataclass
class Matches:
    """One run of a query: every matching docnum, and the top hits of the asked-for window."""

    docs: set[int]
    hits: list = field(default_factory=list)  # whoosh Hit objects, best first

    @property
    def total(self) -> int:
        return len(self.docs)


class Matching:
    """The matching half of a Snapshot (it supplies reader, searcher, cache and _matched)."""

    # -- filters and facets, cached per generation
    def topic_docs(self) -> dict[str, frozenset[int]]:
        """Each topic name with the set of its items' docnums."""
        def make():
            found = {name: frozenset(self.term_docs("topics", name)) for name in self.reader.field_terms("topics")}
            return {name: docs for name, docs in found.items() if docs}  # (a removed topic's term stays in the
            # term list until its segment is merged)
        return once(self.cache, "topics", make)

    def organisation_docs(self) -> dict[str, frozenset[int]]:
        """Each organisation's canonical name with the set of docnums of the items naming it."""
        def make():
            names = self.reader.field_terms("organisations") if "organisations" in self.reader.schema else []
            found = {name: frozenset(self.term_docs("organisations", name)) for name in names}
            return {name: docs for name, docs in found.items() if docs}
        return once(self.cache, "organisations", make)

    def organisation_counts(self, docs: set[int] | None = None) -> dict[str, int]:
        """Items per organisation, among `docs` when given."""
        counts = {name: len(s if docs is None else s & docs) for name, s in self.organisation_docs().items()}
        return {name: n for name, n in counts.items() if n}

    def topic_counts(self, docs: set[int] | None = None) -> dict[str, int]:
        """Items per topic, among `docs` when given."""
        sets = self.topic_docs()
        counts = {name: len(s if docs is None else s & docs) for name, s in sets.items()}
        return {name: n for name, n in counts.items() if n}

    def months(self, docs: frozenset[int]) -> dict[str, int]:
        """How many of the given documents fall in each month ("2020-04"), oldest first."""
        column = self.reader.column_reader("date")
        found: dict[str, int] = {}
        for docnum in sorted(docs, key=lambda d: column[d]):
            month = column[docnum].strftime("%Y-%m")
            found[month] = found.get(month, 0) + 1
        return found

    def dates(self) -> tuple[list[int], list[int], list[int]]:
        """Per generation: every live docnum newest first (ties in docnum order, as Whoosh's date sort
        has them), each docnum's place in that order, and the dates (sortable column values) oldest first."""
        def make():
            keys = list(self.reader.column_reader("date", translate=False))
            deleted = {d + offset for reader, offset in self.reader.leaf_readers() if reader.has_deletions()
                       for d in reader.deleted_docs_set}
            newest = sorted((d for d in range(len(keys)) if d not in deleted), key=lambda d: (-keys[d], d))
            rank = [0] * len(keys)
            for at, docnum in enumerate(newest):
                rank[docnum] = at
            return newest, rank, [keys[d] for d in reversed(newest)]
        return once(self.cache, "dates", make)

    def filter_docs(self, topics: list[str], start: date | None, end: date | None) -> frozenset[int] | None:
        """The items allowed by topic and date filters (None: no filter); memoised per generation."""
        if not topics and start is None and end is None:
            return None
        key = ("filter", tuple(sorted(topics)), start, end)
        if key not in self.cache:
            sets = [self.topic_docs().get(t, frozenset()) for t in topics]
            if start is not None or end is not None:
                newest, _, keys = self.dates()
                to_key = SCHEMA["date"].to_column_value  # every stored date is at midnight
                low = bisect.bisect_left(keys, to_key(midnight(start))) if start is not None else 0
                high = bisect.bisect_right(keys, to_key(midnight(end))) if end is not None else len(keys)
                sets.append(frozenset(newest[len(keys) - high:len(keys) - low]))
            self.cache[key] = frozenset.intersection(*sets)
        return self.cache[key]

    # -- searching
    def term_docs(self, fieldname: str, text: str) -> set[int]:
        """The docnums holding a term, read a postings block at a time (deleted documents left out)."""
        found: set[int] = set()
        for reader, offset in self.reader.leaf_readers():
            if (fieldname, text) not in reader:
                continue
            matcher = reader.postings(fieldname, text)
            leaf = getattr(matcher, "child", matcher)
            if not hasattr(leaf, "_read_ids"):  # not Whoosh 2.7's block reader: the documented way
                found.update(d + offset for d in matcher.all_ids())
                continue
            ids: list[int] = []
            while leaf.is_active():
                leaf._read_ids()
                ids.extend(leaf._ids)
                leaf._next_block()
            deleted = reader.deleted_docs_set if reader.has_deletions() else ()
            found.update(d + offset for d in ids if d not in deleted) if offset or deleted else found.update(ids)
        return found

    def doc_set(self, q) -> set[int]:
        """Every docnum matching a query: set algebra over the terms' postings for the query shapes
        kb builds (terms, and, or, and-not), Whoosh's own matching for anything else."""
        kind = type(q)
        if _word_term(q):
            return self.term_docs(q.fieldname, q.text)
        if kind is Q.Or and not q.minmatch:
            return set().union(*(self.doc_set(sub) for sub in q.subqueries))
        if kind is Q.And and q.subqueries:
            sets = sorted((self.doc_set(sub) for sub in q.subqueries), key=len)
            return sets[0].intersection(*sets[1:])
        if kind is Q.AndNot:
            return self.doc_set(q.a) - self.doc_set(q.b)
        if q is Q.NullQuery:
            return set()
        if q not in self._matched:
            self._matched[q] = frozenset(_budgeted(self.searcher.docs_for_query(q)))
        return set(self._matched[q])

    def newest(self, docs: set[int], limit: int) -> list[DateHit]:
        """The `limit` newest of the docs."""
        newest, rank, _ = self.dates()
        if len(docs) * 16 < len(newest):
            return [DateHit(d) for d in heapq.nsmallest(limit, docs, key=rank.__getitem__)]
        out: list[DateHit] = []
        for docnum in newest:  # many docs: the first `limit` of them come soon
            if docnum in docs:
                out.append(DateHit(docnum))
                if len(out) == limit:
                    break
        return out

    def run(self, q, limit: int, filter: frozenset[int] | None = None, mask: set[int] | None = None,
            by_date: bool = False) -> Matches:
        """Every docnum matching `q` (within filter, outside mask) and the best `limit` hits (by score, or
        newest first): the matches from the postings as sets, the top hits from Whoosh's scorer, which
        skips blocks that cannot reach them."""
        q = bounded(q, self.reader)
        if filter is not None and not filter:
            return Matches(set())
        while type(q) is Q.AndNot:  # excluded by sets: Whoosh's and-not matcher lets some excluded items through
            mask = (set(mask) if mask else set()) | self.doc_set(q.b)
            q = q.a
        if not by_date and limit > 0 and not self._from_postings(q):  # (for a count alone, the
            return self._run_once(q, limit, filter, mask)  # matches without scores: doc_set)
        docs = self.doc_set(q)
        matched = len(docs)
        if filter is not None:
            docs &= filter
        if mask:
            docs -= mask
        if not docs or limit <= 0:
            return Matches(docs)
        _check_budget()
        if by_date:
            return Matches(docs, self.newest(docs, limit))
        if len(docs) * 4 < matched:  # a filter or mask leaves few: score just those
            collector = Budgeted(KnownMatches(limit, docs))
        else:
            collector = Budgeted(collectors.TopCollector(limit=limit))
            if len(docs) < matched:
                collector = collectors.FilterCollector(collector, allow=docs)
        return Matches(docs, self._hits(q, collector))

    def top(self, q, limit: int, filter: frozenset[int] | None = None, mask: set[int] | None = None) -> list:
        """The best `limit` hits of a query (within filter, outside mask), without counting its matches: Whoosh's
        collector skips the blocks that cannot reach them."""
        if limit <= 0 or (filter is not None and not filter):
            return []
        return self._hits(bounded(q, self.reader), _within(collectors.TopCollector(limit=limit), filter, mask))

    def _run_once(self, q, limit: int, filter: frozenset[int] | None, mask: set[int] | None) -> Matches:
        """Matches and top hits in one pass of Whoosh's matcher: for queries that need it to find their
        matches at all (phrases, prefixes...), so that it runs once, not twice."""
        every = EveryMatch(max(limit, 1))
        hits = self._hits(q, _within(every, filter, mask))
        return Matches(set(every.docset), hits if limit > 0 else [])

    def _hits(self, q, collector) -> list:
        """Run the query through the collector: its scored hits, best first."""
        self.searcher.search_with_collector(q, collector)
        results = collector.results()
        return [results[n] for n in range(results.scored_length())]

    def _from_postings(self, q) -> bool:
        """True when doc_set finds the query's matches from postings alone (set algebra over terms)."""
        kind = type(q)
        if kind is Q.Term:
            return _word_term(q)
        if (kind is Q.Or and not q.minmatch) or (kind is Q.And and q.subqueries):
            return all(self._from_postings(sub) for sub in q.subqueries)
        if kind is Q.AndNot:
            return self._from_postings(q.a) and self._from_postings(q.b)
        return q is Q.NullQuery

    def date_span(self) -> tuple[date, date] | None:
        """The first and last day any document is dated (None for an empty index)."""
        keys = self.dates()[2]
        if not keys:
            return None
        to_day = SCHEMA["date"].from_column_value
        return to_day(keys[0]).date(), to_day(keys[-1]).date()

    # -- periods read from a query's words (kb.readings): ranked first, never a filter
    def mentioned_dates(self) -> dict[str, frozenset[int]]:
        """Each date items mention ("2021-05-17", "2021-05") with the docnums mentioning it; per generation."""
        def make():
            found: dict[str, set[int]] = {}
            for reader, offset in self.reader.leaf_readers():
                for text, docs in _segment_dates(self.key[0], reader).items():
                    found.setdefault(text, set()).update(d + offset for d in docs)
            return {text: frozenset(docs) for text, docs in found.items()}
        return once(self.cache, "mentioned", make)

    def dated_months(self) -> frozenset[str]:
        """Every month ("2021-05") some document is dated in; per generation."""
        if "dated_months" not in self.cache:
            to_day = SCHEMA["date"].from_column_value
            self.cache["dated_months"] = frozenset(to_day(key).strftime("%Y-%m") for key in set(self.dates()[2]))
        return self.cache["dated_months"]

    def period_docs(self, start: date | None, end: date | None) -> frozenset[int]:
        """The documents dated within the period or mentioning a date in it (a mentioned month counts when it
        overlaps the period); memoised per generation."""
        key = ("period", start, end)
        if key not in self.cache:
            low, high = (start.isoformat() if start else ""), (end.isoformat() if end else "9")
            mentioning = [docs for text, docs in self.mentioned_dates().items()  # ("2021-05" runs to "2021-05-99")
                          if text <= high and (text if len(text) == 10 else text + "-99") >= low]
            dated = self.filter_docs([], start, end) or frozenset()
            self.cache[key] = frozenset(dated.union(*mentioning))
        return self.cache[key]


_segments: OrderedDict = OrderedDict()  # (index dir, segment id, deletions) -> its "dates" postings
_segments_lock = threading.Lock()
KEEP_SEGMENTS = 64


def _segment_dates(path: str, reader) -> dict[str, list[int]]:
    """Each date one index segment's live documents mention, with their docnums in the segment: a segment
    changes only by deletions, so a write reads its own new segment, not every date of the index again."""
    segment = reader.segment() if hasattr(reader, "segment") else None
    if segment is None:  # not Whoosh 2.7's segment reader: read it as it is
        key = None
    else:
        key = (path, segment.segment_id(), segment.deleted_count())
        with _segments_lock:
            if key in _segments:
                _segments.move_to_end(key)
                return _segments[key]
    deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
    found = {}
    for text in reader.field_terms("dates") if "dates" in reader.schema else ():
        docs = [d for d in reader.postings("dates", text).all_ids() if d not in deleted]
        if docs:
            found[text] = docs
    if key is not None:
        with _segments_lock:
            _segments[key] = found
            while len(_segments) > KEEP_SEGMENTS:
                _segments.popitem(last=False)
    return found


def _within(collector, filter: frozenset[int] | None, mask: set[int] | None):
    """The collector, checking the time budget, kept to the filter's docnums and off the mask's."""
    return collectors.FilterCollector(Budgeted(collector), allow=set(filter) if filter is not None else None,
                                      restrict=set(mask) if mask else None)


def _budgeted(docnums):
    """The docnums, checking the thread's time budget every 1,024 of them."""
    for n, docnum in enumerate(docnums):
        if not n & 1023:
            _check_budget()
        yield docnum


def bounded(q, reader):
    """`q` with its prefix, wildcard, range and fuzzy terms cut to MAX_EXPANSIONS index words in all, shared
    out between them (Whoosh ORs together every word each stands for: `museum AND *a*` took 27 s at 10,000
    items), and each `field:*` checking the time budget (BudgetedEvery)."""
    if any(type(leaf) is Q.Every for leaf in q.leaves()):  # (rebuilt only then: apply() drops an Or's scale)
        q = _budget_every(q)
    patterns = sum(1 for leaf in q.leaves() if isinstance(leaf, Q.MultiTerm))
    return _cut_patterns(q, reader, max(1, MAX_EXPANSIONS // patterns)) if patterns else q


def _budget_every(q):
    """`q` with each Every of a field a BudgetedEvery."""
    if type(q) is Q.Every:
        return BudgetedEvery(q.fieldname, boost=q.boost)
    return q.apply(_budget_every)


def _cut_patterns(q, reader, most: int):
    if not isinstance(q, Q.MultiTerm):
        return q.apply(lambda child: _cut_patterns(child, reader, most))
    try:
        words = list(islice(q.expanded_terms(reader), most + 1))
    except Exception:  # a field the index does not have: Whoosh matches nothing there
        return q
    if len(words) <= most:
        return q
    return Q.Or([Q.Term(f, b if isinstance(b, str) else reader.schema[f].from_bytes(b), boost=q.boost)
                 for f, b in words[:most]])  # (a fuzzy term's expansions come as text, the others' as bytes)
