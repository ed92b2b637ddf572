"""The Whoosh index: schema, opening snapshots, writing, and running searches (the only Whoosh module).

What each document holds is kb.documents."""
from __future__ import annotations

import bisect
import gc
import heapq
import os
import re
import threading
import time
from collections import Counter, OrderedDict, defaultdict
from contextlib import contextmanager
from itertools import islice
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple, TypeVar

import whoosh
from whoosh import index as windex
from whoosh import query as Q
from whoosh import collectors, sorting
from whoosh.analysis import STOP_WORDS, RegexTokenizer, StemmingAnalyzer
from whoosh.analysis.tokenizers import default_pattern
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.lang.porter import stem as porter_stem
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser, PlusMinusPlugin
from whoosh.system import pack_uint

from kb.documents import INDEXED_CHARS, docs_of, midnight, stored_item, stored_update
from kb.home import Home
from kb.models import Item, Update
from kb.ranking import HEADING_BOOST, PARTIAL_SCALE

INDEX_NAME = "MAIN"
_WHOOSH_DIR = str(Path(whoosh.__file__).parent)
OPEN_RETRIES = 8
LINE = re.compile(r"[^\n]+")
WORD_FIELDS = {"heading", "text", "tag", "topics", "organisations", "kind", "update_id", "id"}
MAX_EXPANSIONS = 32  # index words that the prefixes, wildcards, ranges and fuzzy terms of one query stand for
BIG_BATCH = 4000  # items; larger writes use two indexing processes
SUB_LIMIT_MB = 32  # postings (as Whoosh counts them) each holds before spilling a sorted run to disk
T = TypeVar("T")
PROGRAMMING_ERRORS = (TypeError, AttributeError, NameError, AssertionError, NotImplementedError)


class IndexMissing(Exception):
    """The live index cannot be opened although the knowledge base has records."""


class IndexUnreadable(Exception):
    """The live index is damaged: Whoosh failed reading its files."""


class QueryTooSlow(Exception):
    """A search ran past its time budget (see time_limit)."""


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


class Budgeted(collectors.WrappingCollector):
    """Checks the thread's time budget at every match a collector's matcher yields (placed innermost, so
    a FilterCollector around it is checked too)."""

    def matches(self):
        deadline = getattr(_budget, "deadline", None)
        for docnum in self.child.matches():
            if deadline is not None and time.monotonic() > deadline:
                raise QueryTooSlow("the search ran past its time limit")
            yield docnum


_stem_cache: dict[str, str] = {}


def analyse(text: str) -> list[tuple[str, int, int, int]]:
    """(term, position, start, end) of each indexed word: exactly what StemmingAnalyzer yields with
    positions and chars (lowercased, stop words and one-letter words out, positions renumbered after
    the first kept word, Porter stems), in one pass without Token objects."""
    out, pos = [], None
    cache = _stem_cache
    for n, m in enumerate(default_pattern.finditer(text)):
        word = m.group().lower()
        if len(word) < 2 or word in STOP_WORDS:
            continue
        pos = n if pos is None else pos + 1
        term = cache.get(word)
        if term is None:
            if len(cache) > 200_000:
                cache.clear()
            term = cache[word] = porter_stem(word)
        out.append((term, pos, m.start(), m.end()))
    return out


class WordsField(TEXT):
    """A TEXT field (stemmed words with positions) that indexes through `analyse`: the same terms,
    positions and weights as its analyzer, several times faster. Queries still use the analyzer. Only the
    first INDEXED_CHARS characters are indexed (the stored value is whole)."""

    def index(self, value, **kwargs):
        positions: dict[str, list[int]] = defaultdict(list)
        for term, pos, _, _ in analyse(value[:INDEXED_CHARS]):
            positions[term].append(pos)
        encode, boost = self.format.encode, self.format.field_boost
        for term, found in positions.items():
            yield term.encode("utf-8"), len(found), float(len(found)) * boost, encode(found)


