"""What a saved page says about itself and its posts: its address, title and date, a post's date and byline,
and the real target of a wrapped link."""
from __future__ import annotations

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
_AUTHOR_SELECTORS = [sv.compile(s) for s in (".byline .author, [rel=author], .entry-author", ".post-author .fn",
                                             ".post-author, .byline a, a[href*=\"/author/\"]")]
_DATE_TEXT_SELECTOR = sv.compile(".entry-date, .published, .posted-on, .post-date, .date, time")
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
    """The people a post's byline names (WordPress's `.byline .author`, `rel="author"`), else []."""
    for selector in _AUTHOR_SELECTORS:  # in this order: the most precise first
        found = selector.select_one(post)
        if found is not None:
            return names(squash(found.get_text(" "))) or []
    return []


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


def page_date(soup: BeautifulSoup) -> date | None:
    """The page's own publication date from <meta> tags (article:published_time, date, DC.date, GOV.UK's
    govuk:first-published-at)."""
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
