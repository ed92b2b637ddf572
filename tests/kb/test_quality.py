"""The search-quality benchmark: its metrics match hand-computed values, its judgements name exactly one
item each (or it refuses to run), and the whole script runs end to end on a few questions; so does the scale benchmark."""
import json

import pytest

from benchmarks.quality import engines
from benchmarks.quality.metrics import ndcg_at, precision_at, recall_at
from benchmarks.quality.run import JudgementError, Question, load, main, resolve
from kb import Item
from tests.support.archives import ROOT

GRADES = {"a": 2, "c": 1, "d": 2}


def test_ndcg_by_hand():
    # DCG = (2^2-1)/log2(2) + 0 + (2^1-1)/log2(4) = 3 + 0.5 = 3.5
    # ideal order 2, 2, 1: 3 + 3/log2(3) + 0.5 = 5.392789...
    assert ndcg_at(["a", "b", "c"], GRADES) == pytest.approx(3.5 / (3 + 3 / 1.584962500721156 + 0.5))
    assert ndcg_at(["d", "a", "c", "x", "y", "z"], GRADES) == pytest.approx(1.0)
    assert ndcg_at(["x", "y", "z", "w", "v", "a"], GRADES) == 0.0  # a at rank 6 is past the cut


def test_recall_and_precision_are_capped_by_the_relevant_items():
    assert precision_at(["a", "b", "c"], GRADES) == pytest.approx(2 / 3)
    assert precision_at(["a", "d", "c", "x", "y"], GRADES) == 1.0
    assert recall_at(["b", "a"], GRADES) == pytest.approx(1 / 3)
    many = {str(n): 1 for n in range(12)}
    assert recall_at([str(n) for n in range(10)], many) == 1.0
    assert precision_at([str(n) for n in range(5)], many) == 1.0


def item(n: int, text: str, heading: str | None = None) -> Item:
    return Item(id=f"u--{n}", update_id="u", update_title="U", date="2020-01-01", number=n, text=text,
                heading=heading, source="a.txt")


def test_a_phrase_in_no_item_or_in_several_is_refused_with_every_culprit_named():
    items = {"a": [item(1, "Furlough was\n  extended.", "Staff"), item(2, "Furlough ended; ‘flexible’ furlough began.")]}
    good = Question("q", "s", [{"in": "a", "phrase": "FURLOUGH WAS EXTENDED", "grade": 2},
                               {"in": "a", "phrase": "'flexible' furlough", "grade": 1},
                               {"in": "a", "phrase": "Staff furlough", "grade": 1}])
    resolve([good], {"a": {}}, items)
    assert good.grades == {"u--1": 2, "u--2": 1}  # heading + text, case, spacing and quotes ignored
    bad = Question("q", "s", [{"in": "a", "phrase": "furlough", "grade": 2}, {"in": "a", "phrase": "CJRS", "grade": 2}])
    with pytest.raises(JudgementError) as e:
        resolve([bad], {"a": {}}, items)
    assert "'furlough' is in 2 items of a ['u--1', 'u--2']" in str(e.value)
    assert "'CJRS' is in 0 items of a []" in str(e.value)


def test_the_shipped_judgements_load_and_meet_the_issue_counts():
    archives, questions = load(ROOT / "benchmarks" / "quality" / "judgements.toml")
    assert len(questions) >= 40
    assert sum(q.set != "sample" for q in questions) >= len(questions) / 2
    held = {a["path"] for a in archives.values() if a["set"] == "heldout"}
    assert sum(q.set == "heldout" for q in questions) >= 20 and len(held) == 2  # two archives no other set reads
    assert all(1 <= r["grade"] <= 2 for q in questions for r in q.relevant)
    assert all(a["path"].exists() for a in archives.values())


def test_peers_drop_stopwords_and_search_heading_and_text():
    items = [item(1, "Volunteers return in May.", "Volunteering"), item(2, "What was said about the roof.")]
    assert engines.query_words("What was said about volunteers in May?") == ["volunteers", "may"]
    assert engines.fts5(items)("what was said about volunteering") == ["u--1"]
    assert sorted(engines.bm25(items)("volunteering roof")) == ["u--1", "u--2"]  # stems: volunteer(s/ing)
    assert engines.bm25(items)("what was said") == []


