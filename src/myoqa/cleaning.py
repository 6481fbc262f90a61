"""Cleaning: turn a loaded ``Document`` into a ``CleanDocument``.

Text extracted from PDFs, plain text and Markdown become paragraphs separated by one blank
line; headings, pages and links are recorded as offsets in the cleaned text. Cleaning only
deletes artefacts, rejoins lines and removes markup: it never writes a word of its own.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from myoqa.models import CleanDocument, Document, Heading, Link, PageSpan

# A URL taken out of the prose travels between these characters until offsets are known.
OPEN, CLOSE = "\ue000", "\ue001"
MARKER = re.compile(f"{OPEN}([^{CLOSE}]*){CLOSE}")
MARKER_PART = re.compile(f"({OPEN}[^{CLOSE}]*{CLOSE})")

# Characters (rule 9)
LINE_BREAKS = re.compile(r"\r\n?|[\f\v\x1c-\x1e\x85\u2028\u2029]")
SPACES = re.compile(r"[\u00a0\u2007\u202f\u2000-\u200a\u3000]")
CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b\ufeff{OPEN}{CLOSE}]")

# HTML (rule 8)
ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
SCRIPT_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.I | re.S)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
BLOCK_TAG = re.compile(r"</?(?:br|p|div|li|ul|ol|h[1-6]|tr|table|section|article)\b[^<>]*>", re.I)
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
RAW_SCRIPT = re.compile(r"<(?=\s*/?\s*(?:script|style)\b)", re.I)

# PDF artefacts (rules 1, 3)
NCT_VERTICAL = re.compile(
    r"(?:^|(?<=[ \t]))N[ \t]*\n\s*CT[ \t]*\n" + r"\s*(\d{2})[ \t]*\n" * 3 + r"\s*(\d{2})[ \t]*$",
    re.M,
)
BAR = "|\u01c0\u2502\u00a6"  # "|", and look-alikes: dental click "ǀ", box drawing "│", "¦"
FOOTER = re.compile(
    rf"^\s*(\d{{1,4}})\s*[{BAR}]\s*[^{BAR}]{{2,60}}?\s*[{BAR}][^{BAR}]*\b(?:19|20)\d\d\b[^{BAR}]*$"
)
BOX_LABEL = re.compile(r"^Le saviez-\s?vous\s?\?$", re.I)
# Layout debris left alone by the PDF: a short paragraph without a word of three letters
# ("s", "N", "CT", the truncated trial id "19 46", "*"); a percentage stays.
DEBRIS = re.compile(r"^(?!.*[^\W\d_]{3})[^%]{1,8}$")

# URLs (rule 2) and Markdown (rule 7)
URL = r"(?:(?:https?|ftp|file)://|www\.)[^\s<>\[\]\ue000\ue001]+"
BARE_URL = re.compile(rf"(?<![\w/@.\ue000]){URL}")
LINKS_ONLY = re.compile(rf"^\s*(?:WEB\s+)?(?:{OPEN}[^{CLOSE}]*{CLOSE}\s*)+$")
URL_TAIL = ".,;:!?»\"'’"  # punctuation of the sentence, not of the URL
MD_LINK = re.compile(
    r"!?\[((?:[^\[\]\\\n]|\\.)*)\][ \t]?"
    r"\(\s*((?:[a-zA-Z][a-zA-Z0-9+.-]*:|www\.|#|/)(?:[^()\s]|\([^()\s]*\))*)\s*\)"
)
MD_AUTOLINK = re.compile(r"<((?:https?|ftp|file)://[^<>\s]+)>")
MD_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
MD_RULE = re.compile(r"^ {0,3}(?:[-*_][ \t]*){3,}$")
MD_BOLD = re.compile(r"\*\*")
MD_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
MD_HINT = re.compile(  # a heading, a link or an autolink line: a text file written in Markdown
    r"^#{1,6}[ \t]+\S|\][ \t]?\((?:https?://|#|www\.)|^\s*<https?://[^>\s]+>\s*$", re.M
)

# Lines and paragraphs (rules 4, 5, 6, 10)
BULLET = re.compile(r"^\s*(?:[▪•➥◦●■]\s*|[-*+>–][ \t]+)(?=\S)")
# Outside Markdown a "+" opening a line is a sign of the text: "+ de 80 essais cliniques".
TEXT_BULLET = re.compile(r"^\s*(?:[▪•➥◦●■]\s*|[-*>–][ \t]+)(?=\S)")
CUT_WORD = re.compile(r"\w-$")
SENTENCE_END = re.compile(r"[.!?:;…][\s\"'»”’)\]]*$")
WORD = re.compile(r"\w+")
COMPOUND = re.compile(r"\w+(?:-\w+)+")
SHORT_LINE_RATIO = 0.85  # shorter than this share of its block's longest line: ends a paragraph
MIN_REPEAT_WORDS = 8  # shorter paragraphs may repeat legitimately ("Recrutement en cours")
HEADING_MAX_WORDS, HEADING_MAX_CHARS, BODY_MIN_WORDS = 12, 80, 10
LAYOUT_GAP_LINES = 4
CAPTION_MAX_WORDS, MIN_CAPTIONS = 8, 2
BOX_MAX_LINES = 30  # short paragraphs of a box the layout may print inside a sentence
FULL_STOP = re.compile(r"[.!?…][\s\"'»”’)\]]*$")
NOT_HEADING = re.compile(  # source lines, link labels and dated references
    r"^(?:Sources?|WEB)\b|\s–\s.*\b(?:19|20)\d\d$"
    r"|\b(?:19|20)\d\d\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*(?:\s+\d{1,2})?$"
)
# Function words that open a sentence: capitalised at a line start, right below a title
# line, they start its text ("Pas de surrisque de cancer…" / "Une équipe de la Mayo…").
SENTENCE_OPENER = re.compile(
    r"(?:Le|La|Les|Un|Une|Des|Ce|Cet|Cette|Ces|Il|Elle|Ils|Elles|Dans|Chez|Pour|Selon)\b"
)
DANGLING_WORD = re.compile(  # a line ending with a function word is cut, not a title
    r"(?<!\w)(?:à|au|aux|d|de|des|du|en|et|l|la|le|les|ou|par|pour|que|qui|sur|un|une)$", re.I
)


@dataclass
class _Line:
    """One source line, classified: text, bullet, blank, break, links or heading."""

    kind: str
    text: str = ""
    page: int | None = None
    level: int = 0
    number: int | None = None  # page number printed in a footer
    width: int = 0  # longest line of its block of consecutive lines
    indent: int = 0
    urls: list[str] = field(default_factory=list)
    marker: str = ""  # the bullet sign of a bullet line


@dataclass
class _Para:
    """A paragraph being built; with ``urls`` and no text it only anchors a run of links."""

    text: str
    page: int | None
    lines: int = 1
    level: int = 0
    bullet: bool = False
    after_gap: bool = True  # first of its page, or after a heading or removed URL lines
    above_text: bool = False  # a title line set right above its text (``_title_above``)
    urls: list[str] = field(default_factory=list)
    marker: str = ""  # the bullet sign of a bullet paragraph


def is_prose(sentence: str) -> bool:
    """A sentence ends with punctuation; a title or a trial box's line ("Phase I") does not."""
    return bool(SENTENCE_END.search(sentence))