class ListField(KEYWORD):
    """A stored list of names (topics, authors, dates), one per line: names may hold commas. Indexes each
    line as a term, with the postings its line tokenizer gives, without making a Token per line."""

    def __init__(self, scorable: bool = False) -> None:
        super().__init__(stored=True, scorable=scorable)
        self.analyzer = RegexTokenizer(LINE.pattern)  # for queries

    def index(self, value, **kwargs):
        boost = self.format.field_boost
        for term, n in Counter(LINE.findall(value)).items():
            yield term.encode("utf-8"), n, float(n) * boost, pack_uint(n)


def make_schema() -> Schema:
    """The item index: one document per item, and one per update (kind "update") for its metadata."""
    ana = StemmingAnalyzer()
    day = DATETIME(stored=True, sortable=True)
    day.shift_step = 0  # one term per date, not eight: date filters read the sortable column
    return Schema(
        id=ID(unique=True, stored=True),
        kind=ID,
        update_id=ID(stored=True),
        update_title=STORED,
        heading=WordsField(analyzer=ana, stored=True),
        text=WordsField(analyzer=ana, stored=True, phrase=True),
        tag=WordsField(analyzer=ana, phrase=True),  # the update's own categories (WordPress, feeds): `tag:NAME`
        topics=ListField(scorable=True),
        date=day,
        posted=STORED,
        number=STORED,  # items are indexed in number order, so docnum order is number order
        dates=ListField(),
        authors=ListField(),
        organisations=ListField(scorable=True),  # canonical names of the organisations an item names
        source=STORED,
        meta=STORED,
    )


SCHEMA = make_schema()


# ---------------------------------------------------------------- writing

def create(path: Path) -> None:
    """Create an empty index in a new directory."""
    path.mkdir(parents=True, exist_ok=True)
    windex.create_in(str(path), SCHEMA, indexname=INDEX_NAME)


def _writer(ix, items: int, fresh: bool):
    """One writer process; two for a big build of a fresh directory (their leftovers, should the build be
    killed, stay in that directory, which is then discarded; never in the live index)."""
    if fresh and items >= BIG_BATCH and threading.current_thread() is threading.main_thread():
        return ix.writer(procs=2, multisegment=True, batchsize=256, limitmb=SUB_LIMIT_MB, compound=False)
    return ix.writer(limitmb=128, compound=False)


def write(path: Path, puts: Iterable[Update], deletes: Iterable[str] = (), rebuild: bool = False) -> None:
    """Replace the given updates' documents (and drop `deletes`) in one commit: one new small segment
    for a small change, or a fresh build in several segments (`rebuild`)."""
    puts = list(puts)
    try:
        ix = windex.open_dir(str(path), indexname=INDEX_NAME)
        writer = _writer(ix, sum(len(u.items) for u in puts), fresh=rebuild)
    except Exception as e:
        raise _unreadable(e, path) from e
    known = set(ix.schema.names())  # an index made before a field existed gets it at `kb reindex`
    forks = hasattr(writer, "procs")
    if forks:  # the indexing processes get their documents by file: keep them from copying ours
        gc.freeze()  # (a collection in a forked child writes to every tracked object's page)
    try:
        if not rebuild:
            for uid in {u.id for u in puts} | set(deletes):
                writer.delete_by_term("update_id", uid)
        for update in puts:
            for doc in docs_of(update):
                writer.add_document(**{k: v for k, v in doc.items() if k in known})
        writer.commit()
    except BaseException as e:
        if not writer.is_closed:
            writer.cancel()
        if isinstance(e, Exception):
            raise _unreadable(e, path) from e
        raise
    finally:
        if forks:
            gc.unfreeze()


def build(path: Path, updates: Iterable[Update]) -> None:
    """Build a complete index in a new directory (beside the live one)."""
    create(path)
    write(path, updates, rebuild=True)


# ---------------------------------------------------------------- reading

_cache: OrderedDict[tuple, dict] = OrderedDict()
_cache_lock = threading.Lock()


def _generation_cache(key: tuple) -> dict:
    """Per index generation memo (filter doc sets, topic doc sets): docnums are stable within one."""
    with _cache_lock:
        entry = _cache.get(key)
        if entry is None:
            entry = _cache[key] = {}
            while len(_cache) > 4:
                _cache.popitem(last=False)
        _cache.move_to_end(key)
        return entry


_kept = threading.local()  # per thread: index directory -> (its state, index, searcher), newest last
KEEP_OPEN = 2


