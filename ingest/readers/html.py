"""HTML pages (a single post or an archive of posts), and the HTML that Markdown and e-mails render to, into blocks.

`html_to_blocks(fragment, base_url)` is the entry point for any reader holding HTML (feeds, e-mail parts);
`read_html(file)` reads a saved page: its posts as separate drafts, else the page as one document."""
from __future__ import annotations

import bisect
import itertools
import re
import warnings
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin

import soupsieve as sv
from bs4 import BeautifulSoup, Comment, MarkupResemblesLocatorWarning, NavigableString, Tag

from ingest.readers import Drafts, Source
from vocab.models import Link

from ingest.blocks import Block, Document, DraftUpdate, text_blocks
from ingest.readers.chrome import BACK_TO_TOP, without_chrome
from vocab.dates import find_dates, posting_date
from ingest.segment import draft_from_blocks
from ingest.readers.page_facts import (base_url, byline, content_root, page_date, page_title, page_url,
                                       structured_authors, take_byline, time_of, title_paragraph, unwrap)
from vocab.dates import address_dates
from vocab.text import Marker, find_marker, squash, word_count

_DROP = ("script", "style", "noscript", "template", "iframe", "svg", "form", "button", "input", "select",
         "textarea", "nav", "object", "embed", "canvas", "audio", "video")
_CHROME = ("header", "footer", "aside")
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|sharedaddy|social|sidebar|widget|bread[\s_-]?crumbs?|menu|navigation|nav|cookie|"
    r"newsletter|subscribe|related|jp-relatedposts|comments?|respond|author-bio|entry-meta|post-meta|"
    r"entry-footer|cat-links|tags-links|skip-?links?|screen-reader-text|site-header|site-footer|pagination|"
    r"post-navigation|wp-block-buttons|footer|copyright|contentinfo|complementary|more-link|read-more)(?:$|[\s_-])",
    re.I,
)
_DISPLAY_NONE = re.compile(r"(?:^|;)\s*display\s*:\s*none\b", re.I)
_NEWLINE = re.compile(r"[ \t]*[\r\n]+[ \t]*")
_NUMBER_CELL = re.compile(r"\(?[0-9]{1,3}[.)]?|\(?[a-z][.)]")
BR = "\x0b"  # a <br> in the parsed page: a line break, told apart from a line break of the source
_BREAKS = re.compile(r"\x0b[ \t\r\n]*\x0b")  # two <br>s: a paragraph break
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CAPTION = re.compile(r"(?:^|\s)(?:wp-caption-text|caption|gallery-caption)(?:$|\s)", re.I)
_POST_SELECTORS = [sv.compile(s) for s in ("article", ".post", ".hentry", ".type-post", ".blog-post")]
_CONTENT_SELECTORS = [sv.compile(s) for s in (".entry-content", ".entry-summary", ".post-content", ".article-content",
                                              ".post-body", ".entry", "[itemprop=articleBody]")]
