"""Per-request access to the knowledge base (the `get_db` of the flaskr tutorial)."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g

from kb import KnowledgeBase, resolve_root


def get_kb() -> KnowledgeBase:
    """The knowledge base for this request, opened on first use; searchers are opened per call."""
    if "kb" not in g:
        config = current_app.config
        g.kb = KnowledgeBase(config["KB_HOME"], lock_timeout=config["KB_LOCK_TIMEOUT"],
                             query_time_limit_ms=config["KB_QUERY_TIME_LIMIT_MS"])
    return g.kb


def close_kb(exc: BaseException | None = None) -> None:
    """Release the request's knowledge base, if it was opened."""
    kb = g.pop("kb", None)
    close = getattr(kb, "close", None)
    if close is not None:
        close()


def kb_root(app: Flask) -> Path:
    """The knowledge-base directory the app serves."""
    return resolve_root(app.config["KB_HOME"])
