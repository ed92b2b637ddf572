"""The knowledge base's vocabulary: its topic list and organisations list (its own, else the shipped ones), the
acronyms learned from its archive, and the listing of `kb organisations`."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from kb.errors import KBError
from kb.home import Home, write_json
from vocab.organisations import LEARNED, Organisation, load_organisations
from vocab.topics import load_taxonomy
from vocab.vocabulary import Vocabulary

LEARNED_FROM = "learned from "


@dataclass
class OrganisationCount:
    """An organisation, where sector-kb knows it from, and how many items name it."""

    name: str
    acronyms: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    source: str = "shipped list"  # "shipped list", "organisations.toml", "learned" or "" (only on items)
    learned_from: str | None = None  # the update whose text defined it
    count: int = 0

    @property
    def where(self) -> str:
        """Where it was learned, in words."""
        if self.learned_from:
            return LEARNED_FROM + self.learned_from
        return self.source or "only on items (not in the list: run kb reindex)"


def load(home: Home, with_learned: bool = True) -> Vocabulary:
    """The knowledge base's topic list and organisations list (with the acronyms learned from its archive unless
    `with_learned` is False); KBError naming the file when one cannot be used."""
    try:
        topics = load_taxonomy(home.topics_file if home.topics_file.exists() else None)
    except ValueError as e:
        raise KBError(f"the topic list cannot be used: {e}") from e
    try:
        listed = load_organisations(home.organisations_file if home.organisations_file.exists() else None)
        return Vocabulary(topics, listed.with_learned(read_learned(home) if with_learned else []))
    except ValueError as e:
        raise KBError(f"the organisations list cannot be used: {e}") from e


def cached(home: Home, cache: dict) -> Vocabulary:
    """The vocabulary, loaded once per state of its files (kept in `cache`: a snapshot's, per index generation)."""
    key = ("vocabulary", *(_state(path) for path in (home.topics_file, home.organisations_file,
                                                     home.learned_organisations)))
    from kb.index import once  # (one thread loads it; the others wait)

    return once(cache, key, lambda: load(home))


def _state(path) -> tuple | None:
    """A file's size and change time (None when there is none): a new state is a new vocabulary."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def read_learned(home: Home) -> list:
    """The organisations learned from the archive; ValueError when the file is damaged."""
    if not home.learned_organisations.is_file():  # none learned yet (or no knowledge base there: said elsewhere)
        return []
    try:
        data = json.loads(home.learned_organisations.read_text(encoding="utf-8"))
        return [Organisation(d["name"], list(d["acronyms"]), list(d.get("names", [])), LEARNED, d["learned_from"])
                for d in data["learned"]]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise ValueError(f"{home.learned_organisations} cannot be read ({e}); `kb reindex` learns it again") from e


def write_learned(home: Home, learned: list) -> None:
    """Keep the learned organisations (replacing the file in one step)."""
    write_json(home.learned_organisations, {"learned": [
        {"name": o.name, "acronyms": o.acronyms, "names": o.names, "learned_from": o.learned_from} for o in learned]})


def counted(directory, counts: dict[str, int]) -> list[OrganisationCount]:
    """Every organisation of the list (and any other that items carry) with its item count, most named first."""
    counts = dict(counts)
    out = [OrganisationCount(o.name, list(o.acronyms), list(o.names),
                             "organisations.toml" if o.source.endswith("organisations.toml") else o.source,
                             o.learned_from, counts.pop(o.name, 0)) for o in directory.organisations]
    out += [OrganisationCount(name, source="", count=n) for name, n in counts.items()]
    return sorted(out, key=lambda o: (-o.count, o.name.casefold()))
