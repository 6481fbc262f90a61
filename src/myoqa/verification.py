"""Citation checking for staff: where does the corpus say this, and does it really?

A pasted quote, paraphrase or reference is compared with the retrieved passages word by
word (longest matching runs of folded words) and by meaning (sentence embeddings). The
similarity is in [0, 1]; the matching part is located by offsets in the passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

import numpy as np

from myoqa.citations import source_dict
from myoqa.lexical import fold
from myoqa.models import Chunk, Span

FOUND_AT = 0.6  # below this similarity nothing in the corpus is taken to match
MAX_GAP_WORDS = 12  # matching runs further apart than this are not one quote
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Match:
    chunk: Chunk
    similarity: float
    span: Span  # the matching part, relative to ``passage``
    heading: str | None = None  # the passage's section or document title, when that matched

    @property
    def passage(self) -> str:
        """The text the span lies in: the passage, or the heading quoted."""
        return self.heading if self.heading is not None else self.chunk.text

    @property
    def text(self) -> str:
        return self.passage[self.span.start : self.span.end]

    def to_json(self) -> dict[str, Any]:
        return {
            "passage": self.passage,
            "similarity": round(self.similarity, 4),
            "start": self.span.start,
            "end": self.span.end,
            "text": self.text,
            "source": source_dict(self.chunk),
        }


@dataclass(frozen=True)
class Verification:
    query: str
    found: bool
    matches: tuple[Match, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "found": self.found,
            "matches": [m.to_json() for m in self.matches],
        }


def folded_words(text: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end) for each word of ``text``, offsets in ``text``."""
    return [(fold(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def word_match(query: str, text: str) -> tuple[float, Span | None]:
    """Share of the query's words found in order in ``text``, and where."""
    wanted = [w for w, _, _ in folded_words(query)]
    found = folded_words(text)
    if not wanted or not found:
        return 0.0, None
    matcher = SequenceMatcher(None, wanted, [w for w, _, _ in found], autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return 0.0, None
    # keep the longest run and the runs close to it: one quotation, not scattered words
    anchor = max(blocks, key=lambda b: b.size)
    kept = [
        b
        for b in blocks
        if abs(b.b - anchor.b) <= len(wanted) + MAX_GAP_WORDS and (b.size >= 2 or b is anchor)
    ]
    matched = sum(b.size for b in kept)
    start = found[min(b.b for b in kept)][1]
    end = found[max(b.b + b.size for b in kept) - 1][2]
    return matched / len(wanted), Span(start, end)


def best_sentence(
    chunk: Chunk, vectors: np.ndarray, query_vector: np.ndarray
) -> tuple[float, Span]:
    sims = np.asarray(vectors, dtype=np.float32) @ query_vector.astype(np.float32)
    i = int(np.argmax(sims))
    return float(sims[i]), chunk.sentences[i]


def match_chunk(
    query: str, chunk: Chunk, sentence_vectors: np.ndarray, query_vector: np.ndarray
) -> Match:
    """The best of the literal and the meaning match for one passage, or of a literal
    match with its section or document title: a quoted heading ("« le tofacitinib
    s'attaque à la calcinose »") is in the corpus too, as a title."""
    literal, span = word_match(query, chunk.text)
    dense, sentence = best_sentence(chunk, sentence_vectors, query_vector)
    # USE cosine: ~0.5 for related sentences, ~0.8+ for paraphrases; rescale to [0, 1]
    meaning = min(1.0, max(0.0, (dense - 0.35) / 0.55))
    if span is not None and literal >= meaning:
        in_text = Match(chunk, literal, span)
    else:
        in_text = Match(chunk, 0.5 * meaning + 0.5 * literal, sentence)
    heading = heading_match(query, chunk)
    return heading if heading is not None and heading.similarity > in_text.similarity else in_text


def heading_match(query: str, chunk: Chunk) -> Match | None:
    """The quote found word for word in the passage's section title or document title."""
    best: Match | None = None
    wanted = len(_WORD.findall(query))
    for heading in dict.fromkeys(h for h in (chunk.section, chunk.meta.title) if h):
        if len(_WORD.findall(heading)) < FOUND_AT * wanted:
            continue  # too short to hold enough of the quote
        literal, span = _heading_word_match(query, heading)
        if span is not None and (best is None or literal > best.similarity):
            best = Match(chunk, literal, span, heading)
    return best


@lru_cache(maxsize=512)
def _heading_word_match(query: str, heading: str) -> tuple[float, Span | None]:
    # the passages of one document share its title, and a section's passages its heading
    return word_match(query, heading)
