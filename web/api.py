"""The JSON API: the same searches and records as the pages, and uploads with a bearer token."""
from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, jsonify, request, url_for
from werkzeug.exceptions import BadRequest

from kb import Correction

from web import query, upload
from web.context import get_kb
from web.security import bearer_token, check_admin_token

bp = Blueprint("api", __name__, url_prefix="/api")
UPDATES_PAGE_SIZE = 100
UPDATE_ITEMS_PAGE = 200  # items of one update in one answer
CORRECTION_KINDS = ("date", "title", "heading", "not-heading", "split", "merge")


@bp.get("/search")
def search():
    """The JSON of `kb search --json` for the same arguments."""
    return jsonify(query.run_search(request.args).to_dict())


@bp.get("/items/<item_id>")
def item(item_id: str):
    """One item."""
    return jsonify(get_kb().get_item(item_id).to_dict())


@bp.get("/updates")
def updates():
    """The updates, newest first, a page at a time (`page`, `limit`), each with its item ids (not its
    items), and the URL of the next page (null on the last)."""
    page = query.listing_page(request.args, UPDATES_PAGE_SIZE)
    listed = get_kb().update_listing(page.limit, page.offset)
    return jsonify(updates=listed, page=page.page, limit=page.limit, total=page.total,
                   next=page.url(page.page + 1, external=True))


@bp.get("/updates/<update_id>")
def update(update_id: str):
    """One update with its items, `limit` of them (UPDATE_ITEMS_PAGE at most) a `page`; `items_total` counts
    them all, and `next` is the URL of the next page of items (null on the last)."""
    page = query.page_number(request.args)
    limit = query.limit_number(request.args, UPDATE_ITEMS_PAGE)
    found, count = get_kb().get_update_window(update_id, (page - 1) * limit, limit)
    more = page * limit < count
    following = url_for("api.update", update_id=update_id, page=page + 1, _external=True,
                        **({"limit": limit} if limit != UPDATE_ITEMS_PAGE else {})) if more else None
    return jsonify({**found.to_dict(), "items_total": count, "page": page, "next": following})


@bp.get("/topics")
def topics():
    """Every topic with its number of items."""
    return jsonify(topics=[asdict(t) for t in get_kb().topics()])


@bp.post("/updates")
def upload_update():
    """Ingest the multipart `file` (optional fields `date`: YYYY-MM-DD for an undated file, `corrections`: a
    JSON list of corrections by hand); with `?preview=1`, only how it reads and what storing it would do,
    writing nothing. Needs `Authorization: Bearer <KB_ADMIN_TOKEN>`."""
    check_admin_token(bearer_token())
    corrections = upload.corrections_field(request.form)
    if request.args.get("preview") in ("1", "true", "yes"):
        return jsonify(upload.preview_upload(request.files, request.form, corrections).to_dict())
    report = upload.ingest_upload(request.files, request.form, corrections)
    return jsonify(upload.report_dict(report)), 201 if report.new else 200


@bp.post("/updates/<update_id>/corrections")
def correct_update(update_id: str):
    """Correct how a stored update was read (`kb correct`): a JSON object with one of "date", "title",
    "heading", "not-heading", "split", "merge" (a line number for the last four). Needs the bearer token."""
    check_admin_token(bearer_token())
    body = request.get_json(silent=True)
    asked = [(k, v) for k, v in (body.items() if isinstance(body, dict) else []) if k in CORRECTION_KINDS]
    if len(asked) != 1:
        raise BadRequest(f"Send a JSON object with exactly one of {', '.join(CORRECTION_KINDS)}.")
    kind, value = asked[0]
    if kind in ("date", "title") and not isinstance(value, str) or kind not in ("date", "title") and (
            not isinstance(value, int) or isinstance(value, bool) or value < 1):
        raise BadRequest(f'"{kind}" takes {"a text" if kind in ("date", "title") else "a line number"}.')
    correction = Correction(kind, value) if kind in ("date", "title") else Correction(kind, line=value)
    get_kb().get_update(update_id)  # 404 for an unknown id
    return jsonify(get_kb().correct(update_id, correction))
