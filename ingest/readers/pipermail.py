"""A Mailman (pipermail) archive page of one message saved as HTML: the subject in its <h1>, the sender in
<b>, the date in <i>, and the message between <!--beginarticle--> and <!--endarticle-->, read as an e-mail
(quotes, list footer and signature left out as for any message)."""
from __future__ import annotations

import re
from datetime import date

from vocab.models import IngestError

from ingest.blocks import DraftUpdate
from ingest.readers.html import BR, soup_of
from ingest.readers.mail import read_message
from vocab.text import squash

_BEGIN, _END = "<!--beginarticle-->", "<!--endarticle-->"
_ASCTIME = re.compile(r"\b(?P<wd>Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
                      r"\s+(?P<day>\d{1,2})\s+(?P<time>\d\d:\d\d(?::\d\d)?)\s+(?:[A-Z][\w+-]*\s+)?(?P<year>\d{4})\b")


def is_message_page(text: str) -> bool:
    """True for a pipermail message page (its article marks in order)."""
    begin = text.find(_BEGIN)
    return begin >= 0 and text.find(_END, begin) > begin


def read_message_page(text: str, name: str, given: date | None) -> tuple[list[DraftUpdate], list[str]]:
    """The one update of a pipermail message page, and its left-out lines."""
    begin = text.find(_BEGIN)
    head, article = soup_of(text[:begin]), soup_of(text[begin + len(_BEGIN):text.find(_END, begin)])
    subject = squash(head.h1.get_text(" ")) if head.h1 else ""
    sender = squash(head.b.get_text(" ")) if head.b else ""
    stamp = next((m for i in head.find_all("i") if (m := _ASCTIME.search(i.get_text(" ")))), None)
    if not subject:
        raise IngestError(name, "the archived message page has no subject heading (<h1>)")
    headers = [f"Subject: {subject}"] + ([f"From: {sender}"] if sender else [])
    if stamp:
        headers.append(f"Date: {stamp['wd']}, {stamp['day']} {stamp['mon']} {stamp['year']} {stamp['time']} +0000")
    body = article.get_text("").replace(BR, "\n")
    message = ("\n".join(headers) + "\nContent-Type: text/plain; charset=utf-8\n\n" + body).encode()
    draft, skipped = read_message(message, name, "the archived message", given)
    return [draft], skipped
