"""Security headers, members-only reading, admin-token checks and login throttling."""
from __future__ import annotations

import hashlib
import hmac
import os
import threading
import time

from flask import Flask, Response, abort, current_app, request
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import TooManyRequests, Unauthorized
from werkzeug.middleware.proxy_fix import ProxyFix

from web.context import kb_root

MIN_TOKEN = 16  # characters of KB_ADMIN_TOKEN at least
MIN_PASSWORD = 10  # characters of KB_READ_PASSWORD at least
MIN_VARIETY = {"KB_ADMIN_TOKEN": 8, "KB_READ_PASSWORD": 5}  # different characters (not counting spaces) at least
ADMIN = "admin"  # the kinds of credential, each throttled on its own
MEMBERS = "members"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def init_app(app: Flask) -> None:
    """Check the secrets' lengths, install the hooks, a throttle of failed logins, and ProxyFix when
    KB_TRUSTED_PROXIES says how many proxies stand in front."""
    check_secrets(app.config)
    app.extensions["kb_login_throttle"] = LoginThrottle()
    app.extensions["kb_revoked_sessions"] = Revoked()
    proxies = app.config["KB_TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.before_request(require_read_password)
    app.after_request(add_security_headers)


def check_secrets(config) -> None:
    """ValueError naming the setting when the admin token or members' password is too short or too uniform
    (one letter repeated, spaces) to resist guessing, or the token holds a space."""
    example = "for example: python -c 'import secrets; print(secrets.token_urlsafe(24))'"
    for name, least in (("KB_ADMIN_TOKEN", MIN_TOKEN), ("KB_READ_PASSWORD", MIN_PASSWORD)):
        value = config[name]
        if not value:
            continue
        if len(value) < least:
            raise ValueError(f"{name} must be at least {least} characters long (it has {len(value)}); {example}")
        variety = len(set(value) - set(" \t"))
        if variety < MIN_VARIETY[name]:
            raise ValueError(f"{name} must hold at least {MIN_VARIETY[name]} different characters besides spaces "
                             f"(it has {variety}); {example}")
        if name == "KB_ADMIN_TOKEN" and any(c.isspace() for c in value):
            raise ValueError(f"{name} must not hold spaces or line breaks; {example}")


def add_security_headers(response: Response) -> Response:
    """Every response gets the CSP, nosniff, frame denial and referrer policy; admin pages, and every page
    when reading is members-only, are never stored by a browser or proxy."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config["KB_READ_PASSWORD"] or request.path == "/admin" or request.path.startswith("/admin/"):
        response.headers["Cache-Control"] = "no-store"
    return response


def same_secret(given: str | None, expected: str | None) -> bool:
    """Compare a presented secret with the configured one in constant time."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer ...` header, if any."""
    auth = request.authorization
    if auth is not None and auth.type == "bearer":
        return auth.token
    return None


def require_read_password() -> Response | None:
    """When KB_READ_PASSWORD is set, every request needs it by HTTP basic auth (or the admin token); wrong
    passwords are throttled like wrong admin tokens (a request without one is only asked for it)."""
    password = current_app.config["KB_READ_PASSWORD"]
    if not password:
        return None
    token = bearer_token()
    if token is not None:  # the admin token reads too; a wrong one is counted like a wrong login
        client = client_not_locked_out(ADMIN)
        if same_secret(token, current_app.config["KB_ADMIN_TOKEN"]):
            throttle().succeeded(client)
            return None
        throttle().failed(client)
    auth = request.authorization
    if auth is not None and auth.type == "basic":
        client = client_not_locked_out(MEMBERS)
        if same_secret(auth.password, password):
            throttle().succeeded(client)
            return None
        throttle().failed(client)
    raise Unauthorized(
        "This archive is for members: sign in with the members' password.",
        www_authenticate=WWWAuthenticate("basic", {"realm": "sector-kb members"}),
    )


class LoginThrottle:
    """Locks a client out for a while after repeated failed logins or bad tokens."""

    def __init__(self) -> None:
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> int:
        """Seconds the client must still wait, 0 when it may try."""
        limit, lockout = _limits()
        with self._lock:
            count, last = self._failures.get(client, (0, 0.0))
        if count < limit:
            return 0
        wait = last + lockout - time.monotonic()
        return max(0, int(wait + 0.999))

    def failed(self, client: str) -> None:
        """Record one failed attempt."""
        limit, lockout = _limits()
        now = time.monotonic()
        with self._lock:
            count, last = self._failures.get(client, (0, 0.0))
            if count >= limit and now - last >= lockout:
                count = 0  # the lockout is over: start counting again
            self._failures[client] = (count + 1, now)
            if len(self._failures) > 10_000:
                self._forget_older_than(now - lockout)

    def succeeded(self, client: str) -> None:
        """Forget the client's failures."""
        with self._lock:
            self._failures.pop(client, None)

    def _forget_older_than(self, moment: float) -> None:
        for client, (_, last) in list(self._failures.items()):
            if last < moment:
                del self._failures[client]


def _limits() -> tuple[int, float]:
    return current_app.config["LOGIN_MAX_FAILURES"], current_app.config["LOGIN_LOCKOUT_SECONDS"]


def throttle() -> LoginThrottle:
    """The app's throttle of failed logins."""
    return current_app.extensions["kb_login_throttle"]


def client_key(kind: str) -> str:
    """Who is trying which kind of secret: the client address (the forwarded one only behind a trusted
    proxy, see KB_TRUSTED_PROXIES) and the kind."""
    return f"{kind} {request.remote_addr or 'unknown'}"


def client_not_locked_out(kind: str) -> str:
    """The client trying a kind of secret; 429 while repeated failures lock it out."""
    client = client_key(kind)
    wait = throttle().retry_after(client)
    if wait:
        raise TooManyRequests(f"Too many failed attempts: try again in {wait} seconds.", retry_after=wait)
    return client


def check_admin_token(token: str | None) -> None:
    """Abort 403 when uploads are disabled, 429 when locked out, 401 on a missing or wrong token."""
    expected = current_app.config["KB_ADMIN_TOKEN"]
    if not expected:
        abort(403, description="Uploads are disabled: the server has no KB_ADMIN_TOKEN set.")
    client = client_not_locked_out(ADMIN)
    if not same_secret(token, expected):
        throttle().failed(client)
        raise Unauthorized(
            "A valid admin token is needed (Authorization: Bearer <token>).",
            www_authenticate=WWWAuthenticate("bearer", {"realm": "sector-kb admin"}),
        )
    throttle().succeeded(client)


# ---------------------------------------------------------------- admin sessions

def session_mark(token: str) -> str:
    """What an admin session keeps of the token: an HMAC keyed with the app's secret key (never the token
    or a plain digest of it), so a changed token ends every session; each session also has its own random id
    (`sid`), which logging out revokes."""
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    return hmac.new(key, b"admin-session\0" + token.encode("utf-8"), hashlib.sha256).hexdigest()


class Revoked:
    """The admin sessions logged out before they expired: kept in memory (so a logout holds at once, whatever
    the disk) and in the knowledge base's directory (so it holds after a restart), each until it expires."""

    def __init__(self) -> None:
        self._ids: dict[str, float] = {}  # session id -> when it would have expired (time.time())
        self._lock = threading.Lock()
        self._loaded = False

    def has(self, sid: str) -> bool:
        """True when the session was logged out."""
        self._load()
        with self._lock:
            return sid in self._ids

    def add(self, sid: str, expires: float) -> bool:
        """Log a session out; False when that could not be stored on disk (it holds until a restart)."""
        self._load()
        now = time.time()
        with self._lock:
            self._ids = {k: v for k, v in self._ids.items() if v > now}
            self._ids[sid] = expires
            lines = "".join(f"{k} {v:.0f}\n" for k, v in self._ids.items())
        path = _revoked_file()
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(lines, encoding="ascii")
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)
            current_app.logger.warning("cannot store a logout in %s; it holds until the server restarts", path.parent)
            return False
        return True

    def _load(self) -> None:
        if self._loaded:
            return
        try:
            text = _revoked_file().read_text(encoding="ascii")
        except OSError:
            text = ""
        now = time.time()
        with self._lock:
            for line in text.splitlines():
                sid, _, expires = line.partition(" ")
                if expires.isdigit() and float(expires) > now:
                    self._ids.setdefault(sid, float(expires))
            self._loaded = True


def _revoked_file():
    return kb_root(current_app) / "web-sessions-revoked"


def revoked() -> Revoked:
    """The app's logged-out admin sessions."""
    return current_app.extensions["kb_revoked_sessions"]
