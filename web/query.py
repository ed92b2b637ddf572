"""Turning query-string arguments into a search, shared by the pages, the downloads and the API."""
from __future__ import annotations

from dataclasses import dataclass, replace

from flask import request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from kb import SearchRequest, SearchResult
from web.context import get_kb

SORTS = ("relevance", "date")
PAGE_SIZE = 10
MAX_LIMIT = 100
EXPORT_LIMIT = 1000
MAX_DROPS = 20  # readings one request may drop (one a clause at most)
LISTING_MAX = 1000  # updates on one page of /updates or /api/updates
SEARCH_ARGS = ("q", "topic", "from", "to", "sort", "as_typed", "drop")
DEFAULTS = {"sort": "relevance", "page": "1"}  # left out of URLs: a link says only what differs
MAX_QUERY_CHARS = 500  # characters of a search's words (q) at most: a longer one is refused (400), never echoed
MAX_ARG_CHARS = 200  # characters of any other argument (topic, from, to, sort...) at most
MAX_ARG_VALUES = 20  # values of one argument (topic=...&topic=...) at most
MAX_QUERY_STRING = 8192  # bytes of a URL's query string at most (q's 500 characters take up to 4,500 encoded)


def check_size() -> None:
    """400 for a URL whose query string, words or arguments pass the limits above (every page links to the
    search with its arguments: a 220 KB query made 13 MB pages); the message gives the lengths, not the text."""
    if len(request.query_string) > MAX_QUERY_STRING:
        raise BadRequest(f"The address's query is {len(request.query_string):,} bytes long; the limit is "
                         f"{MAX_QUERY_STRING:,}. Shorten the search.")
    for name in request.args:
        values = request.args.getlist(name)
        most = MAX_QUERY_CHARS if name == "q" else MAX_ARG_CHARS
        longest = max(len(v) for v in values)
        if longest > most:
            what = "The search" if name == "q" else f"The argument {name[:20]!r}"
            raise BadRequest(f"{what} is {longest:,} characters long; the limit is {most:,} characters: shorten it.")
        if len(values) > MAX_ARG_VALUES:
            raise BadRequest(f"The argument {name[:20]!r} is given {len(values):,} times; the limit is {MAX_ARG_VALUES}.")


def _positive_int(args: MultiDict, name: str, default: int, most: int) -> int:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9) or not 1 <= int(raw) <= most:
        raise BadRequest(f"{name!r} must be a whole number from 1 to {most}, not {raw[:40]!r}.")
    return int(raw)


@dataclass
class ListingPage:
    """One page of a listing: which page, how many per page, how many in all, and where the next one is."""

    page: int
    limit: int
    total: int
    endpoint: str
    default: int = PAGE_SIZE  # (left out of the page's links)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))

    def url(self, page: int, external: bool = False) -> str | None:
        """The URL of another page of the listing, None when there is no such page."""
        if not 1 <= page <= self.pages:
            return None
        args = {"page": page} if page > 1 else {}
        if self.limit != self.default:
            args["limit"] = self.limit
        return url_for(self.endpoint, _external=external, **args)


def limit_number(args: MultiDict, most: int) -> int:
    """The `limit` argument, from 1 to `most` (400 naming a bad one), `most` by default."""
    return _positive_int(args, "limit", most, most)


def page_number(args: MultiDict) -> int:
    """The `page` argument (400 naming a bad one), 1 by default."""
    return _positive_int(args, "page", 1, 100_000)


def listing_page(args: MultiDict, default: int, most: int = LISTING_MAX) -> ListingPage:
    """Read page and limit of a listing of updates (400 naming a bad one)."""
    limit = _positive_int(args, "limit", default, most)
    total = get_kb().update_count()
    return ListingPage(_positive_int(args, "page", 1, 100_000), limit, total, request.endpoint, default)


def search_request(args: MultiDict, limit: int = PAGE_SIZE, related: bool = False) -> SearchRequest:
    """Read q, topic (repeatable), from, to, sort, page, limit and related (its default given: the page fills
    a short page with related items, the API only when asked); raise BadRequest naming a bad one."""
    sort = (args.get("sort") or "relevance").strip()
    if sort not in SORTS:
        raise BadRequest(f"'sort' must be 'relevance' or 'date', not {sort[:40]!r}.")
    return replace(lenient_request(args), limit=_positive_int(args, "limit", limit, MAX_LIMIT),
                   page=_positive_int(args, "page", 1, 100_000), correct=not (args.get("as_typed") or "").strip(),
                   related=_flag(args, "related", related))


def _flag(args: MultiDict, name: str, default: bool) -> bool:
    """A yes/no argument: "0", "no" or "false" is no, any other value yes, none the default."""
    value = (args.get(name) or "").strip().lower()
    return default if not value else value not in ("0", "no", "false")


def lenient_request(args: MultiDict) -> SearchRequest:
    """The words and filters as typed, for showing the form again after an argument it could not read."""
    sort = (args.get("sort") or "").strip()
    return SearchRequest(
        q=(args.get("q") or "").strip(),
        topics=[t.strip() for t in args.getlist("topic") if t.strip()],
        date_from=(args.get("from") or "").strip() or None,
        date_to=(args.get("to") or "").strip() or None,
        sort=sort if sort in SORTS else "relevance",
        drop=list(dict.fromkeys(d.strip() for d in args.getlist("drop") if d.strip()))[:MAX_DROPS],
    )


def clean_args(args: MultiDict) -> MultiDict | None:
    """The arguments without empty values and defaults, when they hold any (else None): the URL to send
    the browser to, since a GET form sends every field, filled or not."""
    kept = MultiDict([(k, v) for k, v in args.items(multi=True) if v.strip() and DEFAULTS.get(k) != v.strip()])
    return kept if len(list(kept.items(multi=True))) < len(list(args.items(multi=True))) else None  # (each value
    # counted: a MultiDict's len counts names, and a repeated one, topic or drop, made every URL redirect to itself)


def run(request: SearchRequest) -> SearchResult:
    """Search the knowledge base; a filter it cannot understand (a bad date) is a 400."""
    try:
        return get_kb().search(request)
    except ValueError as e:
        raise BadRequest(str(e)) from e


def run_search(args: MultiDict, limit: int = PAGE_SIZE) -> SearchResult:
    """The search the arguments ask for."""
    return run(search_request(args, limit))


def run_export(args: MultiDict) -> tuple[SearchRequest, SearchResult]:
    """The same search with every hit (up to EXPORT_LIMIT) on one page, for downloads."""
    request = search_request(args)
    request.page, request.limit = 1, EXPORT_LIMIT
    return request, run(request)


def is_empty(args: MultiDict) -> bool:
    """True when nothing was asked (the front page)."""
    return not any((args.get(name) or "").strip() for name in SEARCH_ARGS)
