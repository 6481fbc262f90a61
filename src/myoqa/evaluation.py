"""`myoqa eval`: answer quality on a question set, for the full method and baselines.

A gold span "hits" when its words (folded, punctuation-free) appear in order inside the
answer text. The spans are those written with the question (``gold``) and those of other
sentences a reviewer judged, blind to the method, to answer as well (``judged``);
answer-hit@1 on the written spans alone is reported too. Baselines share the answer
extraction but use one retriever each, so every change is seen against them.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

from myoqa.assistant import AskResult, Assistant
from myoqa.config import Settings, project_root
from myoqa.errors import MyoqaError
from myoqa.lexical import padded_words

DEFAULT_QUESTIONS = project_root() / "eval" / "questions.jsonl"
METHODS = {"full": ("bm25", "dense"), "bm25": ("bm25",), "dense": ("dense",)}
SWEEP = (0.25, 0.30, 0.325, 0.35, 0.375, 0.40, 0.45, 0.50)


def contains_gold(text: str, gold: list[str]) -> bool:
    haystack = padded_words(text)
    return any(padded_words(g) in haystack for g in gold if g.strip())


def load_questions(path: Path, split: str = "all") -> list[dict[str, Any]]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise MyoqaError(f"Jeu de questions illisible : {path}") from exc
    items = [json.loads(line) for line in lines if line.strip()]
    return [q for q in items if split == "all" or q.get("split", "dev") == split]


def first_hit_rank(result: AskResult, gold: list[str]) -> int | None:
    """1-based rank of the first answer (kept or below threshold) containing a gold span."""
    for rank, answer in enumerate(result.passages, start=1):
        if contains_gold(answer.text, gold):
            return rank
    return None


def passage_hit(result: AskResult, gold: list[str]) -> bool:
    return any(contains_gold(a.chunk.text, gold) for a in result.passages)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def evaluate(
    assistant: Assistant,
    questions: list[dict[str, Any]],
    use: tuple[str, ...],
    details: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """All measures for one method over ``questions``."""
    rows = []
    for q in questions:
        result = assistant.ask(q["question"], q.get("history") or [], top_k=5, use=use)
        written = q.get("gold") or []
        gold = written + (q.get("judged") or [])
        answerable = q.get("answerable", True)
        rank = first_hit_rank(result, gold) if answerable else None
        rows.append(
            {
                "q": q,
                "result": result,
                "rank": rank,
                "rank_written": first_hit_rank(result, written) if answerable else None,
                "passage": passage_hit(result, gold) if gold else False,
            }
        )
        if details is not None:
            details.append(
                {
                    "id": q["id"],
                    "method": "+".join(use),
                    "query": result.query,
                    "answered": result.answered,
                    "confidence": round(result.confidence, 3),
                    "rank": rank,
                    "top": result.passages[0].text if result.passages else None,
                }
            )
    return summarise(rows, assistant.settings.min_confidence)


def summarise(rows: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    answerable = [r for r in rows if r["q"].get("answerable", True)]
    unanswerable = [r for r in rows if not r["q"].get("answerable", True)]
    follow_ups = [r for r in answerable if r["q"].get("history")]

    def answered(r: dict[str, Any], t: float = threshold) -> bool:
        return r["result"].confidence >= t and not r["result"].personal_advice

    def hit_at(r: dict[str, Any], k: int, rank: str = "rank") -> bool:
        return answered(r) and r[rank] is not None and r[rank] <= k

    def rate(items: list[Any], test: Any) -> float | None:
        return round(sum(1 for r in items if test(r)) / len(items), 3) if items else None

    lengths = [len(r["result"].answers[0].text.split()) for r in answerable if r["result"].answers]
    latencies = [r["result"].elapsed_ms for r in rows]
    return {
        "questions": len(rows),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "follow_ups": len(follow_ups),
        "answer_hit@1": rate(answerable, lambda r: hit_at(r, 1)),
        "answer_hit@1_written": rate(answerable, lambda r: hit_at(r, 1, "rank_written")),
        "answer_hit@3": rate(answerable, lambda r: hit_at(r, 3)),
        "passage_hit@5": rate(answerable, lambda r: r["passage"]),
        "mrr": round(
            sum(1 / r["rank"] for r in answerable if r["rank"] and answered(r))
            / max(1, len(answerable)),
            3,
        ),
        "abstention_unanswerable": rate(unanswerable, lambda r: not answered(r)),
        "false_abstention": rate(answerable, lambda r: not answered(r)),
        "follow_up_hit@3": rate(follow_ups, lambda r: hit_at(r, 3)),
        "median_answer_words": statistics.median(lengths) if lengths else None,
        "latency_p50_ms": round(percentile(latencies, 0.5), 1),
        "latency_p95_ms": round(percentile(latencies, 0.95), 1),
        "threshold": threshold,
        "sweep": [
            {
                "threshold": t,
                "abstention_unanswerable": rate(unanswerable, lambda r, t=t: not answered(r, t)),
                "false_abstention": rate(answerable, lambda r, t=t: not answered(r, t)),
            }
            for t in sorted({*SWEEP, threshold})
        ],
    }


def run_evaluation(
    settings: Settings, path: Path, split: str = "all", details: Path | None = None
) -> dict[str, Any]:
    assistant = Assistant.load(settings)
    questions = load_questions(path, split)
    if not questions:
        raise MyoqaError(f"Aucune question dans {path} (split {split}).")
    rows: list[dict[str, Any]] | None = [] if details else None
    report = {
        "file": str(path),
        "split": split,
        "model": settings.model,
        "methods": {
            name: evaluate(assistant, questions, use, rows) for name, use in METHODS.items()
        },
    }
    if details and rows is not None:
        details.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )
    return report


MEASURES = (
    "answer_hit@1",
    "answer_hit@1_written",
    "answer_hit@3",
    "passage_hit@5",
    "mrr",
    "abstention_unanswerable",
    "false_abstention",
    "follow_up_hit@3",
    "median_answer_words",
    "latency_p50_ms",
    "latency_p95_ms",
)


def format_report(report: dict[str, Any]) -> str:
    """A Markdown table: one row per measure, one column per method."""
    methods = report["methods"]
    full = methods["full"]
    lines = [
        f"{report['file']} — split {report['split']} — modèle {report['model']} — "
        f"{full['questions']} questions ({full['answerable']} avec réponse, "
        f"{full['unanswerable']} sans, {full['follow_ups']} relances)",
        "",
        "| measure | " + " | ".join(methods) + " |",
        "|---|" + "---|" * len(methods),
    ]
    for measure in MEASURES:
        lines.append(
            f"| {measure} | " + " | ".join(str(m[measure]) for m in methods.values()) + " |"
        )
    lines += [
        "",
        f"Seuil d'abstention (méthode complète) : {full['threshold']}",
        "",
        "| threshold | abstention (unanswerable) | false abstention |",
        "|---|---|---|",
    ]
    lines += [
        f"| {s['threshold']} | {s['abstention_unanswerable']} | {s['false_abstention']} |"
        for s in full["sweep"]
    ]
    return "\n".join(lines)
