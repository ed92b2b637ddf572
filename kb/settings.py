"""The settings read from the environment, with their defaults."""
from __future__ import annotations

import os

from kb.errors import KBError

QUERY_TIME_LIMIT_MS = 2000  # a search's time budget (KB_QUERY_TIME_LIMIT_MS; 0 for none)
MAX_FILE_MB = 5  # the largest archive file read (KB_MAX_FILE_MB), as the upload limit


def setting(name: str, default: int, least: int = 0) -> int:
    """A whole-number setting from the environment; KBError naming it when it is not one."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9) or int(raw) < least:
        raise KBError(f"{name} must be a whole number{f' of at least {least}' if least else ''}, not {raw[:40]!r}")
    return int(raw)
