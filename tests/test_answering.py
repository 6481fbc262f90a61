"""The answer itself: verbatim sentences, cut at sentence ends, with offsets, and honest
abstention; over the real seed index (session fixture of tests/conftest.py)."""

from __future__ import annotations

import dataclasses

import pytest
from helpers import passage_of

from myoqa.answering import (
    RESULT_SHAPE,
    SOURCE_TYPE_WORDS,
    SUBJECT_MISSING_FACTOR,
    WEAK_DEFINITION,
    ScoredSentence,
    announces_results,
    answer_type_bonus,
    asks_which_trial,
    asks_yes_or_no,
    continues_previous,
    defines,
    in_english,
    lacks_measure,
    reference_line,
    remedy_bonus,
    single_source,
    spells_out,
    trial_name,
    wanted_shape,
)
from myoqa.assistant import (
    UNKNOWN_WORD_FACTOR,
    _institutional_first,
    rank_testimonies_lower,
    unknown_words_factor,
)
from myoqa.chunking import is_reference, word_count
from myoqa.index import analyzer
from myoqa.lexical import fold
from myoqa.lexicon import load_lexicon
from myoqa.models import Answer
from myoqa.query import QueryAnalyzer, names_a_drug


@pytest.mark.parametrize(
    "text",
    [
        "Benveniste O. et al. The Lancet Rheumatology January 2021.",
        "Gallay L et al. Neurology. 2022 Mar.",
        "Leclair V et al. Cur Opin Rheumatol. 2021 Nov",
        "NCT04659031",
        "Source : NCT04941079",  # a brief's single source
        "Source : Boyer O et al. Front Genet. 2021 Aug.",
    ],
)
def test_a_bare_reference_or_trial_id_is_recognised(text: str) -> None:
    assert is_reference(text)


@pytest.mark.parametrize(
    "text",
    [
        "Les myopathies inflammatoires (ou myosites) sont des maladies du muscle.",
        "Selon Wendel et al., le tofacitinib a montré en 2019 une amélioration nette.",
    ],
)
def test_a_sentence_is_not_a_reference(text: str) -> None:
    assert not is_reference(text)


@pytest.fixture(scope="module")
def assistant(seed_engine):
    return seed_engine.assistant


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    ["C'est quoi une myosite ?", "la cortisone ça marche ?", "NCT04421677", "anti-Mi2 poumons"],
)
def test_answers_are_verbatim_slices_with_offsets_and_whole_sentences(assistant, question) -> None:
    result = assistant.ask(question)
    assert result.answers
    for answer in result.answers:
        assert answer.chunk.text[answer.start : answer.end] == answer.text
        assert word_count(answer.text) <= 80
        starts = {s.start for s in answer.chunk.sentences}
        ends = {s.end for s in answer.chunk.sentences}
        assert answer.start in starts
        assert answer.end in ends or word_count(answer.text) == 80


@pytest.mark.slow
def test_a_pasted_reference_is_answered_with_the_claim_it_supports(assistant) -> None:
    result = assistant.ask("Benveniste O. et al. The Lancet Rheumatology January 2021")
    top = result.answers[0].text
    assert "Benveniste O. et al." in top
    assert not is_reference(top)  # the sentence before the reference came with it


@pytest.mark.slow
def test_a_pasted_reference_takes_its_paragraph_from_its_start(assistant) -> None:
    # the paragraph has three sentences before its reference: the study is in the first
    top = assistant.ask("Briantais A et al., Semin Arthritis Rheum 2022").answers[0].text
    assert top.startswith("Dans son étude monocentrique, 1% d’un groupe de 3 142 personnes")
    assert top.endswith("Briantais A et al. Semin Arthritis Rheum. 2022 Feb.")


@pytest.mark.slow
def test_a_trial_id_given_as_a_brief_s_source_is_answered_with_the_brief_s_claim(
    assistant,
) -> None:
    top = assistant.ask("« Source : NCT04941079 » : à quelle étude correspond ce numéro ?")
    assert top.answers[0].text.startswith("Une équipe de l’hôpital universitaire de Chongqing")
    assert top.answers[0].text.endswith("Source : NCT04941079")


@pytest.mark.slow
def test_an_acronym_written_out_in_full_names_the_subject(assistant) -> None:
    # the brochure writes "L'Organisation mondiale de la santé", never "OMS"
    result = assistant.ask(
        "Un membre sous baricitinib a lu qu'il servait aussi contre la Covid : "
        "qu'a décidé l'OMS début 2022 à son sujet ?"
    )
    assert result.answered
    assert "L’Organisation mondiale de la santé a inscrit" in result.answers[0].text


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "opening"),
    [
        # the brochure prints NCT04486261 only in a clinicaltrials.gov link at a page's foot
        (
            "NCT04486261 : de quel essai s'agit-il et où se déroule-t-il ?",
            "Le centre hospitalier Rigshospitalet (Copenhague)",
        ),
        # NCT05027152 is a box's second trial, beyond the lines an answer shows; the prose
        # says its title "Essai d'un entrainement basé sur des mouvements répétés" but "basé"
        (
            "NCT05027152 : quel établissement mène cet essai et que compare-t-il ?",
            "La Federal University of Espirito Santo compare",
        ),
        # "Essai ITS-PILOT de phase II": the prose says "une étude pilote", never "ITS"
        (
            "Essai ITS-PILOT (NCT03582800) : qui le porte et qu'évalue-t-il ?",
            "En France, une étude pilote portée par le CHU",
        ),
    ],
)
def test_a_trial_id_asked_about_leads_to_the_prose_of_its_trial(
    assistant, question: str, opening: str
) -> None:
    assert assistant.ask(question).answers[0].text.startswith(opening)


@pytest.mark.slow
def test_a_trial_id_inside_a_question_leads_to_its_trial(assistant) -> None:
    # among many other words, the id still names the trial asked about
    result = assistant.ask(
        "Vérification de citation : l'essai NCT03002649 est cité dans le corpus. "
        "De quel essai s'agit-il et quels résultats sont rapportés ?"
    )
    assert result.answered and "NCT03002649" in result.answers[0].text
    assert "tofacitinib" in result.answers[0].text


@pytest.mark.slow
def test_a_reference_under_a_briefs_source_is_answered_with_the_briefs_lead(assistant) -> None:
    """The "Source :" at the end of a brief supports the brief's claim, given in its lead,
    not the sentence just before it; the reference itself comes next."""
    result = assistant.ask(
        "Pinal-Fernandez I, Mecoli CA, Casal-Dominguez M et al. : que dit la brève ?"
    )
    first, second = result.answers[0], result.answers[1]
    assert first.text.startswith("Selon une étude menée aux États-Unis, produire des auto-")
    assert "Pinal-Fernandez I" in second.text and second.chunk.doc_id == first.chunk.doc_id
    assert len({answer.chunk.id for answer in result.answers}) == len(result.answers)


@pytest.mark.slow
def test_a_request_for_a_claims_reference_is_answered_with_the_reference_after_it(
    assistant,
) -> None:
    """ "Quelle est la référence…" asks for the source of the claim the conversation is
    about: the reference that closes its paragraph, not the claim again."""
    result = assistant.ask(
        "Quelle est la référence de l'essai japonais cité ?",
        ["Que dit la revue AFM de l'aprémilast dans la dermatomyosite ?"],
    )
    assert result.answers[0].text == "Konishi R et al. J Dermatol. 2022 Jan."


