"""sector-kb against the peer a user would set up instead (SQLite FTS5 via sqlite-utils, Datasette).

    python -m benchmarks.bench                 # 1,000 and 10,000 items, a few minutes
    python -m benchmarks.bench --large         # adds 100,000 items

Prints a table: each figure a median over repeated runs (min-max), the peer's figure from the same
run, their ratio, and the target with by how much it is met or missed.
"""
from __future__ import annotations

import argparse
import compileall
import http.client
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from benchmarks import peer
from benchmarks.measure import Figure, Target, peak_rss_mb, percentile, run_measured, timed
from benchmarks.queries import Query, mix
from benchmarks.synth import generate
from kb import KnowledgeBase
from kb import SearchRequest

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    """One line of the table."""

    figure: str
    size: int
    ours: Figure
    theirs: Figure | None
    unit: str
    target: Target | None = None


def kb_cmd(home: Path, *args: str) -> list[str]:
    """A `kb` command line on the given knowledge base."""
    return [str(BIN / "kb"), "--kb", str(home), *args]


def bench_ingest(work: Path, size: int, archive: Path, repeat: int) -> tuple[list[Row], Path, Path]:
    """Full ingest (parse + tag + index) as `kb ingest DIR`, against the peer's parse + sqlite-utils insert
    + enable-fts as one process too; each run's time and peak memory (the process and its workers)."""
    rates, mbs, peer_rates, peer_mbs, home, db = [], [], [], [], None, None
    for r in range(repeat):
        home, db = work / f"kb-{size}-{r}", work / f"peer-{size}-{r}.db"
        seconds, mb, status = run_measured(kb_cmd(home, "ingest", str(archive)))
        if status:
            raise RuntimeError(f"kb ingest failed with status {status}")
        rates.append(size / seconds)
        mbs.append(mb)
        seconds, mb, status = run_measured([sys.executable, "-m", "benchmarks.peer", str(db), str(archive)], cwd=ROOT)
        if status:
            raise RuntimeError(f"the peer's ingest failed with status {status}")
        peer_rates.append(size / seconds)
        peer_mbs.append(mb)
    index_mb = KnowledgeBase(home).stats()["index_bytes"] / 1e6
    return [Row("full ingest", size, Figure(rates), Figure(peer_rates), "items/s",
                Target(2000, "≥ 2,000 items/s", at_least=True) if size == 10_000 else None),
            Row("index size on disk", size, Figure([index_mb]), Figure([db.stat().st_size / 1e6]), "MB"),
            Row("ingest peak memory", size, Figure(mbs), Figure(peer_mbs), "MB",
                Target(600, "< 600 MB") if size >= 100_000 else None)], home, db


def new_update(k: int, size: int) -> tuple[bytes, str, str]:
    """A small archive holding one new update with a word nothing else has, and that word."""
    day = date(2026, 1, 1 + k)
    text = (f"{day:%B} {day.day}, {day.year}\n\nBenchmark update {k}, {day.day} {day:%B %Y}\n\n"
            f"  1. Quokkatrail{size}x{k} funding for reopening galleries.\n\nA Tester\nUniversity Museums Group\n")
    return text.encode(), f"new-{size}-{k}.txt", f"quokkatrail{size}x{k}"


def bench_add_one(home: Path, db: Path, size: int, repeat: int = 5) -> Row:
    """Seconds from handing over one new update until a search finds it."""
    kb, ours, theirs = KnowledgeBase(home), [], []
    peer_db = db.with_name(db.stem + "-triggers.db")
    shutil.copy(db, peer_db)
    peer.add_triggers(peer_db)
    conn = sqlite3.connect(peer_db)
    for k in range(repeat):
        data, name, word = new_update(k, size)
        start = time.perf_counter()
        kb.ingest_bytes(data, name)
        while KnowledgeBase(home).search(SearchRequest(q=word)).total == 0:
            time.sleep(0.001)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        with conn:
            conn.execute("insert into items (id, heading, text, date, topics) values (?, '', ?, '2026-01-01', '[]')",
                         (f"new--{k}", data.decode()))
        while not peer.search(conn, word):
            time.sleep(0.001)
        theirs.append(time.perf_counter() - start)
    limit = 0.5 if size <= 10_000 else 2.0
    target = Target(limit, f"< {limit} s") if size >= 10_000 else None
    return Row("one new update searchable", size, Figure(ours), Figure(theirs), "s", target)


