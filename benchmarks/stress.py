"""Members searching while the secretary writes, and while the index is rebuilt (loopback only, bounded).

    python -m benchmarks.stress                 # 10,000 items, 16 clients, 60 s a phase (about 4 minutes)
    python -m benchmarks.stress --items 300 --clients 4 --duration 3 --new 3 --corrections 1 --kills 1

Phase 1: the clients loop over the search page and GET /api/search of `kb serve` while the secretary
uploads new updates and corrections of some of them through POST /api/updates (with KB_ADMIN_TOKEN), and
`kb ingest` processes of further updates are killed with SIGKILL in the middle of their writes (the
faults). Phase 2: the same loop while `kb reindex` rebuilds the whole index. Phase 3 (a cold start), three
times: `kb serve` started anew and at once 4 clients uploading updates and 4 searching; the topics of every
item uploaded must be those a one-process `kb ingest` of the same files gives. Prints the requests served,
the errors, and p50/p95/p99 latency during and outside the writes; then checks with `kb export` that
every update sent is there exactly once, in the version sent last, and that the rebuild changed nothing.
Exit status 1 on any failed request, any failed write, or any update lost, duplicated or stale.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

from benchmarks import peer
from benchmarks.bench import first_answer, kb_cmd
from benchmarks.measure import percentile
from benchmarks.queries import mix
from benchmarks.synth import generate, load_corpus, update_text

FIRST_NEW = date(2030, 1, 7)  # after every date of the synthetic archive
FIRST_FAULT = date(2040, 1, 2)
FIRST_COLD = date(2045, 1, 2)


@dataclass
class Sample:
    """One request: when it started, how long it took, whether it failed (and why)."""

    start: float
    seconds: float
    error: str | None = None


@dataclass
class Phase:
    """What one phase saw: the requests, the write intervals, and the writes' own outcome."""

    name: str
    samples: list[Sample] = field(default_factory=list)
    writes: list[tuple[float, float]] = field(default_factory=list)
    write_errors: list[str] = field(default_factory=list)
    faults: int = 0
    after_commit: int = 0  # of the faults, those after the write's commit point
    busy_retries: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @contextmanager
    def writing(self):
        """Mark the time a write is under way (for the latency split)."""
        start = time.monotonic()
        try:
            yield
        finally:
            with self.lock:
                self.writes.append((start, time.monotonic()))

    def during_writes(self, s: Sample) -> bool:
        return any(a <= s.start + s.seconds and s.start <= b for a, b in self.writes)


