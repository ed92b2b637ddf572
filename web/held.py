"""Uploads held between their preview and "Store": the bytes and the corrections made so far, in a temporary
area outside the knowledge-base directory (which a preview never touches), one directory per preview named by
a random token that only the admin session that uploaded it may use. A preview lasts KB_PREVIEW_MINUTES; at
most KB_PREVIEW_MAX are held at once (the oldest go first), each no bigger than an upload may be."""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app, session

from web.context import kb_root

TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
SESSION_KEY = "previews"
PER_SESSION = 3  # previews one admin session keeps open; an older one is let go


class Expired(LookupError):
    """A preview that is no longer held: it expired, was stored or cancelled, or the server lost it."""


@dataclass
class Held:
    """One held upload: its bytes, name, the date given for it, and the corrections made on its preview."""

    token: str
    data: bytes
    name: str
    given: str | None
    created: float
    corrections: list[dict] = field(default_factory=list)


def area() -> Path:
    """The temporary area of this knowledge base's previews (KB_PREVIEW_DIR, else under the system's temp
    directory), made private to the server's user."""
    base = current_app.config.get("KB_PREVIEW_DIR") or Path(tempfile.gettempdir()) / f"sector-kb-previews-{os.getuid()}"
    path = Path(base) / hashlib.sha256(str(kb_root(current_app)).encode()).hexdigest()[:16]
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def hold(data: bytes, name: str, given: str | None) -> str:
    """Keep an upload for its preview: its token, also remembered in this session."""
    sweep()
    token = secrets.token_urlsafe(16)
    folder = area() / token
    folder.mkdir(mode=0o700)
    (folder / "data").write_bytes(data)
    _write_meta(folder, {"name": name, "given": given, "created": time.time(), "corrections": []})
    mine = [t for t in session.get(SESSION_KEY, []) if TOKEN.fullmatch(str(t))]
    for old in mine[PER_SESSION - 1:]:
        drop(old)
    session[SESSION_KEY] = [token] + mine[:PER_SESSION - 1]
    return token


def load(token: str) -> Held:
    """A held upload of this session; Expired when it is not held (any more)."""
    if not TOKEN.fullmatch(token) or token not in session.get(SESSION_KEY, []):
        raise Expired(token)
    folder = area() / token
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        data = (folder / "data").read_bytes()
    except (OSError, ValueError):
        raise Expired(token) from None
    if time.time() - meta["created"] > _lifetime():
        drop(token)
        raise Expired(token)
    return Held(token, data, meta["name"], meta.get("given"), meta["created"], list(meta.get("corrections") or []))


def keep_corrections(held: Held, corrections: list[dict]) -> None:
    """Remember the corrections made on a preview so far."""
    folder = area() / held.token
    _write_meta(folder, {"name": held.name, "given": held.given, "created": held.created, "corrections": corrections})


def drop(token: str) -> None:
    """Let a held upload go (stored, cancelled, or replaced)."""
    if TOKEN.fullmatch(token):
        shutil.rmtree(area() / token, ignore_errors=True)
    if token in session.get(SESSION_KEY, []):
        session[SESSION_KEY] = [t for t in session[SESSION_KEY] if t != token]


def sweep() -> None:
    """Drop the previews past their time, and the oldest beyond KB_PREVIEW_MAX."""
    now, folders = time.time(), []
    for folder in area().iterdir():
        try:
            created = json.loads((folder / "meta.json").read_text(encoding="utf-8"))["created"]
        except (OSError, ValueError, KeyError):
            created = folder.stat().st_mtime
        if now - created > _lifetime():
            shutil.rmtree(folder, ignore_errors=True)
        else:
            folders.append((created, folder))
    for _, folder in sorted(folders)[:max(0, len(folders) - current_app.config["KB_PREVIEW_MAX"] + 1)]:
        shutil.rmtree(folder, ignore_errors=True)


def _lifetime() -> float:
    return current_app.config["KB_PREVIEW_MINUTES"] * 60


def _write_meta(folder: Path, meta: dict) -> None:
    tmp = folder / "meta.json.tmp"
    tmp.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / "meta.json")
