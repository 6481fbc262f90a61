"""Follow-up questions resolved with the earlier turns, by rules: the earlier questions'
words become context, searched with the new question but weighing less than its own words;
a question without a subject of its own takes the earlier subject at full weight."""

from __future__ import annotations

import pytest

from myoqa.conversation import entities, names_subject, resolve
from myoqa.lexicon import load_lexicon

IBM_TRIALS = "Quels essais dans la myosite à inclusions ?"


def test_without_history_the_question_is_searched_as_asked() -> None:
    resolution = resolve("Et pour la dermatomyosite ?", [])
    assert resolution.query == resolution.question == "Et pour la dermatomyosite ?"
    assert resolution.context == () and not resolution.used_history


def test_new_subject_keeps_the_earlier_request_as_context() -> None:
    resolution = resolve("Et pour la dermatomyosite ?", [IBM_TRIALS])
    assert resolution.used_history
    assert resolution.question == "Et pour la dermatomyosite ?"
    assert "essais" in resolution.context
    assert "dermatomyosite" not in resolution.context  # the question's own words weigh fully
    assert 0 < resolution.context_weight < 1


def test_a_new_name_replaces_only_an_earlier_name_of_its_kind() -> None:
    """A drug replaces a drug and a disease a disease; the other kind stays as context."""
    ruxolitinib = resolve(
        "Et le ruxolitinib ?", ["Le tofacitinib marche-t-il contre la calcinose ?"]
    )
    assert "calcinose" in ruxolitinib.context and "tofacitinib" not in ruxolitinib.context
    calcifications = resolve(
        "et sur les calcifications sous la peau, ça fait qqch ?",
        ["le tofacitinib ça a marché dans la dermatomyosite qui resiste aux traitements ?"],
    )
    assert "tofacitinib" in calcifications.context
    # a disease for a disease: the earlier one goes
    assert "inclusions" not in resolve("Et pour la dermatomyosite ?", [IBM_TRIALS]).context


def test_a_turn_saying_avec_ca_leans_on_the_one_before() -> None:
    """ "diagnostiqué avec ça, anti-Jo1" names the antibody of the earlier disease: the
    disease stays the subject of the next question."""
    resolution = resolve(
        "et ya un risque de cancer avec ?",
        [
            "c quoi le syndrome des antisynthetases",
            "mon frere vient d'etre diagnostiqué avec ca, anti jo1",
        ],
    )
    assert "antisynthetases" in resolution.query
    # without "avec ça" the newest turn names its own subject
    assert (
        "antisynthetases"
        not in resolve(
            "et ya un risque de cancer ?",
            ["c quoi le syndrome des antisynthetases", "et le tofacitinib ?"],
        ).query
    )


def test_a_bare_new_subject_after_a_definition_asks_for_its_definition() -> None:
    resolution = resolve("Et pour la dermatomyosite ?", ["C'est quoi une myosite ?"])
    assert resolution.definition
    assert resolution.context == () and resolution.subject == ()  # not "myosite" again
    assert resolution.query == "Et pour la dermatomyosite ? [contexte : c'est quoi]"
    # a request of its own, or an earlier request that is not a definition, is kept as is
    assert not resolve(
        "Et pour la dermatomyosite, quels essais ?", ["C'est quoi l'IMAM ?"]
    ).definition
    assert not resolve("Et pour la dermatomyosite ?", [IBM_TRIALS]).definition
    assert not resolve("et chez les enfants ?", ["C'est quoi une myosite ?"]).definition
    # "c'est quoi les traitements… ?" asks for treatments, which the next subject keeps
    treatments = resolve(
        "et pour la myosite à inclusions ?", ["c quoi les traitements des myosites ?"]
    )
    assert not treatments.definition and "traitements" in treatments.context


