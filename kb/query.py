"""What a search asks for: words, phrases, exclusions, topic and date filters, taken from the query
text (including natural questions) and the request's own filters. Pure: no index access."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable

from kb.errors import QueryError
from kb.results import SearchRequest
from vocab.vocabulary import Vocabulary

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
DATE_CUES = {"in", "during", "on", "of", "throughout", "since", "after", "from", "before", "until", "till",
             "by", "to", "between", "last"}
MONTHS = {name: n for n, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")], start=1) for name in names}
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
MAX_LEFT_OUT_SHOWN = 20
MAX_DATE_CHOICES = 10  # other years offered for a month named without one
MAX_CONCEPT_WORDS = 4  # the longest run of query words looked up as one concept term ("coronavirus job retention scheme")
PATTERN_CHARS = set("*?~[]{}")
AMERICAN_Z = re.compile(r"(?<=\w{3})(iz(?:e|es|ed|ing|ation|ations|er|ers))$", re.IGNORECASE)
FIELD_NAME = re.compile(r"(?<![\w:])[A-Za-z_]+:(?=\S)")  # `tag:`, `heading:` before a value
LONG_WORD = re.compile(r"\S{%d,}" % (MAX_WORD_CHARS + 1))



@dataclass
class Clause:
    """One thing to match: a word, a "quoted phrase", a prefix (`word*`) or a fuzzy word (`word~`)."""

    text: str
    kind: str = "word"  # word | phrase | prefix | fuzzy | month
    maxdist: int = 1  # for fuzzy words
    expansions: list[str] = field(default_factory=list)  # terms of the word's concept, or its topic's
    topics: list[str] = field(default_factory=list)  # the topic the word names, when searched alone
    aliases: list[str] = field(default_factory=list)  # other names of the organisation the word names
    organisations: list[str] = field(default_factory=list)  # the organisation the words name (its canonical name)
    apart: list["Clause"] = field(default_factory=list)  # each word of a concept's term typed as several words
    months: list[int] = field(default_factory=list)  # for a month typed after a date cue: the months of the year meant

    @property
    def words(self) -> list[str]:
        """The words a partial match may hold some of: each word of a concept's term typed as several."""
        return [c.text for c in self.apart] or [self.text]


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
    date_from: date | None = None
    date_to: date | None = None
    date_phrase: str | None = None  # the words of the question that set the dates
    question: bool = False
    fallback: bool = False  # set when the advanced syntax could not be used
    left_out: list[str] = field(default_factory=list)  # words not searched: past the bounds above
    date_choices: list[dict] = field(default_factory=list)  # other years a month without a year may mean
    dates_as_words: str | None = None  # a date phrase searched as words, since as a filter it left nothing

    @property
    def paddable(self) -> bool:
        """Partial matches may fill the page: plain words only, at least two of them, not all months (an item
        holding only "in May" of "reopening in May" is no answer)."""
        return (self.advanced is None and sum(len(c.words) for c in self.clauses) >= 2
                and all(c.kind != "phrase" for c in self.clauses) and any(c.kind != "month" for c in self.clauses))

    @property
    def has_words(self) -> bool:
        return bool(self.clauses or self.advanced)

    def understood(self, matched_all: int | None = None, padded: bool = False) -> dict:
        """What the query was taken to mean, for people and scripts."""
        return {
            "words": [c.text for c in self.clauses if c.kind != "phrase"],
            "phrases": [c.text for c in self.clauses if c.kind == "phrase"],
            "excluded": [c.text for c in self.excluded],
            "expanded": {c.text: c.expansions for c in self.clauses if c.expansions},
            "concepts": {c.text: c.topics for c in self.clauses if c.topics},
            "syntax": self.advanced,
            "topics": self.topics,
            "unknown_topics": self.unknown_topics,
            "organisations": self.organisations,
            "unknown_organisations": self.unknown_organisations,
            "named_organisations": {c.text: c.organisations for c in self.clauses if c.organisations},
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "date_phrase": self.date_phrase,
            "question": self.question,
            "match": "all words, then some" if padded else ("plain words" if self.fallback else "all words"),
            "matched_all": matched_all,
            "left_out": self.left_out,
            "date_choices": self.date_choices,
            "dates_as_words": self.dates_as_words,
        }


