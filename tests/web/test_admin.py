"""Uploads (API and admin page), their auth rules, CSRF, throttling, members-only reading, hostile text."""
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from html import escape

import pytest

from kb import KnowledgeBase
from tests.support.archives import FIXTURES
from tests.support.webapp import TOKEN, admin_app, admin_upload, bearer, csrf_token, login, upload
from web import create_app

NEW_UPDATE = (FIXTURES / "web-update-2020-06-05.txt").read_bytes()  # a new update for the sample
HOSTILE = """June 8, 2020

Update from Co-Chairs, 8 June 2020 <script>alert('title')</script>

  1. Gerbils <script>alert(1)</script> and <img src=x onerror=alert(2)> in "quotes" & ampersands.
  2. More gerbils <svg onload=alert(3)> <a href="javascript:alert(4)">click</a> </textarea><iframe src=//evil>.

Nicola Kalinsky
University Museums Group
""".encode()


def export_ids(home):
    return sorted(i.id for i in KnowledgeBase(home).export())


# ---- POST /api/updates ----------------------------------------------------------------------------

def test_api_upload_adds_the_update_and_search_finds_it(fresh_client, fresh_home):
    assert fresh_client.get("/api/search?q=hamsters").json["total"] == 0
    r = upload(fresh_client)
    assert r.status_code == 201, r.json
    assert r.json["name"] == "june.txt" and len(r.json["new"]) == 1 and r.json["changed"] == []
    found = fresh_client.get("/api/search?q=hamsters").json
    assert found["total"] == 1
    assert found["results"][0]["date"] == "2020-06-05" and found["results"][0]["number"] == 1
    # the same file again changes nothing and adds nothing twice
    again = upload(fresh_client)
    assert again.status_code == 200 and again.json["new"] == [] and again.json["unchanged"] == r.json["new"]
    assert fresh_client.get("/api/search?q=hamsters").json["total"] == 1


def test_api_upload_without_or_with_a_wrong_token_is_401(fresh_client, fresh_home):
    before = export_ids(fresh_home)
    r = fresh_client.post("/api/updates", data={"file": (io.BytesIO(NEW_UPDATE), "june.txt")})
    assert r.status_code == 401 and r.is_json and "token" in r.json["message"]
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert upload(fresh_client, headers=bearer("wrong")).status_code == 401
    assert upload(fresh_client, headers={"Authorization": "Basic " + "YTpi"}).status_code == 401
    assert fresh_client.post("/api/updates").status_code == 401  # empty body, no token
    assert export_ids(fresh_home) == before


def test_api_upload_is_disabled_without_an_admin_token(fresh_home):
    client = admin_app(fresh_home, KB_ADMIN_TOKEN=None).test_client()
    r = upload(client, headers=bearer("anything"))
    assert r.status_code == 403 and "KB_ADMIN_TOKEN" in r.json["message"]
    assert client.get("/admin").status_code == 403


@pytest.mark.parametrize("data,name,status,words", [
    (None, None, 400, "field 'file'"),
    (b"", "empty.txt", 400, "empty"),
    (b"  \n\n", "blank.txt", 400, "empty"),
    (NEW_UPDATE, "../../etc/passwd", 400, "not allowed"),
    (NEW_UPDATE, "..\\..\\win.txt", 400, "not allowed"),
    (NEW_UPDATE, ".hidden", 400, "not allowed"),
    (b"just a line of prose with no dates or updates in it\n", "prose.txt", 422, "prose.txt"),
])
def test_api_upload_refuses_bad_files_and_stores_nothing(fresh_client, fresh_home, data, name, status, words):
    before = export_ids(fresh_home)
    if data is None:
        r = fresh_client.post("/api/updates", data={"other": "x"}, headers=bearer(), content_type="multipart/form-data")
    else:
        r = upload(fresh_client, data=data, name=name)
    assert r.status_code == status, r.json
    assert r.json["status"] == status and words in r.json["message"]
    assert export_ids(fresh_home) == before
    assert not list(fresh_home.rglob("passwd")) and not list(fresh_home.rglob("win.txt"))


