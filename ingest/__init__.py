"""Archive files in, dated updates with numbered, tagged items out: pure functions, no index access.

The entry point is `parse_archive(data, name, vocabulary, given_date) -> Archive`; the formats it reads are the
registry's, `ingest.readers.READERS`. The names below are loaded on first use, so that reading the registry
(to walk a folder) does not load the segmenter.
"""
from importlib import import_module

__all__ = ["parse_archive", "updates_from_drafts", "update_id"]
_HOMES = {"parse_archive": "ingest.archive", "updates_from_drafts": "ingest.archive", "update_id": "ingest.archive"}


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'ingest' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