def _state(path: Path) -> tuple | None:
    """What a directory holds now (file names, sizes, change times): a commit, a merge or a damaged file
    changes it."""
    try:
        return tuple(sorted((e.name, st.st_size, st.st_mtime_ns) for e in os.scandir(path) for st in [e.stat()]))
    except OSError:
        return None


def _kept_searchers() -> OrderedDict:
    if not hasattr(_kept, "open"):
        _kept.open = OrderedDict()
    return _kept.open


def _forget(path: Path) -> None:
    """Close a thread's kept searcher on a directory."""
    entry = _kept_searchers().pop(str(path), None)
    if entry is not None:
        entry[2].close()


def open_snapshot(home: Home, reuse: bool = False) -> "Snapshot | None":
    """A searcher on the live index generation; None when nothing was ever indexed. With `reuse`, the
    thread's searcher from an earlier read is used again while the directory is unchanged (opening one
    and its stored fields costs more than many a search)."""
    last: Exception | None = None
    for attempt in range(OPEN_RETRIES):
        path = home.live_index()
        if path is None:
            return None
        before = _state(path)
        state = before if reuse else None
        kept = _kept_searchers()
        entry = kept.get(str(path)) if state else None
        if entry is not None and entry[0] == state:
            kept.move_to_end(str(path))
            return Snapshot(path, entry[1], entry[2], shared=True)
        try:
            ix = windex.open_dir(str(path), indexname=INDEX_NAME)
            snapshot = Snapshot(path, ix, ix.searcher(), shared=state is not None)
        except (FileNotFoundError, windex.EmptyIndexError) as e:  # a commit or a switch is landing, or
            last = e  # the index is damaged: then nothing changes while Whoosh retries (0.45 s)
            if home.live_index() == path and _state(path) == before:
                break
            time.sleep(0.02 * (attempt + 1))
            continue
        except Exception as e:
            raise _unreadable(e, path) from e
        if state is not None:
            _forget(path)
            kept[str(path)] = (state, ix, snapshot.searcher)
            while len(kept) > KEEP_OPEN:
                kept.popitem(last=False)[1][2].close()
        return snapshot
    raise IndexMissing(f"the index at {home.live_index()} cannot be opened ({last})")


def read(home: Home, fn: Callable[["Snapshot | None"], T]) -> T:
    """Run `fn` on a snapshot, and again on a newer one when it fails because a commit or a rebuild
    replaced the generation it was reading (Whoosh opens some segment files lazily)."""
    for attempt in range(OPEN_RETRIES):
        snapshot = open_snapshot(home, reuse=True)
        try:
            return fn(snapshot)
        except QueryTooSlow:
            raise
        except Exception as e:
            if snapshot is None:
                raise
            _forget(Path(snapshot.key[0]))
            if attempt < OPEN_RETRIES - 1 and snapshot.superseded(home):
                time.sleep(0.01 * (attempt + 1))
                continue
            raise _unreadable(e, Path(snapshot.key[0])) from e
        finally:
            if snapshot is not None:
                snapshot.close()
    raise AssertionError("unreachable")


def _unreadable(error: Exception, path: Path) -> Exception:
    """A damaged index (Whoosh raises plain Exceptions for those) as IndexUnreadable; other errors as is."""
    frames = []
    tb = error.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame.f_code.co_filename)
        tb = tb.tb_next
    if isinstance(error, PROGRAMMING_ERRORS):
        return error
    if isinstance(error, OSError) or (frames and frames[-1].startswith(_WHOOSH_DIR)):
        detail = str(error)[:160]
        return IndexUnreadable(f"the index at {path} cannot be read ({type(error).__name__}: {detail})")
    return error


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