def test_upload_over_the_size_limit_is_413_and_stores_nothing(fresh_home):
    client = admin_app(fresh_home, MAX_CONTENT_LENGTH=2000).test_client()
    before = export_ids(fresh_home)
    big = NEW_UPDATE + b"x" * 5000
    r = upload(client, data=big)
    assert r.status_code == 413 and r.is_json and r.json["status"] == 413
    assert "larger than the limit of 2,000 bytes" in r.json["message"]
    assert login(client).status_code == 302
    page = client.get("/admin").get_data(as_text=True)
    r = client.post("/admin/upload", data={"file": (io.BytesIO(big), "big.txt"), "csrf_token": csrf_token(page)},
                    content_type="multipart/form-data")
    assert r.status_code == 413 and "<h1>Request Entity Too Large</h1>" in r.get_data(as_text=True)
    assert export_ids(fresh_home) == before


def test_upload_while_another_writer_holds_the_lock_is_503_and_changes_nothing(fresh_home):
    from kb.home import Home, writer_lock

    client = admin_app(fresh_home, KB_LOCK_TIMEOUT=0.2).test_client()
    assert login(client).status_code == 302
    page = client.get("/admin").get_data(as_text=True)
    before = export_ids(fresh_home)
    with writer_lock(Home(fresh_home)):
        r = upload(client)
        assert r.status_code == 503 and "busy" in r.json["message"] and r.headers["Retry-After"]
        assert client.get("/api/search?q=furlough").status_code == 200  # reading goes on meanwhile
        r = admin_upload(client, NEW_UPDATE, "june.txt", csrf_token(page), store=False)
        preview = r.headers["Location"]  # a preview reads without the writer lock; storing waits for it
        assert r.status_code == 303 and preview.startswith("/admin/preview/")
        r = client.post(preview + "/store", data={"csrf_token": csrf_token(page)})
        assert r.status_code == 303 and r.headers["Location"] == preview  # still held: Store can be pressed again
        assert "Nothing was changed" in client.get(preview).get_data(as_text=True)
    assert export_ids(fresh_home) == before
    assert upload(client).status_code == 201


def test_tokens_are_compared_in_constant_time(fresh_client, monkeypatch):
    import web.security

    seen = []
    real = web.security.hmac.compare_digest

    def recording(a, b):
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(web.security.hmac, "compare_digest", recording)
    assert upload(fresh_client, headers=bearer("wrong-token")).status_code == 401
    assert (b"wrong-token", TOKEN.encode()) in seen


def test_repeated_failed_tokens_are_locked_out(fresh_home):
    client = admin_app(fresh_home, LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_SECONDS=600).test_client()
    for _ in range(3):
        assert upload(client, headers=bearer("guess")).status_code == 401
    r = upload(client)  # even the right token waits until the lockout ends
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 500
    assert login(client).status_code == 429


def test_a_success_resets_the_failure_count(fresh_home):
    client = admin_app(fresh_home, LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_SECONDS=600).test_client()
    for _ in range(2):
        assert upload(client, headers=bearer("guess")).status_code == 401
    assert upload(client).status_code == 201
    for _ in range(2):
        assert upload(client, headers=bearer("guess")).status_code == 401
    assert upload(client).status_code == 200


# ---- /admin -----------------------------------------------------------------------------------------

def test_the_upload_picker_offers_every_suffix_kb_ingest_reads(fresh_client):
    from kb import archive_suffixes

    login(fresh_client)
    page = fresh_client.get("/admin").get_data(as_text=True)
    offered = page.split('accept="', 1)[1].split('"', 1)[0].split(",")
    assert {suffix for suffix in archive_suffixes() if suffix} <= set(offered) and ".xhtml" in offered


