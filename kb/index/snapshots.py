"""Snapshots and retries: opening the live index generation for reading (kept open per thread while it is
unchanged), reading again when a commit or a rebuild replaced it, the per-generation cache, and the
stored-field readers of a Snapshot (documents, spelling)."""
from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict, defaultdict
from difflib import SequenceMatcher
from itertools import islice
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import whoosh
from whoosh import index as windex
from whoosh import query as Q
from whoosh import sorting

from kb.documents import stored_item, stored_update
from kb.errors import IndexMissing, IndexUnreadable
from kb.home import Home
from kb.index.matching import Matching, once, QueryTooSlow
from kb.index.schema import INDEX_NAME, SCHEMA, stems, tokens
from vocab.models import Item, Update

_WHOOSH_DIR = str(Path(whoosh.__file__).parent)
OPEN_RETRIES = 8
SUGGESTIONS = 5  # nearest stems a misspelt word's suggestion is chosen from, by how like the typed word each is written
WRITTEN_AS_ITEMS = 8  # items read for the forms a stem is written in (a suggestion's spelling),
FORMS_CHARS = 5000  # each up to here: bounded work, however long the items
T = TypeVar("T")
PROGRAMMING_ERRORS = (TypeError, AttributeError, NameError, AssertionError, NotImplementedError)




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


class Snapshot(Matching):
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

    def update_window(self, update_id: str, offset: int, limit: int) -> tuple[Update, int] | None:
        """An update with `limit` of its items after the first `offset` (only those are read), and how many
        items it has in all."""
        own = self.searcher.document_number(id=update_id)
        if own is None:
            return None
        fields = self.searcher.stored_fields(own)
        if "number" in fields:
            return None
        docs = sorted(d for d in self.term_docs("update_id", update_id) if d != own)  # docnum order is number order
        items = [stored_item(self.searcher.stored_fields(d)) for d in docs[offset:offset + max(limit, 0)]]
        return stored_update(fields, sorted(items, key=lambda i: i.number)), len(docs)

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

    def review_updates(self) -> list[tuple[Update, int]]:
        """The updates whose reading needs a look, newest first (without items), each with its number of items:
        found through the `review` field, without reading any other update."""
        if "review" not in self.reader.schema.names():
            return []
        found = self.searcher.search(Q.And([Q.Term("kind", "update"), Q.Every("review")]), limit=None,
                                     sortedby=[sorting.FieldFacet("date", reverse=True)])
        return [(stored_update(hit.fields(), []), (hit.fields().get("meta") or {}).get("items", 0)) for hit in found]

    def counted_updates(self, limit: int | None = None, offset: int = 0) -> list[tuple[Update, int]]:
        """Updates newest first (without items), each with its number of items, without reading the items."""
        return [(stored_update(f, []), (f.get("meta") or {}).get("items", 0))
                for f in self._update_fields(limit, offset)]

    def held_updates(self) -> list[Update]:
        """Every update newest first, without items: what references are resolved against. Read once per
        index generation (kept in the generation's cache, shared: never to be changed)."""
        return once(self.cache, "held", lambda: [update for update, _ in self.counted_updates()])

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

    def missing_fields(self) -> list[str]:
        """Fields of today's schema that this index, built by an older version, lacks (`kb reindex` adds them)."""
        return sorted(set(SCHEMA.names()) - set(self.reader.schema.names()))

    def frequency(self, stem: str) -> int:
        """In how many documents a stemmed word occurs (heading or text)."""
        return self.searcher.doc_frequency("text", stem) + self.searcher.doc_frequency("heading", stem)

    def suggest(self, word: str) -> str | None:
        """The indexed word closest to a misspelt one, as it is written in some item."""
        typed, word = stems(word), word.lower()
        if not typed:
            return None
        swapped = self._swapped(word)
        if swapped:
            return self.written_as(swapped, word)
        found = self.searcher.corrector("text").suggest(typed[0], limit=SUGGESTIONS, maxdist=2, prefix=1)
        return max((self.written_as(stem, word) for stem in found), key=lambda form: _likeness(word, form),
                   default=None)  # the nearest stems, as written: the form most like the typed word

    def _swapped(self, word: str) -> str | None:
        """The most frequent indexed stem of the word with two neighbouring letters swapped ("secruity": the
        stems of the word and of its correction differ by more than the corrector's edits)."""
        found = {}
        for n in range(len(word) - 1):
            variant = stems(word[:n] + word[n + 1] + word[n] + word[n + 2:])
            if variant and variant[0] not in found:
                found[variant[0]] = self.frequency(variant[0])
        best = max(found, key=found.get, default=None)
        return best if best is not None and found[best] else None

    def written_as(self, stem: str, like: str = "") -> str:
        """The word as items write it (lowercased) that the index keeps as `stem`: of the forms in the first
        few items holding it, the one most like the typed word ("acreditation": "accreditation", not the
        "accredited" of the first item)."""
        forms: list[str] = []
        for docnum in islice(self.searcher.docs_for_query(Q.Term("text", stem)), WRITTEN_AS_ITEMS):
            text = self.searcher.stored_fields(docnum).get("text", "")[:FORMS_CHARS]
            forms += [text[start:end].lower() for term, start, end in tokens(text) if term == stem]
        if not forms:
            return stem
        return max(dict.fromkeys(forms), key=lambda form: _likeness(like, form))

    def near(self, word: str, maxdist: int) -> list[str]:
        """Index terms within `maxdist` edits of the word (stemmed as the index stems it)."""
        typed = stems(word) or [word.lower()]
        return sorted(self.reader.terms_within("text", typed[0], maxdist, prefix=1))[:50]

    def like(self, docnums: list[int], terms: int, limit: int, allowed: frozenset[int] | None, mask: set[int]) -> list:
        """The best `limit` items (within allowed, outside mask) sharing the key words of the given items:
        their `terms` words most frequent in them and rarest in the index, each weighted by that."""
        found = self.searcher.key_terms(docnums, "text", numterms=terms) if docnums else []
        if not found:
            return []
        return self.top(Q.Or([Q.Term("text", word, boost=weight) for word, weight in found]), limit, allowed, mask)

    def related(self, item_id: str, limit: int) -> list[Item]:
        """Items from other updates that share the item's key terms (more like this)."""
        docnum = self.searcher.document_number(id=item_id)
        if docnum is None:
            return []
        same_update = self.term_docs("update_id", self.searcher.stored_fields(docnum)["update_id"])
        return [self.item_at(hit.docnum) for hit in self.like([docnum], 8, limit, None, same_update)]


def _likeness(typed: str, form: str) -> float:
    """How alike a typed word and a form items write are (0 to 1), to choose a suggestion's spelling."""
    return SequenceMatcher(None, typed, form).ratio()