@pytest.mark.slow
def test_a_question_asking_a_fact_and_its_source_gets_both_in_one_answer(assistant) -> None:
    """The reference right after the claim joins it when both fit in one answer."""
    result = assistant.ask(
        "Existe-t-il des recommandations sur la prise en charge de la pneumopathie "
        "interstitielle des myosites ? Quelle source le document cite-t-il ?"
    )
    text = result.answers[0].text
    assert "Des médecins japonais ont publié un guide" in text
    assert text.endswith("Kondoh Y et al. Respir Investig. 2021 Nov.")


@pytest.mark.slow
def test_a_brief_s_source_is_found_from_its_first_passage(assistant) -> None:
    # the brief's "Source :" comes three passages after its lead
    result = assistant.ask(
        "Et qui en sont les auteurs ?",
        ["Quelle est la source scientifique de la brève AFM sur le tofacitinib et la calcinose ?"],
    )
    assert "Wendel S, Venhoff N, Frye BC" in result.answers[0].text


@pytest.mark.slow
def test_a_request_for_a_briefs_source_gives_its_title_and_authors(assistant) -> None:
    # a pasted author names the brief; the lead it supports is not what is asked for here
    top = assistant.ask(
        "Brève anti-Mi2, Pinal-Fernandez et al. : quel est le titre exact de l'article source ?"
    ).answers[0]
    assert top.text.startswith("More prominent muscle involvement in patients with")
    assert "Pinal-Fernandez I, Mecoli CA" in top.text


@pytest.mark.parametrize(
    ("line", "is_line"),
    [
        ("Wendel S, Venhoff N, Frye BC, May AM, Agarwal P, Rizzi M, Voll RE, Thiel J.", True),
        ("J Autoimmun. 2019 Mars 9", True),
        ("Konishi R et al. J Dermatol. 2022 Jan.", True),
        ("Les Pays-Bas ont inclus 44 personnes en 2019.", False),
        ("Dans un article publié en mars 2019, une équipe allemande rapporte le cas", False),
    ],
)
def test_the_lines_of_a_reference_are_recognised(line: str, is_line: bool) -> None:
    assert reference_line(line) is is_line


def test_a_single_source_line_is_told_from_a_list_of_sources() -> None:
    lines = (
        "Un constat.",
        "Source :",
        "Un titre.",
        "Wendel S, Venhoff N.",
        "Sources",
        "Ladislau L.",
    )
    chunk = passage_of(*lines, sep="\n")
    assert [single_source(chunk, i) for i in range(6)] == [False, False, True, True, True, False]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("trial", "title"),
    [
        ("NCT05000216", "Essai de phase II d’une dose booster de vaccin anti-Covid"),
        ("NCT04659031", "Essai de phase I de l’ABC008"),  # four box lines below the title
    ],
)
def test_a_pasted_trial_id_is_answered_with_the_trial_title(assistant, trial, title) -> None:
    top = assistant.ask(trial).answers[0].text
    assert top.startswith(title) and top.endswith(trial)


@pytest.mark.slow
def test_a_sentence_announcing_a_list_comes_with_its_first_item(assistant) -> None:
    result = assistant.ask("Que montre la biopsie musculaire chez les patients anti-Mi2 positifs ?")
    top = result.answers[0].text
    assert top.startswith("Les résultats de cette étude montrent chez les patients anti-Mi2")
    assert "une nécrose prédominante à la biopsie musculaire" in top


@pytest.mark.slow
def test_a_list_item_says_the_words_of_the_line_that_introduces_it(assistant) -> None:
    chunk = passage_of(
        "Les traitements ciblés permettent potentiellement de :",
        "augmenter l'efficacité ;",
        "réduire les effets secondaires ;",
        "Une autre phrase suit la liste.",
        sep="\n",
    )
    lead = frozenset(analyzer().terms("Les traitements ciblés permettent potentiellement de :"))
    assert assistant.picker.lead_of(chunk, 1) == lead
    assert assistant.picker.lead_of(chunk, 2) == lead  # through the items before it
    assert not assistant.picker.lead_of(chunk, 3)  # a sentence after the list is no item
    assert not assistant.picker.lead_of(chunk, 0)


@pytest.mark.slow
def test_a_sentence_that_goes_on_from_the_answer_joins_it(assistant) -> None:
    top = assistant.ask("Que recommande l'EULAR sur le risque cardiovasculaire ?").answers[0].text
    assert top.startswith("La Ligue européenne contre les maladies rhumatismales")
    assert "Elles préconisent notamment le dépistage" in top  # "Elles": the recommendations


@pytest.mark.slow
def test_a_sentence_announcing_results_comes_with_them(assistant) -> None:
    question = "Que montrent les résultats publiés par l'équipe de Bénédicte Chazaud ?"
    top = assistant.ask(question).answers[0].text
    assert top.startswith("Des résultats publiés en mars 2022 par l’équipe de Bénédicte Chazaud")
    assert "montrent que l’interféron de type I réduit fortement" in top


@pytest.mark.parametrize(
    ("question", "asks_result"),
    [
        ("Quels résultats a donnés l'essai ouvert du tofacitinib ?", True),
        ("Qu'a montré l'essai ProDERM ?", True),
        ("Que montre l'étude américano-brésilienne sur l'entraînement ?", True),
        ("Que montre la biopsie musculaire ?", False),  # what is seen, not what a study gave
        ("Le lénabasum a-t-il marché dans l'essai DETERMINE ?", True),
        ("le lénabasum a marché dans l'essai DETERMINE ?", True),
        ("le rituximab ça marche ?", True),
        ("faire de la gym avec un kiné ça aide vraiment ?", True),  # the idiom reads "efficace"
        ("L'objectif principal a-t-il été atteint ? Quel était le critère principal ?", True),
        ("Et l'essai DETERMINE, il a atteint son objectif ?", True),
        ("L'objectif principal a-t-il été atteint ?", True),
        ("Quel est l'objectif de l'essai ?", False),  # what it aims at
        ("mon père marche de moins en moins bien, c'est la myosite ?", False),  # walking
        # a treatment that "marche" works
        ("myosite a inclusion ya un traitement qui marche ?", True),
        ("pk les medocs marchent pas dessus ??", True),
        ("la rapamycine ça a marché ?", True),
        ("ca change qqch d etre suivie par un kiné ?", True),
        ("Combien de participants dans l'essai ?", False),  # a count
        ("C'est quoi le lénabasum ?", False),
    ],
)
def test_a_question_about_what_a_trial_gave_wants_a_result(question, asks_result) -> None:
    query = QueryAnalyzer(load_lexicon(), analyzer(), frozenset()).analyze(question)
    assert (wanted_shape(query) is RESULT_SHAPE) is asks_result


@pytest.mark.slow
def test_a_trial_description_takes_the_next_sentence_when_it_gives_the_result(assistant) -> None:
    chunk = passage_of(
        "Le laboratoire Alpha a évalué le produit chez 12 personnes pendant six mois.",
        "Tous les participants ont connu une amélioration de la force.",
        "Un autre essai commence en Italie.",
    )
    sentences = [
        ScoredSentence(0, i, score, score, 0.5, 0.2) for i, score in enumerate((1, 0.3, 0.2))
    ]
    grown = assistant.picker._expand(chunk, sentences, sentences[0], shape=RESULT_SHAPE)
    assert grown.text == chunk.text[: chunk.sentences[1].end]
    alone = assistant.picker._expand(chunk, sentences, sentences[0])
    assert alone.text == chunk.text[: chunk.sentences[0].end]


@pytest.mark.slow
def test_a_result_close_behind_the_trial_description_is_shown_first(assistant) -> None:
    # the Czech study: "a évalué les effets d'un programme…" scores a little above its result
    top = assistant.ask("l'entraînement supervisé par un kiné, ça marche vraiment ?").answers[0]
    assert "ont connu une amélioration significative de la force musculaire" in top.text