def test_admin_login_upload_and_remove(fresh_client, fresh_home):
    page = fresh_client.get("/admin").get_data(as_text=True)
    assert "<h1>Admin login</h1>" in page and 'type="password"' in page
    r = login(fresh_client)
    assert r.status_code == 302 and r.headers["Location"] == "/admin"
    page = fresh_client.get("/admin").get_data(as_text=True)
    assert "You are logged in." in page and "Update from Co-Chairs, 29 May 2020" in page
    r = admin_upload(fresh_client, NEW_UPDATE, "june.txt", csrf_token(page))
    assert r.status_code == 303 and r.headers["Location"] == "/admin/upload"
    assert "1 new update" in fresh_client.get("/admin/upload").get_data(as_text=True)
    [item] = [i for i in KnowledgeBase(fresh_home).export() if "hamsters" in i.text]
    assert fresh_client.get("/search?q=hamsters&related=0").get_data(as_text=True).count('class="hit"') == 1
    # remove it: a confirmation page first, then the POST
    confirm = fresh_client.get(f"/admin/remove/{item.update_id}")
    assert confirm.status_code == 200 and "Remove “Update from Co-Chairs, 5 June 2020”?" in confirm.get_data(as_text=True)
    r = fresh_client.post(f"/admin/remove/{item.update_id}", data={"csrf_token": csrf_token(confirm.get_data(as_text=True))})
    assert r.status_code == 302
    assert "Removed “Update from Co-Chairs, 5 June 2020” and its 3 items." in fresh_client.get("/admin").get_data(as_text=True)
    assert fresh_client.get(f"/items/{item.id}").status_code == 404
    assert fresh_client.get("/api/search?q=hamsters").json["total"] == 0


def test_admin_rejects_missing_or_wrong_csrf_token(fresh_client, fresh_home):
    before = export_ids(fresh_home)
    r = fresh_client.post("/admin/login", data={"token": TOKEN})
    assert r.status_code == 400 and "CSRF" in r.get_data(as_text=True)
    r = fresh_client.post("/admin/login", data={"token": TOKEN, "csrf_token": "forged"})
    assert r.status_code == 400
    assert login(fresh_client).status_code == 302
    uid = KnowledgeBase(fresh_home).list_updates()[0].id
    for data in ({}, {"csrf_token": "forged"}):
        assert fresh_client.post(f"/admin/remove/{uid}", data=data).status_code == 400
        r = fresh_client.post("/admin/upload", data={"file": (io.BytesIO(NEW_UPDATE), "june.txt"), **data},
                        content_type="multipart/form-data")
        assert r.status_code == 400
    assert export_ids(fresh_home) == before


def test_admin_wrong_token_and_logged_out_actions(fresh_client, fresh_home):
    r = login(fresh_client, token="nope")
    assert r.status_code == 401 and "That token is not right." in r.get_data(as_text=True)
    page = fresh_client.get("/admin").get_data(as_text=True)
    uid = KnowledgeBase(fresh_home).list_updates()[0].id
    r = fresh_client.post(f"/admin/remove/{uid}", data={"csrf_token": csrf_token(page)})
    assert r.status_code == 302 and r.headers["Location"] == "/admin"
    assert uid in [u.id for u in KnowledgeBase(fresh_home).list_updates()]


def test_admin_upload_of_a_bad_file_shows_the_reason(fresh_client, fresh_home):
    login(fresh_client)
    before = export_ids(fresh_home)
    page = fresh_client.get("/admin").get_data(as_text=True)
    for name, words in (("prose.txt", "prose.txt"), ("../x.txt", "not allowed")):
        data = b"no updates here\n" if name == "prose.txt" else NEW_UPDATE
        r = fresh_client.post("/admin/upload", data={"file": (io.BytesIO(data), name), "csrf_token": csrf_token(page)},
                        content_type="multipart/form-data")
        assert r.status_code == 303 and r.headers["Location"] == "/admin"  # a refresh does not post the file again
        shown = fresh_client.get("/admin").get_data(as_text=True)
        assert re.search(rf'<p class="error" role="alert">[^<]*{re.escape(escape(words))}', shown), shown
        assert "role=\"alert\"" not in fresh_client.get("/admin").get_data(as_text=True)  # shown once
    assert export_ids(fresh_home) == before


def test_changing_the_token_ends_admin_sessions(fresh_home):
    app = admin_app(fresh_home)
    client = app.test_client()
    assert login(client).status_code == 302
    app.config["KB_ADMIN_TOKEN"] = "rotated-admin-token"
    assert "<h1>Admin login</h1>" in client.get("/admin").get_data(as_text=True)


