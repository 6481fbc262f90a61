"""Cut cleaned documents into sentence-aligned passages that respect sections.

A chunk holds whole sentences of one section, about ``target_words`` words (at most
``max_words``), ending at a paragraph break when one is near. Sentence boundaries are
kept so that answers can be cut at them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from myoqa.models import Chunk, CleanDocument, Span

# Words after which a period does not end a sentence (lowercase, without the period).
ABBREVIATIONS = frozenset(
    [
        "al",
        "dr",
        "drs",
        "pr",
        "pre",
        "mr",
        "mme",
        "mlle",
        "st",
        "ste",
        "ex",
        "cf",
        "vol",
        "fig",
        "éd",
        "ed",
        "env",
        "réf",
        "ref",
        "coll",
        "no",
        "p",
        "pp",
        "ann",
        "suppl",
        "janv",
        "févr",
        "fév",
        "avr",
        "juil",
        "sept",
        "oct",
        "nov",
        "déc",
        "dec",
        "jan",
        "feb",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
    ]
)
# Capital letters a sentence may open with: Latin-1 ones, and those of Latin Extended
# ("Špiritović M et al.", "Ȧ ce jour" where a PDF spelled "À" with another glyph).
_CAPITALS = "A-ZÀ-ÖØ-Þ" + "".join(c for c in map(chr, range(0x100, 0x250)) if c.isupper())
# A closing quote may follow the punctuation after a (non-breaking) space: « Oui. » Puis…
_SENTENCE_END = re.compile(
    r"[.!?…]+(?:[ \u00a0\u202f]?[»”\")\]])*(?=\s+(?:[«\"“(\[]\s?)?[" + _CAPITALS + r"0-9•▪-])|\n\n"
)
_WORD = re.compile(r"\S+")
# "Min MS et al. J Am Acad Dermatol. 2022 Feb.", "Aggarwal R et al. Ann. Rheum. Dis. 2021.":
# the periods of the journal's name, before the year, do not end the reference.
_JOURNAL_THEN_YEAR = re.compile(r"(?:\s+[A-Z][\w()&-]*\.?){0,6}\s+(?:19|20)\d\d\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of ``text[start:end]`` (absolute offsets), stripped of spaces.

    A paragraph break always ends a sentence; a period after an abbreviation or an
    initial ("Wendel S.", "et al.") does not.
    """
    end = len(text) if end is None else end
    spans: list[Span] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.group() != "\n\n" and (
            _is_abbreviation(text, match.start()) or _inside_reference(text, cursor, match.end())
        ):
            continue
        _append_stripped(spans, text, cursor, match.end())
        cursor = match.end()
    _append_stripped(spans, text, cursor, end)
    return spans


def _inside_reference(text: str, cursor: int, after: int) -> bool:
    """A period inside "Author X et al. Journal. 2022": after "et al", before the year,
    and only capitalised journal words up to the year."""
    head = text[max(cursor, text.rfind("\n\n", 0, after) + 2) : after]
    al = head.find(" et al")
    return al >= 0 and not _YEAR.search(head, al) and bool(_JOURNAL_THEN_YEAR.match(text, after))


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] != "(":
        word_start -= 1
    word = text[word_start:dot]
    return (len(word) == 1 and word.isupper()) or word.lower() in ABBREVIATIONS


def _append_stripped(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))


_REFERENCE = re.compile(
    r"^(?:Sources? ?: ?)?"
    r"(?:NCT\d{8}|(?:[^.!?]|(?<=\b[A-Z])\.){2,60}\bet al\b.{0,100}\b(?:19|20)\d\d\b\W{0,3}"
    r"(?:\w{3,9}\.?\s*\d{0,2}\.?)?)$"
)


def is_reference(sentence: str) -> bool:
    """A bibliographic reference or a trial id standing alone ("Wendel S et al. J Autoimmun.
    2019 Mar", "NCT04421677", "Source : NCT04941079"), not a sentence of its own."""
    return bool(_REFERENCE.match(sentence.strip()))


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def chunk_document(
    doc: CleanDocument, target_words: int = 120, max_words: int = 200
) -> list[Chunk]:
    """Chunks of ``doc``, in reading order, none crossing a heading."""
    chunks: list[Chunk] = []
    for section, start, end in _sections(doc):
        sentences = [
            s
            for span in split_sentences(doc.text, start, end)
            for s in _split_long(doc.text, span, max_words)
        ]
        for group in _pack(doc.text, sentences, target_words, max_words):
            chunks.append(_make_chunk(doc, len(chunks), section, group))
    return chunks


def _sections(doc: CleanDocument) -> Iterator[tuple[str | None, int, int]]:
    """(section title, body start, body end) for the text before and under each heading."""
    cursor, title = 0, None
    for heading in sorted(doc.headings, key=lambda h: h.start):
        yield title, cursor, heading.start
        title, cursor = heading.title, heading.start + len(heading.title)
    yield title, cursor, len(doc.text)


def _split_long(text: str, span: Span, max_words: int) -> list[Span]:
    """Cut a sentence longer than ``max_words`` (a list without punctuation) at word ends."""
    words = list(_WORD.finditer(text, span.start, span.end))
    if len(words) <= max_words:
        return [span]
    return [
        Span(words[i].start(), words[min(i + max_words, len(words)) - 1].end())
        for i in range(0, len(words), max_words)
    ]


# a list item that the list goes on from ("identifié deux gènes…,", "…de la voie JAK ;")
LIST_GOES_ON = re.compile(r"[,;]\s*$")


def _pack(text: str, sentences: list[Span], target: int, maximum: int) -> Iterator[list[Span]]:
    """Group consecutive sentences; prefer closing a group at a paragraph break (not after
    a list item the list goes on from), and never just before a reference line, which
    belongs with the claim it supports."""
    group: list[Span] = []
    words = 0
    for i, sentence in enumerate(sentences):
        n = word_count(text[sentence.start : sentence.end])
        if group and words + n > maximum:
            yield group
            group, words = [], 0
        group.append(sentence)
        words += n
        following = sentences[i + 1] if i + 1 < len(sentences) else None
        if following and is_reference(text[following.start : following.end]):
            continue
        next_start = following.start if following else len(text)
        paragraph_break = "\n\n" in text[sentence.end : next_start] and not LIST_GOES_ON.search(
            text[sentence.start : sentence.end]
        )
        if words >= target or (paragraph_break and words >= target * 0.6):
            yield group
            group, words = [], 0
    if group:
        yield group


def _make_chunk(doc: CleanDocument, ordinal: int, section: str | None, group: list[Span]) -> Chunk:
    start, end = group[0].start, group[-1].end
    return Chunk(
        id=f"{doc.doc_id}#{ordinal:04d}",
        doc_id=doc.doc_id,
        text=doc.text[start:end],
        start=start,
        end=end,
        page=page_at(doc, start),
        section=section,
        sentences=tuple(Span(s.start - start, s.end - start) for s in group),
        links=tuple(dict.fromkeys(link.url for link in doc.links if start <= link.start <= end)),
        meta=doc.meta,
    )


def page_at(doc: CleanDocument, offset: int) -> int | None:
    """Page number of the character at ``offset``, when the cleaning knew it."""
    starts = [p.start for p in doc.pages]
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and doc.pages[i].start <= offset < max(doc.pages[i].end, doc.pages[i].start + 1):
        return doc.pages[i].number
    return None