@pytest.mark.slow
def test_a_result_opening_the_next_passage_answers_for_the_trial_described_before(
    assistant,
) -> None:
    # ProDERM: trial-box lines follow the description and open the next passage
    top = assistant.ask("l'Octagam a marché dans l'essai ProDERM ?").answers[0]
    assert "répondeurs aux IgIV (78,7%) qu’au placebo (43,8%)" in top.text
    before = assistant.index.chunks[assistant.index.rows[top.chunk.id] - 1]
    assert "ProDERM" in before.text and "répondeurs aux IgIV" not in before.text


@pytest.mark.slow
def test_the_trial_named_is_answered_with_its_description_when_its_result_follows_it(
    assistant,
) -> None:
    # The passage first shows the result of another lénabasum trial ("Ils montrent une
    # différence … en faveur du lénabasum"); the question names DETERMINE.
    top = assistant.ask("Qu'a donné l'essai DETERMINE du lénabasum dans la dermatomyosite ?")
    answer = top.answers[0].text
    assert answer.startswith("Corbus Pharmaceuticals mène l’essai DETERMINE")
    assert "n’aurait pas atteint son critère principal d’évaluation" in answer


@pytest.mark.slow
def test_a_pasted_reference_asked_for_a_number_is_answered_by_the_sentence_with_it(
    assistant,
) -> None:
    # the reference line matches the paste best; the count of participants is two
    # sentences above it, too far for the claim the reference line takes along
    question = (
        "Benveniste O. et al. The Lancet Rheumatology, janvier 2021 : "
        "combien de participants dans l'essai Rapami ?"
    )
    top = assistant.ask(question).answers[0]
    assert "Rapami avait inclus 44 personnes atteintes de myosite à inclusions" in top.text


@pytest.mark.slow
def test_a_follow_up_asking_a_number_is_answered_by_the_sentence_with_it(assistant) -> None:
    # the survey's description matches the conversation best; the count of patients is
    # two sentences further, too far for the description to take it along
    earlier = (
        "Bandeira M et al. Clin Exp Rheumatol 2022 : que conclut l'enquête ERN-ReCONNET "
        "sur le mycophénolate mofétil ?"
    )
    top = assistant.ask("C'était sur combien de patients ?", [earlier]).answers[0]
    assert "108 de leurs patients traités par mycophénolate mofétil" in top.text


@pytest.mark.slow
def test_a_result_too_long_to_join_its_description_is_shown_instead(assistant) -> None:
    # "Une équipe américano-brésilienne a analysé les biopsies… (40 words)" and its result
    # (50 words) exceed 80 words together
    question = "Que montre l'étude américano-brésilienne sur l'entraînement dans les biopsies ?"
    top = assistant.ask(question).answers[0]
    assert top.text.startswith("À ce terme, leurs cellules musculaires affichaient")
    assert "Une équipe américano-brésilienne" in top.chunk.text[: top.start]


@pytest.mark.slow
def test_a_question_on_what_a_trial_gave_is_answered_with_its_result(assistant) -> None:
    top = assistant.ask("Qu'a donné l'essai du tofacitinib en ouvert chez dix personnes ?")
    assert top.answers[0].text.startswith("Développé par Pfizer, le tofacitinib")
    assert "Tous les participants ont connu une amélioration significative" in top.answers[0].text


@pytest.mark.slow
def test_an_answer_never_opens_on_the_reference_of_the_claim_before_it(assistant) -> None:
    # "Leclair V et al. …" closes the paragraph before the definition of a rare disease
    answers = assistant.ask("c'est rare comme maladie la myosite ?").answers
    glossary = next(a for a in answers if "Une maladie est dite rare" in a.text)
    assert glossary.text.startswith("Une maladie est dite rare quand elle touche moins d'une")
    assert "Leclair V" in glossary.chunk.text[: glossary.start]
    # the answer about myositis itself comes first, and without the reference after it
    assert answers[0].text.startswith("Les myopathies inflammatoires (ou myosites idiopathiques)")


@pytest.mark.parametrize(
    ("sentence", "announces"),
    [
        ("Des résultats préliminaires ont été annoncés début mai 2022.", True),
        ("La publication la plus remarquable est un rapport de cas d'IMAM en 2022.", True),
        ("Les données seront présentées au congrès de l'EULAR.", True),
        ("La plupart des participants ont connu une amélioration.", False),
        ("L'étude a été publiée en 2021 dans une revue.", False),  # a study, not its results
    ],
)
def test_a_sentence_that_announces_results_is_recognised(sentence: str, announces: bool) -> None:
    assert announces_results(sentence) is announces


@pytest.mark.slow
def test_what_a_thing_is_comes_before_how_it_is_considered(assistant) -> None:
    top = assistant.ask("c'est quoi une IMAM ?").answers[0].text
    assert top.startswith("La myopathie inflammatoire à macrophages abondants (IMAM) est une")


@pytest.mark.slow
def test_a_glossary_definition_answers_what_a_thing_is_not_a_question_about_the_disease(
    assistant,
) -> None:
    """ "Une maladie est dite rare quand…" defines a rare disease; how rare myositis is
    comes from the sentence about myositis."""
    top = assistant.ask("c rare comme maladie la myosite ? ça touche combien de gens ?")
    assert "6 à 7 personnes sur 100 000" in top.answers[0].text
    definition = assistant.ask("c'est quoi une maladie rare ?")
    assert definition.answers[0].text.startswith("Une maladie est dite rare")


@pytest.mark.slow
def test_a_box_the_documents_repeat_is_background_to_the_news_around_it(assistant) -> None:
    """The box defining the antisynthetase syndrome is printed twice; a question on what
    anti-PL7 mean for it is answered by the news item, the box still defines the syndrome."""
    box = "Forme de myosite, le syndrome des antisynthétases associe une atteinte des muscles"

    def places(opening: str) -> list[tuple[int, int]]:
        return [
            (row, i)
            for row, chunk in enumerate(assistant.index.chunks)
            for i, span in enumerate(chunk.sentences)
            if chunk.text[span.start : span.end].startswith(opening)
        ]

    boxes = places(box)
    assert len(boxes) == 2 and all(assistant.picker._repeated(*p) for p in boxes)
    headline = places("Les anti-PL7 dans un syndrome")
    assert headline and not any(assistant.picker._repeated(*p) for p in headline)
    severe = assistant.ask("Les anti-PL7 sont-ils associés à une forme plus sévère du syndrome ?")
    assert not severe.answers[0].text.startswith(box)
    assert "anti-PL7" in severe.answers[0].text
    assert (
        assistant.ask("c'est quoi le syndrome des antisynthétases ?")
        .answers[0]
        .text.startswith(box)
    )


@pytest.mark.slow
def test_a_passage_about_another_drug_ranks_below_one_naming_the_asked_drug(assistant) -> None:
    """The IgPro20 trial's French centres do not answer where the Ultomiris trial runs; the
    passage naming ravulizumab (Ultomiris®) does."""
    top = assistant.ask(
        "l'essai de l'ultomiris dans la dermatomyosite, il y a des centres en France ?"
    )
    assert "IgPro20" not in top.answers[0].chunk.text
    assert "ravulizumab" in top.answers[0].chunk.text or "Alexion" in top.answers[0].text