def test_new_request_keeps_the_earlier_subject_as_its_subject() -> None:
    resolution = resolve(
        "Où a lieu cet essai ?", ["Quels essais pour le tofacitinib dans la calcinose ?"]
    )
    assert resolution.used_history
    assert {"tofacitinib", "calcinose"} <= set(resolution.subject)
    assert "tofacitinib" not in resolution.context


def test_a_question_without_subject_searches_the_earlier_one_like_its_own_words() -> None:
    resolution = resolve("C'est quel médecin qui s'en occupe ?", ["C'est quoi l'essai BIRD ?"])
    assert resolution.subject == ("bird",)
    assert resolution.query == "C'est quel médecin qui s'en occupe ? [contexte : bird essai]"


def test_a_length_of_follow_up_names_no_subject_of_its_own() -> None:
    earlier = ["Quel essai évalue le baricitinib en France dans la dermatomyosite ?"]
    resolution = resolve("Combien de participants sont prévus, et quelle durée de suivi ?", earlier)
    assert "baricitinib" in resolution.subject


@pytest.mark.parametrize("pointer", ["ce même médicament", "le même médicament"])
def test_the_same_thing_points_back_even_beside_a_new_name(pointer: str) -> None:
    """ "le Covid" is a name of the question's own, but "ce même médicament" is the drug
    of the earlier turn."""
    resolution = resolve(
        f"Et {pointer} a servi contre le Covid aussi ?",
        ["Où est décrit l'essai BIRD du baricitinib dans la dermatomyosite ?"],
    )
    assert "baricitinib" in resolution.subject


@pytest.mark.parametrize("pointer", ["ce medoc", "ce cachet", "ce truc"])
def test_a_lay_word_for_the_drug_points_back_beside_other_names(pointer: str) -> None:
    """ "médecin", "France", "hôpital" are names of the question's own; the drug it asks
    about is the earlier turn's."""
    resolution = resolve(
        f"y a un medecin en france qui monte un essai avec {pointer} ? a quel hopital ?",
        ["le baricitinib pour la dermatomyosite ça existe ?"],
    )
    assert "baricitinib" in resolution.subject


def test_only_the_names_of_the_earlier_turn_are_searched_as_its_subject() -> None:
    """ "développé par le laboratoire" said what the ABC008 is; the new question asks for
    its results: the name is searched as typed, the rest weighs as context."""
    resolution = resolve(
        "Et quels premiers résultats a-t-il donnés chez les participants ?",
        ["Qu'est-ce que l'ABC008 développé par le laboratoire Abcuro ?"],
    )
    assert resolution.subject == ("abc008",)
    assert {"developpe", "laboratoire"} <= set(resolution.context)


def test_a_request_of_its_own_replaces_the_earlier_request() -> None:
    resolution = resolve(
        "Et on la soigne comment ?", ["C'est quoi l'IMAM ?", "Comment la diagnostique-t-on ?"]
    )
    assert resolution.subject == ("imam",)
    assert "diagnostique" not in resolution.context
    # without a request of its own, the earlier one stays
    kept = resolve("Et chez l'enfant ?", ["Comment diagnostique-t-on l'IMAM ?"])
    assert "diagnostique" in kept.context


def test_the_most_recent_subject_wins() -> None:
    resolution = resolve(
        "Où a lieu cet essai ?",
        ["Quels essais pour le tofacitinib ?", "Et pour la myosite à inclusions ?"],
    )
    assert "inclusions" in resolution.subject
    assert "tofacitinib" not in resolution.subject + resolution.context


def test_a_complete_question_leans_less_on_the_history_than_a_follow_up() -> None:
    follow_up = resolve("Et pour la dermatomyosite ?", [IBM_TRIALS])
    complete = resolve("Quels sont les traitements de la dermatomyosite ?", [IBM_TRIALS])
    assert complete.context_weight < follow_up.context_weight


def test_an_explicit_change_of_subject_starts_afresh() -> None:
    question = "Autre question : la cortisone fait-elle grossir ?"
    resolution = resolve(question, [IBM_TRIALS])
    assert resolution.query == question and not resolution.used_history


