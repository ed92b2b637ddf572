"""The one place where the readers of this package turn a message's or an entry's body into blocks."""
from __future__ import annotations

from ingest.blocks import Block, text_blocks
from ingest.html import element_blocks, soup_of


def html_body_blocks(html: str, base_url: str | None, skipped: list[str]) -> list[Block]:
    """The blocks of an HTML body (a message's HTML part, a post's content); captions go to `skipped`.
    `base_url` is what its relative links resolve against."""
    soup = soup_of(html)
    return element_blocks(soup.body or soup, skipped)


def text_body_blocks(text: str) -> list[Block]:
    """The blocks of a plain-text body (blank lines between paragraphs, list markers open entries)."""
    return text_blocks(text.split("\n"))
