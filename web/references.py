"""Cross-references on the pages: links in an item's text, "Referred to by", threads, the gaps report,
and a topic's items per month."""
from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, Flask, jsonify, render_template

from kb import Item, Update, segments
from web.context import get_kb

bp = Blueprint("references", __name__)


def init_app(app: Flask) -> None:
    """The template filter that cuts a paragraph at its references."""
    app.add_template_filter(segments, "ref_segments")
    app.register_blueprint(bp)


def item_context(item: Item) -> dict:
    """What the item page shows about references: who refers to it, and its thread."""
    found = get_kb().item_references(item)
    return {"referred_by": found.referred_by, "thread_earlier": found.earlier, "thread_later": found.later}


def update_context(update: Update) -> dict:
    """What the update page shows: the updates it refers to and the later ones referring to it."""
    refers_to, referred_by = get_kb().update_references(update.id)
    return {"refers_to_updates": refers_to, "referred_by": referred_by}


def month_span(month: str) -> tuple[str, str]:
    """The first and last day of a month ("2020-04")."""
    first = date.fromisoformat(month + "-01")
    after = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first.isoformat(), (after - timedelta(days=1)).isoformat()


@bp.get("/gaps")
def gaps_page():
    """What the archive seems to miss, for the secretary."""
    return render_template("gaps.html", gaps=get_kb().gaps())


@bp.get("/api/gaps")
def gaps_json():
    """The JSON of `kb gaps --json`."""
    return jsonify(get_kb().gaps())
