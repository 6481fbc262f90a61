"""Generate a synthetic corpus of a chosen size by recombining real sentences of the seeds.

The seed corpus is loaded, cleaned and split into sentences with myoqa's own modules; new
Markdown documents are then written with real section titles and paragraphs of real
sentences drawn at random (deterministic seed). Generation stops when the documents, cut
by myoqa's own chunker, reach the requested number of chunks.

    python benchmarks/synthetic_corpus.py /tmp/synth-10k --chunks 10000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from myoqa.chunking import chunk_document, split_sentences, word_count
from myoqa.cleaning import clean_document
from myoqa.config import Settings
from myoqa.loaders import fingerprint, load_corpus
from myoqa.models import Document, Page, SourceMeta

PROJECT = Path(__file__).resolve().parents[1]
TYPES = ("brochure", "news brief", "forum", "research summary")


@dataclass(frozen=True)
class Pool:
    sentences: tuple[str, ...]
    titles: tuple[str, ...]


def sentence_pool(corpus_dir: Path) -> Pool:
    """Real sentences (6 to 60 words, one line) and section titles of the seed corpus."""
    sentences: dict[str, None] = {}
    titles: dict[str, None] = {}
    for document in load_corpus(corpus_dir).documents:
        doc = clean_document(document)
        for span in split_sentences(doc.text):
            text = doc.text[span.start : span.end]
            if "\n" not in text and 6 <= word_count(text) <= 60 and text[-1] in ".!?»)":
                sentences.setdefault(text, None)
        for heading in doc.headings:
            if 2 <= word_count(heading.title) <= 10 and "\n" not in heading.title:
                titles.setdefault(heading.title.strip(), None)
    return Pool(tuple(sentences), tuple(titles))


def document_text(rng: random.Random, pool: Pool, sections: int) -> tuple[str, str]:
    """(title, Markdown text) of one synthetic document."""
    title = rng.choice(pool.titles)
    parts = [f"# {title}"]
    for _ in range(sections):
        parts.append(f"## {rng.choice(pool.titles)}")
        for _ in range(rng.randint(2, 4)):
            parts.append(" ".join(rng.choices(pool.sentences, k=rng.randint(2, 6))))
    return title, "\n\n".join(parts) + "\n"


def count_chunks(text: str, name: str, settings: Settings) -> int:
    """Chunks myoqa will make of ``text``: the project's own cleaning and chunking."""
    doc = Document(name, f"{name}.md", "md", (Page(None, text),), SourceMeta(title=name), "")
    cleaned = clean_document(doc)
    return len(chunk_document(cleaned, settings.chunk_target_words, settings.chunk_max_words))


def generate(
    folder: Path,
    target_chunks: int,
    seed: int = 0,
    sections_per_doc: int = 16,
    corpus_dir: Path = PROJECT / "corpus",
) -> dict:
    """Write documents into ``folder`` until they make ``target_chunks`` chunks; stats back."""
    started = time.perf_counter()
    settings = Settings()
    pool = sentence_pool(corpus_dir)
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = []
    chunks = words = 0
    number = 0
    while chunks < target_chunks:
        number += 1
        name = f"synth-{number:05d}"
        title, text = document_text(rng, pool, sections_per_doc)
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
        chunks += count_chunks(text, name, settings)
        words += word_count(text)
        if number % 2:  # half the files have a manifest entry, as in a real corpus
            kind = TYPES[number % len(TYPES)]
            year = 2015 + number % 11
            manifest.append(
                f'["{name}.md"]\ntitle = {json.dumps(title, ensure_ascii=False)}\n'
                f'publisher = "Corpus synthétique"\ndate = "{year}-{1 + number % 12:02d}"\n'
                f'type = "{kind}"\n'
            )
    (folder / "sources.toml").write_text("\n".join(manifest), encoding="utf-8")
    size = sum(p.stat().st_size for p in folder.iterdir())
    return {
        "folder": str(folder),
        "seed": seed,
        "documents": number,
        "chunks": chunks,
        "words": words,
        "bytes": size,
        "pool_sentences": len(pool.sentences),
        "pool_titles": len(pool.titles),
        "seconds": round(time.perf_counter() - started, 1),
        "digest": corpus_digest(folder),
    }


def corpus_digest(folder: Path) -> str:
    """A short hash of every file, to show that a seed always gives the same corpus."""
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + b"\0" + fingerprint(path).encode())
    return digest.hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="where to write the corpus (created)")
    parser.add_argument("--chunks", type=int, default=10_000, help="chunks to reach")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.folder.exists() and any(args.folder.iterdir()):
        print(f"{args.folder} is not empty", file=sys.stderr)
        return 2
    print(json.dumps(generate(args.folder, args.chunks, args.seed), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