@pytest.mark.parametrize(
    ("sentence", "previous", "strength"),
    [
        ("Le placebo est un produit sans substance active.", "", 1.0),
        ("Le terme myosite désigne une inflammation des muscles.", "", 1.0),
        ("Il s'agit d'un anticorps.", "Le rituximab", 1.0),
        ("Le rituximab est considéré comme un traitement de recours.", "", WEAK_DEFINITION),
        ("Le rituximab se caractérise par sa cible, le CD20.", "", WEAK_DEFINITION),
        ("Les patients sous rituximab ont été suivis deux ans.", "", 0.0),
        # "est à l'origine un…" names the class as surely as "est un…"
        ("Le rituximab est à l'origine un anticorps de souris.", "", 1.0),
        # a demonstrative stands for the thing named just before (a box's label)
        ("Ce traitement repose sur une machine qui filtre le sang.", "Placebo", 1.0),
        ("Ce médicament est un inhibiteur des JAK.", "Le rituximab", 1.0),
        ("Ce médicament fait l'objet d'un essai.", "Le rituximab", 0.0),
        ("Ce traitement repose sur une machine qui filtre le sang.", "Une autre chose", 0.0),
        # an apposition with an article names the class: "X, un anticorps…"
        ("Le laboratoire développe le rituximab, un anticorps anti-CD20.", "", 1.0),
        ("Sous rituximab, une patiente a guéri.", "", 0.0),
    ],
)
def test_a_definition_is_surer_when_it_names_the_class_of_the_thing(
    sentence: str, previous: str, strength: float
) -> None:
    topic = ("placebo", "myosite", "rituximab")
    assert defines(sentence, topic, previous) == strength


@pytest.mark.parametrize(
    ("sentence", "english"),
    [
        ("More prominent muscle involvement in patients with dermatomyositis with anti-Mi2", True),
        ("JAK inhibitor improves type I interferon induced damage: proof of concept.", False),
        ("La faiblesse des muscles est quasiment toujours présente (98% des cas).", False),
        ("Le score de Rankin a un intérêt in vitro et in vivo pour les patients.", False),
    ],
)
def test_an_english_sentence_is_told_from_a_french_one(sentence: str, english: bool) -> None:
    assert in_english(sentence) is english


@pytest.mark.slow
def test_an_english_title_does_not_answer_a_french_question(assistant) -> None:
    result = assistant.ask("dermato avec anti Mi2 c plus grave pour les muscles ?")
    assert not in_english(result.answers[0].text)
    pasted = assistant.ask("More prominent muscle involvement in patients with dermatomyositis")
    assert pasted.answers[0].text.startswith("More prominent muscle involvement")


def test_a_definition_names_the_topic_as_a_word_not_inside_another() -> None:
    # "thera" of "thérapie ciblée" is inside "MabThera": the rituximab is not the topic
    sentence = "Le rituximab (MabThera®) est une thérapie ciblée qui se fixe sur les lymphocytes B."
    assert defines(sentence, ("therapie", "ciblee")) == 0.0
    assert defines("Une thérapie ciblée est un traitement dirigé.", ("therapie", "ciblee")) == 1.0


def test_a_prefix_alone_does_not_name_the_topic_of_a_definition() -> None:
    # "anti" of "anti-Mi2" is in every antibody's name: anti-NXP2 is not the topic
    other = "Les auto-anticorps anti-NXP2 sont associés à un plus grand risque de calcinose."
    assert defines(other, ("anti", "mi2")) == 0.0
    assert defines("Les anti-Mi2 sont des auto-anticorps.", ("anti", "mi2")) == 1.0


@pytest.mark.parametrize(
    ("sentence", "spelled_out"),
    [
        ("Les protocoles nationaux de diagnostic et de soins (ou PNDS) ont pour objectif…", True),
        ("Les protocoles nationaux de diagnostic et de soins (PNDS) visent…", True),
        ("Son acronyme MASC (pour Myosites, Muscles, ADN/ARN, Sérum, Cellules).", True),
        ("Les experts ont publié fin 2021 un nouveau PNDS.", False),  # named, not spelled out
        ("Ce PNDS (2021) porte sur la myosite à inclusions.", False),
    ],
)
def test_the_long_form_of_an_acronym_defines_it(sentence: str, spelled_out: bool) -> None:
    acronym = "masc" if "MASC" in sentence else "pnds"
    assert spells_out(sentence, acronym) is spelled_out
    assert defines(sentence, (acronym,)) == (1.0 if spelled_out else 0.0)


def test_a_word_in_brackets_glosses_it_less_surely_than_a_definition() -> None:
    glossed = "Les lysosomes recyclent le contenu de la cellule (autophagie), grâce à des enzymes."
    defined = "L'autophagie est un processus permettant à une cellule de dégrader son contenu."
    assert defines(glossed, ("autophagie",)) == WEAK_DEFINITION
    assert defines(defined, ("autophagie",)) == 1.0
    # "(ou myosites)" names the thing as surely as an acronym in capitals does
    named = "Les myopathies inflammatoires (ou myosites) sont des maladies du muscle."
    assert defines(named, ("myosites",)) == 1.0


def test_pronouns_and_demonstratives_go_on_from_the_sentence_before() -> None:
    chunk = passage_of(
        "Le tofacitinib a été évalué.",
        "Il a réduit la calcinose.",
        "Cette amélioration a duré.",
        "Il existe d'autres traitements.",  # impersonal: refers to nothing
        "Les calcifications ont régressé.",
        "C’est tout l’enjeu de l’essai.",
    )
    goes_on = [continues_previous(chunk, i) for i in range(6)]
    assert goes_on == [False, True, True, False, False, True]


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "puis-je arrêter ma cortisone seul ?",
        "quelle dose de methotrexate je dois prendre par semaine ?",
        "Je peux tomber enceinte sous Cellcept ?",
        "je suis à 10 mg de cortisone, je peux descendre à 5 tout seul ?",
        "je me sens mieux, je peux réduire le méthotrexate sans demander au rhumato ?",
        "ma neurologue veut arrêter mon rituximab, je dois accepter ou pas ?",
        "mes CPK sont remontées à 800, je dois augmenter mon traitement ?",
    ],
)
def test_a_decision_about_ones_own_treatment_is_left_to_the_doctor(assistant, question) -> None:
    result = assistant.ask(question)
    assert result.personal_advice and not result.answered and not result.answers
    assert result.to_json()["personal_advice"] is True


@pytest.mark.slow
def test_stopping_oneself_is_not_stopping_a_treatment(assistant) -> None:
    """ "je dois m'arrêter" (at the wheel) is reflexive; "je dois arrêter" a drug is not."""
    assert not assistant.asks_personal_advice(
        "au bout de 20 min au volant je dois m'arrêter, c'est la maladie ?"
    )
    assert assistant.asks_personal_advice("je dois arrêter ma cortisone ?")


@pytest.mark.slow
@pytest.mark.parametrize(
    "question", ["la cortisone ça marche ?", "Quelle dose de vaccin pour le booster anti-Covid ?"]
)
def test_general_treatment_questions_are_not_personal_advice(assistant, question) -> None:
    result = assistant.ask(question)
    assert not result.personal_advice and result.answered


@pytest.mark.slow
def test_a_quote_is_answered_with_the_sentence_that_holds_it(assistant) -> None:
    top = assistant.ask("« La stratégie traditionnelle reste essentielle »").answers[0].text
    assert top.startswith("La stratégie traditionnelle reste essentielle")


@pytest.mark.slow
def test_an_expansion_stands_in_for_its_own_word_only(assistant) -> None:
    query = assistant.analyze("les immunoglobulines sous la peau ça donne des réactions ?")
    coverage = assistant.picker.coverage
    found = {"immunoglobulin"}
    # "Ig" and "polyvalentes" stand for "immunoglobulines", already found: they cannot
    # make up for the missing "réactions"
    assert coverage(query, found | {"ig", "polyvalent"}) == coverage(query, found)
    assert coverage(query, {"reaction", "igsc"}) > coverage(query, {"reaction"})


