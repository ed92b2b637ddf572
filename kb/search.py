"""Running a search plan on an index snapshot: matching, padding, snippets, facets, suggestion, timeline."""
from __future__ import annotations

import html
import re

from kb import index, threads
from kb.models import Hit, Item, SearchRequest, SearchResult, TimelineEntry
from kb.query import Clause, Plan, plain_words
from kb.snippets import PRIMARY, RELATED, Terms, best_sentence, snippet

TOPIC_BOOST = 1.0  # items tagged with the word's topic match it too, the more strongly tagged the higher
ORGANISATION_BOOST = 2.0  # an item naming the organisation by another name matches its name as well as the name would
TIMELINE_SIZE = 8
TIMELINE_MIN_SHARE = 0.25  # an answer scores at least this share of the best item's score
SNIPPET_CHARS = 240


def clause_query(clause: Clause, snapshot: index.Snapshot):
    """The Whoosh query for one clause, topic-term expansions included."""
    if clause.kind == "prefix":
        return index.prefix_query(clause.text)
    if clause.kind == "fuzzy":
        return index.terms_query(snapshot.near(clause.text, clause.maxdist))
    if clause.organisations:
        return organisation_clause_query(clause)
    base = index.text_query(clause.text)
    if base is None or not clause.topics:
        return base
    return index.any_of([base] + [index.topic_query(t, TOPIC_BOOST) for t in clause.topics])


def organisation_clause_query(clause: Clause):
    """Words that name an organisation match every item naming it by any name (items are tagged with its
    canonical name); an acronym in capitals matches only through the tag, so "MA" never finds "ma"."""
    tagged = index.any_of([index.organisation_query(name, ORGANISATION_BOOST) for name in clause.organisations])
    if clause.text.isupper() and " " not in clause.text:
        return tagged
    return index.any_of([index.text_query(clause.text), tagged])


def organisation_filter(snapshot: index.Snapshot, plan: Plan, allowed: frozenset[int] | None):
    """The allowed items narrowed to those naming every organisation of `org:` filters (none for an unknown one)."""
    if plan.unknown_organisations:
        return frozenset()
    if not plan.organisations:
        return allowed
    found = snapshot.organisation_docs()
    sets = [found.get(name, frozenset()) for name in plan.organisations]
    return frozenset.intersection(*sets, *([allowed] if allowed is not None else []))


def queries(plan: Plan, snapshot: index.Snapshot, taxonomy=None):
    """(every clause must match, some clause matches) Whoosh queries for the plan."""
    if plan.advanced is not None:
        parsed = index.parse_advanced(plan.advanced)
        if parsed is not None:
            return parsed, None
        plain_words(plan, plan.advanced, taxonomy)
    parts = [clause_query(c, snapshot) for c in plan.clauses]
    excluded = [clause_query(c, snapshot) for c in plan.excluded]
    full = index.all_of(parts)
    if full is None:
        return index.excluding(index.every_item(), excluded), None
    some = index.some_of(parts) if plan.paddable else None
    return index.excluding(full, excluded), some and index.excluding(some, excluded)


def run(snapshot: index.Snapshot | None, request: SearchRequest, plan: Plan, taxonomy=None) -> SearchResult:
    """Search one snapshot; an empty result when nothing was ever indexed."""
    result = SearchResult(query=request.q, total=0, page=request.page, limit=request.limit,
                          understood=plan.understood())
    if snapshot is None:
        return result
    full_q, some_q = queries(plan, snapshot, taxonomy)
    by_date = request.sort == "date" or not plan.has_words
    window = request.page * request.limit
    allowed = snapshot.filter_docs(plan.topics, plan.date_from, plan.date_to)
    if plan.unknown_topics:
        allowed = frozenset()
    allowed = organisation_filter(snapshot, plan, allowed)
    answers = plan.question or plan.topics
    fetch = max(window, TIMELINE_SIZE * 3) if answers and by_date == (not plan.has_words) else window
    full = snapshot.run(full_q, fetch, allowed, by_date=by_date)  # the timeline's hits come with the page's
    hits, docs = list(full.hits[:window]), set(full.docs)
    padded = some_q is not None and full.total < request.limit
    if padded:
        some = snapshot.run(some_q, window - full.total, allowed, mask=full.docs, by_date=by_date)
        hits += some.hits
        docs |= some.docs
        padded = some.total > 0
    start = (request.page - 1) * request.limit
    terms = marked_terms(plan, snapshot, full_q, taxonomy)
    result.hits = [_hit(snapshot, h, by_date, terms) for h in hits[start:start + request.limit]]
    result.total = len(docs)
    result.facets = dict(sorted(snapshot.topic_counts(docs).items(), key=lambda kv: (-kv[1], kv[0])))
    result.organisation_facets = dict(sorted(snapshot.organisation_counts(docs).items(), key=lambda kv: (-kv[1], kv[0])))
    result.understood = plan.understood(matched_all=full.total, padded=padded)
    result.suggestion = suggestion(snapshot, plan, request.q)
    if answers:
        result.timeline = timeline(snapshot, plan, full_q, allowed, by_date, full, terms)
    return result