class Snapshot:
    """One index generation opened for reading; every method reads the same consistent state."""

    def __init__(self, path: Path, ix, searcher, shared: bool = False) -> None:
        self.ix = ix
        self.searcher = searcher
        self.shared = shared  # kept open for the thread's next read
        self.reader = searcher.reader()
        self.key = (str(path), self.reader.generation())
        self.cache = _generation_cache(self.key)
        self._matched: dict = {}  # query -> docnums, for queries doc_set matches through Whoosh (phrases...):
        # one search asks for the same phrase in its full, widened and partial queries

    def superseded(self, home: Home) -> bool:
        """True when the live index is no longer the generation this snapshot reads."""
        try:
            return (str(home.live_index()), self.ix.latest_generation()) != self.key
        except OSError:
            return True

    def close(self) -> None:
        if not self.shared:
            self.searcher.close()

    # -- documents
    def item(self, item_id: str) -> Item | None:
        fields = self.searcher.document(id=item_id)
        return stored_item(fields) if fields and "number" in fields else None

    def items_of(self, update_id: str) -> list[Item]:
        docs = self.searcher.documents(update_id=update_id)
        return sorted((stored_item(f) for f in docs if "number" in f), key=lambda i: i.number)

    def update(self, update_id: str) -> Update | None:
        fields = self.searcher.document(id=update_id)
        if not fields or "number" in fields:
            return None
        return stored_update(fields, self.items_of(update_id))

    def updates(self, limit: int | None = None, items: bool = True) -> list[Update]:
        """Updates newest first."""
        metas = self._update_fields(limit)
        by_update: dict[str, list[Item]] = defaultdict(list)
        for fields in self._item_fields(metas, limit) if items else ():
            by_update[fields["update_id"]].append(stored_item(fields))
        return [stored_update(f, sorted(by_update[f["id"]], key=lambda i: i.number)) for f in metas]

    def item_ids(self, limit: int | None = None, offset: int = 0) -> list[tuple[Update, list[str]]]:
        """Updates newest first (without items), each with its item ids in number order; no Item is built."""
        metas = self._update_fields(limit, offset)
        by_update: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for fields in self._item_fields(metas, limit):
            by_update[fields["update_id"]].append((fields["number"], fields["id"]))
        return [(stored_update(f, []), [i for _, i in sorted(by_update[f["id"]])]) for f in metas]

    def _update_fields(self, limit: int | None, offset: int = 0) -> list[dict]:
        """The stored fields of the newest `limit` update documents after the newest `offset` (all when
        limit is None), newest first."""
        found = self.searcher.search(Q.Term("kind", "update"), limit=None if limit is None else offset + limit,
                                     sortedby=[sorting.FieldFacet("date", reverse=True)])
        return [found[n].fields() for n in range(offset, found.scored_length())]

    def _item_fields(self, metas: list[dict], limit: int | None) -> Iterator[dict]:
        """The stored fields of those updates' items (looked up by update when only the newest were asked for)."""
        wanted = {f["id"] for f in metas}
        if not wanted:
            return
        q = Q.Or([Q.Term("update_id", uid) for uid in wanted]) if limit else Q.Term("kind", "item")
        for fields in (self.searcher.stored_fields(d) for d in self.searcher.docs_for_query(q)):
            if "number" in fields and fields["update_id"] in wanted:
                yield fields

    def counted_updates(self, limit: int | None = None, offset: int = 0) -> list[tuple[Update, int]]:
        """Updates newest first (without items), each with its number of items, without reading the items."""
        return [(stored_update(f, []), (f.get("meta") or {}).get("items", 0))
                for f in self._update_fields(limit, offset)]

    def all_items(self) -> list[Item]:
        """Every item, in date order (update, then item number)."""
        docs = self.searcher.docs_for_query(Q.Term("kind", "item"))
        items = [stored_item(self.searcher.stored_fields(d)) for d in docs]
        return sorted(items, key=lambda i: (i.date, i.posted or "", i.update_id, i.number))

    def item_at(self, docnum: int) -> Item:
        """The item a document number holds."""
        return stored_item(self.searcher.stored_fields(docnum))

    def counts(self) -> dict:
        """Numbers of updates and items."""
        count = lambda kind: sum(1 for _ in self.searcher.docs_for_query(Q.Term("kind", kind)))  # noqa: E731
        return {"updates": count("update"), "items": count("item")}

    def update_count(self) -> int:
        """Number of updates."""
        return sum(1 for _ in self.searcher.docs_for_query(Q.Term("kind", "update")))

    # -- filters and facets, cached per generation
    def topic_docs(self) -> dict[str, frozenset[int]]:
        """Each topic name with the set of its items' docnums."""
        if "topics" not in self.cache:
            found = {name: frozenset(self.term_docs("topics", name)) for name in self.reader.field_terms("topics")}
            self.cache["topics"] = {name: docs for name, docs in found.items() if docs}  # (a removed topic's term
            # stays in the term list until its segment is merged)
        return self.cache["topics"]

    def organisation_docs(self) -> dict[str, frozenset[int]]:
        """Each organisation's canonical name with the set of docnums of the items naming it."""
        if "organisations" not in self.cache:
            names = self.reader.field_terms("organisations") if "organisations" in self.reader.schema else []
            found = {name: frozenset(self.term_docs("organisations", name)) for name in names}
            self.cache["organisations"] = {name: docs for name, docs in found.items() if docs}
        return self.cache["organisations"]

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
        if "dates" not in self.cache:
            keys = list(self.reader.column_reader("date", translate=False))
            deleted = {d + offset for reader, offset in self.reader.leaf_readers() if reader.has_deletions()
                       for d in reader.deleted_docs_set}
            newest = sorted((d for d in range(len(keys)) if d not in deleted), key=lambda d: (-keys[d], d))
            rank = [0] * len(keys)
            for at, docnum in enumerate(newest):
                rank[docnum] = at
            self.cache["dates"] = (newest, rank, [keys[d] for d in reversed(newest)])
        return self.cache["dates"]

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
            self._matched[q] = frozenset(self.searcher.docs_for_query(q))
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
        self.searcher.search_with_collector(q, collector)
        results = collector.results()
        return Matches(docs, [results[n] for n in range(results.scored_length())])

    def _run_once(self, q, limit: int, filter: frozenset[int] | None, mask: set[int] | None) -> Matches:
        """Matches and top hits in one pass of Whoosh's matcher: for queries that need it to find their
        matches at all (phrases, prefixes...), so that it runs once, not twice."""
        every = EveryMatch(max(limit, 1))
        collector = collectors.FilterCollector(Budgeted(every), allow=set(filter) if filter is not None else None,
                                               restrict=set(mask) if mask else None)
        self.searcher.search_with_collector(q, collector)
        results = collector.results()
        hits = [results[n] for n in range(results.scored_length())] if limit > 0 else []
        return Matches(set(every.docset), hits)

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

    def frequency(self, stem: str) -> int:
        """In how many documents a stemmed word occurs (heading or text)."""
        return self.searcher.doc_frequency("text", stem) + self.searcher.doc_frequency("heading", stem)

    def suggest(self, word: str) -> str | None:
        """The indexed word closest to a misspelt one, as it is written in some item."""
        typed = stems(word)
        if not typed:
            return None
        found = self.searcher.corrector("text").suggest(typed[0], limit=1, maxdist=2, prefix=1)
        return self.written_as(found[0]) if found else None

    def written_as(self, stem: str) -> str:
        """A word as an item writes it (lowercased) that the index keeps as `stem`."""
        for docnum in self.searcher.docs_for_query(Q.Term("text", stem)):
            text = self.searcher.stored_fields(docnum).get("text", "")
            for term, start, end in tokens(text):
                if term == stem:
                    return text[start:end].lower()
        return stem

    def near(self, word: str, maxdist: int) -> list[str]:
        """Index terms within `maxdist` edits of the word (stemmed as the index stems it)."""
        typed = stems(word) or [word.lower()]
        return sorted(self.reader.terms_within("text", typed[0], maxdist, prefix=1))[:50]

    def related(self, item_id: str, limit: int) -> list[Item]:
        """Items from other updates that share the item's key terms (more like this)."""
        docnum = self.searcher.document_number(id=item_id)
        if docnum is None:
            return []
        fields = self.searcher.stored_fields(docnum)
        terms = self.searcher.key_terms_from_text("text", fields.get("text") or "", numterms=8)
        if not terms:
            return []
        same_update = set(self.searcher.docs_for_query(Q.Term("update_id", fields["update_id"])))
        found = self.searcher.search(Q.Or([Q.Term("text", word, boost=weight) for word, weight in terms]),
                                     limit=limit, mask=same_update)
        return [stored_item(hit.fields()) for hit in found]


