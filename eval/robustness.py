"""How answers hold up when questions are typed carelessly: no accents, or one typo.

Usage: python eval/robustness.py [--seed N]
Runs every single-turn question of eval/questions.jsonl and eval/holdout.jsonl three
times: as written, without accents, and with one letter dropped from one word of seven
characters or more (a hyphen or an apostrophe counts as a character, so "l'essai" can
become "lessai" and "anti-Mi2" "antiMi2"). Prints answer-hit@1 and false abstention on
the answerable questions, abstention on the others. The typos are drawn with a fixed
seed, so two runs (and two versions of myoqa) see the same ones.
"""

from __future__ import annotations

import argparse
import random
import unicodedata
from collections.abc import Callable
from pathlib import Path

from myoqa.assistant import Assistant
from myoqa.config import Settings
from myoqa.evaluation import contains_gold, load_questions

HERE = Path(__file__).resolve().parent
TYPO_MIN_CHARS = 7


def without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def one_typo(text: str, rng: random.Random) -> str:
    """Drop one inner character of one long word (the question unchanged if it has none)."""
    tokens = text.split()
    long = [i for i, token in enumerate(tokens) if len(token) >= TYPO_MIN_CHARS]
    if not long:
        return text
    i = rng.choice(long)
    j = rng.randrange(1, len(tokens[i]) - 1)
    tokens[i] = tokens[i][:j] + tokens[i][j + 1 :]
    return " ".join(tokens)


def measure(assistant: Assistant, questions: list[dict], variant: Callable[[str], str]) -> dict:
    hits = refused = answerable = answered_off_topic = off_topic = 0
    for q in questions:
        result = assistant.ask(variant(q["question"]))
        if q.get("answerable", True):
            answerable += 1
            refused += not result.answered
            gold = q["gold"] + q.get("judged", [])
            hits += result.answered and contains_gold(result.answers[0].text, gold)
        else:
            off_topic += 1
            answered_off_topic += result.answered
    return {
        "answer_hit@1": round(hits / answerable, 3),
        "false_abstention": round(refused / answerable, 3),
        "abstention_unanswerable": round(1 - answered_off_topic / off_topic, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="seed of the typos (default 0)")
    args = parser.parse_args()
    questions = [
        q
        for name in ("questions.jsonl", "holdout.jsonl")
        for q in load_questions(HERE / name)
        if not q.get("history")
    ]
    assistant = Assistant.load(Settings.from_env())
    rng = random.Random(args.seed)
    variants: dict[str, Callable[[str], str]] = {
        "as written": lambda s: s,
        "no accents": without_accents,
        "one typo": lambda s: one_typo(s, rng),
    }
    answerable = sum(q.get("answerable", True) for q in questions)
    print(f"{len(questions)} single-turn questions ({answerable} answerable), seed {args.seed}\n")
    print("| questions | answer_hit@1 | false_abstention | abstention_unanswerable |")
    print("|---|---|---|---|")
    for name, variant in variants.items():
        m = measure(assistant, questions, variant)
        print(
            f"| {name} | {m['answer_hit@1']} | {m['false_abstention']} "
            f"| {m['abstention_unanswerable']} |"
        )


if __name__ == "__main__":
    main()