def kb(home: Path, *args: str, check: bool = True, **kw) -> subprocess.CompletedProcess:
    """Run the installed `kb` on the knowledge base."""
    result = subprocess.run(kb_cmd(home, *args), capture_output=True, text=True, **kw)
    if check and result.returncode != 0:
        raise RuntimeError(f"kb {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
    return result


# ---------------------------------------------------------------- what the secretary sends

def briefing(rng: random.Random, corpus, day: date, fixed: bool = False) -> bytes:
    """One update file; its corrected version has other items (and says so)."""
    text = update_text(rng, corpus, day, "Members' briefing", rng.randint(3, 7))
    if fixed:
        text = text.replace("University Museums Group", "University Museums Group (corrected version)", 1)
    return text.encode("utf-8")


def secretary_files(new: int, corrections: int, seed: int) -> tuple[list[tuple[str, bytes]], list[tuple[str, bytes]]]:
    """The new updates, and corrected versions of the first `corrections` of them."""
    rng, corpus = random.Random(seed), load_corpus()
    days = [FIRST_NEW + timedelta(days=3 * k) for k in range(new)]
    sent = [(f"briefing-{d}.txt", briefing(rng, corpus, d)) for d in days]
    fixes = [(f"briefing-{d}-corrected.txt", briefing(rng, corpus, d, fixed=True)) for d in days[:corrections]]
    return sent, fixes


def fault_files(work: Path, kills: int, seed: int) -> list[Path]:
    """One archive of four updates for each `kb ingest` that will be killed."""
    rng, corpus = random.Random(seed + 1), load_corpus()
    paths = []
    for k in range(kills):
        days = [FIRST_FAULT + timedelta(days=7 * (4 * k + j)) for j in range(4)]
        path = work / f"faults-{k}.txt"
        path.write_bytes(b"".join(briefing(rng, corpus, d) for d in reversed(days)))
        paths.append(path)
    return paths


# ---------------------------------------------------------------- the server and its clients

@contextmanager
def server(home: Path, token: str, threads: int, log: Path):
    """`kb serve` on a loopback port, until the block ends (its messages go to `log`)."""
    port = peer.free_port()
    env = {**os.environ, "KB_ADMIN_TOKEN": token}
    with open(log, "wb") as out:
        proc = subprocess.Popen(kb_cmd(home, "serve", "--host", "127.0.0.1", "--port", str(port), "--threads", str(threads)),
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        try:
            first_answer(proc, port, "/api/topics", timeout=120)
        except (RuntimeError, TimeoutError) as e:
            raise RuntimeError(f"kb serve did not start ({e}): {log.read_text(errors='replace')[-2000:]}") from e
        yield port
    finally:
        proc.terminate()
        proc.wait(30)


def client(port: int, paths: list[str], phase: Phase, stop: threading.Event, seed: int) -> None:
    """Ask for search pages and API searches, one after another, until stopped; record each request."""
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while not stop.is_set():
        path = rng.choice(paths)
        start = time.monotonic()
        error = None
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                error = f"{response.status} for {path}: {body[:200]!r}"
            elif path.startswith("/api/") and "results" not in json.loads(body):
                error = f"no results in the JSON of {path}"
            elif not path.startswith("/api/") and b"</html>" not in body:
                error = f"an incomplete page for {path}"
        except (OSError, http.client.HTTPException, ValueError) as e:
            error = f"{type(e).__name__}: {e} for {path}"
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        sample = Sample(start, time.monotonic() - start, error)
        with phase.lock:
            phase.samples.append(sample)
    conn.close()


def search_paths(home: Path, seed: int) -> list[str]:
    """Search page and API URLs for the benchmark's query mix over this archive."""
    from kb import KnowledgeBase

    items = [item.to_dict() for item in KnowledgeBase(home).export()]
    paths = []
    for query in (q for round_ in mix(items, rounds=2, seed=seed) for q in round_):
        args = urlencode(query.params())
        paths += [f"/search?{args}", f"/api/search?{args}"]
    return paths


@contextmanager
def clients(port: int, paths: list[str], phase: Phase, count: int):
    """`count` clients running for the length of the block."""
    stop = threading.Event()
    threads = [threading.Thread(target=client, args=(port, paths, phase, stop, n), daemon=True) for n in range(count)]
    for t in threads:
        t.start()
    try:
        yield
    finally:
        stop.set()
        for t in threads:
            t.join(120)


# ---------------------------------------------------------------- the writers

def upload(port: int, token: str, name: str, data: bytes, phase: Phase) -> dict | None:
    """POST one file as the secretary would, waiting and trying again while another writer is busy."""
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}"}
    for _ in range(20):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            with phase.writing():
                conn.request("POST", "/api/updates", body=body, headers=headers)
                response = conn.getresponse()
                answer = response.read()
        finally:
            conn.close()
        if response.status == 503:  # the lock is held by a `kb ingest` (or a killed one is being completed)
            phase.busy_retries += 1
            time.sleep(float(response.getheader("Retry-After") or 1))
            continue
        if response.status not in (200, 201):
            phase.write_errors.append(f"upload of {name}: {response.status} {answer[:300]!r}")
            return None
        return json.loads(answer)
    phase.write_errors.append(f"upload of {name}: still busy after 20 tries")
    return None


def secretary(port: int, token: str, sent, fixes, phase: Phase, start: float, span: float) -> None:
    """Upload the new updates, then the corrections, spread over `span` seconds from `start`."""
    files = [(name, data, "new") for name, data in sent] + [(name, data, "changed") for name, data in fixes]
    for k, (name, data, expect) in enumerate(files):
        time.sleep(max(0.0, start + span * k / max(len(files), 1) - time.monotonic()))
        report = upload(port, token, name, data, phase)
        if report is not None and len(report[expect]) != 1:
            phase.write_errors.append(f"upload of {name}: expected one {expect} update, got {report}")


def holds_lock(home: Path, pid: int) -> bool:
    """True when the writer lock names this process (it writes its pid there once it holds the lock)."""
    try:
        return (home / "lock").read_text().strip() == str(pid)
    except OSError:
        return False


def saboteur(home: Path, files: list[Path], phase: Phase, start: float, span: float) -> None:
    """Start `kb ingest` of each fault file and kill it with SIGKILL while it holds the lock and writes:
    every other one as soon as it has the lock (before its commit point), the others once it has
    committed (while it moves the change into the records and the index)."""
    committed = home / "txn" / "COMMIT"
    for k, path in enumerate(files):
        time.sleep(max(0.0, start + span * (k + 0.5) / len(files) - time.monotonic()))
        with phase.writing():
            proc = subprocess.Popen(kb_cmd(home, "ingest", str(path)),
                                    env={**os.environ, "KB_LOCK_TIMEOUT": "30"},
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 60
            while proc.poll() is None and time.monotonic() < deadline and not (
                    holds_lock(home, proc.pid) and (k % 2 == 0 or committed.exists())):
                time.sleep(0.001)
            if proc.poll() is None and holds_lock(home, proc.pid):
                proc.send_signal(signal.SIGKILL)
                phase.faults += 1
                phase.after_commit += k % 2
            proc.wait(60)


# ---------------------------------------------------------------- a cold start under parallel writes

def cold_files(rounds: int, per_round: int, seed: int) -> list[list[tuple[str, bytes]]]:
    """Each round's new update files, one update a file: briefings in the sample's words with made-up words
    in each paragraph, which a server just started has never stemmed (as a real archive's rare words)."""
    from benchmarks.synth import rare_name

    rng, corpus = random.Random(seed + 2), load_corpus()
    out = []
    for r in range(rounds):
        days = [FIRST_COLD + timedelta(days=per_round * r + k) for k in range(per_round)]
        for day in days:
            lines = briefing(rng, corpus, day).decode().split("\n")
            lines = [f"{line} Also {' '.join(rare_name(rng).lower() for _ in range(30))}." if len(line) > 80 else line
                     for line in lines]
            out.append((f"cold-{day}.txt", "\n".join(lines).encode()))
    return [out[per_round * r:per_round * (r + 1)] for r in range(rounds)]


def cold_start(home: Path, work: Path, token: str, args: argparse.Namespace) -> tuple[Phase, list[str]]:
    """Phase 3: `kb serve` started anew, and at once 4 uploaders and 4 searchers, for `args.cold_rounds`
    rounds; then every item uploaded must carry the topics a one-process `kb ingest` of the same files gives."""
    phase, problems = Phase("phase 3: uploads and searches right after a start"), []
    rounds = cold_files(args.cold_rounds, 4 * args.cold_files, args.seed)
    paths = search_paths(home, args.seed)
    for n, files in enumerate(rounds):
        with server(home, token, args.threads, work / f"serve-cold-{n}.log") as port:
            uploaders = [threading.Thread(target=cold_uploads, args=(port, token, files[k::4], phase)) for k in range(4)]
            stop = threading.Event()
            searchers = [threading.Thread(target=client, args=(port, paths, phase, stop, 100 * n + k)) for k in range(4)]
            for t in uploaders + searchers:
                t.start()
            for t in uploaders:
                t.join()
            stop.set()
            for t in searchers:
                t.join(120)
    alone = work / "alone"
    shutil.rmtree(alone, ignore_errors=True)
    (alone / "files").mkdir(parents=True)
    for name, data in (f for files in rounds for f in files):
        (alone / "files" / name).write_bytes(data)
    kb(alone / "kb", "ingest", str(alone / "files"))
    expected = {i["id"]: i["topics"] for i in exported(alone / "kb")}
    served = {i["id"]: i["topics"] for i in exported(home) if i["id"] in expected}
    wrong = sorted(k for k in expected if served.get(k) != expected[k])
    problems += [f"topics of {k}: {served.get(k)} served, {expected[k]} by one process" for k in wrong]
    print(f"  topics: {len(expected)} items uploaded in {args.cold_rounds} rounds, {len(expected) - len(wrong)} "
          f"with the topics of a one-process ingest, {len(wrong)} not")
    return phase, problems


def cold_uploads(port: int, token: str, files: list[tuple[str, bytes]], phase: Phase) -> None:
    """Upload files one after another as fast as the server takes them."""
    for name, data in files:
        report = upload(port, token, name, data, phase)
        if report is not None and len(report["new"]) != 1:
            phase.write_errors.append(f"upload of {name}: expected one new update, got {report}")


# ---------------------------------------------------------------- checking what was kept

def expected_updates(files: list[tuple[str, bytes]]) -> dict[str, list[str]]:
    """Each update sent (in the version sent last): its items' texts, in number order."""
    from ingest import parse_archive

    out = {}
    for name, data in files:
        for update in parse_archive(data, name).updates:
            out[update.id] = [item.text for item in update.items]
    return out


def exported(home: Path) -> list[dict]:
    return [json.loads(line) for line in kb(home, "export").stdout.splitlines() if line.strip()]


def check_kept(items: list[dict], expected: dict[str, list[str]], base_updates: int) -> list[str]:
    """What is lost, duplicated or stale among the updates sent; and any update that should not be there."""
    problems = []
    ids = [item["id"] for item in items]
    if len(ids) != len(set(ids)):
        problems.append(f"{len(ids) - len(set(ids))} item ids appear twice")
    by_update: dict[str, list[dict]] = {}
    for item in items:
        by_update.setdefault(item["update_id"], []).append(item)
    for uid, texts in expected.items():
        got = [i["text"] for i in sorted(by_update.get(uid, []), key=lambda i: i["number"])]
        if not got:
            problems.append(f"lost: {uid}")
        elif got != texts:
            problems.append(f"stale or damaged: {uid} ({len(got)} items, {len(texts)} sent)")
    if len(by_update) != base_updates + len(expected):
        problems.append(f"{len(by_update)} updates, expected {base_updates} + {len(expected)} sent")
    return problems


# ---------------------------------------------------------------- running and reporting

def latency_line(label: str, samples: list[Sample]) -> str:
    ms = sorted(s.seconds * 1000 for s in samples if s.error is None)
    if not ms:
        return f"  {label:<22} {len(samples):>7} requests"
    return (f"  {label:<22} {len(samples):>7} requests   p50 {percentile(ms, 50):7.0f} ms   "
            f"p95 {percentile(ms, 95):7.0f} ms   p99 {percentile(ms, 99):7.0f} ms")


def report(phase: Phase, seconds: float, during: str) -> None:
    errors = [s for s in phase.samples if s.error]
    busy = [s for s in phase.samples if phase.during_writes(s)]
    quiet = [s for s in phase.samples if not phase.during_writes(s)]
    print(f"\n{phase.name}: {len(phase.samples)} requests in {seconds:.0f} s "
          f"({len(phase.samples) / seconds:.0f}/s), {len(errors)} errors")
    print(latency_line(during, busy))
    print(latency_line("outside them", quiet))
    for s in errors[:5]:
        print(f"  error: {s.error}")


def run(args: argparse.Namespace) -> int:
    work = Path(args.work or tempfile.mkdtemp(prefix="kb-stress-"))
    work.mkdir(parents=True, exist_ok=True)
    home, token = work / "kb", secrets.token_urlsafe(24)
    print(f"sector-kb stress, {date.today()}, {platform.node()} ({os.cpu_count()} CPUs, "
          f"{platform.python_implementation()} {platform.python_version()}): {args.items:,} items, "
          f"{args.clients} clients, {args.duration:g} s a phase")
    started = time.monotonic()
    kb(home, "ingest", str(generate(work / "archive", args.items, seed=args.seed)[0].parent))
    base = json.loads(kb(home, "stats", "--json").stdout)
    print(f"archive: {base['updates']:,} updates, {base['items']:,} items, ingested in {time.monotonic() - started:.0f} s")
    sent, fixes = secretary_files(args.new, args.corrections, args.seed)
    faults = fault_files(work, args.kills, args.seed)
    paths = search_paths(home, args.seed)
    failed = []
    with server(home, token, args.threads, work / "serve.log") as port:
        writes = Phase("phase 1: searches while the secretary writes")
        begin = time.monotonic()
        with clients(port, paths, writes, args.clients):
            warm = begin + args.duration * 0.1
            span = args.duration * 0.75
            helpers = [threading.Thread(target=secretary, args=(port, token, sent, fixes, writes, warm, span)),
                       threading.Thread(target=saboteur, args=(home, faults, writes, warm, span))]
            for t in helpers:
                t.start()
            time.sleep(max(0.0, begin + args.duration - time.monotonic()))
            for t in helpers:
                t.join()
        report(writes, time.monotonic() - begin, "during writes")
        print(f"  writes: {len(sent)} new updates and {len(fixes)} corrections uploaded, {writes.faults} `kb ingest` "
              f"killed with SIGKILL mid-write ({writes.faults - writes.after_commit} before their commit point, "
              f"{writes.after_commit} after), {writes.busy_retries} uploads told to wait for the lock and retried")
        for path in faults:  # what the killed ingests were doing, done again to the end
            kb(home, "ingest", str(path))
        expected = expected_updates(sent + fixes + [(p.name, p.read_bytes()) for p in faults])
        after_writes = exported(home)
        problems = check_kept(after_writes, expected, base["updates"])
        print(f"  kept: {len(expected)} updates sent, {len(expected) - sum(p.startswith('lost') for p in problems)} "
              f"present, {len(problems)} problems")
        failed += [s.error for s in writes.samples if s.error] + writes.write_errors + problems

        rebuild = Phase("phase 2: searches while `kb reindex` rebuilds the index")
        begin = time.monotonic()
        with clients(port, paths, rebuild, args.clients):
            time.sleep(args.duration * 0.1)
            with rebuild.writing():
                result = kb(home, "reindex", check=False)
            if result.returncode != 0:
                rebuild.write_errors.append(f"kb reindex failed: {result.stderr.strip()}")
            time.sleep(max(0.0, begin + args.duration - time.monotonic()))
        report(rebuild, time.monotonic() - begin, "during the rebuild")
        (a, b), = rebuild.writes
        print(f"  rebuild: {b - a:.1f} s; {result.stdout.strip()}")
        after_rebuild = exported(home)
        if after_rebuild != after_writes:
            rebuild.write_errors.append("the rebuild changed what `kb export` prints")
        failed += [s.error for s in rebuild.samples if s.error] + rebuild.write_errors
    if args.cold_rounds:
        begin = time.monotonic()
        cold, wrong = cold_start(home, work, token, args)
        report(cold, time.monotonic() - begin, "while uploading")
        print(f"  writes: {len(cold.writes)} uploads, {len(cold.write_errors)} failed, {cold.busy_retries} told to "
              "wait for the lock and retried")
        failed += [s.error for s in cold.samples if s.error] + cold.write_errors + wrong
    print(f"\n{'FAILED' if failed else 'OK'}: {len([f for f in failed if f])} problems; "
          f"{sum(p.startswith('lost') for p in problems)} updates lost, {writes.faults} faults injected")
    for problem in failed[:20]:
        print(f"  {problem}")
    if not args.keep and not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=10_000, help="items in the archive served (default 10,000)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent searching clients (default 16)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of each phase (default 60)")
    parser.add_argument("--new", type=int, default=50, help="new updates the secretary uploads (default 50)")
    parser.add_argument("--corrections", type=int, default=10, help="of those, how many are corrected (default 10)")
    parser.add_argument("--kills", type=int, default=5, help="`kb ingest` processes killed mid-write (default 5)")
    parser.add_argument("--threads", type=int, default=8, help="kb serve worker threads (default 8)")
    parser.add_argument("--cold-rounds", type=int, default=3,
                        help="restarts of kb serve met by 4 uploaders and 4 searchers at once (default 3)")
    parser.add_argument("--cold-files", type=int, default=5, help="files each uploader sends a round (default 5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="directory for the archive and knowledge base (kept)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    if args.corrections > args.new:
        parser.error("--corrections cannot exceed --new")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
