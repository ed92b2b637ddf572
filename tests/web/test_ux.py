"""The members' experience (issue 12): where an item came from, item names, downloads, the help page,
and the search form shown again for any argument it cannot read."""
import csv
import io
import re

import pytest

from kb import KnowledgeBase
from tests.support.archives import SAMPLE
from tests.support.origins import JUNE
from tests.support.webapp import admin_upload, csrf_token, make_app
from web.exports import md_escape
from web.pages import HELP_EXAMPLES

FURLOUGH_NAME = "Item 2: National museums and universities alike…"


# ---- item 7: where the text came from, its links, and items named by their first words ------------------

def test_an_item_without_a_heading_is_named_by_its_first_words_everywhere(client, sample_kb, furlough_item):
    assert furlough_item.heading is None
    update = sample_kb.get_update(furlough_item.update_id)
    html = client.get(f"/items/{furlough_item.id}").get_data(as_text=True)
    assert f"<h1>{FURLOUGH_NAME}</h1>" in html
    assert f"<title>{FURLOUGH_NAME} · Update from Co-Chairs, 9 April 2020 · sector-kb</title>" in html
    neighbour = client.get(f"/items/{update.items[1].id}").get_data(as_text=True)
    assert f'rel="next" href="/items/{furlough_item.id}">{FURLOUGH_NAME} →</a>' in neighbour
    update_page = client.get(f"/updates/{update.id}").get_data(as_text=True)
    assert f'<a href="/items/{furlough_item.id}">{FURLOUGH_NAME}</a>' in update_page
    search = client.get("/search?q=furlough").get_data(as_text=True)
    assert f'<a href="/items/{furlough_item.id}">{FURLOUGH_NAME}</a>' in search
    assert f"### 9 April 2020: {FURLOUGH_NAME}" in client.get("/search.md?q=furlough").get_data(as_text=True)
    # an item with a heading keeps it; the introduction is named by its first words too
    headed = sample_kb.get_item("2020-04-15-update-from-co-chairs--3")
    assert "<h1>Item 3: Coronavirus Job Retention Scheme</h1>" in client.get(f"/items/{headed.id}").get_data(as_text=True)
    assert "<h1>Introduction: These notes draw on a DCMS cross-sector…</h1>" in client.get(
        f"/items/{update.items[0].id}").get_data(as_text=True)


def test_an_item_from_a_stored_file_links_to_its_download(client, furlough_item, sample_home):
    html = client.get(f"/items/{furlough_item.id}").get_data(as_text=True)
    href = f"/updates/{furlough_item.update_id}/source"
    assert f'<dt>Source file</dt><dd><a href="{href}" download>umg-covid-updates-2020.txt</a></dd>' in html
    assert "<dt>Original</dt>" not in html and "<dt>Links</dt>" not in html
    r = client.get(href)
    assert r.status_code == 200 and r.get_data() == SAMPLE.read_bytes()
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert r.headers["Content-Disposition"] == 'attachment; filename="umg-covid-updates-2020.txt"'
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_the_source_download_serves_only_stored_sources(client):
    for path in ("/updates/no-such-update/source", "/updates/..%2F..%2Fweb-secret-key/source",
                 "/updates/../../web-secret-key/source", "/updates/%2E%2E/source"):
        r = client.get(path)
        assert r.status_code == 404 and b"secret" not in r.get_data().replace(b"web-secret-key", b""), path


def test_the_source_download_is_for_members_only(sample_home, furlough_item):
    client = make_app(sample_home, KB_READ_PASSWORD="members-pw").test_client()
    path = f"/updates/{furlough_item.update_id}/source"
    assert client.get(path).status_code == 401
    r = client.get(path, auth=("member", "members-pw"))
    assert r.status_code == 200 and r.get_data() == SAMPLE.read_bytes()