@dataclass
class ArchiveFacts:
    """What interpreting a query may know of the archive: its date range (for a month without a year) and
    whether the index's parser understands a query in its own syntax."""

    first: date | None = None
    last: date | None = None
    parses: Callable[[str], bool] | None = None


def period(text: str) -> tuple[date, date] | None:
    """The first and last day a typed date means ("2020-04-01", "March 2020", "2021"), or None."""
    from vocab.dates import parse_period

    try:
        return parse_period(text)
    except Exception:  # a date parser must never turn a search into an error
        return None


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


def interpret(request: SearchRequest, vocabulary: Vocabulary | None = None, archive: ArchiveFacts | None = None,
              read_dates: bool = True) -> Plan:
    """The final plan for a search request (QueryError for a bad or reversed --from/--to); the vocabulary's
    topics widen a word to its concept, and its organisations make a run of words that names an organisation
    one clause for every name of it; without `read_dates`, or when the archive has no such month, a month in
    the query text ("in September") is searched as the month items speak of (named or dated in their text),
    not as a filter."""
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
        _leave_out(plan, cut.split())
        return plan
    words = _plain(plan, rest)
    if read_dates:
        _take_dates(plan, words, archive)
    _take_months(plan, words)  # a month left (the archive has none such, or not `read_dates`): as items mention it
    _choice_queries(plan, q)
    plan.question = _is_question(q)
    words = [w for w in words if not (plan.question and _key(w) in FILLER)]
    for text, org in organisation_words(words, organisations):
        if org is None:
            for run in concept_words(text.split(), taxonomy):
                _add_clause(plan, plan.clauses, run, taxonomy)
        else:
            aliases = [t for t, _ in org.spellings() if t.casefold() != text.casefold()]
            _keep(plan, plan.clauses, Clause(text, "word", aliases=aliases, organisations=[org.name]), text)
    if len(words) == 1 and not plan.excluded and plan.clauses and plan.clauses[0].kind == "word":
        _names_topic(plan.clauses[0], taxonomy)
    _leave_out(plan, cut.split())
    return plan


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
    from vocab.organisations import MAX_NAME_WORDS

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


def _leave_out(plan: Plan, words: list[str]) -> None:
    """Note words that are not searched (the first few, each once)."""
    searched = {c.text.lower() for c in plan.clauses}
    for word in words:
        if len(plan.left_out) >= MAX_LEFT_OUT_SHOWN:
            return
        word = word[:MAX_WORD_CHARS]
        if word not in plan.left_out and word.lower() not in searched:
            plan.left_out.append(word)


def _keep(plan: Plan, clauses: list[Clause], clause: Clause, typed: str) -> None:
    """Add a clause unless the same one is there already; past the bound, leave it out."""
    key = (clause.kind, clause.text.lower(), clause.maxdist)
    if any((c.kind, c.text.lower(), c.maxdist) == key for c in clauses):
        return
    patterns = sum(1 for c in clauses if c.kind in ("prefix", "fuzzy")) if clause.kind in ("prefix", "fuzzy") else 0
    if len(clauses) >= (MAX_EXCLUDED if clauses is plan.excluded else MAX_CLAUSES) or patterns >= MAX_PATTERNS:
        _leave_out(plan, [typed])
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
        _narrow(plan, found, name, value)


def _next_day(day: date, step: int) -> date:
    """The day after (or before) `day`; QueryError at the ends of the calendar."""
    try:
        return day + timedelta(days=step)
    except OverflowError:
        cue = "after" if step > 0 else "before"
        raise QueryError(f"there is no day {cue} {day.isoformat()}: nothing can be dated {cue} it") from None


def _narrow(plan: Plan, found: tuple[date, date], cue: str, phrase: str) -> None:
    """Intersect the plan's dates with what "<cue> <period>" means."""
    start, end = found
    if cue in ("since", "from"):
        end = None
    elif cue == "after":
        start, end = _next_day(end, 1), None
    elif cue == "before":
        start, end = None, _next_day(start, -1)
    elif cue in ("until", "till", "by", "to"):
        start = None
    if start is not None and (plan.date_from is None or start > plan.date_from):
        plan.date_from = start
    if end is not None and (plan.date_to is None or end < plan.date_to):
        plan.date_to = end
    plan.date_phrase = f"{plan.date_phrase} {phrase}".strip() if plan.date_phrase else phrase


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


