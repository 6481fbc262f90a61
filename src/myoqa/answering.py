"""Pick the answer: the best one to three contiguous sentences of the best passages.

Each sentence of the retrieved passages is scored on what it shares with the analysed
query (idf-weighted coverage of the user's words, expansions weighing less), its dense
similarity to the question, the rank of its passage, and definition patterns for
"c'est quoi X" questions. The text returned is a verbatim slice of the passage.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from myoqa.chunking import LIST_GOES_ON, is_reference, word_count
from myoqa.cleaning import is_prose
from myoqa.index import LoadedIndex, linked_trials
from myoqa.lexical import FrenchAnalyzer, fold, padded_words, words
from myoqa.lexicon import read_table
from myoqa.models import Answer, Chunk, Hit, Span
from myoqa.query import TRIAL_ID, AnalyzedQuery

# Feature weights; chosen on the dev split of eval/questions.jsonl (README "Quality").
W_LEXICAL = 0.55
W_DENSE = 0.45
W_PASSAGE = 0.10
W_BM25 = 0.3  # the passage's BM25 score relative to the best hit: ranks, does not calibrate
EXPANSION_CREDIT = 0.7  # a matched expansion counts for 70 % of the user's word it stands for
# A query word found in the passage or its section title but not in the sentence: the
# subject (a drug, a disease) is often named once and then referred to ("il", "ce
# traitement"); what is asked about (effects, results) must be in the sentence itself.
AROUND_CREDIT = 0.5
AROUND_CREDIT_SUBJECT = 0.8
W_PHRASE = 0.15  # the query's word pairs found side by side: "sclérose en plaques", a quote
DEFINITION_BONUS = 0.2  # chosen on `dev` and the first probes with WEAK_DEFINITION (README)
WEAK_DEFINITION = 0.5  # share of the bonus for "X est considérée comme…", "X se caractérise…"
QUOTE_BONUS = 0.3  # the sentence holds a quoted or pasted fragment word for word
# A passage that never names a specific subject of the question (a drug, a disease, a
# code; ``AnalyzedQuery.specific_subjects``), nor does its section or document title, is
# about something else: "la maladie de Steinert c'est héréditaire ?" is not answered by
# "Ces maladies auto-immunes ne sont pas héréditaires".
SUBJECT_MISSING_FACTOR = 0.75
# a passage that does not name a name the question writes as one ("l'essai ProDERM");
# 0.8–0.9 rank alike on the read probes, 0.75 loses "que dit l'AFM de cette étude ?"
NAME_RANK_FACTOR = 0.85
SHORT_SENTENCE_WORDS = 6
# A passage continues the one before it: "les résultats de cet essai" names its trial two
# passages earlier. Words of the previous passages of the document count as said around
# the sentence. Chosen on `dev` and the read probe batches: 1 and 3 measured less well.
AROUND_PREVIOUS = 2
# how users name each kind of source (``SourceMeta.type``)
SOURCE_TYPE_WORDS = {
    "forum": "forum",
    "news brief": "brève AFM",
    "brochure": "revue AFM",
    "research summary": "synthèse",
}
# passages of the fused ranking whose sentences are scored: with 12, a glossary box that
# closes a passage of trial-box lines ("L'autophagie est un processus…") ranked 14th
PASSAGES_EXAMINED = 20
STRONG_NEIGHBOUR = 0.75  # a neighbour scoring this share of the best sentence joins the answer
NEAR_DUPLICATE = 0.7  # Jaccard of stems above which two answers say the same thing

_DEFINITION_VERB = re.compile(
    r"\b(?:est|sont|designe|designent|c'est-a-dire|se caracterise|se definit|correspond|signifie)\b"
)


# What kind of answer a question asks for (on the folded question), and what such an
# answer looks like (on the sentence as written).
_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
# what a thing is for, and a sentence that says a purpose ("pour déterminer…", "permet de…")
PURPOSE_ASK = r"\bsert\w* a quoi\b|\ba quoi (?:ca |cela )?ser\w*\b|\butilite\b|\bpourquoi faire\b"
PURPOSE_SHAPE = (
    r"\b(?:pour|afin d[e'’]) (?:l['’]|les? |la |s[e'’] )?[a-zéèêî]+(?:er|ir|re)\b|"
    r"\bpermet(?:tre|tent)?\b|\bvisen?t? à\b|\bsert à\b|\butiles?\b"
)
# what can be done about it ("on peut faire quelque chose ?", "ça se soigne ?"), and a
# sentence that says how it is treated or managed; it ranks sentences, never calibrates:
# as confidence, it answered "Charcot-Marie-Tooth… ça se soigne ?", which the documents
# do not answer
REMEDY_ASK = (
    r"\bon (?:peut|pourrait) (?:y )?faire (?:quoi|quelque chose)\b|\bque faire\b|\bse soigne\b|"
    r"\bsoigner\b|\btraiter\b|"
    r"\bremedes?\b|\bsolutions?\b|\bcomment (?:on )?(?:le |la |les |l )?(?:soigne|traite)\b"
)
REMEDY_SHAPE = (
    r"\b(?:traitements?|trait(?:é|ée|és|ées|ant|er)|soign\w*|prise en charge|interventions?|"
    r"thérapie\w*|médicaments?|immunosuppresseurs?|corticoïdes|rééducation|kinésithérapie|"
    r"fait appel|repose sur)\b"
)
# a duration, in digits or in words ("six mois et demi", "près de 4 ans")
_NUMBER = (
    r"(?:\d+(?:[,.]\d+)?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|"
    r"vingt|trente|quarante|cinquante|soixante|cent|plusieurs|quelques)"
)
# "5mois et demi de suivi": a PDF may lose the space after a digit
_DURATION = rf"\b(?:{_NUMBER} |\d+)(?:mois|ans|années|semaines|jours|heures)\b"
_PEOPLE = (
    r"participants?|patients?|personnes?|malades|adultes|enfants|sujets|volontaires|cas|"
    r"hommes|femmes"
)
# a trial or study under way, for "y a un essai en France ?" (``answer_type_bonus``)
TRIAL_SHAPE = r"\bessais?\b|\bétudes?\b|\bévalu\w*|\btest\w*|\bà l['’]essai\b|\bNCT\d"
ANSWER_TYPES = (
    (
        r"\bcombien de temps\b|\bquelle duree\b|\bdepuis combien\b|"
        r"\b(?:autant|tant) de temps\b|\b(?:si|aussi) longtemps\b|"
        r"\bcombien d(?:e |'| )(?:annees|ans|mois|semaines|jours|heures)\b",
        _DURATION,
    ),
    # a share: a percentage ("quelle proportion de répondeurs ?" → "78,7 %")
    (r"\bquel(?:le)?s? (?:taux|pourcentages?|proportions?)\b", r"\d ?%"),
    # how many people ("combien de participants ?", "c'était sur combien de malades ?"): a
    # number of them ("44 personnes", "plus de 500 participants", "chez deux patients")
    (
        rf"\bcombien (?:de |d')(?:{_PEOPLE})\b|\bnombre (?:de |d')(?:{_PEOPLE})\b|"
        r"\bsur combien\b",
        rf"\b{_NUMBER} (?:[\w-]+ ){{0,2}}(?:{_PEOPLE})\b",
    ),
    (
        # how many, how much, how often ("ça arrive souvent ?", "c'est fréquent ?")
        r"\bcombien\b|\bquel(?:le)?s? (?:nombres?|doses?)\b|"
        r"\bsouvent\b|\bfrequen(?:t|te|ts|tes|ce)\b|\bbeaucoup\b",
        # a number, not the digit of a name ("CD8", "anti-MDA5") nor a year ("en mars 2022")
        r"(?<![\w-])(?!(?:19|20)\d\d\b)\d",
    ),
    (r"\bquand\b|\ben quelle annee\b|\bquelle date\b", rf"\b(?:19|20)\d\d\b|\b(?:{_MONTHS})\b"),
    (
        r"^\s*ou\b|\bou (?:a lieu|se (?:passe|deroule))\b|\bquel(?:le)?s? (?:pays|villes?|hopitaux|"
        r"hopital|centres?)\b|"
        # "où" last, typed without its accent: "il aura lieu ou ?", "ça se passe ou ?"
        r"\b(?:a|aura|auront|ont|avoir) lieu ou\b|\bse (?:passe|deroule)n?t? ou\b|"
        r"\b(?:est|sont) (?:fait|faits|mene|menes) ou\b",
        # not a comparison ("de plus petite ampleur qu'en France")
        r"(?<!qu['’])(?<!que )\b(?:à|en|aux?|au) (?:l['’])?[A-ZÉÈ]|"
        r"\b(?:CHU|[Hh]ôpital|centres? investigateurs?)\b",
    ),
    # which forms of myositis ("dans quelles formes de myosite est-il testé ?"): named ones
    (
        r"\bquel(?:le)?s? (?:formes?|types?|sortes?) de myosites?\b|"
        r"\bdans quel(?:le)?s? myosites?\b",
        r"\b(?:dermatomyosites?|polymyosites?|myosites? à inclusions|myopathies? nécrosantes?|"
        r"syndromes? des antisynthétases|IMAM)\b",
    ),
    # which (other) diseases a drug is given for: its indications, named diseases
    (
        r"\b(?:quelles?|d'autres|autres) (?:maladies|indications)\b",
        r"\bindiqué\w* dans\b|\bprescrits? dans\b|\bsur le marché pour\b|\butilisé\w* dans\b|"
        r"\b(?:polyarthrite|lupus|psoriasis|rhumatisme|rectocolite|sclérodermie|sclérose)\b",
    ),
    # how well it is tolerated: what was observed, not that tolerance is being assessed
    (
        r"\beffets? (?:secondaires?|indesirables?)\b|\btolerance\b|\bbien (?:supporte|tolere)|"
        r"\breactions?\b",
        r"\bsans (?:effets? (?:indésirables?|secondaires?)|réactions?)\b|\bbien tolérée?s?\b|"
        r"\bbonne tolérance\b|\baucun\w* (?:participants? n|effets?|réactions?)|"
        r"\bréactions? (?:locales?|générales?)\b|"
        # or the side effects that occurred ("des effets indésirables … sont survenus")
        r"\beffets? (?:indésirables?|secondaires?)\b[^.;]{0,40}\b(?:survenu|observé|rapporté)",
    ),
    # how serious it is ("anti-MDA5 c grave ?"): severity, risk, outlook
    (
        r"\b(?:c'?est|c|est-ce|ca|il|elle) (?:grave|serieux)\b",
        r"\b(?:sévère\w*|grave\w*|gravité|sévérité|risques?|mortalité|pronostic|péjorati\w*)\b|"
        r"\bplus (?:importante?s?|fréquente?s?|élevée?s?)\b",
    ),
    # what a treatment brings: what it makes possible, reduces or increases
    (
        r"\b(?:avantages?|benefices?|atouts?)\b|\bmieux que\b",
        r"\bpermet(?:tre|tent|trait|traient)?\b|\bréduire\b|\baugmenter\b|\bmoins d[e'’]|"
        r"\bpersonnaliser\b|\bmieux tolér\w*",
    ),
    # what it is made of ("c'est fabriqué avec quoi ?", "c'est fait de quoi ?")
    (
        r"\b(?:faite?s?|fabrique\w*|compose\w*|constitue\w*) (?:de|avec|a partir de|en) quoi\b|"
        r"\bde quoi (?:c'?est|est-ce|sont|est) (?:fait|compose|constitue)",
        r"\b(?:constitu\w*|composé\w*|prélevé\w*|issu\w*|extrait\w*|fabriqu\w*|accumulation)\b|"
        r"\bà partir d[eu']",
    ),
    # how two things differ: a sentence that contrasts or distinguishes them
    (
        r"\bdifferences?\b|\bse distingu",
        r"\b(?:non plus|contrairement|alors que|à la différence|plutôt que|au lieu d\w*|"
        r"tandis que|se distingu\w*|distincte?s?|diffèr\w*|n['’]est pas synonyme)\b",
    ),
    # where in the body it is injected ("on les injecte où ?", "dans quels muscles ?")
    (
        r"\binject\w* ou\b|\bou (?:est-ce qu'?on |on )?(?:les |l'|le |la )?inject|"
        r"\bdans quels? (?:muscles?|endroits?|parties? du corps)\b",
        r"\bdans (?:les?|la|l['’]) ?(?:muscles?|bras|cuisses?|ventre|veines?|hypoderme|tissu)|"
        r"\bsous la peau\b|\bintraveineu\w*|\bintra-?musculaire",
    ),
    # how it is taken ("c'est des piqûres ou des cachets ?", "ça se prend comment ?")
    (
        r"\b(?:piqures?|cachets?|comprimes?|injections?|perfusions?|gelules?|pilules?)\b"
        r"[\w' ]{0,20}\bou\b|\bse prend(?:-il|-elle)? comment\b|\bcomment (?:ca )?se prend\b",
        r"\ben comprimés?\b|\bpar voie (?:orale|sous-cutanée|intraveineuse|veineuse)\b|"
        r"\ben perfusions?\b|\bsous-cutané\w*|\bintraveineu\w*|\binjecté\w*|\badministré\w*",
    ),
    (PURPOSE_ASK, PURPOSE_SHAPE),  # "le pet scan ça sert à quoi ?": a purpose, not a definition
    # why: a cause or an explanation ("parce que", "en raison de", "s'explique par")
    (
        # or where it comes from ("la fatigue ça vient de la myosite ?", "d'où ça vient ?")
        r"\bpourquoi\b(?! faire)|\b(?:ca|ils?|elles?) vien(?:t|nent) d[eu']|\bd'?ou (?:ca )?vien",
        r"\b(?:car|parce qu\w*|en raison d\w*|du fait d\w*|à cause d\w*|expliqu\w*|"
        r"d[uû]e?s? à|liée?s? à|provoqu\w*|entraîn\w*|conséquence|origine|rend(?:ent)?)\b",
    ),
    (
        # who: "qui mène…", "et qui s'occupe de l'essai ?", "le promoteur c'est qui ?"
        r"^\s*(?:et |mais |alors |du coup )?qui\b|\b(?:c'?est|c) qui\s*(?:\?|$)|\bpar qui\b|"
        r"\bquel(?:le)?s? (?:equipes?|laboratoires?|medecins?|chercheurs?)\b",
        r"\b(?:Dr|Pr|équipes?|laboratoires?|[Uu]niversit(?:é|y|ad)\w*|[Ii]nstitut\w*|chercheurs?|CHU)\b|"
        r"\b[A-Z][a-zé]+ [A-Z][a-zé]+\b",
    ),
    # whether it is being tried ("y a un essai en France ?", "il est testé ?"): a trial or a
    # study under way, not what the drug is or is indicated for
    (
        r"\by a(?:-t-il| t il|t'il)? (?:un|une|des|d') ?(?:autres? )?(?:essais?|etudes?)\b|"
        r"\b(?:est|sont)(?:-(?:il|elle)s?)? (?:teste|testee|testes|testees|essaye|a l'essai)\b",
        TRIAL_SHAPE,
    ),
)
ANSWER_TYPE_BONUS = 0.08
# what a treatment or a trial gave: a result, not the trial's description. It picks and
# grows the answer inside a passage, never ranks passages: as a ranking bonus, it answered
# "le plaquenil ça marche ?", which the documents do not answer
RESULT_ASK = (
    r"\bresultats?\b|\bqu'?(?:a|ont)[- ](?:t-il |t-elle )?(?:montre|donne|revele)\b|\befficac|"
    r"\bque (?:montre|revele)n?t? (?:l'|les? |la |cet |cette |ces )?"
    r"(?:etude|essai|analyse|travaux)|"
    r"\b(?:ca|ils?|elles?|a-t-(?:il|elle)|ont-(?:ils|elles)) (?:a |ont )?marche\b|"
    r"\b(?:a|ont|aurait|auraient) marche\b|\bmarche-t-(?:il|elle)\b|"
    r"\bcritere principal\b|\bobjectif (?:principal )?(?:a[- ]t[- ]il ete |est |a ete )?atteint\b|"
    r"\batteint (?:son |ses |leur )?objectif"
)
RESULT_CLOSE = 0.8  # a result sentence scoring this share of the passage's best is shown
RESULT_SHAPE = re.compile(
    r"\b(?:amélior\w*|réduction|diminution|augmentation|stabilis\w*|significati\w*|"
    r"efficac\w*|répondeurs?|ont montré|a montré|montrent|critère principal)\b|\d ?%"
)


@lru_cache(maxsize=1)
def acronym_stems(analyzer: FrenchAnalyzer) -> frozenset[str]:
    """The stems of the acronyms of the lexicon ("OMS", "PNDS", "IMAM")."""
    return frozenset(analyzer.stem(w) for key, _ in read_table("acronyms.tsv") for w in words(key))


@lru_cache(maxsize=1024)
def answer_shape(question: str) -> re.Pattern[str] | None:
    """What an answer to ``question`` looks like (a number for "combien", a date for
    "quand", a place for "où", a person or team for "qui"), if it asks for a shape."""
    folded = fold(question)
    for asks, shape in ANSWER_TYPES:
        if re.search(asks, folded):
            return re.compile(shape)
    return None


def wanted_shape(query: AnalyzedQuery) -> re.Pattern[str] | None:
    """What the answer must hold: the asked shape, or a result for "qu'a donné l'essai ?"
    ("ça aide vraiment ?" reads "efficace" once its idiom is rewritten)."""
    if asks_result(query):
        return RESULT_SHAPE
    return answer_shape(query.spelled)


def asks_result(query: AnalyzedQuery) -> bool:
    """The question asks what a treatment or a trial gave."""
    return bool(re.search(RESULT_ASK, fold(query.spelled)) or re.search(RESULT_ASK, query.text))


# what a sentence says its subject is: the words after "est", "sont", "n'est pas"…
_PREDICATE = re.compile(
    r"\b(?:est|sont|n['’]est pas|ne sont pas|reste|restent|semble|semblent)\s+"
    r"((?:[\w'’-]+\s+){0,2}[\w'’-]+)",
    re.IGNORECASE,
)
_WH_WORD = re.compile(
    r"\b(?:quoi|quel(?:le)?s?|comment|pourquoi|pk|qui|quand|combien|lequel|laquelle)\b|"
    r"\bqu'est-ce\b|^\s*ou\b|\b(?:d'|par )ou\b|\bou (?:est|sont|se|ca|trouver|a lieu|en)\b"
)


@lru_cache(maxsize=1024)
def asks_yes_or_no(question: str) -> bool:
    """The question asks whether something is so ("c'est héréditaire ?"), not what,
    which, how or why."""
    return not _WH_WORD.search(fold(question))


@lru_cache(maxsize=1024)
def asks_which_trial(question: str) -> bool:
    """The question asks which trial or study ("quel essai…", "un nouvel essai est prévu ?"),
    which a trial box's title line answers."""
    return bool(_ASKS_TRIAL.search(fold(question)))


