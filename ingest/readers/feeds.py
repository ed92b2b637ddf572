"""Feeds: RSS 2.0 (and RSS 1.0) and Atom files, one update per entry; WordPress exports (WXR), one update per
published post. XML is parsed without DTDs, external entities or network access. `given` is the date
`kb ingest --date` gives an entry without one of its own."""
from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin
from html import unescape

from lxml import etree

from vocab.models import IngestError

from ingest.signature import names
from ingest.blocks import DraftUpdate
from vocab.dates import posting_date
from ingest.readers.body import html_body_blocks, text_body_blocks
from ingest.readers.mail import undated
from vocab.text import squash
from ingest.readers import Drafts, Source

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_BLOCK_START = re.compile(r"^\s*<(?:p|div|ul|ol|li|h[1-6]|blockquote|pre|table|figure|hr|!--)[\s>/]", re.I)
# (bounded repeats: a post full of unclosed brackets costs linear time)
_CAPTION = re.compile(r"\[(?:wp_)?caption\b[^\]]{0,500}\](?:\s*<a\b[^>]{0,2000}>)?\s*(?:<img\b[^>]{0,2000}>)?\s*(?:</a>)?"
                      r"\s*(.{0,2000}?)\[/(?:wp_)?caption\]", re.S | re.I)
_MEDIA = r"(?:gallery|embed|audio|video|playlist|contact-form-7|contact-form|wpforms|ninja_form|instagram-feed|fts_\w+)"
_PAIRED = re.compile(r"\[(" + _MEDIA + r")\b[^\]]{0,500}\][^\[]{0,2000}\[/\1\]", re.I)
_SINGLE = re.compile(r"\[/?" + _MEDIA + r"\b[^\]]{0,500}\]", re.I)
_HAS_PARAGRAPHS = re.compile(r"<(?:p|div|br)[\s>/]", re.I)


def _parser() -> etree.XMLParser:
    """An XML parser that reads no DTD, expands no entity and never touches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def _root(data: bytes, source: str) -> etree._Element:
    """The root element of a feed file; IngestError for XML that is not well-formed."""
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as e:
        raise IngestError(source, f"the feed is not well-formed XML ({e.msg}, line {e.lineno})") from None
    except ValueError as e:
        raise IngestError(source, f"the feed cannot be read as XML ({e})") from None


def _local(element) -> str:
    """An element's name without its namespace ("{http://...}creator" -> "creator")."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element, name: str) -> list:
    """The child elements with this local name, whatever their namespace."""
    return [child for child in element if _local(child) == name]


def _text(element, name: str) -> str:
    """The text of the first child with this local name ("" when there is none)."""
    found = _children(element, name)
    return "".join(found[0].itertext()).strip() if found else ""


def _day(value: str) -> date | None:
    """A feed date: RFC 822 (RSS pubDate), ISO 8601 (Atom, dc:date, WordPress), or a written date."""
    value = value.strip()
    if not value or value.startswith("0000"):
        return None
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return posting_date(value)


def _entries(root, name: str, source: str) -> list:
    """Every element with this local name in the file (items of a channel, entries of a feed)."""
    found = [element for element in root.iter() if _local(element) == name]
    if not found:
        raise IngestError(source, f"the feed has no <{name}> in it: nothing to read as an update")
    return found


def _body(html: str | None, text: str | None, base: str | None, skipped: list[str]):
    """The blocks of an entry's content: HTML (paragraphs made from blank lines when it has none), or text."""
    if html is not None:
        return html_body_blocks(autop(html), base, skipped)
    return text_body_blocks(text or "")


