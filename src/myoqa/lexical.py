"""French analysis for lexical search, and the BM25 index built on it.

Analysis: lowercase, accent folding, elisions (l' d' qu' j' n' s' c' ...), French
stopwords, Snowball French stemming. Queries and passages go through the same steps,
so "hereditaire" and "Héréditaires" meet.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import numpy as np

from myoqa.chunking import is_reference

# Straight apostrophes; trademark signs go, since NFKD would spell "Fitbit™" "FitbitTM".
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "™": "", "℠": ""})
# Greek letters as people type them: "anti-TIF1-γ" is asked about as "anti-TIF1 gamma".
_GREEK = str.maketrans({"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "κ": "kappa"})
_ELISION = re.compile(r"\b(?:l|d|qu|j|n|s|c|m|t|jusqu|lorsqu|puisqu|quoiqu)'(?=\w)")
_TOKEN = re.compile(r"[a-z0-9]+")
# A name ending in a hyphen and one letter is one word: "CAR-T" is not the conjunction
# "car". The euphonic "t" of "existe-t-il" is followed by another hyphen.
_LETTER_SUFFIX = re.compile(r"\b([a-z]{2,})-([a-z])\b(?![-'])")
# A code's number after a hyphen is part of it: "anti-Mi-2" is written "anti-Mi2" too,
# "MDA-5" "MDA5" (a capital, 2-4 letters: "Covid-19" keeps its two words)
_CODE_NUMBER = re.compile(r"\b([A-Z][A-Za-z]{1,3})-(\d{1,2})\b")
# "sous-cutané" (subcutaneous), hyphenated or typed in two words, is one word: its "sous"
# alone made "c'est une piqûre ou un cachet ?" (piqûre → sous-cutanée) match the
# "calcifications sous la peau". "sous" stays a word of its own everywhere else.
_SUBCUTANEOUS = re.compile(r"\bsous[- ]?(?=cutan)")
# "il s'agit de" means "it is": not the verb "agir" of "le rituximab agit comment ?"
_IMPERSONAL = re.compile(r"\bs'agi(?:t|r|ra|rait|ssait|ssent)\b")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase, without accents, with straight apostrophes: 'L’Hérédité' → "l'heredite"."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).lower().translate(_GREEK))
    return "".join(c for c in text if not unicodedata.combining(c)).replace("œ", "oe")


def words(text: str) -> list[str]:
    """Folded words of ``text`` without elisions, stopwords kept ("CAR-T" → "cart")."""
    text = _CODE_NUMBER.sub(r"\1\2", text)
    folded = _SUBCUTANEOUS.sub("sous", fold(text))
    return _TOKEN.findall(_ELISION.sub("", _LETTER_SUFFIX.sub(r"\1\2", folded)))


def _content_words(text: str) -> list[str]:
    """``words(text)`` without the impersonal "il s'agit de"."""
    return words(_IMPERSONAL.sub(" ", fold(text)))


def _without_journal_words(text: str) -> str:
    """``text`` with the French words of its reference lines left out: the journal of
    "Jørgensen A et al. Scand J Med Sci Sports. 2022" or "Lu K et al. Muscle Nerve. 2022"
    does not make a passage about sport or muscles. Authors, journals and years stay."""
    if "et al" not in text:
        return text
    lines = text.split("\n")
    for k, line in enumerate(lines):
        if is_reference(line):
            kept = [w for w in line.split() if fold(w.strip(".,;:")) not in french_words()]
            lines[k] = " ".join(kept)
    return "\n".join(lines)


def padded_words(text: str) -> str:
    """' w1 w2 … ': folded words between spaces, so that ``padded_words(phrase).strip()``
    found inside it means the phrase occurs as whole words, in order."""
    return " " + " ".join(words(text)) + " "


@lru_cache(maxsize=1)
def french_word_counts() -> dict[str, int]:
    """Folded words of a general French dictionary (pyspellchecker's list, ~140,000
    words) with how often they occur in its source texts."""
    from spellchecker import SpellChecker

    counts: dict[str, int] = {}
    for word, count in SpellChecker(language="fr").word_frequency.dictionary.items():
        folded = fold(word)
        counts[folded] = max(count, counts.get(folded, 0))
    return counts


@lru_cache(maxsize=1)
def french_words() -> frozenset[str]:
    """Tells a word the user spelled right from a misspelling."""
    return frozenset(french_word_counts())


# Endings that make another form of the same word: plural, feminine, conjugation
# ("décollent" / "décollement", "existent" / "existant", "fatiguée" / "fatigue").
INFLECTIONS = frozenset(
    {"", "e", "s", "es", "x", "t", "nt", "ent", "ant", "ment", "ement", "r", "er", "ir", "re"}
    | {"ez", "ons", "a", "ai", "ait", "aient", "ais", "ee", "ees", "u", "ue", "ues", "us"}
)


def same_word(a: str, b: str) -> bool:
    """Whether two folded words are forms of one word: a common start of 3 letters or more,
    then an inflection ending (or nothing) on each."""
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return any(a[k:] in INFLECTIONS and b[k:] in INFLECTIONS for k in range(3, common + 1))


class FrenchAnalyzer:
    """Turns text into BM25 terms; the same instance serves indexing and queries."""

    def __init__(self, stopwords: frozenset[str]) -> None:
        import Stemmer  # PyStemmer: Snowball stemmers in C

        self.stopwords = frozenset(fold(w) for w in stopwords)
        self._stemmer = Stemmer.Stemmer("french")
        self._stem = lru_cache(maxsize=200_000)(self._stemmer.stemWord)
        # the sentences of the retrieved passages are analysed again for every question
        self._cached = lru_cache(maxsize=50_000)(self._analyse)

    def terms(self, text: str) -> list[str]:
        """Stemmed content words of ``text``, in order, repeats kept."""
        return list(self._cached(text))

    def terms_once(self, text: str) -> list[str]:
        """``terms(text)`` for a text seen once (an index build): it stays out of the
        cache, which would otherwise keep every passage of the corpus."""
        return list(self._analyse(text))

    def _analyse(self, text: str) -> tuple[str, ...]:
        text = _without_journal_words(text)
        return tuple(self.stem(w) for w in _content_words(text) if w not in self.stopwords)

    def stem(self, word: str) -> str:
        word = singular_in_al(word)
        # Snowball leaves some plurals alone ("essais" → "essais"): drop the plural mark first.
        if len(word) > 4 and word[-1] in "sx" and word[-2] != "s":
            word = word[:-1]
        # ... and the "-ent" of a plural verb ("touchent" → "touchent"), so "les myosites
        # touchent" would not meet "ça touche": it is read as "touchant" ("touch").
        if plural_verb(word):
            word = word[:-3] + "ant"
        # Snowball knows the feminine "-ée" only with its accent, which folding removed:
        # "supervisée" would stay "supervise" while "supervisé" becomes "supervis"
        if len(word) > 4 and word.endswith("ee"):
            word = word[:-1]
        stem = self._stem(word)
        # Snowball cuts one family three ways ("diagnostic", "diagnostique" → "diagnost",
        # "diagnostiquer" → "diagnostiqu"): a form in -iqu- is read as its noun in -ic
        # when French has one ("on la diagnostique" meets "le diagnostic repose sur")
        if "iqu" in word:
            base = re.sub(r"ique?$", "", stem)
            if len(base) >= 5 and base + "ic" in french_words():
                return base + "ic"
        return stem


@lru_cache(maxsize=50_000)
def singular_in_al(word: str) -> str:
    """A folded plural in -aux as its singular in -al, when French has that word: Snowball
    cuts "hôpitaux" to "hopitau" but "hôpital" to "hopital", "globaux" from "global";
    "travaux" is not "traval", and "nouveaux" keeps its -eaux."""
    if len(word) > 5 and word.endswith("aux") and not word.endswith("eaux"):
        singular = word[:-3] + "al"
        if singular in french_words():
            return singular
    return word


@lru_cache(maxsize=50_000)
def plural_verb(word: str) -> bool:
    """A folded word of 7 letters or more ending in "-ent" whose infinitive in -er, -re or
    -ir is a French word ("montrent", "souffrent"); not "patient" or "souvent". Short
    words are left alone: "parent" is not "parer", nor "moment" a verb."""
    if len(word) < 7 or not word.endswith("ent"):
        return False
    base = word[:-3]
    return any(base + ending in french_words() for ending in ("er", "re", "ir"))


def verb_form(word: str) -> bool:
    """A folded French word that reads as a form of a verb: an infinitive ("dormir",
    "perdre") or a form one ending away from a French infinitive ("tombe" → tomber, "perd"
    → perdre, "conseillee" → conseiller); "patient" is not "patienter"."""
    known = french_words()
    if word not in known:
        return False
    infinitives = {word + "r", word + "re"}
    if word.endswith(("er", "ir", "re")):
        infinitives.add(word)
    for ending in ("ees", "ee", "es"):
        if word.endswith(ending):
            infinitives.add(word[: -len(ending)] + "er")
    return bool(infinitives & known)


class BM25Index:
    """BM25 over analysed passages (bm25s), scored for all passages at once."""

    def __init__(self, retriever: object) -> None:
        self._retriever = retriever

    @classmethod
    def build(cls, analysed: list[list[str]], k1: float = 1.2, b: float = 0.75) -> BM25Index:
        retriever = _bm25s().BM25(k1=k1, b=b)
        retriever.index([terms or ["∅"] for terms in analysed], show_progress=False)
        return cls(retriever)

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25 score of every passage for ``terms`` (zeros where no term matches)."""
        known = [t for t in terms if t in self._retriever.vocab_dict]
        if not known:
            return np.zeros(self._retriever.scores["num_docs"], dtype=np.float32)
        return self._retriever.get_scores(known)

    def save(self, folder: Path) -> None:
        self._retriever.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        return cls(_bm25s().BM25.load(str(folder), show_progress=False, verbosity=0))


def _bm25s() -> ModuleType:
    """bm25s, imported late; it sets its logger to DEBUG, which would print through the CLI."""
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s