@lru_cache(maxsize=1024)
def asks_remedy(question: str) -> bool:
    """The question asks what can be done about it ("ça se soigne comment ?")."""
    return bool(re.search(REMEDY_ASK, fold(question)))


def remedy_bonus(question: str, sentence: str) -> float:
    """Credit for a sentence on how it is treated, when the question asks what can be done."""
    if asks_remedy(question) and re.search(REMEDY_SHAPE, sentence):
        return ANSWER_TYPE_BONUS
    return 0.0


# A measure the answer must give, not merely its subject: "quelle dose de ravulizumab ?"
# is not answered by the trial's description. The documents report research: a dose, a
# price or an infusion's length they do not give is left unanswered.
REQUIRED_MEASURES = (
    (
        r"\bquel(?:le)?s? (?:est |sont )?(?:la |les )?doses?\b|\bcombien de (?:mg|milligrammes?)\b|"
        r"\bposologie\b|\bla dose (?:recommandee|habituelle|conseillee|usuelle)\b",
        r"\d ?(?:mg|g|µg|ml|UI)\b|\bmg/kg\b",
    ),
    (
        r"\bcombien (?:ca |cela )?cout\w*|\bcout\w* combien\b|"
        r"\bquel(?:le)?s? (?:est le )?(?:prix|cout|montant)\b|\bprix\b",
        r"€|\beuros?\b|\bdollars?\b",
    ),
    (r"\bquel age\b", r"\d+ ans\b|\bâge\b|\benfan|\badulte|\badolescen"),
    (r"\bcombien d'?heures\b", r"\d ?(?:h|heures?)\b"),
    # how long one lives with it ("combien de temps il lui reste à vivre ?"): years or a share
    (r"\besperance de vie\b|\breste\b[\w' ]{0,25}\ba vivre\b", r"\d+ ans\b|\d ?%"),
    # how often ("tous les combien ?"): an interval or a number of times
    (
        r"\btou(?:s|tes) les combien\b",
        r"\btou(?:s|tes) les\b|\bfois par\b|\bpar (?:jour|semaine|mois|an)\b|\bchaque\b",
    ),
    # a rate or a share ("quel est le taux de survie à 10 ans ?"): a percentage or "n sur m"
    (
        r"\bquel(?:le)?s? (?:est (?:le |la )?)?(?:taux|pourcentages?|proportions?)\b|"
        r"\bsurvie a \w+ ans\b",
        r"\d ?%|\b\d+ (?:sur|pour) \d",
    ),
    # how to reach someone ("c'est quoi le numéro pour prendre rdv ?"), or whom to see:
    # a phone number, an address on the web or in a street
    (
        r"\b(?:pren\w*|avoir|obtenir) (?:un )?(?:rdv|rendez-vous)\b|\btelephone\b|"
        r"\b(?:l'|une |quelle |son |leur )adresse\b|"
        r"\ble numero (?:pour|du|de la|de l)\b|"
        r"\b(?:trouver|connai\w*|conseill\w*|recommand\w*) (?:un|une|des) (?:bons? |bonnes? )?"
        r"(?:medecin|neurologue|kine|kinesitherapeute|dermatologue|rhumatologue|specialiste|"
        r"docteur|orthophoniste|ergotherapeute|psycholog\w*)s?\b",
        r"\b0\d(?:[ .]?\d\d){4}\b|@|\bwww\.|https?://|\b\d{5} [A-Z]|\b(?:rue|avenue|boulevard)\b",
    ),
)
MEASURE_MISSING_FACTOR = 0.5


