"""How the mail and feed readers scale: parse time of generated mbox files and RSS feeds as they grow
(linear means the per-message time stays flat), and how fast a gzip bomb is refused.

    python -m benchmarks.readers              # about half a minute
    python -m benchmarks.readers --sizes 100 1000 4000
"""
from __future__ import annotations

import argparse
import gzip
import time
from datetime import date, timedelta

from ingest import parse_archive
from ingest.decode import MAX_GUNZIPPED
from kb import IngestError

_BODY = ("The small grants round opens on {day:%d %B}. Grants of up to 2,000 pounds are available for "
         "collections care.\n\n1. Reopening. Museums may reopen from {day:%d %B}.\n2. Volunteers. The training day"
         " is on Saturday.\n\n9:00 Breakfast\n9:30 Welcome\n\n> a quoted line of the earlier message\n\n-- \nJo Bloggs\n")


def mbox(messages: int) -> bytes:
    """An mbox of `messages` dated plain-text messages."""
    parts = []
    for n in range(messages):
        day = date(2020, 1, 1) + timedelta(days=n % 2000)
        parts.append(f"From jo@example.org Mon Jan  1 09:00:00 2020\nFrom: Jo Bloggs <jo@example.org>\n"
                     f"Subject: [list] Update {n}\nDate: {day:%a, %d %b %Y} 09:00:00 +0000\n"
                     f"Message-ID: <{n}@example.org>\n\n{_BODY.format(day=day)}\n")
    return "".join(parts).encode()


def rss(items: int) -> bytes:
    """An RSS 2.0 feed of `items` dated items with HTML descriptions."""
    entries = []
    for n in range(items):
        day = date(2020, 1, 1) + timedelta(days=n % 2000)
        body = "".join(f"&lt;p&gt;{para}&lt;/p&gt;" for para in _BODY.format(day=day).split("\n\n")[:2])
        entries.append(f"<item><title>Update {n}</title><link>https://example.org/{n}/</link>"
                       f"<pubDate>{day:%a, %d %b %Y} 09:00:00 +0000</pubDate><category>News</category>"
                       f"<description>{body}</description></item>")
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>{''.join(entries)}</channel></rss>".encode()


def timed(data: bytes, name: str) -> tuple[float, int]:
    """Seconds to parse one file, and its number of updates."""
    start = time.perf_counter()
    archive = parse_archive(data, name)
    return time.perf_counter() - start, len(archive.updates)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    args = parser.parse_args(argv)
    print(f"{'input':<8} {'entries':>8} {'bytes':>12} {'seconds':>9} {'ms/entry':>9}")
    for kind, make, name in (("mbox", mbox, "big.mbox"), ("rss", rss, "big.rss")):
        for size in args.sizes:
            data = make(size)
            seconds, updates = timed(data, name)
            assert updates == size, (kind, size, updates)
            print(f"{kind:<8} {size:>8,} {len(data):>12,} {seconds:>9.2f} {1000 * seconds / size:>9.2f}")
    bomb = gzip.compress(b"\0" * (MAX_GUNZIPPED * 4), compresslevel=9)
    start = time.perf_counter()
    try:
        parse_archive(bomb, "bomb.txt.gz")
    except IngestError as e:
        print(f"gzip bomb of {len(bomb):,} bytes (unpacks to {MAX_GUNZIPPED * 4:,}): refused in "
              f"{time.perf_counter() - start:.2f} s: {e.reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