def test_an_item_with_an_original_shows_it_and_its_links_as_safe_links(linked_home):
    client = make_app(linked_home).test_client()
    kb = KnowledgeBase(linked_home)
    [june] = [u for u in kb.list_updates() if u.date.isoformat() == "2020-06-05"]
    html = client.get(f"/items/{june.items[0].id}").get_data(as_text=True)
    original = '<dt>Original</dt><dd><a href="https://example.org/2020/06/05/update">https://example.org/2020/06/05/update</a></dd>'
    assert original in html and "<dt>Source file</dt>" not in html
    assert original in client.get(f"/updates/{june.id}").get_data(as_text=True)
    links = re.search(r'<ul class="plain links">(.*?)</ul>', html).group(1)
    assert links == ('<li><a href="https://example.org/guidance?a=1&amp;b=2">the guidance</a></li>'
                     '<li><a href="mailto:office@example.org">write to us</a></li>'
                     '<li>&lt;b&gt;bad&lt;/b&gt; (javascript:alert(1))</li>'
                     '<li><a href="https://example.org/&#34;&gt;&lt;script&gt;alert(2)&lt;/script&gt;">quote</a></li>')
    assert "<script" not in html and 'href="javascript' not in html


def test_a_stored_file_that_is_not_utf8_downloads_without_a_false_charset(linked_home):
    client = make_app(linked_home).test_client()
    [july] = [u for u in KnowledgeBase(linked_home).list_updates() if u.date.isoformat() == "2020-07-05"]
    r = client.get(f"/updates/{july.id}/source")
    assert r.status_code == 200 and b"Caf\xe9 gerbils" in r.get_data()
    assert r.headers["Content-Type"] == "text/plain"
    assert r.headers["Content-Disposition"] == ("attachment; filename=\"juillet-cafe.txt\"; "
                                                "filename*=UTF-8''juillet-caf%C3%A9.txt")


# ---- item 8: downloads named after the query, CSV for Excel, a Markdown briefing that quotes ---------------

@pytest.mark.parametrize("args,name", [
    ({"q": "furlough", "from": "2020-03", "to": "2020-05"}, "furlough-2020-03-to-2020-05"),
    ({"q": "what was said about furlough?"}, "what-was-said-about-furlough"),
    ({"q": "Café “reopening”", "topic": "Funding & finance", "from": "April 2020"}, "cafe-reopening-funding-finance-from-april-2020"),
    ({"topic": "furlough", "to": "2020-04-30"}, "furlough-to-2020-04-30"),
    ({"q": "../../etc/passwd\r\nX: y"}, "etc-passwd-x-y"),
    ({"q": "”“"}, "search"),
])
def test_downloads_are_named_after_the_search(client, args, name):
    for path, ext in (("/search.csv", "csv"), ("/search.md", "md")):
        r = client.get(path, query_string=args)
        assert r.status_code == 200
        assert r.headers["Content-Disposition"] == f'attachment; filename="{name}.{ext}"'


def test_the_csv_download_opens_in_excel_with_accents_intact(client):
    r = client.get("/search.csv?q=funding")
    data = r.get_data()
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert data.startswith(b"\xef\xbb\xbfdate,update_title,")  # UTF-8 with a BOM: Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows and any("’" in row["text"] or "–" in row["text"] for row in rows)


def test_the_markdown_briefing_quotes_each_item_with_its_date_heading_and_link(client, sample_kb, furlough_item):
    text = client.get("/search.md?q=furlough").get_data(as_text=True)
    update = sample_kb.get_update("2020-04-15-update-from-co-chairs")
    item = update.items[3]
    assert item.heading == "Coronavirus Job Retention Scheme"
    block = (f"### 15 April 2020: Item 3: Coronavirus Job Retention Scheme\n\n"
             f"[Update from Co-Chairs, 15 April 2020](http://localhost/items/{item.id})\n\n"
             + "\n>\n".join(f"> {md_escape(p)}" for p in item.text.split("\n") if p.strip()) + "\n")
    assert block in text
    assert f"> {FURLOUGH_SENTENCE_START}" in text
    assert "(i.e. are not being paid)" in text  # brackets as typed, not \( \)
    assert "\\(" not in text and "\\)" not in text and "\\[" not in text


