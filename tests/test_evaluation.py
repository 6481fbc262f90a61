"""`myoqa eval` measures: written and judged gold spans, abstention; and the question-file
checker, over the real seed index (session fixture of tests/conftest.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from myoqa.evaluation import contains_gold, evaluate

PROJECT = Path(__file__).resolve().parents[1]


def load_checker():
    spec = importlib.util.spec_from_file_location(
        "check_questions", PROJECT / "eval" / "check_questions.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_gold_span_matches_across_case_accents_kept_and_line_breaks() -> None:
    answer = "Les myopathies inflammatoires (ou myosites) sont des maladies\ndu muscle."
    assert contains_gold(answer, ["des MALADIES du muscle"])
    assert not contains_gold(answer, ["maladies du coeur"])


@pytest.mark.slow
def test_a_judged_span_counts_as_a_hit_and_the_written_gold_alone_is_reported(
    seed_engine,
) -> None:
    assistant = seed_engine.assistant
    question = "C'est quoi une myosite ?"
    top = assistant.ask(question, top_k=5).answers[0].text
    judged = " ".join(top.split()[:6])
    questions = [
        {
            "id": "p001",
            "question": question,
            "answerable": True,
            "gold": ["tofacitinib dans la calcinose de la dermatomyosite"],
            "judged": [judged],
        },
        {"id": "u001", "question": "Comment réussir une pâte à crêpes ?", "answerable": False},
    ]
    measures = evaluate(assistant, questions, ("bm25", "dense"))
    assert measures["answer_hit@1"] == 1.0
    assert measures["answer_hit@1_written"] == 0.0
    assert measures["abstention_unanswerable"] == 1.0
    assert measures["false_abstention"] == 0.0


def test_the_checker_accepts_judged_spans_from_any_corpus_file(tmp_path: Path) -> None:
    checker = load_checker()
    record = json.loads(
        (PROJECT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()[0]
    )
    good = {**record, "judged": ["Les myopathies inflammatoires (ou myosites) sont"]}
    bad = {**record, "id": "p999", "question": "autre", "judged": ["une phrase qui n'existe pas"]}
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    errors, _ = checker.check(path, PROJECT / "corpus")
    assert [e for e in errors if "judged" in e] == [
        "line 2 (p999): judged gold span not found verbatim in one line: "
        '"une phrase qui n\'existe pas"'
    ]
