"""The web app over a knowledge-base directory, served on loopback for a browser (or under waitress as `kb
serve` serves it), and the secretary's moves: a bearer header, a login through the CSRF-protected form, an
upload through the API."""
from __future__ import annotations

import io
import re
import threading
from contextlib import contextmanager
from typing import Iterator

from tests.support.archives import NEW_UPDATE

TOKEN = "s3cret-admin-token"


def make_app(home, **config):
    """The web app over a knowledge-base directory, in testing mode, with extra settings."""
    from web import create_app

    return create_app({"TESTING": True, "KB_HOME": str(home), "SECRET_KEY": "test", **config})


def admin_app(home, **config):
    """The web app with the admin token TOKEN set (uploads and the admin pages on)."""
    return make_app(home, **{"KB_ADMIN_TOKEN": TOKEN, **config})


def bearer(token=TOKEN) -> dict:
    return {"Authorization": f"Bearer {token}"}


def upload(client, data=NEW_UPDATE.read_bytes(), name="june.txt", headers=None):
    """POST a file to /api/updates with the admin token."""
    return client.post("/api/updates", data={"file": (io.BytesIO(data), name)}, headers=headers or bearer(),
                       content_type="multipart/form-data")


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(client, token=TOKEN):
    """Log in on the admin page with the token, through its form."""
    page = client.get("/admin").get_data(as_text=True)
    return client.post("/admin/login", data={"token": token, "csrf_token": csrf_token(page)})


def admin_upload(client, data: bytes, name: str, token: str, store: bool = True, **form):
    """Upload a file on the admin page as the secretary does: it is previewed first (nothing stored), then,
    with `store`, stored with the preview's Store button. The last response (the Store's, else the upload's)."""
    r = client.post("/admin/upload", data={"file": (io.BytesIO(data), name), "csrf_token": token, **form},
                    content_type="multipart/form-data")
    if not store or r.status_code != 303 or not r.headers["Location"].startswith("/admin/preview/"):
        return r
    return client.post(r.headers["Location"] + "/store", data={"csrf_token": token})


@contextmanager
def served(app) -> Iterator[str]:
    """The app on a free loopback port, in a thread, for the block: its base URL (where its absolute URLs
    start, as under `kb serve`)."""
    from werkzeug.serving import make_server

    srv = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["KB_LISTEN_URL"] = f"http://127.0.0.1:{srv.server_port}"
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield app.config["KB_LISTEN_URL"]
    finally:
        srv.shutdown()
        thread.join(10)


@contextmanager
def waitress_served(app, **options) -> Iterator[str]:
    """The app under waitress with `kb serve`'s settings (web.cli.make_server) on a free loopback port, in a
    thread, for the block: its base URL. Real HTTP: proxy headers, slow clients and threads as deployed."""
    from web.cli import make_server

    srv = make_server(app, "127.0.0.1", 0, **options)
    app.config["KB_LISTEN_URL"] = f"http://127.0.0.1:{srv.effective_port}"
    closing = threading.Event()

    def run():
        try:
            srv.run()
        except OSError:  # its socket closed under it at the end of the block
            if not closing.is_set():
                raise

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield app.config["KB_LISTEN_URL"]
    finally:
        closing.set()
        srv.close()
        srv.task_dispatcher.shutdown(timeout=10)
        thread.join(10)