def test_blank_history_entries_are_ignored() -> None:
    resolution = resolve("Et pour la dermatomyosite ?", ["", "   "])
    assert resolution.query == "Et pour la dermatomyosite ?"
    assert not resolution.used_history


def test_the_question_itself_always_starts_the_shown_query() -> None:
    for question in ["Et pour la dermatomyosite ?", "Où a lieu cet essai ?", "Et chez l'enfant ?"]:
        resolution = resolve(question, [IBM_TRIALS])
        assert resolution.query.startswith(question)
        assert all(w in resolution.query for w in resolution.subject + resolution.context)


def test_a_pronoun_pointing_back_keeps_the_earlier_subject_even_beside_other_names() -> None:
    resolution = resolve(
        "Il y a des hôpitaux en France qui le testent ?", ["Le ravulizumab, c'est quoi ?"]
    )
    assert resolution.subject == ("ravulizumab",)


def test_an_inverted_pronoun_keeps_the_earlier_subject_even_beside_other_names() -> None:
    # "est-il" stands for the zetomipzomib: it is searched as a subject, not as context
    resolution = resolve(
        "Dans quel essai est-il testé dans la dermatomyosite ?", ["Qu'est-ce que le zetomipzomib ?"]
    )
    assert resolution.subject == ("zetomipzomib",)


def test_a_question_naming_its_own_subject_does_not_take_the_theme_word_back() -> None:
    # "l'" stands for the rituximab; the IMAM replaces "myosite", the corpus's theme
    earlier = ["Le rituximab ça marche dans la myosite ?"]
    question = "et dans l'IMAM on l'utilise aussi ?"
    resolution = resolve(question, earlier, is_theme=lambda word: word == "myosite")
    assert resolution.subject == ("rituximab",)
    assert "myosite" in resolve(question, earlier).subject  # without a theme, kept
    # a question without a subject of its own keeps the theme word too
    alone = resolve("on l'utilise aussi ?", earlier, is_theme=lambda word: word == "myosite")
    assert "myosite" in alone.subject


def test_an_inversion_is_not_a_pointer_back() -> None:
    resolution = resolve("La dermatomyosite est-elle héréditaire ?", [IBM_TRIALS])
    assert resolution.subject == ()


def test_an_earlier_turn_that_leans_back_passes_on_the_subject_before_it() -> None:
    history = ["Qu'est-ce que le zetomipzomib ?", "Dans quel essai est-il testé dans la DM ?"]
    resolution = resolve("Et quels sont les résultats ?", history)
    assert "zetomipzomib" in resolution.subject
    assert "dm" in resolution.subject


def test_an_earlier_turn_with_its_own_subject_ends_the_walk_back() -> None:
    history = ["Qu'est-ce que le zetomipzomib ?", "La dermatomyosite est-elle héréditaire ?"]
    resolution = resolve("Et ses effets ?", history)
    assert "zetomipzomib" not in resolution.subject


def test_a_common_word_names_an_aspect_of_the_earlier_subject_not_a_new_one() -> None:
    # "poumons" is a lexicon word but common French: the drug stays in the search
    resolution = resolve(
        "et ça a aidé aussi pour les poumons ?",
        ["le tofacitinib ça marche pour les boules de calcium de la dermato ?"],
    )
    assert "tofacitinib" in resolution.context and "marche" in resolution.context
    # a rare name replaces the earlier subject
    assert (
        "tofacitinib"
        not in resolve(
            "et ça a aidé pour la calcinose ?", ["le baricitinib ça marche dans la myosite ?"]
        ).context
    )


def test_a_common_word_in_the_plural_is_no_rarer_than_in_the_singular() -> None:
    # "centres" is rarer in French texts than "centre", but no more of a subject
    resolution = resolve(
        "Et dans combien de centres investigateurs ?",
        ["Dans le document AFM, qui mène l'étude INSPIRE-IBM ?"],
    )
    assert "inspire" in resolution.context and "ibm" in resolution.context


