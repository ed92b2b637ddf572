"""One search, one way: the query text becomes one final plan with every reading decided (kb.query), the plan
is compiled once into index queries (kb.compile), the index runs them (kb.index), and this module assembles
the result: the full matches (those in the period read from the words first; in each, those saying the query's
own words ahead of those found only through a related term), the partial matches, counts, snippets, items with
their references resolved, facets and the timeline."""
from __future__ import annotations

import html
from dataclasses import dataclass, field

from kb import crossrefs, index, query, readings, threads
from kb.compile import Compiled, compile_plan
from kb.documents import INDEXED_CHARS
from kb.query import PATTERN_CHARS, ArchiveFacts, Plan
from kb.ranking import PARTIAL_BY_COVERAGE, RELATED_FROM, RELATED_TERMS, TIMELINE_MIN_SHARE
from kb.results import Dated, Hit, SearchRequest, SearchResult, TimelineEntry, Understood
from kb.snippets import Terms, best_sentence, snippet
from vocab.models import Item
from vocab.vocabulary import Vocabulary

TIMELINE_SIZE = 8
SNIPPET_CHARS = 240


def facts(snapshot: index.Snapshot | None) -> ArchiveFacts:
    """What reading a query may know of the archive behind a snapshot."""
    if snapshot is None:
        return ArchiveFacts(parses=index.parses)
    span = snapshot.date_span() or (None, None)
    return ArchiveFacts(*span, parses=index.parses, dated_months=snapshot.dated_months(),
                        mentioned_months=frozenset(text[:7] for text in snapshot.mentioned_dates()),
                        holds=lambda word: _held(snapshot, word), suggest=snapshot.suggest,
                        together=lambda words: _together(snapshot, words))


def _held(snapshot: index.Snapshot, word: str) -> bool:
    """True when some item holds the word (as the index keeps it), or it is too common to be indexed."""
    stems = index.stems(word)
    return not stems or any(snapshot.frequency(stem) for stem in stems)


def _together(snapshot: index.Snapshot, words: list[str]) -> bool:
    """True when some item holds every one of the words (those too common to be indexed aside; False for none)."""
    q = index.all_of([index.text_query(w) for w in words if not PATTERN_CHARS & set(w)])
    return q is not None and bool(snapshot.run(index.all_of([q, index.every_item()]), 0).docs)


def run(snapshot: index.Snapshot | None, request: SearchRequest, vocabulary: Vocabulary | None = None) -> SearchResult:
    """Search one snapshot (QueryError for a bad date filter): the plan is made once and run once."""
    plan = query.interpret(request, vocabulary, facts(snapshot))
    return assemble(snapshot, request, plan, vocabulary.topics if vocabulary else None)


def understood(plan: Plan, matched_all: int | None = None, partial: bool = False, dated: Dated | None = None) -> Understood:
    """What the query was taken to mean (`dated`: the period read, when its year was chosen by the matches),
    with the words too common to be indexed ("the"), which match nothing."""
    return Understood(
        words=[c.text for c in plan.clauses if c.kind != "phrase"],
        phrases=[c.text for c in plan.clauses if c.kind == "phrase"],
        excluded=[c.text for c in plan.excluded],
        expanded={c.text: c.expansions for c in plan.clauses if c.expansions},
        concepts={c.text: c.topics for c in plan.clauses if c.topics},
        syntax=plan.advanced, topics=plan.topics, unknown_topics=plan.unknown_topics,
        organisations=plan.organisations, unknown_organisations=plan.unknown_organisations,
        named_organisations={c.text: c.organisations for c in plan.clauses if c.organisations},
        date_from=plan.date_from, date_to=plan.date_to, dated=dated or plan.dated, readings=plan.readings(dated),
        undated=plan.undated, dropped=list(plan.dropped),
        question=plan.question,
        match="all words, then some" if partial else ("plain words" if plan.fallback else "all words"),
        matched_all=matched_all, not_searched=plan.not_searched,
        too_common=[c.text for c in plan.clauses if c.kind in ("word", "phrase") and not c.organisations
                    and not index.stems(c.text)])


def organisation_filter(snapshot: index.Snapshot, plan: Plan, allowed: frozenset[int] | None):
    """The allowed items narrowed to those naming every organisation of `org:` filters (none for an unknown one)."""
    if plan.unknown_organisations:
        return frozenset()
    if not plan.organisations:
        return allowed
    found = snapshot.organisation_docs()
    sets = [found.get(name, frozenset()) for name in plan.organisations]
    return frozenset.intersection(*sets, *([allowed] if allowed is not None else []))


