"""One search, one way: the query text becomes a final plan (kb.query), the plan index queries (kb.compile),
the index runs them (kb.index), and this module assembles the result: the full matches (the query's own
words first, then those found through a related term), the partial matches, counts, snippets, facets,
a corrected spelling, and the timeline."""
from __future__ import annotations

import html
import re
from dataclasses import replace

from kb import index, query, threads
from kb.compile import Compiled, compile_plan
from kb.documents import INDEXED_CHARS
from kb.results import Hit, SearchRequest, SearchResult, TimelineEntry
from vocab.models import Item
from kb.query import ArchiveFacts, Plan
from vocab.vocabulary import Vocabulary
from kb.ranking import PARTIAL_BY_COVERAGE, RELATED_FROM, RELATED_TERMS, TIMELINE_MIN_SHARE
from kb.snippets import Terms, best_sentence, snippet

TIMELINE_SIZE = 8
SNIPPET_CHARS = 240


def facts(snapshot: index.Snapshot | None) -> ArchiveFacts:
    """What interpreting a query may know of the archive behind a snapshot."""
    span = snapshot.date_span() if snapshot is not None else None
    return ArchiveFacts(*(span or (None, None)), parses=index.parses)


def run(snapshot: index.Snapshot | None, request: SearchRequest, vocabulary: Vocabulary | None = None) -> SearchResult:
    """Search one snapshot (QueryError for a bad date filter); a query whose words are not all found
    together, where its suggested spelling's are, is answered with the suggestion's results, saying so."""
    taxonomy = vocabulary.topics if vocabulary else None
    plan = query.interpret(request, vocabulary, facts(snapshot))
    result = assemble(snapshot, request, plan, taxonomy)
    if not (result.total or result.total_partial) and _months_alone(plan.date_phrase) and plan.has_words:
        result = dates_as_words(snapshot, request, plan, vocabulary) or result
    if result.total or not result.suggestion or not request.correct:
        return result
    corrected = replace(request, q=result.suggestion)
    again = assemble(snapshot, corrected, query.interpret(corrected, vocabulary, facts(snapshot)),
                     taxonomy)
    if not (again.total or (again.total_partial and not result.total_partial)):
        return result  # partial matches of the words as typed are not traded for partial matches of others
    again.corrected_from, again.suggestion = request.q, None
    return again


def _months_alone(phrase: str | None) -> bool:
    """True for a date phrase naming months without a year ("in September"): a guess at the year."""
    return bool(phrase) and not any(ch.isdigit() for ch in phrase)


def dates_as_words(snapshot, request: SearchRequest, plan: Plan, vocabulary: Vocabulary | None) -> SearchResult | None:
    """A month typed without a year that, as a filter, leaves nothing ("furlough in September": no item dated
    then) may be the month the items speak of ("furlough to September"): the answer of the query with its
    date phrase searched as words, saying so; None when no item holds all of them. A typed year stays a
    filter: "furlough in 2021" finds nothing in an archive of 2020."""
    words = query.interpret(request, vocabulary, facts(snapshot), read_dates=False)
    again = assemble(snapshot, request, words, vocabulary.topics if vocabulary else None)
    if not again.total:  # items holding only the other words do not speak of the month
        return None
    words.dates_as_words = plan.date_phrase
    again.understood = understood(words, again.total, again.total_partial > 0)
    return again


def understood(plan: Plan, matched_all: int | None = None, padded: bool = False) -> dict:
    """What the query was taken to mean (Plan.understood), with the words too common to be indexed ("the"),
    which match nothing."""
    return {**plan.understood(matched_all=matched_all, padded=padded),
            "too_common": [c.text for c in plan.clauses if c.kind in ("word", "phrase") and not c.organisations
                           and not index.stems(c.text)]}


def organisation_filter(snapshot: index.Snapshot, plan: Plan, allowed: frozenset[int] | None):
    """The allowed items narrowed to those naming every organisation of `org:` filters (none for an unknown one)."""
    if plan.unknown_organisations:
        return frozenset()
    if not plan.organisations:
        return allowed
    found = snapshot.organisation_docs()
    sets = [found.get(name, frozenset()) for name in plan.organisations]
    return frozenset.intersection(*sets, *([allowed] if allowed is not None else []))


