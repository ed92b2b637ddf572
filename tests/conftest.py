"""Shared fixtures: the bundled sample archive, a fresh knowledge-base directory, a knowledge base built
from the sample (`home`, which a module may override), the web app over a test module's `home` (with the
settings of its `app_config`), and an app served on a loopback port for the browser tests, and under waitress as `kb serve` serves it."""
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "kb" / "data" / "umg-covid-updates-2020.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def sample_path() -> Path:
    """The bundled real archive (a text export of the UMG COVID-19 updates page)."""
    return SAMPLE


@pytest.fixture
def sample_bytes() -> bytes:
    """The bundled real archive's bytes."""
    return SAMPLE.read_bytes()


@pytest.fixture
def kb_home(tmp_path, monkeypatch) -> Path:
    """An empty knowledge-base directory, also set as KB_HOME."""
    home = tmp_path / "kb"
    monkeypatch.setenv("KB_HOME", str(home))
    return home


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """One knowledge base built from the sample, shared by a module's read-only tests (a module that
    writes, or wants other items, defines its own `home`)."""
    from kb import KnowledgeBase

    path = tmp_path_factory.mktemp("sample") / "kb"
    KnowledgeBase(path).ingest_files([SAMPLE])
    return path


def make_app(home, **config):
    """The web app over a knowledge-base directory, in testing mode, with extra settings."""
    from web import create_app

    return create_app({"TESTING": True, "KB_HOME": str(home), "SECRET_KEY": "test", **config})


@pytest.fixture
def app_config() -> dict:
    """Extra app settings; a test module overrides this (the admin tests set a token)."""
    return {}


@pytest.fixture
def app(home, app_config):
    """The app over the test module's `home` fixture."""
    return make_app(home, **app_config)


@pytest.fixture
def client(app):
    return app.test_client()


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
        yield f"http://127.0.0.1:{srv.effective_port}"
    finally:
        closing.set()
        srv.close()
        srv.task_dispatcher.shutdown(timeout=10)
        thread.join(10)