def latencies(run, rounds: list[list[Query]]) -> tuple[Figure, Figure]:
    """p50 and p95 (ms) per round of the query mix, each as a Figure over the rounds."""
    p50, p95 = [], []
    for queries in rounds:
        times = [timed(run, q)[0] * 1000 for q in queries]
        p50.append(percentile(times, 50))
        p95.append(percentile(times, 95))
    return Figure(p50), Figure(p95)


def bench_inprocess(home: Path, db: Path, size: int, rounds: list[list[Query]]) -> list[Row]:
    """Query latency in the same process: kb.search against FTS5 with snippet()."""
    kb, conn = KnowledgeBase(home), sqlite3.connect(db)
    kb.search(SearchRequest(q="warm up the reader"))
    peer.search(conn, "warm up the reader")
    def ask(q: Query, related: bool = False):
        return kb.search(SearchRequest(q=q.q, topics=[q.topic] if q.topic else [], date_from=q.date_from,
                                       date_to=q.date_to, limit=10, related=related))

    ours = latencies(ask, rounds)
    page = latencies(lambda q: ask(q, related=True), rounds)  # as the web page asks: short pages filled
    theirs = latencies(lambda q: peer.search(conn, q.q, q.topic, q.date_from, q.date_to), rounds)
    return [Row("query p50 in-process", size, ours[0], theirs[0], "ms"),
            Row("query p95 in-process", size, ours[1], theirs[1], "ms",
                Target(3 * theirs[1].median, "≤ 3x FTS5") if size >= 10_000 else None),
            Row("query p95, related items too", size, page[1], theirs[1], "ms",
                Target(3 * theirs[1].median, "≤ 3x FTS5") if size >= 10_000 else None)]


def http_get(conn: http.client.HTTPConnection, path: str) -> bytes:
    """One GET on a kept-alive connection; fails loudly on a non-200."""
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read()
    if resp.status != 200:
        raise RuntimeError(f"GET {path} -> {resp.status}: {body[:200]!r}")
    return body


def first_answer(proc: subprocess.Popen, port: int, path: str, timeout: float = 60) -> float:
    """Seconds from now until the server answers `path` with a 200."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with status {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            http_get(conn, path)
            conn.close()
            return time.perf_counter() - start
        except (OSError, http.client.HTTPException):
            time.sleep(0.01)
    raise TimeoutError(f"no answer on port {port} within {timeout} s")


def start_kb(home: Path) -> tuple[subprocess.Popen, int, float]:
    """`kb serve` on a free port, and the seconds until its first answered request."""
    port = peer.free_port()
    proc = subprocess.Popen(kb_cmd(home, "serve", "--port", str(port)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, port, first_answer(proc, port, "/api/search?q=museum&limit=1")


def start_datasette(db: Path) -> tuple[subprocess.Popen, int, float]:
    """Datasette on a free port, and the seconds until its first answered request."""
    port = peer.free_port()
    exe = shutil.which("datasette") or str(BIN / "datasette")
    proc = subprocess.Popen([exe, "serve", str(db), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, port, first_answer(proc, port, f"/{db.stem}/items.json?_search=museum&_size=1")


def kb_path(q: Query) -> str:
    """The /api/search request for a query of the mix."""
    return "/api/search?" + urlencode({**q.params(), "limit": 10})


def datasette_path(db: Path, q: Query) -> str:
    """The Datasette request a user would make for the same query."""
    params = {"_search": q.q, "_size": 10, "topics__contains": f'"{q.topic}"' if q.topic else None,
              "date__gte": q.date_from, "date__lte": q.date_to}
    return f"/{db.stem}/items.json?" + urlencode({k: v for k, v in params.items() if v is not None})


def bench_http(home: Path, db: Path, size: int, rounds: list[list[Query]]) -> list[Row]:
    """Query latency over HTTP with keep-alive, and server memory after the mix."""
    rows, figures = [], {}
    for name, (start, path) in {"ours": (start_kb, kb_path), "theirs": (start_datasette, lambda q: datasette_path(db, q))}.items():
        proc, port, _ = start(home if name == "ours" else db)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            figures[name] = (*latencies(lambda q: http_get(conn, path(q)), rounds), Figure([peak_rss_mb(proc.pid)]))
        finally:
            proc.terminate()
            proc.wait()
    ours, theirs = figures["ours"], figures["theirs"]
    rows.append(Row("query p50 over HTTP", size, ours[0], theirs[0], "ms"))
    rows.append(Row("query p95 over HTTP", size, ours[1], theirs[1], "ms",
                    Target(theirs[1].median, "≤ Datasette") if size >= 10_000 else None))
    rows.append(Row("server peak memory after mix", size, ours[2], theirs[2], "MB",
                    Target(150, "< 150 MB") if size == 10_000 else None))
    return rows


def bench_cold(home: Path, db: Path, size: int, repeat: int) -> list[Row]:
    """`kb serve` until its first answer, and `kb search` as a whole process, against the peer's."""
    serve, ds = [], []
    for _ in range(repeat):
        for starter, target, out in ((start_kb, home, serve), (start_datasette, db, ds)):
            proc, _, seconds = starter(target)
            proc.terminate()
            proc.wait()
            out.append(seconds)
    search = [run_measured(kb_cmd(home, "search", "museum funding"))[0] for _ in range(repeat)]
    peer_search = [run_measured([str(BIN / "sqlite-utils"), "search", str(db), "items", "museum funding"])[0]
                   for _ in range(repeat)]
    return [Row("kb serve until first answer", size, Figure(serve), Figure(ds), "s", Target(1.5, "≤ 1.5 s")),
            Row("kb search as a whole process", size, Figure(search), Figure(peer_search), "s")]


