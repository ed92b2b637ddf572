"""The installed `kb` command as a real process: crash safety under SIGKILL, readers during writes and
rebuilds, and a cold `kb search` that loads no plugin."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from kb import KnowledgeBase
from kb import SearchRequest
from tests.support.archives import JUNE5, JUNE5_FIXED, JUNE5_ITEMS, SAMPLE, export_lines, june, update_text, write_archive
from tests.support.processes import FURLOUGH_FIRST, KB, copy_of, run_kb

pytestmark = pytest.mark.slow  # the installed `kb` as a real process: kills, readers during writes, plugins


@pytest.fixture(scope="module")
def clean_export(tmp_path_factory, june_files, june_home) -> str:
    """What `kb export` prints after a clean, uninterrupted ingest of the corrected June file."""
    home = tmp_path_factory.mktemp("clean") / "kb"
    shutil.copytree(june_home, home)
    run_kb(home, "ingest", june_files["fixed"])
    return run_kb(home, "export").stdout


def june5_texts(export: str) -> list[str]:
    return [i["text"] for i in export_lines(export) if i["update_id"] == JUNE5][1:]


def test_the_installed_kb_answers_the_furlough_question(june_home):
    data = json.loads(run_kb(june_home, "search", "what was said about furlough", "--json", "--limit", "4").stdout)
    assert {r["id"] for r in data["results"]} == FURLOUGH_FIRST


@pytest.mark.parametrize("point", ["before-commit", "after-commit", "after-records", "after-index"])
def test_an_ingest_killed_at_any_point_leaves_old_or_new_and_the_rerun_completes_it(
        point, june_home, june_files, clean_export, tmp_path):
    home = copy_of(june_home, tmp_path)
    killed = run_kb(home, "ingest", june_files["fixed"], env={"KB_CRASH_AT": point}, check=False)
    assert killed.returncode == -signal.SIGKILL
    export = run_kb(home, "export").stdout  # the knowledge base opens, and shows each update whole
    assert june5_texts(export) in (JUNE5_ITEMS, JUNE5_FIXED)
    if point in ("before-commit", "after-commit", "after-records"):
        assert june5_texts(export) == JUNE5_ITEMS  # the index had not been written yet
    assert json.loads(run_kb(home, "stats", "--json").stdout)["interrupted_write"] is True
    run_kb(home, "ingest", june_files["fixed"])
    assert run_kb(home, "export").stdout == clean_export
    assert not (home / "txn").exists()
    assert sorted(p.name for p in (home / "index").iterdir()) == ["CURRENT", "ix-000001"]


def test_a_first_ingest_killed_after_its_commit_point_is_completed_by_the_next_command(tmp_path, june_home):
    home = tmp_path / "kb"
    killed = run_kb(home, "ingest", "--sample", env={"KB_CRASH_AT": "after-commit"}, check=False)
    assert killed.returncode == -signal.SIGKILL
    assert run_kb(home, "export").stdout == ""  # nothing was visible yet: the old (empty) state
    run_kb(home, "remove", "2020-03-30-update-from-co-chairs")  # any write completes the interrupted one first
    items = export_lines(run_kb(home, "export").stdout)
    assert len({i["update_id"] for i in items}) == 9


def test_a_rebuild_killed_after_its_commit_point_switches_on_the_next_run(june_home, tmp_path):
    home = copy_of(june_home, tmp_path)
    before = run_kb(home, "export").stdout
    killed = run_kb(home, "reindex", env={"KB_CRASH_AT": "after-records"}, check=False)
    assert killed.returncode == -signal.SIGKILL
    assert run_kb(home, "export").stdout == before  # still the old index
    run_kb(home, "ingest", "--sample")
    assert (home / "index" / "CURRENT").read_text().strip() == "ix-000002"
    assert run_kb(home, "export").stdout == before


def test_an_ingest_killed_from_outside_mid_way_then_rerun_reaches_the_clean_state(tmp_path):
    start = date(2015, 1, 5)
    updates = [update_text(start + timedelta(days=7 * n), [f"Week {n}: museums discussed funding round {n}.",
                                                          f"Week {n}: the furlough scheme and volunteers.",
                                                          f"Week {n}: reopening plans for gallery {n}."])
               for n in range(150)]
    big = write_archive(tmp_path / "big.txt", *reversed(updates))
    clean = tmp_path / "clean"
    run_kb(clean, "ingest", big)
    home = tmp_path / "kb"
    proc = subprocess.Popen([str(KB), "ingest", str(big)], env={**os.environ, "KB_HOME": str(home)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (home / "txn").exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(30) == -signal.SIGKILL
    exported = export_lines(run_kb(home, "export").stdout)
    assert len(exported) in (0, 150 * 4)  # nothing, or everything: never part of it
    run_kb(home, "ingest", big)
    assert run_kb(home, "export").stdout == run_kb(clean, "export").stdout


def test_readers_see_each_update_whole_while_another_process_rewrites_it(june_home, june_files, tmp_path):
    home = copy_of(june_home, tmp_path)
    script = ("import sys\nfrom pathlib import Path\nfrom kb import KnowledgeBase\n"
              "kb = KnowledgeBase(sys.argv[1], lock_timeout=30)\n"
              "for n in range(10):\n    kb.ingest_files([Path(sys.argv[2 + n % 2])])\n")
    writer = subprocess.Popen([sys.executable, "-c", script, str(home), str(june_files["fixed"]), str(june_files["june"])])
    reads = 0
    try:
        while writer.poll() is None or reads < 3:
            reader = KnowledgeBase(home)
            texts = [i.text for i in reader.get_update(JUNE5).items[1:]]
            exported = [i.text for i in reader.export() if i.update_id == JUNE5][1:]
            hits = reader.search(SearchRequest(q='"gerbil conservation"'))
            assert texts in (JUNE5_ITEMS, JUNE5_FIXED) and exported in (JUNE5_ITEMS, JUNE5_FIXED)
            assert [h.item.id for h in hits.hits] == [f"{JUNE5}--3"]
            reads += 1
    finally:
        writer.wait(120)
    assert writer.returncode == 0 and reads >= 3


def test_searches_never_fail_while_kb_reindex_rebuilds_and_switches(june_home, tmp_path):
    home = copy_of(june_home, tmp_path)
    reader = KnowledgeBase(home)
    expected = [h.item.id for h in reader.search(SearchRequest(q="furlough")).hits]
    rebuild = subprocess.Popen([sys.executable, "-c",
                                "import sys\nfrom kb import KnowledgeBase\nkb = KnowledgeBase(sys.argv[1])\n"
                                "for _ in range(3):\n    kb.reindex()\n", str(home)])
    reads = 0
    try:
        while rebuild.poll() is None or reads < 3:
            assert [h.item.id for h in reader.search(SearchRequest(q="furlough")).hits] == expected
            reads += 1
    finally:
        rebuild.wait(120)
    assert rebuild.returncode == 0 and (home / "index" / "CURRENT").read_text().strip() == "ix-000004"


def test_kb_search_loads_no_plugin_and_no_web_code(june_home):
    probe = (
        "import importlib.metadata, sys\n"
        "def refuse(*a, **k):\n    raise SystemExit('entry points were scanned')\n"
        "importlib.metadata.entry_points = refuse\n"
        "from kb.cli import main\n"
        "try:\n    main(['search', 'furlough', '--json'])\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'web', 'waitress', 'werkzeug'))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "KB_HOME": str(june_home)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] > 0


def test_plugin_commands_are_found_by_name(june_home):
    result = run_kb(june_home, "serve", "--help")
    assert "--port" in result.stdout
    assert run_kb(june_home, "frobnicate", check=False).returncode == 2


def test_the_installed_kb_takes_good_files_names_bad_ones_and_removes(tmp_path, june_files):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    home = tmp_path / "kb"
    result = run_kb(home, "ingest", empty, SAMPLE, tmp_path / "missing.txt", june_files["june"], check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == ["error"] * 2
    assert str(empty) in result.stderr and "missing.txt: no such file or directory" in result.stderr
    assert len({i["update_id"] for i in export_lines(run_kb(home, "export").stdout)}) == 12
    assert run_kb(home, "remove", JUNE5).stdout == f"removed {JUNE5}\n"
    assert JUNE5 not in {i["update_id"] for i in export_lines(run_kb(home, "export").stdout)}
    bad = run_kb(home, "search", "x", "--from", "someday", check=False)
    assert bad.returncode == 2 and "'from' must be a date" in bad.stderr
