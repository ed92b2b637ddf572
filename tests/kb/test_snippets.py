"""Snippets and answer sentences: the best window by a sliding pass, bounded work on a hostile item,
and an item's indexed length capped with the ingest report saying so."""
import json
from datetime import date

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from kb import index, snippets
from kb.cli import main
from kb import KnowledgeBase
from kb.documents import INDEXED_CHARS
from kb import SearchRequest
from kb.snippets import Terms, best_sentence, matches, snippet

WORDS = ["furlough", "scheme.", "staff", "museum", "the", "job", "retention,", "reopening", "funds"]


def reference_best(text, found, width):
    """The window choice as first written: every top-weight match's window scored by a full pass."""
    top = max(w for _, _, w in found)
    def score(i):
        begin = snippets._begin(text, found[i][0], width)
        return sum(w for s, e, w in found if begin <= s and e <= begin + width)
    return max((i for i, m in enumerate(found) if m[2] == top), key=lambda i: (score(i), -i))


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=120),
       typed=st.sampled_from(WORDS), related=st.sampled_from(WORDS), width=st.sampled_from([30, 80, 220]))
def test_the_sliding_window_picks_the_window_a_full_count_picks(words, typed, related, width):
    text = " ".join(words)
    terms = Terms()
    terms.add(typed, snippets.PRIMARY)
    terms.add(related, snippets.RELATED)
    found = matches(text, terms)
    if found:
        assert snippets._best_window(text, found, width) == reference_best(text, found, width)


def test_a_hostile_item_is_scanned_up_to_the_cap_only(monkeypatch):
    text = "Furlough scheme. " * 20_000 + "Retention"
    seen = []
    tokens = index.tokens
    monkeypatch.setattr(index, "tokens", lambda t: seen.append(len(t)) or tokens(t))
    terms = Terms()
    terms.add("furlough", 2.0)
    terms.add("retention", 2.0)
    found = matches(text, terms)
    assert len(found) == snippets.MAX_MATCHES and found[-1][1] <= snippets.SCAN_CHARS
    assert "Retention" not in snippet(text, terms) and snippet(text, terms).startswith("<mark>Furlough</mark> scheme.")
    assert best_sentence(text, terms) == "Furlough scheme."
    assert max(seen) <= snippets.SCAN_CHARS


def hostile_update(n=5_000) -> bytes:  # 85,000 characters: more than is indexed, within what is kept
    body = " ".join(["Furlough scheme."] * n)
    return f"June 8, 2020\n\nUpdate from Co-Chairs, 8 June 2020\n\n{body}\n".encode()


@pytest.mark.slow
def test_an_item_longer_than_the_indexed_cap_is_stored_whole_and_the_report_warns(tmp_path):
    kb = KnowledgeBase(tmp_path / "kb")
    path = tmp_path / "hostile.txt"
    path.write_bytes(hostile_update())
    result = CliRunner().invoke(main, ["--kb", str(tmp_path / "kb"), "ingest", str(path)])
    assert result.exit_code == 0, result.output
    item = kb.get_update("2020-06-08-update-from-co-chairs").items[0]
    assert len(item.text) == 5_000 * 17 - 1
    assert result.stderr == (f"warning: {path}: {item.id}: only the first {INDEXED_CHARS:,} of its "
                             f"{len(item.text):,} characters are searchable (the whole text is kept)\n")
    report = kb.ingest_bytes(hostile_update(5_001), "again.txt")
    assert report.changed == ["2020-06-08-update-from-co-chairs"] and len(report.warnings) == 1
    hit = kb.search(SearchRequest(q="furlough")).hits[0]
    assert hit.item.text == "Furlough scheme." + " Furlough scheme." * 5_000
    assert hit.snippet.startswith("<mark>Furlough</mark> scheme.")
