"""Updates that carry an original's URL and links, as the web-page readers fill them, stored through the
knowledge base's own write path; for tests/web/test_ux.py and tests/browser/test_ux.py."""
from kb import KnowledgeBase, Link
from kb.ingesting import ParsedFile, Writer, parse

JUNE = b"""June 5, 2020

Update from Co-Chairs, 5 June 2020

  1. Hamsters are back in the galleries, see the guidance.
  2. Nothing else to report.

Nicola Kalinsky
University Museums Group
"""
LINKS = [Link("the guidance", "https://example.org/guidance?a=1&b=2"), Link("write to us", "mailto:office@example.org"),
         Link("<b>bad</b>", "javascript:alert(1)"), Link("quote", 'https://example.org/"><script>alert(2)</script>')]


def ingest_with_origin(home, data: bytes, name: str, url: str | None, links: list[Link]) -> None:
    """Ingest a file whose update carries an original's URL and whose first item carries links (as the
    web-page readers fill them), through the knowledge base's own write path."""
    kb = KnowledgeBase(home)
    writer = Writer(kb.home, None, kb.max_file_mb, kb.vocabulary)
    file = ParsedFile(name, data, None, parse(data, name, None, kb.vocabulary))
    for update in file.archive.updates:
        update.url = url
        update.items[0].links = list(links)
    writer.locked(lambda: writer.store([(file, file.report())]))
