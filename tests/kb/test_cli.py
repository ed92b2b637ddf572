"""The `kb` command through click's CliRunner, on real knowledge-base directories in tmp_path."""
from __future__ import annotations

import csv
import io
import json
import re
import shlex
import subprocess
import sys
from datetime import date

import pytest
from click.testing import CliRunner

from kb.cli import main
from tests.support.archives import JUNE5, JUNE5_FIXED, SAMPLE, export_lines, june, sample_items, update_text, write_archive

FURLOUGH_FIRST = {"2020-03-25-update-from-co-chairs--2", "2020-03-30-update-from-co-chairs--2",
                  "2020-04-09-update-from-co-chairs--2", "2020-04-09-update-from-co-chairs--4"}  # the items saying it


@pytest.fixture
def run(empty_home):
    runner = CliRunner()

    def invoke(*args, **kw):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False, **kw)
    return invoke


@pytest.fixture
def sampled(run, fresh_home):
    """`run` over a knowledge base holding the sample (`fresh_home`, which is KB_HOME; `kb ingest --sample`
    itself: test_ingest_reports_new_then_unchanged_and_names_the_knowledge_base)."""
    return run


SAMPLE_IDS = ["2020-05-29-update-from-co-chairs", "2020-05-26-update-from-co-chairs", "2020-05-14-update-from-co-chairs",
              "2020-04-29-update-from-co-chairs", "2020-04-28-umg-survey-in-response-to-covid-19-crisis",
              "2020-04-15-update-from-co-chairs", "2020-04-09-update-from-co-chairs", "2020-03-30-update-from-co-chairs",
              "2020-03-25-update-from-co-chairs", "2020-03-23-update-from-co-chairs"]


LEFT_OUT = "  left out of 2020-03-23-update-from-co-chairs: 3 lines (furniture, captions)\n"
PARAGRAPHS = "cut into items at its paragraphs: it marks no headings and no list"
SAMPLE_REVIEW = ["2020-05-26-update-from-co-chairs", "2020-04-29-update-from-co-chairs",
                 "2020-04-28-umg-survey-in-response-to-covid-19-crisis"]  # the sample's updates cut at paragraphs
REVIEWED = "".join(f"  needs a look: {uid}: {PARAGRAPHS}\n" for uid in SAMPLE_REVIEW)


def test_ingest_reports_new_then_unchanged_and_names_the_knowledge_base(run, empty_home):
    first = run("ingest", "--sample")
    assert first.exit_code == 0 and first.stderr == ""
    assert first.stdout == (
        f"{SAMPLE}: 10 updates (10 new, 0 changed, 0 unchanged), {sample_items()} items, "
        "3 lines of page furniture skipped\n" + "".join(f"  new      {uid}\n" for uid in SAMPLE_IDS)
        + LEFT_OUT + REVIEWED + f"knowledge base: {empty_home}\n")
    again = run("ingest", "--sample")
    assert again.exit_code == 0
    assert again.stdout == (f"{SAMPLE}: 10 updates (0 new, 0 changed, 10 unchanged), {sample_items()} items, "
                            f"3 lines of page furniture skipped\n{LEFT_OUT}knowledge base: {empty_home}\n")


def test_ingest_json_report(run, tmp_path):
    result = run("ingest", june(tmp_path / "june.txt"), "--json")
    data = json.loads(result.stdout)
    [file] = data["files"]
    assert file["new"] == ["2020-06-12-update-from-co-chairs", JUNE5] and file["items"] == 7 and file["error"] is None


def test_a_correction_is_reported_as_changed_and_replaces_the_items(sampled, tmp_path):
    sampled("ingest", june(tmp_path / "june.txt"))
    result = sampled("ingest", june(tmp_path / "june-corrected.txt", fixed=True))
    assert "(0 new, 1 changed, 1 unchanged)" in result.stdout and f"  changed  {JUNE5}" in result.stdout
    items = [i for i in export_lines(sampled("export").stdout) if i["update_id"] == JUNE5]
    assert [i["text"] for i in items[1:]] == JUNE5_FIXED


