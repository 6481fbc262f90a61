"""The domain knowledge kept as data files in ``myoqa/data/`` (a moderator can edit them).

Files: stopwords_fr.txt, question_scaffolding.txt, expressions.tsv, synonyms.tsv,
acronyms.tsv, drugs.tsv, related_words.tsv, misspellings.tsv, emergency_signals.txt,
personal_advice.txt, unasked_words.txt, absent_names.txt.
Lines starting with ``#`` are comments; in the ``.tsv`` files the first column is what a
user may type, the second what it means (several meanings separated by `` | ``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from myoqa.lexical import FrenchAnalyzer, fold, padded_words, words

SUBJECT_FILES = ("synonyms.tsv", "acronyms.tsv", "drugs.tsv")
# related words widen a search, never name its subject
EXPANSION_FILES = (*SUBJECT_FILES, "related_words.tsv")
# files whose expansions are the documents' own words (acronyms and drug names may also
# give the full name, which a document need not spell out)
CORPUS_WORDING_FILES = ("synonyms.tsv", "related_words.tsv")
QUESTION_WORDS = frozenset({"combien", "comment", "pourquoi", "quand", "quel", "quelle", "quoi"})
# Stop words a key's phrase needs for its grammar only ("se lever", "s'en sortir", "à
# domicile"): a key read without them still means the same.
GRAMMAR_WORDS = frozenset(
    {"a", "au", "aux", "ca", "ce", "d", "de", "des", "du", "en", "l", "la", "le", "les", "m"}
    | {"me", "par", "pour", "s", "se", "sur", "t", "te", "un", "une", "y"}
)
Table = list[tuple[str, list[str]]]


def data_path(name: str) -> Path:
    return Path(str(resources.files("myoqa") / "data" / name))


def read_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file."""
    path = data_path(name)
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.rstrip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def read_table(name: str) -> Table:
    """``(key, [values])`` rows of a tab-separated data file."""
    rows = []
    for line in read_lines(name):
        key, _, rest = line.partition("\t")
        values = [v.strip() for v in rest.split("|") if v.strip()]
        if key.strip() and values:
            rows.append((key.strip(), values))
    return rows


# Idioms: (an idiom's words, folded or stemmed, and its meaning), longest first
Idioms = tuple[tuple[tuple[str, ...], str], ...]


@dataclass(frozen=True)
class Lexicon:
    """Folded lookup tables built from the data files."""

    stopwords: frozenset[str]
    scaffolding: tuple[str, ...]  # folded phrases, longest first
    expansions: dict[str, tuple[str, ...]]  # folded term → expansions as written
    misspellings: dict[str, str]  # folded wrong word → correct form
    expressions: Idioms  # (folded words, meaning), longest first
    emergencies: tuple[tuple[str, str], ...]  # (folded phrase, number to call)
    personal_advice: tuple[str, ...] = ()  # folded phrases of "what should I take/stop"
    unasked: frozenset[str] = frozenset()  # folded words an answer need not hold ("peur")
    # folded names of drugs and diseases the documents may not name ("colchicine")
    absent_names: tuple[str, ...] = ()

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
        personal_advice=phrases_of("personal_advice.txt"),
        expressions=expressions_of(read_table("expressions.tsv")),
        unasked=frozenset(fold(w.strip()) for w in read_lines("unasked_words.txt")),
        absent_names=phrases_of("absent_names.txt"),
    )


def phrases_of(name: str) -> tuple[str, ...]:
    """The lines of a data file as folded words, each once."""
    phrases = (" ".join(words(line)) for line in read_lines(name))
    return tuple(dict.fromkeys(p for p in phrases if p))


def expressions_of(table: Table) -> Idioms:
    """The idioms of an expressions table: (folded words, meaning), longest first, so that
    a longer idiom is rewritten before a shorter one inside it."""
    idioms = ((tuple(words(key)), values[0]) for key, values in table if words(key))
    return tuple(sorted(idioms, key=lambda idiom: -len(idiom[0])))


def key_stems(key: str, analyzer: FrenchAnalyzer) -> tuple[str, ...]:
    """The stems of the words of ``key``, stopwords out: how a key of the expansion files
    is matched, and how the query reads a clause."""
    return tuple(analyzer.stem(w) for w in words(key) if w not in analyzer.stopwords)


