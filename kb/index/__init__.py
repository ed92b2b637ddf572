"""The index, behind one seam: these re-exported names are everything the rest of kb uses (kb.compile,
kb.search, kb.core, kb.check, kb.writes, the snippets), so they are what another engine would implement
(docs/scaling.md, section 2). Whoosh is imported only inside this package.

By job: schema and fields (kb.index.schema), writing (kb.index.writing), snapshots and retries
(kb.index.snapshots), matching and collectors (kb.index.matching), query constructors
(kb.index.constructors). What each document holds is kb.documents."""
from kb.index.constructors import (all_of, any_of, every_item, excluding, month_query, nothing, organisation_query,
                                   parse_advanced, parses, prefix_query, query_words, some_of, terms_query,
                                   text_query, topic_query)
from kb.index.matching import MAX_EXPANSIONS, DateHit, Matches, QueryTooSlow, bounded, once, time_limit
from kb.index.schema import INDEX_NAME, SCHEMA, analyse, make_schema, stems, tokens
from kb.index.snapshots import IndexMissing, IndexUnreadable, Snapshot, open_snapshot, read
from kb.index.writing import build, create, write

__all__ = [
    # schema and fields
    "INDEX_NAME", "SCHEMA", "make_schema", "analyse", "stems", "tokens",
    # writing
    "create", "write", "build",
    # snapshots and retries
    "open_snapshot", "read", "Snapshot", "IndexMissing", "IndexUnreadable",
    # matching
    "Matches", "DateHit", "bounded", "MAX_EXPANSIONS", "time_limit", "QueryTooSlow", "once",
    # query constructors
    "text_query", "topic_query", "organisation_query", "month_query", "prefix_query", "terms_query", "any_of", "all_of",
    "some_of", "every_item", "excluding", "nothing", "parse_advanced", "parses", "query_words",
]
