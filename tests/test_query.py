"""Query analysis: scaffolding removed, spelling fixed, lexicon expansions kept apart from the
user's own words, and "c'est quoi X" recognised as a request for a definition."""

from __future__ import annotations

from pathlib import Path

import pytest

from myoqa.answering import answer_shape
from myoqa.index import analyzer
from myoqa.lexical import fold, same_word, words
from myoqa.lexicon import (
    keys_written_in,
    load_lexicon,
    read_table,
    rewrite_expressions,
    stem_idioms,
    strip_scaffolding,
)
from myoqa.query import (
    QueryAnalyzer,
    author_names,
    eponyms,
    names_a_disease,
    names_a_drug,
    one_edit_away,
    phrase_positions,
    quoted_fragments,
    respell,
)

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
VOCABULARY = frozenset(
    {
        "calcinose",
        "dermatomyosite",
        "myosite",
        "tofacitinib",
        "inclusions",
        "corticoides",
        "methotrexate",
        "hereditaires",
    }
)


@pytest.fixture(scope="module")
def queries() -> QueryAnalyzer:
    return QueryAnalyzer(load_lexicon(), analyzer(), VOCABULARY)


def stem(word: str) -> str:
    return analyzer().stem(word)


def test_the_reflexive_s_agir_is_scaffolding_but_agir_is_not(queries: QueryAnalyzer) -> None:
    # "de quel essai s'agit-il ?" asks which trial it is, not how something acts
    for question in ("NCT04999020 : de quel essai s'agit-il ?", "De quoi s’agit-il ?"):
        assert stem("agit") not in queries.analyze(question).terms
    assert stem("agit") in queries.analyze("le tofacitinib, comment ça agit ?").terms


def test_question_scaffolding_is_not_searched(queries: QueryAnalyzer) -> None:
    query = queries.analyze("Est-ce que la myosite est héréditaire ?")
    assert "est ce que" not in query.text
    assert set(query.terms) == {stem("myosite"), stem("hereditaire")}
    assert query.question == "Est-ce que la myosite est héréditaire ?"


@pytest.mark.parametrize(
    "question",
    [
        "NCT02317094 : est-ce que cet identifiant est cité dans nos documents ?",
        "La revue mentionne-t-elle NCT02317094 ?",
        "le document évoque NCT02317094 ?",
    ],
)
def test_words_pointing_at_the_documents_are_not_searched(
    queries: QueryAnalyzer, question: str
) -> None:
    # staff ask where a reference is; "document" or "cité" is not what the corpus must say
    assert set(queries.analyze(question).terms) <= {stem("nct02317094"), stem("revue")}


@pytest.mark.parametrize(
    ("question", "pointer"),
    [
        ("cette phrase est-elle bien dans nos docs ?", "phrase"),
        ("cette phrase est-elle bien dans nos docs ?", "docs"),
        ("quels chiffres sur les infections ?", "chiffres"),
        ("quel passage lui donner sur les infections ?", "passage"),
        ("quel passage lui donner sur les infections ?", "donner"),
        ("où est-il écrit que les anti-Mi2 disparaissent ?", "ecrit"),
        # what the moderator will do with it, and who asks, are no subject either
        ("quel passage de la brochure lui coller sur les infections ?", "coller"),
        ("je voudrais une réponse à coller dans le fil sur l'IMAM", "coller"),
        ("une adhérente demande comment se passe le suivi de Va-C-NEMUS", "adherente"),
        ("un adhérent veut savoir si le tofacitinib marche", "adherent"),
        # where the asker read it is no subject: "lu" and "texte" are never in the corpus
        ("j'ai lu sur un forum que le vaccin donne des myosites", "lu"),
        ("une membre a lu que la myosite augmente le risque d'infarctus", "lu"),
        ("un texte dit que les anti-cortactines sont fréquents", "texte"),
    ],
)
def test_the_sentence_or_figure_looked_for_is_not_searched(
    queries: QueryAnalyzer, question: str, pointer: str
) -> None:
    """The corpus never says "phrase" or "chiffres": searched, they were unknown words that
    lowered the confidence of the very sentence asked about."""
    query = queries.analyze(question)
    assert stem(pointer) not in query.terms and stem(pointer) not in query.unknown


@pytest.mark.parametrize(
    "question",
    [
        "combien d'essais cliniques en cours : quels chiffres donne le document ?",
        "les essais cliniques en cours, que rapporte la brochure ?",
    ],
)
def test_what_the_document_gives_is_no_request_for_results(
    queries: QueryAnalyzer, question: str
) -> None:
    """ "quels chiffres donne le document ?" points at the document; it is not "qu'a donné
    l'essai ?", which asks for results."""
    terms = queries.analyze(question).terms
    assert stem("resultats") not in terms and stem("donne") not in terms
    assert stem("rapporte") not in terms and stem("essais") in terms


def test_sms_shorthand_is_read_as_what_it_stands_for(queries: QueryAnalyzer) -> None:
    query = queries.analyze("jsp si le sport c bon, on m'a dit a l'hosto qu'il faut un rdv")
    assert "jsp" not in query.unknown and stem("hopital") in query.terms
    assert {"hosto → hôpital", "rdv → rendez-vous"} <= set(query.corrections)
    # none of them is a word the corpus lacks, which would lower the confidence
    known = frozenset(stem(w) for w in VOCABULARY | {"myosite", "fatigue"})
    knowing = QueryAnalyzer(load_lexicon(), analyzer(), VOCABULARY, known)
    assert (
        knowing.analyze("g une myosite, tjrs crevée mm qd je fais rien, qqn sait ?").unknown == ()
    )
    assert knowing.analyze("une myosite, tjrz crevée ?").unknown == ("tjrz",)
    assert knowing.analyze("une myosite, crevée lgtps ?").unknown == ()


def test_exercise_shorthand_and_just_are_not_searched_as_words(queries: QueryAnalyzer) -> None:
    """My "exos" are exercises; "je peux juste faire…" says "only", it is no subject word
    (both lowered the confidence of the sentence on supervised exercise)."""
    query = queries.analyze("je peux juste faire mes exos toute seule chez moi ?")
    assert stem("exercices") in query.terms and "exos → exercices" in query.corrections
    assert stem("juste") not in query.terms and stem("juste") not in query.unknown


@pytest.mark.parametrize(
    ("question", "hedge"),
    [("combien de personnes ont ça en gros ?", "gros"), ("ça touche qui à peu près ?", "pres")],
)
def test_a_hedge_is_not_searched(queries: QueryAnalyzer, question: str, hedge: str) -> None:
    assert stem(hedge) not in queries.analyze(question).terms


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("les thérapies ciblées, par exemple le rituximab ?", "exemple"),
        ("que sait-on concernant l'évolution de l'IMAM ?", "concernant"),
        ("et en cas de poussée on fait quoi ?", "cas"),
        ("il a progressé grâce à quoi ?", "grace"),
    ],
)
def test_a_phrasal_preposition_is_not_searched(
    queries: QueryAnalyzer, question: str, word: str
) -> None:
    assert stem(word) not in queries.analyze(question).terms


def test_all_the_time_is_not_a_duration(queries: QueryAnalyzer) -> None:
    """ "crevé tout le temps" says how often, not "combien de temps"."""
    query = queries.analyze("je suis crevé tout le temps avec ma polymyosite, c normal ?")
    assert stem("temps") not in query.terms


def test_being_on_a_drug_searches_the_drug_not_sous(queries: QueryAnalyzer) -> None:
    """ "je suis sous cortisone" takes cortisone; "sous" stays for "sous la peau"."""
    taking = queries.analyze("je suis sous cortisone et j'attrape tout, c normal ?")
    assert stem("sous") not in taking.terms and stem("cortisone") in taking.terms
    assert stem("sous") in queries.analyze("des boules dures sous la peau du bras ?").terms


def test_compared_with_is_not_the_noun_rapport(queries: QueryAnalyzer) -> None:
    """ "par rapport aux traitements classiques" compares; the documents' "rapport
    bénéfices / risques" is another thing."""
    query = queries.analyze("quels avantages par rapport aux traitements classiques ?")
    assert stem("rapport") not in query.terms
    assert stem("classiques") in query.terms


@pytest.mark.parametrize(
    "question",
    [
        "on m'a parlé d'IMAM pour mon père, la calcinose ?",  # elided "d'": no "de" left
        "c'est quoi la calcinose dont m'a parlé mon neuro ?",  # not "n'euro"
        "Autre chose : mon frère a une calcinose",
        "ma sœur a une calcinose",
        "mon papa a une calcinose",
    ],
)
def test_reported_speech_and_the_relative_asked_about_are_not_searched(question: str) -> None:
    known = frozenset(stem(w) for w in VOCABULARY)
    queries = QueryAnalyzer(load_lexicon(), analyzer(), VOCABULARY, known)
    query = queries.analyze(question)
    # the corpus never speaks of anyone's brother: he is not a word it fails to know
    assert query.unknown == ()
    assert stem("calcinose") in query.terms