JUDGED = """
[archives]
umg = { path = "kb/data/umg-covid-updates-2020.txt", set = "sample" }
enews = { path = "benchmarks/quality/archives/northmoor-museums-federation-enews.md", set = "archives" }

[[question]]
query = "Pilgrim Trust"
relevant = [{ in = "umg", phrase = "the Director of the Pilgrim Trust", grade = 2 }]

[[question]]
query = "CJRS"
relevant = [
  { in = "enews", phrase = "Furlough extended to the end of April", grade = 2 },
  { in = "enews", phrase = "Budget: furlough to September", grade = 2 },
]

[[question]]
query = "Kickstart"
relevant = [{ in = "enews", phrase = "Kickstart placements", grade = 2 }]
"""


@pytest.mark.slow
def test_the_whole_script_on_three_questions(tmp_path, capsys):
    (tmp_path / "j.toml").write_text(JUDGED, encoding="utf-8")
    assert main(["--judgements", str(tmp_path / "j.toml"), "--verbose", "--json", str(tmp_path / "q.json")]) == 0
    out = capsys.readouterr().out
    assert "3 judged questions 1 on sample (78 items), 2 on archives (25 items)" in out
    table = [line.split() for line in out.splitlines() if line.split()[:1] in (["sample"], ["archives"])]
    assert [row[:3] for row in table[:8]] == [[s, e, n] for s, n in (("sample", "1"), ("archives", "2"))
                                              for e in ("sector-kb", "matches-only", "FTS5", "BM25")]
    assert table[2][3:] == table[3][3:] == ["1.000", "1.000", "1.000"]  # Pilgrim Trust: one item says it
    assert table[6][3:] == ["0.500", "0.500", "0.500"]  # the peers find Kickstart but no item says CJRS
    assert sum("MISSED" in line or line.rstrip().endswith("met") for line in out.splitlines()) == 6
    rows = {line[10:52].strip(): line[52:] for line in out.splitlines() if line.startswith(("sample  ", "archives  "))}
    assert rows["Pilgrim Trust"].split("  ")[-1].split()[0] == "2"  # the grades of sector-kb's first five
    saved = json.loads((tmp_path / "q.json").read_text())
    ranked = {q["query"]: q["ranked"] for q in saved}
    assert ranked["CJRS"]["FTS5"] == ranked["CJRS"]["BM25"] == []  # no item says CJRS
    assert ranked["Kickstart"]["FTS5"] == ranked["Kickstart"]["BM25"] == list(saved[2]["grades"])
    scores = {q["query"]: q["scores"] for q in saved}
    assert scores["CJRS"]["FTS5"] == scores["CJRS"]["BM25"] == {"recall@10": 0.0, "precision@5": 0.0, "nDCG@5": 0.0}
    assert all(0 <= v <= 1 for q in scores.values() for e in q.values() for v in e.values())


def test_a_third_set_is_scored_on_its_own_knowledge_base(tmp_path, capsys):
    third = JUDGED.split("[[question]]")[0].replace("[archives]\n", "[archives]\nblog = { path = "
                                                    '"benchmarks/quality/archives/ashdown-special-collections-blog.atom", '
                                                    'set = "heldout" }\n')
    third += """[[question]]
query = "TNA"
relevant = [{ in = "blog", phrase = "National Cataloguing Grants Programme for Archives", grade = 2 }]
"""
    (tmp_path / "j.toml").write_text(third, encoding="utf-8")
    assert main(["--judgements", str(tmp_path / "j.toml"), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "1 judged questions 1 on heldout (34 items)" in out  # the sets without questions are not even built
    table = [line.split() for line in out.splitlines() if line.startswith("heldout ")]
    assert [row[:3] for row in table[:4]] == [["heldout", e, "1"] for e in ("sector-kb", "matches-only", "FTS5", "BM25")]
    assert table[2][3:] == table[3][3:] == ["1.000", "1.000", "1.000"]  # one item says TNA
    assert sum(line.startswith("  heldout ") for line in out.splitlines()) == 3  # its targets


def test_a_judgement_naming_no_item_stops_the_script(tmp_path, capsys):
    one = JUDGED.split("[[question]]")[0] + "[[question]]" + JUDGED.split("[[question]]")[3]
    (tmp_path / "j.toml").write_text(one.replace("Kickstart placements", "Kickstart plaice"), encoding="utf-8")
    assert main(["--judgements", str(tmp_path / "j.toml")]) == 1
    assert "'Kickstart plaice' is in 0 items of enews []" in capsys.readouterr().err


@pytest.mark.slow
def test_the_scale_benchmark_runs_on_a_tiny_archive(capsys):
    from benchmarks import scale

    assert scale.main(["--size", "120", "--rounds", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("120 items (") and "36 queries in-process: p50 " in out and " ms, p95 " in out
