"""Validate eval/questions.jsonl (or eval/holdout.jsonl) against the corpus (stdlib only).

Usage: python eval/check_questions.py [--questions PATH] [--corpus DIR]
Exit code 0 when the file is valid, 1 otherwise; prints counts per kind and split.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {"patient", "moderator", "staff"}
SPLITS = {"dev", "test", "holdout"}
FIELDS = {"id", "kind", "question", "history", "answerable", "gold", "doc", "split"}
OPTIONAL = {"judged"}  # spans of other sentences judged, blind, to answer as well
ID_RE = re.compile(r"^[pmsfu]\d{3,4}$")
MARKUP = ("**", "](", "http://", "https://", "<", ">")
MINIMUMS = {"answerable": 110, "unanswerable": 25, "follow-up": 25}
_APOS = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "\u00a0": " ", "\u202f": " "})


def normalise(text: str) -> str:
    """The matching used to score answers: apostrophes unified, whitespace collapsed, casefolded."""
    return " ".join(text.translate(_APOS).split()).casefold()


def gold_in_answer(gold: list[str], answer: str) -> bool:
    """True when the answer text contains at least one gold span (after normalisation)."""
    answer_n = normalise(answer)
    return any(normalise(span) in answer_n for span in gold)


def check(questions: Path, corpus: Path) -> tuple[list[str], list[dict]]:
    errors: list[str] = []
    docs = {
        p.name: p.read_text(encoding="utf-8").split("\n")
        for p in sorted(corpus.iterdir())
        if p.suffix in {".txt", ".md"}
    }
    records: list[dict] = []
    seen_ids: set[str] = set()
    seen_q: dict[tuple, str] = {}
    for n, raw in enumerate(questions.read_text(encoding="utf-8").splitlines(), 1):
        where = f"line {n}"
        if not raw.strip():
            errors.append(f"{where}: empty line")
            continue
        try:
            r = json.loads(raw)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: invalid JSON ({exc})")
            continue
        if not isinstance(r, dict) or not FIELDS <= set(r) <= FIELDS | OPTIONAL:
            errors.append(f"{where}: fields must be {sorted(FIELDS)}, plus optionally {OPTIONAL}")
            continue
        rid = r["id"]
        where = f"line {n} ({rid})"
        if not isinstance(rid, str) or not ID_RE.match(rid):
            errors.append(f"{where}: id must look like p001/m001/s001/f001/u001")
        elif rid in seen_ids:
            errors.append(f"{where}: duplicate id")
        seen_ids.add(rid)
        if r["kind"] not in KINDS:
            errors.append(f"{where}: kind must be one of {sorted(KINDS)}")
        if r["split"] not in SPLITS:
            errors.append(f"{where}: split must be dev, test or holdout")
        if not isinstance(r["question"], str) or not r["question"].strip():
            errors.append(f"{where}: empty question")
        hist = r["history"]
        if not isinstance(hist, list) or not all(isinstance(h, str) and h.strip() for h in hist):
            errors.append(f"{where}: history must be a list of non-empty strings")
            hist = []
        key = (normalise(r["question"]), tuple(normalise(h) for h in hist))
        if key in seen_q:
            errors.append(f"{where}: same question and history as {seen_q[key]}")
        seen_q[key] = rid
        prefix = rid[:1]
        expected = {"patient": "p", "moderator": "m", "staff": "s"}.get(r["kind"])
        if prefix == "f" and not hist:
            errors.append(f"{where}: follow-up without history")
        if prefix != "f" and hist:
            errors.append(f"{where}: history given but id is not a follow-up (f...)")
        if prefix in "pms" and prefix != expected:
            errors.append(f"{where}: id prefix does not match kind {r['kind']}")
        if r["answerable"] is False:
            if prefix != "u":
                errors.append(f"{where}: unanswerable questions use u... ids")
            if r["gold"] != [] or r["doc"] is not None:
                errors.append(f"{where}: unanswerable needs gold [] and doc null")
        elif r["answerable"] is True:
            if prefix == "u":
                errors.append(f"{where}: u... id but answerable")
            errors += [f"{where}: {e}" for e in check_gold(r["gold"], r["doc"], docs)]
            judged = r.get("judged", [])
            if not isinstance(judged, list):
                errors.append(f"{where}: judged must be a list of spans")
                judged = []
            for span in judged:
                errors += [f"{where}: judged {e}" for e in check_span(span, docs.values())]
        else:
            errors.append(f"{where}: answerable must be true or false")
        records.append(r)
    if not records:
        errors.append("no records")
    return errors, records


def check_gold(gold, doc, docs: dict[str, list[str]]) -> list[str]:
    """The first span is in ``doc``; a later one may come from another document that
    answers too."""
    errors = []
    if doc not in docs:
        return [f"doc {doc!r} is not a corpus file"]
    if not isinstance(gold, list) or not 1 <= len(gold) <= 3:
        return ["gold must hold 1 to 3 spans"]
    for span in gold:
        where = [docs[doc]] if span == gold[0] else list(docs.values())
        errors += check_span(span, where)
    return errors


def check_span(span, where) -> list[str]:
    """A span has 4-20 words, no markup, and lies verbatim in one line of ``where``."""
    if not isinstance(span, str):
        return [f"gold span is not a string: {span!r}"]
    errors = []
    words = len(span.split())
    if not 4 <= words <= 20:
        errors.append(f"gold span has {words} words (4-20): {span!r}")
    if span != span.strip():
        errors.append(f"gold span has leading/trailing spaces: {span!r}")
    if any(m in span for m in MARKUP):
        errors.append(f"gold span contains markup or URL: {span!r}")
    if not any(span in line for lines in where for line in lines):
        errors.append(f"gold span not found verbatim in one line: {span!r}")
    return errors


def report(records: list[dict]) -> list[str]:
    """Print counts; return errors for unmet minimums."""

    def category(r: dict) -> str:
        if not r["answerable"]:
            return "unanswerable"
        return "follow-up" if r["history"] else "answerable"

    by = Counter((category(r), r["kind"], r["split"]) for r in records)
    print(f"{'category':<14}{'kind':<11}{'dev':>5}{'test':>6}{'total':>7}")
    for cat in ("answerable", "follow-up", "unanswerable"):
        for kind in ("patient", "moderator", "staff"):
            dev, test = by[(cat, kind, "dev")], by[(cat, kind, "test")]
            if dev or test:
                print(f"{cat:<14}{kind:<11}{dev:>5}{test:>6}{dev + test:>7}")
    kinds = Counter(r["kind"] for r in records)
    splits = Counter(r["split"] for r in records)
    print(
        f"total {len(records)}: "
        + ", ".join(f"{k} {kinds[k]}" for k in sorted(kinds))
        + f"; dev {splits['dev']}, test {splits['test']}, holdout {splits['holdout']}"
    )
    docs = Counter(r["doc"] for r in records if r["answerable"])
    for doc, c in docs.most_common():
        print(f"  {c:>4}  {doc}")
    if splits["holdout"] == len(records):
        return []  # a held-out file is a check, not the question set: no minimum counts
    cats = Counter(category(r) for r in records)
    return [
        f"only {cats[c]} {c} questions (need >= {m})" for c, m in MINIMUMS.items() if cats[c] < m
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--questions", type=Path, default=HERE / "questions.jsonl")
    ap.add_argument("--corpus", type=Path, default=HERE.parent / "corpus")
    args = ap.parse_args(argv)
    errors, records = check(args.questions, args.corpus)
    errors += report(records)
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