def autop(html: str) -> str:
    """HTML written the WordPress way (paragraphs as blank lines, lines as line breaks) as <p> elements."""
    if "\n\n" not in html.strip() or _HAS_PARAGRAPHS.search(html):
        return html
    out = []
    for chunk in re.split(r"\n\s*\n", html.strip()):
        if _BLOCK_START.match(chunk):
            out.append(chunk)
        elif chunk.strip():
            out.append("<p>" + chunk.strip().replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


def _draft(title: str, day: date | None, given: date | None, where: str, source: str, **fields) -> DraftUpdate:
    """A draft for one entry, dated by its own date, else the date given by hand; IngestError for neither."""
    if day is None and given is None:
        raise IngestError(source, undated(f"the entry {title or '(untitled)'!r} ({where})", "publication date"))
    return DraftUpdate(title or None, posted=day or given, posted_by="header" if day else "given",
                       title_by="entry-title", cut="entry", **fields)


def rss_drafts(data: bytes, source: str, given: date | None = None) -> tuple[list[DraftUpdate], list[str]]:
    """One update per <item> of an RSS 2.0 (or 1.0) file."""
    root = _root(data, source)
    items = _entries(root, "item", source)
    drafts: list[DraftUpdate] = []
    skipped: list[str] = []
    for n, item in enumerate(items, start=1):
        link = web_url(_text(item, "link")) or _permalink(item) or None
        content = _encoded(item) or _text(item, "description")
        blocks = _body(content, None, link, skipped)
        day = _day(_text(item, "pubDate") or _text(item, "date"))
        author = _text(item, "creator") or _rss_author(_text(item, "author"))
        tags = _unique(_text_of(c) for c in _children(item, "category"))
        drafts.append(_draft(squash(_text(item, "title")), day, given, f"item {n} of {len(items)}", source,
                             blocks=blocks, authors=_people(author), url=link, tags=tags))
    return drafts, skipped


def _encoded(item) -> str:
    """An item's full HTML content (content:encoded; not WordPress's excerpt:encoded)."""
    found = [c for c in _children(item, "encoded") if etree.QName(c).namespace == CONTENT_NS]
    return "".join(found[0].itertext()) if found else ""


def web_url(value: str | None) -> str | None:
    """An address kept as an update's `url`: absolute http(s) only (never javascript:, data: or a path)."""
    value = (value or "").strip()
    return value if re.match(r"https?://[^\s/]+\S*$", value, re.I) else None


def _permalink(item) -> str:
    """An RSS item's <guid> when it is its permalink."""
    for guid in _children(item, "guid"):
        value = (guid.text or "").strip()
        if guid.get("isPermaLink", "true") != "false" and web_url(value):
            return value
    return ""


def _people(name: str) -> list[str]:
    """The people an entry's author names: "Jo Bloggs", never a team ("Special Collections Team", "admin")."""
    return (names(name) or []) if name else []


def _rss_author(value: str) -> str:
    """The name in an RSS <author> ("jo@example.org (Jo Bloggs)" -> "Jo Bloggs")."""
    m = re.search(r"\(([^()]+)\)", value)
    return m.group(1).strip() if m else ("" if "@" in value else value)


def atom_drafts(data: bytes, source: str, given: date | None = None) -> tuple[list[DraftUpdate], list[str]]:
    """One update per <entry> of an Atom feed."""
    root = _root(data, source)
    entries = _entries(root, "entry", source)
    drafts: list[DraftUpdate] = []
    skipped: list[str] = []
    for n, entry in enumerate(entries, start=1):
        link = _atom_link(entry)
        content = (_children(entry, "content") or _children(entry, "summary") or [None])[0]
        html, text = _atom_content(content)
        blocks = _body(html, text, link, skipped)
        day = _day(_text(entry, "published") or _text(entry, "updated"))
        authors = [person for a in _children(entry, "author") for person in _people(_text(a, "name"))]
        tags = _unique(c.get("label") or c.get("term") or "" for c in _children(entry, "category"))
        title = squash(_atom_text(_children(entry, "title")))
        drafts.append(_draft(title, day, given, f"entry {n} of {len(entries)}", source,
                             blocks=blocks, authors=authors, url=link, tags=tags))
    return drafts, skipped


def _atom_link(entry) -> str | None:
    """An Atom entry's own address: its rel="alternate" (or rel-less) link."""
    for link in _children(entry, "link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return web_url(urljoin(link.base or "", link.get("href").strip()))
    return None


def _atom_content(content) -> tuple[str | None, str | None]:
    """(HTML, text) of an Atom content or summary element by its type (text, html or xhtml)."""
    if content is None:
        return None, ""
    kind = content.get("type", "text")
    if kind == "xhtml":
        return "".join(etree.tostring(child, encoding="unicode") for child in content), None
    if kind in ("html", "text/html"):
        return "".join(content.itertext()), None
    return None, "".join(content.itertext())


def _atom_text(found: list) -> str:
    """The text of an Atom title (html and xhtml titles read for their words)."""
    if not found:
        return ""
    element = found[0]
    if element.get("type") == "html":
        return unescape(re.sub(r"<[^>]*>", " ", "".join(element.itertext())))
    return "".join(element.itertext())


def wxr_drafts(data: bytes, source: str, given: date | None = None) -> tuple[list[DraftUpdate], list[str]]:
    """One update per published post of a WordPress export; drafts, pages, attachments and other post
    types are listed as left out."""
    root = _root(data, source)
    names = {_text(a, "author_login"): _text(a, "author_display_name") for a in root.iter() if _local(a) == "author"}
    drafts: list[DraftUpdate] = []
    skipped: list[str] = []
    for item in _entries(root, "item", source):
        title = squash(_text(item, "title"))
        kind, status = _text(item, "post_type") or "post", _text(item, "status") or "publish"
        if (kind, status) != ("post", "publish"):
            skipped.append(f"not a published post ({kind}, {status}): {title or '(untitled)'}")
            continue
        link = web_url(_text(item, "link"))
        blocks = _body(shortcodes(_encoded(item)), None, link, skipped)
        day = _day(_text(item, "post_date")) or _day(_text(item, "pubDate"))
        login = _text(item, "creator")
        author = names.get(login) or login
        tags = _unique(_text_of(c) for c in _children(item, "category") if c.get("domain", "category") in ("category", "post_tag"))
        drafts.append(_draft(title, day, given, "a published post", source,
                             blocks=blocks, authors=[author] if author else [], url=link, tags=tags))
    if not drafts:
        raise IngestError(source, "the WordPress export has no published post")
    return drafts, skipped


def shortcodes(html: str) -> str:
    """WordPress shortcodes in a post: a [caption] becomes a figure caption (left out, and listed), media and
    form shortcodes ([gallery], [embed]...[/embed], [contact-form-7]) are markup and go; other brackets stay."""
    html = _CAPTION.sub(lambda m: f"<figure><figcaption>{m.group(1)}</figcaption></figure>", html)
    html = _PAIRED.sub("", html)
    return _SINGLE.sub("", html)


def _text_of(element) -> str:
    return squash("".join(element.itertext()))


def _unique(values) -> list[str]:
    """Non-empty values, each once, in order."""
    return list(dict.fromkeys(v for v in (squash(x) for x in values) if v))


def read_rss(file: Source) -> Drafts:
    """The registry's reader of an RSS 2.0 or 1.0 feed."""
    return Drafts(*rss_drafts(file.data, file.name, file.given))


def read_atom(file: Source) -> Drafts:
    """The registry's reader of an Atom feed."""
    return Drafts(*atom_drafts(file.data, file.name, file.given))


def read_wxr(file: Source) -> Drafts:
    """The registry's reader of a WordPress export."""
    return Drafts(*wxr_drafts(file.data, file.name, file.given))