def test_bad_files_mixed_with_good_exit_1_name_each_failure_and_ingest_the_rest(run, tmp_path, sample_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    result = run("ingest", empty, sample_path, tmp_path / "missing.txt", binary, june(tmp_path / "june.txt"))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3
    assert any(str(empty) in e for e in errors) and any("missing.txt: no such file" in e for e in errors)
    assert any(str(binary) in e for e in errors)
    assert "Traceback" not in result.output
    assert "3 of 6 files ingested: 12 new and 0 changed updates" not in result.stdout  # counts below
    assert "3 of 5 files ingested" not in result.stdout
    assert "2 of 5 files ingested: 12 new and 0 changed updates" in result.stdout
    assert len({i["update_id"] for i in export_lines(run("export").stdout)}) == 12


def test_a_directory_is_ingested_recursively(run, tmp_path):
    june(tmp_path / "archive" / "2020" / "june.txt")
    write_archive(tmp_path / "archive" / "july.md", update_text(date(2020, 7, 3), ["Museums reopened."]))
    (tmp_path / "archive" / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "archive" / ".hidden.txt").write_text("not an archive")
    result = run("ingest", tmp_path / "archive")
    assert result.exit_code == 0, result.output
    assert "2 of 2 files ingested: 3 new" in result.stdout


def test_ingest_without_paths_is_a_usage_error(run):
    result = run("ingest")
    assert result.exit_code == 2 and "give at least one file" in result.stderr


def total_of(q: str) -> int:
    from kb import KnowledgeBase
    from kb import SearchRequest

    return KnowledgeBase().search(SearchRequest(q=q)).total


def test_search_prints_readable_lines(sampled):
    result = sampled("search", "what was said about furlough", "--limit", "5")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert total_of('what was said about furlough') == 6  # 4 say the word, 2 its concept's other terms
    assert lines[0] == "4 items say “furlough”; 2 more say Coronavirus Job Retention Scheme or Job Retention Scheme or job retention (1-5 shown)"
    assert "Timeline:" in lines
    at = lines.index("2020-04-15  Update from Co-Chairs, 15 April 2020  #3  Coronavirus Job Retention Scheme")
    assert lines[at + 2:at + 4] == ["    matched through: Coronavirus Job Retention Scheme, Job Retention Scheme, job retention",
                                    "    2020-04-15-update-from-co-chairs--3"]
    assert "<mark>" not in result.stdout


def test_search_counts_full_and_partial_matches_whatever_the_page_size(sampled):
    for limit, last in (("1", 1), ("10", 7)):
        lines = sampled("search", "flexible", "furlough", "--limit", limit).stdout.splitlines()
        assert lines[0] == f"No item matches all your words; 7 more match some of the words (1-{last} shown)"
        assert lines[lines.index("") + 1].endswith("  (some of the words)")  # (after the readings of the words)
    data = json.loads(sampled("search", "flexible", "furlough", "--json", "--limit", "1").stdout)
    assert (data["total"], data["total_partial"], len(data["results"])) == (0, 7, 1)


def test_search_related_fills_the_page_with_labelled_items_only_when_asked(sampled):
    plain = sampled("search", "furlough").stdout
    assert plain.splitlines()[0] == "4 items say “furlough”; 2 more say Coronavirus Job Retention Scheme or Job Retention Scheme or job retention (1-6 shown)" and "related" not in plain
    filled = sampled("search", "furlough", "--related").stdout
    assert filled.splitlines()[0] == "4 items say “furlough”; 2 more say Coronavirus Job Retention Scheme or Job Retention Scheme or job retention (1-6 shown, then 4 related items)"
    assert filled.count("  (related: none of the words)") == 4


def test_search_says_which_words_are_too_common_to_search_alone(sampled):
    assert sampled("search", "the").stdout == "No item matches all your words\nToo common to be searched on their own: the\n"
    assert "Too common" not in sampled("search", "the", "volunteers").stdout


def test_a_reversed_range_is_refused_with_both_dates(sampled):
    result = sampled("search", "furlough", "--from", "2020-06-01", "--to", "2020-03-01")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == "Error: from 1 June 2020 is after to 1 March 2020\n"


def test_search_json_is_one_object_with_the_contract_fields(sampled):
    result = sampled("search", "what was said about furlough", "--json", "--limit", "4")
    data = json.loads(result.stdout)
    assert {"query", "total", "suggestion", "results"} <= set(data)
    assert data["query"] == "what was said about furlough" and data["total"] == total_of(data["query"]) > 4
    assert {r["id"] for r in data["results"]} == FURLOUGH_FIRST
    assert all("<mark>" in r["snippet"] or r["id"].endswith("15-update-from-co-chairs--3") for r in data["results"])


def test_search_filters_and_sort(sampled):
    data = json.loads(sampled("search", "funding", "--json", "--topic", "funding", "--from", "May 2020",
                              "--to", "2020-05-31", "--sort", "date", "--limit", "50").stdout)
    assert data["total"] > 0
    dates = [r["date"] for r in data["results"]]
    assert dates == sorted(dates, reverse=True) and all("2020-05-01" <= d <= "2020-05-31" for d in dates)
    assert all("Funding & finance" in r["topics"] for r in data["results"])


def test_search_suggests_a_spelling(sampled):
    result = sampled("search", "furlogh")
    lines = result.stdout.splitlines()
    assert lines[:2] == ["4 items say “furlough”; 2 more say Coronavirus Job Retention Scheme or Job Retention Scheme or job retention (1-6 shown)",
                         "Showing results for furlough (no results for furlogh; --as-typed searches it)"]
    assert "Did you mean" not in result.stdout
    data = json.loads(sampled("search", "furlogh", "--json").stdout)
    assert (data["query"], data["corrected_from"], data["suggestion"], data["total"]) == ("furlough", "furlogh", None, 6)
    # no item holds both words as typed: the corrected words are searched, as for a single word
    assert "Showing results for furlough museums" in sampled("search", "furlogh", "museums").stdout
    assert "Did you mean: furlough museums zebra" in sampled("search", "furlogh", "museums", "zebra").stdout


def test_an_unknown_topic_is_a_usage_error_naming_the_known_ones(sampled):
    from vocab.topics import load_taxonomy

    result = sampled("search", "museums", "--topic", "furlough", "--topic", "gerbils")
    slugs = ", ".join(t.slug for t in load_taxonomy(None).topics)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--topic': there is no topic 'gerbils'; the topics are: {slugs}")
    assert sampled("search", "museums", "--topic", "Furlough & job retention").exit_code == 0  # a name works too
    # what topic:grants reads in the query (a topic's term) works as --topic too
    grants = sampled("search", "museums", "--topic", "grants", "--json")
    assert grants.exit_code == 0 and json.loads(grants.stdout)["understood"]["topics"] == ["Funding & finance"]


@pytest.mark.parametrize("args, message", [
    (["search"], "Missing argument"),
    (["search", "x", "--from", "soon"], "'from' must be a date"),
    (["search", "x", "--sort", "alphabetical"], "alphabetical"),
    (["search", "x", "--limit", "0"], "0"),
    (["export", "--format", "xml"], "xml"),
    (["frobnicate"], "No such command"),
    (["remove"], "Missing argument"),
    (["--kb"], "requires an argument"),
])
def test_usage_errors_exit_2(sampled, args, message):
    result = sampled(*args)
    assert result.exit_code == 2 and message in result.stderr


def test_export_jsonl_and_csv_in_date_order(sampled):
    items = export_lines(sampled("export").stdout)
    assert len(items) == sample_items() and items[0]["id"] == "2020-03-23-update-from-co-chairs--0"
    assert [i["date"] for i in items] == sorted(i["date"] for i in items)
    rows = list(csv.DictReader(io.StringIO(sampled("export", "--format", "csv").stdout)))
    assert [r["id"] for r in rows] == [i["id"] for i in items]
    assert rows[0]["authors"] == "Nicholas Thomas; Nicola Kalinksy" and rows[0]["number"] == "0"


def test_show_an_item_and_an_update(sampled):
    item = sampled("show", "2020-04-15-update-from-co-chairs--3")
    assert item.exit_code == 0
    assert item.stdout == ("Update from Co-Chairs, 15 April 2020 (2020-04-15), item 3\n"
                           "Coronavirus Job Retention Scheme\n\n"
                           "Updated guidance was published on 10 April.\n\n"
                           "topics: Furlough & job retention\n"
                           "dates mentioned: 2020-04-10\n"
                           "source: umg-covid-updates-2020.txt\n")
    data = json.loads(sampled("show", "2020-04-15-update-from-co-chairs--3", "--json").stdout)
    assert data["posted"] == "2020-04-20" and data["dates_mentioned"] == ["2020-04-10"]
    update = json.loads(sampled("show", "2020-04-15-update-from-co-chairs", "--json").stdout)
    assert update["title"] == "Update from Co-Chairs, 15 April 2020" and len(update["items"]) == 15
    text = sampled("show", "2020-04-15-update-from-co-chairs").stdout
    assert "2020-04-15 (posted 2020-04-20)  Nicola Kalinsky, Nicholas Thomas" in text


def test_show_an_unknown_id_exits_1_with_a_message(sampled):
    result = sampled("show", "2020-01-01-nothing")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: there is no item or update '2020-01-01-nothing' (see `kb updates`)"


def test_updates_topics_and_stats(sampled, empty_home):
    assert sampled("updates").stdout == (
        "2020-05-29    6 items  2020-05-29-update-from-co-chairs\n"
        "2020-05-26    6 items  2020-05-26-update-from-co-chairs\n"
        "2020-05-14    3 items  2020-05-14-update-from-co-chairs\n"
        "2020-04-29    4 items  2020-04-29-update-from-co-chairs\n"
        "2020-04-28    5 items  2020-04-28-umg-survey-in-response-to-covid-19-crisis\n"
        "2020-04-15   15 items  2020-04-15-update-from-co-chairs\n"
        "2020-04-09    6 items  2020-04-09-update-from-co-chairs\n"
        "2020-03-30    5 items  2020-03-30-update-from-co-chairs\n"
        "2020-03-25    6 items  2020-03-25-update-from-co-chairs\n"
        "2020-03-23   22 items  2020-03-23-update-from-co-chairs\n")
    assert sampled("updates", "--limit", "1").stdout == "2020-05-29    6 items  2020-05-29-update-from-co-chairs\n"
    listed = json.loads(sampled("updates", "--json", "--limit", "2").stdout)
    assert [u["id"] for u in listed] == ["2020-05-29-update-from-co-chairs", "2020-05-26-update-from-co-chairs"]
    topics = json.loads(sampled("topics", "--json").stdout)
    furlough = next(t for t in topics if t["slug"] == "furlough")
    assert furlough == {"name": "Furlough & job retention", "slug": "furlough", "description": furlough["description"],
                        "count": 5}
    assert "    5  Furlough & job retention  (furlough)" in sampled("topics").stdout.splitlines()
    assert sampled("topics").stdout == "".join(f"{t['count']:5d}  {t['name']}  ({t['slug']})\n" for t in topics)
    stats = json.loads(sampled("stats", "--json").stdout)
    assert (stats["updates"], stats["items"], stats["sources"], stats["writes"]) == (10, sample_items(), 1, 1)
    assert re.fullmatch(
        f"             home: {re.escape(str(empty_home))}\n"
        f"          updates: 10\n            items: {sample_items()}\n           topics: {len(topics)}\n"
        f"          sources: 1\n    sources_bytes: {SAMPLE.stat().st_size}\n          records: 10\n"
        f"            index: ix-000001\n      index_bytes: [0-9]+\n           writes: 1\n"
        f"       last_write: 20[0-9][0-9]-[0-9-]+T[0-9:]+\ninterrupted_write: False\n      topics_file: None\n",
        sampled("stats").stdout)


def test_remove_then_reindex(sampled):
    uid = "2020-03-30-update-from-co-chairs"
    left = sum(1 for i in export_lines(sampled("export").stdout) if i["update_id"] != uid)
    result = sampled("remove", uid)
    assert result.exit_code == 0 and result.stdout == f"removed {uid}\n"
    assert all(i["update_id"] != uid for i in export_lines(sampled("export").stdout))
    missing = sampled("remove", uid)
    assert missing.exit_code == 1 and "no such update: 2020-03-30-update-from-co-chairs" in missing.stderr
    rebuilt = sampled("reindex")
    assert rebuilt.exit_code == 0 and rebuilt.stdout.startswith(f"rebuilt ix-000002: 9 updates, {left} items")
    data = json.loads(sampled("reindex", "--json").stdout)
    assert data["index"] == "ix-000003" and data["updates"] == 9


def test_the_kb_option_overrides_kb_home(run, tmp_path, empty_home):
    other = tmp_path / "other"
    assert run("--kb", other, "ingest", "--sample").exit_code == 0
    assert (other / "records").is_dir() and not (empty_home / "records").exists()
    assert json.loads(run("--kb", other, "stats", "--json").stdout)["items"] == sample_items()
    assert json.loads(run("stats", "--json").stdout)["items"] == 0


def test_a_busy_knowledge_base_is_a_clear_error(sampled, empty_home, monkeypatch):
    from kb import home

    monkeypatch.setattr(home, "LOCK_TIMEOUT", 0.2)
    with home.writer_lock(home.Home(empty_home)):
        import threading

        out = {}
        thread = threading.Thread(target=lambda: out.setdefault("r", sampled("remove", "2020-03-30-update-from-co-chairs")))
        thread.start()
        thread.join(30)
    result = out["r"]
    assert result.exit_code == 1 and "is busy" in result.stderr and "Traceback" not in result.output


def test_help_lists_plugin_commands_and_shows_examples(run):
    result = run("--help")
    assert result.exit_code == 0 and "serve" in result.stdout and "kb search" in result.stdout
    assert "kb search furlough" in run("search", "--help").stdout


def help_examples(help_text: str) -> list[list[str]]:
    """The `kb ...` command lines of a help text, each cut at a pipe or `&&`, as argument lists."""
    lines = [line.strip() for line in help_text.splitlines() if line.strip().startswith("kb ")]
    return [shlex.split(re.split(r"\s(?:\||&&)\s", line)[0])[1:] for line in lines]


def test_every_example_of_kb_help_and_kb_search_help_works_on_the_sample(sampled, tmp_path):
    examples = help_examples(sampled("--help").stdout) + help_examples(sampled("search", "--help").stdout)
    searches = [args for args in examples if args[0] == "search"]
    assert len(searches) >= 4
    for args in examples:
        if args[0] == "ingest" and not args[1:] == ["--sample"]:  # names files of the reader's own
            assert main.make_context("kb", list(args)) is not None
            continue
        result = sampled(*args)
        assert result.exit_code == 0 and result.stderr == "", (args, result.output)
        if args[0] == "search":
            found = (json.loads(result.stdout)["total"] if "--json" in args
                     else int(result.stdout.split(" ", 1)[0]))
            assert found > 0, args


@pytest.mark.slow
def test_version_and_python_dash_m(empty_home):
    from importlib.metadata import version

    assert CliRunner().invoke(main, ["--version"]).stdout == f"kb, version {version('sector-kb')}\n"
    result = subprocess.run([sys.executable, "-m", "kb", "updates", "--limit", "1"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0 and result.stdout == ""  # the empty knowledge base of KB_HOME
    result = subprocess.run([sys.executable, "-m", "kb", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("Usage: kb [OPTIONS] COMMAND [ARGS]...")


def test_serve_names_the_default_knowledge_base_directory(monkeypatch, tmp_path):
    import web.cli

    class Idle:  # prints the banner, serves nothing
        run = close = lambda self: None

    monkeypatch.delenv("KB_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(web.cli, "make_server", lambda app, *a, **kw: Idle())
    result = CliRunner().invoke(main, ["serve", "--port", "8123"], catch_exceptions=False)
    assert result.stdout == (f"Serving the knowledge base in {tmp_path / 'data' / 'sector-kb'} on http://127.0.0.1:8123/ "
                             "(Ctrl+C to stop)\nLinks in the feed and the API start with http://127.0.0.1:8123/: set "
                             "KB_BASE_URL to the address members use\n")


def test_check_and_repair(sampled, empty_home):
    assert sampled("check").stdout == (  # a guess is listed but is no fault of the index: exit status 0
        "the index matches the stored updates\n3 updates need a look (a reading that was a guess; "
        "`kb updates --needs-review`, or correct with `kb correct`):\n"
        + "".join(f"  {uid}: {PARAGRAPHS}\n" for uid in SAMPLE_REVIEW))
    for path in (empty_home / "index" / "ix-000001").glob("*.pst"):
        path.write_bytes(b"")
    broken = sampled("check")
    assert broken.exit_code == 1 and broken.stderr.startswith("problem: the index cannot be read")
    repaired = sampled("check", "--repair")
    assert repaired.exit_code == 0
    assert repaired.stdout.startswith("rebuilt the index from the stored sources\nthe index matches the stored updates\n")


def test_a_damaged_index_gives_a_message_not_a_traceback(sampled, empty_home):
    for path in (empty_home / "index" / "ix-000001").glob("*.toc"):
        path.write_bytes(b"garbage")
    result = sampled("search", "furlough")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith("Error: the index at ") and "kb check --repair" in result.stderr


def test_a_big_ingest_reports_counts_not_every_id(run, tmp_path):
    from datetime import timedelta

    updates = [update_text(date(2019, 1, 7) + timedelta(days=n), [f"Item {n} about museums."]) for n in range(25)]
    result = run("ingest", write_archive(tmp_path / "many.txt", *reversed(updates)), "--sample")
    assert result.exit_code == 0
    assert result.stdout == (
        f"{tmp_path / 'many.txt'}: 25 updates (25 new, 0 changed, 0 unchanged), 50 items\n"
        f"{SAMPLE}: 10 updates (10 new, 0 changed, 0 unchanged), {sample_items()} items, 3 lines of page furniture skipped\n"
        + LEFT_OUT + "  3 updates need a look (kb updates --needs-review lists them)\n" +
        "2 of 2 files ingested: 35 new and 0 changed updates (kb ingest --json lists their ids)\n"
        f"knowledge base: {tmp_path / 'kb'}\n")


def test_an_undated_file_is_refused_then_dated_with_date_and_reindexed_with_it(run, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"Notes from the committee\n\nThe committee agreed the budget. The accounts will be filed next month.\n")
    refused = run("ingest", notes)
    assert refused.exit_code == 1 and "no date found" in refused.stderr and "kb ingest --date 2021-12-01 FILE" in refused.stderr
    assert run("ingest", "--date", "2021-12-01", notes, "--json").exit_code == 0
    assert run("reindex").exit_code == 0  # the stored source is replayed with the date it was given
    shown = json.loads(run("show", "2021-12-01-notes-from-the-committee", "--json").stdout)
    assert shown["date"] == "2021-12-01"
    bad = run("ingest", "--date", "December", notes)
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr


def test_the_ingest_report_lists_what_was_left_out_per_update(run):
    result = run("ingest", "--sample", "--json")
    [file] = json.loads(result.stdout)["files"]
    assert file["left_out"] == {"2020-03-23-update-from-co-chairs": [
        "Rich potential for new international relationships, collaborations and strategic partnerships",
        "Sedgwick Museum of Earth Sciences, University of Cambridge",
        "Sedgwick Museum of Earth Sciences, University of Cambridge"]}
    again = run("ingest", "--sample")
    assert "  left out of 2020-03-23-update-from-co-chairs: 3 lines (furniture, captions)" in again.stdout


def test_export_csv_writes_a_formula_as_text_as_the_web_download_does(run, tmp_path):
    """kb export --format csv and /search.csv share one CSV writer: a cell that a spreadsheet would run as a
    formula ("=HYPERLINK(...)", "+1", "@SUM") starts with a quote, on every path."""
    archive = tmp_path / "formulas-2021-03-04.txt"
    archive.write_text("Notes of 4 March 2021\n\n1. =HYPERLINK(\"http://evil.example\",\"click\")\n\n"
                       "2. +44 20 7946 0000 is the new number.\n\n3. @SUM(A1:A9) and nothing else.\n")
    assert run("ingest", archive).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv").stdout)))
    assert [r["text"] for r in rows if r["number"] != "0"] == [
        "'=HYPERLINK(\"http://evil.example\",\"click\")", "'+44 20 7946 0000 is the new number.",
        "'@SUM(A1:A9) and nothing else."]
