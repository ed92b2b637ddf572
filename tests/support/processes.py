"""The installed `kb` command run as a real process, and what its answers on the sample should be."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

KB = Path(sys.executable).with_name("kb")
FURLOUGH_FIRST = {"2020-03-25-update-from-co-chairs--2", "2020-03-30-update-from-co-chairs--2",
                  "2020-04-09-update-from-co-chairs--2", "2020-04-09-update-from-co-chairs--4"}  # the items saying it


def run_kb(home: Path, *args, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """`kb ARGS` with KB_HOME set to `home`; with `check`, it must exit 0."""
    result = subprocess.run([str(KB), *map(str, args)], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "KB_HOME": str(home), **(env or {})})
    if check:
        assert result.returncode == 0, result.stderr
    return result


def copy_of(home: Path, tmp_path: Path) -> Path:
    """A copy of a knowledge base, to write to, at tmp_path/kb."""
    copy = tmp_path / "kb"
    shutil.copytree(home, copy)
    return copy
