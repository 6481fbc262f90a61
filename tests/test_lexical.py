"""French analysis for lexical search (fold, elisions, stopwords, stemming) and BM25."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from myoqa.lexical import (
    BM25Index,
    FrenchAnalyzer,
    fold,
    plural_verb,
    singular_in_al,
    verb_form,
    words,
)
from myoqa.lexicon import load_lexicon


@pytest.fixture(scope="module")
def analyzer() -> FrenchAnalyzer:
    return FrenchAnalyzer(load_lexicon().stopwords)


PASSAGES = [
    "La dermatomyosite touche la peau et les muscles.",
    "Le tofacitinib a réduit la calcinose chez deux personnes.",
    "Les myosites sont des maladies auto-immunes, elles ne sont pas héréditaires.",
    "",  # a passage without any content word must not break the index
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("L’Hérédité", "l'heredite"),
        ("MYOSITE À INCLUSIONS", "myosite a inclusions"),
        ("Cœur, œdème", "coeur, oedeme"),
        ("d‘abord", "d'abord"),
        ("Ça ira", "ca ira"),
        ("Fitbit™ MabThera®", "fitbit mabthera®"),
        # Greek letters as typed: "anti-TIF1-γ" is asked about as "anti-TIF1 gamma"
        ("anti-TIF1-γ, NFκB", "anti-tif1-gamma, nfkappab"),
    ],
)
def test_fold_lowercases_removes_accents_and_straightens_apostrophes(
    text: str, expected: str
) -> None:
    assert fold(text) == expected
    assert fold(expected) == expected


def test_words_drop_elisions_and_keep_stopwords() -> None:
    assert words("L’hérédité d'une myosite qu'il n'a pas, c'est jusqu'à là") == [
        "heredite",
        "une",
        "myosite",
        "il",
        "a",
        "pas",
        "est",
        "a",
        "la",
    ]
    assert words("anti-Mi2 NCT04421677 6-7 %") == ["anti", "mi2", "nct04421677", "6", "7"]


def test_a_name_ending_in_a_hyphen_and_a_letter_is_one_word() -> None:
    """ "CAR-T" is not the conjunction "car"; the euphonic "t" of "existe-t-il" stays apart."""
    assert words("les cellules CAR-T, car-t") == ["les", "cellules", "cart", "cart"]
    assert words("existe-t-il, va-t'il") == ["existe", "t", "il", "va", "il"]


def test_a_codes_number_after_a_hyphen_is_part_of_the_code() -> None:
    # the corpus writes "anti-Mi-2" and "anti-Mi2", "MDA-5" and "MDA5"
    assert words("anti-Mi-2 (24%), MDA-5, anti-Mi2") == ["anti", "mi2", "24", "mda5", "anti", "mi2"]
    # a longer word keeps its number apart, and so does a lowercase word
    assert words("Covid-19, type-1") == ["covid", "19", "type", "1"]


def test_subcutaneous_is_one_word_and_sous_stays_a_word_elsewhere() -> None:
    # the "sous" of "sous-cutanée" made injections meet "calcifications sous la peau"
    assert words("en sous-cutané") == ["en", "souscutane"]
    assert words("la voie sous cutanée") == ["la", "voie", "souscutanee"]
    assert words("sous la peau, atteinte cutanée, sous-types") == [
        "sous",
        "la",
        "peau",
        "atteinte",
        "cutanee",
        "sous",
        "types",
    ]


def test_terms_remove_french_stopwords(analyzer: FrenchAnalyzer) -> None:
    assert analyzer.terms("Est-ce que c'est une des le la les") == []
    terms = analyzer.terms("Les myosites sont des maladies du muscle")
    assert len(terms) == 3 and "les" not in terms and "des" not in terms


def test_terms_read_il_s_agit_as_it_is_not_as_to_act(analyzer: FrenchAnalyzer) -> None:
    assert analyzer.terms("Il s’agit d’un anticorps ; il s'agissait") == analyzer.terms("anticorps")
    assert analyzer.stem("agit") in analyzer.terms("le rituximab agit comment ?")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("héréditaires", "hereditaire"),
        ("myosites", "la Myosite"),
        ("les traitements", "traitement"),
        ("inflammatoires", "INFLAMMATOIRE"),
        ("l'inflammation", "inflammation"),
        ("corticoïdes", "corticoides"),
        ("elles touchent", "ça touche"),  # a plural verb meets the singular
        ("ils montrent", "montré"),
        ("souffrent", "souffrir"),
        ("permettent", "permettant"),
        # one family that Snowball cuts three ways: read as its noun in -ic
        ("on la diagnostique", "le diagnostic"),
        ("diagnostiquer", "diagnostiquée"),
        ("pronostique", "pronostic"),
        # the feminine of a participle meets the masculine although its accent is folded
        ("kiné encadrée", "kiné encadré"),
        ("supervisées", "supervisé"),
        ("associée", "associés"),
        # a plural in -aux meets its singular in -al
        ("à l'hôpital", "les hôpitaux"),
        ("immunosuppresseurs généraux", "immunosuppresseur général"),
    ],
)
def test_stemming_makes_forms_of_a_word_meet(analyzer: FrenchAnalyzer, a: str, b: str) -> None:
    assert analyzer.terms(a) == analyzer.terms(b) != []


@pytest.mark.parametrize("word", ["travaux", "nouveaux", "taux"])
def test_a_word_in_aux_without_a_singular_in_al_is_left_alone(word: str) -> None:
    assert singular_in_al(word) == word


def test_a_verb_in_iquer_is_not_read_as_a_short_noun_in_ic(analyzer: FrenchAnalyzer) -> None:
    """ "piquer" is not "pic", nor "pratique" a word in -ic: only a known noun is read."""
    assert analyzer.terms("piquer") != analyzer.terms("pic")
    assert analyzer.terms("pratique") == analyzer.terms("pratiques")


@pytest.mark.parametrize(
    ("word", "verb"),
    [
        ("touchent", True),
        ("souffrent", True),
        ("patient", False),
        ("souvent", False),
        ("traitement", False),
        ("parent", False),  # too short to tell from "parer"
    ],
)
def test_a_plural_verb_is_told_from_a_word_in_ent(word: str, verb: bool) -> None:
    assert plural_verb(word) is verb


@pytest.mark.parametrize(
    ("word", "verb"),
    [
        ("tombe", True),  # tomber
        ("perd", True),  # perdre
        ("conseillee", True),  # conseiller
        ("dormir", True),
        ("patient", False),
        ("alzheimer", False),
        ("gluten", False),
    ],
)
def test_a_verb_form_is_told_by_its_french_infinitive(word: str, verb: bool) -> None:
    assert verb_form(word) is verb


def test_terms_once_analyses_like_terms_without_filling_the_cache() -> None:
    fresh = FrenchAnalyzer(load_lexicon().stopwords)
    text = "Il s'agit d'anticorps prélevés chez des donneurs en bonne santé."
    assert fresh.terms_once(text) == fresh.terms(text)
    fresh.terms_once("La calcinose touche la peau.")
    assert fresh._cached.cache_info().currsize == 1


def test_the_french_words_of_a_journal_name_are_not_searched(analyzer: FrenchAnalyzer) -> None:
    # "Sports" and "Muscle" name journals here, not what the passage is about
    text = "Chez 22 personnes.\nN Jørgensen A et al. Scand J Med Sci Sports. 2022 Feb.\n"
    assert "sport" not in analyzer.terms(text) and "person" in analyzer.terms(text)
    assert {"scand", "sci", "2022"} <= set(analyzer.terms(text))  # journal and year stay
    assert "muscl" not in analyzer.terms("Lu K et al. Muscle Nerve. 2022 Jan.")
    # outside a reference line the same word is searched
    assert "sport" in analyzer.terms("Le sport aide les muscles.")


def test_terms_keep_order_and_repeats(analyzer: FrenchAnalyzer) -> None:
    assert analyzer.terms("myosite calcinose myosite") == [
        analyzer.stem("myosite"),
        analyzer.stem("calcinose"),
        analyzer.stem("myosite"),
    ]


def build(analyzer: FrenchAnalyzer) -> BM25Index:
    return BM25Index.build([analyzer.terms(p) for p in PASSAGES])


def test_bm25_scores_every_passage_and_ranks_the_matching_one_first(
    analyzer: FrenchAnalyzer,
) -> None:
    scores = build(analyzer).scores(analyzer.terms("calcinose sous tofacitinib"))
    assert scores.shape == (len(PASSAGES),)
    assert int(np.argmax(scores)) == 1
    assert scores[1] > 0 and np.all(np.delete(scores, 1) == 0)


def test_bm25_rarer_words_weigh_more(analyzer: FrenchAnalyzer) -> None:
    index = BM25Index.build(
        [
            analyzer.terms(t)
            for t in ["myosite peau", "myosite muscle", "myosite calcinose", "myosite poumon"]
        ]
    )
    scores = index.scores(analyzer.terms("myosite calcinose"))
    assert int(np.argmax(scores)) == 2
    assert scores[2] > 2 * scores[0] > 0


def test_bm25_query_of_unknown_words_scores_zero(analyzer: FrenchAnalyzer) -> None:
    index = build(analyzer)
    assert np.array_equal(index.scores(["crepe", "recett"]), np.zeros(len(PASSAGES)))
    assert np.array_equal(index.scores([]), np.zeros(len(PASSAGES)))


def test_bm25_accent_and_plural_variants_find_the_same_passage(analyzer: FrenchAnalyzer) -> None:
    index = build(analyzer)
    a = index.scores(analyzer.terms("maladie hereditaire"))
    b = index.scores(analyzer.terms("Maladies HÉRÉDITAIRES"))
    assert np.allclose(a, b) and int(np.argmax(a)) == 2


def test_bm25_save_and_load_give_the_same_scores(analyzer: FrenchAnalyzer, tmp_path: Path) -> None:
    index = build(analyzer)
    index.save(tmp_path / "bm25")
    loaded = BM25Index.load(tmp_path / "bm25")
    for query in ["dermatomyosite peau", "calcinose", "maladies héréditaires", "rien"]:
        terms = analyzer.terms(query)
        assert np.allclose(index.scores(terms), loaded.scores(terms))


def test_bm25_logs_nothing_below_warning(
    analyzer: FrenchAnalyzer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """bm25s sets its own logger to DEBUG; its chatter must not reach the CLI's stderr."""
    with caplog.at_level(logging.DEBUG):
        caplog.clear()
        index = build(analyzer)
        index.save(tmp_path / "bm25")
        BM25Index.load(tmp_path / "bm25")
    assert not [
        r for r in caplog.records if r.name.startswith("bm25s") and r.levelno < logging.WARNING
    ]