def test_a_verb_the_corpus_lacks_is_unknown_only_in_the_clause_that_asks() -> None:
    """ "je tombe au travail", "on m'a conseillé" are the user's story; "ça
    fait tomber ?" asks about something the corpus never speaks of."""
    known = frozenset(stem(w) for w in VOCABULARY | {"malade", "dangereux", "cortisone"})
    queries = QueryAnalyzer(load_lexicon(), analyzer(), VOCABULARY, known)
    told = queries.analyze("je tombe au travail, la myosite c'est dangereux ?")
    assert "tombe" not in told.unknown and stem("tombe") in told.terms
    # also when the clause that asks has nothing of its own ("…, ça aide vraiment ?")
    assert queries.analyze("on m'a conseillé la cortisone, ça aide vraiment ?").unknown == ()
    assert "tomber" in queries.analyze("la cortisone ça fait tomber ?").unknown


def test_a_french_word_of_background_statements_is_the_users_story_not_unknown() -> None:
    """ "personne autour de moi comprend" tells the user's life when the clause that asks
    has words of its own; a disease name said around the question is still a subject."""
    known = frozenset(stem(w) for w in VOCABULARY | {"groupe", "malade", "traitement"})
    queries = QueryAnalyzer(load_lexicon(), analyzer(), VOCABULARY, known)
    story = queries.analyze(
        "personne ne comprend autour de moi. il existe un groupe pour les malades ?"
    )
    assert "autour" not in story.unknown and stem("autour") in story.background
    named = queries.analyze("mon neveu a une myopathie de duchenne, il existe un traitement ?")
    assert "duchenne" in named.unknown
    # in the clause that asks, the same word still counts against the corpus
    assert "autour" in queries.analyze("un groupe autour de la calcinose ?").unknown


def test_words_whose_stems_would_meet_other_corpus_words_are_not_searched(
    queries: QueryAnalyzer,
) -> None:
    """Folded and stemmed, "fils" meets "filaments", "gens" meets "gènes", "maintenant"
    meets "maintenir": they are the user's situation, not what is searched."""
    query = queries.analyze("mon fils a une calcinose, les gens disent que maintenant ça va")
    assert stem("calcinose") in query.terms
    assert not {stem("fils"), stem("gens"), stem("maintenant")} & set(query.terms)
    # a sentence adverb would meet its adjective ("normalement" → "un niveau normal")
    query = queries.analyze("le xeljanz normalement on le donne pour quelles maladies ?")
    assert stem("xeljanz") in query.terms
    assert stem("normal") not in query.terms


def test_words_that_only_frame_the_question_are_not_searched(queries: QueryAnalyzer) -> None:
    """ "là-dessus", "quant à", "presque", "suffit": as words the corpus lacks they lowered
    the confidence of questions they only frame."""
    query = queries.analyze("la polymyosite existe presque plus ? un passage là-dessus ?")
    assert not {stem("presque"), stem("dessus")} & set(query.terms)
    assert stem("polymyosite") in query.terms
    query = queries.analyze("IMAM comment on fait le diagnostic ? une prise de sang suffit ?")
    assert stem("suffit") not in query.terms
    assert {stem("diagnostic"), stem("sang")} <= set(query.terms)
    query = queries.analyze(
        "pourquoi mes jambes sont faibles alors que c'est calmé d'après la prise de sang ?"
    )
    assert stem("apres") not in query.terms
    assert {stem("jambes"), stem("sang")} <= set(query.terms)
    query = queries.analyze("et pour plus tard, les chercheurs misent sur quoi ?")
    assert stem("misent") not in query.terms and stem("chercheurs") in query.terms
    query = queries.analyze("l'imam ça se soigne avec quoi ? y a des médicaments spéciaux ?")
    assert stem("speciaux") not in query.terms and stem("medicaments") in query.terms
    query = queries.analyze("Wendel S et al. 2019 : où est-ce repris et qu'en retient la brève ?")
    assert not {stem("repris"), stem("retient")} & set(query.terms)
    query = queries.analyze("ils ont moins d'effets secondaires que la cortisone et compagnie ?")
    assert stem("compagnie") not in query.terms
    assert stem("cortisone") in query.terms
    query = queries.analyze("Quel pourcentage des adultes a des anti-cortactines ?")
    assert stem("pourcentage") not in query.terms
    assert answer_shape(query.spelled).search("15 %")  # the shape asked is still a share


def test_announcing_another_question_is_not_searched(queries: QueryAnalyzer) -> None:
    query = queries.analyze("Autre question : c'est quoi la calcinose ?")
    assert query.terms == (stem("calcinose"),)


def test_strip_scaffolding_removes_phrases_but_never_everything() -> None:
    assert strip_scaffolding(words("est ce que la myosite"), ("est ce que",)) == ["la", "myosite"]
    assert strip_scaffolding(words("est ce que"), ("est ce que",)) == ["est", "ce", "que"]


@pytest.mark.parametrize(
    "question",
    [
        "C'est quoi une myosite ?",
        "c est quoi la calcinose",
        "Qu'est-ce que la dermatomyosite ?",
        "La myosite à inclusions, c'est quoi ?",
        "Que veut dire auto-immune ?",
        "Autre chose, c'est quoi une rhabdomyolyse ?",
        "Et c'est quoi la calcinose ?",
        "le tofacitinib c'est quelle famille de medicament ?",
        "Quel type d'anticorps est le rituximab ?",
        "maladie auto immune ça veut dire quoi exactement",
        "la calcinose c'est quoi au juste ?",
        "qu'est ce qu'un essai de phase 3 ?",
        "les echanges plasmatiques c quoi ? on m'en a parlé a l'hosto",
        "la plasmaphérèse ça consiste en quoi ?",
        "En quoi consiste la thérapie cellulaire ?",
        "un exosquelette c'est quoi, ça peut m'aider à marcher ?",
        "IMAM c quoi svp ? le neuro a parlé de ça pour mon mari",
        "c'est quoi la calcinose s'il vous plaît ?",
        "Un membre ne comprend pas ce qu'est une myosite de chevauchement.",
        "je voudrais savoir ce que sont les anti-Mi2",
    ],
)
def test_definition_questions_are_recognised(queries: QueryAnalyzer, question: str) -> None:
    assert queries.analyze(question).asks_definition


@pytest.mark.parametrize(
    "question",
    [
        "Quels traitements pour la calcinose ?",
        "Le tofacitinib marche-t-il ?",
        "anti-Mi2",
        "Est-ce que la cortisone fait grossir ?",
        "il y a combien de sortes de myosites ?",
        "on m'a parlé d'IMAM pour mon père, c'est quoi le plus important à faire ?",
        "c'est quoi le meilleur traitement ?",
        "risque cardiaque, qu'est ce que je peux faire au quotidien ?",
        "qu'est-ce qu'on peut faire contre la fatigue ?",
        "Et la suite, c'est quoi ?",  # what comes next
        "c'est quoi la différence avec les traitements d'avant ?",
        "pk ça touche la peau et les muscles ? c'est quoi qui se passe dans le corps",
        "c'est quoi qu'on doit faire en cas de poussée ?",
        "est-ce que c'est grave ?",
        "est ce que c'est héréditaire ?",
    ],
)
def test_other_questions_are_not_definition_requests(queries: QueryAnalyzer, question: str) -> None:
    assert not queries.analyze(question).asks_definition


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Quelle est la référence de l'essai japonais cité ?", True),
        ("quels sont les auteurs de l'article sur le tofacitinib ?", True),
        ("Brève anti-Mi2 : quel est le titre exact de l'article source ?", True),
        ("Donnez-moi la référence complète, svp", True),
        ("Pinal-Fernandez I et al. : quel est le titre de cet article ?", True),
        ("Et qui en sont les auteurs ?", True),
        # a pasted source or a reference followed by what it supports is no request for it
        ("« Source : NCT04941079 » : à quelle étude correspond ce numéro ?", False),
        ("Référence Briantais A et al., Semin Arthritis Rheum 2022 : quel résultat ?", False),
        ("Quel est le traitement de référence de la dermatomyosite ?", False),
    ],
)
def test_a_request_for_the_source_itself_is_recognised(
    queries: QueryAnalyzer, question: str, asks: bool
) -> None:
    assert queries.analyze(question).asks_reference is asks


