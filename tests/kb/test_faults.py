"""Faults around the installed `kb` command: a read-only or full knowledge-base directory, a writer lock held
by another process, a lost or damaged index, a knowledge-base path that is a file, and kills at random
moments of a write that corrects many updates. Each must give a clear message and a non-zero exit, and
lose nothing already stored.

Running as root, file permissions do not stop writes, so a read-only directory is a read-only bind mount
and a full disk a small tmpfs (both refused by the kernel whoever asks). Where mounting is not allowed
the read-only case uses file permissions (not root) and the full-disk case RLIMIT_FSIZE, which makes
the same write calls fail with "File too large"."""
from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from kb import KnowledgeBase
from kb.home import Home, writer_lock
from tests.support.archives import JUNE5, JUNE5_FIXED, JUNE5_ITEMS, SAMPLE, update_text, write_archive
from tests.support.processes import FURLOUGH_FIRST, KB, copy_of
from tests.support.webapp import admin_app, upload

pytestmark = pytest.mark.slow  # the installed `kb` as a real process: kills, faults, full disks


def kb(home: Path | str, *args, env: dict | None = None, limit_file_size: int | None = None) -> subprocess.CompletedProcess:
    def limit():  # a write past the limit fails with EFBIG instead of killing the process
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))
    return subprocess.run([str(KB), *map(str, args)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "KB_HOME": str(home), **(env or {})},
                          preexec_fn=limit if limit_file_size else None)


def items(home: Path) -> list[dict]:
    return [item.to_dict() for item in KnowledgeBase(home).export()]


def assert_refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stderr.startswith("Error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    for word in words:
        assert word in result.stderr, result.stderr


def _can_mount() -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    probe = Path(f"/tmp/kb-mount-probe-{os.getpid()}")
    probe.mkdir(exist_ok=True)
    try:
        ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
                            capture_output=True).returncode == 0
        if ok:
            subprocess.run(["umount", str(probe)], check=True)
        return ok
    finally:
        probe.rmdir()


CAN_MOUNT = _can_mount()


@contextlib.contextmanager
def read_only(path: Path):
    """The directory made read-only in a way that its owner, even root, cannot write through."""
    if CAN_MOUNT:
        subprocess.run(["mount", "--bind", str(path), str(path)], check=True)
        try:
            subprocess.run(["mount", "-o", "remount,bind,ro", str(path)], check=True)
            yield
        finally:
            subprocess.run(["umount", "--lazy", str(path)], check=True)  # (searchers this process keeps open)
    elif os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [path, *path.rglob("*")]}
        for p in modes:
            p.chmod(modes[p] & ~0o222)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
    else:
        pytest.skip("running as root without the right to mount: a read-only directory cannot be made")


# ---- read-only -----------------------------------------------------------------------------------------

def test_a_read_only_knowledge_base_refuses_every_write_clearly_and_goes_on_answering(june_home, june_files, tmp_path):
    home, fixed = copy_of(june_home, tmp_path), june_files["fixed"]
    before = items(home)
    with read_only(home):
        for args in (["ingest", fixed], ["remove", JUNE5], ["reindex"]):
            assert_refused(kb(home, *args), f"cannot write to the knowledge base at {home}",
                           "Read-only file system" if CAN_MOUNT else "Permission denied")
        found = kb(home, "search", "what was said about furlough", "--json", "--limit", "4")
        assert found.returncode == 0 and {r["id"] for r in json.loads(found.stdout)["results"]} == FURLOUGH_FIRST
        assert kb(home, "check").returncode == 0
        assert items(home) == before
    assert kb(home, "ingest", fixed).returncode == 0  # writable again: the same write goes through
    assert [i.text for i in KnowledgeBase(home).get_update(JUNE5).items[1:]] == JUNE5_FIXED