def stood_for(
    key: tuple[str, ...], expansion_stems: set[str], written_in_documents: bool
) -> tuple[str, ...]:
    """The stems of a key that its expansions stand for: the word of a one-word key; of a
    longer key, the words the expansions do not repeat ("sortes" in "sortes de myosites" →
    "types de myosites").

    When they repeat every word, it depends on the documents. A key they use as written
    ("prise de sang → prise de sang, taux sanguin") is already the documents' wording and
    expands nothing: turning those lines on cost answers on every question set
    (docs/quality-log.md). A lay key they never use ("maladie orpheline → maladies rares,
    médicament orphelin") expands every word.
    """
    if len(key) == 1:
        return key
    fresh = tuple(t for t in key if t not in expansion_stems)
    return fresh if fresh or written_in_documents else key


def keys_written_in(
    lexicon: Lexicon,
    analyzer: FrenchAnalyzer,
    passages_with: Callable[[tuple[str, ...]], Iterable[str]],
) -> frozenset[str]:
    """The expansion keys of two words or more that the documents write as they are
    ("prise de sang"), folded."""
    keys = [key for key in lexicon.expansions if len(key_stems(key, analyzer)) > 1]
    return phrases_written_in(keys, analyzer, passages_with)


def phrases_written_in(
    phrases: Iterable[str],
    analyzer: FrenchAnalyzer,
    passages_with: Callable[[tuple[str, ...]], Iterable[str]],
) -> frozenset[str]:
    """The folded ``phrases`` that the documents write as they are. ``passages_with(stems)``
    gives the texts holding all of a phrase's stems (the BM25 index knows them), so a
    large corpus is not read whole."""
    found = set()
    for phrase in phrases:
        stems = key_stems(phrase, analyzer)
        padded = padded_words(phrase)
        if stems and any(padded in padded_words(t) for t in passages_with(stems)):
            found.add(phrase)
    return frozenset(found)


def lines_without_effect(corpus_text: str, tables: dict[str, Table] | None = None) -> list[str]:
    """Expansion lines that expand nothing (see ``stood_for``), one French line each."""
    tables = tables if tables is not None else {name: read_table(name) for name in EXPANSION_FILES}
    analyzer = FrenchAnalyzer(load_lexicon().stopwords)
    document = padded_words(corpus_text)
    found = []
    for name in EXPANSION_FILES:
        for key, values in tables.get(name, []):
            stems = key_stems(key, analyzer)
            expansion_stems = {t for value in values for t in analyzer.terms(value)}
            written = padded_words(key) in document
            if stems and not (
                stood_for(stems, expansion_stems, written) and expansion_stems - set(stems)
            ):
                found.append(f"{name} : « {key} » (ses expansions reprennent tous ses mots)")
    return found


@lru_cache(maxsize=4096)
def _phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(words(phrase))


def strip_scaffolding(tokens: list[str], phrases: tuple[str, ...]) -> list[str]:
    """Remove every occurrence of the scaffolding phrases (folded word sequences)."""
    result = list(tokens)
    for phrase in phrases:
        target = _phrase_words(phrase)
        n = len(target)
        if not n or target[0] not in result:
            continue
        i = 0
        while i <= len(result) - n:
            if tuple(result[i : i + n]) == target:
                del result[i : i + n]
            else:
                i += 1
    return result or list(tokens)


def stem_idioms(expressions: Idioms, stem: Callable[[str], str]) -> Idioms:
    """The idioms of ``expressions`` with their words stemmed, once, for
    ``rewrite_expressions``; the longest first, so that "se transmet aux enfants" is read
    before "ça se transmet" whatever their order in the file (a stable sort: at equal
    length, the file's order)."""
    stemmed = [(tuple(stem(w) for w in phrase), meaning) for phrase, meaning in expressions]
    return tuple(sorted(stemmed, key=lambda idiom: -len(idiom[0])))


def rewrite_expressions(
    tokens: list[str], idioms: Idioms, stem: Callable[[str], str] = str
) -> tuple[list[str], list[str]]:
    """Replace lay idioms ("ça marche") by their meaning ("efficace"); report each one.

    Words are compared by ``stem`` (the one ``idioms`` were stemmed with), so a
    conjugated idiom matches too ("j'attrape" for "attraper")."""
    result, notes = list(tokens), []
    stems = [stem(w) for w in result]
    # a meaning is not read again as a user's words: "arriver en pharmacie pour…" →
    # "mise sur le marché pour…" must not go on to "marche pour" → "efficace pour"
    rewritten = [False] * len(result)
    for target, meaning in idioms:
        if target[0] not in stems:  # most idioms: no need to scan
            continue
        n, i = len(target), 0
        while i <= len(result) - n:
            if tuple(stems[i : i + n]) == target and not any(rewritten[i : i + n]):
                replacement = words(meaning)
                if result[i : i + n] != replacement:  # an idiom kept as it is goes unsaid
                    notes.append(f"{' '.join(result[i : i + n])} → {meaning}")
                result[i : i + n] = replacement
                stems[i : i + n] = [stem(w) for w in replacement]
                rewritten[i : i + n] = [True] * len(replacement)
                i += len(replacement)
            else:
                i += 1
    return result, notes


