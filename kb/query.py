"""What a search asks for: words, phrases, exclusions, topic and date filters, taken from the query
text (including natural questions) and the request's own filters, with every reading of the words (kb.readings:
a period, a corrected spelling; a concept's, a topic's, an organisation's other terms) decided here, once.
Pure: what it knows of the archive comes in ArchiveFacts."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from kb import readings
from kb.errors import QueryError
from kb.readings import ArchiveFacts, next_day, period
from kb.results import Dated, QueryReading, SearchRequest
from vocab.organisations import MAX_NAME_WORDS
from vocab.vocabulary import Vocabulary

__all__ = ["ArchiveFacts", "Clause", "Plan", "interpret", "date_bound", "resolve_topic", "period"]

QUESTION_WORDS = {
    "what", "whats", "when", "whens", "where", "who", "whom", "whose", "which", "why", "how", "is", "are",
    "was", "were", "did", "do", "does", "will", "would", "can", "could", "should", "has", "have", "had",
    "any", "anything", "tell", "show", "list", "find", "give",
}
FILLER = QUESTION_WORDS | {
    "said", "say", "says", "saying", "told", "me", "us", "we", "our", "you", "about", "regarding",
    "concerning", "on", "of", "the", "a", "an", "there", "been", "be", "being", "it", "its", "latest",
    "happen", "happened", "happening", "going", "to", "in", "for", "with", "please", "know", "get",
}
OPERATORS = {"AND", "OR", "NOT"}
FILTER_FIELDS = {"topic", "org", "from", "to", "since", "before", "after", "date"}
TOKEN = re.compile(
    r'(?P<sign>[-+]?)(?:(?P<field>[A-Za-z_]+):(?:"(?P<fq>[^"]*)"?|(?P<fv>[^\s"()]+))'
    r'|"(?P<phrase>[^"]*)"?|(?P<paren>[()])|(?P<word>[^\s"()]+))'
)
EDGE_PUNCT = re.compile(r"^[^\w*~]+|[^\w*~]+$")
# Bounds on what one query may ask of the index, whatever is typed (a pasted page, a word repeated a
# thousand times, 10,000 characters of one word): past them, words are left out and listed as such.
MAX_QUERY_CHARS = 1000  # the query is read up to here, cut at a space
MAX_CLAUSES = 16  # distinct words, phrases, prefixes and fuzzy words searched
MAX_EXCLUDED = 8  # distinct -words
MAX_PATTERNS = 4  # prefixes (`word*`) and fuzzy words (`word~`), each standing for many index words
MAX_WORD_CHARS = 64  # a longer word is cut to this (no word of an archive is that long)
MAX_PHRASE_WORDS = 16  # a longer "phrase" is searched by its first words
MAX_SYNTAX_TOKENS = 48  # a longer query in Whoosh's syntax is searched as plain words
MAX_NOT_SEARCHED_SHOWN = 20
MAX_CONCEPT_WORDS = 4  # the longest run of query words looked up as one concept term ("coronavirus job retention scheme")
PATTERN_CHARS = set("*?~[]{}")
AMERICAN_Z = re.compile(r"(?<=\w{3})(iz(?:e|es|ed|ing|ation|ations|er|ers))$", re.IGNORECASE)
FIELD_NAME = re.compile(r"(?<![\w:])[A-Za-z_]+:(?=\S)")  # `tag:`, `heading:` before a value
LONG_WORD = re.compile(r"\S{%d,}" % (MAX_WORD_CHARS + 1))


@dataclass
class Clause:
    """One thing to match: a word, a "quoted phrase", a prefix (`word*`) or a fuzzy word (`word~`)."""

    text: str
    kind: str = "word"  # word | phrase | prefix | fuzzy
    maxdist: int = 1  # for fuzzy words
    expansions: list[str] = field(default_factory=list)  # terms of the word's concept, or its topic's
    topics: list[str] = field(default_factory=list)  # the topic the word names, when searched alone
    aliases: list[str] = field(default_factory=list)  # other names of the organisation the word names, or its British spelling
    organisations: list[str] = field(default_factory=list)  # the organisation the words name (its canonical name)
    term_words: list["Clause"] = field(default_factory=list)  # each word of a concept's term typed as several words

    @property
    def words(self) -> list[str]:
        """The words a partial match may hold some of: each word of a concept's term typed as several."""
        return [c.text for c in self.term_words] or [self.text]

    @property
    def widens(self) -> bool:
        """True when the clause also matches items through a related term (a concept's, a topic's tag)."""
        return bool(self.expansions or self.topics)