def clean_document(doc: Document) -> CleanDocument:
    """Clean every page of ``doc`` and record headings, pages and links by offset."""
    texts = [_normalize(page.text) for page in doc.pages]
    markdown = doc.kind == "md" or any(MD_HINT.search(text) for text in texts)
    lines: list[_Line] = []
    for page, text in zip(doc.pages, texts, strict=True):
        if lines:
            lines.append(_Line("break"))
        lines.extend(_classify(line, page.number, markdown) for line in text.split("\n"))
    _drop_running_headers(lines)
    if doc.kind != "pdf":
        _infer_pages(lines)
    _measure_blocks(lines)
    paras = _rejoin_cut_sentences(_paragraphs(lines, _vocabulary("\n".join(texts))))
    if not any(p.level for p in paras):
        _mark_headings(paras)
        paras = _lift_captions(paras)
    text, headings, links, pages = _assemble(_drop_repeats(paras))
    return CleanDocument(doc.doc_id, text, doc.meta, pages, headings, links)


def _normalize(text: str) -> str:
    """Unify line breaks and spaces, decode entities, strip HTML and control characters."""
    text = LINE_BREAKS.sub("\n", text)
    text = ENTITY.sub(lambda m: html.unescape(m.group()), text)
    text = HTML_COMMENT.sub("", SCRIPT_STYLE.sub("", text))
    text = HTML_TAG.sub("", BLOCK_TAG.sub("\n", text))
    text = unicodedata.normalize("NFC", text)
    text = CONTROL.sub("", SPACES.sub(" ", text))
    return NCT_VERTICAL.sub(lambda m: "\n\nNCT" + "".join(m.groups()) + "\n\n", text)


