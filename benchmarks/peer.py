"""The peer a technical user would set up instead: SQLite FTS5 via sqlite-utils, served by Datasette."""
from __future__ import annotations

import json
import re
import socket
import sqlite3
import sys
from pathlib import Path

import sqlite_utils

WORD = re.compile(r"\w+")
SEARCH_SQL = """
select items.id, items.date, items.update_title, items.number,
       snippet(items_fts, -1, '<mark>', '</mark>', '…', 24) as snippet
from items_fts join items on items.rowid = items_fts.rowid
where items_fts match :q {filters}
order by rank limit :limit
"""


def build(db_path: Path, items: list[dict]) -> None:
    """Insert the items with sqlite-utils and enable FTS5 with the porter stemmer, as its CLI does."""
    db = sqlite_utils.Database(db_path, recreate=True)
    rows = ({**item, "topics": json.dumps(item["topics"]), "authors": json.dumps(item["authors"]),
             "dates_mentioned": json.dumps(item["dates_mentioned"])} for item in items)
    db["items"].insert_all(rows, pk="id", batch_size=1000)
    db["items"].enable_fts(["heading", "text"], tokenize="porter")
    db.conn.close()


def fts_query(words: str) -> str:
    """Plain words as an FTS5 AND query that cannot be a syntax error; quoted phrases kept."""
    phrases = re.findall(r'"([^"]+)"', words)
    rest = re.sub(r'"[^"]*"', " ", words)
    parts = [f'"{" ".join(WORD.findall(p))}"' for p in phrases if WORD.search(p)]
    return " ".join(parts + [f'"{w}"' for w in WORD.findall(rest)])


def search(conn: sqlite3.Connection, words: str, topic: str | None = None,
           date_from: str | None = None, date_to: str | None = None, limit: int = 10) -> list[tuple]:
    """Top hits with FTS5 snippets, filtered like a sector-kb query."""
    filters, params = [], {"q": fts_query(words), "limit": limit}
    if topic:
        filters.append("and items.topics like :topic")
        params["topic"] = f'%"{topic}"%'
    if date_from:
        filters.append("and items.date >= :date_from")
        params["date_from"] = date_from
    if date_to:
        filters.append("and items.date <= :date_to")
        params["date_to"] = date_to
    return conn.execute(SEARCH_SQL.format(filters=" ".join(filters)), params).fetchall()


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse_items(paths: list[Path]) -> list[dict]:
    """The archive's items as sector-kb's parser yields them (the peer needs a parser too)."""
    from ingest import parse_archive

    return [item.to_dict() for path in paths
            for update in parse_archive(path.read_bytes(), path.name).updates for item in update.items]


def stored_items(db_path: Path) -> list[dict]:
    """The items as the peer stored them (text, topics, date): what the query mix is drawn from."""
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute("select text, topics, date from items order by rowid").fetchall()
    finally:
        conn.close()
    return [{"text": text, "topics": json.loads(topics), "date": day} for text, topics, day in rows]


def add_triggers(db_path: Path) -> None:
    """Keep the FTS table in step with inserts, as `sqlite-utils enable-fts --create-triggers` does."""
    db = sqlite_utils.Database(db_path)
    db["items"].enable_fts(["heading", "text"], tokenize="porter", create_triggers=True, replace=True)
    db.conn.close()


if __name__ == "__main__":  # python -m benchmarks.peer DB ARCHIVE_DIR: the peer's full ingest
    build(Path(sys.argv[1]), parse_items(sorted(Path(sys.argv[2]).glob("*.txt"))))