def verdict(row: Row) -> str:
    """Met or missed, and by how much."""
    return row.target.verdict(row.ours.median) if row.target else ""


def print_table(rows: list[Row]) -> None:
    """The results as an aligned text table."""
    header = ("figure", "items", "sector-kb median (min-max)", "peer median (min-max)", "kb/peer", "unit",
              "target", "verdict")
    lines = [header] + [(r.figure, f"{r.size:,}", r.ours.show(), r.theirs.show() if r.theirs else "",
                         f"{r.ours.median / r.theirs.median:.2f}" if r.theirs and r.theirs.median else "",
                         r.unit, r.target.label if r.target else "", verdict(r)) for r in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for k, line in enumerate(lines):
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip())
        if k == 0:
            print("  ".join("-" * w for w in widths))


_started = time.perf_counter()


def step(what: str) -> None:
    """Progress on stderr, with the minutes since the start."""
    print(f"[{(time.perf_counter() - _started) / 60:4.1f} min] {what}", file=sys.stderr, flush=True)


def cpu_name() -> str:
    """The CPU model, as lscpu names it."""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return platform.processor() or "unknown CPU"
    names = [line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Model name:")]
    return names[0] if names else "unknown CPU"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated item counts")
    parser.add_argument("--large", action="store_true", help="also 100,000 items (slow)")
    parser.add_argument("--repeat", type=int, default=3, help="repeats of each timed run")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of distinct queries")
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] + ([100_000] if args.large else [])
    print(f"sector-kb benchmark, {date.today()}, {platform.node()}: {os.cpu_count()} cores ({cpu_name()}), "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}", flush=True)
    for package in ("kb", "ingest", "web", "benchmarks"):  # as an installed package has its bytecode
        compileall.compile_dir(ROOT / package, quiet=2)
    rows = []
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        for size in sizes:
            work = Path(tmp) / str(size)
            generate(work / "archive", size)
            repeat = args.repeat if size < 100_000 else 1
            step(f"{size:,} items: ingest x{repeat}")
            ingest_rows, home, db = bench_ingest(work, size, work / "archive", repeat)
            rows += ingest_rows
            step(f"{size:,} items: one new update")
            rows.append(bench_add_one(home, db, size))
            rounds = mix(peer.stored_items(db), rounds=args.rounds)
            step(f"{size:,} items: {sum(map(len, rounds))} queries in-process")
            rows += bench_inprocess(home, db, size, rounds)
            step(f"{size:,} items: the same queries over HTTP")
            rows += bench_http(home, db, size, rounds)
            step(f"{size:,} items: cold starts")
            rows += bench_cold(home, db, size, args.repeat)
    step("done")
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps([{"figure": r.figure, "size": r.size, "unit": r.unit, "ours": r.ours.values,
                                          "theirs": r.theirs and r.theirs.values,
                                          "target": r.target and r.target.label, "verdict": verdict(r)}
                                         for r in rows], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
