"""Shared fixtures: the bundled sample archive and a fresh knowledge-base directory."""
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
