"""Retrieval: fusion as a pure function with named modes, and hybrid search over a tiny index
(random unit vectors stand in for embeddings: no model needed)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from myoqa.index import LoadedIndex, analyzer, inverse_document_frequencies
from myoqa.lexical import BM25Index
from myoqa.models import Chunk, SourceMeta, Span
from myoqa.retrieval import Filters, FusionMode, Retriever, bm25_scores, fuse

# --- fusion -------------------------------------------------------------------------------


def test_rrf_sums_reciprocal_ranks() -> None:
    fused = fuse(
        {"bm25": [(7, 12.0), (3, 5.0)], "dense": [(3, 0.9), (9, 0.8)]}, FusionMode.RRF, rrf_k=60
    )
    scores = dict(fused)
    assert scores[3] == pytest.approx(1 / 62 + 1 / 61)
    assert scores[7] == pytest.approx(1 / 61)
    assert scores[9] == pytest.approx(1 / 62)
    assert [row for row, _ in fused] == [3, 7, 9]


def test_rrf_ignores_the_scale_of_the_scores() -> None:
    a = fuse({"bm25": [(1, 1000.0), (2, 999.0)], "dense": [(2, 0.2), (1, 0.1)]})
    b = fuse({"bm25": [(1, 1.0), (2, 0.0)], "dense": [(2, 0.9), (1, -0.5)]})
    assert a == b


def test_fusion_ties_are_broken_by_row_for_a_stable_order() -> None:
    fused = fuse({"bm25": [(5, 1.0)], "dense": [(2, 1.0)]})
    assert [row for row, _ in fused] == [2, 5]


def test_rrf_weights_scale_each_ranking() -> None:
    fused = dict(fuse({"bm25": [(1, 3.0)], "dense": [(2, 0.5)]}, weights={"dense": 2.0}))
    assert fused[2] == pytest.approx(2 * fused[1])


def test_convex_sums_min_max_normalised_scores() -> None:
    fused = dict(
        fuse(
            {"bm25": [(1, 10.0), (2, 5.0), (3, 0.0)], "dense": [(2, 0.8), (3, 0.6), (1, 0.4)]},
            FusionMode.CONVEX,
            weights={"bm25": 0.5, "dense": 0.5},
        )
    )
    assert fused[1] == pytest.approx(0.5 * 1.0 + 0.5 * 0.0)
    assert fused[2] == pytest.approx(0.5 * 0.5 + 0.5 * 1.0)
    assert fused[3] == pytest.approx(0.5 * 0.0 + 0.5 * 0.5)


def test_fusion_of_nothing_is_empty() -> None:
    for mode in FusionMode:
        assert fuse({}, mode) == []
        assert fuse({"bm25": [], "dense": []}, mode) == []


def test_fuse_is_pure() -> None:
    rankings = {"bm25": [(1, 2.0), (2, 1.0)], "dense": [(2, 0.5)]}
    snapshot = {k: list(v) for k, v in rankings.items()}
    assert fuse(rankings) == fuse(rankings)
    assert rankings == snapshot


def test_fusion_mode_from_str() -> None:
    assert FusionMode.from_str("rrf") is FusionMode.RRF
    assert FusionMode.from_str("CONVEX") is FusionMode.CONVEX


def test_unknown_fusion_mode_lists_the_allowed_values() -> None:
    with pytest.raises(ValueError, match="allowed: rrf, convex") as error:
        FusionMode.from_str("max")
    assert "'max'" in str(error.value)


# --- hybrid search on a tiny index ----------------------------------------------------------

TEXTS = [
    ("guide", "brochure", "La dermatomyosite touche la peau et les muscles."),
    ("guide", "brochure", "Les corticoïdes sont le premier traitement des myosites."),
    ("breve", "news brief", "Le tofacitinib a réduit la calcinose de la dermatomyosite."),
    ("forum", "forum", "Je suis fatiguée, la marche m'aide un peu."),
    ("essais", "brochure", "L'essai NCT01234567 évalue le lénabasum."),
]


@pytest.fixture(scope="module")
def tiny_index() -> LoadedIndex:
    import faiss

    tokenizer = analyzer()
    chunks = tuple(
        Chunk(
            id=f"{doc}#{i:04d}",
            doc_id=doc,
            text=text,
            start=0,
            end=len(text),
            page=None,
            section=None,
            sentences=(Span(0, len(text)),),
            links=(),
            meta=SourceMeta(title=doc, type=kind),
        )
        for i, (doc, kind, text) in enumerate(TEXTS)
    )
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(chunks), 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    flat = faiss.IndexFlatIP(16)
    flat.add(vectors)
    analysed = [tokenizer.terms(c.text) for c in chunks]
    return LoadedIndex(
        folder=Path("."),
        manifest={},
        chunks=chunks,
        vectors=flat,
        bm25=BM25Index.build(analysed),
        vocabulary=frozenset(),
        sentence_vectors=vectors.astype(np.float16),
        sentence_rows=np.arange(len(chunks) + 1),
        idf=inverse_document_frequencies(analysed),
    )


def query(text: str):
    from myoqa.query import AnalyzedQuery

    terms = tuple(analyzer().terms(text))
    return AnalyzedQuery(question=text, spelled=text, text=text, terms=terms, expansion_terms=())


def vector_of(index: LoadedIndex, row: int) -> np.ndarray:
    return np.asarray(index.sentence_vectors[row], dtype=np.float32)


def test_hybrid_search_puts_the_chunk_found_by_both_retrievers_first(tiny_index) -> None:
    retriever = Retriever(tiny_index, candidates=4)
    hits = retriever.search(query("calcinose tofacitinib"), vector_of(tiny_index, 2), k=3)
    assert hits[0].chunk.doc_id == "breve"
    assert set(hits[0].scores) == {"bm25", "dense"}
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len(hits) == 3


def test_background_words_weigh_less_in_bm25(tiny_index) -> None:
    """A word said around the question counts at the background weight."""
    plain = query("calcinose dermatomyosite")
    stem = analyzer().stem("dermatomyosite")
    told = dataclasses.replace(plain, background=frozenset({stem}), background_weight=0.5)
    calcinose = bm25_scores(tiny_index.bm25, query("calcinose"))
    dermatomyosite = bm25_scores(tiny_index.bm25, query("dermatomyosite"))
    assert np.allclose(bm25_scores(tiny_index.bm25, plain), calcinose + dermatomyosite)
    assert np.allclose(bm25_scores(tiny_index.bm25, told), calcinose + 0.5 * dermatomyosite)


def test_bm25_only_search_returns_only_lexical_matches(tiny_index) -> None:
    retriever = Retriever(tiny_index, candidates=4)
    hits = retriever.search(query("dermatomyosite"), vector_of(tiny_index, 3), k=4, use=("bm25",))
    assert {h.chunk.id for h in hits} == {"guide#0000", "breve#0002"}
    assert all(set(h.scores) == {"bm25"} for h in hits)


def test_a_trial_id_named_among_other_words_brings_its_passage_first(tiny_index) -> None:
    """The id is looked up like a quote, whatever the other words weigh."""
    retriever = Retriever(tiny_index, candidates=5)
    asked = dataclasses.replace(
        query("NCT01234567 : dermatomyosite, peau, muscles ?"), trial_ids=("nct01234567",)
    )
    hits = retriever.search(asked, vector_of(tiny_index, 0), k=3)
    assert hits[0].chunk.doc_id == "essais"
    # without the id named, the words rank the passage on dermatomyosite first
    hits = retriever.search(dataclasses.replace(asked, trial_ids=()), vector_of(tiny_index, 0), k=3)
    assert hits[0].chunk.doc_id == "guide"


def test_dense_only_search_finds_the_nearest_vector(tiny_index) -> None:
    retriever = Retriever(tiny_index, candidates=4)
    hits = retriever.search(query("rien"), vector_of(tiny_index, 3), k=1, use=("dense",))
    assert hits[0].chunk.doc_id == "forum"


def test_filters_restrict_documents_and_source_types(tiny_index) -> None:
    retriever = Retriever(tiny_index, candidates=4)
    q, v = query("dermatomyosite"), vector_of(tiny_index, 2)
    only_guide = retriever.search(q, v, k=4, filters=Filters(doc_ids=frozenset({"guide"})))
    assert only_guide and {h.chunk.doc_id for h in only_guide} == {"guide"}
    no_forum = retriever.search(
        q, v, k=4, filters=Filters(types=frozenset({"brochure", "news brief"}))
    )
    assert "forum" not in {h.chunk.doc_id for h in no_forum}


def test_candidates_and_k_bound_the_results(tiny_index) -> None:
    retriever = Retriever(tiny_index, candidates=1)
    hits = retriever.search(query("dermatomyosite muscles"), vector_of(tiny_index, 1), k=10)
    assert 1 <= len(hits) <= 2


def test_retriever_rejects_an_unknown_fusion_mode(tiny_index) -> None:
    with pytest.raises(ValueError, match="allowed"):
        Retriever(tiny_index, fusion="somme")


def test_convex_fusion_gives_a_lone_hit_full_credit() -> None:
    fused = dict(fuse({"bm25": [(3, 2.5)], "dense": [(1, 0.9), (3, 0.4)]}, FusionMode.CONVEX))
    assert fused[3] == pytest.approx(1.0)  # full credit from bm25, none from dense
    assert fused[1] == pytest.approx(1.0)
