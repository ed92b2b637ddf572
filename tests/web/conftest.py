"""The web floor's fixtures: test clients of the app over the shared knowledge bases, and the knowledge bases
only the web tests read (feeds, updates with an original's URL and links)."""
from pathlib import Path

import pytest

from tests.support.archives import FIXTURES, FURLOUGH_SENTENCE
from tests.support.webapp import admin_app, make_app


@pytest.fixture
def client(sample_home):
    """A test client of the app over `sample_home` (read-only), uploads off."""
    return make_app(sample_home).test_client()


@pytest.fixture
def admin_client(sample_home):
    """A test client of the app over `sample_home` with the admin token set (not logged in); read-only."""
    return admin_app(sample_home).test_client()


@pytest.fixture
def fresh_client(fresh_home):
    """A test client of the app with the admin token over `fresh_home`: uploads and removals may write."""
    return admin_app(fresh_home).test_client()


@pytest.fixture(scope="module")
def sample_client(sample_home):
    """One test client over `sample_home` for a whole module (hypothesis runs many examples on it)."""
    return make_app(sample_home).test_client()


@pytest.fixture(scope="module")
def hostile_client(hostile_home):
    """One test client with the admin token over `hostile_home` for a whole module."""
    return admin_app(hostile_home).test_client()


@pytest.fixture(scope="module")
def furlough_item(sample_kb):
    """The 9 April item about national museums and universities furloughing staff."""
    [item] = [i for i in sample_kb.export() if FURLOUGH_SENTENCE in i.text]
    return item


@pytest.fixture(scope="module")
def feeds_home(tmp_path_factory) -> Path:
    """A knowledge base of the feed fixtures (tests/fixtures/feeds), shared by a module: read-only."""
    from kb import KnowledgeBase

    path = tmp_path_factory.mktemp("feeds") / "kb"
    report = KnowledgeBase(path).ingest_files(sorted((FIXTURES / "feeds").iterdir()))
    assert not report.failed
    return path


@pytest.fixture
def feeds_client(feeds_home):
    """A test client of the app over `feeds_home` (read-only)."""
    return make_app(feeds_home).test_client()


@pytest.fixture
def linked_home(fresh_home) -> Path:
    """The sample, plus a June update with an original's URL and links, plus a cp1252 file without a URL."""
    from tests.support.origins import JUNE, LINKS, ingest_with_origin

    ingest_with_origin(fresh_home, JUNE, "june.txt", "https://example.org/2020/06/05/update", LINKS)
    ingest_with_origin(fresh_home, JUNE.replace(b"June", b"July").replace(b"Hamsters", b"Caf\xe9 gerbils"),
                       "juillet-caf\xe9.txt", None, [])
    return fresh_home