# ---- members-only reading, sessions, live ingest --------------------------------------------------------

def test_read_password_protects_every_page_and_api_call(fresh_home):
    client = admin_app(fresh_home, KB_READ_PASSWORD="members-password").test_client()
    for path in ("/", "/search?q=furlough", "/api/search?q=furlough", "/topics", "/feed.atom"):
        r = client.get(path)
        assert r.status_code == 401, path
        assert r.headers["WWW-Authenticate"].startswith("Basic")
    assert client.get("/api/topics").is_json
    assert client.get("/", auth=("member", "wrong")).status_code == 401
    assert client.get("/search?q=furlough", auth=("member", "members-password")).status_code == 200
    assert client.get("/api/topics", auth=("anyone", "members-password")).status_code == 200
    assert upload(client).status_code == 201  # the admin token is enough on its own


def test_a_broken_knowledge_base_gives_an_error_without_a_traceback(tmp_path):
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    client = create_app({"KB_HOME": str(not_a_dir), "SECRET_KEY": "x"}).test_client()
    r = client.get("/api/search?q=furlough")
    assert r.status_code in (500, 503) and r.is_json and r.json["status"] == r.status_code
    page = client.get("/search?q=furlough")
    assert page.status_code == r.status_code and "<h1>" in page.get_data(as_text=True)
    assert "Traceback" not in page.get_data(as_text=True) + r.get_data(as_text=True)


def test_session_key_is_generated_once_and_kept(empty_home):
    empty_home.mkdir(parents=True)
    first = create_app({"KB_HOME": str(empty_home)}).config["SECRET_KEY"]
    second = create_app({"KB_HOME": str(empty_home)}).config["SECRET_KEY"]
    assert first == second and len(first) == 64
    [key_file] = [p for p in empty_home.iterdir() if p.read_text().strip() == first]
    assert key_file.stat().st_mode & 0o077 == 0


def test_an_ingest_from_outside_is_visible_to_the_next_request(fresh_client, fresh_home, tmp_path):
    assert fresh_client.get("/api/search?q=hamsters").json["total"] == 0
    path = tmp_path / "june.txt"
    path.write_bytes(NEW_UPDATE)
    KnowledgeBase(fresh_home).ingest_files([path])  # what `kb ingest` does while the server runs
    assert fresh_client.get("/api/search?q=hamsters").json["total"] == 1


def test_hostile_archive_text_is_escaped_everywhere(fresh_client, fresh_home):
    assert upload(fresh_client, data=HOSTILE, name="hostile.txt").status_code == 201
    items = [i for i in KnowledgeBase(fresh_home).export() if "erbils" in i.text]
    assert len(items) == 2
    pages = ["/search?q=gerbils", "/search?q=gerbils+script", "/search?q=what+was+said+about+gerbils",
             f"/items/{items[0].id}", f"/items/{items[1].id}", f"/updates/{items[0].update_id}", "/updates", "/",
             "/feed.atom"]
    for path in pages:
        body = fresh_client.get(path).get_data(as_text=True)
        for bad in ("<script", "<img", "<svg", "<iframe", 'href="javascript:', "</textarea>"):
            assert bad not in body, (path, bad)
    html = fresh_client.get("/search?q=gerbils").get_data(as_text=True)
    assert "&lt;script&gt;" in html and "<mark>" in html
    markdown = fresh_client.get("/search.md?q=gerbils").get_data(as_text=True)
    assert "\\<script\\>" in markdown and not re.search(r"(?<!\\)[<>]", re.sub(r"(?m)^>", "", markdown))
    admin_page = (login(fresh_client), fresh_client.get("/admin"))[1].get_data(as_text=True)
    assert "<script" not in admin_page


# ---- kb serve ----------------------------------------------------------------------------------------------