def test_a_read_only_knowledge_base_behind_the_web_answers_searches_and_refuses_uploads(june_home, june_files, tmp_path):
    home = copy_of(june_home, tmp_path)
    client = admin_app(home).test_client()
    with read_only(home):
        r = upload(client, june_files["fixed"].read_bytes())
        assert r.status_code == 503 and "cannot write to the knowledge base" in r.json["message"]
        assert client.get("/api/search?q=gerbil").json["total"] == 1
        assert client.get("/search?q=furlough").status_code == 200
    assert [i.text for i in KnowledgeBase(home).get_update(JUNE5).items[1:]] == JUNE5_ITEMS


# ---- full disk ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    """An archive of 60 updates (about 400 items) whose ingest writes a few MB."""
    from benchmarks.synth import generate

    paths = generate(tmp_path_factory.mktemp("synth"), 400, seed=6, per_file=100)
    out = paths[0].with_name("big.txt")
    out.write_text("".join(p.read_text(encoding="utf-8") for p in paths), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def clean_after_big(tmp_path_factory, june_home, big) -> list[dict]:
    home = copy_of(june_home, tmp_path_factory.mktemp("clean"))
    assert kb(home, "ingest", big).returncode == 0
    return items(home)


def _used(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


@pytest.mark.skipif(not CAN_MOUNT, reason="no right to mount a tmpfs (the RLIMIT_FSIZE test below covers this)")
def test_a_disk_that_fills_up_at_any_stage_of_an_ingest_loses_nothing(june_home, big, clean_after_big, tmp_path):
    before = items(june_home)
    mount = tmp_path / "disk"
    mount.mkdir()
    probe = copy_of(june_home, tmp_path / "probe")
    assert kb(probe, "ingest", big).returncode == 0
    grow = _used(probe) - _used(june_home)  # what the ingest adds: the faults are placed across its stages
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={_used(june_home) + 4 * grow + 2**20}", "tmpfs", str(mount)],
                   check=True)
    interrupted = set()
    try:
        home = copy_of(june_home, mount)
        for left in [0] + [int(grow * f) for f in (0.1, 0.25, 0.5, 0.75, 1.0, 1.5)]:
            filler = mount / "filler"
            filler.write_bytes(b"")
            with open(filler, "wb") as f:  # take all the space but `left` bytes
                f.truncate(0)
                f.write(b"\0" * max(shutil.disk_usage(mount).free - left, 0))
            result = kb(home, "ingest", big)
            if result.returncode == 0:  # the space was enough after all: then it went in whole
                assert items(home) == clean_after_big
                break
            assert_refused(result, f"cannot write to the knowledge base at {home}", "No space left on device")
            assert items(home) == before  # readers see the old state, whole
            found = kb(home, "search", "gerbil", "--json")
            assert found.returncode == 0 and json.loads(found.stdout)["total"] == 1
            interrupted.add((home / "txn").exists())
            filler.unlink()
        assert interrupted == {False, True}  # it failed before its commit point, and after it
        assert kb(home, "ingest", big).returncode == 0  # space again: the next ingest completes it
        assert items(home) == clean_after_big
        assert kb(home, "check").stdout.startswith("the index matches the stored updates\n")  # (then what needs a look)
    finally:
        subprocess.run(["umount", "--lazy", str(mount)], check=True)


@pytest.mark.parametrize("limit", [64 * 1024, 256 * 1024])
def test_writes_that_fail_for_want_of_space_lose_nothing_and_are_completed_later(june_home, big, clean_after_big, tmp_path,
                                                                                 limit):
    home = copy_of(june_home, tmp_path)
    before = items(home)
    result = kb(home, "ingest", big, limit_file_size=limit)  # no file may grow past `limit` bytes
    assert_refused(result, f"cannot write to the knowledge base at {home}", "File too large")
    assert items(home) == before
    assert kb(home, "ingest", big).returncode == 0
    assert items(home) == clean_after_big


# ---- another writer ---------------------------------------------------------------------------------------

def test_a_writer_waits_for_the_lock_then_fails_clearly_and_a_patient_one_goes_through(june_home, june_files, tmp_path):
    home, fixed = copy_of(june_home, tmp_path), june_files["fixed"]
    before = items(home)
    with writer_lock(Home(home)):
        busy = kb(home, "ingest", fixed, env={"KB_LOCK_TIMEOUT": "0.3"})
        assert_refused(busy, f"the knowledge base at {home} is busy", f"(process {os.getpid()})", "waited 0.3 s")
        assert items(home) == before
        assert kb(home, "search", "gerbil").returncode == 0  # readers are never blocked
        patient = subprocess.Popen([str(KB), "ingest", str(fixed)], env={**os.environ, "KB_HOME": str(home),
                                                                        "KB_LOCK_TIMEOUT": "60"},
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)
        assert patient.poll() is None  # still waiting
    out, err = patient.communicate(timeout=120)
    assert patient.returncode == 0, err
    assert "1 changed" in out and [i.text for i in KnowledgeBase(home).get_update(JUNE5).items[1:]] == JUNE5_FIXED


# ---- a lost or damaged index -------------------------------------------------------------------------

def _live(home: Path) -> Path:
    return home / "index" / (home / "index" / "CURRENT").read_text().strip()


DAMAGE = {
    "index directory deleted": lambda home: shutil.rmtree(home / "index"),
    "live index deleted": lambda home: shutil.rmtree(_live(home)),
    "pointer deleted": lambda home: (home / "index" / "CURRENT").unlink(),
    "pointer to nothing": lambda home: (home / "index" / "CURRENT").write_text("ix-999999\n"),
    "table of contents deleted": lambda home: [p.unlink() for p in _live(home).glob("*.toc")],
    "segment files truncated": lambda home: [p.write_bytes(p.read_bytes()[:len(p.read_bytes()) // 2])
                                             for p in _live(home).iterdir() if p.suffix in (".trm", ".pst", ".seg")],
}


def cli(home: Path, *args):
    """The `kb` command in this process (click's CliRunner): faster than a process, same exit codes."""
    from click.testing import CliRunner

    from kb.cli import main

    return CliRunner().invoke(main, ["--kb", str(home), *map(str, args)], catch_exceptions=False)


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_lost_or_damaged_index_is_named_and_rebuilt_from_the_sources(june_home, tmp_path, damage):
    home = copy_of(june_home, tmp_path)
    before = items(home)
    DAMAGE[damage](home)
    checked = cli(home, "check")
    assert checked.exit_code == 1 and checked.stderr.startswith("problem: ")
    assert any(w in checked.stderr for w in ("there is no index", "cannot be read", "cannot be opened"))
    searched = cli(home, "search", "furlough")
    assert searched.exit_code == 1 and searched.stderr.startswith("Error: ")
    assert "Run `kb" in searched.stderr  # names the command that restores it, never an empty answer
    assert cli(home, "reindex").exit_code == 0
    assert items(home) == before and cli(home, "check").exit_code == 0


def test_an_item_missing_from_the_index_and_a_changed_source_are_named(june_home, tmp_path):
    from kb import index

    home = copy_of(june_home, tmp_path)
    kbase = KnowledgeBase(home)
    update = kbase.get_update(JUNE5)
    update.items = update.items[:-1]
    index.write(kbase.home.live_index(), [update])  # behind the store's back: one item fewer
    [source] = [p for p in (home / "sources").iterdir() if p.name.endswith("june.txt")]
    source.write_bytes(source.read_bytes().replace(b"gerbil", b"hamster"))
    checked = cli(home, "check")
    assert checked.exit_code == 1
    assert checked.stderr.splitlines() == [
        f"problem: the stored copy of june.txt ({source.name}) has changed since it was ingested",
        "problem: the index holds 12 updates and 84 items; the records hold 12 updates and 85 items",
        f"problem: update {JUNE5} differs between its record and the index: 4 items in the record, 3 in the index",
    ]
    repaired = cli(home, "check", "--repair")
    assert repaired.exit_code == 1 and repaired.stderr.splitlines() == checked.stderr.splitlines()[:1]
    assert "gerbil" in KnowledgeBase(home).get_item(f"{JUNE5}--3").text  # the record, not the changed copy


def test_check_counts_and_lists_a_few_of_many_differences(june_home, tmp_path):
    home = copy_of(june_home, tmp_path)
    for record in sorted((home / "records").iterdir())[:7]:
        record.unlink()  # behind the store's back: seven updates no longer stored
    checked = cli(home, "check")
    lines = checked.stderr.splitlines()
    assert checked.exit_code == 1 and lines[0].startswith("problem: the index holds 12 updates")
    assert "the records hold 5 updates" in lines[0]
    assert len(lines) == 1 + 5 + 1 and lines[-1] == "problem: ... and 2 more updates in the index but not stored"


# ---- a knowledge-base path that cannot be a directory ------------------------------------------------

def test_a_knowledge_base_path_under_a_file_is_a_clear_error(tmp_path):
    from web import create_app

    blocker = tmp_path / "afile"
    blocker.write_text("not a directory")
    for args in (["search", "furlough"], ["export"], ["stats"], ["updates"], ["show", JUNE5], ["ingest", SAMPLE],
                 ["reindex"], ["remove", JUNE5]):
        assert_refused(kb(blocker / "kb", *args), f"{blocker} is a file, not a directory")
    assert kb(blocker / "kb", "check").stderr == f"problem: cannot read the knowledge base at {blocker / 'kb'}: " \
                                                 f"{blocker} is a file, not a directory\n"
    named = kb(blocker, "search", "furlough")
    assert named.returncode == 2 and "is a file" in named.stderr and "Traceback" not in named.stderr
    for home in (blocker, blocker / "kb"):
        client = create_app({"TESTING": True, "KB_HOME": str(home), "SECRET_KEY": "t"}).test_client()
        r = client.get("/api/search?q=furlough")
        assert r.status_code == 503 and f"{blocker} is a file, not a directory" in r.json["message"]
        page = client.get("/search?q=furlough")
        assert page.status_code == 503 and "is a file, not a directory" in page.get_data(as_text=True)


# ---- killed at random moments ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """Forty updates (one file) and the same forty corrected (another), with the state each gives."""
    root = tmp_path_factory.mktemp("versions")
    days = [date(2016, 1, 4) + timedelta(days=7 * n) for n in range(40)]
    old = [update_text(d, [f"Week {n}: funding round {n} opened.", f"Week {n}: galleries reopened."])
           for n, d in enumerate(days)]
    new = [update_text(d, [f"Week {n}: funding round {n} opened late.", f"Week {n}: galleries reopened.",
                           f"Week {n}: volunteers returned."]) for n, d in enumerate(days)]
    v1 = write_archive(root / "v1.txt", *reversed(old))
    v2 = write_archive(root / "v2.txt", *reversed(new))
    home = root / "kb"
    assert kb(home, "ingest", v1).returncode == 0
    clean = copy_of(home, root / "clean")
    assert kb(clean, "ingest", v2).returncode == 0
    by_update = lambda state: {u: [i["text"] for i in state if i["update_id"] == u] for u in {i["update_id"] for i in state}}  # noqa: E731
    return home, v2, by_update(items(home)), by_update(items(clean)), items(clean), by_update


@pytest.mark.parametrize("delay", [0.0, 0.2, 0.6])
def test_an_ingest_of_corrections_killed_at_any_moment_leaves_each_update_old_or_new(versions, tmp_path, delay):
    base_home, v2, old, new, clean, by_update = versions
    home = copy_of(base_home, tmp_path)
    proc = subprocess.Popen([str(KB), "ingest", str(v2)], env={**os.environ, "KB_HOME": str(home)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (home / "txn").exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    assert (home / "txn").exists(), "the ingest ended before its write was seen to begin"
    time.sleep(delay)  # the write has begun: now wait a while and kill it
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    seen = by_update(items(home))  # the knowledge base opens, and every update is one version, whole
    assert seen.keys() == old.keys()
    assert all(seen[u] in (old[u], new[u]) for u in seen)
    stats = kb(home, "stats", "--json")
    assert stats.returncode == 0 and json.loads(stats.stdout)["updates"] == len(old)
    assert kb(home, "ingest", v2).returncode == 0
    assert items(home) == clean


@pytest.mark.parametrize("point", ["before-commit", "after-commit", "after-records", "after-index"])
def test_a_remove_killed_at_any_step_removes_all_or_nothing(june_home, tmp_path, point):
    home = copy_of(june_home, tmp_path)
    before = items(home)
    killed = kb(home, "remove", JUNE5, "2020-03-30-update-from-co-chairs", env={"KB_CRASH_AT": point})
    assert killed.returncode == -signal.SIGKILL
    left = {i["update_id"] for i in items(home)}
    assert items(home) == before or not {JUNE5, "2020-03-30-update-from-co-chairs"} & left
    again = kb(home, "remove", JUNE5, "2020-03-30-update-from-co-chairs")
    if point == "before-commit":  # the killed remove is discarded: this one removes them
        assert again.returncode == 0 and again.stdout.count("removed ") == 2, again.stdout
    else:  # past its commit point the killed remove is completed first: nothing left to remove
        assert_refused(again, "no such update", "nothing was removed")
    assert items(home) == [i for i in before if i["update_id"] not in (JUNE5, "2020-03-30-update-from-co-chairs")]


# ---- corrections (issue 21): kept with the records in one write, killed at any checkpoint ------------------

CORRECTED_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "markup" / "heritage-bulletin-2024-03-14.md"
AS_READ, AS_CORRECTED = "2024-03-14-heritage-skills-bulletin", "2024-03-15-heritage-skills-bulletin"
STORE_CORRECTED = (f"from kb import Correction, KnowledgeBase; import sys; p = {str(CORRECTED_FILE)!r}; "
                   "KnowledgeBase(sys.argv[1]).ingest_bytes(open(p, 'rb').read(), p.rsplit('/', 1)[1], None, "
                   f"[Correction('date', '2024-03-15', update={AS_READ!r})])")


def _corrected_state(home: Path) -> tuple[list[str], int]:
    """The update ids readers see, and how many corrections files are kept."""
    return sorted(u.id for u in KnowledgeBase(home).list_updates(items=False)), \
        len(list((home / "sources").glob("*.corrections.toml")))


@pytest.mark.parametrize("point", ["before-commit", "after-commit", "after-records", "after-index"])
def test_a_correction_killed_at_any_checkpoint_is_all_or_nothing(tmp_path, point):
    home = tmp_path / "kb"
    assert kb(home, "ingest", CORRECTED_FILE).returncode == 0
    killed = kb(home, "correct", AS_READ, "--date", "2024-03-15", env={"KB_CRASH_AT": point})
    assert killed.returncode == -signal.SIGKILL
    seen, _ = _corrected_state(home)
    assert seen in ([AS_READ], [AS_CORRECTED])  # readers see one version: never both ids, never neither
    assert kb(home, "check", "--repair").returncode == 0  # completes (or discards) the killed write
    if point == "before-commit":  # discarded: nothing was changed, and the correction can be made again
        assert _corrected_state(home) == ([AS_READ], 0)
        assert kb(home, "correct", AS_READ, "--date", "2024-03-15").returncode == 0
    assert _corrected_state(home) == ([AS_CORRECTED], 1)
    assert kb(home, "reindex").returncode == 0 and _corrected_state(home) == ([AS_CORRECTED], 1)


@pytest.mark.parametrize("point", ["before-commit", "after-commit", "after-index"])
def test_storing_a_preview_with_its_corrections_killed_at_any_checkpoint_loses_nothing(june_home, tmp_path, point):
    home = copy_of(june_home, tmp_path)
    before = items(home)
    killed = subprocess.run([sys.executable, "-c", STORE_CORRECTED, str(home)], capture_output=True, text=True,
                            timeout=300, env={**os.environ, "KB_CRASH_AT": point})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert kb(home, "check", "--repair").returncode == 0
    ids, kept = _corrected_state(home)
    stored = [i for i in items(home) if i["update_id"] != AS_CORRECTED]
    assert stored == before  # nothing already stored is lost
    assert (AS_CORRECTED in ids, kept) == ((False, 0) if point == "before-commit" else (True, 1))
    assert AS_READ not in ids  # the uncorrected reading never went in
