"""Loaders: PDF text per page, plain text and Markdown, manifest metadata, and bad files that
become warnings instead of stopping the corpus."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from helpers import (
    FORUM_TXT,
    encrypt_pdf,
    make_image_only_pdf,
    make_pdf,
    write_tiny_corpus,
)

from myoqa.errors import CorpusError
from myoqa.loaders import derive_title, load_corpus
from myoqa.models import Page

PAGE_1 = "Première page : la dermatomyosite est une myosite qui touche aussi la peau."
PAGE_2 = "Deuxième page : le traitement repose d'abord sur les corticoïdes."
PAGE_3 = "Troisième page : la kinésithérapie aide à garder la force musculaire."


def by_id(loaded):
    return {d.doc_id: d for d in loaded.documents}


# --- text and Markdown, manifest ------------------------------------------------------------


def test_text_and_markdown_files_load_whole_with_manifest_metadata(tmp_path: Path) -> None:
    loaded = load_corpus(write_tiny_corpus(tmp_path / "corpus"))

    docs = by_id(loaded)
    assert sorted(docs) == ["breve-calcinose", "forum-fatigue", "guide-myosites"]
    assert loaded.warnings == ()
    guide = docs["guide-myosites"]
    assert guide.kind == "md"
    assert guide.path == "guide-myosites.md"
    assert len(guide.pages) == 1 and guide.pages[0].number is None
    assert "Les corticoïdes sont le traitement" in guide.pages[0].text
    assert guide.meta.title == "Guide des myosites pour les patients"
    assert guide.meta.publisher == "Association test"
    assert guide.meta.date == "2023-05"
    assert guide.meta.url == "https://example.org/guide"
    assert guide.meta.type == "brochure"
    assert docs["breve-calcinose"].meta.type == "news brief"


def test_fingerprint_is_the_sha256_of_the_file_bytes(tmp_path: Path) -> None:
    corpus = write_tiny_corpus(tmp_path / "corpus")
    doc = by_id(load_corpus(corpus))["breve-calcinose"]
    expected = hashlib.sha256((corpus / "breve-calcinose.txt").read_bytes()).hexdigest()
    assert doc.fingerprint == expected


def test_a_file_without_manifest_entry_gets_its_first_line_as_title_and_no_date(
    tmp_path: Path,
) -> None:
    forum = by_id(load_corpus(write_tiny_corpus(tmp_path / "corpus")))["forum-fatigue"]

    assert forum.meta.title == FORUM_TXT.splitlines()[0] == "Fatigue et myosite : vos témoignages"
    assert forum.meta.date is None
    assert forum.meta.publisher is None and forum.meta.url is None
    assert forum.meta.type == "document"


def test_a_markdown_file_without_manifest_entry_gets_its_first_heading_as_title(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.md").write_text(
        "\n\nIntroduction sans dièse\n\n## **Le registre** des myosites\n\nTexte.\n",
        encoding="utf-8",
    )

    doc = load_corpus(corpus).documents[0]

    assert doc.meta.title == "Le registre des myosites"
    assert doc.meta.date is None


def test_derive_title_falls_back_to_the_first_non_empty_line() -> None:
    pages = (Page(None, "\n   \nPremière ligne utile\nSuite"),)
    assert derive_title(pages) == "Première ligne utile"
    assert derive_title((Page(None, "   "),)) is None


def test_unknown_source_type_in_the_manifest_becomes_document(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Un texte sur la myosite.", encoding="utf-8")
    (corpus / "sources.toml").write_text(
        '["a.txt"]\ntitle = "A"\ntype = "blog"\ndate = 2021\n', encoding="utf-8"
    )

    doc = load_corpus(corpus).documents[0]

    assert doc.meta.type == "document"
    assert doc.meta.date == "2021"


def test_a_broken_manifest_is_a_warning_and_the_files_still_load(tmp_path: Path) -> None:
    corpus = write_tiny_corpus(tmp_path / "corpus")
    (corpus / "sources.toml").write_text('["guide-myosites.md"\ntitle = ', encoding="utf-8")

    loaded = load_corpus(corpus)

    assert len(loaded.documents) == 3
    assert [w.path for w in loaded.warnings] == ["sources.toml"]
    assert "manifeste" in loaded.warnings[0].reason
    assert by_id(loaded)["guide-myosites"].meta.title == "Guide des myosites"


def test_unsupported_and_hidden_files_are_ignored(tmp_path: Path) -> None:
    corpus = write_tiny_corpus(tmp_path / "corpus")
    (corpus / "image.png").write_bytes(b"\x89PNG\r\n")
    (corpus / ".brouillon.txt").write_text("caché", encoding="utf-8")

    loaded = load_corpus(corpus)

    assert len(loaded.documents) == 3 and loaded.warnings == ()


def test_files_in_subfolders_load_and_colliding_stems_get_distinct_ids(tmp_path: Path) -> None:
    corpus = write_tiny_corpus(tmp_path / "corpus")
    (corpus / "archives").mkdir()
    (corpus / "archives" / "forum-fatigue.txt").write_text("Un autre message.", encoding="utf-8")

    docs = by_id(load_corpus(corpus))

    assert "forum-fatigue.txt" in docs and "archives/forum-fatigue.txt" in docs
    assert docs["archives/forum-fatigue.txt"].path == "archives/forum-fatigue.txt"


# --- PDF ------------------------------------------------------------------------------------


def test_pdf_text_is_kept_per_page_with_page_numbers(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "livret.pdf").write_bytes(make_pdf([PAGE_1, PAGE_2, PAGE_3]))

    doc = load_corpus(corpus).documents[0]

    assert doc.kind == "pdf"
    assert [p.number for p in doc.pages] == [1, 2, 3]
    for page, expected in zip(doc.pages, [PAGE_1, PAGE_2, PAGE_3], strict=True):
        assert " ".join(page.text.split()) == expected
    assert doc.meta.title == PAGE_1  # no manifest entry: the first line of the text


def test_pdf_with_manifest_entry_uses_the_manifest(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "livret.pdf").write_bytes(make_pdf([PAGE_1], title="Titre des métadonnées"))
    (corpus / "sources.toml").write_text(
        '["livret.pdf"]\ntitle = "Livret patient"\ndate = "2020-01"\ntype = "brochure"\n',
        encoding="utf-8",
    )

    meta = load_corpus(corpus).documents[0].meta

    assert (meta.title, meta.date, meta.type) == ("Livret patient", "2020-01", "brochure")


BAD_FILES = {
    "encrypted": ("protege.pdf", lambda: encrypt_pdf(make_pdf([PAGE_1])), "mot de passe"),
    "truncated": ("tronque.pdf", lambda: make_pdf([PAGE_1, PAGE_2])[:400], "PDF illisible"),
    "corrupt": ("abime.pdf", lambda: b"%PDF-1.4\n" + b"\x00\xffpas un pdf" * 40, "PDF illisible"),
    "image only": ("scan.pdf", make_image_only_pdf, "sans texte"),
    "non UTF-8 text": (
        "latin1.txt",
        lambda: "Une myosite à inclusions.".encode("latin-1"),
        "UTF-8",
    ),
    "empty file": ("vide.md", lambda: b"", "vide"),
    "blank file": ("blanc.txt", lambda: b"  \n\n \t\n", "vide"),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_gives_a_warning_naming_it_and_the_rest_loads(tmp_path: Path, case: str) -> None:
    name, make, reason = BAD_FILES[case]
    corpus = write_tiny_corpus(tmp_path / "corpus")
    (corpus / name).write_bytes(make())

    loaded = load_corpus(corpus)

    assert len(loaded.documents) == 3
    assert [w.path for w in loaded.warnings] == [name]
    assert reason in loaded.warnings[0].reason
    assert str(loaded.warnings[0]).startswith(f"{name} : ")


def test_all_bad_files_together_still_load_the_good_ones(tmp_path: Path) -> None:
    corpus = write_tiny_corpus(tmp_path / "corpus")
    (corpus / "multi.pdf").write_bytes(make_pdf([PAGE_1, PAGE_2]))
    for name, make, _ in BAD_FILES.values():
        (corpus / name).write_bytes(make())

    loaded = load_corpus(corpus)

    assert sorted(d.path for d in loaded.documents) == sorted(
        ["breve-calcinose.txt", "forum-fatigue.txt", "guide-myosites.md", "multi.pdf"]
    )
    assert sorted(w.path for w in loaded.warnings) == sorted(n for n, _, _ in BAD_FILES.values())


def test_a_file_over_the_size_limit_is_a_warning(tmp_path: Path, monkeypatch) -> None:
    import myoqa.loaders

    monkeypatch.setattr(myoqa.loaders, "MAX_TEXT_BYTES", 1000)
    corpus = write_tiny_corpus(tmp_path / "corpus")
    (corpus / "enorme.txt").write_text("myosite " * 500, encoding="utf-8")

    loaded = load_corpus(corpus)

    assert [w.path for w in loaded.warnings] == ["enorme.txt"]
    assert "volumineux" in loaded.warnings[0].reason
    assert len(loaded.documents) == 3


def test_a_50_mb_file_is_skipped_with_a_warning(tmp_path: Path) -> None:
    corpus = write_tiny_corpus(tmp_path / "corpus")
    with (corpus / "enorme.txt").open("w", encoding="utf-8") as out:
        line = "La myosite est une maladie du muscle. " * 26 + "\n"  # ~1 kB
        for _ in range(50 * 1024):
            out.write(line)

    loaded = load_corpus(corpus)

    assert [w.path for w in loaded.warnings] == ["enorme.txt"]
    assert "trop volumineux" in loaded.warnings[0].reason
    assert len(loaded.documents) == 3


# --- nothing to load --------------------------------------------------------------------


def test_an_empty_folder_raises_corpus_error(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    with pytest.raises(CorpusError, match="Aucun document lisible") as error:
        load_corpus(tmp_path / "corpus")
    assert error.value.hint  # says what to do


def test_a_missing_folder_raises_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="n'existe pas"):
        load_corpus(tmp_path / "nulle-part")


def test_a_folder_of_only_bad_files_raises_corpus_error_with_the_reasons(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "vide.txt").write_bytes(b"")
    (corpus / "scan.pdf").write_bytes(make_image_only_pdf())

    with pytest.raises(CorpusError) as error:
        load_corpus(corpus)

    assert "vide.txt" in str(error.value) and "scan.pdf" in str(error.value)
