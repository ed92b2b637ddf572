"""A site's chrome that reaches a page's, a Markdown file's or a text's body as blocks of its own: a row of social links
("Bluesky", "LinkedIn", "GitHub"), a copyright line ("© 2019-2025 The Society"), a reading-time line ("☕ 3 min
read"), a row of tag buttons, an e-mail's preheader ("View this email in your browser"). Each is left out whole
and listed; a block with any other text is kept."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from ingest.blocks import Block
from vocab.dates import find_dates
from vocab.text import word_count

SOCIAL_NAMES = frozenset("""bluesky mastodon linkedin github gitlab facebook instagram x twitter youtube tiktok threads
    flickr pinterest vimeo rss feed email e-mail whatsapp telegram reddit substack medium soundcloud""".split())
SOCIAL_HOSTS = ("bsky.app", "mastodon.", "linkedin.com", "github.com", "gitlab.com", "facebook.com", "instagram.com",
                "twitter.com", "x.com", "youtube.com", "youtu.be", "tiktok.com", "threads.net", "flickr.com",
                "pinterest.", "vimeo.com", "reddit.com", "substack.com", "medium.com")
_SEPARATORS = re.compile(r"[\s|·•,/–—-]+")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)", re.I)
_YEAR_OR_RIGHTS = re.compile(r"\b(?:19|20)\d\d\b|all rights reserved", re.I)
_READING_TIME = re.compile(r"^\W*(?:(?:reading|read)\s+time\s*:?\s*)?(?:about\s+)?\d{1,3}\s*(?:-\s*\d{1,3}\s*)?"
                           r"(?:min(?:ute)?s?|m)\.?(?:\s+(?:read|reading|to read))?\W*$", re.I)
_TAG_PATH = re.compile(r"/(?:tags?|categor(?:y|ies)|topics?|labels?)/", re.I)
# an e-mail's preheader: "View this email in your browser (https://...)", "Can't see this email? View it online"
_VIEW_ONLINE = re.compile(r"^(?:(?:having trouble|trouble|problems?|can[’']?t|cannot|unable to) (?:viewing|seeing|reading|see|"
                          r"view|read) this (?:e-?mail|message|newsletter|bulletin)\??\s*)?(?:please\s+)?(?:click here to\s+)?"
                          r"view (?:this|it|the|our)?\s*(?:e-?mail|message|newsletter|bulletin|web version|online version)?"
                          r"\s*(?:online|in (?:(?:your|a|the) )?(?:web )?browser|as a web ?page|on (?:the|our) website)"
                          r"(?:\s*\(?https?://\S+?\)?)?\s*$", re.I)
BACK_TO_TOP = re.compile(r"^\W*(?:back to (?:the )?top|return to (?:the )?top|top of (?:the )?page|top)\W*$", re.I)


def chrome_reason(block: Block) -> str | None:
    """Why a block is a site's chrome ("social links", "copyright", "reading time", "view online", "tag buttons"),
    else None."""
    text = block.text()
    if not text or block.kind == "pre":
        return None
    if block.kind in ("p", "li") and not any(c.isalnum() for c in text):  # a callout's emoji, ornaments: no words
        return "no words"
    if _COPYRIGHT.match(text) and word_count(text) <= 20 and _YEAR_OR_RIGHTS.search(text):
        return "copyright"
    if _READING_TIME.match(_without_leading_date(text)):
        return "reading time"
    if _VIEW_ONLINE.match(text) and word_count(text) <= 20:
        return "view online"
    if block.links and _only_links(text, block):
        if all(_social(link.text, link.url) for link in block.links):
            return "social links"
        if all(_TAG_PATH.search(urlsplit(link.url).path) for link in block.links):
            return "tag buttons"
    return None


def _without_leading_date(text: str) -> str:
    """The text after a date it opens with ("14 March 2024 ☕ 3 min read" -> " ☕ 3 min read")."""
    found = find_dates(text[:60])
    return text[found[0].end:] if found and found[0].start == 0 else text


def _only_links(text: str, block: Block) -> bool:
    """True when the block's text is its links' texts and separators, nothing else ("Follow us" is text)."""
    rest = text
    for link in block.links:
        rest = rest.replace(link.text, " ", 1)
    return not _SEPARATORS.sub("", rest)


def _social(text: str, url: str) -> bool:
    """A link to a social network's page: named for it ("Bluesky", "LinkedIn") or pointing at it."""
    host = urlsplit(url).netloc.lower()
    return text.strip().casefold() in SOCIAL_NAMES or any(host == h or host.endswith("." + h) or
                                                          (h.endswith(".") and h in host) for h in SOCIAL_HOSTS)


def without_chrome(blocks: list[Block], left: list[str]) -> list[Block]:
    """The blocks without a site's chrome, whose lines go to `left`."""
    kept = []
    for block in blocks:
        if chrome_reason(block):
            left.extend(line for line in ([block.heading] if block.heading else []) + block.lines if line.strip())
        else:
            kept.append(block)
    return kept