def lacks_measure(question: str, answer: str) -> bool:
    """The question asks for a measure (``REQUIRED_MEASURES``: a dose, a price, an age,
    hours, a rate, a phone number) that ``answer`` does not give."""
    folded = fold(question)
    return any(
        re.search(ask, folded) and not re.search(shape, answer) for ask, shape in REQUIRED_MEASURES
    )


def answer_type_bonus(question: str, sentence: str, section: str = "") -> float:
    """A little credit when the sentence has the shape of what is asked."""
    shape = answer_shape(question)
    if shape is not None and shape.pattern == TRIAL_SHAPE:
        # a section headed "Deux exosquelettes à l'étude en France" is about a study
        sentence = f"{section}\n{sentence}"
    return ANSWER_TYPE_BONUS if shape is not None and shape.search(sentence) else 0.0


# A line of a trial box ("27 participants (40 ans et +)", "Mai 2021 – Déc. 2023") has
# fewer words of two letters or more than a title or a sentence.
_PROSE_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W\d_]")
SUBSTANTIVE_WORDS = 5
# In a follow-up ("et les effets indésirables ?" after a question on aprémilast), the
# subject taken from the conversation already chose the passage; among its sentences,
# the one with the follow-up's own words should win, so the carried words weigh this
# much in the ranking (not in the confidence)
CARRIED_WEIGHT = 0.5
# A trial box's title line ("Essai BIRD de phase III", "Essai de phase II/III du
# ravulizumab", "Extension de l'essai de phase II du PF-06823859") and the words of such
# titles that name no trial in particular
_TRIAL_TITLE = re.compile(r"(?i)\s*(?:essai|étude|extension|registre)\b")
GENERIC_TRIAL_WORDS = frozenset(
    {"essai", "etude", "extension", "registre", "phase", "i", "ii", "iii", "iv"}
)
# which trial or study it is ("quel essai évalue…", "de quel essai s'agit-il ?"): a box's
# title line names it; otherwise the title tells nothing of what is asked
_ASKS_TRIAL = re.compile(
    r"\bquel(?:le)?s? (?:essais?|etudes?|registres?)\b|\bcomment s'appelle|"
    r"\bnom de l'(?:essai|etude)|\bde quel(?:le)? (?:essai|etude)|\blequel\b|\blaquelle\b|"
    r"\b(?:nouvel|nouveaux|nouvelles?|autres?|prochaine?s?) (?:essais?|etudes?)\b"
)
TITLE_LINES_ABOVE_ID = 3  # a box puts its dates or length between its title and its id