_TITLE_SELECTORS = [sv.compile(s) for s in (".entry-title", ".post-title", "[itemprop=headline]", "h1", "h2", "h3")]
_BODY_SELECTOR = sv.compile(".entry-content, .entry-summary, [itemprop~=articleBody]")
_BLOCK_TAGS = {"p", "div", "section", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
               "table", "tr", "figure", "figcaption", "dl", "dt", "dd", "main", "article", "hr", "address", "center"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_STANDFIRST = sv.compile(".article-excerpt, .post-description, .entry-subtitle, .post-subtitle, .article-subtitle, "
                         ".standfirst, .subtitle, .dek")
_LINE_TAGS = {"br", "td", "th", "header", "footer", "nav", "aside", "form", "details", "summary"}
_TASK_BOX = re.compile(r"^\[([ xX])\]\s+(?=\S)")
_TRAILING_SEPARATOR = re.compile(r"\s*[·•|–—]\s*$")
_NOT_LINKS = re.compile(r"^(?:#|javascript:|data:)", re.I)
MAX_DEPTH = 100  # an element nested deeper is read as one block of its text (the walk below recurses)


@dataclass
class WalkContext:
    """What a walk over one element needs besides the blocks: the base URL of links, the lines left out."""

    base: str | None = None
    skipped: list[str] = field(default_factory=list)
    captions: bool = False  # figure captions are text (raw HTML a Markdown author wrote), not left out
    chrome: list[str] = field(default_factory=list)  # lines of a site's chrome left out (ingest.readers.chrome)
    page: list[str] = field(default_factory=list)  # lines the page's markup sets round the text (header, footer,
    # share buttons, a post's meta line): left out by the markup, not by their words


def soup_of(html: str, page: bool = False) -> BeautifulSoup:
    """Parse HTML with lxml, scripts and other non-content elements removed, <br> as line breaks (BR). In a saved
    `page` a line break of the source is a space, as a browser shows it (Word's "Save as Web Page" wraps
    its paragraphs at 80 columns); HTML rendered from Markdown keeps them as the text's own lines."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "lxml")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(_hidden):
        tag.decompose()
    if page:
        _replace_each([text for text in soup.find_all(string=_NEWLINE)
                       if not _is_comment(text) and text.find_parent(["pre", "textarea"]) is None],
                      lambda text: NavigableString(_NEWLINE.sub(" ", str(text))))
    _replace_each(soup.find_all("br"), lambda br: NavigableString(BR))
    _space_between_links(soup)
    _flatten_deep(soup)
    return soup


def _replace_each(nodes: list, new) -> None:
    """Replace each node by new(node), finding each one's place in one pass over its parent's children:
    BeautifulSoup's replace_with looks every node up among its siblings, so replacing the 8,000 <br>s or
    lines of one long paragraph one by one took time growing with the square of their number."""
    by_parent: dict[int, list] = {}
    for node in nodes:
        by_parent.setdefault(id(node.parent), []).append(node)
    for group in by_parent.values():
        parent, wanted = group[0].parent, {id(node) for node in group}
        places = [(at, child) for at, child in enumerate(parent.contents) if id(child) in wanted]
        for at, node in reversed(places):  # from the last: the places before it stay where they are
            node.extract(_self_index=at)  # (the place known, as replace_with passes it)
            parent.insert(at, new(node))


def _space_between_links(soup: BeautifulSoup) -> None:
    """A space between two links side by side (`<a>Jo Smith</a><a>Amir Khan</a>`: two names, not "Jo SmithAmir
    Khan"), put in from one pass over each parent's children (insert_after looks each link up: quadratic)."""
    by_parent: dict[int, tuple[Tag, set[int]]] = {}
    for link in soup.find_all("a"):
        after = link.next_sibling
        if isinstance(after, Tag) and after.name == "a":
            by_parent.setdefault(id(link.parent), (link.parent, set()))[1].add(id(link))
    for parent, wanted in by_parent.values():
        for at in reversed([at for at, child in enumerate(parent.contents) if id(child) in wanted]):
            parent.insert(at + 1, NavigableString(" "))


def _hidden(tag: Tag) -> bool:
    """An element no reader sees: `hidden`, or `display:none` in its style (an e-mail's preview text)."""
    return tag.has_attr("hidden") or bool(_DISPLAY_NONE.search(tag.get("style") or ""))


def _marks(tag: Tag) -> str:
    """An element's class, id and role as words, camelCase split ("templateFooter" -> "template Footer")."""
    marks = " ".join([*tag.get("class", []), tag.get("id") or "", tag.get("role") or ""])
    return _CAMEL.sub(" ", marks)


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


def html_to_blocks(fragment: str, base_url: str | None = None, skipped: list[str] | None = None) -> list[Block]:
    """An HTML fragment (a post's content, an e-mail's HTML part) as blocks, links made absolute against
    `base_url`; captions and other furniture left out go to `skipped`."""
    soup = soup_of(fragment)
    root = soup.body or soup
    ctx = WalkContext(base_url, skipped if skipped is not None else [])
    _strip_chrome(root, ctx.page)
    blocks = element_blocks(root, ctx)
    ctx.skipped.extend(ctx.chrome + ctx.page)
    return blocks


def read_html(file: Source) -> Document | Drafts:
    """The registry's reader of a saved page: a pipermail message page as that message, each post (<article>)
    an update draft of its own, else the page as one document (a form feed is no page break in HTML)."""
    from ingest.readers import pipermail

    html = file.text.replace("\f", "")
    if pipermail.is_message_page(html):
        return Drafts(*pipermail.read_message_page(html, file.name, file.given))
    return page_document(html, file.name)


def page_document(html: str, name: str = "") -> Document | Drafts:
    """A saved page: each post (<article>) an update draft of its own, else the page as one document."""
    soup = soup_of(html, page=True)
    url = page_url(soup)
    base = base_url(soup) or url
    posts = _posts(soup)
    if posts:
        drafts = [_post(post, soup, WalkContext(base), single=len(posts) == 1) for post in posts]
        if len(drafts) == 1 and not drafts[0].authors:
            drafts[0].authors = structured_authors(html)
        for post in posts:
            post.extract()
        return Drafts(drafts, text_lines(soup.body or soup))  # what the page sets round its posts: listed
    ctx = WalkContext(base)
    posted = page_date(soup, html)
    root = soup.find("main") or _content_root(soup, ctx) or soup.body or soup
    _strip_chrome(root, ctx.page)
    paragraph = title_paragraph(root)
    title = paragraph or page_title(soup)
    authors = take_byline(root) or structured_authors(html)
    blocks = without_date_line(element_blocks(root, ctx), posted, ctx.page)
    return Document(blocks, "html", title, posted, url, name, ctx.skipped + ctx.chrome + ctx.page,
                    authors=authors, dates=address_dates(url), posted_by="page-meta",
                    title_by="title-paragraph" if paragraph else "page-title" if title else None)


def _content_root(soup: BeautifulSoup, ctx: WalkContext) -> Tag | None:
    """A built page's content element (page_facts.content_root), taken out of the page: the lines left round it
    (its top bar, menus, logos, footer) are listed in `ctx.chrome`."""
    root = content_root(soup)
    if root is None:
        return None
    root.extract()
    ctx.chrome.extend(line for line in _lines((soup.body or soup).get_text("\n")) if any(c.isalnum() for c in line))
    return root


def _posts(soup: BeautifulSoup) -> list[Tag]:
    """The post elements of the page, outermost only."""
    holders = content_holders(soup)
    for selector in _POST_SELECTORS:
        found = [tag for tag in selector.select(soup) if not _in_chrome(tag, holders)]
        ids = {id(tag) for tag in found}
        found = [tag for tag in found if not any(id(p) in ids for p in tag.parents)]
        if found:
            return found
    return []


def content_holders(root: Tag) -> set[int]:
    """The ids of the elements that hold a post's text (`.entry-content`, `[itemprop=articleBody]`) or are
    it: never furniture, whatever their class says (Blogger puts its posts in a "widget Blog")."""
    holders: set[int] = set()
    for body in _BODY_SELECTOR.select(root):
        for tag in (body, *body.parents):
            if id(tag) in holders:
                break
            holders.add(id(tag))
    return holders


def _in_chrome(tag: Tag, holders: set[int] = frozenset()) -> bool:
    """True for an element inside a sidebar, footer, navigation or a "related posts" block."""
    for parent in tag.parents:
        if parent.name in ("aside", "footer", "nav"):
            return True
        marks = _marks(parent) if isinstance(parent, Tag) else ""
        if marks.strip() and _FURNITURE.search(marks) and id(parent) not in holders:
            return True
    return False


def _post(post: Tag, soup: BeautifulSoup, ctx: WalkContext, single: bool) -> DraftUpdate:
    """One post element as an update draft (a page's only post may take the page's title, date and address)."""
    title_tag = next((t for s in _TITLE_SELECTORS if (t := s.select_one(post))), None)
    title = squash(title_tag.get_text(" ")) if title_tag else None
    title_by = "entry-title"
    permalink = title_tag.find("a", href=True) if title_tag else None
    url = urljoin(ctx.base or "", permalink["href"]) if permalink else (page_url(soup) if single else None)
    if title is None and single:
        heading = soup.find("h1")
        title = squash(heading.get_text(" ")) if heading else page_title(soup)
        title_by = "first-heading" if heading else "page-title"
    posted = time_of(post) or (page_date(soup) if single else None)
    posted_by = "page-meta"
    if title_tag is not None:
        title_tag.decompose()
    authors = byline(post)  # before the chrome (.entry-meta) goes
    content = next((c for s in _CONTENT_SELECTORS if (c := s.select_one(post))), post)
    standfirst = _standfirst(post, content, ctx)
    _strip_chrome(content, ctx.page)
    blocks = standfirst + element_blocks(content, ctx)
    if content is not post:  # what the post sets round its text (its meta line, breadcrumbs, tags): listed
        content.extract()
        ctx.page.extend(text_lines(post))
    if posted is None and blocks and blocks[0].kind == "p" and len(blocks[0].lines) == 1:
        posted, posted_by = posting_date(blocks[0].lines[0]), "posting-line"
        blocks = blocks[1:] if posted else blocks
    blocks = without_date_line(blocks, posted, ctx.page)
    draft = draft_from_blocks(title, posted, blocks)
    draft.url, draft.posted_by, draft.title_by, draft.cut = url, posted_by, title_by, "post"
    draft.leave_out("page", ctx.page, first=True)
    draft.leave_out("chrome", ctx.chrome, first=True)
    draft.leave_out("caption", ctx.skipped, first=True)
    draft.authors = draft.authors or authors
    return draft


def without_date_line(blocks: list[Block], posted, left: list[str]) -> list[Block]:
    """The blocks without the date a page shows beside the <time> or meta that dates it ("9 May 2024" in a block
    theme's post, "29 February 2024" in a built page's metadata list), among its first three: listed in `left`."""
    for k, block in enumerate(blocks[:3]):
        if posted is not None and block.kind in ("p", "li") and len(block.lines) == 1 and not block.heading \
                and posting_date(block.lines[0]) == posted:
            left.append(block.lines[0])
            return blocks[:k] + blocks[k + 1:]
    return blocks


def _strip_chrome(root: Tag, left: list[str]) -> None:
    """Remove headers, footers, sidebars, share buttons and similar furniture inside `root` (but not what
    holds a post's text); their lines go to `left`, to be listed as left out."""
    for tag in root.find_all(_CHROME):
        if not tag.decomposed:
            left.extend(text_lines(tag))
            tag.decompose()
    holders = content_holders(root)
    for tag in root.find_all(True):
        if tag.decomposed:
            continue
        marks = _marks(tag)
        if marks.strip() and _FURNITURE.search(marks) and not _CAPTION.search(marks) and id(tag) not in holders:
            left.extend(text_lines(tag))
            tag.decompose()


def _standfirst(post: Tag, content: Tag, ctx: WalkContext) -> list[Block]:
    """A post's standfirst (Ghost's .article-excerpt, Hugo's .post-description, Substack's .subtitle) where its
    text does not hold it (in the post's header, beside its title): taken out, its blocks open the text."""
    blocks: list[Block] = []
    for tag in _STANDFIRST.select(post):
        inside = content is not post and any(parent is content for parent in tag.parents)
        in_header = any(parent.name == "header" for parent in tag.parents)
        if tag.decomposed or (inside and not in_header):
            continue
        blocks.extend(element_blocks(tag.extract(), ctx))
    return blocks


def text_lines(tag: Tag) -> list[str]:
    """An element's text as the lines a browser shows (a block element on lines of its own)."""
    parts: list[str] = []
    stack: list = [tag]
    while stack:
        node = stack.pop()
        if isinstance(node, str) and not isinstance(node, NavigableString):  # a line break closing a block
            parts.append(node)
        elif isinstance(node, Tag):
            block = node is not tag and (node.name in _BLOCK_TAGS or node.name in _LINE_TAGS)
            parts.append("\n" if block else "")
            stack.extend(["\n"] if block else [])
            stack.extend(reversed(list(node.children)))
        elif isinstance(node, NavigableString) and not isinstance(node, Comment):
            parts.append(str(node))
    return _lines("".join(parts))


def _lines(text: str) -> list[str]:
    """Text as its non-blank lines (from <br> and newlines), spaces squashed."""
    return [squash(line) for line in text.replace(BR, "\n").split("\n") if squash(line)]


def element_blocks(root: Tag, ctx: WalkContext) -> list[Block]:
    """The blocks of an element: paragraphs, headings, list entries (captions go to `ctx.skipped`, a site's
    chrome, such as its row of social links, to `ctx.chrome`)."""
    blocks: list[Block] = []
    _without_back_to_top(root, ctx)
    _walk(root, blocks, ctx)
    return without_chrome(blocks, ctx.chrome)


def _without_back_to_top(root: Tag, ctx: WalkContext) -> None:
    """Take out the links back to the top of the page ("Back to top", "↑ Top": a link to an anchor of the page),
    listed in `ctx.chrome`, with the separator before one ("Book your place · Back to top")."""
    for link in root.find_all("a", href=True):
        if link.decomposed or not link["href"].startswith("#") or not BACK_TO_TOP.match(link.get_text(" ").strip()):
            continue
        ctx.chrome.append(squash(link.get_text(" ")))
        before = link.previous_sibling
        if isinstance(before, NavigableString) and not isinstance(before, Comment):
            before.replace_with(_TRAILING_SEPARATOR.sub("", str(before)))
        link.decompose()


def _walk(tag: Tag, blocks: list[Block], ctx: WalkContext) -> None:
    """Collect blocks from the children of `tag`; inline runs between block children form paragraphs."""
    inline: list = []
    for child in list(tag.children):
        if isinstance(child, Tag) and (child.name in _BLOCK_TAGS or _block_inside(child)):
            _flush(inline, blocks, ctx)
            inline = []
            _block(child, blocks, ctx)
        elif isinstance(child, (Tag, NavigableString)) and not _is_comment(child):
            inline.append(child)
    _flush(inline, blocks, ctx)


def _is_comment(node) -> bool:
    """True for HTML comments, CDATA and doctype strings."""
    return isinstance(node, NavigableString) and type(node).__name__ in ("Comment", "Doctype", "CData", "Declaration", "ProcessingInstruction")


def _block_inside(tag: Tag) -> bool:
    """An inline element (span, a) that wraps block elements."""
    return tag.find(_BLOCK_TAGS) is not None


def _flush(inline: list, blocks: list[Block], ctx: WalkContext) -> None:
    """Turn a run of inline nodes into a paragraph (or a bold heading), with its links."""
    if not inline:
        return
    bold = _bold_lead(inline)
    placed: list[tuple[Block, str]] = []  # each chunk's first block and its text
    for chunk in _BREAKS.split("".join(_inline_text(n) for n in inline)):  # <br><br>: a paragraph break
        lines = _lines(chunk)
        if not lines:
            continue
        start = len(blocks)
        _paragraph(lines, bold, blocks)
        bold = None
        if len(blocks) > start:
            placed.append((blocks[start], " ".join(lines)))
    _share_links(_links(inline, ctx), placed)


def _share_links(links: list[Link], placed: list[tuple[Block, str]]) -> None:
    """Give each link to the first chunk whose text holds its text; the last link left goes to the chunk
    reached when it is the only one left. Each link's chunk is found by one search of the chunks' texts
    joined (not every link against every chunk: a paragraph of 4,000 links cut by <br><br> took seconds)."""
    if not placed:
        return
    joined = "\0".join(text for _, text in placed)
    starts = list(itertools.accumulate((len(text) + 1 for _, text in placed[:-1]), initial=0))
    first: dict[int, list[Link]] = {}
    for link in links:
        at = joined.find(link.text)
        first.setdefault(bisect.bisect_right(starts, at) - 1 if at >= 0 else -1, []).append(link)
    left = len(links)
    for k, (block, _) in enumerate(placed):
        mine = first.pop(k, []) if left != 1 else [link for group in first.values() for link in group]
        if left == 1:
            first.clear()
        block.links.extend(mine)
        left -= len(mine)


def _links(nodes: list, ctx: WalkContext) -> list[Link]:
    """The links (<a href>) among inline nodes, with absolute URLs."""
    found = []
    for node in nodes:
        if not isinstance(node, Tag):
            continue
        anchors = ([node] if node.name == "a" and node.get("href") else []) + node.find_all("a", href=True)
        for a in anchors:
            href = (a.get("href") or "").strip()
            if href and not _NOT_LINKS.match(href):
                found.append(Link(squash(a.get_text(" ")) or href, unwrap(urljoin(ctx.base or "", href))))
    return found


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


def _run_in_label(bold: str, rest: str) -> bool:
    """A bold label that belongs to its sentence ("**Motion:** that...", "**Summer School** courses are..."),
    not a heading: it holds a colon ("**Deadline: 5 August**"), or the text runs on in lowercase."""
    rest = rest.strip()
    return ":" in bold or rest.startswith(":") or rest[:1].islower()


def _date_line(text: str) -> bool:
    """A line that opens with a full date ("5 February 2024", "Wednesday 21 February 2024, 6.30pm, the Coach
    House"): a posting or meeting-date line, not a heading."""
    found = find_dates(text)
    return bool(posting_date(text)) or bool(found and found[0].start == 0 and found[0].has_year and len(found[0].value) == 10)


def _paragraph(lines: list[str], bold: str | None, blocks: list[Block]) -> None:
    """Add a paragraph; a bold lead becomes a heading block, and marker lines open list entries."""
    text = " ".join(lines)
    if bold and text.startswith(bold) and not _run_in_label(bold, text[len(bold):]) \
            and not (bold == text and _date_line(text)):  # a bold posting or meeting-date line is a line
        heading = bold
        marker = find_marker(heading + " x")
        if marker:
            heading = heading[marker.end:].strip()
        rest = text[len(bold):].lstrip(" :.–—-")
        heading = heading.rstrip(":.").strip()
        if heading:
            blocks.append(Block([rest] if rest else [], kind="h", heading=heading, plain=list(lines)))
            return
    blocks.extend(text_blocks(lines))


def _block(tag: Tag, blocks: list[Block], ctx: WalkContext) -> None:
    """Blocks from one block-level element, each knowing its source line where the element says
    (`data-line`, set by the Markdown reader)."""
    start = len(blocks)
    _element(tag, blocks, ctx)
    line = tag.get("data-line")
    if line and line.isdigit():
        for block in blocks[start:]:
            block.line = block.line if block.line is not None else int(line)


def _element(tag: Tag, blocks: list[Block], ctx: WalkContext) -> None:
    """Blocks from one block-level element."""
    name = tag.name
    marks = " ".join(tag.get("class", []))
    if not ctx.captions and (name in ("figure", "figcaption") or _CAPTION.search(marks)):
        caption = tag if name == "figcaption" or _CAPTION.search(marks) else tag.find("figcaption")
        if caption is not None:
            ctx.skipped.extend(_lines(_inline_text(caption)))
        return
    if name in _HEADINGS:
        text = squash(tag.get_text(" "))
        if text:
            marker = find_marker(text + " ")
            numbered = marker is not None and marker.style not in ("•", "item 1:")
            heading = text[marker.end:].strip() if numbered else text  # "2. Arts Council England": label "2."
            blocks.append(Block([], marker if numbered else None, kind="h", heading=heading, level=_HEADINGS[name],
                                links=_links([tag], ctx)))
        return
    if name in ("ul", "ol"):
        _list(tag, blocks, ctx)
        return
    if name == "dl" and not tag.find(["p", "div", "ul", "ol", "table", "dl"]):
        pairs = _definitions(tag)
        if pairs:
            blocks.append(Block(pairs, links=_links([tag], ctx)))
        return
    if name == "tr":
        cells = tag.find_all(["td", "th"], recursive=False)
        if _numbered_row(cells, blocks, ctx):
            return
        if _layout_row(cells):
            for cell in cells:
                _walk(cell, blocks, ctx)
            return
        texts = [squash(c.get_text(" ")) for c in cells]
        if any(texts):
            blocks.append(Block([" | ".join(c for c in texts if c)], links=_links([tag], ctx)))
        return
    if name == "pre":
        lines = [line.rstrip() for line in tag.get_text("").replace(BR, "\n").split("\n")]
        if any(lines):
            blocks.append(Block(lines, kind="pre", links=_links([tag], ctx)))
        return
    if name == "blockquote":
        start = len(blocks)
        _walk(tag, blocks, ctx)
        for k in range(start, len(blocks)):
            if blocks[k].kind == "p":
                blocks[k].kind = "quote"
        return
    if name == "hr":  # a rule: a newsletter's footer may follow its last one (ingest.readers.text.split_footer)
        blocks.append(Block([], kind="rule"))
        return
    _walk(tag, blocks, ctx)


def _definitions(dl: Tag) -> list[str]:
    """A definition list as its lines, each term with its definition ("Published: 12 March 2024")."""
    lines: list[str] = []
    for child in dl.find_all(["dt", "dd"], recursive=False):
        text = squash(child.get_text(" "))
        if child.name == "dd" and lines and lines[-1].endswith(":"):
            lines[-1] = f"{lines[-1]} {text}"
        elif text:
            lines.append(text if child.name == "dd" or text.endswith(":") else f"{text}:")
    return lines


def _layout_row(cells: list[Tag]) -> bool:
    """A row of a layout table (an e-mail template's columns), not of data: a row of one cell, or one whose
    cells hold tables or headings. Its cells are read as blocks of their own."""
    return len(cells) == 1 or any(cell.find(["table", *_HEADINGS]) is not None for cell in cells)


def _numbered_row(cells: list[Tag], blocks: list[Block], ctx: WalkContext) -> bool:
    """A row of a number cell and the entry it numbers (a council's minutes: "45." | "Apologies for absence"
    and its paragraphs): the entry is a list entry with that number. False for any other row."""
    number = squash(cells[0].get_text(" ")) if len(cells) == 2 else ""
    marker = find_marker(f"{number} x") if _NUMBER_CELL.fullmatch(number) else None
    if marker is None or marker.style == "•" or cells[0].find(["table", "ul", "ol"]) is not None:
        return False
    start = len(blocks)
    _walk(cells[1], blocks, ctx)
    first = blocks[start] if len(blocks) > start else None
    if first is not None and first.kind == "p" and first.marker is None:
        blocks[start] = replace(first, marker=Marker(marker.style, marker.ordinal, 0, marker.label), kind="li")
    else:
        blocks.insert(start, Block([number]))
    return True


def _list(tag: Tag, blocks: list[Block], ctx: WalkContext) -> None:
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
        heading, plain = None, list(lines)
        if bold and lines[0].startswith(bold) and len(lines[0]) > len(bold) and not _run_in_label(bold, lines[0][len(bold):]):
            heading = bold.rstrip(":.").strip()
            lines[0] = lines[0][len(bold):].lstrip(" :.–—-")
        label = f"{number}." if ordered else "•"
        box = _TASK_BOX.match(lines[0])  # a task list's "[ ]" / "[x]" (GitHub, Obsidian): a checklist's box
        if box and not ordered:
            label, lines[0] = "☐" if box.group(1) == " " else "☑", lines[0][box.end():]
        marker = Marker("1." if ordered else "•", number if ordered else None, 0, label)
        line = li.get("data-line")
        blocks.append(Block(lines, marker, "li", heading=heading, links=_links([li], ctx),
                            line=int(line) if line and line.isdigit() else None, plain=plain if heading else None))
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
