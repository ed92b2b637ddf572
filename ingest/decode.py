"""From file bytes to text: refuse what is not text, unpack gzip, pick the encoding (the format is sniffed by
the registry, ingest.readers)."""
from __future__ import annotations

import io
import json
import re
import zipfile
import zlib

from ingest.readers import described
from ingest.readers.sniffing import HTML_TAG
from vocab.models import IngestError
from vocab.text import normalise

_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (not a Word document)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Word (.doc) or password-protected Office document (save it as .docx, without a password)",
    b"{\\rtf": "an RTF document",
    b"\x1f\x8b": "a gzip file inside a gzip file",
}
GZIP_MAGIC = b"\x1f\x8b"
MAX_GUNZIPPED = 32 * 1024 * 1024  # a gzip file may unpack to this many bytes; a bigger one is refused
_MOJIBAKE = re.compile("[ÃÂâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def refuse_binary(data: bytes, source: str) -> None:
    """Raise IngestError for empty input and for files that are not text."""
    if not data.strip():
        raise IngestError(source, "the file is empty")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            if magic == b"PK\x03\x04" and _opendocument_text(data):
                what = "an OpenDocument text (.odt; save it as .docx)"
            raise IngestError(source, refusal(what))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    head = data[:4096]
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f")
    if b"\x00" in head or controls > len(head) // 50:
        raise IngestError(source, "the file is binary, not text")


def _opendocument_text(data: bytes) -> bool:
    """True for a ZIP package whose mimetype entry says OpenDocument text (LibreOffice's .odt)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package, package.open("mimetype") as entry:
            return entry.read(100).startswith(b"application/vnd.oasis.opendocument.text")
    except (KeyError, zipfile.BadZipFile, ValueError, EOFError, OSError, RuntimeError, NotImplementedError):
        return False


def refusal(what: str, seems: str = "is") -> str:
    """Why a file of a format kb does not read is refused, naming the formats it reads (the registry's)."""
    return f"not an archive format: this {seems} {what}, not {described()} (see `kb formats`)"


def gunzip(data: bytes, source: str, limit: int = MAX_GUNZIPPED) -> bytes:
    """The bytes a gzip file holds, every member of it one after another (as gzip -d gives them), unpacked
    in bounded steps: IngestError, as soon as the output passes `limit`, for a file that unpacks to more (a
    gzip bomb), for a damaged or cut-off file, and for bytes after the last member that are no gzip member
    (zero bytes of padding excepted)."""
    out: list[bytes] = []
    size, pending, member = 0, data, 0
    while pending:
        member += 1
        if member > 1 and not pending.startswith(GZIP_MAGIC):
            if pending.strip(b"\0"):
                raise IngestError(source, f"the gzip file has {len(pending):,} bytes after its member {member - 1} "
                                          "that are not gzip data; refused")
            break
        unpacker = zlib.decompressobj(wbits=31)
        try:
            while pending and not unpacker.eof:
                chunk = unpacker.decompress(pending, limit + 1 - size)
                size += len(chunk)
                out.append(chunk)
                if size > limit:
                    raise IngestError(source, f"the gzip file unpacks to more than {limit // (1024 * 1024)} MB; "
                                              "refused (unpack it and split it into smaller files)")
                pending = unpacker.unconsumed_tail
        except zlib.error as e:
            raise IngestError(source, f"the gzip file is damaged and cannot be unpacked ({e})") from None
        if not unpacker.eof:
            raise IngestError(source, "the gzip file is cut off: its end is missing")
        pending = unpacker.unused_data
    return b"".join(out)


def decode(data: bytes, source: str) -> str:
    """Bytes to normalised text: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252/latin-1."""
    refuse_binary(data, source)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise IngestError(source, "the file says it is UTF-16 but cannot be decoded") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="strict") if _cp1252_ok(data) else data.decode("latin-1")
    return normalise(repair_mojibake(text), pages=True)


def _cp1252_ok(data: bytes) -> bool:
    """True when every byte is defined in cp1252 (five bytes are not)."""
    return not any(byte in data for byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D))


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as cp1252 and saved again ("â€™" for "’"), when that is what happened."""
    if not _MOJIBAKE.search(text):
        return text
    try:
        fixed = text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    return fixed


def refuse_other_formats(text: str, source: str) -> None:
    """Raise IngestError for structured data that is text but not an archive (JSON, XML feeds, CSV)."""
    head = text.lstrip()[:2048]
    if head[:1] in "{[":
        try:
            json.loads(text)
        except ValueError:
            pass
        else:
            raise IngestError(source, refusal("JSON data"))
    if head.startswith("<?xml") and not HTML_TAG.search(head):
        raise IngestError(source, refusal("XML"))
    lines = [line for line in head.split("\n")[:6] if line.strip()]
    if len(lines) >= 3 and all(line.count(",") >= 3 and line.count(",") == lines[0].count(",") for line in lines):
        raise IngestError(source, refusal("CSV data", seems="looks like"))
