"""The members' pages: search, items, updates, topics, downloads and the Atom feed."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from itertools import groupby
from urllib.parse import quote

from flask import (Blueprint, Flask, Response, abort, current_app, redirect, render_template, request, send_from_directory,
                   url_for)
from werkzeug.exceptions import BadRequest, ServiceUnavailable
from werkzeug.utils import secure_filename

from kb import NotFound, SearchRequest, SearchResult
from web import exports, filters, query, references
from web.context import close_kb, get_kb

bp = Blueprint("pages", __name__)
FEED_SIZE = 20
TOPIC_PAGE_SIZE = 20
UPDATES_PAGE_SIZE = 200
UPDATE_ITEMS_PAGE = 200  # items on one page of an update
FEED_ITEMS = 20  # items summed up in a feed entry (the entry links to the rest)
EXPORT_RETRY_SECONDS = 5
EXAMPLES = ["what was said about furlough", "reopening guidance", "emergency funding", "topic:furlough"]
HELP_EXAMPLES = [  # (query, what it shows); tests/web/test_ux.py checks that each finds items in the sample
    ("furlough", "Words: every word must match; items that match some of them follow."),
    ("what was said about furlough", "A question: the question words are dropped, and a timeline answers it."),
    ('"job retention scheme"', "A phrase in quotes matches those words in that order."),
    ("reopening -universities", "A minus sign leaves out the items with that word."),
    ("accredit*", "A star matches every word that starts so (accreditation, accredited)."),
    ("furlogh~", "A tilde allows a spelling mistake (one letter; furlogh~2 allows two)."),
    ("topic:funding", "topic: keeps the items with that topic (its name or the short name in the topic's address)."),
    ("funding in April 2020", "A date in the question puts the items of that time first; the others follow."),
    ("reopening since May 2020", "since, after, before, by, between ... and ... work too."),
    ("museums from:2020-04-01 to:2020-04-30", "from: and to: take a date (2020-04-01), a month or a year."),
    ("furlough OR volunteers", "AND, OR, NOT and brackets combine words exactly as written."),
]


def init_app(app: Flask) -> None:
    """Template helpers and closing the knowledge base after each request."""
    app.teardown_appcontext(close_kb)
    app.before_request(query.check_size)
    app.extensions["kb_exports"] = threading.BoundedSemaphore(app.config["KB_MAX_EXPORTS"])
    for name in ("human_date", "item_label", "xml_text", "file_size", "safe_href", "tag_query", "first_words"):
        app.add_template_filter(getattr(filters, name), name)
    app.add_template_global(search_url)
    app.add_template_global(topic_url)


def search_url(endpoint: str = "pages.search", **changes) -> str:
    """The current search's URL with some arguments changed (None removes one); page resets to 1."""
    args = {k: request.args.getlist(k) for k in query.SEARCH_ARGS if request.args.getlist(k)}
    changes.setdefault("page", None)
    changes.setdefault("as_typed", None)
    for name, value in changes.items():
        args.pop(name, None)
        if value not in (None, "", []) and query.DEFAULTS.get(name) != str(value):
            args[name] = value
    return url_for(endpoint, **args)


def topic_url(name: str) -> str:
    """The page of the topic an item carries (by its slug when the topic list knows it)."""
    topic = get_kb().vocabulary.topics.find(name)
    return url_for("pages.topic", slug=topic.slug if topic else name)


def permalink(item_id: str) -> str:
    """The absolute URL to cite an item by."""
    return url_for("pages.item", item_id=item_id, _external=True)


@bp.route("/")
@bp.route("/search")
def search():
    """The search box, and the results of a search when something was asked."""
    cleaned = query.clean_args(request.args)
    if cleaned is not None:  # the form sent empty fields or defaults: the same search at a clean URL
        return redirect(url_for("pages.search", **cleaned.to_dict(flat=False)), 303)
    if query.is_empty(request.args):
        kb = get_kb()
        return render_template("home.html", examples=EXAMPLES, topics=kb.topics(), updates=kb.list_updates(limit=5, items=False))
    try:
        req = query.search_request(request.args, related=True)
        result = query.run(req)
        return render_template("search.html", req=req, result=result, timeline_labels=timeline_labels(result))
    except BadRequest as e:  # an argument it cannot read: show the form again with the reason
        req = query.lenient_request(request.args)
        empty = SearchResult(query=req.q, total=0, limit=req.limit)
        return render_template("search.html", req=req, result=empty, error=e.description), 400


def timeline_labels(result: SearchResult) -> dict[str, str]:
    """Each timeline entry's item named as everywhere else: by its heading, else by its first words."""
    items = {hit.item.id: hit.item for hit in result.hits}
    labels = {}
    for entry in result.timeline:
        item = items.get(entry.item_id)
        if item is None and not entry.heading:
            try:
                item = get_kb().get_item(entry.item_id)
            except NotFound:  # removed since the search ran: named by its number alone
                pass
        labels[entry.item_id] = filters.item_label(item) if item else filters.numbered_label(entry.number, entry.heading)
    return labels


@bp.route("/search.csv")
def search_csv():
    """The search as CSV, one row per item, for a spreadsheet."""
    with export_slot():
        req, result = query.run_export(request.args)
        return _download(exports.to_csv(result, permalink), "text/csv; charset=utf-8",
                         exports.download_name(req, "csv"))


