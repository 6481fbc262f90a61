"""Citations: the source of a passage as data, as one French line, and as a pasteable reply.

Every word of a reply comes from the corpus (quoted passages) or from the citation
metadata; nothing is generated.
"""

from __future__ import annotations

from typing import Any

from myoqa.models import Chunk

SOURCE_KEYS = ("doc_id", "title", "publisher", "page", "section", "url", "date", "type")
TYPE_LABELS = {
    "brochure": "brochure",
    "news brief": "brève d'actualité",
    "forum": "témoignage de forum",
    "research summary": "synthèse de recherche",
    "document": "document",
}
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def source_dict(chunk: Chunk) -> dict[str, Any]:
    """The ``source`` object of the JSON contract; unknown values are None."""
    meta = chunk.meta
    return {
        "doc_id": chunk.doc_id,
        "title": meta.title,
        "publisher": meta.publisher,
        "page": chunk.page,
        "section": chunk.section,
        "url": meta.url or (chunk.links[0] if chunk.links else None),
        "date": meta.date,
        "type": meta.type,
    }


def french_date(date: str | None) -> str | None:
    """'2022-06' → 'juin 2022'; other forms are shown as they are."""
    if not date:
        return None
    parts = date.split("-")
    if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return date


def source_details(source: dict[str, Any]) -> list[str]:
    """Publisher, date in French, page and section: the parts of a citation that are known."""
    details = [d for d in (source.get("publisher"), french_date(source.get("date"))) if d]
    if source.get("page"):
        details.append(f"p. {source['page']}")
    if source.get("section"):
        details.append(f"section « {source['section']} »")
    return details


def citation_line(source: dict[str, Any]) -> str:
    """'Titre — Éditeur, juin 2022, p. 17, section « … » (brochure) <url>'."""
    details = source_details(source)
    line = " — ".join([source["title"], ", ".join(details)]) if details else source["title"]
    line += f" ({TYPE_LABELS.get(source.get('type') or 'document', 'document')})"
    if source.get("url"):
        line += f" {source['url']}"
    return line


def markdown_reply(passages: list[tuple[str, dict[str, Any]]]) -> str:
    """A forum-ready reply: each passage quoted, followed by its source."""
    blocks = []
    for text, source in passages:
        quoted = "\n".join(f"> {line}" if line else ">" for line in text.strip().splitlines())
        label = "Témoignage d'un membre du forum" if source.get("type") == "forum" else "Source"
        blocks.append(f"{quoted}\n\n{label} : {_markdown_source(source)}")
    return "\n\n".join(blocks)


def _markdown_source(source: dict[str, Any]) -> str:
    title = f"[{source['title']}]({source['url']})" if source.get("url") else f"*{source['title']}*"
    return ", ".join([title, *source_details(source)])
