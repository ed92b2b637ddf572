"""The hardening figures of issue 18, measured against `kb serve` on loopback (bounded in count and time).

    python -m benchmarks.hardening                # a 10,000-item archive (about 5 minutes)
    python -m benchmarks.hardening --items 2000   # smaller

Prints, finding by finding: the throttle behind a trusted proxy (a right password from one address while
another guesses), /gaps' near-duplicates of a same-day flood, a 220 KB query, field wildcards and a question
under the 2 s budget, a 3 MB one-paragraph .gz and a 4.4 MB HTML list of 150,000 items, a visitor's logout,
120 connections trickling their headers, and a 28-member gzip. Phase 3 of `benchmarks.stress` measures
uploads and searches right after a start.
"""
from __future__ import annotations

import argparse
import base64
import gzip
import http.client
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from benchmarks import peer
from benchmarks.bench import kb_cmd
from benchmarks.synth import generate

PASSWORD = "members-password-2031"


@contextmanager
def serve(home: Path, log: Path, **env: str):
    """`kb serve` on a free loopback port with extra settings, until the block ends."""
    port = peer.free_port()
    with open(log, "wb") as out:
        proc = subprocess.Popen(kb_cmd(home, "serve", "--port", str(port)), env={**os.environ, **env},
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:  # any answer will do (members-only reading answers 401)
            try:
                get(port, "GET", "/favicon.ico", timeout=5)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"kb serve did not start: {log.read_text(errors='replace')[-2000:]}")
                time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        proc.wait(30)


