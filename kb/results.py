"""A search's request and result: what the face takes and gives back (plain dataclasses)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from vocab.models import Item


@dataclass
class Hit:
    """One search result: the item, its score, and a snippet (HTML-escaped text, matches in <mark>)."""

    item: Item
    score: float
    snippet: str
    partial: bool = False  # matches only some of the query's words
    matched_through: list[str] = field(default_factory=list)  # related terms it was found through
    related: bool = False  # holds none of the query's words: shares the key words of the best matches
    widened: bool = False  # matches every word, some only through a related term (a concept's, a topic's)
    other_date: bool = False  # outside the period a date read from the words names (listed after those in it)

    def to_dict(self) -> dict:
        """The item's JSON with `score`, `snippet`, `partial`, `matched_through`, `related`, `widened` and
        `other_date` added."""
        return {**self.item.to_dict(), "score": round(self.score, 4), "snippet": self.snippet,
                "partial": self.partial, "matched_through": list(self.matched_through), "related": self.related,
                "widened": self.widened, "other_date": self.other_date}


@dataclass
class TimelineEntry:
    """One dated line of a search's answer block: the item's sentence that best answers the query."""

    date: str
    item_id: str
    update_title: str
    number: int
    heading: str | None
    sentence: str  # plain text, not escaped
    thread: str | None = None  # the thread it belongs to with other entries (its heading), if any
    follows: str | None = None  # the item id of the thread's entry before this one

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return asdict(self)


@dataclass
class SearchRequest:
    """What a member, the CLI or the API asked for; dates are as typed ("2020-04-01", "March 2020")."""

    q: str = ""
    topics: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"  # or "date"
    limit: int = 10
    page: int = 1
    correct: bool = True  # a word no item holds is read as the closest word items hold (see QueryReading)
    related: bool = False  # fill a page the matches leave short with items like the best matches (the web page does)
    drop: list[str] = field(default_factory=list)  # readings not to apply: "date", "widen:<word>" (QueryReading.drop)


@dataclass
class QueryReading:
    """One way the words were read beyond their letter (a date, a corrected spelling, a concept, a topic, an
    organisation's other names), shown with the request that drops it."""

    kind: str  # "date" | "spelling" | "concept" | "topic" | "names"
    typed: str  # the words as typed: "in May", "furlogh", "furlough", "Arts Council"
    means: str  # what they were read as: "May 2021", "furlough", the topic the word names (concept, topic: "" for
    # none), the organisation's name
    terms: list[str] = field(default_factory=list)  # what a widening also searches: a concept's other terms, an
    # organisation's other names
    drop: str = ""  # the SearchRequest.drop entry that searches without it ("" for a spelling: correct=False)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class DateChoice:
    """Another year a month typed without one may mean, and the query naming it."""

    year: int
    start: date
    end: date
    q: str

    def to_dict(self) -> dict:
        return {"year": self.year, "from": self.start.isoformat(), "to": self.end.isoformat(), "q": self.q}


@dataclass
class Dated:
    """A period read from the query's words ("in May", "since March 2021", "in 2025"): items dated in it or
    mentioning a date in it rank first, the others follow under "Other dates". It never filters."""

    typed: str  # "in May"
    start: date | None  # None: open (before ...)
    end: date | None  # None: open (since ...)
    years: list[DateChoice] = field(default_factory=list)  # for a month typed without a year: each year it may
    # mean (the one read too), newest first
    year: int | None = None  # a whole year typed ("2025"): items naming the year count as in it

    @property
    def choices(self) -> list[DateChoice]:
        """The other years a month typed without one may mean."""
        return [c for c in self.years if (c.start, c.end) != (self.start, self.end)]

    @property
    def label(self) -> str:
        """The period in words: "May 2021", "2025", "from 1 March 2021", "1 March to 30 April 2021"."""
        return period_label(self.start, self.end)

    def to_dict(self) -> dict:
        return {"typed": self.typed, "from": self.start.isoformat() if self.start else None,
                "to": self.end.isoformat() if self.end else None, "label": self.label,
                "choices": [c.to_dict() for c in self.choices]}


def period_label(start: date | None, end: date | None) -> str:
    """A period in words: a whole month or year by its name, else its first and last days."""
    day = lambda d: f"{d.day} {d:%B %Y}"  # noqa: E731
    if start and end and start.day == 1 and (end + timedelta(days=1)).day == 1:
        if start.month == 1 and end.month == 12 and start.year == end.year:
            return str(start.year)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start:%B %Y}"
    if start and end:
        return day(start) if start == end else f"{day(start)} to {day(end)}"
    return f"from {day(start)}" if start else f"up to {day(end)}" if end else "any date"


