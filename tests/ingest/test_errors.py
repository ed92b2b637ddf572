"""Bad input: a typed IngestError naming the file and the reason, never another exception, never a partial update."""
import random

import pytest

from ingest import parse_archive
from kb import IngestError
from tests.support.archives import FIXTURES, SAMPLE

BAD = FIXTURES / "bad"


@pytest.mark.parametrize("name, reason", [
    ("empty.txt", "the file is empty"),
    ("blank.txt", "the file is empty"),
    ("image.png", "not an archive format: this is a PNG image"),
    ("notes.pdf", "the PDF is damaged and cannot be read"),
    ("binary.dat", "the file is binary, not text"),
    ("items.json", "not an archive format: this is JSON data"),
    ("no-date.txt", "no date found for the update 'Notes for the committee'"),
])
def test_bad_files_raise_ingest_error_naming_file_and_reason(name, reason):
    with pytest.raises(IngestError) as caught:
        parse_archive((BAD / name).read_bytes(), name)
    assert caught.value.source == name
    assert caught.value.reason.startswith(reason)
    assert str(caught.value).startswith(f"{name}: ")


def test_one_undated_update_fails_the_whole_file():
    data = SAMPLE.read_bytes() + b"\n\nA note without any date at all\n\nSome text that follows it here.\n"
    # the note is read as furniture of the last update, so the file still parses whole ...
    archive = parse_archive(data, "sample-plus.txt")
    assert len(archive.updates) == 10 and "A note without any date at all" in archive.skipped
    # ... but an e-mail without any date cannot be placed, and nothing comes back
    mail = b"From: a@example.org\nTo: b@example.org\nSubject: Notes\n\nSome text of the notes.\n"
    with pytest.raises(IngestError, match="no date found"):
        parse_archive(mail, "notes.eml")


def test_email_without_body_and_odd_markup():
    with pytest.raises(IngestError) as caught:
        parse_archive(b"<html><body><script>var x = 1;</script></body></html>", "page.html")
    assert caught.value.reason.startswith("no ")
    with pytest.raises(IngestError):
        parse_archive(b"<?xml version='1.0'?><feed><entry>x</entry></feed>", "feed.xml")


@pytest.mark.slow
def test_random_bytes_never_raise_anything_but_ingest_error():
    rng = random.Random(7)
    sample = SAMPLE.read_bytes()
    for n in range(60):
        cut = rng.randrange(len(sample))
        variants = [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300))), sample[:cut], sample[cut:],
                    sample[:cut] + bytes([rng.randrange(256)]) + sample[cut + 1:]]
        for data in variants:
            try:
                archive = parse_archive(data, f"fuzz-{n}.txt")
            except IngestError:
                continue
            assert all(u.items for u in archive.updates)