@dataclass
class Plan:
    """A search as understood: clauses all of which should match, exclusions, and filters."""

    clauses: list[Clause] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)
    advanced: str | None = None  # text for Whoosh's own parser when explicit operators were used
    topics: list[str] = field(default_factory=list)  # topic names to filter by
    unknown_topics: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)  # organisations to filter by (org:ACE)
    unknown_organisations: list[str] = field(default_factory=list)
    date_from: date | None = None  # the From/To filters: the request's, or from:, after:, before: ... in the text
    date_to: date | None = None
    dated: Dated | None = None  # a period read from the words ("in May"): ranks first, never filters
    undated: str | None = None  # date words not read as a period, as the request asked (drop "date"): not searched
    dropped: list[str] = field(default_factory=list)  # the request's drop entries that left a reading out
    question: bool = False
    fallback: bool = False  # set when the advanced syntax could not be used
    not_searched: list[str] = field(default_factory=list)  # typed words not searched: past the bounds above
    spelling: dict[str, str] = field(default_factory=dict)  # typed word no item holds -> the word searched instead
    corrected_q: str | None = None  # the query text with those words corrected, when any was
    suggestion: str | None = None  # that text, when the request asked for the words as typed

    @property
    def allows_partial(self) -> bool:
        """Items holding some of the words may follow those holding all: plain words only, at least two."""
        return (self.advanced is None and sum(len(c.words) for c in self.clauses) >= 2
                and all(c.kind != "phrase" for c in self.clauses))

    @property
    def has_words(self) -> bool:
        return bool(self.clauses or self.advanced)

    def readings(self, dated: Dated | None = None) -> list[QueryReading]:
        """Every reading applied, in the order shown: the period (`dated`, when its year was chosen apart),
        corrected spellings, then each clause's widening (its organisation's other names, its concept's terms,
        the topic it names)."""
        dated = dated or self.dated
        out = [QueryReading("date", dated.typed, dated.label, drop="date")] if dated else []
        out += [QueryReading("spelling", typed, fixed) for typed, fixed in self.spelling.items()]
        for c in self.clauses:
            drop = widening_key(c.text)
            if c.organisations:
                out.append(QueryReading("names", c.text, c.organisations[0], list(c.aliases), drop))
            elif c.widens:  # a concept's terms, and the topic a word searched alone names
                out.append(QueryReading("concept" if c.expansions else "topic", c.text, (c.topics or [""])[0],
                                   list(c.expansions), drop))
        return out


def widening_key(text: str) -> str:
    """The SearchRequest.drop entry that searches a clause's words as typed, without related terms."""
    return "widen:" + " ".join(text.lower().split())


def date_bound(text: str | None, end: bool, name: str) -> date | None:
    """A --from/--to value as a day: the start (or end) of the period it names; QueryError if none."""
    if text is None or not str(text).strip():
        return None
    found = period(str(text))
    if found is None:
        raise QueryError(f"{name!r} must be a date such as 2020-04-01, April 2020 or 2021, not {str(text)[:40]!r}")
    return found[1] if end else found[0]


def resolve_topic(taxonomy, value: str) -> str | None:
    """The topic name a typed name, slug, or topic term stands for."""
    if taxonomy is None:
        return None
    topic = taxonomy.find(value)
    if topic is not None:
        return topic.name
    wanted = value.strip().lower()
    matches = [t for t in taxonomy.topics if wanted in t.name.lower() or wanted in t.slug
               or any(wanted == term.lower() for term in t.terms)]
    return matches[0].name if len(matches) == 1 else None