# A sentence that opens on a pronoun or a demonstrative ("Elles préconisent…", "Cette
# libération…", "C'est tout l'enjeu de l'essai…") goes on from the one before it: the
# two make one statement. The impersonal "il" ("Il existe…", "Il faut…") refers to nothing.
_CONTINUATION = re.compile(
    r"(?:il|elle)s? (?!(?:existe|faut|y a|semble|reste|arrive|convient|s'agit|apparait)\b)|"
    r"(?:ce|cet|cette|ces|celui|celle|ceux|celles|leur|leurs|ceci|cela|ca)\b|c'est\b(?!-a-dire)"
)
# A sentence that announces results or a report ("Des résultats préliminaires ont été
# annoncés en mai 2022…") is followed by what they are: it takes the next sentence.
_ANNOUNCES = re.compile(
    r"\b(?:résultats?|données|rapport de cas|conclusions?)\b[^.]*\b(?:annoncée?s?|publiée?s?|"
    r"présentée?s?|rapportée?s?|communiquée?s?|attendue?s?|dévoilée?s?)\b|\bun rapport de cas\b",
    re.IGNORECASE,
)
# A definition verb that says how the thing is seen, not its class ("est considérée
# comme…", "se caractérise par…"); "est une myopathie…" names the class.
_WEAK_DEFINITION_VERB = re.compile(
    # "X est à l'origine un…", "X est avant tout une…" define as surely as "X est un…"
    r"(?:est|sont)(?!(?: a l'origine| avant tout| d'abord| en fait| donc)?,? "
    r"(?:un|une|des|le|la|les|l')\b)|se caracterise"
)
# a section that lists the documents' sources ("Citations et sources clés", "Références")
_SOURCES = re.compile(r"(?i)^(?:citations? et )?(?:sources?|références?|bibliographie)\b")
# a line that heads the sources of a brief ("Source :") or a list of them ("Sources")
_SOURCE_HEADING = re.compile(r"(?im)^[ \t]*(sources?|références)[ \t]*:?[ \t]*$")
# the lines of a reference that ``is_reference`` does not take alone: a list of authors
# ("Wendel S, Venhoff N, Frye BC…") and a journal with its year ("J Autoimmun. 2019 Mars 9")
_AUTHOR_LIST = re.compile(r"^(?:[A-Z][\w'’-]+ [A-Z]{1,3}[,.] ?){2,}")
_JOURNAL_LINE = re.compile(r"^[A-Z][\w.]*(?: [A-Z][\w.]*){0,4}\.? (?:19|20)\d\d\b")
SOURCE_LOOKAHEAD = 20  # sentences after a claim searched for the reference that supports it
# "développe l'ABC008, un anticorps anti-KLRG1…": the named thing, then its class in
# apposition; not "Sous rituximab, une patiente…" (no article before the thing)
# (a template: the topic word goes in {})
_APPOSITION = r"(?:\b(?:le|la|les|du|des) |\bl'|\bd'){}\w*, (?:un|une) "
# a glossary's general definition: an indefinite subject, then what it is
_GLOSSARY = re.compile(
    r"(?:Un|Une) [^\W\d_][\w’'-]*(?: [\w’'-]+){0,3}? "
    r"(?:(?:est|sont) (?:dite?s? |à l’origine )?(?:un|une|des|dite?s?)\b|désigne\b)"
)
GLOSSARY_RANK_FACTOR = 0.85
_REFERS_BACK = re.compile(r"^(?:il|elle)s? s'agit d|^(?:ce|ca) sont |^c'est (?:un|une|des) ")
# "Ce traitement repose sur…", "Ces médicaments réduisent…" under the box label or after
# the sentence that names the topic: the thing named just before, described
_DEMONSTRATIVE_DEFINITION = re.compile(
    r"^(?:ce|cet|cette|ces) [^\W\d_]{4,}(?: [^\W\d_]{4,})? "
    r"(?:(?:est|sont) (?:un|une|des|le|la|les|l')\b|repose(?:nt)? sur|consiste|designe)"
)


@dataclass(frozen=True)
class ScoredSentence:
    chunk_row: int
    index: int  # position of the sentence in its chunk
    score: float  # ranks sentences (includes the passage's BM25 strength among the hits)
    confidence: float  # absolute: comparable across questions, used to abstain
    lexical: float
    dense: float
    definition: float = 0.0  # how surely it defines the topic of a "c'est quoi" question


