"""Archive files in, dated updates with numbered, tagged items out: pure functions, no index access.

The names below are loaded on first use, so that importing one module of the package (the topic list
for a search, the date parser for a query) does not load every reader.
"""
from importlib import import_module

__all__ = ["parse_archive", "updates_from_drafts", "update_id", "Taxonomy", "Topic", "load_taxonomy", "Directory",
           "Organisation", "load_organisations"]
_HOMES = {"parse_archive": "ingest.archive", "updates_from_drafts": "ingest.archive", "update_id": "ingest.archive",
          "Taxonomy": "vocab.topics", "Topic": "vocab.topics", "load_taxonomy": "vocab.topics",
          "Directory": "vocab.organisations", "Organisation": "vocab.organisations",
          "load_organisations": "vocab.organisations"}


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'ingest' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
