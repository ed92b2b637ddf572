"""`kb ingest` of messages, mail archives and feeds (a directory of them, tags searchable), refusals with exit 1
and nothing stored lost, and `kb ingest URL` against a local server started here on 127.0.0.1."""
import gzip
import json
import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from ingest.decode import MAX_GUNZIPPED
from ingest.readers.fetch import fetch, next_link, user_agent
from kb.cli import main
from kb import IngestError
from tests.support.archives import FIXTURES


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def search_ids(*query):
    result = run("search", *query, "--json", "--limit", "50")
    assert result.exit_code == 0, result.output
    return sorted(r["id"] for r in json.loads(result.output)["results"])


@pytest.fixture
def inbox(tmp_path):
    """A folder holding one file of each new kind."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for sub in ("mail", "feeds"):
        for path in (FIXTURES / sub).iterdir():
            shutil.copy(path, folder / path.name)
    return folder


def test_a_directory_of_messages_archives_and_feeds_is_ingested(empty_home, inbox):
    result = run("ingest", str(inbox), "--json")
    assert result.exit_code == 0, result.output
    files = {f["name"].rsplit("/", 1)[1]: f for f in json.loads(result.output)["files"]}
    assert {name: (f["format"], len(f["new"]) + len(f["unchanged"]), f["error"]) for name, f in files.items()} == {
        "2019-September.txt": ("mailman", 3, None), "2019-September.txt.gz": ("mailman", 3, None),
        "agenda-raw.eml": ("email", 1, None), "html-only-raw.eml": ("email", 1, None),
        "reply-footer-raw.eml": ("email", 1, None), "members.mbox": ("mbox", 3, None),
        "news.rss": ("rss", 3, None), "northgate.atom": ("atom", 3, None),
        "regional-museums.wordpress.2024-03-01.xml": ("wxr", 3, None),
    }
    assert files["2019-September.txt.gz"]["unchanged"] == files["2019-September.txt"]["new"]  # the same month
    shown = json.loads(run("show", "2024-02-05-annual-meeting-papers-and-nominations", "--json").output)
    assert shown["url"] == "https://regional-museums.example.org/2024/02/05/annual-meeting-papers/"
    assert shown["tags"] == ["Members' news", "AGM", "governance"]


def test_tags_are_searchable_by_word_and_by_tag_syntax(empty_home):
    assert run("ingest", str(FIXTURES / "feeds" / "regional-museums.wordpress.2024-03-01.xml")).exit_code == 0
    meeting = [f"2024-02-05-annual-meeting-papers-and-nominations--{n}" for n in range(3)]
    floods = [f"2024-02-28-reopening-after-the-floods--{n}" for n in (1, 2)]
    assert search_ids("governance") == meeting  # a tag word that no item's text has
    assert search_ids("tag:AGM") == meeting
    assert search_ids("tag:\"Members' news\"") == sorted(meeting + floods)
    assert search_ids("tag:funding") == ["2024-01-15-small-grants-round-opens--1", "2024-01-15-small-grants-round-opens--2"]


def test_refused_archives_exit_1_without_traceback_and_lose_nothing(empty_home, tmp_path):
    assert run("ingest", str(FIXTURES / "mail" / "members.mbox")).exit_code == 0
    before = search_ids("annual")
    bomb = tmp_path / "2019-October.txt.gz"
    bomb.write_bytes(gzip.compress(b"\0" * (MAX_GUNZIPPED + 1), compresslevel=9))
    broken = tmp_path / "export.xml"
    broken.write_bytes(b"<?xml version='1.0'?><rss version='2.0' xmlns:wp='http://wordpress.org/export/1.2/'><channel><item>")
    undated = tmp_path / "notes.mbox"
    undated.write_bytes(b"From jo@example.org Mon Jan 10 09:02:11 2022\nFrom: Jo <jo@example.org>\nSubject: Notes\n\nText.\n")
    result = CliRunner().invoke(main, ["ingest", str(bomb), str(broken), str(undated)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"error: {bomb}: the gzip file unpacks to more than 32 MB; refused" in result.output
    assert f"error: {broken}: the feed is not well-formed XML" in result.output
    assert f"error: {undated}: no date found for message 1 of 1 'Notes': it has no Date header; give its date with " \
           "`kb ingest --date YYYY-MM-DD FILE`" in result.output
    assert search_ids("annual") == before


# ---- kb ingest URL -----------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><title>News | Hillside Museum</title>{head}</head><body>
<nav><a href="/">Home</a></nav>
<main>
<article class="post"><h2 class="entry-title">{title}</h2><time datetime="{day}">{day}</time>
<div class="entry-content"><p>{text}</p><p>Please tell colleagues who may be interested.</p></div></article>
</main>
<div class="pagination">{nav}</div>
</body></html>"""


class Handler(SimpleHTTPRequestHandler):
    agents: list = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        Handler.agents.append(self.headers.get("User-Agent"))
        if self.path.startswith("/moved"):
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/news.html" if "ftp" in self.path else "/news/page2.html")
            self.end_headers()
            return
        super().do_GET()