@bp.route("/search.md")
def search_markdown():
    """The search as a Markdown briefing with permalinks."""
    with export_slot():
        req, result = query.run_export(request.args)
        title = f"Search: {result.query}" if result.query else "Search"
        return _download(exports.to_markdown(result, permalink, title), "text/markdown; charset=utf-8",
                         exports.download_name(req, "md"))


@contextmanager
def export_slot():
    """One of the KB_MAX_EXPORTS downloads that may be built at once; 503 with Retry-After when all are taken."""
    slots = current_app.extensions["kb_exports"]
    if not slots.acquire(blocking=False):
        raise ServiceUnavailable("Too many downloads are being made right now: try again in a few seconds.",
                                 retry_after=EXPORT_RETRY_SECONDS)
    try:
        yield
    finally:
        slots.release()


def _download(body: str | bytes, content_type: str, filename: str) -> Response:
    """An attachment; a name that is not plain ASCII goes in filename* (RFC 6266) with an ASCII fallback."""
    plain = secure_filename(filename) or "download"
    disposition = f'attachment; filename="{plain}"'
    if plain != filename:
        disposition += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return Response(body, content_type=content_type, headers={"Content-Disposition": disposition})


@bp.route("/items/<item_id>")
def item(item_id: str):
    """One item in full with its update, neighbours and related items from other updates."""
    kb = get_kb()
    it = kb.get_item(item_id)
    update, count = kb.get_update_window(it.update_id, 0, 0)
    prev_item, next_item = (_item_or_none(kb, f"{it.update_id}--{it.number + step}") for step in (-1, 1))
    return render_template("item.html", item=it, update=update, item_count=count, prev_item=prev_item,
                           next_item=next_item, related=kb.related(it.id), **references.item_context(it))


def _item_or_none(kb, item_id: str):
    """The item, or None when there is none (an item's neighbours: items are numbered one after another)."""
    try:
        return kb.get_item(item_id)
    except NotFound:
        return None


@bp.route("/updates/<update_id>/source")
def update_source(update_id: str):
    """The knowledge base's stored copy of the file an update came from, as a download."""
    path, name = get_kb().source_file(update_id)
    data = path.read_bytes()
    response = _download(data, _source_type(data, name), name)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _source_type(data: bytes, name: str) -> str:
    """A stored source's type: gzip, or plain text (with its charset when UTF-8); never a type a browser runs
    or renders (an uploaded .js was served as text/javascript, which the site's script-src 'self' trusts)."""
    if data.startswith(b"\x1f\x8b"):
        return "application/gzip"
    return "text/plain; charset=utf-8" if _is_utf8(data) else "text/plain"


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@bp.route("/help")
def help_page():
    """How to search: the syntax, with examples that run a search."""
    return render_template("help.html", examples=HELP_EXAMPLES)


@bp.route("/updates")
def updates():
    """The updates, newest first, a page at a time, grouped by year (with item counts, not the items)."""
    page = query.listing_page(request.args, UPDATES_PAGE_SIZE)
    listed = get_kb().counted_updates(page.limit, page.offset)
    years = [(year, list(group)) for year, group in groupby(listed, key=lambda uc: uc[0].date.year)]
    return render_template("updates.html", years=years, page=page)


@bp.route("/updates/<update_id>")
def update(update_id: str):
    """One update with its numbered items, UPDATE_ITEMS_PAGE at a time; for the secretary, whether its reading
    needs a look (members never see it)."""
    from web.admin import logged_in

    page = query.page_number(request.args)
    found, count = get_kb().get_update_window(update_id, (page - 1) * UPDATE_ITEMS_PAGE, UPDATE_ITEMS_PAGE)
    pages = max(1, -(-count // UPDATE_ITEMS_PAGE))
    if page > pages:
        abort(404, description=f"The update {update_id!r} has {pages} page{'s' if pages != 1 else ''} of items, not {page}.")
    admin = bool(current_app.config["KB_ADMIN_TOKEN"]) and logged_in()
    return render_template("update.html", update=found, item_count=count, page=page, pages=pages, admin=admin,
                           **references.update_context(found))


@bp.route("/topics")
def topics():
    """Every topic with its number of items."""
    return render_template("topics.html", topics=get_kb().topics())


@bp.route("/topics/<slug>")
def topic(slug: str):
    """A topic's items, newest first."""
    found = [t for t in get_kb().topics() if slug in (t.slug, t.name)]
    if not found:
        abort(404, description=f"There is no topic called {slug!r}.")
    req = SearchRequest(topics=[found[0].name], sort="date", limit=TOPIC_PAGE_SIZE,
                        page=query.search_request(request.args).page)
    return render_template("topic.html", topic=found[0], req=req, result=query.run(req),
                           months=get_kb().topic_months(found[0].name), month_span=references.month_span)


@bp.route("/feed.atom")
def feed():
    """The newest updates as an Atom feed."""
    kb = get_kb()
    newest = [kb.get_update_window(u.id, 0, FEED_ITEMS) for u in kb.list_updates(limit=FEED_SIZE, items=False)]
    body = render_template("feed.atom.xml", updates=newest)
    return Response(body, mimetype="application/atom+xml")


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for this even when the page names another icon."""
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon")