def test_known_misspellings_are_corrected_and_reported(queries: QueryAnalyzer) -> None:
    query = queries.analyze("dermatomiosite traitement")
    assert stem("dermatomyosite") in query.terms
    assert any(c.startswith("dermatomiosite → dermatomyosite") for c in query.corrections)
    assert "dermatomyosite" in query.text


def test_near_misses_of_corpus_words_are_corrected(queries: QueryAnalyzer) -> None:
    query = queries.analyze("calcinoze")
    assert query.terms == (stem("calcinose"),)
    assert query.corrections == ("calcinoze → calcinose",)


def test_correct_words_are_left_alone(queries: QueryAnalyzer) -> None:
    assert queries.analyze("tofacitinib calcinose").corrections == ()


def test_a_french_word_is_not_corrected_into_another_corpus_word() -> None:
    vocabulary = VOCABULARY | {"familles", "montrer", "fatigue"}
    queries = QueryAnalyzer(load_lexicon(), analyzer(), vocabulary)
    # "filles" and "monter" are French words, not misspellings of "familles", "montrer"
    assert queries.analyze("mes filles").corrections == ()
    assert queries.analyze("monter escaliers").corrections == ()
    # a feminine form stems as the corpus's masculine ("fatiguée" as "fatigué"): no fix
    assert queries.analyze("elle est fatiguee").corrections == ()


def test_a_french_word_is_put_in_the_corpus_form_only_when_that_reads_better() -> None:
    vocabulary = VOCABULARY | {"survient", "occupent", "connaitre", "decollement"}
    queries = QueryAnalyzer(load_lexicon(), analyzer(), vocabulary)
    # the noun "survie" is not the verb "survient", whatever their common letters
    assert queries.analyze("la survie a cinq ans").corrections == ()
    # "occupe" stems to "occup", "occupent" does not: nothing to gain
    assert queries.analyze("qui occupe ce poste").corrections == ()
    # a conjugated verb is put in the infinitive the corpus writes
    assert queries.analyze("il connait la calcinose").corrections == ("connait → connaitre",)


@pytest.mark.parametrize(
    ("typed", "correction"),
    [
        ("lessai du tofacitinib", "lessai → essai"),  # l'essai, apostrophe lost
        ("antimi2 dermatomyosite", "antimi2 → anti mi2"),  # anti-Mi2, hyphen lost
        ("comben de myosites", "comben → combien"),  # a word of the lexicon files
    ],
)
def test_words_run_together_or_mistyped_are_put_back(typed: str, correction: str) -> None:
    vocabulary = VOCABULARY | {"anti", "essai"}
    known = frozenset(stem(w) for w in vocabulary | {"mi2"})
    queries = QueryAnalyzer(load_lexicon(), analyzer(), vocabulary, known)
    assert correction in queries.analyze(typed).corrections


def test_the_spelled_question_fixes_misspellings_and_keeps_the_rest_as_typed() -> None:
    vocabulary = VOCABULARY | {"fumer", "donner", "connaitre"}
    queries = QueryAnalyzer(load_lexicon(), analyzer(), vocabulary)
    # the dense model reads "myosie" and "combin" as other words: it gets the fixed question
    query = queries.analyze("Est-ce que fumer peut donner une myosie ? Et comben de myosites ?")
    assert query.spelled == "Est-ce que fumer peut donner une myosite ? Et combien de myosites ?"
    # another form of the same word is put in the corpus's form for the search only
    query = queries.analyze("Qui connait la calcinose ?")
    assert "connait → connaitre" in query.corrections
    assert query.spelled == "Qui connait la calcinose ?"


def test_a_mistyped_question_word_still_shapes_the_question() -> None:
    queries = QueryAnalyzer(load_lexicon(), analyzer(), VOCABULARY | {"definition"})
    query = queries.analyze("definiton de la calcinose")
    assert query.spelled == "definition de la calcinose"
    assert query.asks_definition


def test_authors_names_are_respelled_only_into_names_of_the_corpus() -> None:
    queries = QueryAnalyzer(load_lexicon(), analyzer(), frozenset({"greenberg"}))
    assert author_names("Moreau T, Martin L et al. Rev Med. 2023") == {"moreau", "martin"}
    # not into French words one letter away ("morceau", "marin")
    assert queries.analyze("Moreau T, Martin L et al. Rev Med. 2023").corrections == ()
    assert queries.analyze("Steven A Grenberg").corrections == ("grenberg → greenberg",)
    # any other word is fixed as before
    assert queries.analyze("Morceu de quoi ?").corrections == ("morceu → morceau",)


def test_disease_names_are_recognised_by_eponym_or_medical_suffix() -> None:
    assert eponyms("la myopathie de Duchenne ça se soigne ?") == {"duchenne"}
    assert eponyms("dystrophie musculaire de Duchenne") == {"duchenne"}
    assert names_a_disease("fibromyalgie") and names_a_disease("sarcoidose")
    assert not names_a_disease("myosite") and not names_a_disease("dose")
    assert not names_a_disease("quelquechose")  # "quelque chose" typed as one word


@pytest.mark.parametrize(
    ("question", "name", "corpus_words"),
    [
        ("la myopathie de Duchenne est-elle héréditaire ?", "duchenne", "myopathie héréditaire"),
        ("la fibromyalgie c'est une sorte de myosite ?", "fibromyalgie", "sorte myosite"),
        ("mon hypothyroidie donne les mêmes symptômes ?", "hypothyroidie", "symptômes"),
        # named after a person in the asker's story, it is still the subject asked about
        ("ma tante a la maladie de Pompe, c'est une sorte de myosite ?", "pompe", "sorte myosite"),
        # and so is a disease named by its medical suffix in the story
        (
            "j'ai de l'arthrose aux genoux en plus de ma polymyosite, ça aggrave ?",
            "arthrose",
            "genoux polymyosite aggrave",
        ),
    ],
)
def test_a_disease_the_corpus_never_names_is_a_missing_subject(
    question: str, name: str, corpus_words: str
) -> None:
    known = frozenset(analyzer().terms(corpus_words))
    queries = QueryAnalyzer(load_lexicon(), analyzer(), VOCABULARY, known)
    assert queries.analyze(question).names_missing
    # a name the corpus uses is not missing
    named = QueryAnalyzer(load_lexicon(), analyzer(), VOCABULARY, known | {stem(name)})
    assert not named.analyze(question).names_missing


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("la colchicine pour les calcifications ça marche ?", "colchicine"),
        ("je prends du Plaquenil, c'est compatible avec la myosite ?", "plaquenil"),
        ("la sclérose en plaques c'est de la même famille que la myosite ?", "sclerose en plaques"),
        ("mon frere a une sclerose en plaque, c'est pareil ?", "sclerose en plaques"),
    ],
)
def test_a_name_of_absent_names_the_documents_never_write_is_a_missing_subject(
    question: str, name: str
) -> None:
    """A drug without an INN suffix ("colchicine", a brand) or a disease of several words
    ("sclérose en plaques") is known from absent_names.txt; it counts only when the
    documents never write it (``Assistant`` works that out from the index)."""
    assert name in load_lexicon().absent_names and not names_a_drug(name)
    unwritten = QueryAnalyzer(load_lexicon(), analyzer(), VOCABULARY, unwritten_names={name})
    assert unwritten.analyze(question).names_missing
    written = QueryAnalyzer(load_lexicon(), analyzer(), VOCABULARY)
    assert not written.analyze(question).names_missing


def test_mistyped_scaffolding_is_still_scaffolding() -> None:
    vocabulary = VOCABULARY | {"existe", "registre"}
    queries = QueryAnalyzer(load_lexicon(), analyzer(), vocabulary)
    # spelling is fixed before the scaffolding goes: "comben" is "combien" of "il y a combien de"
    assert queries.analyze("il y a comben de myosites ?").terms == (stem("myosite"),)
    # a five-letter word is put back too, unless it is a French word ("marie" is not "mari")
    assert "exite → existe" in queries.analyze("exite-t-il un registre ?").corrections
    assert queries.analyze("ma fille est marie").corrections == ()


def test_a_mistyped_french_word_the_corpus_lacks_is_put_back_from_the_dictionary() -> None:
    known = frozenset(stem(w) for w in VOCABULARY | {"normale"})
    queries = QueryAnalyzer(load_lexicon(), analyzer(), VOCABULARY, known)
    query = queries.analyze("le tofacitinib on le donne normalment pour quoi ?")
    assert "normalment → normalement" in query.corrections
    assert not [w for w in query.unknown if w.startswith("normal")]  # the corpus has "normale"
    # an elided article run into a French word: "j'attrape" typed "jattrape"; but "quelue"
    # is "quelque" mistyped, not "qu'élue"
    assert "jattrape → attrape" in queries.analyze("la cortisone jattrape").corrections
    assert queries.analyze("ça sert a quelue chose").corrections == ("quelue → quelque",)
    # a word that is no French word and has no single neighbour stays as typed
    assert queries.analyze("tofacitinib xqzwv").corrections == ()


