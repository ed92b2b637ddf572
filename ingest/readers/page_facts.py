"""What a saved page says about itself and its posts: its address, title and date, a post's date and byline,
and the real target of a wrapped link."""
from __future__ import annotations

import itertools
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import soupsieve as sv
from bs4 import BeautifulSoup, Tag

from vocab.dates import posting_date
from ingest.signature import names
from vocab.text import squash

_TITLE_PARAGRAPH = sv.compile("p.title, p.MsoTitle")
_STAMP_SELECTOR = sv.compile("[itemprop=datePublished], abbr.published, .published[title]")
_TIME_SELECTOR = sv.compile("time[datetime]")
_AUTHOR_KEY = re.compile(r'"author"\s*:\s*')
_LD_PERSON = re.compile(r'\{\s*"@type"\s*:\s*"Person"\s*,\s*"name"\s*:\s*"([^"]{1,80})"')
_DATE_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{10,40})"')
_AUTHOR_SELECTORS = [sv.compile(s) for s in (".byline .author, [rel=author], .entry-author", ".post-author .fn",
                                             ".post-author, .byline a, a[href*=\"/author/\"]")]
_DATE_TEXT_SELECTOR = sv.compile(".entry-date, .published, .posted-on, .post-date, .date, time")
_BYLINE_HOLDER = sv.compile(".byline, .authors, .post-author")
_BYLINE_WORDS = re.compile(r"(?i:\bby\b|\band\b)|[\s,&·|/–—-]+")
_GOOGLE = ("www.google.com", "google.com")
_SAFELINKS = ".safelinks.protection.outlook.com"


def title_paragraph(root: Tag) -> str | None:
    """The text of a word processor's Title paragraph (Google Docs' `p.title`, Word's `p.MsoTitle`), taken
    out of the body: the document's title, as its Heading 1 paragraphs are its sections."""
    tag = _TITLE_PARAGRAPH.select_one(root)
    title = squash(tag.get_text(" ")) if tag is not None else ""
    if tag is not None and title:
        tag.decompose()
    return title or None


def page_url(soup: BeautifulSoup) -> str | None:
    """The page's own address: <link rel=canonical>, else <meta property=og:url>."""
    link = soup.find("link", rel="canonical", href=True)
    if link is not None:
        return link["href"].strip() or None
    meta = soup.find("meta", attrs={"property": "og:url"})
    return (meta.get("content") or "").strip() or None if meta is not None else None


def base_url(soup: BeautifulSoup) -> str | None:
    """The page's <base href>."""
    base = soup.find("base", href=True)
    return base["href"].strip() or None if base is not None else None


def byline(post: Tag) -> list[str]:
    """The people a post's byline names (WordPress's `.byline .author`, `rel="author"`, each link of a `.byline`:
    "Jo Smith" and "Amir Khan" of `<a>Jo Smith</a><a>Amir Khan</a>`), else []."""
    for selector in _AUTHOR_SELECTORS:  # in this order: the most precise first
        found = selector.select(post)
        if found:
            people = [person for tag in found for person in (names(squash(tag.get_text(" "))) or [])]
            return list(dict.fromkeys(people))
    return []


def take_byline(root: Tag) -> list[str]:
    """The people a page's byline names, its element taken out of the text when it holds nothing but their
    names ("By Jo Smith and Amir Khan"): it is the update's authors, not a line of its introduction."""
    people = byline(root)
    holder = _BYLINE_HOLDER.select_one(root) if people else None
    if holder is not None:
        rest = squash(holder.get_text(" "))
        for person in people:
            rest = rest.replace(person, " ")
        if not _BYLINE_WORDS.sub("", rest):
            holder.decompose()
    return people


def content_root(soup: BeautifulSoup) -> Tag | None:
    """The element holding the text of a built page that marks none (no <main>, no <article>): the lowest
    ancestor of its only <h1> that holds at least two thirds of the page's text, so that the site's top bar,
    menus, logos and footer around it are left out; None when there is no such element."""
    body = soup.body or soup
    h1 = soup.find_all("h1", limit=2)
    if len(h1) != 1:
        return None
    line = [parent for parent in h1[0].parents if parent is not body and parent.name not in ("html", "[document]")]
    if not line:
        return None
    weight = {id(parent): 0 for parent in line}
    total = 0
    for text in body.find_all(string=True):
        size = len(text.strip())
        if not size or type(text).__name__ != "NavigableString":
            continue
        total += size
        holder = next((p for p in text.parents if id(p) in weight or p is body), None)
        if holder is not None and id(holder) in weight:
            weight[id(holder)] += size
    held = 0
    for parent in line:  # lowest first: each one holds what its children on the line hold
        held += weight[id(parent)]
        if total and held * 3 >= total * 2:
            return parent
    return None


