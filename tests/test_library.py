"""The library face: `from kb import ...` gives the public API, lazily."""
import subprocess
import sys

import kb
from conftest import SAMPLE


def test_the_public_names_are_exported_and_listed():
    from kb.core import BadQuery, KBError, KnowledgeBase, NotFound
    from kb.models import IngestError, Item, SearchRequest, SearchResult, Update

    assert (kb.KnowledgeBase, kb.SearchRequest, kb.SearchResult, kb.Item, kb.Update) == (
        KnowledgeBase, SearchRequest, SearchResult, Item, Update)
    assert (kb.KBError, kb.NotFound, kb.BadQuery, kb.IngestError) == (KBError, NotFound, BadQuery, IngestError)
    assert set(kb.__all__) <= set(dir(kb)) and all(getattr(kb, name) for name in kb.__all__)


def test_import_kb_loads_neither_whoosh_nor_the_search_modules():
    code = "import sys, kb; print(sorted(m for m in sys.modules if m.startswith(('whoosh', 'kb.'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_readme_example_searches_from_python(tmp_path):
    from kb import BadQuery, KnowledgeBase, SearchRequest

    base = KnowledgeBase(tmp_path / "kb")
    base.ingest_files([SAMPLE])
    result = base.search(SearchRequest(q="furlough in April", limit=5))
    assert (result.total, result.total_partial) == (3, 0)
    assert [hit.item.date for hit in result.hits] == ["2020-04-09", "2020-04-09", "2020-04-15"]
    try:
        base.search(SearchRequest(q="furlough", date_from="2020-06-01", date_to="2020-03-01"))
    except BadQuery as e:
        assert str(e) == "from 1 June 2020 is after to 1 March 2020"
    else:
        raise AssertionError("a reversed range must be refused")
