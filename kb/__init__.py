"""sector-kb as a library: open a knowledge base, search it, read its items and updates, add to it.

    from kb import KnowledgeBase, SearchRequest
    result = KnowledgeBase("~/kb").search(SearchRequest(q="furlough in April", limit=5))

This module is the face: the `kb` command and the web app import only what it exports. Names are imported on
first use, so `import kb` stays cheap (the CLI starts through it); the imports under TYPE_CHECKING say the same
thing to type checkers and to the layer contracts (import-linter), and a test holds the two lists together."""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kb.core import KnowledgeBase, TopicCount
    from kb.crossrefs import ItemReferences, describe, segments
    from kb.errors import BadQuery, CorrectionRefused, IngestError, KBError, NotFound, QueryError, SearchTooSlow, WriteUnfinished
    from kb.gaps import text_lines as gap_lines
    from kb.home import resolve as resolve_root
    from kb.ingesting import FileReport, IngestReport, archive_suffixes, expand_paths, formats, is_url, media_types
    from kb.previews import Preview
    from kb.query import date_bound as check_date
    from kb.results import Hit, SearchRequest, SearchResult, TimelineEntry
    from kb.settings import MAX_FILE_MB, QUERY_TIME_LIMIT_MS, setting
    from kb.spreadsheets import write_csv
    from kb.vocabulary import OrganisationCount
    from vocab.models import Correction, Item, Link, Reference, Update
    from vocab.text import slugify

_WHERE = {  # public name -> (module, name there)
    **{name: ("kb.core", name) for name in ("KnowledgeBase", "TopicCount")},
    **{name: ("kb.crossrefs", name) for name in ("ItemReferences", "describe", "segments")},
    **{name: ("kb.errors", name) for name in ("BadQuery", "CorrectionRefused", "IngestError", "KBError", "NotFound", "QueryError",
                                              "SearchTooSlow", "WriteUnfinished")},
    "gap_lines": ("kb.gaps", "text_lines"),
    "resolve_root": ("kb.home", "resolve"),
    **{name: ("kb.ingesting", name) for name in ("FileReport", "IngestReport", "archive_suffixes", "expand_paths",
                                                 "formats", "is_url", "media_types")},
    "Preview": ("kb.previews", "Preview"),
    "check_date": ("kb.query", "date_bound"),
    **{name: ("kb.results", name) for name in ("Hit", "SearchRequest", "SearchResult", "TimelineEntry")},
    **{name: ("kb.settings", name) for name in ("MAX_FILE_MB", "QUERY_TIME_LIMIT_MS", "setting")},
    "OrganisationCount": ("kb.vocabulary", "OrganisationCount"),
    "write_csv": ("kb.spreadsheets", "write_csv"),
    "slugify": ("vocab.text", "slugify"),
    **{name: ("vocab.models", name) for name in ("Correction", "Item", "Link", "Reference", "Update")},
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    """The public names, from their modules on first use."""
    if name not in _WHERE:
        raise AttributeError(f"module 'kb' has no attribute {name!r}")
    module, attr = _WHERE[name]
    value = getattr(import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