# ---------------------------------------------------------------- queries


def stems(text: str) -> list[str]:
    """The index terms a piece of text yields (lowercased, stop words out, stemmed)."""
    return [t[0] for t in analyse(text)]


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(index term, start, end) of each word of a text that the index keeps."""
    return [(term, start, end) for term, _, start, end in analyse(text)]


def bounded(q, reader):
    """`q` with its prefix, wildcard, range and fuzzy terms cut to MAX_EXPANSIONS index words in all, shared
    out between them (Whoosh ORs together every word each stands for: `museum AND *a*` took 27 s at 10,000
    items)."""
    patterns = sum(1 for leaf in q.leaves() if isinstance(leaf, Q.MultiTerm))
    return _cut_patterns(q, reader, max(1, MAX_EXPANSIONS // patterns)) if patterns else q


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


def query_words(q) -> list[str]:
    """The heading and text terms a parsed query looks for."""
    return sorted({text for field, text in q.iter_all_terms() if field in ("heading", "text")
                   and isinstance(text, str)})


def _field_query(field: str, terms: list[str], boost: float):
    if len(terms) == 1:
        return Q.Term(field, terms[0], boost=boost)
    return Q.Phrase(field, terms, boost=boost)


def text_query(words: str, boost: float = 1.0):
    """A word or phrase in the heading (weighted up), the text or the update's tags; None when only stop words."""
    terms = stems(words)
    if not terms:
        return None
    return Q.Or([_field_query("heading", terms, boost * HEADING_BOOST), _field_query("text", terms, boost),
                 _field_query("tag", terms, boost)])


