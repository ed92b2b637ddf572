"""The knowledge base's organisations: its list (own or shipped), the acronyms learned from its archive, and
the listing of `kb organisations`."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from kb.home import Home, write_json

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


def listed(home: Home):
    """The organisations list: organisations.toml in the knowledge base, else the shipped one (ValueError
    naming the file when it cannot be used)."""
    from vocab.organisations import load_organisations

    custom = home.organisations_file
    return load_organisations(custom if custom.exists() else None)


def read_learned(home: Home) -> list:
    """The organisations learned from the archive; ValueError when the file is damaged."""
    from vocab.organisations import LEARNED, Organisation

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