class AnswerPicker:
    """Stateless apart from the read-only index and analyzer it was built with (and the
    stems of document titles and of what surrounds each passage, computed once)."""

    def __init__(self, index: LoadedIndex, analyzer: FrenchAnalyzer, max_words: int = 80) -> None:
        self.index = index
        self.analyzer = analyzer
        self.max_words = max_words
        self._max_idf = max(index.idf.values(), default=1.0)
        self._titles: dict[str, frozenset[str]] = {}  # document title → its stems
        self._arounds: dict[int, frozenset[str]] = {}  # passage row → stems said around it
        self.linked_trials = linked_trials(index.chunks)  # ids linked at each page's foot
        # (passage row, sentence index) of the sentences said in several passages
        self._repeats: frozenset[tuple[int, int]] | None = None

    def answers(
        self, query: AnalyzedQuery, query_vector: np.ndarray, hits: list[Hit], top_k: int
    ) -> list[Answer]:
        """Up to ``top_k`` answers from distinct passages, best first, near-duplicates removed."""
        candidates = []
        examined = hits[:PASSAGES_EXAMINED]
        top_bm25 = max((h.scores.get("bm25", 0.0) for h in examined), default=0.0) or 1.0
        shape = wanted_shape(query)
        asks = shape is RESULT_SHAPE
        # a follow-up's own words are mostly what it asks ("C'était sur combien de
        # patients ?", "on les injecte où ?"): the passage comes from the conversation, the
        # sentence from the shape asked
        follows = bool(query.carried_terms or query.context_terms)
        for rank, hit in enumerate(examined):
            row = self.index.rows[hit.chunk.id]
            strength = hit.scores.get("bm25", 0.0) / top_bm25
            sentences = self.score_sentences(query, query_vector, row, rank, strength)
            if sentences:
                best = max(sentences, key=lambda s: s.score)
                shown = best
                # a reference line never gives the number or the result asked about its study
                best_text = _slice(hit.chunk, hit.chunk.sentences[best.index])
                if shape is not None and (asks or follows or reference_line(best_text)):
                    shown = shape_first(hit.chunk, sentences, best, shape)
                answer = self._expand(hit.chunk, sentences, shown, shown.definition > 0, shape)
                if (
                    query.cites
                    and not query.asks_reference
                    and single_source(hit.chunk, best.index)
                ):
                    candidates.extend(self._claim_of(query, query_vector, row, answer))
                if asks:
                    named = self._named_result(query, query_vector, row, sentences, answer)
                    if named is not None:
                        answer = named
                    elif shown is best:
                        answer = self._result_after(query, query_vector, row, answer) or answer
                candidates.append(answer)
                if query.asks_reference:
                    candidates.extend(self._source_of(answer))
        candidates.sort(key=lambda a: -a.score)
        if candidates:
            # a bare id asks where it is cited: its box first, what it is next
            at = 0 if query.trial_ids else 1
            candidates[at:at] = self._trial_prose(query, query_vector, candidates[0])
        kept: list[tuple[Answer, set[str]]] = []
        for answer in candidates:
            stems = set(self.analyzer.terms(answer.text))
            if not any(
                _similar(stems, other) or a.chunk.id == answer.chunk.id for a, other in kept
            ):
                kept.append((answer, stems))
            if len(kept) == top_k:
                break
        return [answer for answer, _ in kept]

    def score_sentences(
        self,
        query: AnalyzedQuery,
        query_vector: np.ndarray,
        row: int,
        rank: int,
        strength: float = 0.0,
    ) -> list[ScoredSentence]:
        """Score every sentence of chunk ``row``; ``strength`` is its BM25 score / the best."""
        chunk = self.index.chunks[row]
        dense = self.index.sentence_vectors_of(row) @ query_vector.astype(np.float32)
        passage = 1.0 / (1 + rank)
        around = self._around(row)
        query_pairs = _pairs(query.terms)
        title = chunk.section or ""  # what the first sentence follows ("Il s'agit de…")
        # a quote of the section title points to the first sentence under it
        title_quoted = any(q in padded_words(title) for q in query.quotes)
        # the subject may be named only in the document's title ("…(IMAM) : synthèse…")
        named = around | self._title_terms(chunk.meta.title)
        subject_missing = any(
            t not in named
            and not (
                t in acronym_stems(self.analyzer)
                and any(set(p) <= named for p in query.expansion_phrases.get(t, ()))
            )
            for t in query.specific_subjects
        )
        # in a follow-up that takes its subject from the conversation, the user has named
        # the subject: a passage about something else ranks lower too ("Comment la
        # diagnostique-t-on ?" after "C'est quoi l'IMAM ?" is not answered by the
        # diagnosis of polymyositis); README "Quality"
        off_conversation = subject_missing and bool(query.carried_subjects)
        name_missing = any(t not in named for t in query.proper_names)
        # a passage about another drug: it names neither the asked drug nor what stands for it
        drug_missing = any(
            t not in named and not query.stands_for.get(t, frozenset()) & named
            for t in query.drug_names
        )
        in_sources = bool(_SOURCES.search(chunk.section or ""))
        # the passage of a trial the question names by its id is looked up like a quote;
        # its sentences still compete on what the question asks ("qu'a montré cet essai ?")
        names_trial = any(t in around for t in query.trial_ids)
        names_asked = asks_which_trial(query.spelled)
        predicated = self._predicated_words(query)
        scored = []
        for i, span in enumerate(chunk.sentences):
            text = chunk.text[span.start : span.end]
            stems = self.analyzer.terms(text)
            # a list item says its lead's words too ("Cette tendance permet de :" → "réduire…")
            lead = self.lead_of(chunk, i)
            lexical, ranked = self.coverage(query, set(stems) | lead, around)
            confidence = W_LEXICAL * lexical + W_DENSE * float(dense[i]) + W_PASSAGE * passage
            confidence += W_PHRASE * self.phrase_share(query_pairs, _pairs(stems))
            previous = chunk.text[chunk.sentences[i - 1].start : span.start] if i else title
            confidence += answer_type_bonus(query.spelled, text, chunk.section or "")
            padded = padded_words(text) if query.quotes else ""
            holds_id = any(t in stems for t in query.trial_ids)
            if (i == 0 and title_quoted) or names_trial or any(q in padded for q in query.quotes):
                confidence += QUOTE_BONUS
            definition = (
                defines(text, query.topic_words, previous) if query.asks_definition else 0.0
            )
            confidence += DEFINITION_BONUS * definition
            # a short line weighs less, and so does a title in a list of sources, unless it
            # is the very reference or trial id asked for
            asked_reference = (
                holds_id
                or (query.asks_reference and is_reference(text))
                or (lexical == 1 and (is_reference(text) or (in_sources and query.cites)))
            )
            short = word_count(text) < SHORT_SENTENCE_WORDS
            # a trial box's title ("Extension de l'essai de phase II du PF-06823859") names
            # the trial: it answers which trial, not where it runs or what it gave
            box_title = not names_asked and bool(_TRIAL_TITLE.match(text)) and not is_prose(text)
            if (short or box_title or in_sources or in_english(text)) and not asked_reference:
                confidence *= 0.6
            score = confidence + W_BM25 * strength + remedy_bonus(query.spelled, text)
            score += W_LEXICAL * (ranked - lexical)  # 0 unless a follow-up or a choice
            if predicated and self.predicates(text, predicated):
                score += ANSWER_TYPE_BONUS
            # a glossary's general definition ("Une maladie est dite rare quand…"), or a box
            # the documents repeat, answers what a thing is, not a question about the news
            if not query.asks_definition and (_GLOSSARY.match(text) or self._repeated(row, i)):
                score *= GLOSSARY_RANK_FACTOR
            if subject_missing:  # calibrates; the ranking among passages stays as it is
                confidence *= SUBJECT_MISSING_FACTOR
            if off_conversation:
                score *= SUBJECT_MISSING_FACTOR
            elif name_missing or drug_missing:
                score *= NAME_RANK_FACTOR
            scored.append(
                ScoredSentence(row, i, score, confidence, lexical, float(dense[i]), definition)
            )
        return scored

    def lead_of(self, chunk: Chunk, index: int) -> frozenset[str]:
        """The stems of the line that introduces list item ``index`` ("… permet de :"), or
        nothing when the sentence is not an item of a list."""
        text = _slice(chunk, chunk.sentences[index]).strip()
        if not (text.endswith(";") or text[:1].islower()):
            return frozenset()
        for j in range(index - 1, -1, -1):
            before = _slice(chunk, chunk.sentences[j]).strip()
            if before.endswith(":"):
                return frozenset(self.analyzer.terms(before))
            if not before.endswith(";"):
                break
        return frozenset()

    def _repeated(self, row: int, index: int) -> bool:
        """Sentence ``index`` of passage ``row`` is said in several passages word for word:
        a box the documents repeat (what a disease is), background to the news around it."""
        if self._repeats is None:
            where: dict[str, list[tuple[int, int]]] = {}
            for at, chunk in enumerate(self.index.chunks):
                for i, span in enumerate(chunk.sentences):
                    key = padded_words(chunk.text[span.start : span.end])
                    if len(key.split()) >= SHORT_SENTENCE_WORDS:
                        where.setdefault(key, []).append((at, i))
            self._repeats = frozenset(
                p for places in where.values() if len(places) > 1 for p in places
            )
        return (row, index) in self._repeats

    @staticmethod
    def _predicated_words(query: AnalyzedQuery) -> frozenset[str]:
        """For a yes-or-no question ("c'est héréditaire la myosite ?"), the stems of what
        the thing is asked to be; none for any other question. What it is said to be, not
        what it is: "IMAM est une myopathie…" does not answer "ma sœur a une IMAM, y a des
        essais ?"."""
        if not asks_yes_or_no(query.spelled):
            return frozenset()
        return frozenset(query.terms) - query.background - query.chatter - query.specific_subjects

    def predicates(self, sentence: str, asked: frozenset[str]) -> bool:
        """The sentence says the thing is, or is not, one of ``asked`` ("… ne sont pas
        héréditaires"): it answers the yes-or-no question."""
        return any(
            asked.intersection(self.analyzer.terms(said)) for said in _PREDICATE.findall(sentence)
        )

    def coverage(
        self, query: AnalyzedQuery, stems: set[str], around: frozenset[str] = frozenset()
    ) -> tuple[float, float]:
        """Share of the query's idf mass found in ``stems`` (1.0 = every word present),
        for the confidence and for the ranking of sentences.

        Words said only around the question weigh ``query.background_weight``. A word
        missing from the sentence counts partly when a lexicon expansion of it is
        there ("hypoderme" for "sous la peau"), or when it is in the sentence's passage or
        section title (``around``): "Tous les participants ont connu une amélioration"
        answers a question on tofacitinib when its passage is about tofacitinib. Context
        words from earlier turns count at the conversation's context weight.

        For the ranking only, the subject words a follow-up takes from earlier turns weigh
        ``CARRIED_WEIGHT`` when it has words of its own, and of a choice ("piqûre ou
        cachets ?") one side is enough; without either, both shares are the same.
        """
        weights = {
            t: query.background_weight if t in query.background else 1.0
            for t in query.terms
            if t not in query.chatter
        }
        own = len(weights)
        for term in query.context_terms:
            weights.setdefault(term, query.context_weight)
        credits = {t: _credit(t, stems, around, query) for t in weights}
        share = _share({t: w * self._idf(t) for t, w in weights.items()}, credits)
        if not (query.carried_terms or query.alternatives):
            return share, share
        if len(query.carried_terms) < own:
            for term in query.carried_terms & weights.keys():
                weights[term] *= CARRIED_WEIGHT
        masses = {t: w * self._idf(t) for t, w in weights.items()}
        # of a choice one side answers: the pair weighs its mean and the better side's credit
        for a, b in query.alternatives:
            if a in masses and b in masses:
                mass = (masses.pop(a) + masses.pop(b)) / 2
                masses[a] = mass
                credits[a] = max(credits[a], credits.pop(b))
        return share, _share(masses, credits)

    def phrase_share(self, query_pairs: set[tuple[str, str]], pairs: set[tuple[str, str]]) -> float:
        """Idf-weighted share of the query's adjacent word pairs that ``pairs`` also has."""
        total = sum(self._idf(a) + self._idf(b) for a, b in query_pairs)
        if not total:
            return 0.0
        return sum(self._idf(a) + self._idf(b) for a, b in query_pairs & pairs) / total

    def _claim_of(
        self, query: AnalyzedQuery, query_vector: np.ndarray, row: int, reference: Answer
    ) -> list[Answer]:
        """A brief's single "Source :" supports the brief's claim, which its lead gives
        (the first sentence after its title), not the sentence before the source. The
        lead is returned as an answer ranked just before the source (``reference``)."""
        first = row
        while first > 0 and self.index.chunks[first - 1].doc_id == reference.chunk.doc_id:
            if _SOURCE_HEADING.search(self.index.chunks[first - 1].text):
                break  # the end of the brief before
            first -= 1
        if first == row:
            return []
        sentences = self.score_sentences(query, query_vector, first, 0)
        lead = self._expand(self.index.chunks[first], sentences, sentences[0], opens=True)
        return [replace(lead, score=reference.score + 1e-6, confidence=reference.confidence)]

    def _source_of(self, claim: Answer) -> list[Answer]:
        """For "quelle est la référence de l'essai japonais cité ?": the first reference
        after the claim, in its passage or the next ones of its document (a brief's
        "Source :"), with the lines of the same reference after it and an English title
        just before it. It ranks just before the claim."""
        if any(
            reference_line(_slice(claim.chunk, s))
            for s in claim.chunk.sentences
            if claim.start <= s.start < claim.end
        ):
            return []  # the claim is a reference itself
        row = self.index.rows[claim.chunk.id]
        # read lazily: only the first ``SOURCE_LOOKAHEAD`` sentences are ever looked at
        following = (
            (
                chunk,
                [s for s in chunk.sentences if chunk.id != claim.chunk.id or s.start >= claim.end],
            )
            for chunk in itertools.takewhile(
                lambda c: c.doc_id == claim.chunk.doc_id, self.index.chunks[row:]
            )
        )
        looked = 0
        for chunk, spans in following:
            texts = [_slice(chunk, s) for s in spans]
            for k, text in enumerate(texts[: SOURCE_LOOKAHEAD - looked]):
                if reference_line(text):
                    lo = k - 1 if k and in_english(texts[k - 1]) else k
                    hi = k
                    while hi + 1 < len(texts) and reference_line(texts[hi + 1]):
                        hi += 1
                    span = _limit_words(chunk, Span(spans[lo].start, spans[hi].end), self.max_words)
                    # a reference right after the claim is shown with it, when both fit
                    # ("Existe-t-il des recommandations… ? Quelle source ?" asks both)
                    joined = Span(claim.start, span.end)
                    if (
                        chunk.id == claim.chunk.id
                        and lo == 0
                        and word_count(chunk.text[joined.start : joined.end]) <= self.max_words
                    ):
                        span = joined
                    text = chunk.text[span.start : span.end]
                    score = claim.score + 1e-6
                    return [Answer(text, chunk, span.start, span.end, score, claim.confidence)]
            looked += len(texts)
            if looked >= SOURCE_LOOKAHEAD:
                break
        return []

    def _trial_prose(
        self, query: AnalyzedQuery, query_vector: np.ndarray, best: Answer
    ) -> list[Answer]:
        """A trial id asked about ("NCT04972760 : de quel essai s'agit-il ?") is found in
        the trial's box ("Essai BIRD de phase III / NCT04972760 / Mai 2022 – …"), which
        only lists it; the prose that describes the trial ("… l'essai nommé BIRD,
        randomisé, en double aveugle…") joins the answers with the box's score. It is the
        nearest sentence of the same document naming every distinctive word of the box's
        title."""
        box = best.chunk
        # an id typed in the question may lie in the box beyond the lines shown; one the
        # conversation carries ("combien de participants ?") must be in the answer shown
        in_box, shown = set(words(box.text)), set(words(best.text))
        held = [w for w in words(query.spelled) if TRIAL_ID.fullmatch(w) and w in in_box]
        held += [w for w in query.trial_ids if w in shown]
        if not held or is_prose(best.text):
            return []
        name = trial_name(box.text, held[0], self.analyzer)
        if not name:
            return []
        at = self.index.rows[box.id]
        same_document = [
            r for r, chunk in enumerate(self.index.chunks) if chunk.doc_id == box.doc_id
        ]
        rows = sorted(same_document, key=lambda r: (abs(r - at), r))
        for row in rows:
            chunk = self.index.chunks[row]
            for i, span in enumerate(chunk.sentences):
                said = name & set(self.analyzer.terms(_slice(chunk, span)))
                # a title's words all but one when it has two or more ("Essai d'un
                # entrainement basé sur des mouvements répétés" → "… d'entrainement …
                # mouvements répétés", "Essai ITS-PILOT" → "une étude pilote")
                if _is_prose(chunk, span) and len(said) >= len(name) - (len(name) >= 2):
                    sentences = self.score_sentences(query, query_vector, row, 0)
                    prose = self._expand(chunk, sentences, sentences[i])
                    return [replace(prose, score=best.score, confidence=best.confidence)]
        return []

    def _named_result(
        self,
        query: AnalyzedQuery,
        query_vector: np.ndarray,
        row: int,
        sentences: list[ScoredSentence],
        shown: Answer,
    ) -> Answer | None:
        """The result of the trial the question names ("l'essai DETERMINE"), when the
        passage shows another result before the sentence that names it: that sentence with
        its result, or what follows it, ranked as ``shown``."""
        if not query.proper_names:
            return None
        chunk = shown.chunk
        naming = [
            i
            for i, span in enumerate(chunk.sentences)
            if span.start > shown.start
            and query.proper_names <= set(self.analyzer.terms(_slice(chunk, span)))
        ]
        if not naming:
            return None
        described = replace(sentences[naming[-1]], score=shown.score, confidence=shown.confidence)
        description = self._expand(chunk, sentences, described)
        if RESULT_SHAPE.search(description.text):  # it took its result along
            return description
        return self._result_after(query, query_vector, row, description)

    def _result_after(
        self, query: AnalyzedQuery, query_vector: np.ndarray, row: int, described: Answer
    ) -> Answer | None:
        """A trial described without its result has it in the next sentence: the next one of
        the passage, when the description could not take it within ``max_words``, or the
        first of the next passage (same section, after its box lines) when the description
        ends the passage. That result is the answer, ranked as the description."""
        if RESULT_SHAPE.search(described.text):
            return None
        chunk = described.chunk
        following = [
            i
            for i, span in enumerate(chunk.sentences)
            if span.start >= described.end and _is_prose(chunk, span)
        ]
        if not following:
            if row + 1 >= len(self.index.chunks):
                return None
            row, chunk = row + 1, self.index.chunks[row + 1]
            if chunk.doc_id != described.chunk.doc_id or chunk.section != described.chunk.section:
                return None
            following = [i for i, span in enumerate(chunk.sentences) if _is_prose(chunk, span)]
        if not following or not RESULT_SHAPE.search(_slice(chunk, chunk.sentences[following[0]])):
            return None
        sentences = self.score_sentences(query, query_vector, row, 0)
        result = replace(
            sentences[following[0]], score=described.score, confidence=described.confidence
        )
        return self._expand(chunk, sentences, result, shape=RESULT_SHAPE)

    def _around(self, row: int) -> frozenset[str]:
        """The stems of passage ``row``, its section title, the passages before it in
        its document (``AROUND_PREVIOUS``) and the word that names its kind of source
        ("sur le forum", "la brève" point at the document a passage comes from)."""
        if row not in self._arounds:
            chunk = self.index.chunks[row]
            texts = [
                chunk.section or "",
                chunk.text,
                SOURCE_TYPE_WORDS.get(chunk.meta.type, ""),
                " ".join(self.linked_trials[row]),
            ]
            for before in self.index.chunks[max(0, row - AROUND_PREVIOUS) : row]:
                if before.doc_id == chunk.doc_id:
                    texts.append(before.text)
            self._arounds[row] = frozenset(self.analyzer.terms(" ".join(texts)))
        return self._arounds[row]

    def _title_terms(self, title: str) -> frozenset[str]:
        if title not in self._titles:
            self._titles[title] = frozenset(self.analyzer.terms(title))
        return self._titles[title]

    def _idf(self, term: str) -> float:
        # A word the corpus never uses weighs the most: the corpus cannot be about it.
        return self.index.idf.get(term, self._max_idf)

    def _expand(
        self,
        chunk: Chunk,
        sentences: list[ScoredSentence],
        best: ScoredSentence,
        opens: bool = False,
        shape: re.Pattern[str] | None = None,
    ) -> Answer:
        """Grow the best sentence with strong or needed neighbours, within ``max_words``;
        with ``opens`` (it defines what is asked about), nothing comes before it unless needed.

        A bare reference or trial id ("Wendel S et al. J Autoimmun. 2019", "NCT04421677")
        takes the sentences before it: the claim it supports (back to its paragraph's
        start, two sentences at least), or, in a trial box, the short lines back to the
        trial's title. A short sentence, or one that announces a list ("… montrent chez les
        patients :"), takes the next one, and so does one without the ``shape`` asked for
        (a result, a number) when the next has it; a sentence joins the answer it goes on
        from, or that goes on from it ("Elles préconisent…" after "L'Eular a publié… des
        recommandations").
        """
        lo = hi = best.index
        length = word_count(_slice(chunk, chunk.sentences[lo]))
        if is_reference(_slice(chunk, chunk.sentences[lo])):
            substantive = False
            # back to the start of the paragraph the reference closes: its claim (a list's
            # items back to its lead-in)
            while lo > 0:
                before = _slice(chunk, chunk.sentences[lo - 1])
                goes_on = LIST_GOES_ON.search(before) or before.rstrip().endswith(":")
                opens = substantive and best.index - lo >= 2 and _opens_paragraph(chunk, lo)
                if (opens and not goes_on) or length + word_count(before) > self.max_words:
                    break
                lo, length = lo - 1, length + word_count(before)
                substantive = len(_PROSE_WORD.findall(before)) >= SUBSTANTIVE_WORDS
        else:
            for _ in range(2):
                # a reference before the answer supports the claim before it, not this one
                # and one after it is its source, not more of the answer
                options = [
                    i
                    for i in (hi + 1, lo - 1)
                    if 0 <= i < len(sentences)
                    and not is_reference(_slice(chunk, chunk.sentences[i]))
                ]
                last = _slice(chunk, chunk.sentences[hi])
                grown = False
                for i in options:
                    extra = word_count(_slice(chunk, chunk.sentences[i]))
                    needed = (
                        i == hi + 1
                        and (
                            length < SHORT_SENTENCE_WORDS * 2
                            or last.rstrip().endswith(":")
                            or announces_results(last)
                            or continues_previous(chunk, i)
                            or (
                                shape is not None
                                and not shape.search(last)
                                and bool(shape.search(_slice(chunk, chunk.sentences[i])))
                            )
                        )
                    ) or (i == lo - 1 and continues_previous(chunk, lo))
                    other = sentences[i]
                    strong = (
                        other.score >= STRONG_NEIGHBOUR * best.score
                        and other.lexical > 0
                        and not (opens and i < lo)
                    )
                    if (needed or strong) and length + extra <= self.max_words:
                        lo, hi = min(lo, i), max(hi, i)
                        length += extra
                        grown = True
                        break
                if not grown:
                    break
        span = _limit_words(
            chunk, Span(chunk.sentences[lo].start, chunk.sentences[hi].end), self.max_words
        )
        text = chunk.text[span.start : span.end]
        return Answer(text, chunk, span.start, span.end, best.score, best.confidence)


