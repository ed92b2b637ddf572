"""Checking an uploaded archive file and ingesting it: shared by the API and the admin page."""
from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import BadRequest
from werkzeug.utils import secure_filename

from kb import Correction, FileReport, Preview
from web.context import get_kb


MAX_NAME = 200  # characters of an upload's file name at most (it is stored, and shown in the result page)


def safe_name(filename: str | None) -> str:
    """The upload's file name made safe to store, or BadRequest when it tries to name a path or is too long."""
    name = (filename or "").strip()
    if not name:
        raise BadRequest("The upload has no file name.")
    if len(name) > MAX_NAME:
        raise BadRequest(f"The file name is {len(name):,} characters long; the limit is {MAX_NAME}: rename the file.")
    if "/" in name or "\\" in name or "\x00" in name or name.startswith("."):
        raise BadRequest(f"The file name {name[:80]!r} is not allowed: send a plain file name, not a path.")
    safe = secure_filename(name)
    if not safe:
        raise BadRequest(f"The file name {name[:80]!r} is not allowed.")
    return safe


def given_date(form: MultiDict) -> str | None:
    """The optional form field `date` (YYYY-MM-DD) that dates updates the file does not date."""
    value = (form.get("date") or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadRequest(f"The date {value[:40]!r} is not a date: write it as YYYY-MM-DD, e.g. 2021-12-01.") from None


def checked_upload(files: MultiDict, form: MultiDict | None = None) -> tuple[bytes, str, str | None]:
    """The multipart field `file` (its bytes and safe name) and the field `date` (for a file with no date of its
    own); BadRequest naming what is wrong."""
    given = given_date(form or MultiDict())
    upload: FileStorage | None = files.get("file")
    if upload is None:
        raise BadRequest("Send the archive file in the multipart field 'file'.")
    name = safe_name(upload.filename)
    data = upload.read()
    if not data.strip():
        raise BadRequest(f"{name} is empty.")
    return data, name, given


def ingest_upload(files: MultiDict, form: MultiDict | None = None, corrections: list[Correction] = ()) -> FileReport:
    """Ingest the multipart field `file` (dated by the field `date` where it has no date of its own), with
    corrections by hand; a refused or unreadable file stores nothing."""
    data, name, given = checked_upload(files, form)
    return get_kb().ingest_bytes(data, name, given, corrections)


def preview_upload(files: MultiDict, form: MultiDict | None = None, corrections: list[Correction] = ()) -> Preview:
    """How the multipart field `file` reads (with corrections by hand), and what storing it would do; writes nothing."""
    data, name, given = checked_upload(files, form)
    return get_kb().preview_bytes(data, name, given, corrections)


def corrections_field(form: MultiDict) -> list[Correction]:
    """The optional form field `corrections`: a JSON list of {"kind", "value", "update", "line"} objects (as a
    preview's `corrections` gives them back); BadRequest for anything else."""
    raw = (form.get("corrections") or "").strip()
    if not raw:
        return []
    try:
        found = json.loads(raw)
        return [Correction(str(c["kind"]), c.get("value"), c.get("update"), c.get("line"), c.get("said"))
                for c in found]
    except (ValueError, TypeError, KeyError, AttributeError):
        raise BadRequest('The field "corrections" must be a JSON list of objects, each with "kind" and "value" '
                         '(a date or a title, with "update") or "line".') from None


def report_dict(report: FileReport) -> dict:
    """The ingest report as JSON."""
    return asdict(report)
