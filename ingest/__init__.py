"""Archive files in, dated updates with numbered, tagged items out: pure functions, no index access."""
from ingest.archive import parse_archive, update_id
from ingest.topics import Taxonomy, Topic, load_taxonomy

__all__ = ["parse_archive", "update_id", "Taxonomy", "Topic", "load_taxonomy"]
