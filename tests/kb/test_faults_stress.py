"""benchmarks/stress.py in small: a tiny archive, a few clients for a few seconds, a few uploads and two
killed `kb ingest`; it must serve every request, keep every update once, and its check must catch an
update lost, duplicated or stale."""
from __future__ import annotations

import re

import pytest

from benchmarks import stress


@pytest.mark.slow
def test_a_short_stress_run_serves_every_request_and_keeps_every_update(tmp_path, capsys):
    status = stress.main(["--items", "200", "--clients", "3", "--duration", "2", "--new", "3", "--corrections", "1",
                          "--kills", "2", "--threads", "4", "--cold-rounds", "1", "--cold-files", "2",
                          "--work", str(tmp_path)])
    out = capsys.readouterr().out
    assert status == 0, out
    assert out.count(", 0 errors") == 3  # every phase
    killed = re.search(r"(\d) `kb ingest` killed with SIGKILL mid-write \((\d) before their commit point, (\d) after\)", out)
    assert killed and int(killed[1]) >= 1 and int(killed[2]) + int(killed[3]) == int(killed[1])  # (a write may win the race)
    assert "kept: 11 updates sent, 11 present, 0 problems" in out  # 3 uploaded + 4 in each killed ingest's file
    assert f"OK: 0 problems; 0 updates lost, {killed[1]} faults injected" in out
    cold = re.search(r"topics: (\d+) items uploaded in 1 rounds, (\d+) with the topics of a one-process ingest, 0 not", out)
    assert cold and cold[1] == cold[2] and int(cold[1]) > 20  # 8 updates of several items each
    assert "writes: 8 uploads, 0 failed" in out


@pytest.fixture(scope="module")
def sent():
    files, fixes = stress.secretary_files(3, 1, seed=5)
    return stress.expected_updates(files + fixes), stress.expected_updates(files)


def items_of(expected: dict[str, list[str]], extra: int = 0) -> list[dict]:
    items = [{"id": f"{uid}--{n}", "update_id": uid, "number": n, "text": text}
             for uid, texts in expected.items() for n, text in enumerate(texts)]
    return items + [{"id": f"old-{k}--0", "update_id": f"old-{k}", "number": 0, "text": "x"} for k in range(extra)]


def test_the_check_finds_updates_lost_duplicated_or_stale(sent):
    final, first = sent
    assert len(final) == 3 and final != first  # one of the three was corrected
    assert stress.check_kept(items_of(final, extra=2), final, base_updates=2) == []
    lost = dict(list(final.items())[1:])
    assert stress.check_kept(items_of(lost, extra=2), final, 2)[0].startswith("lost: ")
    stale = stress.check_kept(items_of(first, extra=2), final, 2)
    assert len(stale) == 1 and stale[0].startswith("stale or damaged: ")
    doubled = items_of(final, extra=2)
    doubled.append(dict(doubled[0]))
    twice = stress.check_kept(doubled, final, 2)
    assert twice[0] == "1 item ids appear twice" and twice[1].startswith("stale or damaged: ") and len(twice) == 2
    renamed = items_of(final, extra=2) + [{**i, "id": i["id"].replace("--", "-2--"), "update_id": i["update_id"] + "-2"}
                                           for i in items_of({next(iter(final)): next(iter(final.values()))})]
    assert stress.check_kept(renamed, final, 2) == ["6 updates, expected 2 + 3 sent"]
