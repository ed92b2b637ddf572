"""Fetching pages for `kb ingest URL`: HTTP(S) only, a clear user agent, a timeout and a size cap; with
`follow_next`, the pages that rel="next" or "Older posts" links lead to."""
from __future__ import annotations

import re
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Iterator
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from vocab.models import IngestError

TIMEOUT = 20  # seconds to wait for the server at each step
MAX_PAGE_BYTES = 5 * 1024 * 1024  # the same cap as an upload
TOTAL_TIMEOUTS = 3  # a whole page must arrive within this many timeouts
CHUNK = 64 * 1024
_NEXT_TEXT = re.compile(r"^[«‹←<\s]*(?:older (?:posts|entries|news|articles|updates)|next page|next)[\s»›→>]*$", re.I)


def user_agent() -> str:
    """What sector-kb calls itself to the servers it fetches from."""
    try:
        own = version("sector-kb")
    except PackageNotFoundError:
        own = "dev"
    return f"sector-kb/{own} (+README)"


@dataclass
class Page:
    """A fetched page: the address it was fetched from (after redirects), its bytes and a file name for it."""

    url: str
    data: bytes
    name: str


def is_url(text: str) -> bool:
    """True for anything written as an address with a scheme ("https://...", "ftp://..."), not a file path."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text))


def fetch(url: str, timeout: float = TIMEOUT, limit: int = MAX_PAGE_BYTES) -> Page:
    """One page over HTTP(S); IngestError naming the address for anything that goes wrong."""
    if urlsplit(url).scheme.lower() not in ("http", "https") or not urlsplit(url).netloc:
        raise IngestError(url, "only http:// and https:// addresses can be fetched")
    request = urllib.request.Request(url, headers={"User-Agent": user_agent(), "Accept": "text/html,*/*;q=0.5"})
    try:
        with urllib.request.build_opener(_HTTPOnlyRedirects).open(request, timeout=timeout) as response:
            final = response.geturl()
            data = _read(response, url, limit, time.monotonic() + timeout * TOTAL_TIMEOUTS)
    except IngestError:
        raise
    except urllib.error.HTTPError as e:
        raise IngestError(url, f"the server answered {e.code} {e.reason}") from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise IngestError(url, f"no answer within {timeout:g} seconds") from None
        raise IngestError(url, f"could not be fetched: {getattr(reason, 'strerror', None) or reason}") from None
    except (socket.timeout, TimeoutError):
        raise IngestError(url, f"no answer within {timeout:g} seconds") from None
    except (OSError, ValueError) as e:
        raise IngestError(url, f"could not be fetched: {e}") from None
    if len(data) > limit:
        raise IngestError(url, f"the page is larger than the {limit:,} bytes a page may have; refused")
    return Page(final, data, page_name(final))


class _HTTPOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) addresses only (urllib's own would also follow ftp://)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise IngestError(req.full_url, f"redirected to {newurl}, which is not an http(s) address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read(response, url: str, limit: int, deadline: float) -> bytes:
    """The body, read in chunks: refused past `limit` bytes or past the deadline (a server that trickles)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(min(CHUNK, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            break
        if time.monotonic() > deadline:
            raise IngestError(url, "the page took too long to arrive; refused")
    return b"".join(chunks)


def page_name(url: str) -> str:
    """A file name for a fetched page: its host and path as one slug ("example.org-news-page-2.html")."""
    parts = urlsplit(url)
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", f"{parts.netloc}{parts.path}{'-' + parts.query if parts.query else ''}")
    slug = slug.strip("-.")[:120] or "page"
    return slug if slug.lower().endswith((".html", ".htm")) else f"{slug}.html"


def next_link(data: bytes, base: str) -> str | None:
    """The address of the page after this one: <link rel="next">, <a rel="next">, else an "Older posts" link."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        root = lxml.html.fromstring(text)
    except (etree.ParserError, ValueError):
        try:
            root = lxml.html.fromstring(data)
        except (etree.ParserError, ValueError):
            return None
    candidates = [el for el in root.iter("link", "a") if "next" in (el.get("rel") or "").lower().split()]
    candidates += [a for a in root.iter("a") if _NEXT_TEXT.match(" ".join(a.text_content().split()))]
    for element in candidates:
        href = (element.get("href") or "").strip()
        if href and not href.startswith("#"):
            found = urljoin(base, href)
            if urlsplit(found).scheme in ("http", "https"):
                return found
    return None


def fetch_pages(url: str, follow_next: int = 0, timeout: float = TIMEOUT) -> Iterator[Page]:
    """The page at `url`, then up to `follow_next` pages after it (each fetched once)."""
    seen: set[str] = set()
    for _ in range(follow_next + 1):
        page = fetch(url, timeout)
        seen.update((url, page.url))
        yield page
        url = next_link(page.data, page.url)
        if url is None or url in seen:
            return