def shape_first(
    chunk: Chunk,
    sentences: list[ScoredSentence],
    best: ScoredSentence,
    shape: re.Pattern[str] = RESULT_SHAPE,
) -> ScoredSentence:
    """For "ça marche ?", "qu'a donné l'essai ?": a sentence that gives a result (or the
    ``shape`` asked for: "combien de participants ?" under a pasted reference or after an
    earlier turn), scoring
    close to the passage's best one (``RESULT_CLOSE``), is shown instead of a description
    of the trial, or after it when it comes next; the passage keeps its best score and
    confidence."""
    if shape.search(_slice(chunk, chunk.sentences[best.index])):
        return best
    results = [
        s
        for s in sentences
        if s.score >= RESULT_CLOSE * best.score
        and shape.search(_slice(chunk, chunk.sentences[s.index]))
    ]
    if not results:
        return best
    shown = max(results, key=lambda s: s.score)
    if shown.index == best.index + 1:
        return best  # the description takes the result right after it (``_expand``)
    return replace(shown, score=best.score, confidence=best.confidence)


def trial_name(text: str, trial_id: str, analyzer: FrenchAnalyzer) -> frozenset[str]:
    """The stems of the distinctive words of the box title above ``trial_id`` in ``text``
    ("Essai BIRD de phase III" → {"bird"}); empty when no title is close above it."""
    found = re.search(re.escape(trial_id), text, re.IGNORECASE)
    if found is None:
        return frozenset()
    lines = [line for line in text[: found.start()].splitlines() if line.strip()]
    for line in reversed(lines[-TITLE_LINES_ABOVE_ID:]):
        if _TRIAL_TITLE.match(line):
            named = [w for w in words(line) if w not in GENERIC_TRIAL_WORDS]
            return frozenset(analyzer.terms(" ".join(named)))
    return frozenset()