def interpret(request: SearchRequest, vocabulary: Vocabulary | None = None, archive: ArchiveFacts | None = None) -> Plan:
    """The final plan for a search request (QueryError for a bad or reversed --from/--to), every reading
    decided: date words read as a period that ranks (kb.readings.take_dates), a word no item holds read as
    the closest one items hold (unless `request.correct` is off), the vocabulary's topics widening a word to
    its concept, its organisations making a run of words that names one a clause for every name of it;
    `request.drop` leaves readings out ("date", "widen:<words>")."""
    taxonomy = vocabulary.topics if vocabulary else None
    organisations = vocabulary.organisations if vocabulary else None
    archive = archive or ArchiveFacts()
    plan = Plan()
    plan.date_from = date_bound(request.date_from, False, "from")
    plan.date_to = date_bound(request.date_to, True, "to")
    _check_range(plan.date_from, plan.date_to)
    for value in request.topics:
        _add_topic(plan, taxonomy, value)
    q, cut = _cut(request.q or "")
    rest, kept = [], q
    for m in TOKEN.finditer(q):
        name = (m.group("field") or "").lower()
        if name == "org":
            add_organisation_filter(plan, organisations, m.group("fq") if m.group("fq") is not None else m.group("fv"))
            kept = kept[:m.start()] + " " * (m.end() - m.start()) + kept[m.end():]
        elif name in FILTER_FIELDS:
            _field_filter(plan, taxonomy, name, m.group("fq") if m.group("fq") is not None else m.group("fv"))
            kept = kept[:m.start()] + " " * (m.end() - m.start()) + kept[m.end():]
        else:
            rest.append(m)
    if any(_is_advanced(m) for m in rest):
        _syntax(plan, kept, rest, taxonomy, archive)
        _not_searched(plan, cut.split())
        return plan
    words = _plain(plan, rest)
    dated = readings.take_dates(words, archive, q)
    plan.dated = dated if "date" not in request.drop else None  # dropped: all dates, the date words not searched
    plan.undated = dated.typed if dated and not plan.dated else None
    plan.dropped = ["date"] if plan.undated else []
    plan.question = _is_question(q)
    words = [w for w in words if not (plan.question and _key(w) in FILLER)]
    words = _correct(plan, request, words, vocabulary, archive)
    _add_words(plan, request, words, vocabulary)
    _not_searched(plan, cut.split())
    return plan


def _correct(plan: Plan, request: SearchRequest, words: list[str], vocabulary: Vocabulary | None,
             archive: ArchiveFacts) -> list[str]:
    """The words with each that no item holds read as the closest word items hold (plan.spelling), by the rule
    of kb.readings.corrections; else, or when the request asks for the words as typed, as they are (the
    corrected text is then plan.suggestion)."""
    claimed = _claimed(words, vocabulary)
    fixes, apply = readings.corrections(words, {w: [b for b in [british_spelling(w)] if b] for n, w in enumerate(words)
                                         if n < MAX_CLAUSES and n not in claimed and not PATTERN_CHARS & set(w) and re.search(r"\w", w)},
                                 archive)
    if not fixes:
        return words
    text = readings.corrected(request.q or "", fixes)
    if not (request.correct and apply):
        plan.suggestion = text if text != request.q else None
        return words
    plan.spelling, plan.corrected_q = fixes, text
    return [fixes.get(w, w) for w in words]


def _claimed(words: list[str], vocabulary: Vocabulary | None) -> set[int]:
    """The places of the words the vocabulary knows as they are: in an organisation's name, in a concept's term."""
    if vocabulary is None:
        return set()
    out, at = set(), 0
    for text, org in organisation_words(words, vocabulary.organisations):
        for run in ([text] if org is not None else concept_words(text.split(), vocabulary.topics)):
            n = len(run.split())
            if org is not None or n > 1 or vocabulary.topics.concept(run):
                out.update(range(at, at + n))
            at += n
    return out