@pytest.mark.slow
def test_a_passage_that_never_names_a_subject_of_the_question_is_less_sure(assistant) -> None:
    query = assistant.analyze("Le rituximab est-il efficace ?")
    row = next(i for i, c in enumerate(assistant.index.chunks) if "rituximab" in c.text)
    elsewhere = dataclasses.replace(
        query, specific_subjects=query.specific_subjects | {"zetomipzomib"}
    )
    vector = assistant.embed(query.question)
    plain = assistant.picker.score_sentences(query, vector, row, 0)
    missing = assistant.picker.score_sentences(elsewhere, vector, row, 0)
    for a, b in zip(plain, missing, strict=True):
        assert b.confidence == pytest.approx(a.confidence * SUBJECT_MISSING_FACTOR)
        assert b.score == pytest.approx(a.score)  # the ranking does not change


@pytest.mark.slow
def test_a_subject_named_in_the_document_title_is_not_missing(assistant) -> None:
    query = assistant.analyze("L'IMAM, on la soigne comment ?")
    assert "imam" in query.specific_subjects
    row = next(
        i
        for i, c in enumerate(assistant.index.chunks)
        if "(IMAM)" in c.meta.title and "imam" not in fold(f"{c.section} {c.text}")
    )
    vector = assistant.embed(query.question)
    unnamed = dataclasses.replace(query, specific_subjects=frozenset())
    named = assistant.picker.score_sentences(query, vector, row, 0)
    plain = assistant.picker.score_sentences(unnamed, vector, row, 0)
    assert [s.confidence for s in named] == [s.confidence for s in plain]


@pytest.mark.slow
def test_a_passage_is_read_with_the_passages_before_it_in_its_document(assistant) -> None:
    chunks = assistant.index.chunks
    terms = assistant.picker.analyzer.terms
    # "les résultats de cet essai montrent…": the laboratory is named a passage earlier
    row = next(i for i, c in enumerate(chunks) if "78,7" in c.text)
    assert "octapharma" not in fold(chunks[row].text)
    assert set(terms("Octapharma")) <= assistant.picker._around(row)
    top = assistant.ask(
        "Dans l'essai ProDERM d'Octapharma, quelle proportion de patients a répondu aux IgIV ?"
    ).answers[0]
    assert "78,7" in top.text
    # a document's first passage is read alone: the one before belongs to another document
    first = next(i for i in range(1, len(chunks)) if chunks[i - 1].doc_id != chunks[i].doc_id)
    kind = SOURCE_TYPE_WORDS.get(chunks[first].meta.type, "")
    own = terms(f"{chunks[first].section or ''} {chunks[first].text} {kind}")
    assert assistant.picker._around(first) == frozenset(own)


@pytest.mark.slow
def test_the_kind_of_source_a_question_points_at_is_said_around_its_passages(assistant) -> None:
    """ "sur le forum", "la brève" name the document a passage comes from."""
    chunks = assistant.index.chunks
    stem = assistant.picker.analyzer.stem
    forum = next(i for i, c in enumerate(chunks) if c.meta.type == "forum")
    brochure = next(i for i, c in enumerate(chunks) if c.meta.type == "brochure")
    assert stem("forum") not in assistant.picker.analyzer.terms(chunks[forum].text)
    assert stem("forum") in assistant.picker._around(forum)
    assert stem("forum") not in assistant.picker._around(brochure)


@pytest.mark.slow
def test_a_lay_idiom_is_read_for_its_meaning(assistant) -> None:
    result = assistant.ask("la cortisone ça marche ?")
    assert "ca marche → efficace" in result.corrections
    # "X marche contre Y" is the same idiom, not the walking test of the corpus
    result = assistant.ask("le tofacitinib marche contre la calcinose ?")
    assert "marche contre → efficace contre" in result.corrections
    assert not any("minutes de marche" in line for line in result.expansions)


@pytest.mark.slow
def test_not_being_able_to_swallow_is_answered_on_swallowing_difficulties(assistant) -> None:
    # "n'arrive plus à" is an idiom for a difficulty, not the verb "arriver" of the corpus
    result = assistant.ask("je n'arrive plus à avaler")
    assert "arrive plus a → difficultés à" in result.corrections
    assert result.answered and len(result.answers) == 3
    for answer in result.answers:
        assert "avaler" in answer.text or "dysphagie" in answer.text, answer.text


@pytest.mark.slow
def test_words_the_corpus_never_uses_lower_the_confidence(assistant) -> None:
    known = assistant.ask("Le tofacitinib a-t-il été testé dans la dermatomyosite ?")
    unknown = assistant.ask("Le filgotinib a-t-il été testé dans la dermatomyosite ?")
    assert unknown.confidence < known.confidence
    assert known.answered and not unknown.answered


@pytest.mark.slow
def test_a_drug_the_corpus_never_names_is_a_missing_subject(assistant) -> None:
    # one unknown word, but it is the drug asked about: no passage can be about it
    result = assistant.ask("L'efgartigimod fait-il l'objet d'un essai clinique dans les myosites ?")
    assert result.query == "L'efgartigimod fait-il l'objet d'un essai clinique dans les myosites ?"
    assert not result.answered
    assert names_a_drug("anifrolumab") and names_a_drug("filgotinib")
    assert not names_a_drug("efficacite") and not names_a_drug("concept")


@pytest.mark.parametrize(
    "drug", ["hydroxychloroquine", "omeprazole", "ramipril", "bisoprolol", "doxycycline"]
)
def test_the_common_endings_of_drug_names_are_recognised(drug: str) -> None:
    assert names_a_drug(drug)


@pytest.mark.parametrize("word", ["virale", "parole", "controle", "pilule", "cheville"])
def test_french_words_are_not_drug_names(word: str) -> None:
    assert not names_a_drug(word)


@pytest.mark.slow
def test_a_reference_by_an_author_the_corpus_never_names_is_not_answered(assistant) -> None:
    # "Marchand" is in no document: the corpus cannot cite this article
    question = (
        "Marchand S et al., Muscle Nerve 2023 : cette référence est-elle citée dans nos documents ?"
    )
    assert not assistant.ask(question).answered
    assert assistant.ask("Gallay L et al. Neurology. 2022 Mar. : est-ce cité ?").answered


@pytest.mark.slow
def test_everyday_words_the_corpus_lacks_do_not_lower_the_confidence(assistant) -> None:
    """A patient's own context ("ma fille", "vient de") matches nothing in the corpus; it
    must not make the same question abstain."""
    plain = assistant.ask("la créatine ça sert à quoi dans la dermatomyosite juvénile ?")
    chatty = assistant.ask(
        "ma fille vient d'avoir une dermatomyosite juvénile, la créatine ça sert à quoi ?"
    )
    assert plain.answered and chatty.answered
    assert chatty.answers[0].text == plain.answers[0].text
    assert chatty.confidence >= plain.confidence * 0.9


@pytest.mark.slow
def test_no_two_answers_say_the_same_thing(assistant) -> None:
    result = assistant.ask("Qu'est-ce qu'un placebo ?", top_k=5)
    texts = [a.text for a in result.passages]
    assert len(texts) == len(set(texts))
    assert sum("Le placebo est un produit" in t for t in texts) <= 1


