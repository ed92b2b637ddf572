"""The secretary's page: log in with the admin token, upload an archive file, remove an update."""
from __future__ import annotations

import hashlib
from functools import wraps

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from werkzeug.exceptions import BadRequest, Forbidden, TooManyRequests, Unauthorized

from kb.core import KBError
from kb.models import IngestError
from web import upload
from web.context import get_kb
from web.errors import kept_headers
from web.security import check_admin_token, same_secret

bp = Blueprint("admin", __name__, url_prefix="/admin")
RECENT = 20


def _token_mark() -> str:
    """What the session keeps: a digest of the token, so changing the token ends every login."""
    return hashlib.sha256(current_app.config["KB_ADMIN_TOKEN"].encode("utf-8")).hexdigest()


def logged_in() -> bool:
    """True when this session logged in with the current admin token."""
    return bool(current_app.config["KB_ADMIN_TOKEN"]) and same_secret(session.get("admin"), _token_mark())


def ensure_enabled() -> None:
    """403 when the server has no admin token (uploads and removals are then impossible)."""
    if not current_app.config["KB_ADMIN_TOKEN"]:
        raise Forbidden("The admin page is disabled: the server has no KB_ADMIN_TOKEN set.")


def admin_required(view):
    """Send a visitor who is not logged in to the login form."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        ensure_enabled()
        if not logged_in():
            return redirect(url_for("admin.index"))
        return view(*args, **kwargs)
    return wrapped


def _page(status: int = 200, **context):
    recent = get_kb().list_updates(limit=RECENT)
    return render_template("admin.html", recent=recent, **context), status


@bp.get("")
def index():
    """The login form, or the upload form and recent updates once logged in."""
    ensure_enabled()
    if not logged_in():
        return render_template("login.html")
    return _page()


@bp.post("/login")
def login():
    """Check the token (throttled after repeated failures) and start an admin session."""
    try:
        check_admin_token(request.form.get("token", ""))
    except (Unauthorized, TooManyRequests) as e:
        return render_template("login.html", error=e.description), e.code, kept_headers(e)
    session.clear()
    session["admin"] = _token_mark()
    flash("You are logged in.")
    return redirect(url_for("admin.index"))


@bp.post("/logout")
def logout():
    """End the admin session."""
    session.clear()
    flash("You are logged out.")
    return redirect(url_for("admin.index"))


@bp.post("/upload")
@admin_required
def upload_file():
    """Ingest the uploaded file and show what it added, changed or skipped."""
    try:
        report = upload.ingest_upload(request.files, request.form)
    except BadRequest as e:
        return _page(400, error=e.description)
    except IngestError as e:
        return _page(422, error=str(e))
    except KBError as e:
        return _page(503, error=f"Nothing was changed: {e}")
    return _page(201 if report.new else 200, report=report)


@bp.route("/remove/<update_id>", methods=["GET", "POST"])
@admin_required
def remove(update_id: str):
    """Ask for confirmation (GET), then remove the update and its items (POST)."""
    kb = get_kb()
    update = kb.get_update(update_id)
    if request.method == "GET":
        return render_template("remove.html", update=update)
    kb.remove([update.id])
    flash(f"Removed “{update.title}” ({update.date.isoformat()}) and its {len(update.items)} items.")
    return redirect(url_for("admin.index"))
