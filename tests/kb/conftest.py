"""The kb floor's fixtures: the June archives and a knowledge base holding the sample and the original June
update, built by the installed `kb` command (the subprocess and fault tests copy it before writing)."""
from pathlib import Path

import pytest

from tests.support.archives import june
from tests.support.processes import run_kb


@pytest.fixture(scope="module")
def june_files(tmp_path_factory) -> dict[str, Path]:
    """The June archive as first sent ("june") and corrected ("fixed"): tests/support/archives.py."""
    root = tmp_path_factory.mktemp("files")
    return {"june": june(root / "june.txt"), "fixed": june(root / "june-fixed.txt", fixed=True)}


@pytest.fixture(scope="module")
def june_home(tmp_path_factory, june_files) -> Path:
    """A knowledge base holding the sample and the original June file, shared by a module: copy it to write."""
    home = tmp_path_factory.mktemp("base") / "kb"
    run_kb(home, "ingest", "--sample", june_files["june"])
    return home