def _classify(raw: str, page: int | None, markdown: bool) -> _Line:
    """Tell what one line is, taking its URLs out and its Markdown markup off."""
    if not raw.strip() or (markdown and MD_RULE.match(raw)):
        return _Line("blank", page=page)
    footer = FOOTER.match(raw)
    if footer:
        return _Line("break", page=page, number=int(footer.group(1)))
    heading = MD_HEADING.match(raw) if markdown else None
    if heading:
        text = _markdown_inline(_urls_to_markers(heading.group(2), markdown))
        return _Line("heading", text.strip(), page, level=len(heading.group(1)))
    text = _urls_to_markers(raw, markdown)
    if LINKS_ONLY.match(text):
        return _Line("links", page=page, urls=MARKER.findall(text))
    bullet = (BULLET if markdown else TEXT_BULLET).match(text)
    if bullet:
        text = text[bullet.end() :]
    if markdown:
        text = _markdown_inline(text)
    indent = len(raw) - len(raw.lstrip())
    marker = bullet.group().strip() if bullet else ""
    return _Line("bullet" if bullet else "text", text.strip(), page, indent=indent, marker=marker)


def _urls_to_markers(text: str, markdown: bool) -> str:
    """Replace Markdown links by their text, and every URL by a marker holding it."""
    if markdown:
        text = MD_LINK.sub(_markdown_link, text)
    text = MD_AUTOLINK.sub(lambda m: OPEN + m.group(1) + CLOSE, text)
    return BARE_URL.sub(_bare_url, text)


def _markdown_link(match: re.Match[str]) -> str:
    """``[text](url)`` → text followed by the URL's marker (in-page ``#`` links are dropped)."""
    text, url = match.group(1), match.group(2)
    return text if url.startswith("#") else text + OPEN + url + CLOSE


