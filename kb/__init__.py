"""sector-kb as a library: open a knowledge base, search it, read its items and updates.

    from kb import KnowledgeBase, SearchRequest
    result = KnowledgeBase("~/kb").search(SearchRequest(q="furlough in April", limit=5))

Names are imported on first use, so `import kb` stays cheap (the CLI starts through it)."""
from __future__ import annotations

from importlib import import_module

__all__ = [
    "KnowledgeBase", "SearchRequest", "SearchResult", "Hit", "Item", "Update", "TimelineEntry",
    "KBError", "NotFound", "BadQuery", "IngestError", "QueryError", "Link", "Reference",
]
_WHERE = {
    "KnowledgeBase": "kb.core", "KBError": "kb.core", "NotFound": "kb.core", "BadQuery": "kb.core",
    "SearchRequest": "kb.results", "SearchResult": "kb.results", "Hit": "kb.results", "Item": "vocab.models",
    "Update": "vocab.models", "TimelineEntry": "kb.results", "IngestError": "vocab.models", "QueryError": "kb.query",
    "Link": "vocab.models", "Reference": "vocab.models",
}


def __getattr__(name: str):
    """The public names, from their modules on first use."""
    if name not in _WHERE:
        raise AttributeError(f"module 'kb' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
