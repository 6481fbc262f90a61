"""Chunking: sentences, sections, sizes, exact offsets and page numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import SEED_CORPUS

from myoqa.chunking import chunk_document, page_at, split_sentences, word_count
from myoqa.models import CleanDocument, Heading, Link, PageSpan, SourceMeta

META = SourceMeta(title="Document de test", type="brochure")


def sentences_of(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def make_doc(
    blocks: list[str | tuple[str, str] | int],
    doc_id: str = "doc",
    links: tuple[tuple[str, str], ...] = (),
) -> CleanDocument:
    """A CleanDocument from paragraphs, ("h", title) headings and int page numbers.

    An int starts a new page; ``links`` anchors each URL after the first occurrence of
    the given words.
    """
    parts: list[str] = []
    headings, pages = [], []
    offset, page, page_start = 0, None, 0
    for block in blocks:
        if isinstance(block, int):
            if page is not None:
                pages.append(PageSpan(page_start, max(offset - 2, page_start), page))
            page, page_start = block, offset
            continue
        text = block[1] if isinstance(block, tuple) else block
        if isinstance(block, tuple):
            headings.append(Heading(offset, 1, text))
        parts.append(text)
        offset += len(text) + 2
    text = "\n\n".join(parts)
    if page is not None:
        pages.append(PageSpan(page_start, len(text), page))
    anchored = tuple(Link(text.index(after) + len(after), url) for after, url in links)
    return CleanDocument(doc_id, text, META, tuple(pages), tuple(headings), anchored)


# --- sentences ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "La myosite est rare. Elle touche les adultes.",
            ["La myosite est rare.", "Elle touche les adultes."],
        ),
        (
            "Selon le Dr. Martin, la myosite est rare. Mme. Durand confirme.",
            ["Selon le Dr. Martin, la myosite est rare.", "Mme. Durand confirme."],
        ),
        (
            "L'étude de Wendel S. et al. a porté sur 12 patients. Les résultats sont bons.",
            ["L'étude de Wendel S. et al. a porté sur 12 patients.", "Les résultats sont bons."],
        ),
        (
            "Bien toléré. Min MS et al. J Am Acad Dermatol. 2022 Feb.\n\nUn autre essai.",
            [
                "Bien toléré.",
                "Min MS et al. J Am Acad Dermatol. 2022 Feb.",
                "Un autre essai.",
            ],
        ),
        (
            "Plus de répondeurs.\n\nAggarwal R et al. Ann. Rheum. Dis. 2021.\n\nSuite.",
            ["Plus de répondeurs.", "Aggarwal R et al. Ann. Rheum. Dis. 2021.", "Suite."],
        ),
        (
            "Voir p. 12 et fig. 3 pour les détails. Les myosites (cf. encadré) sont rares.",
            ["Voir p. 12 et fig. 3 pour les détails.", "Les myosites (cf. encadré) sont rares."],
        ),
        (
            "Le taux était de 3.5 mg. Ensuite 2 patients ont arrêté.",
            ["Le taux était de 3.5 mg.", "Ensuite 2 patients ont arrêté."],
        ),
        (
            "Est-ce héréditaire ? Non, ce n'est pas héréditaire. Et les enfants ? Aucun risque !",
            [
                "Est-ce héréditaire ?",
                "Non, ce n'est pas héréditaire.",
                "Et les enfants ?",
                "Aucun risque !",
            ],
        ),
        (
            "Le médecin a dit : « C'est une dermatomyosite. » Puis il a prescrit un bilan.",
            ["Le médecin a dit : « C'est une dermatomyosite. »", "Puis il a prescrit un bilan."],
        ),
        (
            "Il a demandé « Pourquoi moi\u00a0? » Personne n'a su répondre.",
            ["Il a demandé « Pourquoi moi\u00a0? »", "Personne n'a su répondre."],
        ),
        (
            "On parle de myosite. « Auto-immune » veut dire que le corps s'attaque lui-même.",
            ["On parle de myosite.", "« Auto-immune » veut dire que le corps s'attaque lui-même."],
        ),
        (
            "Un titre sans point\n\nLe paragraphe suivant. Sa fin.",
            ["Un titre sans point", "Le paragraphe suivant.", "Sa fin."],
        ),
        (  # capitals beyond Latin-1: a Czech name, a PDF's glyph for "À"
            "Elle reste débattue. Ȧ ce jour, rien. Un essai. Špiritović M et al.",
            ["Elle reste débattue.", "Ȧ ce jour, rien.", "Un essai.", "Špiritović M et al."],
        ),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentences_of(text) == expected


def test_sentence_spans_are_exact_and_stripped() -> None:
    text = "  Première phrase.   Deuxième phrase ?\n\n  Troisième !  "
    spans = split_sentences(text)
    assert [text[s.start : s.end] for s in spans] == [
        "Première phrase.",
        "Deuxième phrase ?",
        "Troisième !",
    ]
    assert all(not text[s.start].isspace() and not text[s.end - 1].isspace() for s in spans)


def test_split_sentences_within_a_range_gives_absolute_offsets() -> None:
    text = "Avant. Dedans un. Dedans deux. Après."
    start = text.index("Dedans un")
    end = text.index(" Après")
    spans = split_sentences(text, start, end)
    assert [text[s.start : s.end] for s in spans] == ["Dedans un.", "Dedans deux."]


# --- chunks ---------------------------------------------------------------------------------


def sentence(i: int, words: int = 12) -> str:
    return f"Phrase {i} " + " ".join(f"mot{i}x{j}" for j in range(words - 3)) + " fin."


def long_doc() -> CleanDocument:
    return make_doc(
        [
            1,
            "Introduction courte. Elle précède le premier titre.",
            ("h", "Premier titre"),
            " ".join(sentence(i) for i in range(12)),
            " ".join(sentence(i) for i in range(12, 20)),
            2,
            ("h", "Second titre"),
            " ".join(sentence(i) for i in range(20, 50)),
            3,
            "Un paragraphe sur la page trois. Il a deux phrases.",
        ]
    )


def assert_offsets_exact(doc: CleanDocument, chunks) -> None:
    for chunk in chunks:
        assert doc.text[chunk.start : chunk.end] == chunk.text
        assert chunk.sentences, chunk.id
        assert chunk.sentences[0].start == 0 and chunk.sentences[-1].end == len(chunk.text)
        for span in chunk.sentences:
            piece = chunk.text[span.start : span.end]
            assert piece == piece.strip() and piece
            assert doc.text[chunk.start + span.start : chunk.start + span.end] == piece
        # the sentences cover every word of the chunk, in order, without overlap
        covered = " ".join(chunk.text[s.start : s.end] for s in chunk.sentences)
        assert covered.split() == chunk.text.split()
        assert all(
            a.end <= b.start for a, b in zip(chunk.sentences, chunk.sentences[1:], strict=False)
        )


def test_chunk_offsets_and_sentence_spans_are_exact() -> None:
    doc = long_doc()
    assert_offsets_exact(doc, chunk_document(doc, target_words=40, max_words=60))


def test_chunks_keep_every_word_of_the_document_except_headings() -> None:
    doc = long_doc()
    chunks = chunk_document(doc, target_words=40, max_words=60)
    body = doc.text
    for heading in sorted(doc.headings, key=lambda h: -h.start):
        body = body[: heading.start] + body[heading.start + len(heading.title) :]
    assert " ".join(c.text for c in chunks).split() == body.split()


def test_chunks_never_cross_a_heading_and_carry_its_title() -> None:
    doc = long_doc()
    chunks = chunk_document(doc, target_words=40, max_words=60)
    for chunk in chunks:
        assert not any(chunk.start < h.start < chunk.end for h in doc.headings)
        before = [h for h in doc.headings if h.start < chunk.start]
        expected = max(before, key=lambda h: h.start).title if before else None
        assert chunk.section == expected
    assert chunks[0].section is None and chunks[0].text.startswith("Introduction courte.")
    assert {c.section for c in chunks} == {None, "Premier titre", "Second titre"}


@pytest.mark.parametrize(("target", "maximum"), [(40, 60), (120, 200), (10, 15)])
def test_chunk_sizes_stay_within_max_words(target: int, maximum: int) -> None:
    chunks = chunk_document(long_doc(), target_words=target, max_words=maximum)
    assert all(word_count(c.text) <= maximum for c in chunks)
    # sentences are grouped: most chunks reach a useful size (all but the last of a section)
    assert sum(word_count(c.text) >= min(target, 12) for c in chunks) >= len(chunks) // 2


def test_a_sentence_longer_than_max_words_is_cut_at_word_ends() -> None:
    listing = " ".join(f"terme{i}" for i in range(130))  # a list without punctuation
    doc = make_doc([listing])
    chunks = chunk_document(doc, target_words=20, max_words=50)
    assert all(word_count(c.text) <= 50 for c in chunks)
    assert " ".join(c.text for c in chunks) == listing
    assert_offsets_exact(doc, chunks)


def test_page_numbers_come_from_the_page_spans() -> None:
    doc = long_doc()
    chunks = chunk_document(doc, target_words=40, max_words=60)
    for chunk in chunks:
        expected = next(p.number for p in doc.pages if p.start <= chunk.start <= p.end)
        assert chunk.page == expected
    assert chunks[0].page == 1
    assert chunks[-1].page == 3 and chunks[-1].text.startswith("Un paragraphe sur la page trois")


def test_page_at_without_page_spans_is_none() -> None:
    doc = make_doc(["Un texte. Sans pages."])
    assert page_at(doc, 0) is None
    assert chunk_document(doc)[0].page is None


def test_chunk_ids_metadata_and_links() -> None:
    doc = make_doc(
        ["Voir le site de l'association. Il donne les contacts.", "Autre texte ici."],
        doc_id="livret",
        links=(("association.", "https://example.org"),),
    )
    chunks = chunk_document(doc, target_words=5, max_words=20)
    assert [c.id for c in chunks] == [f"livret#{i:04d}" for i in range(len(chunks))]
    assert all(c.doc_id == "livret" and c.meta == META for c in chunks)
    assert chunks[0].links == ("https://example.org",)
    assert chunks[-1].links == ()


def test_an_empty_document_has_no_chunks() -> None:
    assert chunk_document(make_doc(["   "])) == []


def test_seed_documents_chunk_with_exact_offsets_and_bounded_sizes() -> None:
    """The real corpus through loading, cleaning and chunking keeps every invariant."""
    from myoqa.cleaning import clean_document
    from myoqa.loaders import load_corpus

    for document in load_corpus(Path(SEED_CORPUS)).documents:
        doc = clean_document(document)
        chunks = chunk_document(doc, target_words=120, max_words=200)
        assert chunks, doc.doc_id
        assert_offsets_exact(doc, chunks)
        assert all(word_count(c.text) <= 200 for c in chunks)
        assert len({c.id for c in chunks}) == len(chunks)
        starts = [c.start for c in chunks]
        assert starts == sorted(starts)
        for chunk in chunks:
            assert not any(chunk.start < h.start < chunk.end for h in doc.headings)
            assert not re.search(r"\n\n\s*\n", chunk.text)


def test_a_list_is_not_cut_after_an_item_that_goes_on() -> None:
    # past 0.6 × the target at a paragraph break, a chunk may close; not after a list item
    # ending with "," or ";", whose list (and its reference) goes on
    items = [
        "identifié deux gènes dont certains variants favoriseraient la survenue de myosites,",
        "confirmé une signature génétique de la voie de l'interféron ;",
        "identifié un profil génétique particulier.",
    ]
    lead = " ".join(sentence(i) for i in range(5)) + " Ces analyses ont :"
    doc = make_doc([lead, *items, "Bianchi M et al. Arthritis Rheumatol. 2022 Feb."])
    chunks = chunk_document(doc, target_words=120, max_words=200)
    assert len(chunks) == 1 and chunks[0].text.endswith("2022 Feb.")