def _add_words(plan: Plan, request: SearchRequest, words: list[str], vocabulary: Vocabulary | None) -> None:
    """The plain words as clauses: a run naming an organisation one clause, a concept's term of several words
    one clause, each other word its own; a word searched alone that names a topic stands for it too. A
    widening in request.drop is left out: the words as typed."""
    taxonomy = vocabulary.topics if vocabulary else None
    organisations = vocabulary.organisations if vocabulary else None
    for text, org in organisation_words(words, organisations):
        if org is not None and widening_key(text) in request.drop:
            plan.dropped.append(widening_key(text))
        if org is not None and widening_key(text) not in request.drop:
            aliases = [t for t, _ in org.spellings() if t.casefold() != text.casefold()]
            _keep(plan, plan.clauses, Clause(text, "word", aliases=aliases, organisations=[org.name]), text)
            continue
        for run in concept_words(text.split(), taxonomy):
            dropped = widening_key(run) in request.drop and _widens(run, taxonomy)
            plan.dropped += [widening_key(run)] if dropped else []
            _add_clause(plan, plan.clauses, run, None if dropped else taxonomy)
    if len(words) == 1 and not plan.excluded and plan.clauses and plan.clauses[0].kind == "word":
        if widening_key(plan.clauses[0].text) not in request.drop:
            _names_topic(plan.clauses[0], taxonomy)
        elif taxonomy is not None and taxonomy.find(plan.clauses[0].text) is not None:
            plan.dropped = list(dict.fromkeys(plan.dropped + [widening_key(plan.clauses[0].text)]))


def _widens(words: str, taxonomy) -> bool:
    """True when the vocabulary widens the words: a concept holds them, or they name a topic."""
    return taxonomy is not None and bool(taxonomy.concept(words) or taxonomy.concept(british_spelling(words) or words)
                                         or taxonomy.find(words))


def add_organisation_filter(plan: Plan, organisations, value: str) -> None:
    """`org:ACE`, `org:"Arts Council"`: keep items naming that organisation (by any of its names)."""
    org = organisations.find(value) if organisations is not None else None
    if org is None:
        if value[:MAX_WORD_CHARS] not in plan.unknown_organisations:
            plan.unknown_organisations.append(value[:MAX_WORD_CHARS])
    elif org.name not in plan.organisations:
        plan.organisations.append(org.name)


def organisation_words(words: list[str], organisations) -> list[tuple[str, object]]:
    """The query's words with each run that names an organisation ("Arts Council", "NLHF") joined into one
    entry with its organisation, longest run first; consecutive other words joined into one entry with None."""
    out, i = [], 0
    while i < len(words):
        found = None
        if organisations is not None:
            for j in range(min(len(words), i + MAX_NAME_WORDS), i, -1):
                org = organisations.named(" ".join(words[i:j]))
                if org is not None:
                    found = (" ".join(words[i:j]), org, j)
                    break
        if found is not None:
            out.append(found[:2])
            i = found[2]
        elif out and out[-1][1] is None:
            out[-1] = (f"{out[-1][0]} {words[i]}", None)
            i += 1
        else:
            out.append((words[i], None))
            i += 1
    return out


def concept_words(words: list[str], taxonomy) -> list[str]:
    """The words with each run of several that is a concept's term ("job retention", "working from home")
    joined into one, longest run first: the run widens to its concept as a single word would."""
    out, i = [], 0
    while i < len(words):
        j = i + 1
        if taxonomy is not None and not PATTERN_CHARS & set(words[i]):
            for end in range(min(len(words), i + MAX_CONCEPT_WORDS), i + 1, -1):
                if not PATTERN_CHARS & set("".join(words[i:end])) and taxonomy.concept(" ".join(words[i:end])):
                    j = end
                    break
        out.append(" ".join(words[i:j]))
        i = j
    return out


