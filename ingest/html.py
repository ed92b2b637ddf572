"""HTML pages (a single post or an archive of posts), and the HTML that Markdown and e-mails render to."""
from __future__ import annotations

import re
import warnings
from datetime import date

import soupsieve as sv
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag

from ingest.blocks import Block, DraftUpdate, text_blocks
from ingest.dates import posting_date, title_date, without_date
from ingest.plaintext import draft_from_blocks, parse_text
from ingest.text import Marker, find_marker, squash, word_count

_DROP = ("script", "style", "noscript", "template", "iframe", "svg", "form", "button", "input", "select",
         "textarea", "nav", "link", "object", "embed", "canvas", "audio", "video")
_CHROME = ("header", "footer", "aside")
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|sharedaddy|social|sidebar|widget|breadcrumbs?|menu|navigation|nav|cookie|"
    r"newsletter|subscribe|related|jp-relatedposts|comments?|respond|author-bio|entry-meta|post-meta|"
    r"entry-footer|cat-links|tags-links|skip-link|screen-reader-text|site-header|site-footer|pagination|"
    r"post-navigation|wp-block-buttons)(?:$|[\s_-])",
    re.I,
)
_CAPTION = re.compile(r"(?:^|\s)(?:wp-caption-text|caption|gallery-caption)(?:$|\s)", re.I)
_POST_SELECTORS = [sv.compile(s) for s in ("article", ".post", ".hentry", ".type-post", ".blog-post")]
_CONTENT_SELECTORS = [sv.compile(s) for s in (".entry-content", ".post-content", ".article-content", ".post-body",
                                              ".entry", "[itemprop=articleBody]")]
