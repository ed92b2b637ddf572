"""The Flask front end and JSON API over the knowledge base (app factory as in the flaskr tutorial)."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect

from kb import MAX_FILE_MB, QUERY_TIME_LIMIT_MS, setting

csrf = CSRFProtect()
DEFAULT_BASE = "http://localhost"  # absolute URLs without KB_BASE_URL or `kb serve`'s own address
WEB_LOCK_TIMEOUT = 30  # seconds an upload or removal waits for the writes before it (KB_LOCK_TIMEOUT)


class KBFlask(Flask):
    """Flask whose absolute URLs (permalinks, the feed, downloads, next pages) start with KB_BASE_URL, else
    with the address `kb serve` listens on (KB_LISTEN_URL), else http://localhost: never with the Host header
    a request happened to send."""

    def url_for(self, endpoint: str, *, _external: bool | None = None, **values) -> str:
        base = self.config["KB_BASE_URL"] or self.config.get("KB_LISTEN_URL") or DEFAULT_BASE
        if not (_external and request):
            return super().url_for(endpoint, _external=_external, **values)
        path = super().url_for(endpoint, _external=False, **values)
        root = request.script_root if request else ""
        return base + (path[len(root):] if root and path.startswith(root) else path)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config from the environment (or `test_config`), blueprints, security hooks."""
    app = KBFlask(__name__)
    app.config.from_mapping(
        KB_HOME=os.environ.get("KB_HOME") or None,
        KB_ADMIN_TOKEN=os.environ.get("KB_ADMIN_TOKEN") or None,
        KB_READ_PASSWORD=os.environ.get("KB_READ_PASSWORD") or None,
        SECRET_KEY=os.environ.get("SECRET_KEY") or None,
        MAX_CONTENT_LENGTH=int(os.environ.get("MAX_CONTENT_LENGTH") or _max_upload()),
        KB_LOCK_TIMEOUT=float(os.environ.get("KB_LOCK_TIMEOUT") or WEB_LOCK_TIMEOUT),  # seconds an upload waits for
        # another writer: uploads queue (kb ingest gives up after 5 s by default)
        KB_QUERY_TIME_LIMIT_MS=setting("KB_QUERY_TIME_LIMIT_MS", QUERY_TIME_LIMIT_MS),  # a search's time budget
        KB_MAX_EXPORTS=setting("KB_MAX_EXPORTS", 2, 1),  # downloads (CSV, Markdown) built at once
        KB_TRUSTED_PROXIES=setting("KB_TRUSTED_PROXIES", 0),  # proxies in front whose X-Forwarded-For is believed
        KB_ADMIN_SESSION_MINUTES=setting("KB_ADMIN_SESSION_MINUTES", 480),  # an admin login lasts this long
        KB_BASE_URL=(os.environ.get("KB_BASE_URL") or "").rstrip("/") or None,  # for permalinks, feed, downloads
        KB_PREVIEW_DIR=os.environ.get("KB_PREVIEW_DIR") or None,  # where uploads wait for "Store" (default: temp)
        KB_PREVIEW_MINUTES=setting("KB_PREVIEW_MINUTES", 60, 1),  # a preview is held this long
        KB_PREVIEW_MAX=setting("KB_PREVIEW_MAX", 20, 1),  # previews held at once; the oldest go first
        SESSION_COOKIE_SECURE=os.environ.get("KB_COOKIE_SECURE") == "1",
        LOGIN_MAX_FAILURES=5,
        LOGIN_LOCKOUT_SECONDS=60,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.json.sort_keys = False  # keep the field order of kb search --json
    if test_config:
        app.config.update(test_config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _persistent_secret(app)
    base = app.config["KB_BASE_URL"]
    if base and not base.startswith(("http://", "https://")):
        raise ValueError(f"KB_BASE_URL must start with http:// or https://, not {base[:60]!r}")

    from web import admin, api, errors, pages, previews, references, security

    security.init_app(app)  # first: members-only reading is checked before anything else
    csrf.init_app(app)
    csrf.exempt(api.bp)  # the API authenticates writes with a bearer token, never a cookie
    errors.init_app(app)
    pages.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(previews.bp)
    references.init_app(app)
    recover_at_start(app)
    return app


def recover_at_start(app: Flask) -> None:
    """Complete a write that was committed but not finished (a kill, a full disk), so that its updates are
    searchable from the start, not only after the next write; a busy or read-only directory is left as it is."""
    from kb import KBError, KnowledgeBase
    from web.context import kb_root

    home = kb_root(app)
    if not (home / "txn").exists():
        return
    try:
        done = KnowledgeBase(home, lock_timeout=0).recover()
    except KBError as e:
        app.logger.warning("an unfinished write in %s is left for the next write: %s", home, e)
        return
    if done:
        app.logger.info("an unfinished write in %s was %s", home, done)

def _max_upload() -> int:
    """The upload limit in bytes: KB_MAX_FILE_MB (the CLI's limit on a file), 5 MiB by default."""
    return setting("KB_MAX_FILE_MB", MAX_FILE_MB, 1) * 1024 * 1024


def _persistent_secret(app: Flask) -> str:
    """The session key kept in the knowledge-base directory, so logins survive a restart."""
    from web.context import kb_root

    path = Path(kb_root(app)) / "web-secret-key"
    try:
        return path.read_text(encoding="ascii").strip()
    except OSError:
        pass
    key = secrets.token_hex(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(key)
    except FileExistsError:  # another process won the race: use its key
        return path.read_text(encoding="ascii").strip()
    except OSError:
        app.logger.warning("cannot store a session key in %s; logins end when the server stops", path.parent)
    return key
