"""Credentials (issue 12, point 5): bearer guesses throttled under members-only reading, minimum lengths,
throttles per credential kind and per trusted forwarded address, revocable and expiring admin sessions
holding a keyed HMAC, Secure cookies, no-store caching, and absolute URLs from KB_BASE_URL."""
import hashlib
import hmac
import re

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb import KnowledgeBase
from tests.support.webapp import TOKEN, admin_app, bearer, login

PASSWORD = "members-password"


def throttled_app(home, **config):
    """The app with the admin token, locking a credential out after three wrong guesses."""
    return admin_app(home, **{"LOGIN_MAX_FAILURES": 3, "LOGIN_LOCKOUT_SECONDS": 600, **config})


def test_wrong_bearer_tokens_are_throttled_when_reading_is_members_only(sample_home):
    client = throttled_app(sample_home, KB_READ_PASSWORD=PASSWORD).test_client()
    for _ in range(3):
        assert client.get("/api/topics", headers=bearer("guess-guess-guess")).status_code == 401
    r = client.get("/api/topics", headers=bearer("guess-guess-guess"))
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 500
    assert client.get("/api/topics", headers=bearer(TOKEN)).status_code == 429  # even the right one, meanwhile
    assert client.get("/api/topics", auth=("member", PASSWORD)).status_code == 200  # another kind of credential


def test_wrong_members_passwords_do_not_lock_out_the_admin_token(sample_home):
    client = throttled_app(sample_home, KB_READ_PASSWORD=PASSWORD).test_client()
    for _ in range(3):
        assert client.get("/api/topics", auth=("member", "wrong-password")).status_code == 401
    assert client.get("/api/topics", auth=("member", PASSWORD)).status_code == 429
    assert client.get("/api/topics", headers=bearer(TOKEN)).status_code == 200


@pytest.mark.parametrize("name,value,least", [("KB_ADMIN_TOKEN", "short", 16), ("KB_READ_PASSWORD", "members", 10)])
def test_a_short_token_or_password_stops_the_server_from_starting(sample_home, name, value, least):
    with pytest.raises(ValueError, match=f"{name} must be at least {least} characters long"):
        throttled_app(sample_home, **{name: value})
    result = CliRunner().invoke(main, ["--kb", str(sample_home), "serve"], env={name: value})
    assert result.exit_code == 1
    assert result.output == (f"Error: cannot start: {name} must be at least {least} characters long (it has "
                             f"{len(value)}); for example: python -c 'import secrets; print(secrets.token_urlsafe(24))'\n")


def test_forwarded_addresses_count_only_behind_a_trusted_proxy(sample_home):
    def guesses(client, forwarded):
        return [client.get("/api/topics", headers={**bearer("guess-guess-guess"), "X-Forwarded-For": forwarded},
                           environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code for _ in range(2)]
    client = throttled_app(sample_home, KB_READ_PASSWORD=PASSWORD).test_client()
    assert guesses(client, "1.1.1.1") + guesses(client, "2.2.2.2") == [401, 401, 401, 429]  # one client: the proxy
    client = throttled_app(sample_home, KB_READ_PASSWORD=PASSWORD, KB_TRUSTED_PROXIES=1).test_client()
    assert guesses(client, "1.1.1.1") + guesses(client, "2.2.2.2") == [401, 401, 401, 401]  # two clients


def session_of(app, client) -> dict:
    cookie = client.get_cookie("session")
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def test_a_session_cookie_copied_before_logout_no_longer_logs_in(sample_home):
    app = throttled_app(sample_home)
    client = app.test_client()
    assert login(client).status_code == 302
    captured = client.get_cookie("session").value
    page = client.get("/admin").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/admin/logout", data={"csrf_token": csrf}).status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", captured)
    assert "<h1>Admin login</h1>" in thief.get("/admin").get_data(as_text=True)
    assert login(client).status_code == 302 and "<h1>Admin login</h1>" not in client.get("/admin").get_data(as_text=True)


def test_the_session_holds_a_keyed_hmac_of_the_token_not_its_digest(sample_home):
    app = throttled_app(sample_home)
    client = app.test_client()
    login(client)
    stored = session_of(app, client)["admin"]
    assert stored != hashlib.sha256(TOKEN.encode()).hexdigest() and TOKEN not in client.get_cookie("session").value
    assert stored == hmac.new(b"test", b"admin-session\0" + TOKEN.encode(), hashlib.sha256).hexdigest()


def test_an_admin_session_expires(sample_home):
    app = throttled_app(sample_home, KB_ADMIN_SESSION_MINUTES=60)
    client = app.test_client()
    login(client)
    assert "<h1>Admin login</h1>" not in client.get("/admin").get_data(as_text=True)
    with client.session_transaction() as session:
        session["since"] -= 59 * 60
    assert "<h1>Admin login</h1>" not in client.get("/admin").get_data(as_text=True)
    with client.session_transaction() as session:
        session["since"] -= 2 * 60
    assert "<h1>Admin login</h1>" in client.get("/admin").get_data(as_text=True)


def test_kb_cookie_secure_sets_the_secure_flag(sample_home, monkeypatch):
    assert "Secure" not in login(throttled_app(sample_home).test_client()).headers["Set-Cookie"]
    monkeypatch.setenv("KB_COOKIE_SECURE", "1")
    assert "; Secure" in login(throttled_app(sample_home).test_client()).headers["Set-Cookie"]


