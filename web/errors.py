"""Errors as JSON under /api/ and as a page elsewhere (as Datasette's handle_exception does)."""
from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from kb import CorrectionRefused, IngestError, KBError, NotFound, SearchTooSlow, WriteUnfinished
from web.filters import file_size

KEPT_HEADERS = ("WWW-Authenticate", "Retry-After", "Allow")
RETRY_SECONDS = 5
# The one table of which error gets which status: (error, status, title, message prefix, Retry-After).
STATUSES = [
    (NotFound, 404, "Not Found", "", None),
    (SearchTooSlow, 503, "This search took too long", "", RETRY_SECONDS),
    (IngestError, 422, "Unprocessable file", "", None),
    (CorrectionRefused, 422, "Correction refused", "", None),
    (WriteUnfinished, 503, "Saved, not yet finished", "", RETRY_SECONDS),
    (KBError, 503, "Service Unavailable", "The knowledge base cannot do this now: ", RETRY_SECONDS),
]


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(RequestEntityTooLarge, handle_too_large)
    for error, *_ in STATUSES:
        app.register_error_handler(error, handle_kb_error)
    app.register_error_handler(Exception, handle_unexpected)


def describe(e: Exception) -> tuple[int, str, str, dict]:
    """(status, title, message, headers) of a knowledge-base, ingest or HTTP error, from STATUSES."""
    if isinstance(e, HTTPException):
        return e.code or 500, e.name, e.description or "", kept_headers(e)
    for error, status, title, prefix, retry in STATUSES:
        if isinstance(e, error):
            return status, title, prefix + str(e), {"Retry-After": str(retry)} if retry else {}
    raise TypeError(f"no status for {type(e).__name__}") from e


def wants_json() -> bool:
    """API paths answer in JSON."""
    return request.path == "/api" or request.path.startswith("/api/")


def error_response(status: int, title: str, message: str, headers: dict | None = None):
    """One error, as JSON `{status, error, message}` under /api/ or as the error page."""
    if wants_json():
        body = jsonify(status=status, error=title, message=message)
    else:
        body = render_template("error.html", status=status, title=title, message=message)
    return body, status, headers or {}


def handle_http_error(e: HTTPException):
    """Werkzeug's errors (404, 401, 413...) keep their status and their auth/retry headers."""
    return error_response(e.code or 500, e.name, e.description or "", kept_headers(e))


def kept_headers(e: HTTPException) -> dict:
    """The error's auth challenge or retry delay, which the response must keep."""
    return {k: v for k, v in e.get_headers() if k in KEPT_HEADERS}


def handle_too_large(e: RequestEntityTooLarge):
    """Say what the upload limit is."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    return handle_http_error(RequestEntityTooLarge(
        f"The upload is larger than the limit of {file_size(limit)}: nothing was stored."))


def handle_kb_error(e: Exception):
    """An unknown id (404), a file that cannot be read (422), a search past its time budget or a busy
    knowledge base (503 with Retry-After): as STATUSES says."""
    status, title, message, headers = describe(e)
    return error_response(status, title, message, headers)


def handle_unexpected(e: Exception):
    """Anything else: logged with its traceback, shown as a plain 500 without one."""
    current_app.logger.exception("unexpected error on %s", request.path)
    return handle_http_error(InternalServerError("Something went wrong on our side; it has been logged."))