def test_an_everyday_word_the_corpus_lacks_is_the_users_life_not_an_unknown_subject() -> None:
    """ "fille" or "vient" say nothing the corpus could lack; "gluten" or "Duchenne" do."""
    queries = QueryAnalyzer(
        load_lexicon(), analyzer(), VOCABULARY, frozenset(stem(w) for w in VOCABULARY)
    )
    query = queries.analyze("ma fille vient d'avoir une dermatomyosite, le gluten est interdit ?")
    assert {stem("fille"), stem("vient")} <= query.chatter
    assert "gluten" in query.unknown and "fille" not in query.unknown
    assert stem("gluten") not in query.chatter
    assert stem("fille") in query.terms  # still searched: the dense model reads it too


def test_a_short_code_a_letter_off_is_put_back_to_the_one_code_of_the_corpus() -> None:
    known = frozenset(stem(w) for w in VOCABULARY | {"anti", "mi2", "mda5", "pl7", "pl12"})
    queries = QueryAnalyzer(load_lexicon(), analyzer(), VOCABULARY, known)
    assert queries.analyze("anti-MA5 poumons").corrections == ("ma5 → mda5",)
    assert queries.analyze("anti-i2 positif").corrections == ("i2 → mi2",)
    assert queries.analyze("anti-PL12").corrections == ()  # a code of the corpus
    assert queries.analyze("anti-PL2").corrections == ()  # pl7 or pl12: no single one
    assert "cd20" in queries.analyze("CD20").unknown  # nothing near: a code it lacks


def test_one_edit_away_covers_the_four_kinds_of_slip() -> None:
    near = one_edit_away("myosite")
    assert {"myosit", "moysite", "myosyte", "myossite"} <= near
    assert "myosite" in one_edit_away("myosie")


def test_a_word_is_not_cut_into_pieces_that_mean_nothing() -> None:
    vocabulary = VOCABULARY | {"statines", "eaux"}
    queries = QueryAnalyzer(load_lexicon(), analyzer(), vocabulary, frozenset(["stati", "ne"]))
    assert queries.analyze("statine").corrections == ("statine → statines",)
    assert queries.analyze("fables").corrections == ()  # a French word, left as typed


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("decollent", "decollement", True),
        ("existent", "existant", True),
        ("fatiguee", "fatigue", True),
        ("essaye", "essayez", True),
        ("filles", "familles", False),
        ("attendre", "atteindre", False),
        ("recette", "recente", False),
        ("revenir", "retenir", False),
    ],
)
def test_same_word_tells_inflections_from_other_words(a: str, b: str, same: bool) -> None:
    assert same_word(a, b) is same


def test_lexicon_expansions_are_reported_and_kept_apart(queries: QueryAnalyzer) -> None:
    query = queries.analyze("la cortisone")
    assert query.terms == (stem("cortisone"),)
    assert stem("corticoides") in query.expansion_terms
    assert not set(query.expansion_terms) & set(query.terms)
    assert any(e.startswith("cortisone →") for e in query.expansions)
    assert stem("corticoides") in query.stands_for[stem("cortisone")]


def test_a_red_swollen_injection_site_finds_the_local_reactions(queries: QueryAnalyzer) -> None:
    """The documents say "réactions locales (rougeur, gonflement…)"; "rouge" is not
    "rougeur" to the stemmer."""
    query = queries.analyze("après la piqûre ça devient rouge et gonflé, c'est normal ?")
    assert {stem("rougeur"), stem("reactions"), stem("locales")} <= set(query.expansion_terms)


def test_abroad_finds_what_the_documents_call_international(queries: QueryAnalyzer) -> None:
    """ "Et à l'étranger ?" after a question on France: "La base de données internationale
    EuroMyositis regroupe différents registres… européens"."""
    query = queries.analyze("Et à l'étranger ?")
    assert {stem("internationale"), stem("europeens")} <= set(query.expansion_terms)


@pytest.mark.parametrize(
    ("question", "found"),
    [
        ("l'étude en Italie sur les immunoglobulines", "italien"),  # "un centre expert italien"
        ("l'équipe allemande et son article", "allemagne"),
        ("y a des essais aux Pays-Bas ?", "neerlandais"),  # "des médecins néerlandais"
    ],
)
def test_a_country_finds_its_nationality_and_back(
    queries: QueryAnalyzer, question: str, found: str
) -> None:
    """The stemmer keeps "Italie" and "italien" apart; the documents say either."""
    assert stem(found) in queries.analyze(question).expansion_terms


def test_a_number_written_out_finds_its_digits(queries: QueryAnalyzer) -> None:
    """ "après douze semaines" meets the documents' "après 12 semaines"."""
    assert "12" in queries.analyze("après douze semaines de lénabasum ?").expansion_terms


def test_a_cuff_that_squeezes_the_arm_finds_the_restricted_blood_flow(
    queries: QueryAnalyzer,
) -> None:
    """ "un brassard qui serre le bras": the documents say the arteries are "comprimées"
    to cause "une restriction de la circulation du sang"."""
    query = queries.analyze("c koi ce sport avec un brassard qui serre le bras ?")
    assert {stem("comprimees"), stem("circulation")} <= set(query.expansion_terms)


@pytest.mark.parametrize(
    ("question", "found"),
    [
        ("pourquoi certains experts doutent que la polymyosite existe ?", "contestée"),
        ("cellcept c quoi ? la notice parle de greffe", "indiqué"),
        ("il n'arrive plus à se lever de sa chaise", "faiblesse"),
        ("échanges plasmatiques, on lui enlève son sang ?", "filtre"),
    ],
)
def test_lay_words_find_what_the_documents_say(
    queries: QueryAnalyzer, question: str, found: str
) -> None:
    assert stem(fold(found)) in queries.analyze(question).expansion_terms


def test_a_word_a_phrase_expansion_repeats_is_not_stood_for_by_the_others(
    queries: QueryAnalyzer,
) -> None:
    """ "sortes de myosites" → "types de myosites": "types" stands for "sortes" only; a
    sentence on "formes sévères de lupus" must not count as naming myositis."""
    query = queries.analyze("combien de sortes de myosites")
    assert stem("types") in query.stands_for[stem("sortes")]
    assert stem("myosites") not in query.stands_for


def test_a_key_the_documents_write_expands_nothing_when_its_expansions_restate_it() -> None:
    """ "prise de sang → prise de sang, taux sanguin…": when the documents say "prise de
    sang" themselves, the line adds nothing and is not shown as used; a lay key they never
    write ("maladie orpheline" → "maladies rares, médicament orphelin") expands every word."""
    lexicon = load_lexicon()
    written = QueryAnalyzer(
        lexicon, analyzer(), VOCABULARY, written_keys=frozenset(["prise de sang"])
    )
    query = written.analyze("une prise de sang")
    assert not query.expansion_terms and not query.expansions
    unwritten = QueryAnalyzer(lexicon, analyzer(), VOCABULARY)
    assert stem("sanguin") in unwritten.analyze("une prise de sang").expansion_terms
    query = unwritten.analyze("une maladie orpheline")
    assert stem("rares") in query.stands_for[stem("orpheline")]
    assert stem("rares") in query.stands_for[stem("maladie")]


def test_the_keys_written_in_the_documents_are_found_as_whole_words() -> None:
    texts = ["On fait une prise de sang.", "Les maladies rares…"]
    found = keys_written_in(
        load_lexicon(), analyzer(), lambda stems: [t for t in texts if stems[0][:4] in fold(t)]
    )
    assert "prise de sang" in found and "maladie rare" not in found  # "maladies" is not "maladie"


def test_patients_short_names_are_read_as_what_they_name(queries: QueryAnalyzer) -> None:
    """ "une dermato" is a dermatomyositis in patients' speech, not a mistyped
    "dermatologue"; "metho" is methotrexate."""
    query = queries.analyze("ma dermato revient, je reprends du metho ?")
    assert not any(c.startswith("dermato →") for c in query.corrections)
    assert stem("dermatomyosite") in query.expansion_terms
    assert "metho → méthotrexate" in query.corrections


def test_where_the_asker_read_or_heard_a_word_is_not_what_is_asked(queries: QueryAnalyzer) -> None:
    """ "je lis partout", "sur son compte rendu", "ce qu'on entend par", "h24", "cb": how
    people say where a word comes from or what they ask, not words a passage must hold."""
    for question in (
        "je lis partout que la polymyosite n'existe presque plus ?",
        "la signature interféron sur son compte rendu, ça veut dire quoi ?",
        "un membre ne comprend pas ce qu'on entend par thérapie ciblée",
        "crevée h24 avec ma dermato, on peut faire quoi ?",
        "la myosite ça touche cb de gens ?",
    ):
        query = queries.analyze(question)
        assert query.unknown == (), (question, query.unknown)
    assert "cb → combien" in queries.analyze("ça touche cb de gens ?").corrections
    assert queries.analyze("ce qu'on entend par thérapie ciblée ?").terms == ("therap", "cibl")


