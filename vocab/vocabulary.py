"""The words sector-kb knows, as one object: the topic list (with its concepts) and the organisations list
(with the acronyms learned from the archive). It travels whole wherever a file is read or a query is read."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from vocab.organisations import Directory, Organisation, load_organisations
from vocab.topics import Taxonomy, load_taxonomy


@dataclass(frozen=True)
class Vocabulary:
    """A topic list and an organisations list."""

    topics: Taxonomy
    organisations: Directory

    @classmethod
    def shipped(cls) -> "Vocabulary":
        """The lists shipped with sector-kb."""
        return cls(load_taxonomy(), load_organisations())

    def with_learned(self, learned: Iterable[Organisation]) -> "Vocabulary":
        """The same lists with learned organisations added."""
        return Vocabulary(self.topics, self.organisations.with_learned(learned))