FURLOUGH_SENTENCE_START = "National museums and universities alike have been closely engaged"


def test_markdown_escaping_keeps_text_as_typed_without_making_markup():
    assert md_escape("[Update following meeting: (late) on Tuesday]") == "[Update following meeting: (late) on Tuesday]"
    assert md_escape("[click](javascript:alert(1))") == "[click\\](javascript:alert(1))"
    assert md_escape("<script> *bold* _it_ `code`") == "\\<script\\> \\*bold\\* \\_it\\_ \\`code\\`"
    assert md_escape("1. not a list") == "1\\. not a list"
    assert md_escape("# not a heading") == "\\# not a heading"
    assert md_escape("- not a bullet") == "\\- not a bullet"


# ---- item 10: the help page ---------------------------------------------------------------------------

def test_the_help_page_is_linked_in_the_footer_and_each_example_runs_a_search(client):
    assert '<a href="/help">How to search</a>' in client.get("/").get_data(as_text=True)
    html = client.get("/help").get_data(as_text=True)
    assert "<h1>How to search</h1>" in html
    links = re.findall(r'<a href="(/search\?q=[^"]+)"><code>', html)
    assert len(links) == len(HELP_EXAMPLES) >= 8


@pytest.mark.parametrize("q", [q for q, _ in HELP_EXAMPLES])
def test_every_help_example_finds_items_in_the_sample(client, q):
    result = client.get("/api/search", query_string={"q": q}).json
    assert result["total"] > 0, q
    assert not result["understood"].get("left_out"), q


# ---- while we are here: a bad argument gets the form again, whichever it is ------------------------------

@pytest.mark.parametrize("args,message", [
    ({"sort": "random"}, "&#39;sort&#39; must be &#39;relevance&#39; or &#39;date&#39;, not &#39;random&#39;."),
    ({"page": "x"}, "&#39;page&#39; must be a whole number from 1 to 100000, not &#39;x&#39;."),
    ({"from": "not a date"}, "&#39;from&#39; must be a date"),
])
def test_any_argument_it_cannot_read_shows_the_form_again_with_the_reason(client, args, message):
    r = client.get("/search", query_string={"q": "furlough", **args})
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    assert f'<p class="error" role="alert">{message}' in html
    assert 'id="q" name="q" type="search" value="furlough"' in html
    assert 'class="hits"' not in html and "Error 400" not in html


# ---- item 11: the secretary's page ------------------------------------------------------------------------

ADMIN = {"KB_ADMIN_TOKEN": "ux-admin-token-long-enough"}


def logged_in_admin(home):
    client = make_app(home, **ADMIN).test_client()
    page = client.get("/admin").get_data(as_text=True)
    assert client.post("/admin/login", data={"token": ADMIN["KB_ADMIN_TOKEN"], "csrf_token": csrf_token(page)}).status_code == 302
    return client, csrf_token(client.get("/admin").get_data(as_text=True))


def test_a_wrong_admin_token_is_told_plainly(sample_home):
    client = make_app(sample_home, **ADMIN).test_client()
    page = client.get("/admin").get_data(as_text=True)
    r = client.post("/admin/login", data={"token": "nope", "csrf_token": csrf_token(page)})
    assert r.status_code == 401
    assert ('<p class="error" role="alert" id="login-error">That token is not right. Check it (it is case-sensitive) '
            'and try again.</p>') in r.get_data(as_text=True)