def test_a_drugs_nickname_names_the_drug(queries: QueryAnalyzer) -> None:
    """ "le tofa" is tofacitinib itself, so a passage about another drug ranks lower."""
    query = queries.analyze("le tofa on le donne deja pour d'autres maladies ?")
    assert "tofa → tofacitinib" in query.corrections
    assert stem("tofacitinib") in query.drug_names
    assert stem("ruxolitinib") in queries.analyze("le ruxo ça marche ?").drug_names


def test_text_message_spellings_and_fillers_are_read(queries: QueryAnalyzer) -> None:
    query = queries.analyze("ok pk jai tjs mal ?")
    assert {"pk → pourquoi", "jai → j'ai", "tjs → toujours"} <= set(query.corrections)
    assert "ok" not in query.terms
    assert queries.analyze("la calcinose c koi ?").asks_definition
    query = queries.analyze("ya un traitement ??")  # "il y a"
    assert "ya → y a" in query.corrections and query.unknown == ()
    query = queries.analyze("et sa a marché chez ki ? kel dose ?")
    assert {"ki → qui", "kel → quel"} <= set(query.corrections) and query.unknown == ()


def test_only_words_rare_in_everyday_french_name_a_specific_subject(
    queries: QueryAnalyzer,
) -> None:
    query = queries.analyze("la fatigue et la faiblesse sous tofacitinib, et pour une biopsie ?")
    # every lexicon name is a subject, but "fatigue" or "faiblesse" are everyday words
    assert {stem("fatigue"), stem("faiblesse")} <= query.subject_terms
    assert query.specific_subjects == {stem("tofacitinib"), stem("biopsie")}


def test_words_said_around_the_question_are_background(queries: QueryAnalyzer) -> None:
    query = queries.analyze(
        "mon fils a une dermatomyosite et l'école demande ses vaccins, c'est dangereux ?"
    )
    assert stem("ecole") in query.background and stem("demande") in query.background
    assert stem("dangereux") not in query.background  # the clause that asks
    assert stem("dermatomyosite") not in query.background  # a subject name
    assert query.background_weight < 1


def test_everyday_lexicon_words_asked_about_leave_the_story_as_background(
    queries: QueryAnalyzer,
) -> None:
    query = queries.analyze(
        "ma mère vient d'apprendre qu'elle a une myosite, c'est rare comme maladie ?"
    )
    # "rare" and "maladie" are lexicon words, but too common to name the subject: the
    # clause that asks has words of its own, so the story around it weighs less
    assert {stem("apprendre"), stem("vient")} <= query.background
    assert stem("myosite") not in query.background


def test_a_clause_that_asks_in_an_idiom_leaves_the_story_as_background(
    queries: QueryAnalyzer,
) -> None:
    """ "se transmettre à mes enfants" is read as "héréditaire": the clause that asks has
    words of its own once rewritten, so the story around it weighs less."""
    query = queries.analyze(
        "ma mère vient d'apprendre qu'elle a une myosite... est-ce que ça peut se "
        "transmettre à mes enfants ? j'ai deux filles"
    )
    assert stem("hereditaire") in query.terms and stem("hereditaire") not in query.background
    assert {stem("apprendre"), stem("filles")} <= query.background
    # "ça aide" asks whether it works: only the story is background, not its subjects
    query = queries.analyze("ma fille a une dermatomyosite, la créatine, ça aide vraiment ?")
    assert query.background == {stem("fille")}


def test_a_word_the_corpus_lacks_is_never_background() -> None:
    """A drug the corpus never names, said in the story around the question, is still
    what the question is about."""
    known = frozenset(stem(w) for w in VOCABULARY | {"dermato", "donner", "plaques", "rouges"})
    queries = QueryAnalyzer(load_lexicon(), analyzer(), VOCABULARY, known)
    query = queries.analyze(
        "mon dermato veut me donner du plaquenil pour les plaques rouges, ça marche bien ?"
    )
    assert "plaquenil" in query.unknown and stem("plaquenil") not in query.background
    assert stem("donner") in query.background


def test_the_story_after_what_is_x_is_background(queries: QueryAnalyzer) -> None:
    query = queries.analyze("c'est quoi une IMAM ? ma cousine a eu ce diagnostic après sa biopsie")
    assert stem("cousine") in query.background and stem("diagnostic") in query.background
    assert stem("imam") not in query.background


@pytest.mark.parametrize(
    "question",
    [
        "l'école demande ses vaccins à jour pour la dermatomyosite",  # no clause asks
        "est-ce que l'école peut demander les vaccins ?",  # one clause
        "Peux-tu me traduire « bonjour, comment allez-vous ? » en espagnol ?",  # a quote
        # the clause that asks is only scaffolding: the question is in the statement
        "La polymyosite existe encore comme diagnostic. Que dit la doc ?",
    ],
)
def test_no_background_without_a_clause_that_asks_something_of_its_own(
    queries: QueryAnalyzer, question: str
) -> None:
    assert queries.analyze(question).background == frozenset()


def test_a_question_a_moderator_relays_is_read_without_its_framing(
    queries: QueryAnalyzer,
) -> None:
    query = queries.analyze(
        "Un membre demande si la polymyosite existe encore. Quelle phrase puis-je citer ?"
    )
    assert query.background == frozenset()
    assert not {stem("membre"), stem("demande"), stem("phrase"), stem("citer")} & set(query.terms)
    assert stem("polymyosite") in query.terms
    # where the member is, not what they ask: "forum" would pull the forum's own posts
    query = queries.analyze(
        "Quelqu'un sur le forum voudrait des recommandations officielles sur la myosite à "
        "inclusions. Vous avez le passage ?"
    )
    assert stem("forum") not in query.terms
    assert stem("recommandations") in query.terms


def test_patients_words_for_the_doctor_and_for_very_are_read(queries: QueryAnalyzer) -> None:
    query = queries.analyze("le docteur dit que je suis super fatiguée")
    assert stem("medecin") in query.expansion_terms
    assert stem("super") not in query.terms  # an intensifier, like "très"


def test_modal_verbs_are_stopwords_in_every_tense(queries: QueryAnalyzer) -> None:
    query = queries.analyze("que faudrait-il faire, vaut-il mieux attendre, pourra-t-on guérir ?")
    assert not {stem("faudrait"), stem("vaut"), stem("pourra")} & set(query.terms)


def test_pointers_to_the_document_are_not_searched(queries: QueryAnalyzer) -> None:
    query = queries.analyze("Que dit le document sur l'essai ProDERM, selon l'étude citée ?")
    assert not {stem("document"), stem("citee")} & set(query.terms)
    assert stem("proderm") in query.terms


def test_how_common_a_disease_is_reads_as_its_prevalence(queries: QueryAnalyzer) -> None:
    query = queries.analyze("l'IMAM ça touche beaucoup de monde ?")
    assert stem("frequent") in query.terms
    assert stem("prevalence") in query.expansion_terms


def test_acronyms_expand(queries: QueryAnalyzer) -> None:
    query = queries.analyze("MTX")
    assert stem("methotrexate") in query.expansion_terms


def test_an_investigational_drug_expands_to_the_company_testing_it(queries: QueryAnalyzer) -> None:
    # The review names the drug with its developer, Kezar, and its trial, PRESIDIO.
    query = queries.analyze("le zetomipzomib ça marche ?")
    assert {stem("kezar"), stem("presidio")} <= set(query.expansion_terms)


def test_the_conjunction_car_is_not_the_acronym_car_t(queries: QueryAnalyzer) -> None:
    inquiet = queries.analyze("je suis inquiète car je n'arrive plus à avaler")
    assert not any("car-t" in line for line in inquiet.expansions)
    assert "car" not in inquiet.terms
    assert any("car-t" in line for line in queries.analyze("les CAR-T c'est quoi ?").expansions)


@pytest.mark.parametrize("question", ["le la les", "?!...", "   "])
def test_a_question_without_content_words_is_empty(queries: QueryAnalyzer, question: str) -> None:
    assert queries.analyze(question).is_empty


def test_an_inherited_subject_is_searched_and_expanded_like_the_users_words(
    queries: QueryAnalyzer,
) -> None:
    query = queries.analyze("Qui s'en occupe ?", ("essai",), 0.6, subject=("imam",))
    assert "imam" in query.terms and "imam" in query.topic_words
    assert any(line.startswith("imam →") for line in query.expansions)
    assert query.context_terms == ("essai",)