def test_admin_and_members_only_pages_are_not_stored(sample_home):
    client = throttled_app(sample_home).test_client()
    assert client.get("/admin").headers["Cache-Control"] == "no-store"
    assert login(client).headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/search?q=furlough").headers.get("Cache-Control", "")
    members = throttled_app(sample_home, KB_READ_PASSWORD=PASSWORD).test_client()
    for path in ("/search?q=furlough", "/api/search?q=furlough", "/feed.atom", "/search.csv?q=furlough", "/"):
        assert members.get(path, auth=("m", PASSWORD)).headers["Cache-Control"] == "no-store", path
    assert members.get("/").headers["Cache-Control"] == "no-store"  # the 401 too


def test_absolute_urls_come_from_kb_base_url_not_the_host_header(sample_home):
    item = KnowledgeBase(sample_home).list_updates()[0].items[1]
    evil = {"Host": "evil.example"}
    client = throttled_app(sample_home).test_client()
    for path in (f"/items/{item.id}", "/feed.atom", "/api/updates?limit=2"):  # (issue 18: not even without a base)
        body = client.get(path, headers=evil).get_data(as_text=True)
        assert "evil.example" not in body and "http://localhost/" in body, path
    client = throttled_app(sample_home, KB_BASE_URL="https://kb.example.org").test_client()
    for path in (f"/items/{item.id}", "/feed.atom", "/search.csv?q=furlough", "/search.md?q=furlough",
                 "/api/updates?limit=2"):
        body = client.get(path, headers=evil).get_data(as_text=True)
        assert "evil.example" not in body and "https://kb.example.org/" in body, path
    assert f"https://kb.example.org/items/{item.id}" in client.get(f"/items/{item.id}", headers=evil).get_data(as_text=True)


def test_a_base_url_that_is_not_one_stops_the_server_from_starting(sample_home):
    with pytest.raises(ValueError, match="KB_BASE_URL must start with http:// or https://, not 'kb.example.org'"):
        throttled_app(sample_home, KB_BASE_URL="kb.example.org")



# ---- issue 18, finding 7: logout is an admin's own, and holds on a disk that cannot be written

def csrf_of(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/admin").get_data(as_text=True)).group(1)


def logged_in(client) -> bool:
    return "<h1>Admin login</h1>" not in client.get("/admin").get_data(as_text=True)


def test_a_visitor_cannot_log_out_the_admins(fresh_home):
    app = throttled_app(fresh_home)
    admin = app.test_client()
    assert login(admin).status_code == 302 and logged_in(admin)
    visitor = app.test_client()
    r = visitor.post("/admin/logout", data={"csrf_token": csrf_of(visitor)})  # a token from the public login page
    assert r.status_code == 302 and r.headers["Location"].endswith("/admin")
    assert logged_in(admin)


def test_logging_out_ends_only_that_session(fresh_home):
    app = throttled_app(fresh_home)
    one, two = app.test_client(), app.test_client()
    login(one)
    login(two)
    copied = one.get_cookie("session").value
    assert one.post("/admin/logout", data={"csrf_token": csrf_of(one)}).status_code == 302
    assert not logged_in(one) and logged_in(two)
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert not logged_in(thief)
    restarted = throttled_app(fresh_home).test_client()  # the logout is kept on disk
    restarted.set_cookie("session", copied)
    assert not logged_in(restarted)


def test_a_logout_holds_when_the_directory_cannot_be_written_and_says_so(fresh_home):
    (fresh_home / "web-sessions-revoked" / "in-the-way").mkdir(parents=True)  # no file can replace a directory
    app = throttled_app(fresh_home)
    admin = app.test_client()
    login(admin)
    copied = admin.get_cookie("session").value
    r = admin.post("/admin/logout", data={"csrf_token": csrf_of(admin)}, follow_redirects=True)
    assert "kept only until the server restarts" in r.get_data(as_text=True)
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert not logged_in(thief)


@pytest.mark.parametrize("name,value,message", [
    ("KB_ADMIN_TOKEN", "a" * 16, "KB_ADMIN_TOKEN must hold at least 8 different characters besides spaces (it has 1)"),
    ("KB_ADMIN_TOKEN", " " * 16, "KB_ADMIN_TOKEN must hold at least 8 different characters besides spaces (it has 0)"),
    ("KB_ADMIN_TOKEN", "abcdefgh ijklmnop", "KB_ADMIN_TOKEN must not hold spaces or line breaks"),
    ("KB_READ_PASSWORD", "abababababab", "KB_READ_PASSWORD must hold at least 5 different characters besides spaces (it has 2)"),
])
def test_a_token_or_password_of_low_variety_stops_the_server_from_starting(fresh_home, name, value, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        throttled_app(fresh_home, **{name: value})
    result = CliRunner().invoke(main, ["--kb", str(fresh_home), "serve"], env={name: value})
    assert result.exit_code == 1 and result.output.startswith(f"Error: cannot start: {message}")
    throttled_app(fresh_home, KB_READ_PASSWORD="correct horse battery")  # a passphrase may hold spaces
