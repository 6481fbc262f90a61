"""The assistant: loads the model and the index once, then answers and verifies.

The CLI, the app, the evaluation and the benchmarks all go through ``Assistant``.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from myoqa.answering import (
    MEASURE_MISSING_FACTOR,
    PASSAGES_EXAMINED,
    AnswerPicker,
    lacks_measure,
)
from myoqa.citations import source_dict
from myoqa.config import Settings
from myoqa.conversation import (
    EARLIER_TURNS,
    MARKED_WEIGHT,
    Resolution,
    names_subject,
    resolve,
)
from myoqa.embedding import encode, load_model
from myoqa.errors import QuestionError
from myoqa.index import LoadedIndex, analyzer, load_index
from myoqa.lexical import fold, french_words, padded_words, words
from myoqa.lexicon import keys_written_in, load_lexicon, phrases_written_in
from myoqa.models import Answer
from myoqa.query import AnalyzedQuery, QueryAnalyzer, misspelt_french
from myoqa.retrieval import Filters, Retriever
from myoqa.verification import FOUND_AT, Verification, match_chunk

MAX_QUESTION_CHARS = 2000
MAX_QUOTE_CHARS = 5000
UNKNOWN_WORD_FACTOR = 0.8  # chosen on the dev split (README "Quality")
# a word the corpus lacks that is not French either: a name or a brand ("Plaquenil",
# "Shingrix", "gluten"); README "Quality"
UNKNOWN_NAME_FACTOR = 0.7
# A drug, a disease (by its medical suffix or its eponym) or an author the corpus never
# names: no passage is about it (no answerable question of the files or the read probes
# names one)
NAME_MISSING_FACTOR = 0.5
# idf below which a word names the corpus's theme (myosite 0.97, maladie 0.73, essai 0.98;
# dermatomyosite 1.1, traitement 1.19): chosen on the second probes (docs/quality-log.md)
THEME_IDF = 1.0
TESTIMONY_FACTOR = 0.7  # a testimony ranks as if scored this much lower
# the corpus answers when one of its first answers is sure enough, not only the first
CONFIDENT_AMONG = 3
# the greetings and sign-offs of a forum post
_POST = re.compile(r"\b(?:bonjour|bonsoir|merci|bon courage|bonne lecture)\b")
_FIRST_PERSON = re.compile(r"\b(?:je|me|moi|mon|ma|mes)\b|\b[jm]'")
# an elided reflexive pronoun ("m'arrêter"), spelled out before personal advice is looked for
_REFLEXIVE = re.compile(r"(?i)\b([mts])['’]")
NOT_FOUND = "Je n'ai pas trouvé de réponse dans les documents."
PERSONAL_ADVICE = (
    "Cette question porte sur votre propre traitement (dose, arrêt, grossesse, résultats) : "
    "seul votre médecin peut y répondre. Les documents ne remplacent pas son avis."
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")  # and lone surrogates


@dataclass(frozen=True)
class AskResult:
    question: str
    query: str
    answered: bool
    answers: tuple[Answer, ...]
    confidence: float
    elapsed_ms: float
    expansions: tuple[str, ...] = ()
    corrections: tuple[str, ...] = ()
    emergency: str | None = None  # number to call when the question shows an emergency
    personal_advice: bool = False  # asks a decision about one's own treatment: abstain
    passages: tuple[Answer, ...] = field(default=())  # answers kept below the threshold

    def to_json(self, question_id: Any = None) -> dict[str, Any]:
        return {
            "id": question_id,
            "question": self.question,
            "query": self.query,
            "answered": self.answered,
            "confidence": round(self.confidence, 4),
            "elapsed_ms": round(self.elapsed_ms, 2),
            "expansions": list(self.expansions),
            "corrections": list(self.corrections),
            "emergency": self.emergency,
            "personal_advice": self.personal_advice,
            "answers": [answer_json(a) for a in self.answers],
        }


def answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "text": answer.text,
        "passage": answer.chunk.text,
        "start": answer.start,
        "end": answer.end,
        "score": round(answer.score, 4),
        "confidence": round(answer.confidence, 4),
        "source": source_dict(answer.chunk),
    }


def clean_question(question: str, max_chars: int = MAX_QUESTION_CHARS) -> str:
    """Validate and normalise a question; ``QuestionError`` when it cannot be searched."""
    if not isinstance(question, str):
        raise QuestionError("La question doit être un texte.")
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", question)).strip()
    if not text:
        raise QuestionError("La question est vide.")
    if len(text) > max_chars:
        raise QuestionError(
            f"Le texte est trop long ({len(text)} caractères ; {max_chars} au maximum).",
            hint="Posez une question courte ; pour vérifier un long extrait, "
            "collez-en une phrase dans « Vérifier une citation ».",
        )
    return re.sub(r"\s+", " ", text)


class Assistant:
    """Model, index, retriever and answer picker, loaded once and shared read-only."""

    def __init__(self, settings: Settings, model: Any, index: LoadedIndex) -> None:
        self.settings = settings
        self.model = model
        self.index = index
        tokenizer = analyzer()
        self.lexicon = load_lexicon()

        def passages_with(stems: tuple[str, ...]) -> list[str]:
            return _passages_with(index, stems)

        absent = self.lexicon.absent_names
        self.queries = QueryAnalyzer(
            self.lexicon,
            tokenizer,
            index.vocabulary,
            frozenset(index.idf),
            keys_written_in(self.lexicon, tokenizer, passages_with),
            frozenset(absent) - phrases_written_in(absent, tokenizer, passages_with),
        )
        self.retriever = Retriever(
            index, settings.candidates, settings.fusion, settings.rrf_k, settings.dense_weight
        )
        self.picker = AnswerPicker(index, tokenizer, settings.answer_max_words)

    @classmethod
    def load(cls, settings: Settings, model: Any | None = None) -> Assistant:
        """Load the index first (cheap checks), then the model (slow)."""
        index = load_index(settings)
        assistant = cls(settings, model or load_model(settings.model), index)
        assistant.warm_up()
        return assistant

    def warm_up(self) -> None:
        """Run one question through every stage so that the first user does not pay for it."""
        french_words()  # read when a question has a word the corpus lacks (0.7 s)
        self.ask("Qu'est-ce qu'une myosite ?")

    def embed(self, text: str) -> np.ndarray:
        return encode(self.model, [text])[0]

    def analyze(self, question: str, history: list[str] | tuple[str, ...] = ()) -> AnalyzedQuery:
        """The search terms of ``question`` in its conversation."""
        return self._resolve(question, history)[1]

    def _is_theme(self, word: str) -> bool:
        """A word in so many passages that it names the corpus's theme ("myosite", "maladie")."""
        return self.index.idf.get(self.queries.analyzer.stem(word), THEME_IDF) < THEME_IDF

    def _story(self, history: list[str] | tuple[str, ...]) -> frozenset[str]:
        """The French words the recent earlier turns said only to tell the asker's story
        (their background and everyday words: "ma tante vient d'apprendre…"); a subject
        name ("prise de sang") or a trial's name ("RECLAIIM") is never story."""
        stems: set[str] = set()
        said: set[str] = set()
        for earlier in history[-EARLIER_TURNS:]:
            told = self.queries.analyze(earlier)
            stems |= told.background | told.chatter
            said.update(words(earlier))
        stem = self.queries.analyzer.stem
        return frozenset(
            w for w in said if stem(w) in stems and w in french_words() and not names_subject(w)
        )

    def _resolve(
        self, question: str, history: list[str] | tuple[str, ...]
    ) -> tuple[Resolution, AnalyzedQuery]:
        story = self._story(history)
        resolution = resolve(question, list(history), self._is_theme, story.__contains__)
        query = self.queries.analyze(
            resolution.question,
            resolution.context,
            resolution.context_weight,
            resolution.subject,
            resolution.definition,
        )
        return resolution, query

    def ask(
        self,
        question: str,
        history: list[str] | tuple[str, ...] = (),
        top_k: int | None = None,
        filters: Filters | None = None,
        use: tuple[str, ...] = ("bm25", "dense"),
    ) -> AskResult:
        """Answer ``question`` (with earlier questions ``history``) from the corpus, or abstain."""
        started = time.perf_counter()
        question = clean_question(question)
        history = [clean_question(h) for h in history if isinstance(h, str) and h.strip()]
        top_k = top_k or self.settings.top_k
        resolution, query = self._resolve(question, history)
        emergency = self.emergency_number(question)
        personal_advice = self.asks_personal_advice(question)
        answers: list[Answer] = []
        if not query.is_empty:
            vector = self.embed(dense_text(query.spelled, resolution))
            wanted = max(top_k * 3, PASSAGES_EXAMINED)  # the same passages whatever top_k
            hits = self.retriever.search(query, vector, wanted, filters, use)
            answers = self.picker.answers(query, vector, hits, max(top_k, CONFIDENT_AMONG))
        # The surest of the first answers says whether the corpus answers at all (it comes
        # first when it passes: ``_institutional_first``). Each word the corpus never uses
        # lowers the confidence: the corpus cannot be about it; a drug or an author it never
        # names is a subject no passage names, too.
        surest = max(answers[:CONFIDENT_AMONG], key=lambda a: a.confidence, default=None)
        confidence = 0.0
        if surest is not None:
            confidence = surest.confidence * unknown_words_factor(query.unknown)
            if query.names_missing:
                confidence *= NAME_MISSING_FACTOR
            if lacks_measure(query.spelled, surest.text):
                confidence *= MEASURE_MISSING_FACTOR
        answered = confidence >= self.settings.min_confidence and not personal_advice
        answers = rank_testimonies_lower(answers)
        if answered:
            answers = _institutional_first(answers, self.settings.min_confidence, query.quotes)
        answers = answers[:top_k]
        return AskResult(
            question=question,
            query=resolution.query,
            answered=answered,
            answers=tuple(answers) if answered else (),
            confidence=confidence,
            elapsed_ms=(time.perf_counter() - started) * 1000,
            expansions=query.expansions,
            corrections=query.corrections,
            emergency=emergency,
            personal_advice=personal_advice,
            passages=tuple(answers),
        )

    def verify(self, text: str, limit: int = 5) -> Verification:
        """Where the corpus says ``text`` (a quote, a paraphrase or a reference), best first."""
        text = clean_question(text, MAX_QUOTE_CHARS)
        query = self.queries.analyze(text)
        vector = self.embed(text)
        hits = self.retriever.search(query, vector, 20)
        matches = []
        for hit in hits:
            vectors = self.index.sentence_vectors_of(self.index.rows[hit.chunk.id])
            matches.append(match_chunk(text, hit.chunk, vectors, vector))
        # a quoted title matches every passage under it: once, where it heads the passage
        matches.sort(key=lambda m: (-m.similarity, m.heading not in (None, m.chunk.section)))
        seen: set[tuple[str, str]] = set()
        kept = []
        for m in matches:
            quoted = (m.chunk.doc_id, fold(m.text))
            if m.heading is None or quoted not in seen:
                kept.append(m)
            seen.add(quoted)
        matches = kept
        found = [m for m in matches if m.similarity >= FOUND_AT][:limit]
        return Verification(text, bool(found), tuple(found or matches[:0]))

    def emergency_number(self, question: str) -> str | None:
        """'15', '112' or '3114' when the question contains an emergency signal."""
        text = padded_words(question)
        for phrase, number in self.lexicon.emergencies:
            if f" {phrase} " in text:
                return number
        return None

    def asks_personal_advice(self, question: str) -> bool:
        """True when the question asks for a decision about one's own treatment ("quelle
        dose dois-je prendre", "puis-je arrêter ma cortisone") that only a doctor can make."""
        # a reflexive pronoun stays: "je dois m'arrêter au volant" is not stopping a drug
        text = padded_words(_REFLEXIVE.sub(r"\1e ", question))
        return any(f" {phrase} " in text for phrase in self.lexicon.personal_advice)

    def suggestions(self, limit: int = 6) -> list[str]:
        """Section titles of the corpus, to suggest related topics after an abstention."""
        seen: dict[str, None] = {}
        for chunk in self.index.chunks:
            if chunk.section and 3 <= len(chunk.section.split()) <= 9:
                seen.setdefault(chunk.section, None)
        return list(seen)[:limit]


