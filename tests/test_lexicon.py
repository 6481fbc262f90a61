"""The data files a moderator edits, and the check that tells them what an edit broke."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run_myoqa

from myoqa.cleaning import clean_document
from myoqa.lexical import FrenchAnalyzer
from myoqa.lexicon import (
    QUESTION_WORDS,
    lexicon_problems,
    lines_without_effect,
    load_lexicon,
    phrases_written_in,
)
from myoqa.loaders import load_corpus

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def seed_text() -> str:
    """The seed documents as they are searched: cleaned (URLs and page footers gone)."""
    return "\n".join(clean_document(d).text for d in load_corpus(CORPUS).documents)


def test_the_shipped_files_have_no_problem(seed_text: str) -> None:
    assert lexicon_problems(seed_text) == []


def test_question_words_are_stopwords() -> None:
    """Which is why a key holding one is read without it."""
    assert load_lexicon().stopwords >= QUESTION_WORDS


def test_a_key_holding_a_question_word_is_reported() -> None:
    """ "combien de personnes" would be the key "personnes": every question on a person
    would bring prevalence figures."""
    tables = {"synonyms.tsv": [("combien de personnes", ["prévalence"])]}
    (problem,) = lexicon_problems(tables=tables)
    assert "« combien de personnes »" in problem and "combien" in problem


@pytest.mark.parametrize("key", ["autres malades", "plus de force", "parler avec d'autres"])
def test_a_key_read_as_one_word_once_a_meaningful_stop_word_is_dropped_is_reported(
    key: str,
) -> None:
    """ "autres malades" would be the key "malades": every question on the disease
    ("maladie" has the same stem) would bring "échangent entre eux"."""
    (problem,) = lexicon_problems(tables={"related_words.tsv": [(key, ["groupe"])]})
    assert f"« {key} » est lue comme le seul mot" in problem


@pytest.mark.parametrize("key", ["se lever", "s'en sortir", "à domicile"])
def test_a_key_that_drops_only_grammar_words_is_not_reported(key: str) -> None:
    assert lexicon_problems(tables={"related_words.tsv": [(key, ["groupe"])]}) == []


def test_a_line_hidden_by_a_key_with_the_same_stems_is_reported() -> None:
    """Keys are matched by stems and the first line wins: "sortie" after "s'en sortir"."""
    tables = {
        "synonyms.tsv": [("s'en sortir", ["pronostic"])],
        "related_words.tsv": [("sortie", ["guérison"]), ("s'en sortir", ["amélioration"])],
    }
    (problem,) = lexicon_problems(tables=tables)
    assert problem.startswith("related_words.tsv : « sortie »") and "« en sortir »" in problem


def test_a_key_an_idiom_rewrites_first_is_reported() -> None:
    """Idioms are rewritten before keys are matched: "attraper" is read "contracter"."""
    tables = {
        "expressions.tsv": [("attraper", ["contracter"])],
        "related_words.tsv": [("attraper", ["infection"]), ("contracter", ["infection"])],
    }
    (problem,) = lexicon_problems(tables=tables)
    assert problem.startswith("related_words.tsv : « attraper »") and "contracter" in problem


def test_a_key_a_misspelling_corrects_first_is_reported() -> None:
    tables = {"synonyms.tsv": [("ritux", ["rituximab"])], "misspellings.tsv": [("ritux", ["x"])]}
    (problem,) = lexicon_problems(tables=tables)
    assert "« ritux »" in problem and "misspellings.tsv" in problem


def test_a_key_of_stopwords_only_is_reported() -> None:
    (problem,) = lexicon_problems(tables={"drugs.tsv": [("le la", ["lala"])]})
    assert "mots vides" in problem


def test_words_the_documents_never_use_are_reported(seed_text: str) -> None:
    tables = {
        "synonyms.tsv": [("cortisone", ["corticoïdes", "licornes bleues"])],
        "acronyms.tsv": [("MTX", ["methotrexate sodique"])],  # a full name need not occur
        "expressions.tsv": [("ca marche", ["efficace"]), ("ca roule", ["licornes"])],
    }
    problems = lexicon_problems(seed_text, tables)
    assert len(problems) == 2
    assert "« licornes bleues » (clé « cortisone »)" in problems[0]
    assert "« ca roule »" in problems[1]


def test_a_listed_absent_name_the_documents_write_is_reported(seed_text: str) -> None:
    text = seed_text + "\nLa colchicine a été essayée contre la calcinose."
    problems = lexicon_problems(text, tables={})
    assert problems == [
        "absent_names.txt : « colchicine » est dans les documents : la ligne n'a pas d'effet."
    ]


def test_phrases_are_written_in_the_documents_as_whole_words() -> None:
    """ "sclérose en plaques" is not written by a passage on "la sclérose latérale
    amyotrophique" that also speaks of "plaques"."""
    texts = ["La sclérose latérale amyotrophique. Des plaques rouges sur la peau."]
    found = phrases_written_in(
        ["sclerose en plaques", "sclerose laterale", "colchicine"],
        FrenchAnalyzer(load_lexicon().stopwords),
        lambda stems: texts,
    )
    assert found == {"sclerose laterale"}


def test_myoqa_lexicon_reports_and_exits_0_on_the_shipped_files(tmp_path: Path) -> None:
    result = run_myoqa("lexicon", "--corpus", CORPUS, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Lexique : 0 problème(s)." in result.stdout
    assert "synonyms.tsv : « prise de sang » (ses expansions reprennent tous ses mots)" in (
        result.stdout
    )


def test_lines_that_restate_a_key_the_documents_write_are_listed(seed_text: str) -> None:
    tables = {
        "synonyms.tsv": [
            ("prise de sang", ["prise de sang", "taux sanguin", "sang"]),  # written: idle
            ("maladie orpheline", ["maladies rares", "médicament orphelin"]),  # never written
            ("sortes de myosites", ["types de myosites"]),  # "sortes" stands for "types"
        ]
    }
    (line,) = lines_without_effect(seed_text, tables)
    assert line.startswith("synonyms.tsv : « prise de sang »")
