"""Follow-up questions resolved with the earlier turns, by rules (no generative model).

The words of the earlier questions become *context*: searched with the new question but
weighing less than its own words. So "Et pour la dermatomyosite ?" after "Quels essais
dans la myosite à inclusions ?" searches dermatomyosite first, with "essais" as context
(the new topic replaces the old one, the request stays); "Où a lieu cet essai ?" keeps the
earlier topic; "Autre question : ..." starts afresh.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from myoqa.lexical import fold, french_word_counts, french_words, words
from myoqa.lexicon import load_lexicon, read_lines, strip_scaffolding

# Words that point back at the earlier subject ("cet essai", "ce même médicament", "ses
# effets", "qui le teste", "comment la soigne-t-on"), as opposed to an inversion ("La
# myosite est-elle ...").
_POINTS_BACK = re.compile(
    r"\b(?:(?:cet|cette|ces|ce)\s+(?:memes?\s+)?|(?:le|la|les)\s+memes?\s+)"
    r"(?:essai|etude|traitement|medicament|maladie|molecule|anticorps|auto-anticorps|examen|"
    r"test|therapie|forme|produit|registre|programme|laboratoire|medoc|cachet|truc)s?\b|"
    r"\b(?:ses|son|sa|leurs?)\s+\w+|\b(?:le|la|les|l'|en|y|lui)\s*(?:\w+)?\s*-t-\w+\b|"
    r"\b(?:qui|on|ca|il|elle)\s+(?:le|la|les|l'|en|y)\s*\w+|\bs'(?:en|y)\b|"
    # "diagnostiqué avec ça", "des essais pour ça": the earlier subject
    r"\b(?:avec|pour|contre)\s+ca\b|"
    # a pronoun that opens the question is its subject ("et il est déjà utilisé ailleurs ?"),
    # unless it is impersonal ("il y a", "il faut", "il existe")
    r"^\s*(?:et|mais|alors)?\s*(?:il|elle)s?\s+(?!(?:y|faut|fallait|existe|existait|s'agit|vaut|"
    r"suffit|arrive|semble|parait|reste|est\s+(?:possible|conseille|recommande|utile|important|"
    r"necessaire|vrai|normal|grave|frequent|rare))\b)\w+"
)
# A question that leans on the earlier turns: it points back, or opens like a follow-up.
_FOLLOW_UP = re.compile(
    _POINTS_BACK.pattern + r"|^\s*(?:et|mais|alors|aussi|ensuite|meme)\b|"
    r"-t-(?:on|il|elle|ils|elles)\b|\b(?:est|sont)-(?:il|elle)s?\b|"
    r"^\s*(?:pour|dans|chez|avec|ou|quand|combien|qui)\b|\b(?:celui|celle|ceux|celles)-ci\b"
)
# An inverted pronoun with no noun before it ("Dans quel essai est-il testé ?"): the
# pronoun stands for the subject of an earlier turn.
_INVERTED_PRONOUN = re.compile(
    r"^(?:(?!\b(?:le|la|les|l'|un|une|des|du)\b).)*?\b\w+-(?:t-)?(?:il|elle)s?\b"
)
_NEW_SUBJECT = re.compile(
    r"\b(?:autre (?:question|chose|sujet)|rien a voir|changeons de sujet|nouvelle question|"
    r"sinon|par ailleurs|question differente)\b"
)
# "c'est quoi X ?", "que veut dire X", "X, c'est quelle famille de médicament ?"
_DEFINITION_ASK = re.compile(
    # at the start of the question or of a clause ("Autre chose, c'est quoi une rhabdomyolyse ?")
    r"(?:^|[,;:.?!]|\b(?:et|bon|alors|sinon|mais|du coup)\b)\s*"
    # but "c'est quoi le plus important ?" asks what matters most, not what a thing is
    # nor does "c'est quoi qui se passe ?" (what happens) or "c'est quoi que je dois faire ?"
    r"(?:(?:c'?\s*est|c)\s+quoi(?!\s+(?:le|la|les)\s+(?:plus|moins|mieux|meilleure?s?|pire)\b)"
    r"(?!\s+(?:qui|que|qu')(?:\b|\s))|"
    # but "qu'est-ce que je peux faire ?" asks what to do
    r"qu'?\s*est[\s-]*ce\s+qu(?:e\s+|')(?!\s*(?:je|j|tu|il|ils|elle|elles|on|nous|vous|mon|ma|mes)\b)|"
    r"que\s+(?:veut\s+dire|signifie)|"
    r"definition|defini[rs]|ca\s+veut\s+dire\s+quoi|explique[rz]?(?:-moi)?|"
    # what a treatment or a test is made of: "en quoi consiste la plasmaphérèse ?"
    r"en\s+quoi\s+consiste)|"
    r"\b(?:(?:c'?\s*est|c)\s+quoi|veut\s+dire\s+quoi|qu'?\s*est[\s-]*ce\s+que\s+c'?\s*est|"
    r"consiste\s+en\s+quoi)"
    r"(?:\s+(?:exactement|au\s+juste|precisement|concretement|en\s+fait|donc))?"
    # a please or a thanks after it ("IMAM c quoi svp ?")
    r"(?:\s+(?:svp|stp|s'il\s+(?:vous|te)\s+plait|merci))?\s*(?:[?,;]|$)|"
    # what kind of thing it is: "c'est quelle famille de médicament ?", "quel type de…"
    r"\b(?:quel(?:le)?s?\s+(?:famille|type|sorte|genre|categorie|classe))\s+d|"
    # asked indirectly: "il demande ce qu'est l'IMAM", "ce que sont les anti-Mi2" (not
    # "est-ce que c'est grave ?")
    r"\bce\s+(?:qu'?\s*est|que\s+sont)\s+(?:un|une|des|le|la|les|l')"
)


EARLIER_TURNS = 3  # how far back a follow-up looks for its subject and request
MARKED_WEIGHT = 0.6  # a follow-up ("et pour...", "cet essai", "-t-on") leans on its context
UNMARKED_WEIGHT = 0.25  # a complete new question keeps only a light trace of the earlier ones


@dataclass(frozen=True)
class Resolution:
    query: str  # what is shown as searched: the question, plus its context if any
    question: str
    context: tuple[str, ...] = ()  # earlier content words, searched at ``context_weight``
    context_weight: float = 0.0
    subject: tuple[str, ...] = ()  # the earlier subject a question without one refers to
    # "Et pour la dermatomyosite ?" after "c'est quoi une myosite ?" asks what it is too
    definition: bool = False

    @property
    def used_history(self) -> bool:
        return bool(self.context or self.subject)


# "c'est quoi la suite ?", "c'est quoi la différence avec…" ask what comes next or what
# differs, not what a thing is
_NOT_A_THING = re.compile(r"\b(?:la suite|la difference|les differences)\b")


def asks_definition(question: str) -> bool:
    """The question asks what something is ("c'est quoi une IMAM ?")."""
    folded = fold(question)
    return bool(_DEFINITION_ASK.search(folded)) and not _NOT_A_THING.search(folded)


@lru_cache(maxsize=1)
def intent_words() -> frozenset[str]:
    return frozenset(fold(w) for w in read_lines("intent_words.txt"))


def content_words(text: str) -> list[str]:
    """The words of ``text`` that are searched, misspellings of the lexicon fixed: not
    scaffolding ("mon médecin m'a parlé de"), stop words or bare numbers."""
    lexicon = load_lexicon()
    # SMS spellings read as the words they stand for ("koi" → "quoi", a stop word)
    spelled = [v for w in words(text) for v in words(lexicon.misspellings.get(w, w))]
    return [
        w
        for w in strip_scaffolding(spelled, lexicon.scaffolding)
        if (w not in lexicon.stopwords and not w.isdigit()) or w.startswith("nct")
    ]


def topic_and_intent(text: str) -> tuple[list[str], list[str]]:
    """Content words that name the subject, and those that say what is asked."""
    intents = intent_words()
    content = content_words(text)
    return [w for w in content if w not in intents], [w for w in content if w in intents]


def resolve(
    question: str,
    history: list[str] | tuple[str, ...],
    is_theme: Callable[[str], bool] = lambda word: False,
    is_story: Callable[[str], bool] = lambda word: False,
) -> Resolution:
    """The search for ``question`` given the earlier questions (oldest first).

    ``is_theme`` tells the corpus's theme words ("myosite"), which a question naming a
    subject of its own does not take from the earlier turns; ``is_story`` the words an
    earlier turn said only to tell the asker's story ("ma tante vient d'apprendre…"),
    which are not carried."""
    history = [h for h in history if h and h.strip()]
    folded = fold(question)
    if not history or _NEW_SUBJECT.search(folded):
        return Resolution(question, question)
    named = entities(question)
    names = bool(named)
    own_subject = names and not _leans_back(folded)
    specific = own_subject and _names_own_subject(named)
    marked = bool(_FOLLOW_UP.search(folded))
    earlier_topic, earlier_intent = (
        [w for w in said if not is_story(w)] for said in _earlier(history, is_theme)
    )
    subject: list[str] = []
    if own_subject and not marked:
        context, weight = earlier_topic + earlier_intent, UNMARKED_WEIGHT
    elif (
        specific
        and _names_only(question)
        and asks_definition(history[-1])
        and not topic_and_intent(history[-1])[1]
    ):
        # the request kept is "what is it": the earlier subject would pull the answer back
        # ("c'est quoi les traitements habituels ?" asks for treatments, its request)
        query = f"{question} [contexte : c'est quoi]"
        return Resolution(query, question, definition=True)
    elif specific:
        # new subject, same request; with no request to keep, the old subject stays as
        # context. A new name replaces an earlier one of its kind only: "et sur les
        # calcifications ?" after a question on the tofacitinib keeps the drug
        kept = _other_kind(earlier_topic, named) if earlier_intent else []
        context, weight = (earlier_intent or earlier_topic) + kept, MARKED_WEIGHT
    elif own_subject:
        # an aspect of the earlier subject ("et pour les poumons ?"): both stay as context
        context, weight = earlier_topic + earlier_intent, MARKED_WEIGHT
    else:
        # no subject of its own ("Qui s'en occupe ?"): it is about the earlier one, which is
        # searched as if the user had typed it; the earlier request stays as context
        # only its names are searched so ("l'ABC008 développé par Abcuro" → abc008,
        # abcuro); the earlier turn's other words stay as context
        named_before = set(entities(" ".join(history[-EARLIER_TURNS:])))
        subject = [w for w in earlier_topic if w in named_before] or earlier_topic
        rest = [w for w in earlier_topic if w not in subject]
        # a request of its own ("Et on la soigne comment ?") replaces the earlier one
        # ("Comment la diagnostique-t-on ?"); "l'essai" or "quel médecin" do not
        replaced = REQUESTS if REQUESTS.intersection(topic_and_intent(question)[1]) else set()
        asked_before = [w for w in earlier_intent if w not in replaced]
        context, weight = asked_before + rest, MARKED_WEIGHT
        if names:
            # "et dans l'IMAM on l'utilise ?" points back to the drug but names its own
            # disease: the earlier "myosite" would pull the answer away from the IMAM
            subject = [w for w in subject if not is_theme(w)]
    own = set(content_words(question))
    subject = [w for w in dict.fromkeys(subject) if w not in own]
    context = [w for w in dict.fromkeys(context) if w not in own and w not in subject]
    if not context and not subject:
        return Resolution(question, question)
    query = f"{question} [contexte : {' '.join(subject + context)}]"
    return Resolution(query, question, tuple(context), weight, tuple(subject))


# What is asked about a disease or a drug: how it is treated, diagnosed, what it causes
# and what it risks. A follow-up asking one of them no longer asks the earlier one.
REQUESTS = frozenset(
    {"traitement", "traitements", "traiter", "soigner", "soigne", "guerir", "medicament"}
    | {"medicaments", "therapie", "therapies", "diagnostic", "diagnostiquer", "diagnostique"}
    | {"depister", "effet", "effets", "secondaire", "secondaires", "indesirable"}
    | {"indesirables", "tolerance", "toxicite", "symptome", "symptomes", "signe", "signes"}
    | {"cause", "causes", "risque", "risques"}
)

# Who is concerned narrows the earlier subject ("et chez les enfants ?"), never replaces it.
POPULATIONS = frozenset(
    {"enfant", "enfants", "enfance", "bebe", "bebes", "ado", "ados", "adolescent", "adolescents"}
    | {"adulte", "adultes", "femme", "femmes", "homme", "hommes", "agees", "ages"}
)
ROMAN_NUMERALS = frozenset({"i", "ii", "iii", "iv"})  # trial phases ("phase III")

# Where a trial runs ("et aux États-Unis ils testent ça aussi ?") narrows the earlier
# subject, as who is concerned does.
PLACES = frozenset(
    {"etats", "unis", "uni", "royaume", "nord", "americain", "americains", "americaine"}
    | {"britannique", "britanniques", "europeen", "europeenne", "paris", "france", "europe"}
)

# Searchable words of lexicon phrases ("sans force", "sous la peau", "deux fois") that are
# prepositions or numbers, or say how serious or common something is ("c'est grave ?"):
# they never name what a question is about.
NEVER_NAMES = frozenset(
    {"sans", "sous", "contre", "avant", "apres", "deux", "trois"}
    | {"grave", "gravite", "severe", "severes", "severite", "rare", "rares", "frequente"}
    | {"suivi", "suivis"}  # "quelle durée de suivi ?": how long, of the earlier trial
    | POPULATIONS
    | PLACES
)


@lru_cache(maxsize=1)
def entity_words() -> frozenset[str]:
    """Words that name a subject (disease, drug, test, acronym), from the lexicon files."""
    from myoqa.lexicon import SUBJECT_FILES, read_table

    names: set[str] = set()
    for name in SUBJECT_FILES:
        for key, values in read_table(name):
            if name != "synonyms.tsv":
                names.update(words(key))
            for value in values:
                names.update(words(value))
    verbs = {w for w in names if _infinitive(w)}
    return frozenset(names - verbs - load_lexicon().stopwords - intent_words() - NEVER_NAMES)


def _infinitive(word: str) -> bool:
    """A verb's infinitive in -er ("doser", "avaler"): what is done to a subject, never
    its name (lexicon phrases hold some: "doser les anticorps"). "doser" names no subject
    in "ça sert à quoi de les doser ?": the anti-Mi2 of the earlier turn stays the subject."""
    return word.endswith("er") and word[:-2] + "e" in french_words()


# A lexicon word this common in French texts ("fatigue", "faiblesse", "participer",
# "tête") does not name what a question is about, as "tofacitinib", "IMAM", "biopsie" or
# "sclérose" do: a passage without it is not about something else. Chosen on `dev` and the
# first two probe batches (README "Quality"): 1,000 measured the same, 10,000 less well.
SPECIFIC_SUBJECT_COUNT = 3_000

_CODE = re.compile(r"\b(?=\w*\d)(?=\w*[a-z])\w{3,}\b")  # abc008, nct04421677, mi2
# "2022", "10h", "5mg", "1h30": a quantity, not a word, nor a code
QUANTITY = re.compile(r"\d+(?:[a-z]{1,3}\d*)?")


def names_subject(word: str) -> bool:
    """A folded word that names a subject: a lexicon name or a code (abc008, mi2); a
    quantity ("3" of "depuis 3 ans", "10h" of "je dors 10h") names none."""
    return not QUANTITY.fullmatch(word) and (word in entity_words() or bool(_CODE.fullmatch(word)))


def names_specific_subject(word: str) -> bool:
    """A folded word that names a subject and is rare in French texts ("tofacitinib",
    "biopsie"), unlike lexicon words such as "fatigue" or "tête"."""
    return names_subject(word) and _rare(word)


def _rare(word: str) -> bool:
    """A folded word less common in French texts than ``SPECIFIC_SUBJECT_COUNT``, counted
    with its singular: "centres" is as common a word as "centre"."""
    counts = french_word_counts()
    singular = word[:-1] if len(word) > 3 and word[-1] in "sx" else word
    return max(counts.get(word, 0), counts.get(singular, 0)) < SPECIFIC_SUBJECT_COUNT


def entities(text: str) -> list[str]:
    """The subject-naming words of ``text``: lexicon names, codes, proper names."""
    # a trial's phase ("phase III") says which trial, not what the conversation is about
    found = [w for w in content_words(text) if names_subject(w) and w not in ROMAN_NUMERALS]
    proper = re.findall(r"(?<![.?!]\s)(?<!^)\b[A-ZÀ-Ý][\w-]*[A-Z0-9][\w-]*|\b[A-Z]{2,}\b", text)
    return found + [fold(p) for p in proper if fold(p) not in ROMAN_NUMERALS]


@lru_cache(maxsize=1)
def drug_words() -> frozenset[str]:
    """Words of the drug names a user can type (drugs.tsv's first column)."""
    from myoqa.lexicon import read_table

    found = {w for key, _ in read_table("drugs.tsv") for w in words(key)}
    return frozenset(found - load_lexicon().stopwords - intent_words() - NEVER_NAMES)


def _other_kind(earlier: list[str], named: list[str]) -> list[str]:
    """The rare names of ``earlier`` of another kind (a drug, or not) than every name of
    ``named``."""
    drugs = drug_words()
    new_kinds = {w in drugs for w in named if _rare(w)}
    return [w for w in earlier if names_specific_subject(w) and (w in drugs) not in new_kinds]


def _names_own_subject(named: list[str]) -> bool:
    """A text whose ``entities`` are ``named`` names a subject of its own: a rare name
    ("tofacitinib", "IMAM", "ABC008"), not only a common word that names an aspect of the
    earlier one ("et pour les poumons ?", "c'est pour quelle maladie ?", "combien de temps
    durait le programme ?")."""
    return any(map(_rare, named))


def _earlier(
    history: list[str],
    is_theme: Callable[[str], bool] = lambda word: False,
    turns: int = EARLIER_TURNS,
) -> tuple[list[str], list[str]]:
    """The current subject and request of the conversation, walking back from the newest turn.

    Subject words are gathered back to the newest turn that names a subject of its own
    ("Qui le développe ?" leans on the turn before it, and so does "Dans quel essai est-il
    testé dans la dermatomyosite ?", and a turn naming only the corpus's theme, ``is_theme``:
    "c'est pour quelle myosite ?"); the request comes from the newest turn that has one.
    An explicit change of subject ends the walk.
    """
    topic: list[str] = []
    intent: list[str] = []
    subject_found = False
    for earlier in list(reversed(history))[:turns]:
        t, i = topic_and_intent(earlier)
        if not subject_found:
            topic += t
            named = [w for w in entities(earlier) if not is_theme(w)]
            subject_found = _names_own_subject(named) and not _leans_back(fold(earlier))
        intent = intent or i
        if (subject_found and intent) or _NEW_SUBJECT.search(fold(earlier)):
            break
    return topic, intent


def _names_only(question: str) -> bool:
    """The question is a bare subject ("Et pour la dermatomyosite ?", "et l'IMAM ?"), not
    a common word ("et chez les enfants ?", "et c'est difficile ?")."""
    found = content_words(question)
    return all(names_subject(w) for w in found) and any(names_specific_subject(w) for w in found)


def _leans_back(folded: str) -> bool:
    """The turn refers to an earlier subject ("cet essai", "qui le teste", "est-il")."""
    return bool(_POINTS_BACK.search(folded) or _INVERTED_PRONOUN.search(folded))
