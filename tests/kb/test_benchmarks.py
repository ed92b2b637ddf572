"""The benchmark: its synthetic archive generator is deterministic and sized as asked, its targets say by
how much they are met, and the comparison with the peer runs end to end on a tiny archive."""
import json
import re

import pytest

from benchmarks.synth import generate, load_corpus


def test_corpus_comes_from_the_sample():
    corpus = load_corpus()
    assert "Coronavirus Job Retention Scheme" in corpus.headings
    assert "Building access" in corpus.headings
    assert any("furlough" in s for s in corpus.sentences)
    assert len(corpus.sentences) > 150


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    first = [p.read_bytes() for p in generate(tmp_path / "a", 300, seed=7)]
    again = [p.read_bytes() for p in generate(tmp_path / "b", 300, seed=7)]
    other = [p.read_bytes() for p in generate(tmp_path / "c", 300, seed=8)]
    assert first == again
    assert first != other


def test_item_count_and_update_sizes(tmp_path):
    paths = generate(tmp_path, 1000, seed=1)
    text = "".join(p.read_text(encoding="utf-8") for p in paths)
    numbers = [int(n) for n in re.findall(r"^\s*(\d+)[.)] ", text, flags=re.M)]
    assert len(numbers) == 1000
    runs = [n for i, n in enumerate(numbers) if i + 1 == len(numbers) or numbers[i + 1] == 1]
    assert all(4 <= n <= 15 for n in runs)
    assert len(re.findall(r"^University Museums Group$", text, flags=re.M)) == len(runs)


def test_targets_say_by_how_much():
    from benchmarks.measure import Target

    assert Target(0.5, "< 0.5 s").verdict(0.2) == "met (60% under)"
    assert Target(0.5, "< 0.5 s").verdict(0.6) == "MISSED by 20%"
    assert Target(10, "≤ 3x FTS5").verdict(23) == "MISSED by 2.3x"
    assert Target(2000, "≥ 2,000 items/s", at_least=True).verdict(2820) == "met (+41%)"
    assert Target(2000, "≥ 2,000 items/s", at_least=True).verdict(870) == "MISSED by 2.3x"


@pytest.mark.slow
def test_the_peer_comparison_runs_on_a_tiny_archive(tmp_path, capsys):
    pytest.importorskip("sqlite_utils")
    pytest.importorskip("datasette")
    from benchmarks import bench

    assert bench.main(["--sizes", "60", "--repeat", "1", "--rounds", "1", "--json", str(tmp_path / "rows.json")]) == 0
    rows = json.loads((tmp_path / "rows.json").read_text())
    assert [r["figure"] for r in rows] == [
        "full ingest", "index size on disk", "ingest peak memory", "one new update searchable",
        "query p50 in-process", "query p95 in-process", "query p95, related items too", "query p50 over HTTP",
        "query p95 over HTTP",
        "server peak memory after mix", "kb serve until first answer", "kb search as a whole process"]
    assert all(r["size"] == 60 and r["ours"] and r["theirs"] and min(r["ours"] + r["theirs"]) > 0 for r in rows)
    assert len(rows[3]["ours"]) == 5 and len(rows[4]["ours"]) == 1  # five additions; one round of queries
    serve = rows[10]
    assert serve["target"] == "≤ 1.5 s" and serve["verdict"].split()[0] in ("met", "MISSED")
    out = capsys.readouterr().out.splitlines()
    assert out[1].split() == ["figure", "items", "sector-kb", "median", "(min-max)", "peer", "median", "(min-max)",
                              "kb/peer", "unit", "target", "verdict"]
    table = {line.split("  ")[0].strip(): line for line in out[3:]}
    for row in rows:  # every row printed with the peer's figure and the ratio
        cells = [c.strip() for c in table[row["figure"]].split("  ") if c.strip()]
        assert cells[1] == "60" and float(cells[4]) > 0, cells
