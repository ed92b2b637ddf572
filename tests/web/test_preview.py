"""Issue 21 on the web: an upload is previewed before anything is stored (held outside the knowledge base, for the
session that uploaded it only), corrected there, stored or cancelled; the API's `?preview=1` and corrections; what
needs a look on the admin page and, for the admin only, on the update page."""
from __future__ import annotations

import hashlib
import io
import json
import re
import shutil

import pytest

from kb import KnowledgeBase
from tests.support.archives import FIXTURES, SAMPLE
from tests.support.webapp import admin_app, bearer, csrf_token, login, make_app

BULLETIN = FIXTURES / "markup" / "heritage-bulletin-2024-03-14.md"  # dated only by its file name
READ_AS = "2024-03-14-heritage-skills-bulletin"
FIXED = "2024-03-15-heritage-skills-bulletin"


def tree(home) -> dict:
    return {str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(home.rglob("*")) if p.is_file()}


@pytest.fixture
def site(empty_home, tmp_path):
    """The sample and an admin logged in (its client and CSRF token); previews held under tmp_path/held."""
    KnowledgeBase(empty_home).ingest_files([SAMPLE])
    app = admin_app(empty_home, KB_PREVIEW_DIR=str(tmp_path / "held"))
    client = app.test_client()
    login(client)
    return app, client, csrf_token(client.get("/admin").get_data(as_text=True))


def preview_of(client, token, data=None, name=BULLETIN.name):
    r = client.post("/admin/upload", data={"file": (io.BytesIO(data or BULLETIN.read_bytes()), name),
                                           "csrf_token": token}, content_type="multipart/form-data")
    assert r.status_code == 303 and r.headers["Location"].startswith("/admin/preview/"), r.headers.get("Location")
    return r.headers["Location"]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_an_upload_is_previewed_corrected_and_stored_and_nothing_is_written_before_store(site, empty_home, tmp_path):
    _, client, token = site
    before = tree(empty_home)
    page = preview_of(client, token)
    html = client.get(page).get_data(as_text=True)
    shown = text_of(html)
    assert "Nothing is stored yet." in shown and "Needs a look: these parts of the reading are guesses" in shown
    assert "its date is a guess: dated only by the file name" in shown
    assert "14 March 2024 from a date in the file name: '2024-03-14'" in text_of(html.replace("&#39;", "'"))
    assert "Training The gilding course runs again in May. line 5" in shown
    assert tree(empty_home) == before and list((tmp_path / "held").rglob("data"))  # held outside the knowledge base
    r = client.post(page + "/correct", data={"csrf_token": token, "kind": "date", "value": "2024-03-15",
                                             "update": READ_AS})
    assert r.status_code == 303 and r.headers["Location"] == page
    html = client.get(page).get_data(as_text=True)
    assert "Needs a look" not in html and FIXED in html and "Your corrections" in html
    assert tree(empty_home) == before
    r = client.post(page + "/store", data={"csrf_token": token})
    assert r.status_code == 303 and r.headers["Location"] == "/admin/upload"
    result = text_of(client.get("/admin/upload").get_data(as_text=True))
    assert f"1 new update: {FIXED}" in result and "1 correction applied and kept with the file" in result
    kb = KnowledgeBase(empty_home)
    assert kb.get_update(FIXED).reading.date.code == "corrected" and READ_AS not in [u.id for u in kb.list_updates()]
    assert len(list((empty_home / "sources").glob("*.corrections.toml"))) == 1
    assert not list((tmp_path / "held").rglob("data"))  # let go once stored
    kb.reindex()
    assert FIXED in [u.id for u in kb.list_updates()]


