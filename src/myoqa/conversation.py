"""Follow-up questions resolved with the earlier turns, by rules (no generative model).

"Et pour la dermatomyosite ?" after "Quels essais dans la myosite à inclusions ?" keeps
the intent of the earlier question (essais) and takes the new topic; "Où a lieu cet
essai ?" keeps the earlier topic; a question that names its own subject without any
follow-up marker starts afresh.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from myoqa.lexical import fold, words
from myoqa.lexicon import load_lexicon, read_lines

_FOLLOW_UP = re.compile(
    r"^\s*(?:et|mais|alors|aussi|ensuite|sinon)\b|"
    r"\b(?:cet|cette|ces|ce)\s+(?:essai|etude|traitement|medicament|maladie|molecule|anticorps|"
    r"auto-anticorps|examen|test|therapie|forme|produit|registre|programme)s?\b|"
    r"\b(?:ses|son|sa|leurs?)\s+(?:effets?|resultats?|symptomes?|causes?|risques?|"
    r"traitements?|participants?|objectifs?|promoteurs?|avantages?|inconvenients?)\b|"
    r"-t-(?:on|il|elle|ils|elles)\b|\b(?:la|le|les|l')\s*\w+-t-on\b|"
    r"\b(?:en|y)\s+(?:a|ont|existe|sait)\b|\b(?:celui|celle|ceux|celles)-ci\b|"
    r"^\s*(?:pour|dans|chez|avec)\b"
)
MAX_FOLLOW_UP_WORDS = 8  # a longer question without markers stands on its own


@dataclass(frozen=True)
class Resolution:
    query: str  # what is searched
    used_history: bool


@lru_cache(maxsize=1)
def intent_words() -> frozenset[str]:
    return frozenset(fold(w) for w in read_lines("intent_words.txt"))


def content_words(text: str) -> list[str]:
    stop = load_lexicon().stopwords
    return [w for w in words(text) if (w not in stop and not w.isdigit()) or w.startswith("nct")]


def topic_and_intent(text: str) -> tuple[list[str], list[str]]:
    """Content words that name the subject, and those that say what is asked."""
    intents = intent_words()
    content = content_words(text)
    return [w for w in content if w not in intents], [w for w in content if w in intents]


def resolve(question: str, history: list[str] | tuple[str, ...]) -> Resolution:
    """The query to search for ``question`` given the earlier questions (oldest first)."""
    history = [h for h in history if h and h.strip()]
    if not history:
        return Resolution(question, False)
    topic, intent = topic_and_intent(question)
    marked = bool(_FOLLOW_UP.search(fold(question)))
    short = len(words(question)) <= MAX_FOLLOW_UP_WORDS
    if not marked and (topic or not short):
        return Resolution(question, False)  # a new subject, or a complete question
    earlier_topic, earlier_intent = _earlier(history)
    if topic and not intent and earlier_intent:
        # "Et pour la dermatomyosite ?": new subject, same request
        return Resolution(f"{question} ({' '.join(earlier_intent)})", True)
    if not topic and earlier_topic:
        # "Où a lieu cet essai ?": same subject, new request
        return Resolution(f"{question} ({' '.join(earlier_topic)})", True)
    return Resolution(question, False)


def _earlier(history: list[str]) -> tuple[list[str], list[str]]:
    """The most recent topic and intent found walking back through the history."""
    topic: list[str] = []
    intent: list[str] = []
    for earlier in reversed(history):
        t, i = topic_and_intent(earlier)
        topic = topic or t
        intent = intent or i
        if topic and intent:
            break
    return topic, intent
