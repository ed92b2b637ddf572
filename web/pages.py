"""The members' pages: search, items, updates, topics, downloads and the Atom feed."""
from __future__ import annotations

from itertools import groupby

from flask import (Blueprint, Flask, Response, abort, current_app, redirect, render_template, request, send_from_directory,
                   url_for)
from werkzeug.exceptions import BadRequest

from kb.models import SearchRequest, SearchResult
from web import exports, query
from web.context import close_kb, get_kb

bp = Blueprint("pages", __name__)
FEED_SIZE = 20
TOPIC_PAGE_SIZE = 20
EXAMPLES = ["what was said about furlough", "reopening guidance", "emergency funding", "topic:furlough"]


def init_app(app: Flask) -> None:
    """Template helpers and closing the knowledge base after each request."""
    app.teardown_appcontext(close_kb)
    app.add_template_filter(exports.human_date, "human_date")
    app.add_template_filter(exports.item_label, "item_label")
    app.add_template_filter(exports.xml_text, "xml_text")
    app.add_template_filter(exports.file_size, "file_size")
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
    topic = get_kb().taxonomy.find(name)
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
    req = query.search_request(request.args)
    try:
        return render_template("search.html", req=req, result=query.run(req))
    except BadRequest as e:  # a filter it cannot read: show the form again with the reason
        empty = SearchResult(query=req.q, total=0, limit=req.limit)
        return render_template("search.html", req=req, result=empty, error=e.description), 400


@bp.route("/search.csv")
def search_csv():
    """The search as CSV, one row per item, for a spreadsheet."""
    result = query.run_export(request.args)
    return _download(exports.to_csv(result, permalink), "text/csv", "search.csv")


@bp.route("/search.md")
def search_markdown():
    """The search as a Markdown briefing with permalinks."""
    result = query.run_export(request.args)
    title = f"Search: {result.query}" if result.query else "Search"
    return _download(exports.to_markdown(result, permalink, title), "text/markdown", "search.md")


def _download(text: str, mimetype: str, filename: str) -> Response:
    return Response(text, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/items/<item_id>")
def item(item_id: str):
    """One item in full with its update, neighbours and related items from other updates."""
    kb = get_kb()
    it = kb.get_item(item_id)
    update = kb.get_update(it.update_id)
    prev_item, next_item = update.neighbours(it.id)
    return render_template("item.html", item=it, update=update, prev_item=prev_item, next_item=next_item,
                           related=kb.related(it.id))


@bp.route("/updates")
def updates():
    """Every update, newest first, grouped by year (with item counts, not the items: cheap at any size)."""
    listed = get_kb().counted_updates()
    years = [(year, list(group)) for year, group in groupby(listed, key=lambda uc: uc[0].date.year)]
    return render_template("updates.html", years=years)


@bp.route("/updates/<update_id>")
def update(update_id: str):
    """One update with its numbered items."""
    return render_template("update.html", update=get_kb().get_update(update_id))


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
    return render_template("topic.html", topic=found[0], req=req, result=query.run(req))


@bp.route("/feed.atom")
def feed():
    """The newest updates as an Atom feed."""
    newest = get_kb().list_updates(limit=FEED_SIZE)
    body = render_template("feed.atom.xml", updates=newest)
    return Response(body, mimetype="application/atom+xml")


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for this even when the page names another icon."""
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon")