def test_an_upload_redirects_to_its_result_and_a_refresh_uploads_nothing(empty_home):
    KnowledgeBase(empty_home).ingest_files([SAMPLE])
    client, token = logged_in_admin(empty_home)
    r = admin_upload(client, JUNE, "june.txt", token)
    assert r.status_code == 303 and r.headers["Location"] == "/admin/upload"
    writes = sorted((empty_home / "history").iterdir())
    first = client.get("/admin/upload").get_data(as_text=True)
    again = client.get("/admin/upload").get_data(as_text=True)  # the browser's refresh
    assert first == again and sorted((empty_home / "history").iterdir()) == writes
    report = re.search(r'<div class="report" role="status">(.*?)</div>', first, re.S).group(1)
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", report)).strip() == (
        "Uploaded june.txt (text) 1 new update: 2020-06-05-update-from-co-chairs 0 changed 0 unchanged 2 items")
    assert len(KnowledgeBase(empty_home).list_updates()) == 11


def test_the_result_of_a_big_upload_names_twenty_updates_and_counts_the_rest(empty_home):
    days = [f"March {d}, 2021\n\nNote of {d} March 2021\n\n  1. Gerbil census number {d}.\n  2. Nothing else.\n\n"
            for d in range(1, 26)]
    client, token = logged_in_admin(empty_home)
    r = admin_upload(client, "".join(days).encode(), "march.txt", token)
    assert r.status_code == 303
    assert len(r.headers.get("Set-Cookie", "")) < 4000  # the summary fits in the session cookie
    html = client.get("/admin/upload").get_data(as_text=True)
    assert "25 new updates: " in html and " and 5 more</li>" in html
    report = re.search(r'<div class="report" role="status">(.*?)</div>', html, re.S).group(1)
    assert report.count('href="/updates/2021-03-') == 20


def test_no_result_page_without_an_upload(empty_home):
    client, _ = logged_in_admin(empty_home)
    r = client.get("/admin/upload")
    assert r.status_code == 302 and r.headers["Location"] == "/admin"


def test_the_remove_confirmation_names_the_update_once(sample_home):
    client, _ = logged_in_admin(sample_home)
    html = client.get("/admin/remove/2020-04-09-update-from-co-chairs").get_data(as_text=True)
    main = html[html.index("<main"):html.index("</main>")]
    assert main.count("Update from Co-Chairs, 9 April 2020") == 1 and main.count("9 April 2020") == 1
    assert "<h1>Remove “Update from Co-Chairs, 9 April 2020”?</h1>" in main
    assert f"Its {len(KnowledgeBase(sample_home).get_update('2020-04-09-update-from-co-chairs').items)} items go with it" in main
    survey = client.get("/admin/remove/2020-04-28-umg-survey-in-response-to-covid-19-crisis").get_data(as_text=True)
    assert ('<h1>Remove “UMG Survey in response to COVID-19 crisis”?</h1>\n<p>Dated <time datetime="2020-04-28">'
            '28 April 2020</time>. Its 5 items go with it') in survey  # a title without its date gets it once


def test_the_admin_link_is_shown_only_when_uploads_are_enabled(sample_home, empty_home):
    for path in ("/", "/updates", "/help"):
        assert 'href="/admin"' not in make_app(sample_home).test_client().get(path).get_data(as_text=True), path
        assert '<a href="/admin">Admin</a>' in make_app(sample_home, **ADMIN).test_client().get(path).get_data(as_text=True), path
    empty = make_app(empty_home).test_client().get("/").get_data(as_text=True)
    assert "The archive is empty" in empty and "admin page" not in empty


def test_the_source_download_is_the_file_of_the_version_shown(empty_home, tmp_path):
    from tests.support.archives import JUNE5, june

    first, fixed = june(tmp_path / "june.txt"), june(tmp_path / "june-corrected.txt", fixed=True)
    KnowledgeBase(empty_home).ingest_files([first])
    KnowledgeBase(empty_home).ingest_files([fixed])
    client = make_app(empty_home).test_client()
    r = client.get(f"/updates/{JUNE5}/source")
    assert r.get_data() == fixed.read_bytes() and 'filename="june-corrected.txt"' in r.headers["Content-Disposition"]
    r = client.get("/updates/2020-06-12-update-from-co-chairs/source")  # unchanged by the correction
    assert r.get_data() == first.read_bytes() and 'filename="june.txt"' in r.headers["Content-Disposition"]
