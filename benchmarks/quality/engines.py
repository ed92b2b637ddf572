"""The engines scored side by side: sector-kb's search (with and without related items), SQLite FTS5 and a plain BM25."""
from __future__ import annotations

import re
import sqlite3
from collections import Counter
from math import log
from pathlib import Path

import snowballstemmer

from kb import KnowledgeBase
from kb import Item, SearchRequest

WORD = re.compile(r"\w+")
# Function words and the question words members type ("what was said about"); not "may" (the month).
STOP = frozenset("""a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing done down during each few for from further had has have
having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on
once only or other our ours out over own same say said says she should so some such than that the their theirs
them then there these they this those through to too under until up very was we were what when where which while
who whom why will with would you your tell anything""".split())


def body(item: Item) -> str:
    """The text every engine searches: heading and text."""
    return f"{item.heading}\n{item.text}" if item.heading else item.text


def query_words(q: str) -> list[str]:
    """The query's words without stopwords, in order, each once."""
    words = [w for w in WORD.findall(q.lower()) if w not in STOP]
    return list(dict.fromkeys(words))


def sector_kb(home: Path, related: bool = True):
    """sector-kb's own search, as the web page shows it (`related`: a page the matches leave short is filled
    with related items, labelled apart), or its matches only: the first 10 item ids."""
    kb = KnowledgeBase(home)
    return lambda q: [hit.item.id for hit in kb.search(SearchRequest(q=q, limit=10, related=related)).hits]


def fts5(items: list[Item]):
    """SQLite FTS5 with the porter tokenizer, bm25 order, OR of the query's non-stopwords."""
    conn = sqlite3.connect(":memory:")
    conn.execute("create virtual table items using fts5(id unindexed, body, tokenize='porter')")
    conn.executemany("insert into items values (?, ?)", [(i.id, body(i)) for i in items])

    def run(q: str) -> list[str]:
        words = query_words(q)
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        rows = conn.execute("select id from items where items match ? order by bm25(items) limit 10", (match,))
        return [row[0] for row in rows]
    return run


def bm25(items: list[Item], k1: float = 1.2, b: float = 0.75):
    """Okapi BM25 over stemmed words (Snowball English), OR of the query's non-stopwords."""
    stem = snowballstemmer.stemmer("english").stemWord
    docs = [Counter(stem(w) for w in WORD.findall(body(i).lower())) for i in items]
    avg = sum(sum(d.values()) for d in docs) / len(docs)
    df = Counter(term for d in docs for term in d)
    idf = {t: log(1 + (len(docs) - n + 0.5) / (n + 0.5)) for t, n in df.items()}

    def run(q: str) -> list[str]:
        terms = [stem(w) for w in query_words(q)]
        scored = []
        for item, d in zip(items, docs):
            length = sum(d.values())
            s = sum(idf[t] * d[t] * (k1 + 1) / (d[t] + k1 * (1 - b + b * length / avg)) for t in terms if t in d)
            if s > 0:
                scored.append((-s, item.id))
        return [i for _, i in sorted(scored)[:10]]
    return run