def _take_dates(plan: Plan, words: list[str], archive: ArchiveFacts) -> None:
    """Remove "in April 2020", "since May", "between March and May 2020"... and filter by them."""
    i = 0
    while i < len(words):
        cue = words[i].lower()
        taken = _date_after(plan, words, i + 1, archive) if cue in DATE_CUES else None
        if taken is None:
            i += 1
            continue
        found, n = taken
        joiner = words[i + n + 1].lower() if i + n + 1 < len(words) else ""
        if (cue, joiner) in (("between", "and"), ("from", "to"), ("from", "until")):
            later = _date_after(plan, words, i + n + 2, archive)
            if later is not None:
                end = i + n + 2 + later[1]
                _narrow(plan, (found[0], later[0][1]), "in", " ".join(words[i:end]))
                del words[i:end]
                continue
        _narrow(plan, found, "in" if cue in ("of", "throughout", "during", "on", "between", "last") else cue,
                " ".join(words[i:i + n + 1]))
        del words[i:i + n + 1]


def _take_months(plan: Plan, words: list[str]) -> None:
    """Remove "in May", "between March and May"... and look for items mentioning those months instead."""
    i = 0
    while i + 1 < len(words):
        first = _month_number(words[i + 1]) if words[i].lower() in DATE_CUES else None
        if first is None:
            i += 1
            continue
        n, last = 2, first
        if i + 3 < len(words) and words[i + 2].lower() in ("and", "to", "until", "till"):
            last, n = _month_number(words[i + 3]) or first, 4 if _month_number(words[i + 3]) else 2
        span = list(range(first, last + 1)) if first <= last else list(range(first, 13)) + list(range(1, last + 1))
        phrase = " ".join(w.rstrip(".,;:?!") for w in words[i + 1:i + n])
        _keep(plan, plan.clauses, Clause(phrase, "month", months=span), phrase)
        del words[i:i + n]


def _month_number(word: str) -> int | None:
    """The month a word names in full ("may", "September"), else None (a short form may be a word: "mar")."""
    word = word.rstrip(".,;:?!").lower()
    number = MONTHS.get(word)
    full = len(word) >= 5 or word in ("may", "june", "july")
    return number if full else None


def _date_after(plan: Plan, words: list[str], start: int, archive: ArchiveFacts) -> tuple[tuple[date, date], int] | None:
    """The longest run of up to four words from `start` that names a date, and its length."""
    for n in range(min(4, len(words) - start), 0, -1):
        span = " ".join(words[start:start + n]).rstrip(".,;:?!")
        if any(ch.isdigit() for ch in span):
            found = period(span)
            if found is not None:
                return found, n
    if start < len(words):
        found = _month(plan, words[start].rstrip(".,;:?!"), archive)
        if found is not None:
            return found, 1
    return None


def _month(plan: Plan, word: str, archive: ArchiveFacts) -> tuple[date, date] | None:
    """A month named without a year: its most recent occurrence within the archive's dates (the other
    years that have it become plan.date_choices); None when the archive has no such month."""
    month = MONTHS.get(word.lower())
    if month is None or archive.first is None or archive.last is None:
        return None
    found = []
    for year in range(archive.last.year, archive.first.year - 1, -1):
        start = date(year, month, 1)
        end = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
        if start <= archive.last and end >= archive.first:
            found.append((start, end))
    if not found:
        return None
    for start, end in found[1:MAX_DATE_CHOICES + 1]:
        plan.date_choices.append({"typed": word, "year": start.year, "from": start.isoformat(), "to": end.isoformat()})
    return found[0]


def _choice_queries(plan: Plan, q: str) -> None:
    """Each date choice's query: the typed month with its year added."""
    for choice in plan.date_choices:
        choice["q"] = re.sub(rf"(?<!\w){re.escape(choice['typed'])}(?!\w)", f"{choice['typed']} {choice['year']}", q, count=1)


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
    words keeps each word as its own clause too (`apart`), for partial matches."""
    british = british_spelling(word)
    concept = [] if taxonomy is None else (taxonomy.concept(british) if british else []) or taxonomy.concept(word)
    typed = {word.lower(), (british or "").lower()}
    clause = Clause(word, "word", expansions=[t for t in concept if t.lower() not in typed],
                    aliases=[british] if british else [])
    if " " in word:
        clause.apart = [_word_clause(w, taxonomy) for w in word.split()]
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
