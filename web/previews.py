"""The secretary's preview and corrections: an upload is shown as it reads before anything is stored (each
update's date and where it came from, its title, its items, what was left out, what needs a look), corrected
there, then stored or cancelled; a stored update's reading is shown and corrected on its admin page."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from werkzeug.exceptions import BadRequest

from kb import Correction, IngestError, KBError, Preview, WriteUnfinished
from web import held, upload
from web.admin import UPLOAD_ERROR, admin_required, summary
from web.context import get_kb
from web.errors import describe

bp = Blueprint("previews", __name__, url_prefix="/admin")
EXPIRED = ("This preview is no longer held: it expired, was stored or cancelled already, or the server was "
           "restarted. Nothing was stored: upload the file again.")
KINDS = {"date", "title", "heading", "not-heading", "split", "merge"}


@bp.post("/upload")
@admin_required
def upload_file():
    """Read the uploaded file and show its preview; nothing is stored before "Store"."""
    try:
        data, name, given = upload.checked_upload(request.files, request.form)
        get_kb().preview_bytes(data, name, given)  # a file that cannot be read is refused now, not held
    except (BadRequest, IngestError, KBError) as e:
        status, _, message, _ = describe(e)
        flash(message if status != 503 else f"Nothing was changed: {e}", UPLOAD_ERROR)
        return redirect(url_for("admin.index"), 303)
    return redirect(url_for("previews.show", token=held.hold(data, name, given)), 303)


@bp.get("/preview/<token>")
@admin_required
def show(token: str):
    """The preview of a held upload, with its corrections so far."""
    found = _held(token)
    if found is None:
        return redirect(url_for("admin.index"), 303)
    item, preview = found
    return render_template("preview.html", preview=preview, token=token, made=item.corrections)


@bp.post("/preview/<token>/correct")
@admin_required
def correct_preview(token: str):
    """Add a correction to a preview (kept with the held upload; refused with why when it does not fit)."""
    found = _held(token)
    if found is None:
        return redirect(url_for("admin.index"), 303)
    item, _ = found
    try:
        correction = _correction(request.form)
    except BadRequest as e:
        flash(e.description, UPLOAD_ERROR)
        return redirect(url_for("previews.show", token=token), 303)
    made = [held_correction(c) for c in item.corrections] + [correction]
    preview = get_kb().preview_bytes(item.data, item.name, item.given, made)
    for refused in preview.refused:
        flash(f"Not corrected: {refused}", UPLOAD_ERROR)
    held.keep_corrections(item, [_as_dict(c) for c in preview.corrections])
    return redirect(url_for("previews.show", token=token), 303)


@bp.post("/preview/<token>/undo")
@admin_required
def undo(token: str):
    """Take back one correction of a preview."""
    found = _held(token)
    if found is None:
        return redirect(url_for("admin.index"), 303)
    item, _ = found
    index = request.form.get("index", "")
    kept = [c for k, c in enumerate(item.corrections) if str(k) != index]
    held.keep_corrections(item, kept)
    return redirect(url_for("previews.show", token=token), 303)


@bp.post("/preview/<token>/store")
@admin_required
def store(token: str):
    """Store the held upload as previewed, with its corrections, through the same write as any ingest."""
    found = _held(token)
    if found is None:
        return redirect(url_for("admin.index"), 303)
    item, _ = found
    try:
        report = get_kb().ingest_bytes(item.data, item.name, item.given, [held_correction(c) for c in item.corrections])
    except WriteUnfinished as e:  # committed: it is completed by the next write or the server's start
        held.drop(token)
        flash(f"The upload was saved but not finished, so searches do not show it yet: {e}.", UPLOAD_ERROR)
        return redirect(url_for("admin.index"), 303)
    except (IngestError, KBError) as e:
        status, _, message, _ = describe(e)
        flash(message if status != 503 else f"Nothing was changed: {e}", UPLOAD_ERROR)
        return redirect(url_for("previews.show", token=token), 303)
    held.drop(token)
    session["upload_report"] = summary(report)
    return redirect(url_for("admin.upload_result"), 303)


@bp.post("/preview/<token>/cancel")
@admin_required
def cancel(token: str):
    """Let the held upload go: nothing was stored."""
    held.drop(token)
    flash("Cancelled: nothing was stored.")
    return redirect(url_for("admin.index"), 303)


@bp.get("/updates/<update_id>")
@admin_required
def update(update_id: str):
    """A stored update as it was read, with what needs a look and the forms to correct it."""
    found = get_kb().get_update(update_id)
    return render_template("admin_update.html", update=found)


@bp.post("/updates/<update_id>/correct")
@admin_required
def correct_update(update_id: str):
    """Correct a stored update (`kb correct`): stored again at once, under its new id when that changes."""
    kb = get_kb()
    kb.get_update(update_id)  # 404 for an unknown id
    try:
        done = kb.correct(update_id, _correction(request.form))
    except BadRequest as e:
        flash(e.description, UPLOAD_ERROR)
        return redirect(url_for("previews.update", update_id=update_id), 303)
    except KBError as e:
        flash(str(e), UPLOAD_ERROR)
        return redirect(url_for("previews.update", update_id=update_id), 303)
    moved = f" It is now {done['now']}." if done["now"] and done["now"] != update_id else ""
    flash(f"Corrected: {done['corrected']}.{moved}")
    return redirect(url_for("previews.update", update_id=done["now"] or update_id), 303)


def _held(token: str) -> tuple[held.Held, Preview] | None:
    """The held upload and its preview; None (with the reason flashed) when it is no longer held."""
    try:
        item = held.load(token)
        return item, get_kb().preview_bytes(item.data, item.name, item.given,
                                            [held_correction(c) for c in item.corrections])
    except held.Expired:
        flash(EXPIRED, UPLOAD_ERROR)
        return None


def _correction(form) -> Correction:
    """The correction a form asks for: kind, and `value` (date, title) or `line`; `update` names the update
    as read (the preview's; a stored update's page needs none)."""
    kind = form.get("kind", "")
    if kind not in KINDS:
        raise BadRequest("Choose what to correct.")
    if kind in ("date", "title"):
        value = " ".join(form.get("value", "").split())
        if not value:
            raise BadRequest(f"Give the {kind}." if kind == "title" else "Give the date (YYYY-MM-DD).")
        return Correction(kind, value, update=form.get("update") or None)
    line = form.get("line", "").strip()
    if not line.isdigit() or int(line) < 1:
        raise BadRequest(f"The line {line[:20]!r} is not a line number: give the number shown beside the line.")
    return Correction(kind, line=int(line))


def held_correction(data: dict) -> Correction:
    return Correction(data["kind"], data.get("value"), data.get("update"), data.get("line"), data.get("said"))


def _as_dict(c: Correction) -> dict:
    return {key: value for key, value in vars(c).items() if value is not None}
