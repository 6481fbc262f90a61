"""The domain knowledge kept as data files in ``myoqa/data/`` (a moderator can edit them).

Files: stopwords_fr.txt, question_scaffolding.txt, expressions.tsv, synonyms.tsv,
acronyms.tsv, drugs.tsv, related_words.tsv, misspellings.tsv, emergency_signals.txt,
personal_advice.txt.
Lines starting with ``#`` are comments; in the ``.tsv`` files the first column is what a
user may type, the second what it means (several meanings separated by `` | ``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from myoqa.lexical import fold, words

SUBJECT_FILES = ("synonyms.tsv", "acronyms.tsv", "drugs.tsv")
# related words widen a search, never name its subject
EXPANSION_FILES = (*SUBJECT_FILES, "related_words.tsv")


def data_path(name: str) -> Path:
    return Path(str(resources.files("myoqa") / "data" / name))


def read_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file."""
    path = data_path(name)
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.rstrip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def read_table(name: str) -> list[tuple[str, list[str]]]:
    """``(key, [values])`` rows of a tab-separated data file."""
    rows = []
    for line in read_lines(name):
        key, _, rest = line.partition("\t")
        values = [v.strip() for v in rest.split("|") if v.strip()]
        if key.strip() and values:
            rows.append((key.strip(), values))
    return rows


@dataclass(frozen=True)
class Lexicon:
    """Folded lookup tables built from the data files."""

    stopwords: frozenset[str]
    scaffolding: tuple[str, ...]  # folded phrases, longest first
    expansions: dict[str, tuple[str, ...]]  # folded term → expansions as written
    misspellings: dict[str, str]  # folded wrong word → correct form
    expressions: tuple[tuple[tuple[str, ...], str], ...]  # (folded words, meaning), longest first
    emergencies: tuple[tuple[str, str], ...]  # (folded phrase, number to call)
    personal_advice: tuple[str, ...] = ()  # folded phrases of "what should I take/stop"

    @property
    def max_phrasewords(self) -> int:
        return max((len(k.split()) for k in self.expansions), default=1)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    expansions: dict[str, list[str]] = {}
    for name in EXPANSION_FILES:
        for key, values in read_table(name):
            bucket = expansions.setdefault(" ".join(words(key)), [])
            bucket.extend(v for v in values if v not in bucket)
    scaffolding = sorted(
        {fold(s).strip() for s in read_lines("question_scaffolding.txt")}, key=len, reverse=True
    )
    emergencies = []
    for line in read_lines("emergency_signals.txt"):
        phrase, _, number = line.partition("\t")
        emergencies.append((" ".join(words(phrase)), number.strip() or "15"))
    return Lexicon(
        stopwords=frozenset(fold(w.strip()) for w in read_lines("stopwords_fr.txt")),
        scaffolding=tuple(s for s in scaffolding if s),
        expansions={k: tuple(v) for k, v in expansions.items() if k},
        misspellings={" ".join(words(k)): v[0] for k, v in read_table("misspellings.tsv")},
        emergencies=tuple(e for e in emergencies if e[0]),
        personal_advice=tuple(
            dict.fromkeys(
                p
                for p in (" ".join(words(line)) for line in read_lines("personal_advice.txt"))
                if p
            )
        ),
        expressions=tuple(
            sorted(
                ((tuple(words(k)), v[0]) for k, v in read_table("expressions.tsv") if words(k)),
                key=lambda e: -len(e[0]),
            )
        ),
    )