def read_year(snapshot: index.Snapshot, compiled: Compiled, dated: Dated, allowed) -> Dated:
    """A month typed without a year: the most recent of its years that an item holding the words is dated in
    or speaks of (an unrelated upload changes nothing), else the archive's most recent (kb.readings.in_year)."""
    if len(dated.years) < 2:
        return dated
    every = snapshot.run(compiled.every_clause, 0, allowed).docs
    return readings.in_year(dated, lambda start, end: bool(every & snapshot.period_docs(start, end)))


def dated_docs(snapshot: index.Snapshot, dated: Dated) -> frozenset[int]:
    """The items a period read from the words ranks first: dated in it or mentioning a date in it, and for a
    whole year typed ("in 2025"), naming the year."""
    docs = snapshot.period_docs(dated.start, dated.end)
    if dated.year is not None:
        docs = docs | snapshot.run(index.text_query(str(dated.year)), 0).docs
    return docs


@dataclass
class FullMatches:
    """The full matches in the order shown, and which of them were found only through a related term or lie
    outside the period read from the words."""

    docs: set[int]
    hits: list
    widened: set[int] = field(default_factory=set)
    other_dates: set[int] = field(default_factory=set)

    @property
    def total(self) -> int:
        return len(self.docs)


def assemble(snapshot: index.Snapshot | None, request: SearchRequest, plan: Plan, taxonomy=None) -> SearchResult:
    """Run a final plan on one snapshot; an empty result when nothing was ever indexed."""
    result = SearchResult(query=plan.corrected_q or request.q, total=0, page=request.page, limit=request.limit,
                          understood=understood(plan), suggestion=plan.suggestion,
                          corrected_from=request.q if plan.corrected_q else None)
    if snapshot is None:
        return result
    compiled = compile_plan(plan, snapshot, taxonomy)
    by_date = request.sort == "date" or not plan.has_words
    window = request.page * request.limit
    allowed = snapshot.filter_docs(plan.topics, plan.date_from, plan.date_to)
    if plan.unknown_topics:
        allowed = frozenset()
    allowed = organisation_filter(snapshot, plan, allowed)
    dated = read_year(snapshot, compiled, plan.dated, allowed) if plan.dated else None
    period = dated_docs(snapshot, dated) if dated else None
    speaking = period - (snapshot.filter_docs([], dated.start, dated.end) or frozenset()) if dated else None
    answers = plan.question or plan.topics
    fetch = max(window, TIMELINE_SIZE * 3) if answers and by_date == (not plan.has_words) else window
    full = full_matches(snapshot, compiled, fetch, allowed, by_date, period, speaking)  # the timeline's hits come with the page's
    hits = list(full.hits[:window])
    partial = index.Matches(set())
    if compiled.any_clause is not None:
        partial = partial_matches(snapshot, compiled, max(window - len(full.docs), 0), allowed, full.docs, by_date)
        hits += partial.hits
    start = (request.page - 1) * request.limit
    matched = len(hits)
    if request.related and plan.advanced is None and not by_date and start < matched < window:
        hits += related_items(snapshot, compiled, hits, window - matched, allowed, full.docs | partial.docs)
    result.hits = page_hits(snapshot, hits[start:start + request.limit], start, full, matched, by_date, compiled, plan)
    result.total, result.total_partial = len(full.docs), partial.total
    result.total_widened, result.total_other_dates = len(full.widened), len(full.other_dates)
    every = full.docs | partial.docs
    result.facets = dict(sorted(snapshot.topic_counts(every).items(), key=lambda kv: (-kv[1], kv[0])))
    result.organisation_facets = dict(sorted(snapshot.organisation_counts(every).items(), key=lambda kv: (-kv[1], kv[0])))
    result.understood = understood(plan, len(full.docs), partial.total > 0, dated)
    result.found_through = found_through(snapshot, plan, full.widened)
    if answers:
        ranked = full if compiled.as_typed is None and period is None else None  # tiers' scores do not compare
        within = allowed if not period or not full.docs - full.other_dates else _within(allowed, period)
        result.timeline = timeline(snapshot, plan, compiled.every_clause, within, by_date, ranked, compiled.terms)
    return result


def _within(allowed: frozenset[int] | None, docs: frozenset[int]) -> frozenset[int]:
    return docs if allowed is None else allowed & docs