def test_cancel_leaves_the_knowledge_base_byte_for_byte_as_it_was(site, empty_home):
    _, client, token = site
    before = tree(empty_home)
    page = preview_of(client, token)
    client.post(page + "/correct", data={"csrf_token": token, "kind": "heading", "line": "7"})
    r = client.post(page + "/cancel", data={"csrf_token": token})
    assert r.status_code == 303 and "Cancelled: nothing was stored." in client.get("/admin").get_data(as_text=True)
    assert tree(empty_home) == before
    r = client.post(page + "/store", data={"csrf_token": token})  # a cancelled preview cannot be stored after all
    assert r.status_code == 303 and r.headers["Location"] == "/admin"
    assert "This preview is no longer held" in client.get("/admin").get_data(as_text=True)
    assert tree(empty_home) == before


def test_an_expired_or_lost_preview_says_so_and_stores_nothing(site, empty_home, tmp_path):
    app, client, token = site
    page = preview_of(client, token)
    before = tree(empty_home)
    shutil.rmtree(tmp_path / "held")  # as a restart that cleared the temporary folder
    r = client.post(page + "/store", data={"csrf_token": token})
    assert r.status_code == 303 and r.headers["Location"] == "/admin"
    assert ("This preview is no longer held: it expired, was stored or cancelled already, or the server was restarted. "
            "Nothing was stored: upload the file again.") in client.get("/admin").get_data(as_text=True)
    app.config["KB_PREVIEW_MINUTES"] = 0  # and one past its time
    page = preview_of(client, token)
    assert client.get(page).headers["Location"] == "/admin"
    assert tree(empty_home) == before


def test_a_preview_is_only_for_the_session_that_uploaded_it_and_needs_the_csrf_token(site, empty_home):
    app, client, token = site
    page = preview_of(client, token)
    other = app.test_client()
    login(other)
    other_token = csrf_token(other.get("/admin").get_data(as_text=True))
    assert other.get(page).headers["Location"] == "/admin"
    assert other.post(page + "/store", data={"csrf_token": other_token}).headers["Location"] == "/admin"
    assert client.post(page + "/store", data={}).status_code == 400  # no CSRF token
    assert client.post(page + "/correct", data={"csrf_token": "forged", "kind": "date", "value": "2024-03-15"}).status_code == 400
    assert READ_AS not in [u.id for u in KnowledgeBase(empty_home).list_updates()]
    assert len(client.get("/admin").headers.get("Set-Cookie", "")) < 4000  # the file is never in the cookie


def test_a_correction_that_does_not_fit_is_refused_on_the_preview(site, empty_home):
    _, client, token = site
    page = preview_of(client, token)
    client.post(page + "/correct", data={"csrf_token": token, "kind": "merge", "line": "3"})
    html = client.get(page).get_data(as_text=True).replace("&#39;", "'").replace("&#34;", '"')
    assert "Not corrected: the item at line 3" in html and "there is no item above it" in html
    client.post(page + "/correct", data={"csrf_token": token, "kind": "split", "line": "x"})
    assert "is not a line number" in client.get(page).get_data(as_text=True)
    assert "Your corrections" not in client.get(page).get_data(as_text=True)


def test_the_admin_page_lists_what_needs_a_look_first_and_the_update_page_tells_the_admin_only(site, empty_home):
    app, client, token = site
    html = client.get("/admin").get_data(as_text=True)
    assert html.index("Needs a look (3)") < html.index("Add or correct updates")
    assert "/admin/updates/2020-05-26-update-from-co-chairs" in html
    note = "For the secretary: how this update was read needs a look"
    assert note in client.get("/updates/2020-05-26-update-from-co-chairs").get_data(as_text=True)
    member = make_app(empty_home, KB_ADMIN_TOKEN="s3cret-admin-token").test_client()
    assert note not in member.get("/updates/2020-05-26-update-from-co-chairs").get_data(as_text=True)
    assert "Needs a look" not in member.get("/updates/2020-05-26-update-from-co-chairs").get_data(as_text=True)