def assemble(snapshot: index.Snapshot | None, request: SearchRequest, plan: Plan, taxonomy=None) -> SearchResult:
    """Run a final plan on one snapshot; an empty result when nothing was ever indexed."""
    result = SearchResult(query=request.q, total=0, page=request.page, limit=request.limit,
                          understood=understood(plan))
    if snapshot is None:
        return result
    compiled = compile_plan(plan, snapshot, taxonomy)
    by_date = request.sort == "date" or not plan.has_words
    window = request.page * request.limit
    allowed = snapshot.filter_docs(plan.topics, plan.date_from, plan.date_to)
    if plan.unknown_topics:
        allowed = frozenset()
    allowed = organisation_filter(snapshot, plan, allowed)
    answers = plan.question or plan.topics
    fetch = max(window, TIMELINE_SIZE * 3) if answers and by_date == (not plan.has_words) else window
    full = full_matches(snapshot, compiled, fetch, allowed, by_date)  # the timeline's hits come with the page's
    hits = list(full.hits[:window])
    partial = index.Matches(set())
    if compiled.some is not None:
        partial = partial_matches(snapshot, compiled, max(window - full.total, 0), allowed, full.docs, by_date)
        hits += partial.hits
    start = (request.page - 1) * request.limit
    matched = len(hits)
    if request.related and plan.advanced is None and not by_date and start < matched < window:
        hits += related_items(snapshot, compiled, hits, window - matched, allowed, full.docs | partial.docs)
    result.hits = [_hit(snapshot, h, by_date, compiled, plan, n >= full.total, n >= matched)
                   for n, h in enumerate(hits[start:start + request.limit], start=start)]
    result.total, result.total_partial = full.total, partial.total
    result.facets = dict(sorted(snapshot.topic_counts(full.docs | partial.docs).items(), key=lambda kv: (-kv[1], kv[0])))
    result.organisation_facets = dict(sorted(snapshot.organisation_counts(full.docs | partial.docs).items(),
                                             key=lambda kv: (-kv[1], kv[0])))
    result.understood = understood(plan, full.total, partial.total > 0)
    result.suggestion = suggestion(snapshot, plan, request.q)
    if answers:
        ranked = full if compiled.own is None or (full.alike or 0) >= TIMELINE_SIZE * 3 else None  # tiers' scores do
        # not compare: rank anew, unless the query's own words alone gave every hit the timeline reads
        result.timeline = timeline(snapshot, plan, compiled.full, allowed, by_date, ranked, compiled.terms)
    return result


def full_matches(snapshot: index.Snapshot, compiled: Compiled, limit: int, allowed, by_date: bool) -> index.Matches:
    """Items matching every clause, best first: those with the query's own words ahead of those found only
    through a related term (ranking.OWN_WORDS_FIRST), whatever their scores."""
    if compiled.own is None or by_date:
        return snapshot.run(compiled.full, limit, allowed, by_date=by_date)
    own = snapshot.run(compiled.own, limit, allowed)
    widened = snapshot.run(compiled.full, max(limit - own.total, 0), allowed, mask=own.docs)
    return index.Matches(own.docs | widened.docs, own.hits + widened.hits, alike=len(own.hits))


def partial_matches(snapshot: index.Snapshot, compiled: Compiled, limit: int, allowed, full_docs: set[int],
                    by_date: bool) -> index.Matches:
    """Items matching some of the clauses but not all, best first: those matching more clauses ahead of those
    matching fewer, by score among those matching as many (ranking.PARTIAL_BY_COVERAGE); or newest first."""
    if by_date or limit <= 0 or not PARTIAL_BY_COVERAGE or len(compiled.clauses) < 2:
        return snapshot.run(compiled.some, limit, allowed, mask=full_docs, by_date=by_date)
    found = snapshot.run(compiled.some, 0, allowed, mask=full_docs)  # every match, no scores
    hits: list = []
    for docs in by_coverage(snapshot, compiled.clauses, found.docs):
        hits += snapshot.run(compiled.some, limit - len(hits), docs).hits
        if len(hits) >= limit:
            break
    return index.Matches(found.docs, hits)