@pytest.mark.parametrize(
    ("question", "good", "bad"),
    [
        (
            "Combien de participants ?",
            "Elle a rassemblé plus de 500 participants.",
            "Elle a réuni des malades.",
        ),
        (
            "Quand sont parus les résultats ?",
            "Parus en octobre 2019, les résultats…",
            "Les résultats sont parus.",
        ),
        (
            "Et ça arrive souvent ?",
            "Elle surviendrait dans 1,5 à 5% des traitements.",
            "Elle peut survenir sous traitement.",
        ),
        ("Où a lieu cet essai ?", "Il est mené aux États-Unis.", "Il est mené depuis peu."),
        (  # "où" last, typed without its accent
            "et le grand essai il aura lieu ou ?",
            "Il devrait se dérouler au Royaume-Uni.",
            "Il devrait démarrer bientôt.",
        ),
        ("ça se passe où ?", "Deux centres, à Paris et Marseille.", "Deux centres participent."),
        ("Qui porte ce projet ?", "Porté par le Dr Yves Allenbach.", "Porté depuis longtemps."),
        (
            "le pet scan ça sert à quoi ?",
            "Il est utilisé pour déterminer si une myosite est en phase active.",
            "Le PET-Scan associe un scanner à une tomographie.",
        ),
        (
            "Combien de temps ont-ils été suivis ?",
            "Au cours des six mois et demi du suivi, rien.",
            "Ils ont été suivis par 2 équipes.",
        ),
        (  # how many years: a duration, not any number
            "ça prend combien d annees pour un nouveau medicament ?",
            "En moyenne, 15 années sont nécessaires entre l'identification et la mise.",
            "Source : Le développement du médicament (2016).",
        ),
        ("À quoi sert la biopsie ?", "Elle permet de confirmer le diagnostic.", "Elle est faite."),
        (  # the plural asks for teams too
            "Quelles équipes ont conduit la revue ?",
            "Une revue conduite par des équipes de l'Universidade de Lisboa.",
            "Une revue des thérapies ciblées.",
        ),
        ("Quelles doses ont été testées ?", "Deux doses, 10 et 30 mg.", "Plusieurs doses."),
        (  # a number, not the digit of a name
            "Il y a combien de types de myosites ?",
            "La classification distingue 5 principaux types de myosites.",
            "Des lymphocytes (CD8 + Tbet + et CD28−) dans différents types de myosites.",
        ),
        (  # a number, not a year
            "Il y a combien de sortes de myosites ?",
            "La classification distingue 5 principaux types de myosites.",
            "Diagnostiquée en mars 2022, je ne sais pas à quel type de myosite elle correspond.",
        ),
        (  # a share is a percentage, not any number
            "Quelle proportion de répondeurs sous IgIV ?",
            "Plus de répondeurs aux IgIV (78,7%) qu'au placebo.",
            "Les IgIV toutes les 4 semaines pendant 16 semaines à 95 adultes.",
        ),
        (  # how many people: a number of them, not a number of years
            "c'était sur combien de malades ?",
            "Le tofacitinib s'est montré efficace chez deux personnes atteintes.",
            "Les résultats de 2019 montrent une amélioration de 30 %.",
        ),
        (  # which other diseases: the drug's indications
            "il est déjà donné pour quelles autres maladies ?",
            "Un inhibiteur de JAK déjà indiqué dans la polyarthrite rhumatoïde.",
            "Ce médicament fait l'objet d'un essai dans la dermatomyosite.",
        ),
        (  # why: a cause or an explanation
            "pourquoi on est aussi fatigué avec une myosite ?",
            "La fatigue pourrait avoir une origine à la fois centrale et périphérique.",
            "La fatigue est fréquente dans les myosites.",
        ),
        (
            "pourquoi c'est si dur de trouver un traitement ?",
            "Leur rareté rend le diagnostic et les essais difficiles.",
            "Un traitement est en cours d'essai.",
        ),
        (  # side effects: what was observed, not that the tolerance is being assessed
            "et ya eu des effets secondaires ?",
            "Les lymphocytes sont restés stables, sans effet indésirable modéré ou grave.",
            "Le laboratoire évalue la tolérance et la sécurité de doses croissantes.",
        ),
        (  # ... and the side effects that occurred
            "ya des effets secondaires ?",
            "Des effets indésirables digestifs (diarrhées) sont survenus dans 3/5 des cas.",
            "Le laboratoire évalue la tolérance et la sécurité de doses croissantes.",
        ),
        (
            "c'est bien supporté ?",
            "Les réactions locales (rougeur, gonflement…) n'ont duré que quelques jours.",
            "Les immunoglobulines peuvent être administrées sous la peau.",
        ),
        (  # "why does it take so long": how long it takes
            "pourquoi ça prend autant de temps de sortir un nouveau médicament ?",
            "En moyenne, 15 années sont nécessaires entre le candidat et la mise sur le marché.",
            "Les essais cliniques sont menés en plusieurs phases successives.",
        ),
        (  # how serious: severity or risk
            "anti-MDA5 c grave ?",
            "Les anti-MDA5 sont associés à une atteinte des poumons souvent plus importante.",
            "Des rhumatologues ont étudié les prélèvements de sang de 300 personnes.",
        ),
        (  # what it brings: what it makes possible
            "les therapies ciblées c mieux que la cortisone ?",
            "Cette tendance permet potentiellement de réduire les effets secondaires.",
            "Une thérapie ciblée est un traitement dirigé contre une cible biologique.",
        ),
        (  # where it comes from: a cause
            "la fatigue ça vient de la myosite ?",
            "La fatigue pourrait avoir une origine à la fois centrale et périphérique.",
            "La fatigue est fréquente dans les myosites.",
        ),
        (  # what it is made of
            "les immunoglobulines c'est fabriqué avec quoi ?",
            "Il s'agit d'anticorps prélevés chez des donneurs en bonne santé.",
            "Leur administration se fait le plus souvent à l'hôpital.",
        ),
        (
            "ces boules sous la peau c'est fait de quoi ?",
            "Ces dépôts sont constitués d'une accumulation de cristaux de calcium.",
            "Leur mécanisme de formation reste mal compris.",
        ),
        (  # a difference: a sentence that contrasts
            "c koi la difference entre les traitements classiques et les traitements ciblés ?",
            "Des médicaments qui s'adressent non plus de façon globale au système immunitaire.",
            "Les traitements ciblés sont en développement.",
        ),
        (  # where in the body it goes
            "Et les cellules, on les injecte où exactement ?",
            "Elles seront injectées dans les muscles fléchisseurs des doigts.",
            "L'essai devrait compter deux centres investigateurs, à Paris et Marseille.",
        ),
        (  # how it is taken
            "le tofacitinib c des piqures ou des cachets ?",
            "Un médicament en comprimés déjà sur le marché pour d'autres maladies.",
            "Des calcifications sous la peau, ou calcinose.",
        ),
        (
            "et ça se prend comment ?",
            "Administré par voie sous-cutanée, il est développé par un laboratoire américain.",
            "Il cible les lymphocytes T cytotoxiques.",
        ),
        (
            "et ça fait des réactions ?",
            "Aucun participant n'a présenté de réaction générale à l'injection.",
            "La voie sous-cutanée est réalisable à domicile.",
        ),
        (  # who, asked after "et" or at the end
            "et qui s'occupe de l'essai en france ?",
            "Porté par le Dr Yves Allenbach, un essai clinique nommé BIRD évaluera le baricitinib.",
            "Le baricitinib a été évalué chez les personnes atteintes de Covid-19.",
        ),
        (
            "le promoteur de l'essai c'est qui ?",
            "Le laboratoire Kezar promeut un essai clinique contre placebo.",
            "Son recrutement a été annoncé comme terminé en août 2021.",
        ),
        (  # which forms of myositis: named ones
            "Dans quelles formes de myosite est-il testé ?",
            "Un essai unique dans la dermatomyosite et la polymyosite réfractaires.",
            "Les mitochondries injectées sont extraites d'un prélèvement de muscle.",
        ),
        (  # a PDF may lose the space after a digit
            "il dure combien de temps pour chaque patient ?",
            "5mois et demi de suivi",
            "Un essai randomisé, en double aveugle contre placebo.",
        ),
        (  # "beaucoup" asks how many, or how often
            "et les traitements ont été arrêtés chez beaucoup d'enfants ?",
            "La Covid-19 a souvent entrainé une interruption du traitement (plus de 40% des cas).",
            "Des pédiatres ont mené l'enquête auprès des parents et des soignants.",
        ),
    ],
)
def test_the_shape_of_the_answer_asked_for_earns_a_bonus(question, good, bad) -> None:
    assert answer_type_bonus(question, good) > answer_type_bonus(question, bad)


