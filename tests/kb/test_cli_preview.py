"""Issue 21 through the `kb` command, with exact output: `kb ingest --preview` (writes nothing), `kb updates
--needs-review`, `kb correct` (and its refusals), `kb check` naming a correction that no longer applies."""
from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner

from kb.cli import main
from tests.support.archives import FIXTURES

BULLETIN = FIXTURES / "markup" / "heritage-bulletin-2024-03-14.md"  # dated only by its file name
READ_AS = "2024-03-14-heritage-skills-bulletin"
FIXED = "2024-03-15-heritage-skills-bulletin"


@pytest.fixture
def run(empty_home):
    runner = CliRunner()
    return lambda *args: runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


def tree(home) -> dict:
    return {str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(home.rglob("*")) if p.is_file()}


PREVIEW = f"""\
heritage-bulletin-2024-03-14.md: read as markdown; nothing stored (a preview)

Heritage Skills Bulletin  [new]
  id       {READ_AS}
  date     2024-03-14 from a date in the file name: '2024-03-14'
  title    the first heading, at the top of the document (line 1)
  cut      the whole file is one update; items: marked headings (level 1)
     0  line 3    A round-up of the network's news for March.
     1  line 5    Training — The gilding course runs again in May.
     2  line 9    Funding — The small grants round is open until 30 April.
  needs a look: its date is a guess: dated only by the file name
"""


def test_a_preview_prints_the_reading_and_stores_nothing(run, empty_home):
    run("ingest", "--sample")
    before = tree(empty_home)
    shown = run("ingest", "--preview", BULLETIN)
    assert shown.exit_code == 0 and shown.stderr == ""
    assert shown.stdout == PREVIEW
    data = json.loads(run("ingest", "--preview", "--json", BULLETIN).stdout)
    [file] = data["files"]
    assert (file["stored"], file["needs_review"], file["lines"]) == (False, [READ_AS], True)
    assert file["updates"][0]["status"] == "new" and file["updates"][0]["reading"]["review"][0]["code"] == "date-guessed"
    assert tree(empty_home) == before
    bad = run("ingest", "--preview", FIXTURES / "bad" / "no-date.txt")
    assert bad.exit_code == 1 and bad.stdout == "" and bad.stderr.startswith(f"error: {FIXTURES / 'bad' / 'no-date.txt'}: no date")
    assert tree(empty_home) == before


def test_needs_review_then_a_correction_of_the_date(run, empty_home):
    run("ingest", BULLETIN)
    listed = run("updates", "--needs-review")
    assert listed.stdout == f"2024-03-14    3 items  {READ_AS}\n    its date is a guess: dated only by the file name\n"
    assert [u["id"] for u in json.loads(run("updates", "--needs-review", "--json").stdout)] == [READ_AS]
    done = run("correct", READ_AS, "--date", "2024-03-15")
    assert done.exit_code == 0 and done.stdout == (
        f"corrected {READ_AS}: the date of {READ_AS} set to 2024-03-15\n  now {FIXED} (the old id is gone)\n")
    assert run("updates").stdout == f"2024-03-15    3 items  {FIXED}\n"
    assert run("updates", "--needs-review").stdout == ""
    assert run("check").stdout == "the index matches the stored updates\n"
    rebuilt = run("reindex")
    assert rebuilt.exit_code == 0 and rebuilt.stderr == "" and run("updates").stdout == f"2024-03-15    3 items  {FIXED}\n"
    again = run("ingest", BULLETIN)
    assert again.stdout == (f"{BULLETIN}: 1 update (0 new, 0 changed, 1 unchanged), 3 items\n"
                            f"  corrected: the date of {READ_AS} set to 2024-03-15\nknowledge base: {empty_home}\n")
    title = run("correct", FIXED, "--title", "Heritage Skills Bulletin 14")
    assert title.stdout == (f"corrected {FIXED}: the title of {READ_AS} set to 'Heritage Skills Bulletin 14'\n"
                            "  now 2024-03-15-heritage-skills-bulletin-14 (the old id is gone)\n")
    split = run("correct", "2024-03-15-heritage-skills-bulletin-14", "--heading", "7")
    assert split.stdout == ("corrected 2024-03-15-heritage-skills-bulletin-14: line 7 ('The gilding course runs again "
                            "in May.') made a heading\n")


def test_a_correction_that_does_not_fit_is_refused_clearly(run, empty_home):
    run("ingest", BULLETIN)
    before = tree(empty_home)
    refused = run("correct", READ_AS, "--merge", "3")
    assert refused.exit_code == 1 and refused.stdout == "" and refused.stderr == (
        f"Error: cannot correct {READ_AS}: the item on line 3 is its update's first: there is no item above it; "
        "nothing was changed\n")
    assert run("correct", READ_AS, "--date", "2024-03-15", "--title", "x").exit_code == 2
    assert "give exactly one of --date" in run("correct", READ_AS).stderr
    assert "'14 March' is not a date" in run("correct", READ_AS, "--date", "14 March").stderr
    unknown = run("correct", "2024-01-01-nothing", "--date", "2024-03-15")
    assert unknown.exit_code == 1 and "there is no update '2024-01-01-nothing'" in unknown.stderr
    assert tree(empty_home) == before


def test_check_names_a_correction_that_no_longer_applies_and_exits_0(run, empty_home):
    run("ingest", BULLETIN)
    run("correct", READ_AS, "--heading", "7")
    [kept] = (empty_home / "sources").glob("*.corrections.toml")
    kept.write_text(kept.read_text().replace("The gilding course runs again in May.", "The course is full."))
    checked = run("check")
    assert checked.exit_code == 0 and checked.stdout == (
        "the index matches the stored updates\n1 update needs a look (a reading that was a guess; `kb updates "
        f"--needs-review`, or correct with `kb correct`):\n  {READ_AS}: its date is a guess: dated only by the file "
        "name; an item that is only a heading: its text may have gone into the item after it (item 1, 2)\n"
        "correction not applied: heritage-bulletin-2024-03-14.md: line 7 ('The course is full.') made a "
        "heading: not applied, line 7 now says 'The gilding course runs again in May.', not 'The course is full.'\n")
    rebuilt = run("reindex")
    assert rebuilt.exit_code == 0 and "warning: heritage-bulletin-2024-03-14.md: line 7" in rebuilt.stderr