def start_kb_serve(home, env=None):
    """`kb serve` on a free loopback port: (process, port) once it answers."""
    exe = shutil.which("kb", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    if exe is None:
        pytest.skip("the kb command is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**{k: v for k, v in os.environ.items() if k != "KB_HOME"}, **(env or {})}
    proc = subprocess.Popen([exe, "--kb", str(home), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = time.monotonic()
    while time.monotonic() - started < 60 and proc.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, port
        except OSError:
            time.sleep(0.05)
    proc.terminate()
    pytest.fail(f"kb serve did not start: {proc.communicate(timeout=30)}")


@pytest.mark.slow
def test_kb_serve_answers_over_http(fresh_home):
    proc, port = start_kb_serve(fresh_home)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=furlough&limit=1", timeout=30) as r:
            body = r.read()
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    assert b'"total"' in body, (out, err)
    assert f"http://127.0.0.1:{port}/" in out and str(fresh_home) in out
    assert "Traceback" not in err


@pytest.mark.slow
def test_kb_serve_refuses_a_body_over_the_upload_limit_before_reading_it(fresh_home):
    proc, port = start_kb_serve(fresh_home, {"KB_ADMIN_TOKEN": TOKEN, "KB_MAX_FILE_MB": "1"})
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"POST /api/updates HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                      b"Content-Length: 600000000\r\n\r\n--b\r\n")  # claims 600 MB, sends a few bytes
            answer = s.recv(200)  # before the fix: waits for the 600 MB (socket.timeout)
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    assert answer.startswith(b"HTTP/1.1 413"), (answer, err)
    assert "Traceback" not in err


def test_kb_serve_passes_its_limits_to_waitress(fresh_home):
    from web.cli import server_options

    app = admin_app(fresh_home, MAX_CONTENT_LENGTH=1234)
    assert server_options(app, 7, 9) == {"max_request_body_size": 1234, "connection_limit": 7, "channel_timeout": 9,
                                         "cleanup_interval": 1, "clear_untrusted_proxy_headers": True}
    behind = admin_app(fresh_home, KB_TRUSTED_PROXIES=1)
    assert server_options(behind, 7, 9)["clear_untrusted_proxy_headers"] is False  # ProxyFix reads them


# ---- undated files: the same refusal as `kb ingest`, and the date field -------------------------------

UNDATED = b"Notes from the committee\n\nThe committee agreed the budget. The accounts will be filed next month.\n"


def test_an_undated_upload_is_refused_with_the_cli_message_and_the_date_field_dates_it(fresh_client, fresh_home, tmp_path):
    from click.testing import CliRunner

    from kb.cli import main

    before = export_ids(fresh_home)
    r = upload(fresh_client, UNDATED, "notes.txt")
    assert r.status_code == 422 and export_ids(fresh_home) == before
    (tmp_path / "notes.txt").write_bytes(UNDATED)
    cli = CliRunner().invoke(main, ["--kb", str(tmp_path / "kb"), "ingest", str(tmp_path / "notes.txt")])
    assert cli.exit_code == 1
    message = "notes.txt: no date found for the update 'Notes from the committee'"
    hint = "give the date with `kb ingest --date 2021-12-01 FILE`, or in the date field of the upload form or of POST /api/updates"
    assert message in r.json["message"] and hint in r.json["message"]
    assert message in cli.stderr and hint in cli.stderr
    dated = fresh_client.post("/api/updates", data={"file": (io.BytesIO(UNDATED), "notes.txt"), "date": "2021-12-01"},
                        headers=bearer(), content_type="multipart/form-data")
    assert dated.status_code == 201 and dated.json["new"] == ["2021-12-01-notes-from-the-committee"]
    bad = fresh_client.post("/api/updates", data={"file": (io.BytesIO(UNDATED), "notes.txt"), "date": "1 Dec"},
                      headers=bearer(), content_type="multipart/form-data")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json["message"]


def test_the_admin_form_has_a_date_field_that_dates_an_undated_file(fresh_client, fresh_home):
    login(fresh_client)
    page = fresh_client.get("/admin").get_data(as_text=True)
    assert '<input id="date" name="date" type="date">' in page
    r = admin_upload(fresh_client, UNDATED, "notes.txt", csrf_token(page), date="2021-12-01")
    assert r.status_code == 303 and "2021-12-01-notes-from-the-committee--1" in export_ids(fresh_home)