def _syntax(plan: Plan, kept: str, rest: list[re.Match], taxonomy, archive: ArchiveFacts) -> None:
    """A query in the index's own syntax; its plain words when too long (read from `kept`, whose over-long
    tokens such as "((((word))))" are not cut) or when the index's parser cannot make sense of it."""
    patterns = sum(1 for m in rest if PATTERN_CHARS & set(m.group("word") or ""))
    if len(rest) > MAX_SYNTAX_TOKENS or patterns > MAX_PATTERNS:
        _plain_words(plan, kept, taxonomy)
        return
    text = LONG_WORD.sub(lambda m: m.group()[:MAX_WORD_CHARS], " ".join(kept.split()))
    if archive.parses is None or archive.parses(text):
        plan.advanced = text
    else:
        _plain_words(plan, text, taxonomy)


def _check_range(start: date | None, end: date | None) -> None:
    """A reversed range is an error, not an empty answer."""
    if start is not None and end is not None and start > end:
        raise QueryError(f"from {_day(start)} is after to {_day(end)}")


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def _plain_words(plan: Plan, text: str, taxonomy=None) -> None:
    """Fall back to the words of `text` alone, all syntax ignored (a field's name, as in `tag:"..."`, is
    syntax: never a word to search or to correct)."""
    plan.advanced, plan.fallback = None, True
    plan.clauses = []
    for word in re.findall(r"\w[\w'’-]*", FIELD_NAME.sub(" ", text)):
        if word not in OPERATORS:
            _add_clause(plan, plan.clauses, word, taxonomy)


def _cut(q: str) -> tuple[str, str]:
    """The part of a query that is read (up to MAX_QUERY_CHARS, cut at a space) and the rest."""
    if len(q) <= MAX_QUERY_CHARS:
        return q, ""
    space = max(q.rfind(" ", 0, MAX_QUERY_CHARS + 1), q.rfind("\n", 0, MAX_QUERY_CHARS + 1))
    at = space if space > 0 else MAX_QUERY_CHARS
    return q[:at], q[at:]


def _not_searched(plan: Plan, words: list[str]) -> None:
    """Note typed words that are not searched (the first few, each once)."""
    searched = {c.text.lower() for c in plan.clauses}
    for word in words:
        if len(plan.not_searched) >= MAX_NOT_SEARCHED_SHOWN:
            return
        word = word[:MAX_WORD_CHARS]
        if word not in plan.not_searched and word.lower() not in searched:
            plan.not_searched.append(word)


def _keep(plan: Plan, clauses: list[Clause], clause: Clause, typed: str) -> None:
    """Add a clause unless the same one is there already; past the bound, leave it out."""
    key = (clause.kind, clause.text.lower(), clause.maxdist)
    if any((c.kind, c.text.lower(), c.maxdist) == key for c in clauses):
        return
    patterns = sum(1 for c in clauses if c.kind in ("prefix", "fuzzy")) if clause.kind in ("prefix", "fuzzy") else 0
    if len(clauses) >= (MAX_EXCLUDED if clauses is plan.excluded else MAX_CLAUSES) or patterns >= MAX_PATTERNS:
        _not_searched(plan, [typed])
        return
    clauses.append(clause)


def _key(word: str) -> str:
    return word.lower().replace("'", "").replace("’", "")


def _is_question(q: str) -> bool:
    first = re.match(r"\W*([\w'’]+)", q)
    return q.strip().endswith("?") or bool(first and _key(first.group(1)) in QUESTION_WORDS)


def _is_advanced(m: re.Match) -> bool:
    word = m.group("word") or ""
    return bool(m.group("paren") or word in OPERATORS or m.group("field") or "^" in word)


def _add_topic(plan: Plan, taxonomy, value: str) -> None:
    name = resolve_topic(taxonomy, value)
    if name is None:
        if value[:MAX_WORD_CHARS] not in plan.unknown_topics:
            plan.unknown_topics.append(value[:MAX_WORD_CHARS])
    elif name not in plan.topics:
        plan.topics.append(name)


def _field_filter(plan: Plan, taxonomy, name: str, value: str) -> None:
    if name == "topic":
        _add_topic(plan, taxonomy, value)
        return
    found = period(value)
    if found is not None:
        _narrow(plan, found, name)


