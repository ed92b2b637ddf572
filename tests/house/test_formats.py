"""One table of formats: `kb formats`, the folder walk, the upload form's accept list, the API and the
refusal messages all read the reader registry (ingest/readers/__init__.py), and agree with it."""
from __future__ import annotations

import io
import json
import re
import shutil

import pytest
from click.testing import CliRunner

from ingest import parse_archive, readers
from kb import IngestError, KnowledgeBase, expand_paths
from kb.cli import main
from tests.support.archives import FIXTURES, SAMPLE
from tests.support.webapp import make_app

TOKEN = "formats-admin-token-0123"
OFFICE = FIXTURES / "office"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_kb_formats_lists_the_registry_in_text_and_json(empty_home):
    rows = json.loads(run("formats", "--json").stdout)
    assert rows == readers.table()
    assert [row["name"] for row in rows] == [reader.name for reader in readers.READERS] + ["gzip"]
    assert {"docx", "pdf"} <= {row["name"] for row in rows}
    text = run("formats").stdout
    for reader in readers.READERS:
        assert f"{reader.name:<9} {reader.label}" in text
        assert all(suffix in text for suffix in reader.suffixes if suffix)


def test_a_folder_walk_reads_every_suffix_of_the_registry_and_names_every_other_file(tmp_path):
    suffixes = sorted(s for s in readers.suffixes() if s)
    for k, suffix in enumerate(suffixes):
        (tmp_path / f"file{k}{suffix}").write_bytes(b"x")
    for name in ("notes.xyz", "logo.PNG", "budget.xlsx", "archive.tar.gz", "~$minutes.docx", "README"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_bytes(b"x")
    (tmp_path / ".DS_Store").write_bytes(b"x")
    found = {path.name: reason for path, reason in expand_paths([tmp_path])}
    assert {name for name, reason in found.items() if reason is None} == \
        {f"file{k}{suffix}" for k, suffix in enumerate(suffixes)} | {"README"}  # no suffix: read as text
    assert {name: reason for name, reason in found.items() if reason} == {
        "notes.xyz": "not a format kb reads (see `kb formats`)", "logo.PNG": "not a format kb reads (see `kb formats`)",
        "budget.xlsx": "not a format kb reads (see `kb formats`)",
        "archive.tar.gz": "not a format kb reads (see `kb formats`)",
        "~$minutes.docx": "a lock file Word keeps while the document is open"}  # hidden files: not looked at


def test_kb_ingest_dir_reads_word_and_pdf_and_names_what_it_skips_with_exit_status_0(empty_home, tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    for name in ("board-minutes.docx", "newsletter-two-column.pdf"):
        shutil.copy(OFFICE / name, folder / name)
    (folder / "logo.png").write_bytes((FIXTURES / "bad" / "image.png").read_bytes())
    result = run("ingest", str(folder))
    assert result.exit_code == 0, result.output
    assert "board-minutes.docx: 1 update (1 new, 0 changed, 0 unchanged), 5 items" in result.stdout
    assert "newsletter-two-column.pdf: 1 update (1 new, 0 changed, 0 unchanged), 8 items, 4 lines of page " \
           "furniture skipped" in result.stdout
    assert "2 of 2 files ingested" in result.stdout
    assert result.stderr == f"skipped: {folder / 'logo.png'}: not a format kb reads (see `kb formats`)\n"
    files = json.loads(run("ingest", "--json", str(folder)).stdout)["files"]
    assert [(f["name"].rsplit("/", 1)[-1], f["format"], f["passed_over"]) for f in files] == [
        ("board-minutes.docx", "docx", None), ("logo.png", None, "not a format kb reads (see `kb formats`)"),
        ("newsletter-two-column.pdf", "pdf", None)]


def test_many_skipped_files_are_counted_by_suffix(empty_home, tmp_path):
    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    for k in range(30):
        (tmp_path / f"photo{k}.jpg").write_bytes(b"x")
    (tmp_path / "budget.xlsx").write_bytes(b"x")
    result = run("ingest", str(tmp_path))
    assert result.exit_code == 0
    assert result.stderr == ("skipped: 31 files of formats kb does not read (30 .jpg, 1 .xlsx); see `kb formats`, "
                             "and `kb ingest --json` for their names\n")


def test_the_properties_date_warning_reaches_the_ingest_report(empty_home):
    result = run("ingest", str(OFFICE / "members-bulletin.docx"))
    assert result.exit_code == 0
    assert "is dated from the document's properties (5 February 2024, when the file was made)" in result.stderr


def test_the_upload_form_offers_every_suffix_and_media_type_of_the_registry(empty_home):
    KnowledgeBase(empty_home).ingest_files([SAMPLE])
    client = make_app(empty_home, KB_ADMIN_TOKEN=TOKEN).test_client()
    login = client.get("/admin").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
    client.post("/admin/login", data={"token": TOKEN, "csrf_token": csrf})
    page = client.get("/admin").get_data(as_text=True)
    offered = set(page.split('accept="', 1)[1].split('"', 1)[0].split(","))
    assert {s for s in readers.suffixes() if s} | set(readers.media_types()) <= offered
    assert {".docx", ".pdf", "application/pdf"} <= offered


@pytest.mark.parametrize("name", ["board-minutes.docx", "newsletter-two-column.pdf"])
def test_the_api_takes_word_and_pdf_uploads(empty_home, name):
    client = make_app(empty_home, KB_ADMIN_TOKEN=TOKEN).test_client()
    r = client.post("/api/updates", data={"file": (io.BytesIO((OFFICE / name).read_bytes()), name)},
                    headers={"Authorization": f"Bearer {TOKEN}"}, content_type="multipart/form-data")
    assert r.status_code == 201, r.json
    assert r.json["format"] == name.rsplit(".", 1)[1]


@pytest.mark.parametrize("name, data", [("image.png", b"\x89PNG\r\n\x1a\n..."), ("items.json", b'{"a": [1, 2]}'),
                                        ("photos.zip", b"PK\x03\x04" + b"\x00" * 40)])
def test_refusals_name_every_format_of_the_registry(name, data):
    with pytest.raises(IngestError) as caught:
        parse_archive(data, name)
    reason = caught.value.reason
    assert reason.startswith("not an archive format: this is ") and reason.endswith("(see `kb formats`)")
    assert all(reader.label in reason for reader in readers.READERS), reason