def topic_query(name: str, boost: float = 1.0):
    """Items tagged with a topic, scored by how strongly (see documents._weighted)."""
    return Q.Term("topics", name, boost=boost)


def organisation_query(name: str, boost: float = 1.0):
    """Items naming an organisation (by any of its names: they are tagged with its canonical name)."""
    return Q.Term("organisations", name, boost=boost)


def prefix_query(prefix: str):
    """`word*`: any indexed word starting with the prefix."""
    prefix = prefix.lower()
    return Q.Or([Q.Prefix("heading", prefix, boost=HEADING_BOOST), Q.Prefix("text", prefix)])


def terms_query(terms: list[str]):
    """Any of these index terms, in the heading or the text (for `word~`: see Snapshot.near)."""
    return any_of([Q.Or([Q.Term("heading", t, boost=HEADING_BOOST), Q.Term("text", t)]) for t in terms]) \
        or Q.NullQuery


def _joined(join, queries: list):
    """The queries (None entries dropped) joined by `join`; a single one as it is, None for none."""
    queries = [q for q in queries if q is not None]
    return join(queries) if len(queries) > 1 else (queries[0] if queries else None)


def any_of(queries: list):
    """At least one of the queries (None entries dropped)."""
    return _joined(Q.Or, queries)


def all_of(queries: list):
    """Every one of the queries (None entries dropped)."""
    return _joined(Q.And, queries)


def some_of(queries: list):
    """Items matching any of the queries, ranked higher the more they match."""
    return _joined(lambda found: Q.Or(found, scale=PARTIAL_SCALE), queries)


def every_item():
    """Every item (not the update documents)."""
    return Q.Term("kind", "item")


def excluding(q, excluded: list):
    """`q` without items matching any of `excluded`."""
    out = any_of(excluded)
    return Q.AndNot(q, out) if out is not None else q


def parse_advanced(text: str):
    """Whoosh's own query syntax (AND, OR, NOT, parentheses, fields) over heading and text; None on
    anything it cannot make sense of."""
    parser = MultifieldParser(["heading", "text"], SCHEMA, fieldboosts={"heading": HEADING_BOOST})
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(PlusMinusPlugin())
    try:
        q = parser.parse(text)
    except Exception:  # the parser has no documented error type; any failure means "use plain words"
        return None
    if q is None or q is Q.NullQuery:
        return None
    return Q.And([q, every_item()])


def nothing():
    """A query no item matches."""
    return Q.NullQuery


def parses(text: str) -> bool:
    """True when Whoosh's own syntax makes sense of the text (see parse_advanced)."""
    return parse_advanced(text) is not None
