"""A search's request and result: what the face takes and gives back (plain dataclasses)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

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

    def to_dict(self) -> dict:
        """The item's JSON with `score`, `snippet`, `partial`, `matched_through` and `related` added."""
        return {**self.item.to_dict(), "score": round(self.score, 4), "snippet": self.snippet,
                "partial": self.partial, "matched_through": list(self.matched_through), "related": self.related}


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
    correct: bool = True  # a query finding nothing is answered with its suggested spelling's results
    related: bool = False  # fill a page the matches leave short with items like the best matches (the web page does)


@dataclass
class SearchResult:
    """A page of hits with what the query was understood to mean."""

    query: str
    total: int  # items matching every word
    hits: list[Hit] = field(default_factory=list)
    suggestion: str | None = None
    total_partial: int = 0  # more items matching only some of the words (a padded query)
    corrected_from: str | None = None  # the query as typed, when its suggested spelling was searched
    timeline: list[TimelineEntry] = field(default_factory=list)
    facets: dict[str, int] = field(default_factory=dict)  # topic name -> matching items
    organisation_facets: dict[str, int] = field(default_factory=dict)  # organisation name -> matching items
    understood: dict = field(default_factory=dict)  # words searched, filters taken from the question
    page: int = 1
    limit: int = 10

    def to_dict(self) -> dict:
        """The JSON object of `kb search --json` and `GET /api/search`."""
        return {
            "query": self.query,
            "total": self.total,
            "total_partial": self.total_partial,
            "suggestion": self.suggestion,
            "corrected_from": self.corrected_from,
            "page": self.page,
            "limit": self.limit,
            "understood": self.understood,
            "facets": self.facets,
            "organisation_facets": self.organisation_facets,
            "timeline": [entry.to_dict() for entry in self.timeline],
            "results": [hit.to_dict() for hit in self.hits],
        }
