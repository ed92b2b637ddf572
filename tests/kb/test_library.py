"""The library face: `from kb import ...` gives the public API, lazily."""
import ast
import subprocess
import sys
from pathlib import Path

import kb
from tests.support.archives import SAMPLE


def test_the_public_names_are_exported_and_listed():
    from kb import BadQuery, KBError, KnowledgeBase, NotFound
    from kb import IngestError, Item, SearchRequest, SearchResult, Update

    assert (kb.KnowledgeBase, kb.SearchRequest, kb.SearchResult, kb.Item, kb.Update) == (
        KnowledgeBase, SearchRequest, SearchResult, Item, Update)
    assert (kb.KBError, kb.NotFound, kb.BadQuery, kb.IngestError) == (KBError, NotFound, BadQuery, IngestError)
    assert set(kb.__all__) <= set(dir(kb)) and all(getattr(kb, name) for name in kb.__all__)


def test_the_face_says_the_same_to_the_layer_contracts_and_at_run_time():
    """kb/__init__.py names its exports twice: imports under TYPE_CHECKING (what import-linter reads) and the
    table the lazy loader reads. They must agree, name for name and module for module."""
    tree = ast.parse(Path(kb.__file__).read_text(encoding="utf-8"))
    [block] = [node for node in tree.body if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"]
    declared = {alias.asname or alias.name: (imp.module, alias.name) for imp in block.body for alias in imp.names}
    assert declared == kb._WHERE
    assert all(getattr(kb, name) is getattr(__import__(module, fromlist=[attr]), attr)
               for name, (module, attr) in declared.items())


def test_import_kb_loads_neither_whoosh_nor_the_search_modules():
    code = "import sys, kb; print(sorted(m for m in sys.modules if m.startswith(('whoosh', 'kb.'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_readme_example_searches_from_python(tmp_path):
    from kb import BadQuery, KnowledgeBase, SearchRequest

    base = KnowledgeBase(tmp_path / "kb")
    base.ingest_files([SAMPLE])
    result = base.search(SearchRequest(q="furlough in April", limit=5))
    assert (result.total - result.total_other_dates, result.total_partial) == (3, 0)  # April's first, the rest after
    assert [hit.item.date for hit in result.hits][:3] == ["2020-04-09", "2020-04-09", "2020-04-15"]
    try:
        base.search(SearchRequest(q="furlough", date_from="2020-06-01", date_to="2020-03-01"))
    except BadQuery as e:
        assert str(e) == "from 1 June 2020 is after to 1 March 2020"
    else:
        raise AssertionError("a reversed range must be refused")


def whoosh_importers(root: Path) -> list[str]:
    """The modules under kb/, ingest/, web/ and benchmarks/ that import whoosh, outside kb/index/."""
    found = []
    for package in ("kb", "ingest", "web", "benchmarks"):
        for path in sorted((root / package).rglob("*.py")):
            if path.parent == root / "kb" / "index":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                if any(name == "whoosh" or name.startswith("whoosh.") for name in names):
                    found.append(str(path.relative_to(root)))
    return found


def test_whoosh_is_imported_only_inside_the_index_package(tmp_path):
    root = Path(kb.__file__).parent.parent
    assert whoosh_importers(root) == []
    (tmp_path / "kb" / "index").mkdir(parents=True)  # the walk does find an import elsewhere
    (tmp_path / "kb" / "index" / "schema.py").write_text("import whoosh\n")
    (tmp_path / "kb" / "search.py").write_text("def f():\n    from whoosh import query\n")
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "app.py").write_text("import whoosh.fields as fields\n")
    assert whoosh_importers(tmp_path) == ["kb/search.py", "web/app.py"]
