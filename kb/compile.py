"""Turning a final search plan into index queries and the terms to mark: the plan is read, never changed.

The queries are built through kb.index's small constructors (Whoosh stays inside kb.index); their weights
are kb.ranking's."""
from __future__ import annotations

from dataclasses import dataclass, field

from kb import index, ranking
from kb.query import Clause, Plan
from kb.snippets import PRIMARY, RELATED, Terms


@dataclass
class Compiled:
    """A plan as index queries and the terms to mark in snippets."""

    every_clause: object  # items matching every clause, related terms included: the full matches
    as_typed: object | None = None  # every clause by the words as typed; None when no clause widens
    any_clause: object | None = None  # items matching some clause: partial matches; None when the plan allows none
    terms: Terms = field(default_factory=Terms)
    clause_queries: list = field(default_factory=list)  # each clause's query with its related terms (with any_clause)
    excluded: object | None = None  # any of the -words: no item holding one is shown, related or not


def compile_plan(plan: Plan, snapshot: index.Snapshot, taxonomy=None) -> Compiled:
    """The queries and marked terms of a plan, on one snapshot (fuzzy words read its term list)."""
    if plan.advanced is not None:
        full = index.parse_advanced(plan.advanced) or index.nothing()
        terms = Terms()
        for stem in index.query_words(full):
            terms.stems[stem] = PRIMARY
        return Compiled(full, terms=terms)
    excluded = [clause_query(c, snapshot, widen=False) for c in plan.excluded]
    widened = [clause_query(c, snapshot) for c in plan.clauses]
    every = index.all_of(widened)
    if every is None and plan.clauses:  # only words too common to be indexed ("the"): they match nothing
        return Compiled(index.nothing(), terms=marked_terms(plan, snapshot, taxonomy))
    if every is None:  # only -words: every item without them
        return Compiled(index.excluding(index.every_item(), excluded), terms=marked_terms(plan, snapshot, taxonomy))
    as_typed = None
    if any(c.widens for c in plan.clauses):
        as_typed = index.excluding(index.all_of([clause_query(c, snapshot, widen=False) for c in plan.clauses])
                                   or index.nothing(), excluded)
    some = index.excluding(index.some_of(widened + _term_words(plan, snapshot)), excluded) if plan.allows_partial else None
    return Compiled(index.excluding(every, excluded), as_typed, some, marked_terms(plan, snapshot, taxonomy),
                    [q for q in widened if q is not None] if some is not None else [], index.any_of(excluded))


def _term_words(plan: Plan, snapshot: index.Snapshot) -> list:
    """Each word of a concept's term typed as several, on its own and widened to its own concept: a partial
    match may hold some of them."""
    return [clause_query(word, snapshot) for c in plan.clauses for word in c.term_words]


def clause_query(clause: Clause, snapshot: index.Snapshot, widen: bool = True):
    """The query for one clause: the word as typed (an organisation's other names count as typed), and
    with `widen` its concept's or topic's related terms, weighted down."""
    if clause.kind == "prefix":
        return index.prefix_query(clause.text)
    if clause.kind == "fuzzy":
        return index.terms_query(snapshot.near(clause.text, clause.maxdist))
    if clause.organisations:
        return organisation_query(clause)
    parts = [own_words(clause.text) if clause.kind == "word" else index.text_query(clause.text)]
    parts += [index.text_query(text) for text in clause.aliases]  # another spelling of the word, as typed
    if widen and clause.kind == "word":
        parts += [index.text_query(term, ranking.EXPANSION_WEIGHT) for term in clause.expansions]
        parts += [index.topic_query(name, ranking.TOPIC_BOOST) for name in clause.topics]
    return index.any_of(parts)


def own_words(text: str):
    """A clause's words as typed: each word of a concept's term typed as several ("job retention"), anywhere
    in the item, the words side by side scoring more (ranking.TOGETHER_BOOST)."""
    words = text.split()
    if len(words) == 1:
        return index.text_query(text)
    each = index.all_of([index.text_query(w) for w in words])
    return index.any_of([each, index.text_query(text, ranking.TOGETHER_BOOST)]) if each is not None else None


def organisation_query(clause: Clause):
    """Words that name an organisation match every item tagged with it, whatever name the item uses (the
    tagger found them all); a capitals acronym matches only through the tag, so "MA" never finds "ma"."""
    tagged = [index.organisation_query(name, ranking.ORGANISATION_BOOST) for name in clause.organisations]
    own = [] if clause.text.isupper() and " " not in clause.text else [index.text_query(clause.text)]
    return index.any_of(own + tagged + named_often(clause))


def named_often(clause: Clause) -> list:
    """Items tagged with the organisation score more the more often they name it, by any of its names
    (ranking.ORGANISATION_NAME_WEIGHT); only tagged items, so "MA" counts only where it is the body."""
    names = [clause.text, *clause.aliases]
    return [index.all_of([index.organisation_query(org, 0.0), index.text_query(name, ranking.ORGANISATION_NAME_WEIGHT)])
            for org in clause.organisations for name in names if index.stems(name)]


def marked_terms(plan: Plan, snapshot: index.Snapshot, taxonomy=None) -> Terms:
    """The words to mark in snippets and to look for in answer sentences: the query's own words as primary,
    related terms (concepts, a named or filtered topic's terms) as related."""
    terms = Terms()
    for clause in plan.clauses:
        if clause.kind == "prefix":
            terms.prefixes.append((clause.text, PRIMARY))
        elif clause.kind == "fuzzy":
            for stem in snapshot.near(clause.text, clause.maxdist):
                terms.stems[stem] = PRIMARY
        else:
            for text in dict.fromkeys([clause.text, *clause.words]):
                terms.add(text, PRIMARY)
        for text in clause.aliases:
            terms.add(text, PRIMARY)
        for text in clause.expansions:
            terms.add(text, RELATED)
    if taxonomy is not None:
        for name in plan.topics + [name for c in plan.clauses for name in c.topics]:
            topic = taxonomy.find(name)
            for text in (topic.terms if topic else []):
                terms.add(text, RELATED)
    return terms