@dataclass
class Understood:
    """What the query was taken to mean: the words searched, every reading applied, the filters, the counts."""

    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    expanded: dict[str, list[str]] = field(default_factory=dict)  # word -> its concept's other terms
    concepts: dict[str, list[str]] = field(default_factory=dict)  # word -> the topic it names
    syntax: str | None = None  # the query in the index's own syntax, when operators were used
    topics: list[str] = field(default_factory=list)  # topic filters
    unknown_topics: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)  # org: filters
    unknown_organisations: list[str] = field(default_factory=list)
    named_organisations: dict[str, list[str]] = field(default_factory=dict)  # words -> the organisation they name
    date_from: date | None = None  # the From/To filters (the request's, or from:, after:, before: ...)
    date_to: date | None = None
    dated: Dated | None = None  # a period read from the words: ranks, never filters
    undated: str | None = None  # date words the request asked not to read as a date (drop "date"): not searched
    dropped: list[str] = field(default_factory=list)  # the readings the request dropped (SearchRequest.drop)
    readings: list[QueryReading] = field(default_factory=list)
    question: bool = False
    match: str = "all words"  # "all words", "all words, then some", "plain words"
    matched_all: int | None = None
    not_searched: list[str] = field(default_factory=list)  # typed words past the query's bounds
    too_common: list[str] = field(default_factory=list)  # words too common to be indexed ("the")

    def to_dict(self) -> dict:
        """The `understood` object of the JSON."""
        out = {name: getattr(self, name) for name in self.__dataclass_fields__ if name not in (
            "date_from", "date_to", "dated", "readings")}
        out["from"] = self.date_from.isoformat() if self.date_from else None
        out["to"] = self.date_to.isoformat() if self.date_to else None
        out["dated"] = self.dated.to_dict() if self.dated else None
        out["readings"] = [r.to_dict() for r in self.readings]
        return out


@dataclass
class SearchResult:
    """A page of hits with what the query was understood to mean."""

    query: str
    total: int  # items matching every word (a word's related terms included)
    hits: list[Hit] = field(default_factory=list)
    suggestion: str | None = None
    total_partial: int = 0  # more items matching only some of the words
    total_widened: int = 0  # of `total`, those holding some word only through a related term
    total_other_dates: int = 0  # of `total`, those outside the period read from the words (Understood.dated)
    found_through: list[str] = field(default_factory=list)  # the related terms those of total_widened hold
    corrected_from: str | None = None  # the query as typed, when its suggested spelling was searched
    timeline: list[TimelineEntry] = field(default_factory=list)
    facets: dict[str, int] = field(default_factory=dict)  # topic name -> matching items
    organisation_facets: dict[str, int] = field(default_factory=dict)  # organisation name -> matching items
    understood: Understood = field(default_factory=Understood)  # the words searched, the readings, the filters
    page: int = 1
    limit: int = 10

    def headline(self) -> str:
        """The count in words, honest about how items were found: "6 items say “furlough”; 3 more say Job
        Retention Scheme or CJRS" (never counting those found through a related term as saying the words)."""
        u = self.understood
        words = [f"“{w}”" for w in u.words + u.phrases]
        if not self.total:
            return "No item matches all your words"
        if u.syntax or not words:
            return f"{_items(self.total)} {'matches' if self.total == 1 else 'match'}" + (" your query" if u.syntax else "")
        what = words[0] if len(words) == 1 else " and ".join(words) if len(words) == 2 else "all your words"
        said = self.total - self.total_widened
        verb = ("holds" if said == 1 else "hold") if len(words) > 2 else ("says" if said == 1 else "say")
        out = f"{_items(said)} {verb} {what}" if said else f"No item {'holds' if len(words) > 2 else 'says'} {what}"
        if self.total_widened:
            out += f"; {self.total_widened} {'more' if said else _items(self.total_widened).split(' ', 1)[1]} " + _through(
                self.found_through, self.total_widened)
        return out

    def to_dict(self) -> dict:
        """The JSON object of `kb search --json` and `GET /api/search`."""
        return {
            "query": self.query,
            "total": self.total,
            "total_partial": self.total_partial,
            "total_widened": self.total_widened,
            "total_other_dates": self.total_other_dates,
            "found_through": self.found_through,
            "suggestion": self.suggestion,
            "corrected_from": self.corrected_from,
            "page": self.page,
            "limit": self.limit,
            "understood": self.understood.to_dict(),
            "facets": self.facets,
            "organisation_facets": self.organisation_facets,
            "timeline": [entry.to_dict() for entry in self.timeline],
            "results": [hit.to_dict() for hit in self.hits],
        }


def _items(n: int) -> str:
    return f"{n} item" + ("" if n == 1 else "s")


def _through(terms: list[str], n: int) -> str:
    """What items found only through related terms hold: "say Job Retention Scheme or CJRS", "are tagged ..."."""
    words = [t for t in terms if not t.startswith("topic ")]
    tagged = [t[len("topic "):] for t in terms if t.startswith("topic ")]
    if words:
        shown = " or ".join(words[:3]) + (" …" if len(words) > 3 else "")
        return f"{'says' if n == 1 else 'say'} {shown}"
    if tagged:
        return f"{'is' if n == 1 else 'are'} tagged {' or '.join(tagged)}"
    return "through a related term"
