"""Every error the knowledge base raises. The face (kb/__init__.py) lets out only KBError and its kinds, the
IngestError of a file that cannot be read (from vocab, where the readers raise it) and QueryError; the others
are raised inside kb and turned into a KBError that says what to do."""
from __future__ import annotations

from vocab.models import IngestError

__all__ = ["KBError", "NotFound", "CorrectionRefused", "NoKnowledgeBase", "SearchTooSlow", "WriteUnfinished", "QueryError", "BadQuery", "IngestError",
           "HomeError", "IndexMissing", "IndexUnreadable", "QueryTooSlow"]


class KBError(Exception):
    """A knowledge-base operation that cannot be done (busy, unknown id, unwritable directory...)."""


class NotFound(KBError):
    """An item or update id that the knowledge base does not hold."""


class CorrectionRefused(KBError):
    """A correction that does not fit how the update reads (that line is no heading, no item starts there, a
    date that is not one, an id another file's update holds): nothing was changed."""


class NoKnowledgeBase(KBError):
    """A directory that holds no knowledge base, opened without asking to create one."""


class WriteUnfinished(KBError):
    """A write that was committed but could not be finished (a full disk): it is completed by the next write
    or when a server starts, once there is room; until then searches do not see it."""


class SearchTooSlow(KBError):
    """A search that ran past its time budget."""


class QueryError(ValueError):
    """A filter that cannot be understood (a date that is not a date)."""


class BadQuery(KBError, QueryError):
    """A search filter that cannot be understood (also a ValueError, which the web turns into a 400)."""


class HomeError(Exception):
    """The knowledge-base directory cannot be used (unwritable, busy); the face turns it into a KBError."""


class IndexMissing(Exception):
    """The live index cannot be opened although the knowledge base has records."""


class IndexUnreadable(Exception):
    """The live index is damaged: Whoosh failed reading its files."""


class QueryTooSlow(Exception):
    """A search ran past its time budget (see kb.index.time_limit); the face turns it into SearchTooSlow."""
