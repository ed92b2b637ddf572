"""Query constructors: the Whoosh query objects the compiler (kb.compile) builds searches from, and
Whoosh's own syntax for advanced queries (parse_advanced)."""
from __future__ import annotations

from whoosh import query as Q
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser, PlusMinusPlugin

from kb.index.schema import SCHEMA, stems
from kb.ranking import CONTEXT_WEIGHT, HEADING_BOOST, PARTIAL_SCALE


def query_words(q) -> list[str]:
    """The heading and text terms a parsed query looks for."""
    return sorted({text for field, text in q.iter_all_terms() if field in ("heading", "text")
                   and isinstance(text, str)})


def _field_query(field: str, terms: list[str], boost: float):
    if len(terms) == 1:
        return Q.Term(field, terms[0], boost=boost)
    return Q.Phrase(field, terms, boost=boost)


def text_query(words: str, boost: float = 1.0):
    """A word or phrase in the heading (weighted up), the text, the update's tags or its title (weighted
    down); None when only stop words."""
    terms = stems(words)
    if not terms:
        return None
    return Q.Or([_field_query("heading", terms, boost * HEADING_BOOST), _field_query("text", terms, boost),
                 _field_query("tag", terms, boost), _field_query("context", terms, boost * CONTEXT_WEIGHT)])


def topic_query(name: str, boost: float = 1.0):
    """Items tagged with a topic, scored by how strongly (see documents._weighted)."""
    return Q.Term("topics", name, boost=boost)


def organisation_query(name: str, boost: float = 1.0):
    """Items naming an organisation (by any of its names: they are tagged with its canonical name)."""
    return Q.Term("organisations", name, boost=boost)


def month_query(months: list[int]):
    """Items whose text mentions a date in any of these months of the year (1-12), whatever the year."""
    return any_of([Q.Term("months", f"{m:02d}") for m in months])


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