def test_a_stored_update_is_corrected_on_its_admin_page(site, empty_home):
    _, client, token = site
    r = client.post("/admin/updates/2020-05-26-update-from-co-chairs/correct",
                    data={"csrf_token": token, "kind": "title", "value": "Co-Chairs' update"})
    assert r.status_code == 303 and r.headers["Location"] == "/admin/updates/2020-05-26-co-chairs-update"
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Corrected: the title of 2020-05-26-update-from-co-chairs set to" in page.replace("&#39;", "'")
    assert "2020-05-26-update-from-co-chairs" not in [u.id for u in KnowledgeBase(empty_home).list_updates()]


def test_the_api_previews_without_storing_and_corrects(site, empty_home):
    app, client, _ = site
    before = tree(empty_home)
    r = client.post("/api/updates?preview=1", data={"file": (io.BytesIO(BULLETIN.read_bytes()), BULLETIN.name)},
                    headers=bearer(), content_type="multipart/form-data")
    assert r.status_code == 200 and r.json["stored"] is False and r.json["needs_review"] == [READ_AS]
    [update] = r.json["updates"]
    assert (update["id"], update["status"], update["needs_review"]) == (READ_AS, "new", True)
    assert update["reading"]["date"]["code"] == "file-name" and tree(empty_home) == before
    fixes = json.dumps([{"kind": "date", "value": "2024-03-15", "update": READ_AS}])
    r = client.post("/api/updates?preview=1", data={"file": (io.BytesIO(BULLETIN.read_bytes()), BULLETIN.name),
                                                    "corrections": fixes}, headers=bearer(), content_type="multipart/form-data")
    assert [u["id"] for u in r.json["updates"]] == [FIXED] and r.json["corrections"][0]["kind"] == "date"
    assert tree(empty_home) == before
    r = client.post("/api/updates", data={"file": (io.BytesIO(BULLETIN.read_bytes()), BULLETIN.name), "corrections": "[1]"},
                    headers=bearer(), content_type="multipart/form-data")
    assert r.status_code == 400 and tree(empty_home) == before
    r = client.post("/api/updates", data={"file": (io.BytesIO(BULLETIN.read_bytes()), BULLETIN.name), "corrections": fixes},
                    headers=bearer(), content_type="multipart/form-data")
    assert r.status_code == 201 and r.json["new"] == [FIXED] and r.json["corrected"] == [
        f"the date of {READ_AS} set to 2024-03-15"]
    r = client.post(f"/api/updates/{FIXED}/corrections", json={"title": "Bulletin 14"}, headers=bearer())
    assert r.status_code == 200 and r.json["now"] == "2024-03-15-bulletin-14"
    r = client.post("/api/updates/2024-03-15-bulletin-14/corrections", json={"merge": 3}, headers=bearer())
    assert r.status_code == 422 and "there is no item above it" in r.json["message"]
    assert client.post("/api/updates/2024-03-15-bulletin-14/corrections", json={"merge": 3}).status_code == 401
    assert client.post("/api/updates/nope/corrections", json={"date": "2024-03-15"}, headers=bearer()).status_code == 404
    assert client.post("/api/updates/2024-03-15-bulletin-14/corrections", json={"date": 3}, headers=bearer()).status_code == 400


def test_the_admin_page_names_a_correction_that_no_longer_applies(site, empty_home):
    _, client, token = site
    client.post("/admin/updates/2020-05-26-update-from-co-chairs/correct",
                data={"csrf_token": token, "kind": "title", "value": "Co-Chairs' update"})
    assert "Corrections not applied" not in client.get("/admin").get_data(as_text=True)
    [kept] = (empty_home / "sources").glob("*.corrections.toml")
    kept.write_text(kept.read_text().replace("2020-05-26-update-from-co-chairs", "2020-05-26-something-else"))
    html = client.get("/admin").get_data(as_text=True).replace("&#39;", "'")
    assert "Corrections not applied" in html
    assert "no update of the file is read as '2020-05-26-something-else' any more" in html