def get(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
        timeout: float = 120) -> tuple[int, bytes, dict, float]:
    """(status, body, headers, seconds) of one request."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, data, dict(response.getheaders()), time.perf_counter() - started
    finally:
        conn.close()


def upload(port: int, token: str, name: str, data: bytes, timeout: float = 600) -> tuple[int, dict, float]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    status, answer, _, seconds = get(port, "POST", "/api/updates", body, {
        "Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}"}, timeout)
    return status, json.loads(answer) if answer.startswith(b"{") else {}, seconds


def basic(password: str, forwarded: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"m:{password}".encode()).decode(), "X-Forwarded-For": forwarded}


def proxy(home: Path, work: Path) -> None:
    with serve(home, work / "proxy.log", KB_READ_PASSWORD=PASSWORD, KB_TRUSTED_PROXIES="1") as port:
        wrong = [get(port, "GET", "/api/topics", headers=basic("wrong-guess", "198.51.100.7"))[0] for _ in range(6)]
        right = get(port, "GET", "/api/topics", headers=basic(PASSWORD, "198.51.100.8"))[0]
    print(f"2. behind a proxy: 6 wrong passwords from one address: {wrong}; the right one from another: {right}")


def gaps() -> None:
    from kb.gaps import near_duplicates
    from vocab.models import Item, Update

    def flood(n: int) -> list[Update]:
        out = []
        for k in range(n):
            uid = f"2021-03-01-mail-{k:05d}"
            update = Update(id=uid, title=f"mail {k}", date=date(2021, 3, 1))
            update.items = [Item(id=f"{uid}--{i}", update_id=uid, update_title="", date="2021-03-01", number=i,
                                 text=f"Message {k} point {i} about funding and museums.") for i in range(3)]
            out.append(update)
        return out

    figures = []
    for n in (4_000, 8_000, 16_000, 51_000):
        updates = flood(n)
        started = time.perf_counter()
        near_duplicates(updates)
        figures.append(f"{n:,}: {time.perf_counter() - started:.2f} s")
    print(f"3. /gaps near-duplicates of same-day mail: {', '.join(figures)}")


def long_query(port: int) -> None:
    words = "+".join(f"furlough{n}" for n in range(16_000))  # (waitress refuses a request line of 256 KB: 431)
    status, body, _, seconds = get(port, "GET", f"/search?q={words}")
    print(f"4. a {len(words) / 1024:.0f} KB query: {status}, {len(body):,} bytes in {seconds:.2f} s")


def budget(port: int) -> None:
    for q in ("text:*+heading:*+id:*+update_id:*+date:*", "what+was+said+about+furlough"):
        runs = [get(port, "GET", f"/api/search?q={q}") for _ in range(5)]
        statuses = [r[0] for r in runs]
        print(f"5. {q.replace('+', ' ')!r}: {statuses}, median {statistics.median(r[3] for r in runs):.2f} s, "
              f"longest {max(r[3] for r in runs):.2f} s")


def large(port: int, token: str) -> None:
    rng = random.Random(6)
    words = " ".join("".join(rng.choice("abcdefghilmnoprstu") for _ in range(rng.randint(3, 9))) for _ in range(450_000))
    text = f"Members' briefing 3 March 2031\n\nFurlough {words}.\n".encode()
    packed = gzip.compress(text)
    status, report, seconds = upload(port, token, "one-paragraph.txt.gz", packed)
    print(f"6. a {len(packed) / 1e6:.1f} MB .gz of one {len(text) / 1e6:.1f} MB paragraph: {status} in {seconds:.1f} s, "
          f"{report.get('items')} item; cut: {report.get('cut')}")
    _, body, _, seconds = get(port, "GET", "/api/search?q=furlough")
    print(f"   then /api/search?q=furlough: {len(body):,} bytes in {seconds:.2f} s")
    rows = "".join(f"<h3>{n}</h3><p>M{n}.</p>" for n in range(1, 150_001))
    page = f"<html><body><h1>Members' briefing 4 March 2031</h1>{rows}</body></html>".encode()
    status, report, seconds = upload(port, token, "list.html", page)
    print(f"   a {len(page) / 1e6:.1f} MB HTML list of 150,000 items: {status} in {seconds:.1f} s, "
          f"{report.get('items')} items kept; cut: {report.get('cut')}")
    for path in ("/updates/2031-03-04-members-briefing", "/feed.atom", "/api/updates/2031-03-04-members-briefing"):
        _, body, _, seconds = get(port, "GET", path)
        print(f"   {path}: {len(body):,} bytes in {seconds:.2f} s")
    members = [gzip.compress(f"Members' briefing {d} May 2031\n\nItem of {d} May about museums.\n\n".encode())
               for d in range(28, 0, -1)]
    status, report, _ = upload(port, token, "many.txt.gz", b"".join(members))
    print(f"   a gzip of 28 members (an update each): {status}, {len(report.get('new', []))} new updates")


def logout(port: int, token: str) -> None:
    def page(cookie: str = "") -> tuple[str, str]:
        status, body, headers, _ = get(port, "GET", "/admin", headers={"Cookie": cookie} if cookie else {})
        found = re.search(r'name="csrf_token" value="([^"]+)"', body.decode())
        return (found[1] if found else ""), headers.get("Set-Cookie", "").split(";")[0] or cookie

    csrf, cookie = page()
    _, _, headers, _ = get(port, "POST", "/admin/login", f"token={token}&csrf_token={csrf}".encode(),
                           {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    admin = headers.get("Set-Cookie", "").split(";")[0]
    visitor_csrf, visitor = page()
    for _ in range(20):
        get(port, "POST", "/admin/logout", f"csrf_token={visitor_csrf}".encode(),
            {"Cookie": visitor, "Content-Type": "application/x-www-form-urlencoded"})
    _, body, _, _ = get(port, "GET", "/admin", headers={"Cookie": admin})
    print(f"7. 20 visitor logouts with the login page's CSRF token: the admin is "
          f"{'still logged in' if b'Upload' in body else 'logged out'}")


def slow_clients(port: int) -> None:
    stop = threading.Event()
    sockets = []

    def trickle():
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            sockets.append(s)
            s.sendall(b"GET /api/topics HTTP/1.1\r\nHost: x\r\n")
            while not stop.wait(5):
                s.sendall(b"X-Slow: 1\r\n")
        except OSError:
            pass

    threads = [threading.Thread(target=trickle, daemon=True) for _ in range(120)]
    for t in threads:
        t.start()
    time.sleep(1)
    times = []
    ends = time.monotonic() + 20
    while time.monotonic() < ends:
        try:
            times.append(get(port, "GET", "/api/topics", timeout=30)[3])
        except OSError:
            times.append(30.0)
        time.sleep(0.5)
    stop.set()
    for s in sockets:
        s.close()
    print(f"8. 120 connections sending a header line every 5 s: {len(times)} normal requests over 20 s, "
          f"median {statistics.median(times):.2f} s, longest {max(times):.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=10_000, help="items in the archive served (default 10,000)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kb-hardening-"))
    home, token = work / "kb", secrets.token_urlsafe(24)
    started = time.monotonic()
    subprocess.run(kb_cmd(home, "ingest", str(generate(work / "archive", args.items, seed=1)[0].parent)),
                   check=True, capture_output=True)
    print(f"sector-kb hardening, {date.today()}: {args.items:,} items (ingested in {time.monotonic() - started:.0f} s)")
    proxy(home, work)
    gaps()
    with serve(home, work / "serve.log", KB_ADMIN_TOKEN=token) as port:
        long_query(port)
        budget(port)
        logout(port, token)
        slow_clients(port)
        large(port, token)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
