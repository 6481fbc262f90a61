"""Follow-up questions resolved with the earlier turns, by rules (no generative model).

The words of the earlier questions become *context*: searched with the new question but
weighing less than its own words. So "Et pour la dermatomyosite ?" after "Quels essais
dans la myosite à inclusions ?" searches dermatomyosite first, with "essais" as context
(the new topic replaces the old one, the request stays); "Où a lieu cet essai ?" keeps the
earlier topic; "Autre question : ..." starts afresh.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from myoqa.lexical import fold, words
from myoqa.lexicon import load_lexicon, read_lines

_FOLLOW_UP = re.compile(
    r"^\s*(?:et|mais|alors|aussi|ensuite|meme)\b|"
    r"\b(?:cet|cette|ces|ce)\s+(?:essai|etude|traitement|medicament|maladie|molecule|anticorps|"
    r"auto-anticorps|examen|test|therapie|forme|produit|registre|programme|laboratoire)s?\b|"
    r"\b(?:ses|son|sa|leurs?)\s+\w+|"
    r"-t-(?:on|il|elle|ils|elles)\b|\b(?:le|la|les|l'|en|y|lui)\s*(?:\w+)?\s*-t-\w+\b|"
    r"\b(?:qui|on|ca|il|elle)\s+(?:le|la|les|l'|en|y)\s*\w+|\b(?:est|sont)-(?:il|elle)s?\b|"
    r"^\s*(?:pour|dans|chez|avec|ou|quand|combien|qui)\b|\b(?:celui|celle|ceux|celles)-ci\b"
)
_NEW_SUBJECT = re.compile(
    r"\b(?:autre (?:question|chose|sujet)|rien a voir|changeons de sujet|nouvelle question|"
    r"sinon|par ailleurs|question differente)\b"
)
MARKED_WEIGHT = 0.6  # a follow-up ("et pour...", "cet essai", "-t-on") leans on its context
UNMARKED_WEIGHT = 0.25  # a complete new question keeps only a light trace of the earlier ones


@dataclass(frozen=True)
class Resolution:
    query: str  # what is shown as searched: the question, plus its context if any
    question: str
    context: tuple[str, ...] = ()  # earlier content words, searched at ``context_weight``
    context_weight: float = 0.0

    @property
    def used_history(self) -> bool:
        return bool(self.context)


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
    """The search for ``question`` given the earlier questions (oldest first)."""
    history = [h for h in history if h and h.strip()]
    folded = fold(question)
    if not history or _NEW_SUBJECT.search(folded):
        return Resolution(question, question)
    topic, _ = topic_and_intent(question)
    earlier_topic, earlier_intent = _earlier(history)
    own = set(content_words(question))
    context = tuple(w for w in dict.fromkeys(earlier_topic + earlier_intent) if w not in own)
    if not context:
        return Resolution(question, question)
    marked = bool(_FOLLOW_UP.search(folded)) or not topic
    weight = MARKED_WEIGHT if marked else UNMARKED_WEIGHT
    return Resolution(f"{question} [contexte : {' '.join(context)}]", question, context, weight)


def _earlier(history: list[str]) -> tuple[list[str], list[str]]:
    """The most recent topic and intent, walking back until an explicit change of subject."""
    topic: list[str] = []
    intent: list[str] = []
    for earlier in reversed(history):
        t, i = topic_and_intent(earlier)
        topic = topic or t
        intent = intent or i
        if (topic and intent) or _NEW_SUBJECT.search(fold(earlier)):
            break
    return topic, intent