def full_matches(snapshot: index.Snapshot, compiled: Compiled, limit: int, allowed, by_date: bool,
                 period: frozenset[int] | None = None, speaking: frozenset[int] | None = None) -> FullMatches:
    """Items matching every clause, in the order shown: those in the period read from the words first (those
    naming a date in it ahead of those only dated in it), then the others; in each, by relevance, those holding
    the query's own words ahead of those found only through a related term, whatever the scores (or newest first)."""
    tiers = [(allowed, set())]
    if period is not None:
        tiers = [(_within(allowed, speaking), set()), (_within(allowed, period), set(speaking)), (allowed, set(period))]
    typed_first = compiled.as_typed is not None and not by_date
    queries = [compiled.as_typed, compiled.every_clause] if typed_first else [compiled.every_clause]
    docs: set[int] = set()
    typed: set[int] = set()
    hits: list = []
    for within, seen in tiers:
        for q in queries:
            found = snapshot.run(q, max(limit - len(hits), 0), within, mask=seen or None, by_date=by_date)
            docs |= found.docs
            hits += found.hits
            seen |= found.docs
            if q is compiled.as_typed:
                typed |= found.docs
    if compiled.as_typed is not None and not typed_first:
        typed = snapshot.run(compiled.as_typed, 0, allowed).docs & docs
    widened = docs - typed if compiled.as_typed is not None else set()
    return FullMatches(docs, hits, widened, docs - period if period is not None else set())


def partial_matches(snapshot: index.Snapshot, compiled: Compiled, limit: int, allowed, full_docs: set[int],
                    by_date: bool) -> index.Matches:
    """Items matching some of the clauses but not all, best first: those matching more clauses ahead of those
    matching fewer, by score among those matching as many (ranking.PARTIAL_BY_COVERAGE); or newest first."""
    if by_date or limit <= 0 or not PARTIAL_BY_COVERAGE or len(compiled.clause_queries) < 2:
        return snapshot.run(compiled.any_clause, limit, allowed, mask=full_docs, by_date=by_date)
    found = snapshot.run(compiled.any_clause, 0, allowed, mask=full_docs)  # every match, no scores
    hits: list = []
    for docs in by_coverage(snapshot, compiled.clause_queries, found.docs):
        hits += snapshot.run(compiled.any_clause, limit - len(hits), docs).hits
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


def page_hits(snapshot: index.Snapshot, hits: list, start: int, full: FullMatches, matched: int, by_date: bool,
              compiled: Compiled, plan: Plan) -> list[Hit]:
    """The page's hits as results: items with their references resolved, snippets, and what each is."""
    items = crossrefs.resolve_all([snapshot.item_at(h.docnum) for h in hits], snapshot.held_updates)
    out = []
    for n, (hit, item) in enumerate(zip(hits, items), start=start):
        score = 0.0 if by_date or hit.score is None else float(hit.score)
        if n >= matched:
            out.append(Hit(item=item, score=score, snippet=plain_snippet(item.text), related=True))
            continue
        out.append(Hit(item=item, score=score, snippet=snippet(item.text, compiled.terms) or plain_snippet(item.text),
                       partial=hit.docnum not in full.docs, matched_through=matched_through(item, plan),
                       widened=hit.docnum in full.widened, other_date=hit.docnum in full.other_dates))
    return out


def found_through(snapshot: index.Snapshot, plan: Plan, widened: set[int]) -> list[str]:
    """The related terms (and topics) that the items found only through one hold, in the plan's order."""
    if not widened:
        return []
    within, out, seen = frozenset(widened), [], set()
    for term in (t for c in plan.clauses for t in c.expansions):
        key = tuple(index.stems(term))  # one of the terms the index keeps alike ("re-opening", "re-opened")
        if key and key not in seen and snapshot.run(index.text_query(term), 0, within).docs:
            out.append(term)
            seen.add(key)
    out += [f"topic {name}" for c in plan.clauses for name in c.topics
            if snapshot.run(index.topic_query(name), 0, within).docs]
    return list(dict.fromkeys(out))


def matched_through(item: Item, plan: Plan) -> list[str]:
    """The related terms an item was found through: for each query word the item does not hold (nor an
    organisation's other name), the word's related terms it does hold, or the topic it is tagged with."""
    found = [t[0] for t in index.tokens(f"{item.heading or ''}\n{item.text}"[:INDEXED_CHARS])]  # as indexed
    through: list[str] = []
    for clause in plan.clauses:
        if clause.kind != "word" or not clause.widens:
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
