"""The floors hold: the import-linter contracts in pyproject.toml (web above kb above ingest above vocab,
Whoosh only in kb.index, kb into ingest only through its entry point and registry, web and the CLI through the
face only) are kept by the code as it is."""
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support.archives import ROOT


def test_the_layer_contracts_are_kept():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    run = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout and "5 kept" in run.stdout
