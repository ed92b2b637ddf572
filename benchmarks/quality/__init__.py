"""Search quality on judged questions, against SQLite FTS5 and a plain BM25 (python -m benchmarks.quality)."""