def single_source(chunk: Chunk, index: int) -> bool:
    """Whether sentence ``index`` of ``chunk`` comes under a "Source :" line (one
    source, as at the end of a brief), not a list of "Sources"."""
    headings = _SOURCE_HEADING.findall(chunk.text[: chunk.sentences[index].start])
    return bool(headings) and not headings[-1].lower().startswith("sources")


def _similar(a: set[str], b: set[str]) -> bool:
    """Two answers say the same thing: their stems overlap above ``NEAR_DUPLICATE``."""
    return bool(a and b) and len(a & b) / len(a | b) > NEAR_DUPLICATE


def _credit(term: str, stems: set[str], around: frozenset[str], query: AnalyzedQuery) -> float:
    """How much of ``term`` a sentence (``stems``) in its passage (``around``) holds."""
    if term in stems:
        return 1.0
    expansions = query.stands_for.get(term, frozenset())
    around_credit = AROUND_CREDIT_SUBJECT if term in query.subject_terms else AROUND_CREDIT
    return max(
        EXPANSION_CREDIT if expansions & stems else 0.0,
        around_credit if term in around else 0.0,
        EXPANSION_CREDIT * around_credit if expansions & around else 0.0,
    )


def _share(masses: dict[str, float], credits: dict[str, float]) -> float:
    """The share of a query's idf ``masses`` that a sentence holds, each word at its
    ``credits``."""
    total = sum(masses.values())
    if total == 0:
        return 0.0
    return sum(mass * credits[t] for t, mass in masses.items()) / total


