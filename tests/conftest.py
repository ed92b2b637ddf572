"""Where a new test goes, and the fixtures every floor shares.

- tests/ingest/  archive bytes -> updates and items: readers, segmenting, dates, topics, organisations,
                 references (vocab too); pure functions, no knowledge base on disk.
- tests/kb/      the store, the index, search, the `kb` command, the library face, faults, benchmarks.
- tests/web/     the Flask app through its test client.
- tests/browser/ Playwright driving Debian's chromium against the app on loopback.
- tests/house/   checks of the whole: the README and docs/ run or parsed, the floors' import contracts.
- tests/support/ plain helpers and constants (archives, logins and uploads, hostile vectors); no tests.
  A test module imports helpers from tests.support, never from another test module.

Fixtures live in conftest.py files: this one for what several floors use, tests/<floor>/conftest.py for one
floor's; a fixture only one module needs, to make its own inputs, may stay in that module under a name no
conftest uses. Knowledge bases: `*_home` is a directory (a Path), `*_kb` a KnowledgeBase over it;
`sample_*` is built once per module and must not be written to, `fresh_*` is a writable one per test,
`empty_home` holds nothing yet.

Markers (pyproject.toml): `slow` for hypothesis tests, subprocesses and kills, disk-full faults, stress and
benchmark runs, and anything else over about a second the inner loop can do without; `browser` for every
test under tests/browser (set by its conftest). The inner loop is `pytest -m "not slow and not browser"`;
plain `pytest` (CI) runs everything, and with KB_REQUIRE_BROWSER=1 a missing chromium fails the browser
tests instead of skipping them."""
import shutil
from pathlib import Path

import pytest

from tests.support.archives import SAMPLE


@pytest.fixture
def sample_path() -> Path:
    """The bundled real archive (a text export of the UMG COVID-19 updates page)."""
    return SAMPLE


@pytest.fixture
def sample_bytes() -> bytes:
    """The bundled real archive's bytes."""
    return SAMPLE.read_bytes()


@pytest.fixture(scope="module")
def sample_archive():
    """The sample as the ingest parser reads it (an Archive of updates and items), shared by a module."""
    from ingest import parse_archive

    return parse_archive(SAMPLE.read_bytes(), SAMPLE.name)


@pytest.fixture(scope="module")
def sample_updates_by_id(sample_archive) -> dict:
    """The sample's updates by id, as the ingest parser makes them."""
    return {update.id: update for update in sample_archive.updates}


@pytest.fixture(scope="module")
def sample_items_by_id(sample_archive) -> dict:
    """The sample's items by id, as the ingest parser makes them."""
    return {item.id: item for update in sample_archive.updates for item in update.items}


@pytest.fixture
def empty_home(tmp_path, monkeypatch) -> Path:
    """An empty knowledge-base directory, also set as KB_HOME."""
    home = tmp_path / "kb"
    monkeypatch.setenv("KB_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """The sample ingested once for the session: the others copy it (a copy costs milliseconds, an ingest
    a second or more of fsyncs). Never use it directly."""
    from kb import KnowledgeBase

    path = tmp_path_factory.mktemp("sample-build") / "kb"
    KnowledgeBase(path).ingest_files([SAMPLE])
    return path


@pytest.fixture(scope="module")
def sample_home(tmp_path_factory, sample_build) -> Path:
    """A knowledge base built from the sample, shared by a module's tests: read it, never write to it."""
    path = tmp_path_factory.mktemp("sample") / "kb"
    shutil.copytree(sample_build, path)
    return path


@pytest.fixture(scope="module")
def sample_kb(sample_home):
    """The KnowledgeBase over `sample_home` (read-only, shared by a module's tests)."""
    from kb import KnowledgeBase

    return KnowledgeBase(sample_home)


@pytest.fixture
def fresh_home(empty_home, sample_build) -> Path:
    """A knowledge base built from the sample for one test, which may write to it (also set as KB_HOME)."""
    shutil.copytree(sample_build, empty_home)
    return empty_home


@pytest.fixture
def fresh_kb(fresh_home):
    """The KnowledgeBase over `fresh_home` (writable, one test's own)."""
    from kb import KnowledgeBase

    return KnowledgeBase(fresh_home)


@pytest.fixture(scope="module")
def hostile_home(tmp_path_factory) -> Path:
    """The sample plus an e-mail, a page and a topic list holding the OWASP vectors (tests/support/hostile.py),
    shared by a module's tests: read-only."""
    from kb import KnowledgeBase
    from tests.support.hostile import TOPICS, archive_files

    root = tmp_path_factory.mktemp("hostile")
    home = root / "kb"
    home.mkdir()
    (home / "topics.toml").write_text(TOPICS, encoding="utf-8")
    report = KnowledgeBase(home).ingest_files(archive_files(root))
    assert not report.failed, [f.error for f in report.failed]
    return home