def _narrow(plan: Plan, found: tuple[date, date], cue: str) -> None:
    """Intersect the plan's From/To filters with what "<cue>:<period>" means (from:, since:, after:, before:,
    to:, date:)."""
    start, end = found
    if cue in ("since", "from"):
        end = None
    elif cue == "after":
        start, end = next_day(end, 1), None
    elif cue == "before":
        start, end = None, next_day(start, -1)
    elif cue == "to":
        start = None
    if start is not None and (plan.date_from is None or start > plan.date_from):
        plan.date_from = start
    if end is not None and (plan.date_to is None or end < plan.date_to):
        plan.date_to = end


def _plain(plan: Plan, tokens: list[re.Match]) -> list[str]:
    """Phrases and exclusions go to the plan; the plain words are returned in order."""
    words = []
    for m in tokens:
        excluded = m.group("sign") == "-"
        if m.group("phrase") is not None:
            text = " ".join(w[:MAX_WORD_CHARS] for w in m.group("phrase").split()[:MAX_PHRASE_WORDS])
            if text:
                _keep(plan, plan.excluded if excluded else plan.clauses, Clause(text, "phrase"), f'"{text}"')
            continue
        word = EDGE_PUNCT.sub("", m.group("word") or "")
        if not word:
            continue
        if excluded:
            _add_clause(plan, plan.excluded, word, None)
        else:
            words.append(word)
    return words


def _add_clause(plan: Plan, clauses: list[Clause], word: str, taxonomy) -> None:
    """Add a typed word as a word, prefix or fuzzy clause (with its topic terms), once; ignore bare
    symbols."""
    if word.endswith("*") and len(word.rstrip("*")) >= 2:
        _keep(plan, clauses, Clause(word.rstrip("*").lower()[:MAX_WORD_CHARS], "prefix"), word)
        return
    fuzzy = re.fullmatch(r"(\w.*?)~(\d?)", word)
    if fuzzy:
        maxdist = min(int(fuzzy.group(2) or 1), 2)
        _keep(plan, clauses, Clause(fuzzy.group(1)[:MAX_WORD_CHARS], "fuzzy", maxdist=maxdist), word)
        return
    word = word.strip("*~")[:MAX_WORD_CHARS]
    if not re.search(r"\w", word):
        return
    if any(c.kind == "word" and c.text.lower() == word.lower() for c in clauses):
        return  # a repeated word: its concept was looked up the first time
    _keep(plan, clauses, _word_clause(word, taxonomy), word)


def _word_clause(word: str, taxonomy) -> Clause:
    """A word (or a concept's term typed as several words) with its concept's other terms; a word spelt the
    American way ("digitization") also stands for its British spelling, the archives' own; a term of several
    words keeps each word as its own clause too (`term_words`), for partial matches."""
    british = british_spelling(word)
    concept = [] if taxonomy is None else (taxonomy.concept(british) if british else []) or taxonomy.concept(word)
    typed = {word.lower(), (british or "").lower()}
    clause = Clause(word, "word", expansions=[t for t in concept if t.lower() not in typed],
                    aliases=[british] if british else [])
    if " " in word:
        clause.term_words = [_word_clause(w, taxonomy) for w in word.split()]
    return clause


def british_spelling(word: str) -> str | None:
    """The British spelling of a word spelt the American way with -ize/-ization ("organization": "organisation"),
    or None: stemming keeps the two apart ("digitiz", "digitis")."""
    british = AMERICAN_Z.sub(lambda m: "is" + m.group(1)[2:], word)
    return british if british != word else None


def _names_topic(clause: Clause, taxonomy) -> None:
    """A word searched alone that is a topic's name or slug stands for the topic: it also matches the items
    tagged with it (the tag stands for the topic's whole term list, which is marked as related)."""
    topic = taxonomy.find(clause.text) if taxonomy is not None else None
    if topic is not None and topic is not getattr(taxonomy, "fallback", None):
        clause.topics = [topic.name]