def by_coverage(snapshot: index.Snapshot, clauses: list, docs: set[int]) -> list[frozenset[int]]:
    """The docs grouped by how many of the clause queries each matches, most first (empty groups left out)."""
    within = frozenset(docs)
    count = dict.fromkeys(docs, 0)
    for q in clauses:
        for docnum in snapshot.run(q, 0, within).docs:
            count[docnum] += 1
    groups: dict[int, set[int]] = {}
    for docnum, n in count.items():
        groups.setdefault(n, set()).add(docnum)
    return [frozenset(groups[n]) for n in sorted(groups, reverse=True)]


def related_items(snapshot: index.Snapshot, compiled: Compiled, hits: list, limit: int, allowed, matched: set[int]) -> list:
    """Items like the best matches (ranking.RELATED_FROM, RELATED_TERMS), to fill a page the matches leave
    short: never a match or an item holding an excluded word."""
    mask = set(matched) | (snapshot.run(compiled.excluded, 0).docs if compiled.excluded is not None else set())
    return snapshot.like([h.docnum for h in hits[:RELATED_FROM]], RELATED_TERMS, limit, allowed, mask)


def _hit(snapshot: index.Snapshot, hit, by_date: bool, compiled: Compiled, plan: Plan, partial: bool,
         related: bool = False) -> Hit:
    item = snapshot.item_at(hit.docnum)
    score = 0.0 if by_date or hit.score is None else float(hit.score)
    if related:
        return Hit(item=item, score=score, snippet=plain_snippet(item.text), related=True)
    return Hit(item=item, score=score, snippet=snippet(item.text, compiled.terms) or plain_snippet(item.text),
               partial=partial, matched_through=matched_through(item, plan))


def matched_through(item: Item, plan: Plan) -> list[str]:
    """The related terms an item was found through: for each query word the item does not hold (nor an
    organisation's other name), the word's related terms it does hold, or the topic it is tagged with."""
    found = [t[0] for t in index.tokens(f"{item.heading or ''}\n{item.text}"[:INDEXED_CHARS])]  # as indexed
    through: list[str] = []
    for clause in plan.clauses:
        if clause.kind != "word" or not (clause.expansions or clause.topics):
            continue
        if any(_holds(found, index.stems(name)) for name in [clause.text, *clause.aliases]):
            continue
        held = [t for t in clause.expansions if _holds(found, index.stems(t))]
        held = held or [f"topic {name}" for name in clause.topics if name in item.topics]
        through += [t for t in held if t not in through]
    return through


def _holds(found: list[str], wanted: list[str]) -> bool:
    """True when the stems `wanted` occur in `found` one after another."""
    n = len(wanted)
    return n > 0 and any(found[i:i + n] == wanted for i in range(len(found) - n + 1) if found[i] == wanted[0])


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
        if not terms or any(snapshot.frequency(t) for t in terms + [s for a in clause.aliases for s in index.stems(a)]):
            continue
        better = snapshot.suggest(clause.text)
        if better and better != clause.text.lower():
            fixed = re.sub(rf"(?<!\w){re.escape(clause.text)}(?!\w)", better, fixed, count=1)
    return fixed if fixed != q else None


def timeline(snapshot, plan: Plan, full_q, allowed, by_date: bool, full, terms: Terms) -> list[TimelineEntry]:
    """The best matching item of each of the most relevant updates, oldest first, with the sentence that
    best answers the query (`full`: the page's run of full_q when it can be reused, else None)."""
    wanted = TIMELINE_SIZE * 3
    enough = full is not None and len(full.hits) >= min(wanted, full.total)
    newest = not plan.has_words  # a topic alone: its newest items
    if enough and by_date == newest:
        hits = full.hits[:wanted]
    elif newest:
        hits = snapshot.run(full_q, wanted, allowed, by_date=True).hits
    else:  # the best few, without counting every match (Whoosh skips the blocks that cannot reach them)
        hits = snapshot.top(full_q, wanted, allowed)
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
    return threads.arrange(entries, list(best.values()), snapshot.held_updates)
