"""The one place where the readers of messages and feed entries turn a body into blocks."""
from __future__ import annotations

from ingest.blocks import Block
from ingest.readers.html import html_to_blocks
from ingest.readers.text import text_to_blocks


def html_body_blocks(html: str, base_url: str | None, skipped: list[str]) -> list[Block]:
    """The blocks of an HTML body (a message's HTML part, a post's content), links made absolute against
    `base_url`; captions and other furniture go to `skipped`."""
    return html_to_blocks(html, base_url, skipped)


def text_body_blocks(text: str) -> list[Block]:
    """The blocks of a plain-text body (blank lines between paragraphs, list markers open entries)."""
    return text_to_blocks(text)