_TITLE_SELECTORS = [sv.compile(s) for s in (".entry-title", ".post-title", "[itemprop=headline]", "h1", "h2", "h3")]
_TIME_SELECTOR = sv.compile("time[datetime]")
_DATE_TEXT_SELECTOR = sv.compile(".entry-date, .published, .posted-on, .post-date, .date, time")
_BLOCK_TAGS = {"p", "div", "section", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
               "table", "tr", "figure", "figcaption", "dl", "dt", "dd", "main", "article", "hr", "address", "center"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
MAX_DEPTH = 100  # an element nested deeper is read as one block of its text (the walk below recurses)


def soup_of(html: str) -> BeautifulSoup:
    """Parse HTML with lxml, scripts and other non-content elements removed, <br> as line breaks."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "lxml")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    _flatten_deep(soup)
    return soup


def _flatten_deep(soup: BeautifulSoup) -> None:
    """Make each element at MAX_DEPTH a plain block of its text, so that a page of lists nested
    thousands deep (broken or hostile) is read instead of exhausting Python's recursion limit."""
    stack = [(soup, 0)]
    while stack:
        tag, depth = stack.pop()
        for child in tag.find_all(True, recursive=False):
            if depth + 1 < MAX_DEPTH:
                stack.append((child, depth + 1))
            elif child.find(True) is not None:
                text = child.get_text("\n")
                child.clear()
                child.name, child.attrs = "div", {}
                child.append(text)


def parse_html(html: str) -> tuple[list[DraftUpdate], list[str], list[str]]:
    """Updates of an HTML page: each post (<article>) one update, else dated headings or posting lines."""
    soup = soup_of(html)
    skipped: list[str] = []
    posts = _posts(soup)
    if posts:
        drafts = []
        for k, post in enumerate(posts):
            draft, furniture = _post(post, soup, skipped, single=len(posts) == 1, last=k + 1 == len(posts))
            drafts.append(draft)
            skipped.extend(furniture)
        return drafts, skipped, []
    root = soup.find("main") or soup.body or soup
    _strip_chrome(root)
    blocks = element_blocks(root, skipped)
    drafts, more = blocks_to_updates(blocks, page_date(soup), None)
    if len(drafts) == 1 and drafts[0].title is None:
        drafts[0].title = page_title(soup)
    return drafts, skipped + more, []


def _posts(soup: BeautifulSoup) -> list[Tag]:
    """The post elements of the page, outermost only."""
    for selector in _POST_SELECTORS:
        found = [tag for tag in selector.select(soup) if not _in_chrome(tag)]
        ids = {id(tag) for tag in found}
        found = [tag for tag in found if not any(id(p) in ids for p in tag.parents)]
        if found:
            return found
    return []


def _in_chrome(tag: Tag) -> bool:
    """True for an element inside a sidebar, footer, navigation or a "related posts" block."""
    for parent in tag.parents:
        if parent.name in ("aside", "footer", "nav"):
            return True
        marks = " ".join([*parent.get("class", []), parent.get("id") or ""]) if isinstance(parent, Tag) else ""
        if marks.strip() and _FURNITURE.search(marks):
            return True
    return False


def _post(post: Tag, soup: BeautifulSoup, skipped: list[str], single: bool, last: bool) -> tuple[DraftUpdate, list[str]]:
    """One post element as an update draft (a page's only post may take the page's title and date)."""
    title_tag = next((t for s in _TITLE_SELECTORS if (t := s.select_one(post))), None)
    title = squash(title_tag.get_text(" ")) if title_tag else None
    if title is None and single:
        heading = soup.find("h1")
        title = squash(heading.get_text(" ")) if heading else page_title(soup)
    posted = _time_of(post) or (page_date(soup) if single else None)
    if title_tag is not None:
        title_tag.decompose()
    content = next((c for s in _CONTENT_SELECTORS if (c := s.select_one(post))), post)
    _strip_chrome(content)
    blocks = element_blocks(content, skipped)
    if posted is None and blocks and blocks[0].kind == "p" and len(blocks[0].lines) == 1:
        posted = posting_date(blocks[0].lines[0])
        blocks = blocks[1:] if posted else blocks
    return draft_from_blocks(title, posted, blocks, last)


def _time_of(tag: Tag) -> date | None:
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
    return None


def page_date(soup: BeautifulSoup) -> date | None:
    """The page's own publication date from <meta> tags (article:published_time, date, DC.date)."""
    for name in ("article:published_time", "og:published_time", "date", "dc.date", "DC.date", "pubdate"):
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


def _strip_chrome(root: Tag) -> None:
    """Remove headers, footers, sidebars, share buttons and similar furniture inside `root`."""
    for tag in root.find_all(_CHROME):
        tag.decompose()
    for tag in root.find_all(True):
        if tag.decomposed:
            continue
        marks = " ".join([*tag.get("class", []), tag.get("id") or "", tag.get("role") or ""])
        if marks.strip() and _FURNITURE.search(marks) and not _CAPTION.search(marks):
            tag.decompose()


def _lines(text: str) -> list[str]:
    """Text as its non-blank lines (from <br> and newlines), spaces squashed."""
    return [squash(line) for line in text.split("\n") if squash(line)]


def element_blocks(root: Tag, skipped: list[str]) -> list[Block]:
    """The blocks of an element: paragraphs, headings, list entries (captions go to `skipped`)."""
    blocks: list[Block] = []
    _walk(root, blocks, skipped)
    return blocks


def _walk(tag: Tag, blocks: list[Block], skipped: list[str]) -> None:
    """Collect blocks from the children of `tag`; inline runs between block children form paragraphs."""
    inline: list = []
    for child in list(tag.children):
        if isinstance(child, Tag) and (child.name in _BLOCK_TAGS or _block_inside(child)):
            _flush(inline, blocks)
            inline = []
            _block(child, blocks, skipped)
        elif isinstance(child, (Tag, NavigableString)) and not _is_comment(child):
            inline.append(child)
    _flush(inline, blocks)


def _is_comment(node) -> bool:
    """True for HTML comments, CDATA and doctype strings."""
    return isinstance(node, NavigableString) and type(node).__name__ in ("Comment", "Doctype", "CData", "Declaration", "ProcessingInstruction")


def _block_inside(tag: Tag) -> bool:
    """An inline element (span, a) that wraps block elements."""
    return tag.find(_BLOCK_TAGS) is not None


def _flush(inline: list, blocks: list[Block]) -> None:
    """Turn a run of inline nodes into a paragraph (or a bold heading)."""
    if not inline:
        return
    lines = _lines("".join(_inline_text(n) for n in inline))
    if lines:
        _paragraph(lines, _bold_lead(inline), blocks)


def _inline_text(node) -> str:
    """Text of an inline node."""
    return node.get_text("") if isinstance(node, Tag) else str(node)


def _bold_lead(nodes: list) -> str | None:
    """The text of a <strong>/<b> that opens a paragraph, if it is short enough to be a heading."""
    first = next((n for n in nodes if not (isinstance(n, NavigableString) and not str(n).strip())), None)
    if not isinstance(first, Tag):
        return None
    bold = first if first.name in ("strong", "b") else first.find(["strong", "b"])
    if bold is None or squash(bold.get_text()) != squash(first.get_text()):
        return None
    text = squash(bold.get_text(" "))
    return text if text and word_count(text) <= 12 else None


def _paragraph(lines: list[str], bold: str | None, blocks: list[Block]) -> None:
    """Add a paragraph; a bold lead becomes a heading block, and marker lines open list entries."""
    text = " ".join(lines)
    if bold and text.startswith(bold):
        heading = bold
        marker = find_marker(heading + " x")
        if marker:
            heading = heading[marker.end:].strip()
        rest = text[len(bold):].lstrip(" :.–—-")
        heading = heading.rstrip(":.").strip()
        if heading:
            blocks.append(Block([rest] if rest else [], kind="h", heading=heading))
            return
    blocks.extend(text_blocks(lines))


def _block(tag: Tag, blocks: list[Block], skipped: list[str]) -> None:
    """Blocks from one block-level element."""
    name = tag.name
    marks = " ".join(tag.get("class", []))
    if name in ("figure", "figcaption") or _CAPTION.search(marks):
        caption = tag if name == "figcaption" or _CAPTION.search(marks) else tag.find("figcaption")
        if caption is not None:
            skipped.extend(_lines(_inline_text(caption)))
        return
    if name in _HEADINGS:
        text = squash(tag.get_text(" "))
        if text:
            marker = find_marker(text + " ")
            heading = text[marker.end:].strip() if marker and marker.style != "•" else text
            blocks.append(Block([], kind="h", heading=heading, level=_HEADINGS[name]))
        return
    if name in ("ul", "ol"):
        _list(tag, blocks, skipped)
        return
    if name == "tr":
        cells = [squash(c.get_text(" ")) for c in tag.find_all(["td", "th"])]
        if any(cells):
            blocks.append(Block([" | ".join(c for c in cells if c)]))
        return
    if name == "pre":
        blocks.extend(text_blocks(tag.get_text("").split("\n")))
        return
    if name == "hr":
        return
    _walk(tag, blocks, skipped)


def _list(tag: Tag, blocks: list[Block], skipped: list[str]) -> None:
    """Entries of a <ul> or <ol>; nested lists are kept inside their entry as marked lines."""
    ordered = tag.name == "ol"
    try:
        number = int(tag.get("start", 1))
    except ValueError:
        number = 1
    for li in tag.find_all("li", recursive=False):
        lines = _entry_lines(li)
        if not lines:
            continue
        bold = _bold_lead([c for c in li.children])
        heading = None
        if bold and lines[0].startswith(bold) and len(lines[0]) > len(bold):
            heading = bold.rstrip(":.").strip()
            lines[0] = lines[0][len(bold):].lstrip(" :.–—-")
        label = f"{number}." if ordered else "•"
        marker = Marker("1." if ordered else "•", number if ordered else None, 0, label)
        blocks.append(Block(lines, marker, "li", heading=heading))
        number += 1


def _entry_lines(li: Tag) -> list[str]:
    """The lines of a list entry: its own text, then nested entries as "• text" lines."""
    lines: list[str] = []
    inline: list[str] = []
    for child in li.children:
        if isinstance(child, Tag) and child.name in ("ul", "ol"):
            lines.extend(_lines("".join(inline)))
            inline = []
            for k, sub in enumerate(child.find_all("li", recursive=False), start=1):
                label = f"{k}." if child.name == "ol" else "•"
                lines.extend(f"{label} {line}" if n == 0 else line for n, line in enumerate(_entry_lines(sub)))
        elif isinstance(child, Tag) and child.name in ("p", "div"):
            inline.append("\n" + child.get_text("") + "\n")
        elif not _is_comment(child):
            inline.append(_inline_text(child))
    lines.extend(_lines("".join(inline)))
    return lines


def blocks_to_updates(blocks: list[Block], posted: date | None, title: str | None) -> tuple[list[DraftUpdate], list[str]]:
    """Split blocks into updates at dated headings ("## 2022-05-09", "<h2>Update, 9 May 2022</h2>"); without
    any, read them as plain text (posting lines and titles), and failing that as one update."""
    starts = _dated_headings(blocks)
    if not starts:
        drafts, skipped = parse_text("\n".join(render_lines(blocks)))
        if len(drafts) > 1 or drafts[0].posted is not None:
            return drafts, skipped
        first = blocks[0] if blocks else None
        if first is not None and first.kind == "h" and not first.lines and (title is None or title.casefold() == (first.heading or "").casefold()):
            title, blocks = first.heading, blocks[1:]
        draft, furniture = draft_from_blocks(title, posted, blocks, last=True)
        return [draft], furniture
    skipped = [line for line in render_lines(blocks[: starts[0]]) if line]
    drafts = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(blocks)
        draft, furniture = _section(blocks[start:end], last=k + 1 == len(starts))
        drafts.append(draft)
        skipped.extend(furniture)
    return drafts, skipped


def _dated_headings(blocks: list[Block]) -> list[int]:
    """Indexes of the headings that open dated sections, at the highest heading level that has any."""
    dated = [(i, b.level) for i, b in enumerate(blocks)
             if b.kind == "h" and b.level and (posting_date(b.heading or "") or title_date(b.heading or "", None))]
    if not dated:
        return []
    top = min(level for _, level in dated)
    return [i for i, level in dated if level == top]


def _section(blocks: list[Block], last: bool) -> tuple[DraftUpdate, list[str]]:
    """One dated section: the heading gives the date and title (or the next heading gives the title)."""
    heading = blocks[0].heading or ""
    posted = posting_date(heading)
    title = heading if not posted or without_date(heading) else None
    body = blocks[1:]
    if posted and body and body[0].kind == "h" and not body[0].lines:
        title, body = body[0].heading, body[1:]
    return draft_from_blocks(title, posted, body, last)


def render_lines(blocks: list[Block]) -> list[str]:
    """Blocks as plain-text lines (blank line between blocks, markers kept, entries' later lines indented),
    for reading with the plain-text rules."""
    lines: list[str] = []
    for block in blocks:
        if lines:
            lines.append("")
        own = [block.heading] if block.heading else []
        own += block.lines
        if block.marker:
            lines.append(f"{block.marker.label} {own[0]}")
            lines.extend(f"   {line}" if line else "" for line in own[1:])
        else:
            lines.extend(own)
    return lines