def _bare_url(match: re.Match[str]) -> str:
    """A URL in running text, without the punctuation that follows it in the sentence."""
    url = match.group()
    tail = ""
    while url and (url[-1] in URL_TAIL or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url, tail = url[:-1], url[-1] + tail
    return OPEN + url + CLOSE + tail


def _markdown_inline(text: str) -> str:
    """Remove bold and italic markers and backslash escapes, leaving URL markers alone."""
    parts = MARKER_PART.split(text)  # odd items are markers
    for i in range(0, len(parts), 2):
        parts[i] = MD_ESCAPE.sub(r"\1", MD_ITALIC.sub(r"\1", MD_BOLD.sub("", parts[i])))
    return "".join(parts)


def _drop_running_headers(lines: list[_Line]) -> None:
    """Blank the line printed just above page footers when it repeats above several of them."""
    above = []
    for i, line in enumerate(lines):
        if line.number is not None:
            j = i - 1
            while j >= 0 and lines[j].kind == "blank":
                j -= 1
            if j >= 0 and lines[j].kind == "text":
                above.append(j)
    counts = Counter(lines[j].text for j in above)
    for j in above:
        if counts[lines[j].text] >= 2:
            lines[j] = _Line("blank", page=lines[j].page)


def _infer_pages(lines: list[_Line]) -> None:
    """Number the text between two footers printed with consecutive numbers (N-1, then N)."""
    start, previous = 0, None
    for i, line in enumerate(lines):
        if line.number is None:
            continue
        known = previous is not None and line.number == previous + 1
        for between in lines[start:i]:
            between.page = line.number if known else None
        start, previous = i + 1, line.number


def _measure_blocks(lines: list[_Line]) -> None:
    """Give each text line the length of the longest line of its block (no blank between)."""
    block: list[_Line] = []
    for line in [*lines, _Line("blank")]:
        if line.kind in ("text", "bullet"):
            block.append(line)
            continue
        width = max((len(member.text) for member in block), default=0)
        for member in block:
            member.width = width
        block = []


def _vocabulary(text: str) -> tuple[set[str], set[str]]:
    """Lowercased words and hyphenated word pairs ("auto-anticorps") written in the document."""
    low = text.lower()
    pairs = set()
    for compound in COMPOUND.findall(low):
        parts = compound.split("-")
        pairs.update(f"{a}-{b}" for a, b in pairwise(parts))
    return set(WORD.findall(low)), pairs


def _continues(prev: _Line, line: _Line, after_blank: bool) -> bool:
    """Whether ``line`` carries on the paragraph whose last line is ``prev``."""
    if line.kind == "bullet":
        return False
    if CUT_WORD.search(prev.text):
        return True
    ended = is_prose(prev.text)
    first = line.text[:1]
    capital = first.isupper() or first.isdigit() or first == OPEN
    if after_blank:  # a sign opens a new line of figures: "+67% en 10 ans" / "+ de 80 essais"
        return not ended and not capital and first not in "+±<>≤≥"
    if not capital and first not in '«"“':
        return True
    if line.indent > prev.indent:  # an indented line opens a paragraph
        return False
    return not ended and len(prev.text) >= SHORT_LINE_RATIO * prev.width


def _bullet_goes_on(para: _Para, prev: _Line, line: _Line, after_blank: bool) -> bool:
    """Whether ``line`` is the next sentence of the bullet item ``para`` whose last line is
    ``prev``: right below a full stop, opening like a sentence ("Selon des résultats
    préliminaires…"), not a reference or the text under a bullet title."""
    if not para.bullet or after_blank or line.kind == "bullet":
        return False
    return bool(FULL_STOP.search(prev.text) and SENTENCE_OPENER.match(line.text))


def _title_above(para: _Para, line: _Line) -> bool:
    """Whether ``para`` is a title line set right above its text, with no empty line
    between: it reads as a heading and ``line`` opens a sentence."""
    return bool(SENTENCE_OPENER.match(line.text)) and _heading_like(para)


def _join(text: str, following: str, vocabulary: tuple[set[str], set[str]]) -> str:
    """Rejoin two lines; a word cut by a hyphen keeps it unless only the joined form is used.

    ``auto-`` + ``anticorps`` stays "auto-anticorps"; ``immu-`` + ``nitaire`` becomes
    "immunitaire" when "immunitaire" is written elsewhere and "immu-nitaire" is not.
    """
    if not CUT_WORD.search(text):
        return f"{text} {following}"
    head, tail = WORD.findall(text)[-1].lower(), WORD.match(following)
    words, pairs = vocabulary
    if tail and tail.group()[0].islower():
        joined, hyphenated = head + tail.group().lower(), f"{head}-{tail.group().lower()}"
        if joined in words and hyphenated not in pairs:
            return text[:-1] + following
    return text + following


def _paragraphs(lines: list[_Line], vocabulary: tuple[set[str], set[str]]) -> list[_Para]:
    """Group lines into paragraphs; URL lines become link anchors, runs merged without repeats."""
    paras: list[_Para] = []
    current, last = None, _Line("blank")
    gap, blank, blanks = True, True, 0
    for line in lines:
        if line.kind == "blank":
            blank, blanks = True, blanks + 1
            # a run of empty lines is where a text box, column or page of the layout ended
            gap = gap or blanks >= LAYOUT_GAP_LINES
            continue
        blanks = 0
        if line.kind in ("text", "bullet"):
            above = current is not None and _title_above(current, line)
            if (
                current
                and not above
                and (_continues(last, line, blank) or _bullet_goes_on(current, last, line, blank))
            ):
                current.text = _join(current.text, line.text, vocabulary)
                current.lines += 1
            else:
                if current and above:
                    current.above_text = True
                current = _Para(
                    line.text,
                    line.page,
                    bullet=line.kind == "bullet",
                    after_gap=gap,
                    marker=line.marker,
                )
                paras.append(current)
            last, gap, blank = line, False, False
        else:
            current, gap = None, True
            if line.kind == "heading":
                paras.append(_Para(line.text, line.page, level=line.level))
            elif line.kind == "links" and paras and paras[-1].urls and paras[-1].page == line.page:
                paras[-1].urls = list(dict.fromkeys(paras[-1].urls + line.urls))
            elif line.kind == "links":
                paras.append(_Para("", line.page, urls=list(dict.fromkeys(line.urls))))
    for para in paras:
        para.text = RAW_SCRIPT.sub("", " ".join(para.text.split()))
    return [para for para in paras if para.text or para.urls]


def _rejoin_cut_sentences(paras: list[_Para]) -> list[_Para]:
    """Put back together a sentence that a box cut in two.

    A PDF may print a trial box inside a sentence: "…l'essai contrôlé randomisé contre
    placebo" / "51 participants (18 à 75 ans)" / … / "de phase III ProDERM…". A prose
    paragraph (several lines) without a sentence end, followed by box paragraphs (short
    lines, or whole sentences of a glossary box) and then one opening with a small
    letter, takes that one back; the box follows the whole sentence.
    """
    result = list(paras)
    k = 0
    while k < len(result):
        para, j = result[k], k + 1
        # prose runs over several source lines; a one-line box title ("Essai de phase II
        # d'une dose booster de vaccin anti-Covid") is never a cut sentence
        if para.level or para.lines < 2 or _short(para) or is_prose(_plain(para.text)):
            k += 1
            continue
        while j - k <= BOX_MAX_LINES and j < len(result) and _box_line(result[j]):
            j += 1
        ending = result[j] if k + 1 < j < len(result) else None
        if ending and _carries_on(ending):
            para.text = f"{para.text} {result.pop(j).text}"
            para.lines += ending.lines
        else:
            k += 1
    return result


def _short(para: _Para) -> bool:
    """A link anchor or a paragraph of fewer than ``BODY_MIN_WORDS`` words (not a heading)."""
    return not para.level and len(_plain(para.text).split()) < BODY_MIN_WORDS


def _carries_on(para: _Para) -> bool:
    """A paragraph that goes on with a cut sentence: it opens with a small letter and is
    neither a bullet, a heading nor layout debris (a stray "s")."""
    text = _plain(para.text)
    return text[:1].islower() and not (para.bullet or para.level or DEBRIS.match(text))


def _box_line(para: _Para) -> bool:
    """A paragraph of a box: it does not carry on a sentence (it opens with a capital or a
    digit), and it is short, a title ("Essai de phase II d'une dose booster…") or whole
    sentences (a glossary box: "Un gène est un…")."""
    text = _plain(para.text)
    whole = _short(para) or _heading_like(para) or bool(FULL_STOP.search(text))
    return not text[:1].islower() and whole


def _plain(text: str) -> str:
    """Paragraph text without its URL markers."""
    return MARKER.sub("", text)


def _heading_like(para: _Para) -> bool:
    """A short capitalised line with no sentence punctuation and no dangling function word."""
    text, words = para.text, para.text.split()
    return (
        para.lines == 1
        and not para.bullet
        and OPEN not in text
        and 2 <= len(words) <= HEADING_MAX_WORDS
        and len(text) <= HEADING_MAX_CHARS
        and text[0].isupper()
        and not any(mark in text for mark in ".…")
        and text[-1] not in ",;:!"
        and text.count("(") == text.count(")")
        and not DANGLING_WORD.search(text)
        and not NOT_HEADING.search(text)
    )


def _mark_headings(paras: list[_Para]) -> None:
    """Mark level-2 headings in text without markup; conservative, as a wrong one misleads.

    A heading-like line is a heading when it follows a sentence and precedes body text
    (``BODY_MIN_WORDS`` words or more). Stacked headings ("Savoir & Comprendre" above a
    title) are accepted only from a page start or removed URL lines. Sidebar fragments
    ("Recrutement en cours", "Phase I") follow other fragments, not sentences.
    """
    texts = [para for para in paras if not para.urls]
    body = [_body(para) for para in texts] + [False]
    stack = [False] * (len(texts) + 1)  # texts[k + 1:] starts with headings, then body
    for k in reversed(range(len(texts) - 1)):
        following = texts[k + 1]
        stack[k] = _heading_like(following) and (body[k + 2] or stack[k + 1])
    previous: _Para | None = None
    for k, para in enumerate(texts):
        after_sentence = previous is not None and is_prose(_plain(previous.text))
        on_top = para.after_gap or previous is None or previous.level > 0
        if _heading_like(para) and (
            (on_top and (body[k + 1] or stack[k]))
            or (after_sentence and (body[k + 1] or (stack[k] and texts[k + 1].above_text)))
        ):
            para.level = 2
        previous = para


def _body(para: _Para) -> bool:
    """Text a heading can stand above: ``BODY_MIN_WORDS`` words or more, opening like a
    sentence. One that starts with a digit or a small letter carries on a sentence that a
    stray empty line cut ("…un médecin voit en consultation" / "1 549 personnes par an")."""
    text = _plain(para.text)
    return len(text.split()) >= BODY_MIN_WORDS and not (text[0].isdigit() or text[0].islower())


def _caption_like(para: _Para) -> bool:
    """A short label: no bullet, no sentence end, capitalised (it may wrap over two lines)."""
    text = _plain(para.text)
    return (
        not para.bullet
        and not para.urls
        and 1 <= len(text.split()) <= CAPTION_MAX_WORDS
        and text[0].isupper()
        and not is_prose(text)
    )


def _sentence_bullet(para: _Para) -> bool:
    return para.bullet and bool(FULL_STOP.search(_plain(para.text)))


def _lift_captions(paras: list[_Para]) -> list[_Para]:
    """Put labels printed *below* their bullets back above them, as their headings.

    A PDF box may print each item as bullets followed by their label ("• Il s'agit
    d'anticorps prélevés… / Immunoglobulines polyvalentes"). Read in order, each label
    would head the next item. A run that starts with bullets, alternates bullets that are
    whole sentences and labels, and ends on a label (at least ``MIN_CAPTIONS`` of them)
    has its labels below; a label takes the bullets of the same sign right above it.
    Tables of short bullet fragments ("• Anti-C5") keep their labels on top.
    """
    result = list(paras)
    k = 0
    while k < len(result):
        if not result[k].bullet or (k and _caption_like(result[k - 1])):
            k += 1
            continue
        captions, j = [], k
        while j < len(result) and _sentence_bullet(result[j]):
            while j < len(result) and _sentence_bullet(result[j]):
                j += 1
            if j < len(result) and _caption_like(result[j]):
                captions.append(j)
                j += 1
            else:
                break
        if len(captions) < MIN_CAPTIONS or (j < len(result) and result[j].bullet):
            k = max(j, k + 1)
            continue
        for at in reversed(captions):  # last first: moving one leaves the others in place
            first = at
            while first > k and result[first - 1].bullet:
                if result[first - 1].marker != result[at - 1].marker:
                    break
                first -= 1
            caption = result.pop(at)
            caption.level = 2
            result.insert(first, caption)
        k = j
    return result


def _drop_repeats(paras: list[_Para]) -> list[_Para]:
    """Drop box labels, layout debris and repeats of a paragraph of ``MIN_REPEAT_WORDS``
    words or more."""
    kept, seen = [], set()
    for para in paras:
        key = " ".join(_plain(para.text).split())
        if BOX_LABEL.match(key) or (DEBRIS.match(key) and not para.urls):
            continue
        if key and not para.level and len(key.split()) >= MIN_REPEAT_WORDS:
            if key in seen:
                continue
            seen.add(key)
        kept.append(para)
    return kept


def _pop_markers(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Remove URL markers from a paragraph; return its text and (offset, url) pairs."""
    pieces = MARKER.split(text)
    out, found = pieces[0], []
    for url, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        found.append((len(out), url))
        rest = piece.lstrip()
        if rest[:1] in (".", ",", ";") and out.rstrip().endswith(tuple(".!?:;,")):
            piece = rest[1:]  # "quotidien. <url>." would leave a stray dot
        if (out.endswith(" ") or not out) and piece.startswith(" "):
            piece = piece.lstrip(" ")
        out += piece
    lead = len(out) - len(out.lstrip())
    out = out.strip()
    return out, [(min(max(at - lead, 0), len(out)), url) for at, url in found]


def _assemble(
    paras: list[_Para],
) -> tuple[str, tuple[Heading, ...], tuple[Link, ...], tuple[PageSpan, ...]]:
    """Join paragraphs with blank lines and turn markers, headings and pages into offsets."""
    parts: list[str] = []
    headings, links, spans = [], [], []
    end = 0
    for para in paras:
        if para.urls:
            links.extend(Link(end, url) for url in para.urls)
            continue
        text, inline = _pop_markers(para.text)
        if not text:
            links.extend(Link(end, url) for _, url in inline)
            continue
        start = end + 2 if parts else 0
        parts.append(text)
        end = start + len(text)
        links.extend(Link(start + at, url) for at, url in inline)
        if para.level:
            headings.append(Heading(start, para.level, text))
        if para.page is not None:
            if spans and spans[-1][2] == para.page:
                spans[-1][1] = end
            else:
                spans.append([start, end, para.page])
    pages = tuple(PageSpan(start, stop, number) for start, stop, number in spans)
    return "\n\n".join(parts), tuple(headings), tuple(links), pages