@pytest.fixture
def site(tmp_path):
    """Three news pages chained by rel="next" and "Older posts" links, served on 127.0.0.1."""
    root = tmp_path / "site"
    (root / "news").mkdir(parents=True)
    pages = [
        ("index.html", '<link rel="next" href="/news/page2.html">', "Ceramics gallery reopens", "2024-11-12",
         "The ceramics gallery reopens on Saturday 16 November.", ""),
        ("page2.html", "", "Volunteer open evening", "2024-10-21",
         "Come and meet our volunteer team on Thursday 7 November.", '<a href="page3.html">« Older posts</a>'),
        ("page3.html", "", "Winter opening hours", "2024-10-04",
         "From 1 November the museum is open Wednesday to Sunday.", '<a rel="next" href="index.html">Next</a>'),
    ]
    for name, head, title, day, text, nav in pages:
        (root / "news" / name).write_text(PAGE.format(head=head, title=title, day=day, text=text, nav=nav))
    (root / "big.html").write_bytes(b"<p>" + b"x" * 5000 + b"</p>")
    shutil.copy(FIXTURES / "feeds" / "news.rss", root / "news" / "feed")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    Handler.agents = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_ingest_url_reads_the_page_as_a_saved_page(empty_home, site):
    result = run("ingest", f"{site}/news/index.html", "--json")
    assert result.exit_code == 0, result.output
    (file,) = json.loads(result.output)["files"]
    assert (file["name"], file["format"], file["new"]) == (
        f"{site}/news/index.html", "html", ["2024-11-12-ceramics-gallery-reopens"])
    assert Handler.agents == [user_agent()] and user_agent().startswith("sector-kb/")


def test_follow_next_follows_rel_next_and_older_posts_links_up_to_n_pages(empty_home, site):
    result = run("ingest", f"{site}/news/index.html", "--follow-next", "5", "--json")
    assert result.exit_code == 0, result.output
    files = json.loads(result.output)["files"]
    assert [(f["name"], f["new"]) for f in files] == [
        (f"{site}/news/index.html", ["2024-11-12-ceramics-gallery-reopens"]),
        (f"{site}/news/page2.html", ["2024-10-21-volunteer-open-evening"]),
        (f"{site}/news/page3.html", ["2024-10-04-winter-opening-hours"]),
    ]  # page 3's "Next" leads back to page 1, which is not fetched again
    Handler.agents = []
    assert len(json.loads(run("ingest", f"{site}/news/index.html", "--follow-next", "1", "--json").output)["files"]) == 2
    assert len(Handler.agents) == 2


def test_ingest_url_of_a_feed_reads_it_as_a_feed(empty_home, site):
    result = run("ingest", f"{site}/news/feed", "--json")
    (file,) = json.loads(result.output)["files"]
    assert (file["format"], len(file["new"])) == ("rss", 3)


def test_ingest_url_failures_name_the_url_and_exit_1(empty_home, site):
    run("ingest", f"{site}/news/page2.html")
    missing = f"{site}/news/missing.html"
    result = CliRunner().invoke(main, ["ingest", missing, "ftp://127.0.0.1/news.html", "file:///etc/passwd"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"error: {missing}: the server answered 404 File not found" in result.output
    assert "error: ftp://127.0.0.1/news.html: only http:// and https:// addresses can be fetched" in result.output
    assert "error: file:///etc/passwd: only http:// and https:// addresses can be fetched" in result.output
    assert search_ids("volunteer") == ["2024-10-21-volunteer-open-evening--1",  # nothing stored was lost
                                       "2024-10-21-volunteer-open-evening--2"]  # (its title says "volunteer")


def test_fetch_follows_redirects_to_http_only(site):
    assert fetch(f"{site}/moved").url == f"{site}/news/page2.html"
    with pytest.raises(IngestError) as caught:
        fetch(f"{site}/moved-ftp")
    assert (caught.value.source, caught.value.reason) == (
        f"{site}/moved-ftp", "redirected to ftp://127.0.0.1/news.html, which is not an http(s) address")


def test_fetch_refuses_a_page_over_the_size_cap_and_a_closed_port(site):
    with pytest.raises(IngestError, match="the page is larger than the 4,096 bytes a page may have"):
        fetch(f"{site}/big.html", limit=4096)
    with pytest.raises(IngestError, match="could not be fetched"):
        fetch("http://127.0.0.1:9/", timeout=2)


def test_next_link_resolves_against_the_page():
    assert next_link(b'<a href="/p/2" rel="prev next">2</a>', "https://example.org/news/") == "https://example.org/p/2"
    assert next_link(b'<a href="?page=2">Older entries &raquo;</a>', "https://example.org/news/") == "https://example.org/news/?page=2"
    assert next_link(b'<a href="javascript:more()">Next</a><p>Next steps</p>', "https://example.org/") is None


def test_upload_api_takes_a_gzipped_mailman_month_and_refuses_a_bomb(empty_home):
    import io

    from web import create_app

    client = create_app({"TESTING": True, "KB_HOME": str(empty_home), "SECRET_KEY": "test",
                         "KB_ADMIN_TOKEN": "readers-admin-token-0123"}).test_client()

    def upload(data, name):
        return client.post("/api/updates", data={"file": (io.BytesIO(data), name)},
                           headers={"Authorization": "Bearer readers-admin-token-0123"}, content_type="multipart/form-data")

    month = upload((FIXTURES / "mail" / "2019-September.txt.gz").read_bytes(), "2019-September.txt.gz")
    assert month.status_code == 201 and month.get_json()["format"] == "mailman" and len(month.get_json()["new"]) == 3
    bomb = upload(gzip.compress(b"\0" * (MAX_GUNZIPPED + 1), compresslevel=9), "2019-October.txt.gz")
    assert bomb.status_code == 422 and "unpacks to more than 32 MB" in bomb.get_json()["message"]
    assert len(client.get("/api/updates").get_json()["updates"]) == 3  # nothing stored was lost