def test_asking_whether_it_is_tried_favours_a_trial_or_its_section() -> None:
    question = "mon medecin parle du baricitinib, y a un essai en france ou pas ?"
    trial = "Porté par le Dr Yves Allenbach, un essai clinique nommé BIRD évaluera le baricitinib."
    indication = "Le baricitinib est indiqué dans la polyarthrite rhumatoïde."
    assert answer_type_bonus(question, trial) > answer_type_bonus(question, indication) == 0.0
    # a sentence under a section about a study is part of that study's description
    kept = "Les participants sont suivis à l'Institut de myologie."
    assert answer_type_bonus("il est testé en France ?", kept, "Deux exosquelettes à l'étude") > 0
    assert answer_type_bonus("il est testé en France ?", kept, "Le baricitinib") == 0.0


def test_a_place_named_in_a_comparison_is_not_where_it_happens() -> None:
    question = "y a un essai en france avec des cellules souches ? dans quelle ville ?"
    compared = "Une équipe du Kansas va conduire un essai de plus petite ampleur qu'en France."
    assert answer_type_bonus(question, compared) == 0.0
    assert answer_type_bonus(question, "L'essai doit se dérouler en France et en Italie.") > 0


def test_a_question_with_no_answer_type_earns_no_bonus() -> None:
    assert answer_type_bonus("C'est quoi une myosite ?", "En 2019, 500 personnes.") == 0.0
    # a relative "qui" asks no person
    question = "les gens qui ont une myosite peuvent faire du sport ?"
    assert answer_type_bonus(question, "Le Dr Allenbach porte un projet.") == 0.0


def test_why_for_what_purpose_asks_a_purpose_not_a_cause() -> None:
    question = "la biopsie, pourquoi faire ?"
    assert answer_type_bonus(question, "Elle permet de confirmer le diagnostic.") > 0
    assert answer_type_bonus(question, "Une fatigue liée à l'inflammation.") == 0.0


@pytest.mark.parametrize(
    "question",
    ["j'ai du mal à avaler, on peut faire quelque chose ?", "et ça se soigne comment ?"],
)
def test_asking_what_can_be_done_favours_a_sentence_on_treatment(question: str) -> None:
    how = "Une intervention sous anesthésie générale peut favoriser ce relâchement."
    treated = "Le traitement repose sur les corticoïdes."
    described = "Des difficultés à avaler sont très fréquentes dans les myosites."
    assert remedy_bonus(question, treated) > remedy_bonus(question, described) == 0.0
    assert remedy_bonus(question, how) > 0.0
    # it never calibrates: the confidence does not count it (answer_type_bonus)
    assert answer_type_bonus(question, treated) == 0.0
    assert remedy_bonus("C'est quoi une myosite ?", treated) == 0.0


def _answer(
    text: str, score: float, confidence: float | None = None, source_type: str = "forum"
) -> Answer:
    chunk = passage_of(text, source_type=source_type)
    confidence = score if confidence is None else confidence
    return Answer(text, chunk, 0, len(text), score, confidence=confidence)


def test_a_testimony_never_comes_before_an_institutional_answer_ranked_above_it() -> None:
    general = _answer("Les corticoïdes réduisent les défenses.", 0.65, 0.3, "institutional")
    testimony = _answer("Je prends bien mes 5 mg de cortisone.", 0.55, 0.5)
    # the testimony alone passes the threshold: it still comes after the general statement
    assert _institutional_first([general, testimony], 0.375) == [general, testimony]
    # an institutional answer that passes comes first, above a better-scored one that does not
    passing = _answer("Le traitement repose sur les corticoïdes.", 0.5, 0.4, "institutional")
    assert _institutional_first([general, testimony, passing], 0.375) == [
        passing,
        general,
        testimony,
    ]
    # a testimony holding the quoted words is what is looked for
    assert _institutional_first([testimony, general], 0.375, (" mes 5 mg ",))[0] is testimony
    # a forum's third-person synthesis is a statement, not a testimony: it keeps its rank
    synthesis = _answer("Le rituximab a montré des bénéfices dans des formes réfractaires.", 0.9)
    assert _institutional_first([synthesis, passing], 0.375) == [synthesis, passing]
    greeting = _answer("Bonjour, oui, il y a aussi des essais sur la myosite à inclusions.", 0.9)
    assert _institutional_first([greeting, passing], 0.375) == [passing, greeting]


def test_an_answer_in_the_first_person_ranks_below_a_general_statement_of_similar_score() -> None:
    testimony = _answer("Je prends bien mes 5 mg de cortisone, et j'ai moins mal.", 1.0)
    general = _answer("La prise en charge repose sur les corticostéroïdes.", 0.9)
    weak = _answer("Les corticoïdes réduisent la résistance aux infections.", 0.5)
    assert rank_testimonies_lower([testimony, general, weak]) == [general, testimony, weak]
    # a quarter above it is not enough either ("mes 5 mg de Cortisone" over "corticoïdes")
    said = _answer("Le traitement repose sur les corticoïdes.", 0.78)
    assert rank_testimonies_lower([testimony, said]) == [said, testimony]
    reply = _answer("Bonjour Rose, vous avez aussi un groupe privé sur facebook.", 1.0)
    assert rank_testimonies_lower([reply, general]) == [general, reply]
    # "mes" inside a word, or "m" without an apostrophe, is no first person
    measures = _answer("Les mesures du taux de CK (m/l).", 0.95)
    assert rank_testimonies_lower([general, measures]) == [measures, general]


def test_a_trial_box_title_gives_the_trials_distinctive_name() -> None:
    stem = analyzer().stem
    box = "5mois et demi de suivi\n\nEssai BIRD de phase III\n\nNCT04972760\n\nMai 2022"
    assert trial_name(box, "nct04972760", analyzer()) == {stem("bird")}
    drug = "Essai de phase II/III du ravulizumab\n\nNCT04999020"
    assert trial_name(drug, "NCT04999020", analyzer()) == {stem("ravulizumab")}
    # no title close above the id, or no id: no name
    far = "Essai BIRD\n\nune\n\ndeux\n\ntrois\n\nNCT04972760"
    assert trial_name(far, "nct04972760", analyzer()) == frozenset()
    assert trial_name(box, "nct00000000", analyzer()) == frozenset()


@pytest.mark.slow
def test_a_trial_box_title_answers_which_trial_but_nothing_else(assistant) -> None:
    """ "Essai de phase II du PF-06823859" names the trial: it does not say where it runs."""
    where = assistant.ask(
        "Et l'essai de phase II a-t-il lieu en France ?",
        ["Qu'est-ce que le PF-06823859 de Pfizer ?"],
    )
    assert "(mais pas en France)" in where.answers[0].text


