"""The vocabulary every part of the package speaks: articles, claims, extractors, readers."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Iterator

KINDS = ("date", "count", "incident", "statement")


def stable_id(*parts: object, length: int = 16) -> str:
    """A short hex digest of the parts: the same content always gives the same id."""
    digest = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode())
    return digest.hexdigest()[:length]


@dataclass
class Article:
    """One news article as a reader found it, before extraction."""

    body: str
    published: str  # ISO date, YYYY-MM-DD
    origin: str  # the path (with :line or [index] for many-article files) or URL it came from
    url: str | None = None
    outlet: str | None = None  # the source's display name
    title: str | None = None
    dateline_place: str | None = None
    extra: dict = field(default_factory=dict)  # header keys we do not model

    @property
    def id(self) -> str:
        # The same story keeps its id when its text changes, so a reload replaces it.
        return stable_id("article", self.url or self.origin)


@dataclass(frozen=True)
class Entity:
    """A person, organization, place or group, the same across articles.

    Spellings that fold alike ("Kuźnica", "Kuznica") are one entity."""

    kind: str  # person, organization, place, group
    name: str
    role: str | None = None  # people: "Belarusian President"
    acronym: str | None = None  # organizations: "IOM"

    @property
    def folded(self) -> str:
        return folded_and_id(self.kind, self.name)[0]

    @property
    def id(self) -> str:
        return folded_and_id(self.kind, self.name)[1]


@lru_cache(maxsize=16384)  # bounded: a load's memory must not grow with the corpus
def folded_and_id(kind: str, name: str) -> tuple[str, str]:
    """An entity's folded name and id. Cached by name, not kept on each Entity: the
    same few names come back in claim after claim, each time as a new Entity."""
    from .extract.names import fold

    folded = fold(name)
    return folded, stable_id("entity", kind, folded)


@dataclass(frozen=True)
class Mention:
    """Where an entity is named in an article body."""

    entity: Entity
    start: int
    end: int
    text: str


@dataclass
class Claim:
    """One factual claim: a span of the article body and its normalized values."""

    kind: str
    start: int
    end: int
    text: str
    date_value: str | None = None
    count_low: int | None = None
    count_high: int | None = None
    count_unit: str | None = None
    count_predicate: str | None = None  # counts: what happened to the counted ("injured")
    place: str | None = None
    speaker: str | None = None
    action: str | None = None  # incidents: what happened
    actor: str | None = None  # incidents: who did it
    content: str | None = None  # statements: what was said
    role: str | None = None  # statements: the speaker's role
    time_value: str | None = None  # dates: HH:MM when a time of day is given
    sentence: int | None = None  # index of the sentence the claim stands in
    paragraph: int | None = None  # index of the paragraph (set by the pipeline)
    extractor: str | None = None
    entities: list = field(default_factory=list)  # (role, Entity): speaker, actor, place, counted


@dataclass(frozen=True)
class Extractor:
    """A named claim finder. `find(document, earlier_claims)` yields Claims.

    Extractors run in ascending `order`; each sees the claims the ones before it found,
    so incidents can use the dates and places already found in the same pass.
    """

    name: str
    find: Callable[..., Iterable[Claim]]
    order: int = 100


@dataclass(frozen=True)
class Reader:
    """An input form: `accepts(path)` says whether `read(path)` should handle the file."""

    name: str
    accepts: Callable[[str], bool]
    read: Callable[[str], Iterator[Article]]
    order: int = 100


class ReadError(Exception):
    """Bad input, reported as one line: the file, the line when known, what was wrong."""

    def __init__(self, path: str, message: str, line: int | None = None):
        self.path, self.message, self.line = path, message, line
        location = f"{path}:{line}" if line is not None else path
        super().__init__(f"{location}: {message}")
