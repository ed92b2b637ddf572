"""Writes behind the web (issue 18, finding 9): the admin page tells the truth about a write that committed
before the disk failed it, a server's start completes such a write, and uploads wait their turn for the
writer lock instead of failing after 5 s."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kb import KnowledgeBase
from kb.home import Home, writer_lock
from tests.support.archives import FIXTURES
from tests.support.webapp import admin_app as make_app
from tests.support.webapp import admin_upload, csrf_token, login, upload

JUNE = (FIXTURES / "web-update-2020-06-05.txt").read_bytes()
JUNE_ID = "2020-06-05-update-from-co-chairs"


def export_ids(home):
    return sorted(i.id for i in KnowledgeBase(home).export())


@pytest.mark.parametrize("way", ["admin", "api"])
def test_an_upload_committed_before_the_disk_failed_it_is_reported_as_saved_and_completed_later(fresh_home, way):
    # its record cannot be written (the name write_atomic gives its temporary file in this thread is taken by
    # a directory): the write fails after its commit point, as on a disk that fills up then
    blocker = fresh_home / "records" / f".{JUNE_ID}.json.{os.getpid()}.{threading.get_ident()}.tmp"
    (blocker / "in-the-way").mkdir(parents=True)
    client = make_app(fresh_home).test_client()
    if way == "admin":
        login(client)
        page = client.get("/admin").get_data(as_text=True)
        r = admin_upload(client, JUNE, "june.txt", csrf_token(page))  # previewed, then stored
        shown = client.get(r.headers["Location"]).get_data(as_text=True)
        assert "The upload was saved but not finished, so searches do not show it yet" in shown
        assert "Nothing was changed" not in shown
    else:
        r = upload(client, JUNE)
        assert r.status_code == 503 and r.json["error"] == "Saved, not yet finished"
        shown = r.json["message"]
    assert "the change was saved (committed) and will be completed by the next write" in shown
    (blocker / "in-the-way").rmdir()
    blocker.rmdir()
    make_app(fresh_home)  # a start completes it
    assert f"{JUNE_ID}--1" in export_ids(fresh_home)


@pytest.mark.slow
def test_a_server_start_completes_a_write_committed_just_before_a_kill(fresh_home):
    (fresh_home.parent / "june.txt").write_bytes(JUNE)
    killed = subprocess.run([sys.executable, "-m", "kb", "ingest", str(fresh_home.parent / "june.txt")],
                            env={**os.environ, "KB_HOME": str(fresh_home), "KB_CRASH_AT": "after-commit"},
                            capture_output=True, timeout=120)
    assert killed.returncode == -9 and (fresh_home / "txn").exists()
    client = make_app(fresh_home).test_client()
    assert client.get(f"/api/updates/{JUNE_ID}").status_code == 200  # before: 404 until the next write
    assert not (fresh_home / "txn").exists()


@pytest.mark.slow
def test_an_upload_waits_for_a_long_write_before_it(fresh_home):
    client = make_app(fresh_home).test_client()
    held = threading.Event()

    def long_write():
        with writer_lock(Home(fresh_home)):
            held.set()
            time.sleep(7)  # longer than `kb ingest`'s 5 s wait

    writer = threading.Thread(target=long_write)
    writer.start()
    held.wait(10)
    started = time.monotonic()
    r = upload(client, JUNE)
    writer.join()
    assert r.status_code == 201 and time.monotonic() - started > 6


def test_an_uploaded_script_is_served_as_a_plain_text_download_never_as_a_script(fresh_home):
    client = make_app(fresh_home).test_client()
    script = b"June 5, 2020\n\nUpdate from Co-Chairs, 5 June 2020\n\n  1. alert(document.cookie); // museums reopen\n"
    assert upload(client, script, "update.js").status_code == 201
    r = client.get(f"/updates/{JUNE_ID}/source")
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"  # was text/javascript: script-src 'self' ran it
    assert r.headers["Content-Disposition"] == 'attachment; filename="update.js"'
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_file_name_of_thousands_of_characters_is_refused(fresh_home):
    client = make_app(fresh_home).test_client()
    r = upload(client, JUNE, "j" * 10_000 + ".txt")
    assert r.status_code == 400 and r.json["message"] == ("The file name is 10,004 characters long; the limit is 200: "
                                                          "rename the file.")
    assert upload(client, JUNE, "j" * 196 + ".txt").status_code == 201


@pytest.mark.slow
def test_the_parsing_workers_of_a_killed_ingest_end_with_it(tmp_path):
    from benchmarks.synth import generate

    paths = generate(tmp_path / "archive", 3000, seed=3, per_file=12)  # a batch big enough for two workers
    proc = subprocess.Popen([sys.executable, "-m", "kb", "ingest", str(tmp_path / "archive")],
                            env={**os.environ, "KB_HOME": str(tmp_path / "kb")}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    children: list[str] = []
    deadline = time.monotonic() + 60
    while not children and time.monotonic() < deadline and proc.poll() is None:
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        time.sleep(0.05)
    assert len(paths) >= 8 and children, "no worker process started"
    proc.kill()
    proc.wait(30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in children):
        time.sleep(0.1)
    assert not any(alive(pid) for pid in children)


def alive(pid: str) -> bool:
    """True while the process exists and is not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
