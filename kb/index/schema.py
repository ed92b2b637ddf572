"""The index's schema and fields: what each document holds and how its words become index terms (Porter
stems); `analyse`, `stems` and `tokens` give the same terms outside the index (queries, snippets)."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from whoosh.analysis import STOP_WORDS, RegexTokenizer, StemFilter, StemmingAnalyzer
from whoosh.analysis.tokenizers import default_pattern
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.lang.porter import stem as porter_stem
from whoosh.system import pack_uint

from kb.documents import INDEXED_CHARS

INDEX_NAME = "MAIN"
LINE = re.compile(r"[^\n]+")


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

    def __init__(self, scorable: bool = False, stored: bool = True) -> None:
        super().__init__(stored=stored, scorable=scorable)
        self.analyzer = RegexTokenizer(LINE.pattern)  # for queries

    def index(self, value, **kwargs):
        boost = self.format.field_boost
        for term, n in Counter(LINE.findall(value)).items():
            yield term.encode("utf-8"), n, float(n) * boost, pack_uint(n)


def _thread_safe(analyzer):
    """The analyzer with functools' thread-safe cache around its stemmer instead of Whoosh's LFU cache, whose
    eviction iterates a dict that other threads change (SCHEMA's analyzer parses every thread's queries).
    Only the live object changes: a pickled schema (an index's TOC) is the same as before."""
    for part in getattr(analyzer, "items", [analyzer]):
        if isinstance(part, StemFilter):
            part._stem = lru_cache(maxsize=50_000)(part.stemfn)
    return analyzer


def make_schema() -> Schema:
    """The item index: one document per item, and one per update (kind "update") for its metadata."""
    ana = _thread_safe(StemmingAnalyzer())
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
        context=WordsField(analyzer=ana, phrase=True),  # the title of the item's update: what all its items are about
        topics=ListField(scorable=True),
        date=day,
        posted=STORED,
        number=STORED,  # items are indexed in number order, so docnum order is number order
        dates=ListField(),
        months=ListField(scorable=True, stored=False),  # "05" for each date the text mentions in May, any year
        authors=ListField(),
        organisations=ListField(scorable=True),  # canonical names of the organisations an item names
        review=ListField(stored=False),  # an update's needs-a-look codes (ingest.reading.review_reasons): a filter
        source=STORED,
        meta=STORED,
    )


SCHEMA = make_schema()


def stems(text: str) -> list[str]:
    """The index terms a piece of text yields (lowercased, stop words out, stemmed)."""
    return [t[0] for t in analyse(text)]


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(index term, start, end) of each word of a text that the index keeps."""
    return [(term, start, end) for term, _, start, end in analyse(text)]