def _meaningful_stopwords(folded_key: list[str], analyzer: FrenchAnalyzer) -> list[str]:
    """The stop words of a key that carry meaning ("autres" in "autres malades"): reading
    the key without them widens it to every question holding its other word."""
    return [w for w in folded_key if w in analyzer.stopwords and w not in GRAMMAR_WORDS]


def lexicon_problems(
    corpus_text: str | None = None, tables: dict[str, Table] | None = None
) -> list[str]:
    """What an edit of the data files broke, in French, one line per problem: a key that
    is never read (hidden by another with the same stems, or only stopwords), a key
    holding a question word (dropped before keys are matched, so "combien de personnes"
    would be the key "personnes") or read as one word once a stop word that carries its
    meaning is dropped ("autres malades" would be the key "malades"), a key an idiom of
    expressions.tsv rewrites before keys are matched ("attraper" → "contracter") or
    holding a word misspellings.tsv corrects first ("ritux" → "rituximab"), and, given
    the documents' text, expansions and idiom meanings the documents never use (they
    find nothing)."""
    names = (*EXPANSION_FILES, "expressions.tsv")
    tables = tables if tables is not None else {name: read_table(name) for name in names}
    analyzer = FrenchAnalyzer(load_lexicon().stopwords)
    documents = padded_words(corpus_text) if corpus_text is not None else None
    idioms = stem_idioms(expressions_of(tables.get("expressions.tsv", [])), analyzer.stem)
    if "misspellings.tsv" in tables:
        misspelled = {" ".join(words(k)) for k, _ in tables["misspellings.tsv"]}
    else:
        misspelled = set(load_lexicon().misspellings)
    problems: list[str] = []
    first: dict[tuple[str, ...], tuple[str, str]] = {}
    for name in EXPANSION_FILES:
        for key, values in tables.get(name, []):
            folded = words(key)
            stems = key_stems(key, analyzer)
            asked = sorted(QUESTION_WORDS & set(folded))
            rewritten = rewrite_expressions(folded, idioms, analyzer.stem)[1]
            corrected = [w for w in folded if w in misspelled]
            if not stems:
                problems.append(f"{name} : « {key} » n'a que des mots vides, jamais lue.")
            elif rewritten:
                problems.append(
                    f"{name} : « {key} » est remplacée par l'expression « {rewritten[0]} » "
                    "(expressions.tsv) avant d'être cherchée : cette ligne n'est jamais utilisée."
                )
            elif corrected:
                problems.append(
                    f"{name} : « {key} » contient « {corrected[0]} », que misspellings.tsv "
                    "corrige avant la recherche : cette ligne n'est jamais utilisée."
                )
            elif asked:
                problems.append(
                    f"{name} : « {key} » contient « {asked[0]} », mot de question ignoré : "
                    "la clé serait lue sans lui."
                )
            elif len(kept := [w for w in folded if w not in analyzer.stopwords]) == 1 and (
                dropped := _meaningful_stopwords(folded, analyzer)
            ):
                problems.append(
                    f"{name} : « {key} » est lue comme le seul mot « {kept[0]} » "
                    f"(« {dropped[0]} » est un mot vide ignoré) : elle s'appliquerait à toute "
                    "question qui contient ce mot."
                )
            elif first.setdefault(stems, (name, " ".join(folded)))[1] != " ".join(folded):
                problems.append(
                    f"{name} : « {key} » a les mêmes racines que « {first[stems][1]} » "
                    f"({first[stems][0]}), lue avant elle : cette ligne n'est jamais utilisée."
                )
            if documents is not None and name in CORPUS_WORDING_FILES:
                problems += [
                    f"{name} : « {v} » (clé « {key} ») n'est pas dans les documents."
                    for v in values
                    if padded_words(v) not in documents
                ]
    if documents is not None:
        corpus_stems = set(analyzer.terms_once(corpus_text or ""))
        for key, values in tables.get("expressions.tsv", []):
            absent = [w for w in analyzer.terms_once(values[0]) if w not in corpus_stems]
            if absent:
                problems.append(
                    f"expressions.tsv : « {absent[0]} » (dans « {values[0]} », pour « {key} ») "
                    "n'est pas dans les documents."
                )
        problems += [
            f"absent_names.txt : « {name} » est dans les documents : la ligne n'a pas d'effet."
            for name in load_lexicon().absent_names
            if padded_words(name) in documents
        ]
    return problems