def _pairs(stems: list[str] | tuple[str, ...]) -> set[tuple[str, str]]:
    """Adjacent content words (no stopwords): "faiblesse des muscles" → (faibless, muscl)."""
    return set(itertools.pairwise(stems))


def announces_results(sentence: str) -> bool:
    """The sentence announces results or a report without giving them."""
    return bool(_ANNOUNCES.search(sentence))


def continues_previous(chunk: Chunk, index: int) -> bool:
    """Whether sentence ``index`` of ``chunk`` goes on from the sentence before it."""
    return _CONTINUATION.match(fold(_slice(chunk, chunk.sentences[index]))) is not None


def _slice(chunk: Chunk, span: Span) -> str:
    return chunk.text[span.start : span.end]


def _is_prose(chunk: Chunk, span: Span) -> bool:
    return is_prose(_slice(chunk, span))


def _limit_words(chunk: Chunk, span: Span, max_words: int) -> Span:
    """Cut a span that is longer than ``max_words`` at a word end (still verbatim)."""
    ends = [m.end() for m in re.finditer(r"\S+", chunk.text[span.start : span.end])]
    if len(ends) <= max_words:
        return span
    return Span(span.start, span.start + ends[max_words - 1])


_ENGLISH_WORD = re.compile(r"(?i)\b(?:the|of|with|and|in|for|is|are|from|to)\b")
_ANY_WORD = re.compile(r"[^\W\d_]+")
ENGLISH_SHARE = 0.15


def reference_line(sentence: str) -> bool:
    """A line of a bibliographic reference: a whole one, its authors or its journal."""
    text = sentence.strip()
    return is_reference(text) or bool(_AUTHOR_LIST.match(text) or _JOURNAL_LINE.match(text))


def in_english(sentence: str) -> bool:
    """An English sentence (a source's title, "More prominent muscle involvement in
    patients with…"): a French question wants a French answer, unless it pastes it."""
    found = len(_ENGLISH_WORD.findall(sentence))
    return found >= 3 and found >= ENGLISH_SHARE * len(_ANY_WORD.findall(sentence))


def _opens_paragraph(chunk: Chunk, index: int) -> bool:
    """Whether sentence ``index`` starts a paragraph (a blank line before it)."""
    if index == 0:
        return True
    return "\n\n" in chunk.text[chunk.sentences[index - 1].end : chunk.sentences[index].start]


def spells_out(sentence: str, acronym: str) -> bool:
    """Whether the sentence gives the long form of ``acronym`` (folded): "les protocoles
    nationaux de diagnostic et de soins (ou PNDS)", "MASC (pour Myosites, Muscles…)"."""
    name = re.escape(acronym)
    return bool(
        re.search(
            rf"\w \((?:ou |pour |soit )?{name}s?\)|\b{name}s? \((?:pour |soit )", fold(sentence)
        )
    )


def _in_capitals(sentence: str, word: str) -> bool:
    """The sentence writes ``word`` (folded) with capitals after its first letter: "PNDS"."""
    return any(
        fold(token) in (word, word + "s") and any(c.isupper() for c in token[1:])
        for token in re.findall(r"[\w-]+", sentence)
    )


_PREFIXES = frozenset({"anti", "auto", "non", "pseudo", "post", "pre"})


def defines(sentence: str, topic_words: tuple[str, ...], previous: str = "") -> float:
    """How surely the sentence defines the topic: 1 for "X est un…", "X désigne…",
    "X, c'est-à-dire…" (X among the first words), "l'X, un…" (an apposition), the long
    form of an acronym X (``spells_out``) or "Il s'agit de…" / "Ce sont…" after a
    sentence naming X;
    ``WEAK_DEFINITION`` for another "X est…" ("L'IMAM est considérée comme…"); 0
    otherwise."""
    head = fold(sentence)[:160]
    # a prefix names no topic alone: "les anti-NXP2 sont…" does not define the anti-Mi2
    topic = [w[:5] for w in topic_words if len(w) >= 3 and w not in _PREFIXES]
    if not topic:
        return 0.0
    spelled = [w for w in topic_words if len(w) >= 2 and spells_out(sentence, w)]
    if spelled:
        # "(ou PNDS)", "(ou myosites)" name the thing; "ceux de la cellule (autophagie)"
        # only glosses a word, which "L'autophagie est un processus…" defines better
        named = any(
            _in_capitals(sentence, w)
            or re.search(rf"\((?:ou|pour|soit) {re.escape(w)}", fold(sentence))
            for w in spelled
        )
        return 1.0 if named else WEAK_DEFINITION
    if _REFERS_BACK.match(head) or _DEMONSTRATIVE_DEFINITION.match(head):
        return float(any(w in fold(previous) for w in topic))
    if any(re.search(_APPOSITION.format(re.escape(w)), head) for w in topic):
        return 1.0
    verb = _DEFINITION_VERB.search(head)
    if not verb:
        return 0.0
    before = head[: verb.start()]
    # a word of the topic, not a piece of another ("thera" of "mabthera")
    if not (
        any(re.search(rf"\b{re.escape(w)}", before) for w in topic) and len(before.split()) <= 12
    ):
        return 0.0
    return WEAK_DEFINITION if _WEAK_DEFINITION_VERB.match(head, verb.start()) else 1.0
