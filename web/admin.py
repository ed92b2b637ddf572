"""The secretary's page: log in with the admin token, the updates that need a look, the upload form (its preview
and corrections: web.previews), remove an update."""
from __future__ import annotations

import secrets
import time
from functools import wraps

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from werkzeug.exceptions import Forbidden, TooManyRequests, Unauthorized

from kb import FileReport, archive_suffixes, media_types
from web.context import get_kb
from web.errors import kept_headers
from web.filters import human_date
from web.security import check_admin_token, revoked, same_secret, session_mark

bp = Blueprint("admin", __name__, url_prefix="/admin")
RECENT = 20
WRONG_TOKEN = "That token is not right. Check it (it is case-sensitive) and try again."
UPLOAD_ERROR = "upload-error"  # the flash category of a refused upload, shown above the upload form
REPORT_IDS = 20  # the result page names this many new or changed updates; the session cookie stays small
REPORT_CUTS = 5  # and this many of the cuts ingest's caps made (`kb ingest --json` lists them all)


# what the upload's file picker offers: the suffixes `kb ingest` reads in a folder, and their media types
ACCEPT = ",".join([suffix for suffix in sorted(archive_suffixes()) if suffix] + media_types())


def logged_in() -> bool:
    """True when this session logged in with the current admin token less than KB_ADMIN_SESSION_MINUTES ago
    and has not logged out."""
    token = current_app.config["KB_ADMIN_TOKEN"]
    if not token or not same_secret(session.get("admin"), session_mark(token)):
        return False
    age = time.time() - session.get("since", 0)
    sid = session.get("sid")
    return 0 <= age < _lifetime() and isinstance(sid, str) and not revoked().has(sid)


def _lifetime() -> float:
    """Seconds an admin session lasts."""
    return current_app.config["KB_ADMIN_SESSION_MINUTES"] * 60


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


def _page(**context):
    kb = get_kb()
    recent = kb.list_updates(limit=RECENT)
    review = kb.review_updates()
    return render_template("admin.html", recent=recent, review=review[:RECENT], review_count=len(review),
                           stale=kb.correction_notes()[:RECENT], accept=ACCEPT, **context)


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
        error = WRONG_TOKEN if isinstance(e, Unauthorized) else e.description
        return render_template("login.html", error=error), e.code, kept_headers(e)
    session.clear()
    session.update(admin=session_mark(current_app.config["KB_ADMIN_TOKEN"]), since=time.time(),
                   sid=secrets.token_hex(16))
    flash("You are logged in.")
    return redirect(url_for("admin.index"))


@bp.post("/logout")
@admin_required
def logout():
    """End this admin session (a copy of its cookie no longer logs in); other admins stay logged in."""
    stored = revoked().add(session["sid"], session.get("since", 0) + _lifetime())
    session.clear()
    flash("You are logged out." if stored else
          "You are logged out. The knowledge base's directory cannot be written, so this logout is kept only "
          "until the server restarts: a copy of this session's cookie would log in again after a restart.")
    return redirect(url_for("admin.index"))


@bp.get("/upload")
@admin_required
def upload_result():
    """What the last upload of this session added, changed or skipped (the upload itself is previewed first:
    web.previews)."""
    report = session.get("upload_report")
    if report is None:
        return redirect(url_for("admin.index"))
    return _page(report=report)


def summary(report: FileReport) -> dict:
    """The ingest report as the result page shows it, small enough for the session cookie."""
    return {"name": report.name, "format": report.format, "new": report.new[:REPORT_IDS], "new_count": len(report.new),
            "dropped": report.dropped[:REPORT_IDS], "corrected_count": len(report.corrected),
            "unapplied": report.unapplied[:REPORT_IDS],
            "changed": report.changed[:REPORT_IDS], "changed_count": len(report.changed),
            "unchanged_count": len(report.unchanged), "item_count": report.items, "skipped_count": len(report.skipped),
            "replaces": [list(pair) for pair in report.replaces[:REPORT_IDS]],
            "warnings": report.warnings[:REPORT_IDS], "cut": report.cut[:REPORT_CUTS], "cut_count": len(report.cut)}


@bp.route("/remove/<update_id>", methods=["GET", "POST"])
@admin_required
def remove(update_id: str):
    """Ask for confirmation (GET), then remove the update and its items (POST)."""
    kb = get_kb()
    update = kb.get_update(update_id)
    if request.method == "GET":
        return render_template("remove.html", update=update)
    kb.remove([update.id])
    dated = "" if human_date(update.date) in update.title else f" ({human_date(update.date)})"
    flash(f"Removed “{update.title}”{dated} and its {len(update.items)} items.")
    return redirect(url_for("admin.index"))