@pytest.mark.parametrize(
    ("question", "which"),
    [
        ("Quel essai évalue le baricitinib ?", True),
        ("NCT04972760 : de quel essai s'agit-il ?", True),
        ("et ya un nouvel essai prevu apres ?", True),
        ("Et l'essai de phase II a-t-il lieu en France ?", False),
        ("Combien de participants dans l'essai BIRD ?", False),
    ],
)
def test_a_question_on_which_trial_is_told_from_one_on_a_trial(question, which) -> None:
    assert asks_which_trial(question) is which


def test_a_trial_id_asked_about_is_answered_by_the_prose_describing_the_trial(
    assistant,
) -> None:
    asked = assistant.ask("NCT04972760 : de quel essai s'agit-il ?").passages
    assert "nommé BIRD" in asked[0].text and "NCT04972760" in asked[1].text
    # a bare id asks where it is cited: the box first, then what the trial is
    bare = assistant.ask("NCT04972760").passages
    assert "NCT04972760" in bare[0].text and "nommé BIRD" in bare[1].text


@pytest.mark.slow
def test_a_trial_id_of_the_conversation_is_asked_about_as_if_named_again(assistant) -> None:
    # the id is cited only in the box and a link; the prose names the drug and the disease
    history = ["NCT04999020, c'est quel médicament ?"]
    follow_up = assistant.ask("et l'essai concerne quelle maladie ?", history)
    assert "ravulizumab chez les personnes atteintes de dermatomyosite" in follow_up.answers[0].text
    # a follow-up naming a subject of its own does not carry the trial
    other = assistant.ask("et le tofacitinib dans la dermatomyosite ?", history)
    assert "ravulizumab" not in other.answers[0].text


@pytest.mark.parametrize(
    ("question", "answer", "lacking"),
    [
        ("Quelle dose de ravulizumab est donnée ?", "Un essai de phase III est en cours.", True),
        ("quelle dose de cortisone ?", "Je prends bien mes 5 mg de cortisone.", False),
        # "quelle est la dose", "la dose recommandée" ask a measure as "quelle dose" does
        ("Quelle est la dose de méthotrexate ?", "Le méthotrexate est efficace.", True),
        ("la dose recommandée de MTX par semaine ?", "Il se prend une fois par semaine.", True),
        ("la dose recommandée de MTX ?", "De 15 à 25 mg par semaine.", False),
        ("combien ça coûte une cure d'Ig ?", "Les Ig se font à l'hôpital.", True),
        ("une consultation ça coute combien ?", "Les coûts restent un défi.", True),
        ("il lui reste combien de temps à vivre ?", "Aucun essai n'est en cours.", True),
        ("et la prise de sang, tous les combien ?", "Elle surveille le foie.", True),
        ("et la prise de sang, tous les combien ?", "Une prise de sang tous les mois.", False),
        ("ça commence à quel âge ?", "Elle débute dans l'enfance ou à l'âge adulte.", False),
        ("ça dure combien d'heures ?", "La perfusion se fait à l'hôpital.", True),
        # a rate is a percentage or "n sur m", not the digit of a name ("anti-MDA5")
        ("Quel est le taux de survie à 10 ans ?", "La DM anti-MDA5 est grave.", True),
        ("Quelle proportion de répondeurs ?", "Ils étaient 78,7 % sous IgIV.", False),
        ("Quelle proportion de répondeurs ?", "Ils étaient 8 sur 10 à répondre.", False),
        ("c'est quoi le numero pour prendre rdv ?", "La Pitié-Salpêtrière (Paris).", True),
        ("le téléphone du centre ?", "Appelez le 01 42 16 00 00.", False),
        ("vous connaissez un bon kiné à Bordeaux ?", "Le CHU de Bordeaux conduit l'étude.", True),
        ("mon kiné est bon, il m'aide", "La rééducation aide.", False),  # asks no one to see
        # an address is a street or a postcode; an amount is money
        ("l'adresse de l'Institut de Myologie ?", "L'Institut de Myologie mène des études.", True),
        ("l'adresse de l'Institut ?", "47 boulevard de l'Hôpital, 75013 Paris.", False),
        ("ces traitements s'adressent à qui ?", "Aux adultes.", False),
        ("quel montant pour la recherche ?", "La recherche progresse.", True),
        ("quel montant pour la recherche ?", "Près de 3 millions d'euros.", False),
        # how long one lives with it: years or a share, not "la qualité de vie"
        ("l'espérance de vie avec une MI ?", "Attention à la qualité de vie.", True),
        ("l'espérance de vie avec une MI ?", "La survie est de 90 % à 5 ans.", False),
        # a question that asks no measure never lacks one
        ("la cortisone ça marche ?", "Le traitement repose sur les corticoïdes.", False),
    ],
)
def test_an_answer_must_give_the_measure_asked_for(question, answer, lacking) -> None:
    assert lacks_measure(question, answer) is lacking


@pytest.mark.slow
def test_a_dose_the_documents_never_give_is_not_answered(assistant) -> None:
    result = assistant.ask("Quelle dose de ravulizumab est administrée dans l'essai ?")
    assert not result.answered
    assert assistant.ask("la dermatomyosite ça commence à quel âge ?").answered


@pytest.mark.parametrize(
    ("question", "yes_or_no"),
    [
        ("est ce que c hereditaire la myosite ?", True),
        ("la dermatomyosite c'est grave ?", True),
        ("c genetique ou pas ?", True),  # "ou" is "or" here, not "où"
        ("c'est quoi la calcinose ?", False),
        ("Qu'est-ce que l'ABC008 ?", False),
        ("où a lieu cet essai ?", False),
        ("c'est fait ou en France ?", False),
        ("pk ça fait mal ?", False),
    ],
)
def test_a_yes_or_no_question_is_told_from_one_asking_what(question: str, yes_or_no: bool) -> None:
    assert asks_yes_or_no(question) is yes_or_no


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "bonjour, est ce que c hereditaire la myosite ? jai 2 enfants et jai peur",
        "ma fille vient d etre diagnostiquee myosite, est ce que c hereditaire ??",
    ],
)
def test_a_yes_or_no_question_is_answered_by_what_the_thing_is_said_to_be(
    assistant, question
) -> None:
    """The sentence that says myositis is not hereditary comes before those on a
    genetic ground, which only mention genes."""
    assert "ne sont pas héréditaires" in assistant.ask(question).answers[0].text.replace("\n", " ")


@pytest.mark.slow
def test_the_reference_after_an_answer_is_its_source_not_more_of_it(assistant) -> None:
    """ "Pinal-Fernandez I et al. … 2022 Feb." follows the best sentence: its year is not
    the number asked for, so the sentence before, with the frequencies, joins instead."""
    top = assistant.ask(
        "Quelle est la fréquence des auto-anticorps anti-cortactine chez l'adulte atteint de "
        "dermatomyosite ?"
    ).answers[0]
    assert "dermatomyosite (15%)" in top.text
    assert "Pinal-Fernandez" not in top.text


def test_a_name_the_corpus_lacks_lowers_the_confidence_more_than_a_french_word() -> None:
    assert unknown_words_factor(()) == 1.0
    assert unknown_words_factor(("trottinette",)) == UNKNOWN_WORD_FACTOR
    assert unknown_words_factor(("plaquenil",)) < unknown_words_factor(("trottinette",))
    # a typo of a French word the spelling step could not mend is not a name
    assert unknown_words_factor(("pulient",)) == UNKNOWN_WORD_FACTOR
    assert unknown_words_factor(("cbd",)) < UNKNOWN_WORD_FACTOR  # too short to tell
