"""The browser floor: Playwright driving Debian's chromium (never a downloaded one) against the app served on
a loopback port. Every test here is marked `browser`. Where chromium is missing the tests are skipped, unless
KB_REQUIRE_BROWSER=1 (as CI sets it): then each of them fails."""
import os
from pathlib import Path

import pytest

from tests.support.archives import SAMPLE
from tests.support.browser import ARGS, CHROMIUM, HOSTILE, TOKEN
from tests.support.webapp import served

HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Mark every test under tests/browser `browser` (before `-m` deselects)."""
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def chromium():
    """Debian's chromium and Playwright: skip without them, or fail if KB_REQUIRE_BROWSER=1."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("KB_REQUIRE_BROWSER") == "1":
            pytest.fail(f"KB_REQUIRE_BROWSER=1 but {CHROMIUM} is missing (apt-get install -y chromium)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium); browser tests skipped")
    pytest.importorskip("axe_playwright_python.sync_playwright")
    return pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="session")
def browser(chromium):
    """One headless chromium for the session (each test opens its own context)."""
    with chromium.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors, page errors and dialogs; the test fails on any."""
    context = browser.new_context()
    pg = context.new_page()
    problems = []
    pg.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    pg.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    pg.on("dialog", lambda d: (problems.append(f"dialog fired: {d.message}"), d.dismiss()))
    pg.on("response", lambda r: problems.append(f"{r.status} for {r.url}") if r.status >= 400 else None)
    pg.problems = problems
    yield pg
    context.close()
    assert problems == []


def _serve(home):
    """The app (not in testing mode, uploads on with TOKEN) over `home`, on a free loopback port."""
    from web import create_app

    return served(create_app({"KB_HOME": str(home), "KB_ADMIN_TOKEN": TOKEN}))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app over a knowledge base built from the sample plus an update holding XSS vectors, uploads on
    (TOKEN); a module's tests share it, and some upload to it."""
    from kb import KnowledgeBase

    root = tmp_path_factory.mktemp("browser")
    hostile = root / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    KnowledgeBase(root / "kb").ingest_files([SAMPLE, hostile])
    with _serve(root / "kb") as base:
        yield base


@pytest.fixture(scope="module")
def sample_server(sample_home):
    """The app over `sample_home`, read-only (no admin token)."""
    from web import create_app

    with served(create_app({"KB_HOME": str(sample_home)})) as base:
        yield base


@pytest.fixture(scope="module")
def linked_server(tmp_path_factory):
    """The sample plus a 12 June update with an original's URL and links, uploads on (TOKEN)."""
    from kb import KnowledgeBase
    from tests.support.origins import JUNE, LINKS, ingest_with_origin

    home = tmp_path_factory.mktemp("browser-ux") / "kb"
    KnowledgeBase(home).ingest_files([SAMPLE])
    june12 = JUNE.replace(b"Hamsters", b"Marmots").replace(b"June 5,", b"June 12,").replace(b"5 June", b"12 June")
    ingest_with_origin(home, june12, "june.txt", "https://example.org/2020/06/05/update", LINKS)
    with _serve(home) as base:
        yield base


@pytest.fixture(scope="module")
def hostile_server(hostile_home):
    """The app over `hostile_home` (uploads on, TOKEN): its base URL."""
    with _serve(hostile_home) as base:
        yield base