def _hit(snapshot: index.Snapshot, hit, by_date: bool, terms: Terms) -> Hit:
    item = snapshot.item_at(hit.docnum)
    score = 0.0 if by_date or hit.score is None else float(hit.score)
    return Hit(item=item, score=score, snippet=snippet(item.text, terms) or plain_snippet(item.text))


def marked_terms(plan: Plan, snapshot: index.Snapshot, full_q, taxonomy) -> Terms:
    """The words to mark in snippets and to look for in answer sentences."""
    terms = Terms()
    if plan.advanced is not None:
        for stem in index.query_words(full_q):
            terms.stems[stem] = PRIMARY
        return terms
    for clause in plan.clauses:
        if clause.kind == "prefix":
            terms.prefixes.append((clause.text, PRIMARY))
        elif clause.kind == "fuzzy":
            for stem in snapshot.near(clause.text, clause.maxdist):
                terms.stems[stem] = PRIMARY
        else:
            terms.add(clause.text, PRIMARY)
        for text in clause.expansions:
            terms.add(text, RELATED)
    if taxonomy is not None:
        for name in plan.topics:
            topic = taxonomy.find(name)
            for text in (topic.terms if topic else []):
                terms.add(text, RELATED)
    return terms


def plain_snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The start of a text, HTML-escaped, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return html.escape(text, quote=True)


def suggestion(snapshot: index.Snapshot, plan: Plan, q: str) -> str | None:
    """The query with each word that occurs nowhere replaced by the closest indexed word."""
    fixed = q
    for clause in plan.clauses:
        if clause.kind != "word" or clause.expansions or clause.organisations:
            continue
        terms = index.stems(clause.text)
        if not terms or any(snapshot.frequency(t) for t in terms):
            continue
        better = snapshot.suggest(clause.text)
        if better and better != clause.text.lower():
            fixed = re.sub(rf"(?<!\w){re.escape(clause.text)}(?!\w)", better, fixed, count=1)
    return fixed if fixed != q else None


def timeline(snapshot, plan: Plan, full_q, allowed, by_date: bool, full, terms: Terms) -> list[TimelineEntry]:
    """The best matching item of each of the most relevant updates, oldest first, with the sentence that
    best answers the query."""
    wanted = TIMELINE_SIZE * 3
    enough = len(full.hits) >= min(wanted, full.total)
    newest = not plan.has_words  # a topic alone: its newest items
    ranked = full if enough and by_date == newest else snapshot.run(full_q, wanted, allowed, by_date=newest)
    hits = ranked.hits[:wanted]
    if plan.has_words and hits:
        hits = [h for h in hits if h.score >= hits[0].score * TIMELINE_MIN_SHARE]
    best: dict[str, Item] = {}
    for hit in hits:
        item = snapshot.item_at(hit.docnum)
        best.setdefault(item.update_id, item)
        if len(best) == TIMELINE_SIZE:
            break
    entries = [TimelineEntry(date=i.date, item_id=i.id, update_title=i.update_title, number=i.number,
                             heading=i.heading, sentence=best_sentence(i.text, terms)) for i in best.values()]
    entries = sorted(entries, key=lambda e: (e.date, e.number))
    return threads.arrange(entries, list(best.values()), lambda: [u for u, _ in snapshot.counted_updates()])