def test_quoted_and_pasted_text_is_kept_for_a_verbatim_lookup() -> None:
    assert quoted_fragments("« La stratégie traditionnelle reste essentielle »") == (
        " la strategie traditionnelle reste essentielle ",
    )
    assert quoted_fragments("Et “signature interféron” ?") == ()  # too short to be a quote
    assert quoted_fragments('Où lit-on "la faiblesse des muscles" ?')[0] == (
        " la faiblesse des muscles "
    )
    assert quoted_fragments("c'est quoi une myosite") == ()


def test_idioms_are_written_with_their_apostrophes() -> None:
    # "c est grave" would be the words c/est/grave, never found in "c'est grave" (est/grave)
    elided = {"c", "j", "d", "l", "m", "n", "s", "t", "qu"}
    keys = [key for key, _ in read_table("expressions.tsv")]
    assert not [key for key in keys if elided & set(words(key))]


@pytest.mark.parametrize("question", ["C'est grave ?", "c est grave ?", "C’est grave ?"])
def test_an_idiom_is_found_however_the_apostrophe_is_typed(
    queries: QueryAnalyzer, question: str
) -> None:
    assert "est grave → gravité" in queries.analyze(question).corrections


def test_a_conjugated_idiom_is_rewritten_too(queries: QueryAnalyzer) -> None:
    query = queries.analyze("la cortisone ça fait que j'attrape plus de microbes ?")
    assert "attrape → contracter" in query.corrections


@pytest.mark.parametrize(
    ("question", "reading"),
    [
        # an emphasis adverb inside an idiom does not hide it
        ("le tofacitinib, ça a vraiment marché ?", "ca a marche → efficace"),
        ("le tofacitinib, ça a réellement marché ?", "ca a marche → efficace"),
        ("le tofacitinib, ça a franchement marché ?", "ca a marche → efficace"),
        # "tout le temps" is scaffolding: "je suis tout le temps crevée" is "je suis crevée"
        ("je suis tout le temps crevée", "suis crevee → fatigue"),
        # catching everything going round is lower resistance to infections
        (
            "sous cortisone j'attrape tous les rhumes ?",
            "attrape tous les → résistance aux infections",
        ),
        (
            "je chope plus facilement les microbes ?",
            "chope plus facilement → résistance aux infections",
        ),
        # where cells are taken from is what they come from ("issues du tissu graisseux")
        ("on prend les cellules où ?", "on prend les cellules ou → cellules issues"),
        ("ces cellules viennent d'où ?", "viennent ou → issues"),
        # passing a disease on to one's children is heredity
        ("ma myosite peut passer à mes enfants ?", "passer a mes enfants → héréditaires"),
        ("la myosite ça se transmet aux enfants ?", "se transmet aux enfants → héréditaires"),
        ("c'est une maladie qui se transmet ?", "se transmet → héréditaires"),
        # memory and the mind: cognitive functions, as the documents say
        ("il va perdre la mémoire ?", "perdre la memoire → fonctions cognitives"),
        # pills to swallow are no swallowing trouble
        ("c'est une piqûre ou des cachets à avaler ?", "cachets a avaler → comprimés"),
        # what can be done against a symptom asks for its treatment
        ("je suis crevée, on peut faire quoi contre ?", "faire quoi contre → traitement"),
        ("qu'est-ce qui peut aider contre la fatigue ?", "peut aider contre → traitement"),
        # a member who walks badly is no treatment that "works"
        ("une membre qui marche difficilement demande…", "qui marche difficilement → marche"),
        # the longer idiom first: how it works is not whether it works, nor walking
        ("le tofacitinib, comment ça marche ?", "comment ca marche → mode d'action"),
        # without treatment, not by the patient (the self-injection reading of "tout seul")
        ("mes calcifications, ça va partir tout seul ?", "partir tout seul → spontanément"),
        ("la myosite c'est à cause de quoi ?", "a cause de quoi → cause"),
        # where a trial takes place: its investigating centres ("où" is a stop word)
        ("ça se passe où ?", "ca se passe ou → centres investigateurs"),
        ("Où a lieu cet essai ?", "ou a lieu → centres investigateurs"),
        # the market is not "ça marche"
        (
            "le tofacitinib est sur le marché pour la polyarthrite ?",
            "sur le marche → commercialisé",
        ),
        (
            "un nouveau medoc met combien de temps pour arriver en pharmacie ?",
            "arriver en pharmacie → mise sur le marché",
        ),
        ("sous cortisone je chope un rhume", "chope → contracter"),
        ("sous cortisone je chope tous les rhumes", "chope tous les → résistance aux infections"),
        (  # the documents say what a disease is not a synonym of
            "la myofasciite et l'IMAM, c'est la même maladie ?",
            "la meme maladie → synonyme",
        ),
        # the documents give a registry's or a trial's "objectif", never its "but"
        ("Et en Espagne ? Dans quel but ?", "dans quel but → objectif"),
        ("ils sont plus doux que la cortisone ?", "plus doux → mieux tolérés"),
        ("la myosite, on est combien à l'avoir ?", "on est combien → nombre de malades"),
        ("et pour les poumons ça a fait qqch ?", "ca a fait quelque chose → résultats"),
        ("le lénabasum ça fait planer ou pas ?", "fait planer → effet psychoactif"),
        ("et ça arrivera quand chez nous ?", "arrivera quand → mise sur le marché"),
        ("et les patients ils en pensent quoi ?", "en pensent quoi → avis"),
        (
            "ma force va revenir avec le traitement ?",
            "force va revenir → amélioration de la force musculaire",
        ),
        ("j'ai 72 ans et je perds de la force", "perds de la force → faiblesse musculaire"),
        ("et plus tard on pourra s'en servir chez soi ?", "chez soi → à domicile"),
        (
            "imam : comment ils ont pu savoir que c'était ça ?",
            "comment ils ont pu savoir → diagnostic",
        ),
    ],
)
def test_lay_phrasings_are_read_as_their_idiom(
    queries: QueryAnalyzer, question: str, reading: str
) -> None:
    assert reading in queries.analyze(question).corrections


def test_in_his_case_is_not_at_home(queries: QueryAnalyzer) -> None:
    """ "ça ne marche pas chez lui" says "in his case"; only "chez soi" or "chez moi" is home."""
    assert not any("domicile" in c for c in queries.analyze("ça marche pas chez lui ?").corrections)


@pytest.mark.parametrize("asked", ["c'est normal ?", "c normal ?", "est-ce normal ?"])
def test_is_it_normal_asks_about_what_was_said_before_it(
    queries: QueryAnalyzer, asked: str
) -> None:
    query = queries.analyze(f"la cortisone marche pas sur moi, {asked}")
    assert stem("normal") not in query.terms
    assert stem("cortisone") in query.terms


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Cmment agit le ravulizumab ?", "Comment agit le ravulizumab ?"),
        ("Parle-moi de l'essai INSPRE-IBM", "Parle-moi de l'essai INSPIRE-IBM"),
        ("le tofacitnib ça marche ?", "le tofacitinib ça marche ?"),
    ],
)
def test_a_fixed_misspelling_keeps_the_case_it_was_typed_in(typed: str, read: str) -> None:
    # the dense model reads the fixed question: "comment" is not "Comment" to it
    assert (
        respell(typed, {"cmment": "comment", "inspre": "inspire", "tofacitnib": "tofacitinib"})
        == read
    )


def test_a_mistyped_quote_is_looked_up_as_the_corpus_writes_it() -> None:
    queries = QueryAnalyzer(load_lexicon(), analyzer(), VOCABULARY | {"precieux", "cordon"})
    query = queries.analyze("« Le sang de cordon, un don préceux »")
    assert " le sang de cordon un don precieux " in query.quotes


def test_a_lexicon_phrase_is_found_with_one_word_inside_it(queries: QueryAnalyzer) -> None:
    # "petites boules dures sous la peau": the lay phrase with an adjective in it
    query = queries.analyze("j'ai des petites boules dures sous la peau")
    assert any(line.startswith("boules sous la peau →") for line in query.expansions)
    assert phrase_positions(3, 2) == ((0, 1), (1, 2), (0, 2), (0,), (1,), (2,))


def test_hard_lumps_are_not_a_duration(queries: QueryAnalyzer) -> None:
    # "dures" (hard) is not "ça dure" (how long), which still reads as a duration
    assert not any("durée" in line for line in queries.analyze("des boules dures").expansions)
    assert "ca dure → durée" in queries.analyze("ça dure longtemps ?").corrections