def test_a_turn_naming_only_a_common_word_does_not_end_the_walk_back() -> None:
    history = ["c'est quoi l'ABC008 ?", "c'est pour quelle maladie ?"]
    resolution = resolve("et les premiers résultats ils disent quoi ?", history)
    assert "abc008" in resolution.subject


def test_a_turn_naming_only_the_theme_does_not_end_the_walk_back() -> None:
    # "c'est pour quelle myosite ?" asks about the ABC008 of the turn before it
    earlier = ["ABC008 c koi ?", "c'est pour quelle myosite ?"]
    question = "et les premiers résultats donnent quoi ?"
    resolution = resolve(question, earlier, is_theme=lambda word: word.startswith("myosite"))
    assert "abc008" in resolution.subject + resolution.context
    without_theme = resolve(question, earlier)  # "myosite" is then a subject of its own
    assert "abc008" not in without_theme.subject + without_theme.context


def test_related_everyday_words_widen_a_search_but_never_name_a_subject() -> None:
    assert "verifier" in load_lexicon().expansions  # related_words.tsv is read
    assert not names_subject("verifier") and not names_subject("surveiller")
    resolution = resolve("et comment on le surveille ?", ["La myosite peut-elle toucher le cœur ?"])
    assert "myosite" in resolution.subject


def test_prepositions_and_numbers_of_lexicon_phrases_never_name_a_subject() -> None:
    # "sans force", "sous la peau", "deux fois" are lexicon phrases; their names stay names
    assert names_subject("force") and names_subject("peau")
    assert not any(names_subject(w) for w in ("sans", "sous", "contre", "deux"))
    # nor do bare numbers ("phase 3", "Covid 2" are lexicon phrases): "depuis 3 ans" is the
    # user's story, and a passage without "3" is not about something else
    assert not any(names_subject(w) for w in ("1", "2", "3", "2022"))
    # nor do quantities: "je dors 10h", "5mg", "1h30" are not codes as "mi2" is
    assert not any(names_subject(w) for w in ("10h", "5mg", "1h30", "20min"))
    assert names_subject("mi2") and names_subject("abc008") and names_subject("pl7")
    resolution = resolve("et sans traitement ?", ["La calcinose touche-t-elle les mains ?"])
    assert "calcinose" in resolution.subject


def test_a_verb_of_a_lexicon_phrase_never_names_a_subject() -> None:
    # "doser les anticorps" is a lexicon phrase: "doser" is what is done to a subject
    assert not names_subject("doser") and not names_subject("stabiliser")
    assert names_subject("anticorps") and names_subject("hospitalier")
    resolution = resolve(
        "ça sert a quoi de les doser alors ?",
        ["les anti-Mi2 peuvent disparaitre avec le traitement ?"],
    )
    assert "mi2" in resolution.subject


def test_side_effects_are_a_request_not_a_new_subject() -> None:
    # "secondaires" is a word of the lexicon's values, but it says what is asked
    assert not names_subject("secondaires") and not names_subject("indesirables")
    earlier = ["l'apremilast ça marche pour les plaques de la peau dans la dermatomyosite ?"]
    resolution = resolve("et niveau effets secondaires ?", earlier)
    assert {"apremilast", "dermatomyosite"} <= set(resolution.subject)


def test_how_serious_or_common_is_asked_about_the_earlier_subject() -> None:
    # "grave" is a word of the lexicon's values, but "et c'est grave ?" names nothing
    assert not names_subject("grave") and not names_subject("rare")
    resolution = resolve("et c'est grave ?", ["c'est quoi les anti-Mi2 ?"])
    assert resolution.subject == ("anti", "mi2") and not resolution.definition


