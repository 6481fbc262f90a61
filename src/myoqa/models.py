"""Plain records that flow between the pipeline stages.

load → ``Document`` → clean → ``CleanDocument`` → chunk → ``Chunk`` →
retrieve → ``Hit`` → answer → ``Answer``. Records are frozen: stages build new
ones (``dataclasses.replace``) instead of mutating what they received.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SOURCE_TYPES = ("brochure", "news brief", "forum", "research summary", "document")


@dataclass(frozen=True)
class SourceMeta:
    """What a reader needs to judge a source: who says it, when, where to check."""

    title: str
    publisher: str | None = None
    date: str | None = None  # ISO-like, as precise as known: "2022-06", "2019"
    url: str | None = None
    type: str = "document"  # one of SOURCE_TYPES
    language: str = "fr"


@dataclass(frozen=True)
class Page:
    """Raw text of one page (PDF) or of the whole file (``number`` is None)."""

    number: int | None
    text: str


@dataclass(frozen=True)
class Document:
    """A corpus file as loaded, before any cleaning."""

    doc_id: str
    path: str  # relative to the corpus folder
    kind: str  # "pdf", "txt" or "md"
    pages: tuple[Page, ...]
    meta: SourceMeta
    fingerprint: str  # sha256 of the file bytes


@dataclass(frozen=True)
class Span:
    """Half-open character range ``[start, end)`` in a cleaned document."""

    start: int
    end: int


@dataclass(frozen=True)
class PageSpan:
    start: int
    end: int
    number: int | None


@dataclass(frozen=True)
class Heading:
    """A section title found in the document, at ``start`` in the cleaned text."""

    start: int
    level: int  # 1 = top level
    title: str


@dataclass(frozen=True)
class Link:
    """A URL taken out of the prose, anchored where it was found."""

    start: int
    url: str


@dataclass(frozen=True)
class CleanDocument:
    """Cleaned text of one document with what the cleaning learned about it.

    ``text`` is made of paragraphs separated by blank lines ("\\n\\n"); a
    heading is a paragraph of its own. Offsets everywhere refer to ``text``.
    """

    doc_id: str
    text: str
    meta: SourceMeta
    pages: tuple[PageSpan, ...] = ()
    headings: tuple[Heading, ...] = ()
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Chunk:
    """A passage: the unit that is indexed, retrieved and cited."""

    id: str
    doc_id: str
    text: str
    start: int  # offset of the chunk in the cleaned document
    end: int
    page: int | None
    section: str | None
    sentences: tuple[Span, ...]  # sentence boundaries, relative to ``text``
    links: tuple[str, ...]
    meta: SourceMeta


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score (higher is better)."""

    chunk: Chunk
    score: float
    scores: dict[str, float] = field(default_factory=dict)  # per retriever, for display


@dataclass(frozen=True)
class Answer:
    """Verbatim sentence(s) of a chunk: ``chunk.text[start:end] == text``."""

    text: str
    chunk: Chunk
    start: int
    end: int
    score: float  # ranks the answers of one question
    confidence: float = 0.0  # comparable across questions: decides whether to answer at all
