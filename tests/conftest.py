"""Shared fixtures: the bundled sample archive, a fresh knowledge-base directory, and the web app over a
test module's `home` (with the settings of its `app_config`)."""
from pathlib import Path

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
