"""Load the corpus folder: PDF (text per page), plain text and Markdown files.

A file that cannot be read never stops the others: it becomes a ``LoadWarning``
naming the file and the reason, in French since the app shows it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from myoqa.errors import CorpusError
from myoqa.models import SOURCE_TYPES, Document, Page, SourceMeta

log = logging.getLogger(__name__)

MANIFEST_NAME = "sources.toml"
SUFFIXES = {".pdf": "pdf", ".txt": "txt", ".md": "md", ".markdown": "md"}
MAX_TEXT_BYTES = 16 * 1024 * 1024  # a 16 MB text file is ~2.5M words: surely not a document
MAX_PDF_BYTES = 128 * 1024 * 1024


@dataclass(frozen=True)
class LoadWarning:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path} : {self.reason}"


@dataclass(frozen=True)
class LoadedCorpus:
    documents: tuple[Document, ...]
    warnings: tuple[LoadWarning, ...]


class UnreadableFile(Exception):
    """Raised by a reader with the French reason shown to the user."""


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The files myoqa can read under ``corpus_dir``, sorted for stable doc ids."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"Le dossier du corpus n'existe pas : {corpus_dir}")
    return sorted(
        p
        for p in corpus_dir.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
    )


def fingerprint(path: Path) -> str:
    with path.open("rb") as data:  # streamed: a huge skipped file is hashed on every load
        return hashlib.file_digest(data, "sha256").hexdigest()


def load_corpus(corpus_dir: Path) -> LoadedCorpus:
    """Read every supported file; raise ``CorpusError`` only when nothing at all is readable."""
    corpus_dir = Path(corpus_dir)
    manifest, warnings = read_manifest(corpus_dir)
    paths = corpus_files(corpus_dir)
    documents: list[Document] = []
    ids = _doc_ids(paths, corpus_dir)
    for path in paths:
        rel = path.relative_to(corpus_dir).as_posix()
        try:
            documents.append(load_file(path, ids[path], rel, manifest.get(rel)))
        except UnreadableFile as exc:
            warnings.append(LoadWarning(rel, str(exc)))
    for warning in warnings:
        log.warning("%s", warning)
    if not documents:
        detail = "; ".join(str(w) for w in warnings) or "aucun fichier .pdf, .txt ou .md"
        raise CorpusError(f"Aucun document lisible dans {corpus_dir} ({detail}).")
    return LoadedCorpus(tuple(documents), tuple(warnings))


def load_file(path: Path, doc_id: str, rel: str, entry: dict | None = None) -> Document:
    """Load one file into a ``Document``; raise ``UnreadableFile`` with the reason."""
    kind = SUFFIXES[path.suffix.lower()]
    limit = MAX_PDF_BYTES if kind == "pdf" else MAX_TEXT_BYTES
    try:
        size = path.stat().st_size  # checked before reading: a huge file never enters memory
        if size > limit:
            raise UnreadableFile(
                f"fichier trop volumineux ({size // 2**20} Mo, limite {limit // 2**20} Mo)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"fichier illisible ({exc.strerror or exc})") from exc
    if not data.strip():
        raise UnreadableFile("fichier vide")
    pages, pdf_title = _read_pdf(path) if kind == "pdf" else (_read_text(data, kind), None)
    meta = source_meta(entry, pages, fallback_title=pdf_title or path.stem)
    return Document(
        doc_id=doc_id,
        path=rel,
        kind=kind,
        pages=pages,
        meta=meta,
        fingerprint=hashlib.sha256(data).hexdigest(),
    )


def _read_text(data: bytes, kind: str) -> tuple[Page, ...]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"le texte n'est pas encodé en UTF-8 (octet invalide à la position {exc.start}) ; "
            "enregistrez-le en UTF-8"
        ) from exc
    return (Page(None, text),)


def _read_pdf(path: Path) -> tuple[tuple[Page, ...], str | None]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile("PDF protégé par un mot de passe")
        pages = tuple(
            Page(number, page.extract_text() or "")
            for number, page in enumerate(reader.pages, start=1)
        )
        title = (reader.metadata or {}).get("/Title") if reader.metadata else None
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise UnreadableFile(f"PDF illisible ou endommagé ({type(exc).__name__})") from exc
    except Exception as exc:  # pypdf raises many kinds on broken files; none may stop the corpus
        if "crypt" in str(exc).lower() or "AES" in str(exc):
            raise UnreadableFile("PDF chiffré (déchiffrement impossible)") from exc
        raise UnreadableFile(f"PDF illisible ou endommagé ({type(exc).__name__})") from exc
    if not pages:
        raise UnreadableFile("PDF sans aucune page")
    if not any(p.text.strip() for p in pages):
        raise UnreadableFile("PDF sans texte (pages scannées en image ?) ; il faudrait un OCR")
    return pages, str(title).strip() if title and str(title).strip() else None


def read_manifest(corpus_dir: Path) -> tuple[dict[str, dict], list[LoadWarning]]:
    """The per-file metadata of ``sources.toml``; a broken manifest is a warning, not a stop."""
    path = corpus_dir / MANIFEST_NAME
    if not path.is_file():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return {}, [LoadWarning(MANIFEST_NAME, f"manifeste illisible, ignoré ({exc})")]
    return {k: v for k, v in data.items() if isinstance(v, dict)}, []


def source_meta(entry: dict | None, pages: tuple[Page, ...], fallback_title: str) -> SourceMeta:
    """Metadata from the manifest entry, else derived from the text itself."""
    entry = entry or {}
    source_type = entry.get("type", "document")
    if source_type not in SOURCE_TYPES:
        source_type = "document"
    date = entry.get("date")
    return SourceMeta(
        title=entry.get("title") or derive_title(pages) or fallback_title,
        publisher=entry.get("publisher"),
        date=str(date) if date is not None else None,
        url=entry.get("url"),
        type=source_type,
        language=entry.get("language", "fr"),
    )


_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def derive_title(pages: tuple[Page, ...], max_chars: int = 120) -> str | None:
    """First Markdown heading, else the first non-empty line."""
    text = "\n".join(p.text for p in pages[:2])
    match = _HEADING.search(text)
    line = match.group(1) if match else next((ln for ln in text.splitlines() if ln.strip()), "")
    line = re.sub(r"[*_`<>\[\]]", "", line).strip()
    return line[:max_chars].rstrip() or None


def _doc_ids(paths: list[Path], corpus_dir: Path) -> dict[Path, str]:
    """Readable ids from file stems; the relative path is used when two stems collide."""
    stems = [p.stem for p in paths]
    return {
        p: p.stem if stems.count(p.stem) == 1 else p.relative_to(corpus_dir).as_posix()
        for p in paths
    }