def test_a_long_word_the_corpus_writes_in_another_form_is_not_unknown() -> None:
    """ "interrompre" when the corpus says "interrompront": the corpus can be about it;
    a short word is not judged by its first letters ("descendre" / "descendants")."""
    vocabulary = VOCABULARY | {"interrompront", "descendants"}
    known = frozenset(stem(w) for w in vocabulary)
    queries = QueryAnalyzer(load_lexicon(), analyzer(), vocabulary, known)
    assert "interrompre" not in queries.analyze("peut-on interrompre la cortisone ?").unknown
    assert "descendre" in queries.analyze("peut-on descendre la cortisone ?").unknown


def test_what_comes_next_is_searched_as_the_future(queries: QueryAnalyzer) -> None:
    for question in ("Et la suite, c'est quoi ?", "et pour plus tard ?"):
        assert stem("futures") in queries.analyze(question).terms


def test_everyday_idioms_and_pointers_at_the_corpus_are_read(queries: QueryAnalyzer) -> None:
    # "la brochure", "le corpus" point at the documents; "en dehors de" and "faire gaffe"
    # are idioms, not a place outside and a blunder
    query = queries.analyze("d'après la brochure, est-ce cité dans le corpus ?")
    assert not {stem("brochure"), stem("corpus"), stem("corps")} & set(query.terms)
    assert "en dehors de → autres que" in queries.analyze("en dehors de la calcinose ?").corrections
    assert "faire gaffe → précautions" in queries.analyze("je dois faire gaffe ?").corrections
    assert (
        "comment ils ont su → diagnostic"
        in queries.analyze("comment ils ont su que c'était ça ?").corrections
    )
    published = analyzer().terms("publié")[0]
    assert published in queries.analyze("par qui a-t-il été rédigé ?").expansion_terms


def test_reported_beliefs_are_scaffolding(queries: QueryAnalyzer) -> None:
    # "il paraît qu'il y a…" (the elided "qu'" is dropped), "je croyais que…"
    for question in ("il paraît qu'il y a un essai ?", "je croyais que c'était un essai"):
        assert queries.analyze(question).terms == (stem("essai"),)


def test_a_quantity_with_its_unit_is_not_an_unknown_word() -> None:
    known = frozenset(stem(w) for w in VOCABULARY)
    queries = QueryAnalyzer(load_lexicon(), analyzer(), VOCABULARY, known)
    query = queries.analyze("je dors 10h et je prends 5mg, 1h30 de route, la myosite fatigue ?")
    assert not {"10h", "5mg", "1h30"} & set(query.unknown)


def test_a_place_is_searched_as_the_documents_name_it(queries: QueryAnalyzer) -> None:
    assert "lisbonne → lisboa" in queries.analyze("la revue de Lisbonne ?").expansions


def test_an_expansion_is_shown_once_when_its_word_is_asked_twice(queries: QueryAnalyzer) -> None:
    expansions = queries.analyze("l'essai est cité : de quel essai s'agit-il ?").expansions
    assert len(expansions) == len(set(expansions)) and expansions


def test_words_of_feeling_or_existence_need_not_be_in_the_answer(queries: QueryAnalyzer) -> None:
    query = queries.analyze("j'ai peur de la transmettre, existe-t-il un risque héréditaire ?")
    assert {stem("peur"), stem("existe")} <= query.chatter
    assert stem("peur") in query.terms  # still searched
    assert stem("hereditaire") not in query.chatter


def test_a_member_who_wants_to_understand_asks_a_question(queries: QueryAnalyzer) -> None:
    query = queries.analyze("Un membre voudrait comprendre comment agit l'ustékinumab.")
    assert stem("comprendre") not in query.terms
    assert stem("ustekinumab") in query.terms


def test_that_an_equivalent_exists_need_not_be_in_the_answer(queries: QueryAnalyzer) -> None:
    query = queries.analyze("Et en Espagne, il existe un équivalent ?")
    assert {stem("existe"), stem("equivalent")} <= query.chatter
    assert stem("espagne") not in query.chatter


def test_what_doctors_should_watch_besides_the_muscles(queries: QueryAnalyzer) -> None:
    query = queries.analyze(
        "à part les muscles, les docteurs sont censés surveiller quoi d'autre avec une myosite ?"
    )
    assert "a part les → autres que" in query.corrections
    assert stem("cense") in query.chatter
    # the recommendations say to be "attentif au risque de fracture…"
    assert stem("attentif") in query.stands_for[stem("surveiller")]


def test_where_and_how_often_the_asker_read_something_is_not_searched(
    queries: QueryAnalyzer,
) -> None:
    query = queries.analyze(
        "jlis des trucs contradictoires sur les anti mi2 : des fois c'est les muscles un peu "
        "touchés, des fois très touchés. c quoi la vérité ?"
    )
    assert {"jlis → je lis", "des fois → parfois"} <= set(query.corrections)
    assert not {stem("lis"), stem("fois"), stem("verite")} & set(query.terms)
    assert {stem("contradictoires"), stem("muscles")} <= set(query.terms)


def test_not_understanding_and_where_the_word_was_seen_are_not_searched(
    queries: QueryAnalyzer,
) -> None:
    query = queries.analyze(
        "c koi l'autophagie ? le mot revient dans tous les articles que je lis et jcomprends pas"
    )
    assert "jcomprends → je comprends" in query.corrections
    assert set(query.terms) == {stem("autophagie")}
    query = queries.analyze("c'est quoi le zetomipzomib, ce nom à coucher dehors ?")
    assert set(query.terms) == {stem("zetomipzomib")}
    # the killer white blood cells attack the fibres and destroy them
    query = queries.analyze("c koi qui detruit le muscle ? des globules blancs tueurs ?")
    assert stem("cytotoxiques") in query.stands_for[stem("tueurs")]
    assert stem("detruisent") in query.stands_for[stem("detruit")]
    assert stem("capte") not in queries.analyze("j'ai rien capté à la myosite").terms


def test_for_now_and_coming_back_are_said_as_the_documents_say_them(
    queries: QueryAnalyzer,
) -> None:
    query = queries.analyze(
        "les cellules du cordon, on s'en sert deja pour soigner ou c que de la recherche "
        "pour l'instant ?"
    )
    assert not query.unknown
    assert stem("utilisees") in query.terms
    query = queries.analyze("avec le tofacitinib les calcifications sont pas revenues ?")
    assert stem("apparue") in query.stands_for[stem("revenues")]


def test_everyday_words_the_documents_write_otherwise_are_not_unknown(
    queries: QueryAnalyzer,
) -> None:
    query = queries.analyze(
        "on me dit que j'ai plus de risque cardio, des exercices c'est carrément interdit ?"
    )
    assert stem("cardiovasculaire") in query.stands_for[stem("cardio")]
    assert stem("carrement") not in query.terms
    query = queries.analyze("de nouvelles calcifications peuvent apparaître sous traitement ?")
    assert stem("apparue") in query.stands_for[stem("apparaitre")]


def test_how_long_the_asker_has_had_it_is_their_story(queries: QueryAnalyzer) -> None:
    query = queries.analyze("sous cortisone depuis 6 mois, j'attrape tous les rhumes, normal ?")
    assert not {"6", stem("mois")} & set(query.terms)
    assert stem("cortisone") in query.terms
    assert queries.analyze("malade depuis deux ans, ça se soigne ?").terms == (
        stem("malade"),
        stem("traitement"),
    )
    # a duration asked, or a year, is no story
    assert stem("duree") in queries.analyze("suivis depuis combien de temps ?").terms
    assert "2019" in queries.analyze("le registre existe depuis 2019 ?").terms


def test_a_drug_stands_for_its_names_not_for_the_disease_it_is_tried_in(
    queries: QueryAnalyzer,
) -> None:
    # were "myosite à inclusions" a name of the phenylbutyrate, any passage on the disease
    # would name the drug ("l'IBM-FRS…" before the phenylbutyrate trial)
    query = queries.analyze("phenylbutyrate et IBM ?")
    assert stem("inclusions") not in query.stands_for[stem("phenylbutyrate")]
    query = queries.analyze("le thiosulfate ça marche ?")
    assert stem("calcinose") not in query.stands_for.get(stem("thiosulfate"), frozenset())


def test_when_the_asker_worries_about_is_not_searched(queries: QueryAnalyzer) -> None:
    query = queries.analyze("ça annonce quoi pour son traitement dans les prochains mois ?")
    assert not {stem("prochains"), stem("mois")} & set(query.terms)
    assert stem("traitement") in query.terms


def test_the_time_of_speaking_need_not_be_in_the_answer(queries: QueryAnalyzer) -> None:
    # the apostrophe cuts "aujourd'hui" into two words the answer would otherwise need
    query = queries.analyze("l'IMAM on la soigne comment aujourd'hui ? et actuellement ?")
    assert {stem("aujourd"), stem("hui"), stem("actuellement")} <= query.chatter
    assert stem("soigne") not in query.chatter


