"""Hybrid retrieval: BM25 (French analysis + lexicon expansions) and FAISS, fused."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

import numpy as np

from myoqa.index import LoadedIndex
from myoqa.lexical import BM25Index
from myoqa.models import Hit
from myoqa.query import AnalyzedQuery

EXPANSION_WEIGHT = 0.4  # lexicon expansions count less than the user's own words


class FusionMode(Enum):
    RRF = "rrf"  # reciprocal rank fusion: robust to scores on different scales
    CONVEX = "convex"  # weighted sum of min-max normalised scores

    @classmethod
    def from_str(cls, value: str) -> FusionMode:
        try:
            return cls(value.lower())
        except ValueError:
            allowed = ", ".join(m.value for m in cls)
            raise ValueError(f"unknown fusion mode {value!r}; allowed: {allowed}") from None


Ranking = list[tuple[int, float]]  # (chunk row, score), best first


def fuse(
    rankings: dict[str, Ranking],
    mode: FusionMode = FusionMode.RRF,
    rrf_k: int = 60,
    weights: dict[str, float] | None = None,
) -> Ranking:
    """One ranking from several; pure function."""
    weights = weights or {}
    fused: dict[int, float] = {}
    for name, ranking in rankings.items():
        weight = weights.get(name, 1.0)
        if mode is FusionMode.RRF:
            for rank, (row, _) in enumerate(ranking):
                fused[row] = fused.get(row, 0.0) + weight / (rrf_k + rank + 1)
        else:
            if not ranking:
                continue
            scores = np.array([s for _, s in ranking], dtype=np.float64)
            low, span = scores.min(), float(np.ptp(scores))
            for row, score in ranking:
                # all scores equal (or a single hit): each gets full credit, not zero
                share = (score - low) / span if span else 1.0
                fused[row] = fused.get(row, 0.0) + weight * share
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


@dataclass(frozen=True)
class Filters:
    """Restrict the search to some documents and/or source types (empty = everything)."""

    doc_ids: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()

    def allows(self, doc_id: str, source_type: str) -> bool:
        return (not self.doc_ids or doc_id in self.doc_ids) and (
            not self.types or source_type in self.types
        )


class Retriever:
    """Searches a loaded index; read-only, safe to share between threads."""

    def __init__(
        self,
        index: LoadedIndex,
        candidates: int = 30,
        fusion: str = "rrf",
        rrf_k: int = 60,
        dense_weight: float = 1.0,
    ) -> None:
        self.index = index
        self.candidates = candidates
        self.fusion = FusionMode.from_str(fusion)
        self.rrf_k = rrf_k
        self.dense_weight = dense_weight

    def lexical_ranking(self, query: AnalyzedQuery, allowed: np.ndarray | None = None) -> Ranking:
        scores = bm25_scores(self.index.bm25, query)
        return _top(scores, self.candidates, allowed, positive_only=True)

    def dense_ranking(self, query_vector: np.ndarray, allowed: np.ndarray | None = None) -> Ranking:
        n = self.index.vectors.ntotal
        k = n if allowed is not None else min(self.candidates, n)
        if k == 0:
            return []
        scores, rows = self.index.vectors.search(query_vector.reshape(1, -1).astype(np.float32), k)
        ranking = [(int(r), float(s)) for r, s in zip(rows[0], scores[0], strict=True) if r >= 0]
        if allowed is not None:
            ranking = [(r, s) for r, s in ranking if allowed[r]]
        return ranking[: self.candidates]

    def search(
        self,
        query: AnalyzedQuery,
        query_vector: np.ndarray,
        k: int,
        filters: Filters | None = None,
        use: Iterable[str] = ("bm25", "dense"),
    ) -> list[Hit]:
        """The ``k`` best chunks; ``use`` picks the retrievers (for baselines)."""
        allowed = self._allowed(filters)
        rankings: dict[str, Ranking] = {}
        if "bm25" in use:
            rankings["bm25"] = self.lexical_ranking(query, allowed)
        if "dense" in use:
            rankings["dense"] = self.dense_ranking(query_vector, allowed)
        per_retriever = {name: dict(r) for name, r in rankings.items()}
        fused = fuse(rankings, self.fusion, self.rrf_k, {"dense": self.dense_weight})
        ids = list(query.trial_ids)  # those of the question and of the conversation's subject
        if ids and "bm25" in use:
            # a trial id the question names is looked up like a quote: the passages that
            # hold it come first, whatever the question's other words ("NCT02317094 : à
            # quoi correspond cet identifiant dans la revue AFM ?")
            holds = self.index.bm25.scores(ids) > 0
            fused.sort(key=lambda item: not holds[item[0]])
        return [
            Hit(
                self.index.chunks[row],
                score,
                {name: scores[row] for name, scores in per_retriever.items() if row in scores},
            )
            for row, score in fused[:k]
        ]

    def _allowed(self, filters: Filters | None) -> np.ndarray | None:
        if filters is None or (not filters.doc_ids and not filters.types):
            return None
        return np.array([filters.allows(c.doc_id, c.meta.type) for c in self.index.chunks])


def bm25_scores(bm25: BM25Index, query: AnalyzedQuery) -> np.ndarray:
    asked = [t for t in query.terms if t not in query.background]
    scores = bm25.scores(asked)
    if query.background:
        scores = scores + query.background_weight * bm25.scores(list(query.background))
    if query.expansion_terms:
        scores = scores + EXPANSION_WEIGHT * bm25.scores(list(query.expansion_terms))
    if query.context_terms:
        scores = scores + query.context_weight * bm25.scores(list(query.context_terms))
    return scores


def _top(scores: np.ndarray, k: int, allowed: np.ndarray | None, positive_only: bool) -> Ranking:
    if allowed is not None:
        scores = np.where(allowed, scores, 0.0)
    k = min(k, len(scores))
    if k == 0:
        return []
    rows = np.argpartition(-scores, k - 1)[:k]
    rows = rows[np.argsort(-scores[rows], kind="stable")]
    return [(int(r), float(scores[r])) for r in rows if not positive_only or scores[r] > 0]