def _passages_with(index: LoadedIndex, stems: tuple[str, ...]) -> list[str]:
    """The texts (section title and passage) of the chunks holding every one of ``stems``."""
    rows = np.arange(len(index.chunks))
    for stem in stems:
        rows = rows[index.bm25.scores([stem])[rows] > 0]
    return [f"{index.chunks[r].section or ''}\n{index.chunks[r].text}" for r in rows]


def dense_text(question: str, resolution: Resolution) -> str:
    """What is embedded: the question as written, misspellings fixed (the model reads
    accents and question words better than the folded analysis), with its context when
    it leans on the conversation."""
    if resolution.context_weight >= MARKED_WEIGHT:
        return " ".join((question, *resolution.subject, *resolution.context))
    return question


def rank_testimonies_lower(answers: list[Answer]) -> list[Answer]:
    """Testimonies (``is_testimony``: "je prends bien mes 5 mg de cortisone", "Bonjour
    Rose, …") rank as if scored ``TESTIMONY_FACTOR`` lower: one person's experience or
    reply is not a general statement."""

    def key(answer: Answer) -> float:
        return -answer.score * (TESTIMONY_FACTOR if is_testimony(answer.text) else 1.0)

    return sorted(answers, key=key)


def is_testimony(text: str) -> bool:
    """A member's post: in the first person, or greeting and signing off ("Bonjour Rose,",
    "Bon courage"), unlike a third-person synthesis posted on the same forum."""
    folded = fold(text)
    return bool(_FIRST_PERSON.search(folded) or _POST.search(folded))


def unknown_words_factor(unknown: tuple[str, ...]) -> float:
    """What the words the corpus never uses leave of a confidence: a French word less
    than a name or a brand, which the corpus would have to name to be about it."""
    factor = 1.0
    for word in unknown:
        factor *= UNKNOWN_WORD_FACTOR if misspelt_french(word) else UNKNOWN_NAME_FACTOR
    return factor


def _institutional_first(
    answers: list[Answer], threshold: float, quotes: tuple[str, ...] = ()
) -> list[Answer]:
    """Institutional answers that pass the threshold come first; forum testimonies (unless
    they hold the quoted text the user is looking for) never come before an institutional
    answer ranked above them, whether or not it passes the threshold. A forum's statement
    in the third person (its moderators' synthesis of a review) keeps its rank."""

    def demoted(answer: Answer) -> bool:
        quoted = any(q in padded_words(answer.text) for q in quotes)
        return answer.chunk.meta.type == "forum" and is_testimony(answer.text) and not quoted

    first = [a for a in answers if a.confidence >= threshold and not demoted(a)]
    first.sort(key=lambda a: -a.score)
    return first + [a for a in answers if a not in first]
