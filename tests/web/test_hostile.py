"""Hostile content everywhere a member or the secretary can see it: OWASP filter-evasion vectors in an
archive's titles, headings and items (text and HTML archives), in a topic list, in queries, filters,
ids and error messages. Every page must show them as text: each page is parsed and may only hold the
elements and attributes its templates write, with no script URL anywhere; the feed, the Markdown and
CSV downloads and the JSON API are checked in their own terms. Also the members' password is throttled
like the admin token, and upload names that try to reach outside the knowledge base store nothing.

tests/browser/test_pages.py runs a selection of vectors in chromium and fails if a dialog fires;
tests/browser/test_hostile.py does so for every vector and page here (the vectors: tests/support/hostile.py)."""
from __future__ import annotations

import csv
import html
import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.support.archives import ROOT
from tests.support.hostile import VECTORS, hostile_items, pages
from tests.support.webapp import admin_app, login, upload

# What may stand on a page: the elements and attributes the templates write (and <mark> in snippets).
TEMPLATE_TEXT = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "web" / "templates").glob("*.html"))
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href"}


class Elements(HTMLParser):
    """The elements and attributes of a page, as a browser's tokenizer sees them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))

    handle_startendtag = handle_starttag


TEMPLATE_ELEMENTS = Elements(TEMPLATE_TEXT).found
TAGS = {tag for tag, _ in TEMPLATE_ELEMENTS} | {"mark"}
ATTRIBUTES = {name for _, attrs in TEMPLATE_ELEMENTS for name, _ in attrs if re.fullmatch(r"[a-z][a-z-]*", name)} \
    | set(re.findall(r"%\} ([a-z]+)\{%", TEMPLATE_TEXT))  # (written by a condition: "{% if ... %} open{% endif %}")


def assert_inert(body: str, where: str) -> None:
    """No element or attribute the templates do not write; no script URL; no template expression run."""
    for tag, attrs in Elements(body).found:
        assert tag in TAGS, (where, tag)
        for name, value in attrs:
            assert name in ATTRIBUTES and not name.startswith("on"), (where, tag, name)
            url = re.sub(r"[\s\x00-\x1f]", "", (value or "")).lower()
            if name in URL_ATTRIBUTES:
                assert not url.startswith(("javascript:", "vbscript:", "data:")), (where, tag, name, value)
    assert "49" not in re.findall(r"\{\{7\*7\}\}|\b49\b", body) or "{{7*7}}" in html.unescape(body), where


@pytest.mark.slow
def test_every_page_shows_hostile_text_as_text(hostile_client, hostile_home):
    norm = lambda s: " ".join(s.split())  # noqa: E731
    for source in ("hostile.eml", "hostile.html"):  # every vector reached an item of each archive
        texts = [norm(f"{i.heading} {i.text}") for i in hostile_items(hostile_home) if i.source == source]
        assert [v for v in VECTORS if not any(norm(v) in t for t in texts)] == []
    statuses = set()
    for url in pages(hostile_home):
        r = hostile_client.get(url)
        statuses.add(r.status_code)
        assert r.status_code in (200, 400, 404), (url, r.status_code)
        assert r.mimetype == "text/html" and "script-src 'self'" in r.headers["Content-Security-Policy"]
        assert_inert(r.get_data(as_text=True), url)
    assert statuses == {200, 400, 404}
    shown = hostile_client.get("/search?q=gerbils").get_data(as_text=True)
    assert "&lt;SCRIPT SRC=http://xss.rocks/xss.js&gt;" in shown and "{{7*7}}" in html.unescape(shown)
    topic = hostile_client.get("/topics").get_data(as_text=True)
    assert "Gerbils &lt;script&gt;alert(&#39;topic&#39;)&lt;/script&gt;" in topic


def test_the_admin_pages_show_hostile_titles_as_text(hostile_client, hostile_home):
    assert login(hostile_client).status_code == 302
    assert_inert(hostile_client.get("/admin").get_data(as_text=True), "/admin")
    uid = hostile_items(hostile_home)[0].update_id
    assert_inert(hostile_client.get(f"/admin/remove/{uid}").get_data(as_text=True), "/admin/remove")
    assert_inert(hostile_client.get(f"/admin/remove/{quote(VECTORS[2], safe='')}").get_data(as_text=True), "remove unknown")


def test_the_feed_downloads_and_api_carry_hostile_text_inertly(hostile_client):
    feed = hostile_client.get("/feed.atom")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(feed.get_data())
    for element in root.iter():
        if element.get("type") == "html":
            assert_inert(element.text or "", "feed html content")
        assert not (element.get("href") or "").lower().startswith("javascript:")
    assert any("SCRIPT" in (t.text or "") for t in root.findall(".//a:title", ns))
    markdown = hostile_client.get("/search.md?q=gerbils").get_data(as_text=True)
    unquoted = re.sub(r"(?m)^>", "", markdown)  # the block quotes' markers are the briefing's own
    assert not re.search(r"(?<!\\)[<>]", unquoted) and not re.search(r"(?<!\\)\]\(\s*javascript:", markdown, re.I)
    rows = list(csv.reader(io.StringIO(hostile_client.get("/search.csv?q=gerbils").get_data(as_text=True))))
    assert len(rows) > 1 and not [c for row in rows[1:] for c in row if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert any(c.startswith("'=HYPERLINK") for row in rows for c in row)
    for v in VECTORS[:8]:
        r = hostile_client.get("/api/search", query_string={"q": v, "from": v})
        assert r.status_code == 400 and r.mimetype == "application/json" and r.headers["X-Content-Type-Options"] == "nosniff"
        api = hostile_client.get("/api/search", query_string={"q": v})
        assert api.mimetype == "application/json" and api.json["query"] == v.strip()
    hits = hostile_client.get("/api/search?q=gerbils&limit=100").json["results"]
    assert all("<" not in re.sub(r"</?mark>", "", h["snippet"]) for h in hits)


# ---- the members' password is throttled like the admin token ------------------------------------------

def test_repeated_wrong_members_passwords_are_locked_out(hostile_home):
    import base64

    client = admin_app(hostile_home, KB_READ_PASSWORD="members-pw", LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_SECONDS=600).test_client()
    basic = lambda pw: {"Authorization": "Basic " + base64.b64encode(f"m:{pw}".encode()).decode()}  # noqa: E731
    assert client.get("/api/topics").status_code == 401  # no password yet: asked for one, not counted
    assert client.get("/api/topics", headers=basic("members-pw")).status_code == 200
    for guess in ("a", "b", "c"):
        assert client.get("/api/topics", headers=basic(guess)).status_code == 401
    r = client.get("/api/topics", headers=basic("members-pw"))  # even the right one waits now
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 500 and r.is_json
    assert client.get("/search?q=x", headers=basic("d")).status_code == 429


# ---- uploads whose names try to reach outside the knowledge base ----------------------------------------

NAMES = ["../../etc/cron.d/x", "/etc/passwd", "..\\..\\boot.ini", "C:\\Windows\\win.ini", "....//....//x.txt",
         "..", ".", "..%2f..%2fx.txt", "x\x00.txt", "sub/ok.txt", "\u2215etc\u2215passwd", "\uff0e\uff0e\uff0fx.txt",
         "a" * 5000 + ".txt", "con", "<script>.txt", " ", ".htaccess", "b" * 196 + ".txt"]
# Those that are a plain name once made safe (the rest are refused): stored in sources/ under that name.
# ("C:\\Windows\\win.ini" arrives as "C:Windowswin.ini": the multipart header drops its backslashes.)
ACCEPTED = {"C:\\Windows\\win.ini", "\u2215etc\u2215passwd", "\uff0e\uff0e\uff0fx.txt", "b" * 196 + ".txt", "con",
            "<script>.txt"}  # (a name of 5,004 characters is refused: issue 18)


@pytest.mark.parametrize("name", NAMES)
def test_upload_names_that_could_name_a_path_store_nothing_outside_sources(sample_home, tmp_path, name):
    import shutil

    home = shutil.copytree(sample_home, tmp_path / "kb")
    before = set(tmp_path.rglob("*"))
    r = upload(admin_app(home).test_client(), name=name)
    added = [p.relative_to(home) for p in set(tmp_path.rglob("*")) - before if p.is_file()]
    if name in ACCEPTED:  # one new file in sources/, under a name of plain characters; the rest records
        assert r.status_code == 201, r.json
        stored = [p for p in added if p.parts[0] == "sources"]
        assert len(stored) == 1 and len(stored[0].parts) == 2 and not stored[0].name.startswith(".")
        assert re.fullmatch(r"[A-Za-z0-9._-]+", stored[0].name), stored[0].name
        assert {p.parts[0] for p in added} <= {"sources", "records", "history", "index"}
    else:
        assert r.status_code == 400 and r.is_json
        expected = "no file name" if name == " " else "the limit is 200" if len(name) > 200 else "not allowed"
        assert expected in r.json["message"]
        assert [p for p in added if p.parts[0] in ("sources", "records", "history")] == []
    assert not list(Path("/etc/cron.d").glob("x")) and not (tmp_path / "x.txt").exists()