def time_of(tag: Tag) -> date | None:
    """The publication date of a post: <time datetime>, else a dated .entry-date/.published/.posted-on text."""
    for time in _TIME_SELECTOR.select(tag):
        value = time.get("datetime", "")[:10]
        try:
            return date.fromisoformat(value)
        except ValueError:
            found = posting_date(squash(time.get_text(" ")))
            if found:
                return found
    for meta in _DATE_TEXT_SELECTOR.select(tag):
        found = posting_date(squash(meta.get_text(" ")))
        if found:
            return found
    for stamp in _STAMP_SELECTOR.select(tag):  # Blogger's <abbr class="published" title="2024-03-26T18:42:00Z">
        found = _iso_day(stamp.get("content") or stamp.get("title") or "")
        if found:
            return found
    return None


def _iso_day(value: str) -> date | None:
    """The day of an ISO date or timestamp ("2024-03-26T18:42:00Z"), else None."""
    try:
        return date.fromisoformat(value.strip()[:10]) if re.match(r"\d{4}-\d\d-\d\d", value.strip()) else None
    except ValueError:
        return None


def page_date(soup: BeautifulSoup, html: str = "") -> date | None:
    """The page's own publication date from <meta> tags (article:published_time, date, DC.date, GOV.UK's
    govuk:first-published-at), else its structured data's datePublished (JSON-LD), else its only
    <time datetime> (a built page's date line)."""
    return _meta_date(soup) or _structured_date(html) or _sole_time(soup)


def structured_authors(html: str) -> list[str]:
    """The people a page's structured data names as its authors (JSON-LD "author" objects of @type Person, read
    from the page as written), else []."""
    people: list[str] = []
    for found in itertools.islice(_AUTHOR_KEY.finditer(html), 20):  # a hostile page's thousands: the first few
        value = html[found.end():found.end() + 600].split("]", 1)[0]
        for person in _LD_PERSON.finditer(value):
            people.extend(names(person.group(1)) or [])
    return list(dict.fromkeys(people))


def _structured_date(html: str) -> date | None:
    """The datePublished of the page's structured data (JSON-LD of an Article, a BlogPosting), else None (read
    from the page as written: its scripts are gone from the parsed page)."""
    found = _DATE_PUBLISHED.search(html)
    return _iso_day(found.group(1)) if found else None


def _sole_time(soup: BeautifulSoup) -> date | None:
    """The day of the page's only <time datetime> (more than one: an events page's, none is the page's)."""
    times = _TIME_SELECTOR.select(soup, limit=2)
    return _iso_day(times[0].get("datetime", "")) if len(times) == 1 else None


def _meta_date(soup: BeautifulSoup) -> date | None:
    """The page's publication date from <meta> tags."""
    for name in ("article:published_time", "og:published_time", "date", "dc.date", "DC.date", "dcterms.date",
                 "dcterms.issued", "pubdate", "govuk:first-published-at"):
        meta = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if meta and meta.get("content"):
            try:
                return date.fromisoformat(meta["content"][:10])
            except ValueError:
                continue
    return None


def page_title(soup: BeautifulSoup) -> str | None:
    """The page's <title>, without a " | Site name" tail."""
    if soup.title and soup.title.string:
        return re.split(r"\s+[|–—-]\s+", squash(soup.title.string))[0] or None
    return None


def unwrap(url: str) -> str:
    """The target of a redirect wrapper a document export or mail filter puts round links (Google Docs'
    google.com/url?q=..., Outlook's safelinks ...?url=...), else the URL itself."""
    parts = urlsplit(url)
    key = "q" if parts.netloc in _GOOGLE and parts.path == "/url" else "url" if parts.netloc.endswith(_SAFELINKS) else None
    target = (parse_qs(parts.query).get(key) or [""])[0] if key else ""
    return target if re.match(r"https?://", target) else url