def test_whether_it_gets_better_is_asked_about_the_earlier_subject() -> None:
    # "s'améliore" is no subject: "s'en sortir → amélioré" is a related-words line
    assert not names_subject("ameliore")
    earlier = ["l'IMAM on la diagnostique comment ?"]
    resolution = resolve("et y a une prise de sang pour savoir si ça s'ameliore ?", earlier)
    assert "imam" in resolution.context


def test_a_trial_phase_is_asked_about_the_earlier_subject() -> None:
    # "phase III" says which trial of the drug, not a subject that replaces it
    earlier = ["Quels résultats a donnés le lénabasum dans la dermatomyosite ?"]
    for question in ("Et qu'a donné le grand essai de phase III ?", "et l'essai de phase II ?"):
        assert "lenabasum" in resolve(question, earlier).subject


def test_who_is_concerned_narrows_the_earlier_subject() -> None:
    # "les enfants" is a lexicon word, but it says who, not what the question is about
    earlier = ["la myopathie nécrosante auto-immune, c'est à cause des statines ?"]
    resolution = resolve("et chez les enfants ça existe aussi ?", earlier)
    assert {"myopathie", "necrosante"} <= set(resolution.subject)
    assert "adultes" not in entities("et chez les adultes ?")


def test_where_a_trial_runs_narrows_the_earlier_subject() -> None:
    # "États-Unis" is a lexicon word, but it says where, not what is tested
    earlier = ["ma soeur a une myosite a inclusion", "c quoi la therapie cellulaire ?"]
    resolution = resolve("et aux etats unis ils testent ca aussi ?", earlier)
    assert "cellulaire" in resolution.subject + resolution.context
    assert not names_subject("unis") and not names_subject("france")


def test_the_earlier_turns_scaffolding_is_not_carried() -> None:
    # "le pédiatre a parlé de" tells who raised the subject: carried, "parle" pulled
    # the follow-up towards any passage that says "parle" and dropped the subject
    resolution = resolve(
        "et si le taux est élevé ça veut dire quoi ?",
        ["mon fils a une dermatomyosite juvénile, le pédiatre a parlé de Siglec-1, c'est quoi ?"],
    )
    carried = resolution.context + resolution.subject
    assert "siglec" in carried and "parle" not in carried
    assert (
        "demande"
        not in resolve(
            "Et quels résultats ?", ["Un membre demande si le lénabasum a été testé."]
        ).subject
    )


def test_a_pronoun_opening_the_question_stands_for_the_earlier_subject() -> None:
    history = ["le tofacitinib c'est quoi comme médicament ?"]
    # "maladies" names a subject, but "il" says the question is still about the drug
    assert (
        "tofacitinib" in resolve("et il est déjà utilisé pour d'autres maladies ?", history).subject
    )
    # an impersonal "il" points at nothing
    assert (
        "tofacitinib"
        not in resolve("il existe des essais dans la dermatomyosite ?", history).subject
    )


def test_words_an_earlier_turn_said_only_as_the_askers_story_are_not_carried() -> None:
    history = ["ma tante vient d'apprendre qu'elle a une IMAM, c'est quoi cette maladie ?"]
    resolution = resolve("et ça se soigne comment ?", history, is_story=lambda w: w == "tante")
    assert "imam" in resolution.subject and "tante" not in resolution.subject
    # when the earlier request is only story, the earlier subject is kept instead
    kept = resolve(
        "et y a des centres en France ?",
        ["c'est quoi le ravulizumab ? mon médecin m'a parlé d'un essai"],
        is_story=lambda w: w in {"medecin", "essai"},
    )
    assert "ravulizumab" in kept.context


def test_sms_spellings_of_an_earlier_turn_are_read_as_the_words_they_stand_for() -> None:
    resolution = resolve("et ça a marché chez qui ?", ["slt c koi le ruxolitinib ?"])
    carried = resolution.subject + resolution.context
    assert "ruxolitinib" in carried and not {"slt", "koi"} & set(carried)
