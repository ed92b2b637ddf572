"""Issue 21's figure: the preview of a 1,000-item archive renders in under 1 s with 10,000 items held.

    python -m benchmarks.preview [--held 10000] [--items 1000] [--runs 5] [--keep DIR]

Builds a knowledge base of --held synthetic items (benchmarks.synth), then times, --runs times each, (a)
`KnowledgeBase.preview_bytes` of one file of --items items (read, compared with what is held; nothing written),
and (b) the secretary's whole preview on the web: the upload's POST and the preview page's GET through the
Flask app, to the last byte of HTML. Prints the medians (and the fastest and slowest) in seconds, and CPU time
beside wall time (other sessions on the machine add to the wall time only)."""
from __future__ import annotations

import argparse
import io
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.synth import generate


def _timed(fn) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def _line(what: str, runs: list[tuple[float, float]]) -> str:
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    return (f"{what:<44} median {statistics.median(walls):6.3f} s wall, {statistics.median(cpus):6.3f} s CPU "
            f"(fastest {min(walls):.3f}, slowest {max(walls):.3f}; {len(runs)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--held", type=int, default=10_000, help="items the knowledge base holds")
    parser.add_argument("--items", type=int, default=1_000, help="items of the previewed file")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build in this directory and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="kb-preview-bench-"))
    try:
        run(root, args.held, args.items, args.runs)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


def run(root: Path, held: int, items: int, runs: int) -> None:
    from kb import KnowledgeBase
    from web import create_app

    home = root / "kb"
    kb = KnowledgeBase(home)
    if not (home / "records").exists() or not any((home / "records").iterdir()):
        kb.ingest_files(generate(root / "held", held, seed=1))
    files = generate(root / "new", items, seed=2, per_file=10 ** 9)  # one file of `items` items
    data, name = files[0].read_bytes(), "new-archive.txt"
    stats = kb.stats()
    print(f"held: {stats['updates']:,} updates, {stats['items']:,} items; previewed: {name}, {len(data):,} bytes")
    timings = [_timed(lambda: kb.preview_bytes(data, name))[:2] for _ in range(runs)]
    found = kb.preview_bytes(data, name)
    print(f"the preview: {len(found.updates)} updates, {sum(len(u.items) for u in found.updates):,} items, "
          f"{len(found.needs_review)} need a look")
    print(_line("KnowledgeBase.preview_bytes", timings))
    app = create_app({"KB_HOME": str(home), "KB_ADMIN_TOKEN": "bench-admin-token-0123456789",
                      "KB_PREVIEW_DIR": str(root / "held-previews"), "SECRET_KEY": "bench", "MAX_CONTENT_LENGTH": 64 << 20})
    client = app.test_client()
    page = client.get("/admin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/admin/login", data={"token": "bench-admin-token-0123456789", "csrf_token": token})
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/admin").get_data(as_text=True)).group(1)

    def web() -> int:
        r = client.post("/admin/upload", data={"file": (io.BytesIO(data), name), "csrf_token": token},
                        content_type="multipart/form-data")
        html = client.get(r.headers["Location"]).get_data()
        assert b"Store " in html, r.headers["Location"]
        return len(html)

    web_runs = [_timed(web) for _ in range(runs)]
    print(f"the preview page: {web_runs[-1][2]:,} bytes of HTML")
    print(_line("upload + preview page (Flask, whole)", [(w, c) for w, c, _ in web_runs]))


if __name__ == "__main__":
    main()