def test_emphasis_adverbs_and_a_whole_lay_idiom_are_read_away(queries: QueryAnalyzer) -> None:
    query = queries.analyze(
        "sous cortisone j'attrape tout ce qui passe, faut-il faire attention particulièrement ?"
    )
    assert stem("particulierement") not in query.terms
    assert stem("passe") not in query.terms  # "attraper tout ce qui passe": infections
    assert stem("infections") in query.terms


def test_a_lonely_patient_asking_for_others_finds_the_support_words(
    queries: QueryAnalyzer,
) -> None:
    query = queries.analyze("je me sens isolée, y a un groupe pour parler avec d'autres malades ?")
    assert {stem("echangent"), stem("accompagnee")} <= set(query.expansion_terms)


def test_what_a_thing_is_made_of_reads_as_the_documents_say_it(queries: QueryAnalyzer) -> None:
    query = queries.analyze("c'est fait de quoi ces boules sous la peau ?")
    assert stem("constitues") in query.terms


def test_the_specific_subjects_a_follow_up_takes_from_the_conversation(
    queries: QueryAnalyzer,
) -> None:
    query = queries.analyze("Comment la diagnostique-t-on ?", subject=("imam", "maladie"))
    assert query.carried_subjects == {stem("imam")}  # "maladie" is too common to name it
    assert queries.analyze("Comment diagnostique-t-on l'IMAM ?").carried_subjects == frozenset()


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Quels résultats pour l'essai ProDERM ?", {"proderm"}),
        ("Que sait-on de l'essai BIRD ?", {"bird"}),
        ("l'essai bird c quoi ?", set()),  # not written as a name
        ("Quels résultats pour l'essai XYZZYQ ?", set()),  # the corpus never uses it
        ("QUELS RÉSULTATS POUR L'ESSAI PRODERM ?", set()),  # all in capitals
    ],
)
def test_names_written_as_names_are_found(question: str, names: set[str]) -> None:
    known = frozenset(stem(w) for w in ("proderm", "bird", "essai", "resultats"))
    queries = QueryAnalyzer(load_lexicon(), analyzer(), VOCABULARY, known_stems=known)
    assert set(queries.analyze(question).proper_names) == names


def test_a_code_typed_in_two_pieces_is_joined_as_the_corpus_writes_it() -> None:
    known = frozenset(stem(w) for w in ("mi2", "anticorps"))
    queries = QueryAnalyzer(load_lexicon(), analyzer(), VOCABULARY, known_stems=known)
    query = queries.analyze('des anticorps "anti mi 2" dans ma prise de sang')
    assert "mi2" in query.terms and "mi" not in query.terms
    assert "mi 2 → mi2" in query.corrections
    assert '"anti mi2"' in query.spelled
    # a code the corpus does not write joined stays in two pieces
    assert "pl" in queries.analyze("anti pl 7").terms


def test_the_longest_idiom_is_read_first_whatever_the_file_order() -> None:
    # "se transmet" is given first; "se transmet aux enfants" holds more of the
    # question, so it is read instead and "enfants" is not left over as a word of its own
    idioms = stem_idioms(
        ((("se", "transmet"), "héréditaires"), (("se", "transmet", "aux", "enfants"), "x")),
        str,
    )
    tokens, notes = rewrite_expressions(["ca", "se", "transmet", "aux", "enfants"], idioms)
    assert tokens == ["ca", "x"] and notes == ["se transmet aux enfants → x"]


def test_an_idioms_meaning_is_not_read_again_as_another_idiom(queries: QueryAnalyzer) -> None:
    # "arriver en pharmacie pour…" → "mise sur le marché pour…", not "efficace pour"
    query = queries.analyze("ça met combien de temps pour arriver en pharmacie pour les myosites ?")
    assert not any("efficace" in c for c in query.corrections)
    assert "efficac" not in query.terms


def test_a_trial_id_of_the_conversation_is_asked_about_unless_a_new_subject_is_named(
    queries: QueryAnalyzer,
) -> None:
    """ "La France y participait-elle ?" after a question naming NCT01234567 asks about that
    trial; "et le tofacitinib ?" asks about something else."""
    follow_up = queries.analyze("La France y participait-elle ?", ("nct01234567",), 0.6)
    assert follow_up.trial_ids == ("nct01234567",)
    assert queries.analyze("et ça a marché ?", subject=("nct01234567",)).trial_ids == (
        "nct01234567",
    )
    other = queries.analyze("et le tofacitinib dans la calcinose ?", ("nct01234567",), 0.6)
    assert other.trial_ids == ()


def test_the_subject_taken_from_the_conversation_is_marked_as_carried(
    queries: QueryAnalyzer,
) -> None:
    query = queries.analyze("et les effets secondaires ?", subject=("aprémilast", "effets"))
    assert stem("aprémilast") in query.terms
    assert query.carried_terms == frozenset({stem("aprémilast")})  # "effets" is its own
    assert queries.analyze("et les effets secondaires ?").carried_terms == frozenset()


def test_a_time_said_for_emphasis_is_not_searched(queries: QueryAnalyzer) -> None:
    # "crevée du matin au soir" is tired all day long, not a question about the morning
    terms = queries.analyze("crevée du matin au soir avec ma polymyosite").terms
    assert stem("matin") not in terms and stem("soir") not in terms


def test_a_moderators_request_for_a_quotable_result_is_scaffolding(queries: QueryAnalyzer) -> None:
    # "citable" was corrected to "cotable" and searched
    query = queries.analyze("On me demande si les IgIV marchent. Y a-t-il un résultat citable ?")
    assert not any("cotable" in c for c in query.corrections)
    assert stem("citable") not in query.terms and stem("demande") not in query.terms


def test_despair_is_how_the_asker_feels_not_what_is_asked(queries: QueryAnalyzer) -> None:
    query = queries.analyze("risque pour le coeur, on peut faire quelque chose ou c foutu ?")
    assert stem("foutu") in query.chatter and "foutu" not in query.unknown


def test_an_official_document_for_the_doctor_is_the_pnds(queries: QueryAnalyzer) -> None:
    query = queries.analyze("Un membre cherche un document officiel à remettre à son médecin")
    assert stem("cherche") not in query.terms
    assert any(line.startswith("officiel → pnds") for line in query.expansions)


@pytest.mark.parametrize(
    ("question", "choice"),
    [
        ("le tofacitinib c en piqure ou en cachets ?", ("piqure", "cachets")),
        ("c'est la maladie ou le traitement ?", ("maladie", "traitement")),
        # "où" typed without its accent, after a verb, and "ou pas" offer no choice
        ("ça se passe ou en France ?", None),
        ("et l'essai il se fait ou en france ?", None),
        ("il aura lieu ou ?", None),
        ("c grave ou pas ?", None),
    ],
)
def test_a_choice_between_two_words_is_recognised(
    queries: QueryAnalyzer, question: str, choice: tuple[str, str] | None
) -> None:
    found = queries.analyze(question).alternatives
    assert found == ((tuple(stem(w) for w in choice),) if choice else ())


def test_worse_asks_how_severe(queries: QueryAnalyzer) -> None:
    # "et les anti-PL7 c pire ?": the documents say "plus sévère"
    assert stem("severe") in queries.analyze("et les anti-PL7 c pire ?").expansion_terms


def test_a_sore_throat_is_an_infection(queries: QueryAnalyzer) -> None:
    assert stem("infections") in queries.analyze("des angines à répétition").expansion_terms


def test_some_kind_of_and_help_to_walk_are_read_as_meant(queries: QueryAnalyzer) -> None:
    # "des sortes de robots" is something like robots, not kinds of them; and a device
    # that helps to walk assists movements, as the documents say of exoskeletons
    query = queries.analyze("y a des sortes de robots pour aider a marcher ?")
    assert stem("sortes") not in query.terms
    assert "aider a marcher → assistance aux mouvements" in query.corrections


@pytest.mark.parametrize(
    ("question", "drugs"),
    [
        ("l'essai de l'ultomiris, il y a des centres en France ?", {"ultomiris"}),  # a brand
        ("et l'anifrolumab ?", {"anifrolumab"}),  # shaped like an international name
        ("anti-HMGCR et cancer ?", set()),  # "anti" is a piece of a code
        ("le cellcept c quoi a la base ?", {"cellcept"}),
    ],
)
def test_the_drugs_a_question_names_are_found(
    queries: QueryAnalyzer, question: str, drugs: set[str]
) -> None:
    assert queries.analyze(question).drug_names == {stem(w) for w in drugs}
