"""Citations: the source as data, one French line, and a reply that only quotes the corpus."""

from __future__ import annotations

import re

import pytest

from myoqa.citations import (
    SOURCE_KEYS,
    citation_line,
    french_date,
    markdown_reply,
    source_dict,
)
from myoqa.models import Chunk, SourceMeta, Span

FULL = SourceMeta(
    title="Avancées dans les myopathies inflammatoires",
    publisher="AFM-Téléthon",
    date="2022-06",
    url="https://www.afm-telethon.fr",
    type="brochure",
)
BARE = SourceMeta(title="Notes sans manifeste")
FORUM = SourceMeta(title="Forum des myosites", date="2025-11", type="forum")


def chunk(
    meta: SourceMeta,
    text: str = "Les myosites sont rares.",
    page: int | None = None,
    section: str | None = None,
    links: tuple[str, ...] = (),
) -> Chunk:
    return Chunk(
        id="doc#0000",
        doc_id="doc",
        text=text,
        start=0,
        end=len(text),
        page=page,
        section=section,
        sentences=(Span(0, len(text)),),
        links=links,
        meta=meta,
    )


def test_source_dict_has_every_key_even_when_unknown() -> None:
    source = source_dict(chunk(BARE))
    assert tuple(source) == SOURCE_KEYS
    assert {"doc_id", "title", "page", "section", "url", "date", "type"} <= set(source)
    assert source["doc_id"] == "doc" and source["title"] == "Notes sans manifeste"
    assert source["page"] is None and source["section"] is None
    assert source["url"] is None and source["date"] is None and source["publisher"] is None
    assert source["type"] == "document"


def test_source_dict_carries_the_metadata_page_and_section() -> None:
    source = source_dict(chunk(FULL, page=17, section="Essais en cours"))
    assert source == {
        "doc_id": "doc",
        "title": FULL.title,
        "publisher": "AFM-Téléthon",
        "page": 17,
        "section": "Essais en cours",
        "url": "https://www.afm-telethon.fr",
        "date": "2022-06",
        "type": "brochure",
    }


def test_source_url_falls_back_to_the_chunk_links() -> None:
    assert source_dict(chunk(BARE, links=("https://example.org/a", "https://b.org")))["url"] == (
        "https://example.org/a"
    )
    assert source_dict(chunk(FULL, links=("https://example.org/a",)))["url"] == FULL.url


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2022-06", "juin 2022"),
        ("2019-10", "octobre 2019"),
        ("2025-02-14", "février 2025"),
        ("2019", "2019"),
        ("2022-13", "2022-13"),
        ("printemps 2020", "printemps 2020"),
        (None, None),
        ("", None),
    ],
)
def test_french_date(date: str | None, expected: str | None) -> None:
    assert french_date(date) == expected


def test_citation_line_with_everything() -> None:
    line = citation_line(source_dict(chunk(FULL, page=17, section="Essais en cours")))
    assert line == (
        "Avancées dans les myopathies inflammatoires — AFM-Téléthon, juin 2022, "
        "p. 17, section « Essais en cours » (brochure) https://www.afm-telethon.fr"
    )


def test_citation_line_with_only_a_title() -> None:
    assert citation_line(source_dict(chunk(BARE))) == "Notes sans manifeste (document)"


def test_citation_line_names_forum_testimonies() -> None:
    assert citation_line(source_dict(chunk(FORUM))) == (
        "Forum des myosites — novembre 2025 (témoignage de forum)"
    )


PASSAGES = [
    (
        "Les myopathies inflammatoires (ou myosites) sont des maladies du muscle.\n"
        "Elles ne sont pas héréditaires.",
        chunk(FULL, page=3, section="Les myosites"),
    ),
    ("Je marche un peu chaque jour, ça m'aide.", chunk(FORUM)),
    ("Un texte sans source connue.", chunk(BARE)),
]


def reply() -> str:
    return markdown_reply([(text, source_dict(c)) for text, c in PASSAGES])


def test_markdown_reply_quotes_every_passage_line() -> None:
    text = reply()
    quoted = [line[2:] for line in text.splitlines() if line.startswith("> ")]
    for passage, _ in PASSAGES:
        for line in passage.splitlines():
            assert line in quoted


def test_markdown_reply_cites_each_passage_and_labels_testimonies() -> None:
    text = reply()
    assert "[Avancées dans les myopathies inflammatoires](https://www.afm-telethon.fr)" in text
    assert "juin 2022, p. 3, section « Les myosites »" in text
    assert "Témoignage d'un membre du forum : *Forum des myosites*" in text
    assert "Source : *Notes sans manifeste*" in text
    assert text.count("Source :") == 2


TEMPLATE_WORDS = {"source", "témoignage", "d", "un", "membre", "du", "forum", "p", "section"}


def test_markdown_reply_holds_only_corpus_words_and_metadata() -> None:
    """Nothing is generated: every word is quoted text, metadata or a fixed label."""
    allowed: set[str] = set(TEMPLATE_WORDS)
    for passage, c in PASSAGES:
        source = source_dict(c)
        values = [
            passage,
            french_date(source["date"]) or "",
            *(str(v) for v in source.values() if v is not None),
        ]
        for value in values:
            allowed.update(re.findall(r"\w+", value.lower()))
    produced = set(re.findall(r"\w+", reply().lower()))
    assert produced <= allowed, produced - allowed


def test_markdown_reply_of_nothing_is_empty() -> None:
    assert markdown_reply([]) == ""
