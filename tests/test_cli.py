"""The CLI through its real entry point: the JSON contract, batches, exit codes and messages.

Exit codes: 0 answered or abstained, 2 bad usage, 1 other errors; always a one-line
message, never a traceback. The index of the tiny corpus is built once, by ``myoqa index``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import clean_env, myoqa_command, run_myoqa, write_tiny_corpus

from myoqa.cli import build_parser

pytestmark = pytest.mark.slow

ANSWER_KEYS = {"text", "passage", "score", "source"}
SOURCE_KEYS = {"doc_id", "title", "page", "section", "url", "date", "type"}
RESULT_KEYS = {"id", "question", "query", "answered", "elapsed_ms", "answers"}
QUESTION = "Quel est le traitement de première intention des myosites ?"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("cli")
    corpus = write_tiny_corpus(root / "corpus")
    result = run_myoqa("index", "--corpus", corpus, "--index-dir", root / "index", cwd=root)
    assert result.returncode == 0, result.stderr
    return {"root": root, "corpus": corpus, "index": root / "index", "index_output": result}


def dirs(site: dict[str, Path]) -> list[str | Path]:
    return ["--corpus", site["corpus"], "--index-dir", site["index"]]


def assert_clean_stderr(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr
    assert "DEBUG" not in result.stderr


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert_clean_stderr(result)
    lines = result.stderr.strip().splitlines()  # progress messages may come first
    errors = [line for line in lines if line.startswith("myoqa: ")]
    assert len(errors) == 1 and lines[-1] == errors[0], result.stderr
    return errors[0]


def assert_result_contract(data: dict) -> None:
    assert set(data) >= RESULT_KEYS
    assert isinstance(data["question"], str) and isinstance(data["answered"], bool)
    assert isinstance(data["elapsed_ms"], int | float) and data["elapsed_ms"] >= 0
    assert isinstance(data["answers"], list)
    if not data["answered"]:
        assert data["answers"] == []
    for answer in data["answers"]:
        assert set(answer) >= ANSWER_KEYS
        assert set(answer["source"]) >= SOURCE_KEYS
        assert answer["text"] and answer["text"] in answer["passage"]
        assert isinstance(answer["score"], int | float)
        assert len(answer["text"].split()) <= 80


# --- index ----------------------------------------------------------------------------------


def test_index_builds_and_reports(site) -> None:
    result = site["index_output"]
    assert "3 documents" in result.stdout and "passages" in result.stdout
    assert_clean_stderr(result)
    assert (site["index"] / "CURRENT").is_file()


def test_index_of_an_empty_corpus_fails_with_a_hint(tmp_path: Path) -> None:
    (tmp_path / "vide").mkdir()
    result = run_myoqa(
        "index", "--corpus", tmp_path / "vide", "--index-dir", tmp_path / "idx", cwd=tmp_path
    )
    line = assert_one_line_error(result, 1)
    assert "Aucun document lisible" in line and "Ajoutez des fichiers" in line


def test_index_with_an_unknown_model_fails_clearly(site, tmp_path: Path) -> None:
    result = run_myoqa(
        "index",
        "--corpus",
        site["corpus"],
        "--index-dir",
        tmp_path / "idx",
        "--model",
        "organisation-inconnue/modele-inexistant",
        cwd=tmp_path,
    )
    line = assert_one_line_error(result, 1)
    assert "modele-inexistant" in line and "MYOQA_EMBEDDING_MODEL" in line
    assert not (tmp_path / "idx" / "CURRENT").exists()


# --- ask ------------------------------------------------------------------------------------


def test_ask_json_honours_the_contract(site) -> None:
    result = run_myoqa("ask", QUESTION, "--json", *dirs(site), cwd=site["root"])
    assert result.returncode == 0, result.stderr
    assert_clean_stderr(result)
    data = json.loads(result.stdout)
    assert_result_contract(data)
    assert data["id"] is None and data["question"] == QUESTION
    assert data["answered"] is True and 1 <= len(data["answers"]) <= 3
    best = data["answers"][0]
    assert best["source"]["doc_id"] == "guide-myosites"
    assert best["source"]["title"] == "Guide des myosites pour les patients"
    assert best["source"]["section"] == "Les traitements"
    assert best["source"]["date"] == "2023-05" and best["source"]["type"] == "brochure"
    assert best["source"]["page"] is None  # a Markdown file has no pages
    assert "corticoïdes" in best["text"]


def test_ask_without_json_prints_readable_french(site) -> None:
    result = run_myoqa("ask", QUESTION, *dirs(site), cwd=site["root"])
    assert result.returncode == 0, result.stderr
    assert_clean_stderr(result)
    assert f"Question : {QUESTION}" in result.stdout
    assert "Source : Guide des myosites pour les patients — Association test, mai 2023" in (
        result.stdout
    )
    assert "« " in result.stdout


def test_ask_batch_answers_every_line_in_order_with_its_id(site, tmp_path: Path) -> None:
    lines = [
        {"id": "a1", "question": "Quels traitements pour la calcinose ?", "history": []},
        {
            "id": 2,
            "question": "Et pour la dermatomyosite ?",
            "history": ["Quels traitements pour la calcinose ?"],
        },
        {"id": "a3", "question": "Et pour la dermatomyosite ?"},
        {"question": "La marche aide-t-elle contre la fatigue ?"},
        {"id": "vide", "question": "   "},
        {"id": "hors-sujet", "question": "Une recette de crêpes au sucre ?"},
    ]
    batch = tmp_path / "questions.jsonl"
    batch.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n", encoding="utf-8"
    )

    result = run_myoqa("ask", "--batch", batch, "--json", *dirs(site), cwd=site["root"])

    assert result.returncode == 0, result.stderr
    assert_clean_stderr(result)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a1", 2, "a3", 4, "vide", "hors-sujet"]  # 4: line number
    for o, given in zip(out, lines, strict=True):
        assert_result_contract(o)
        assert o["question"] == given["question"] or not given["question"].strip()
    with_history, without = out[1], out[2]
    assert with_history["query"] != with_history["question"]  # the history was used
    assert "trait" in with_history["query"].lower()
    assert without["query"] == without["question"]
    assert out[4]["answered"] is False and out[4]["error"]
    assert out[5]["answered"] is False and out[5]["answers"] == []  # abstaining is not an error


def test_python_m_myoqa_with_top_k(site, tmp_path: Path) -> None:
    batch = tmp_path / "q.jsonl"
    batch.write_text(
        '{"id": 1, "question": "tofacitinib"}\n{"id": 2, "question": "myosite"}\n', encoding="utf-8"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "myoqa",
            "ask",
            "--batch",
            str(batch),
            "--json",
            "--top-k",
            "1",
            *map(str, dirs(site)),
        ],
        cwd=site["root"],
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    first, second = [json.loads(line) for line in result.stdout.splitlines()]
    assert first["id"] == 1 and first["answers"][0]["source"]["doc_id"] == "breve-calcinose"
    assert len(first["answers"]) == 1 and len(second["answers"]) <= 1


# --- bad usage: exit code 2 -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask"], "il manque la question"),
        (["ask", ""], "vide"),
        (["ask", "   \t "], "vide"),
        (["ask", "myosite", "--top-k", "0"], "--top-k"),
        (["ask", "myosite", "--top-k", "500"], "--top-k"),
        (["ask", "myosite", "--top-k", "trois"], "--top-k"),
        (["ask", "myosite", "--batch", "q.jsonl"], "pas les deux"),
        (["ask", "--batch", "absent.jsonl"], "absent.jsonl"),
        (["commande-inconnue"], "invalid choice"),
        (["verify", "  "], "vide"),
    ],
)
def test_bad_usage_exits_2_with_one_line(site, args: list[str], message: str) -> None:
    result = run_myoqa(
        *args, *(dirs(site) if args[0] != "commande-inconnue" else []), cwd=site["root"]
    )
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert_clean_stderr(result)
    assert message in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": 1, "question": "myosite"}\n{pas du json}\n', "ligne 2 : JSON invalide"),
        ('{"id": 1, "texte": "myosite"}\n', 'ligne 1 : il faut un objet avec "question"'),
        ('["myosite"]\n', "ligne 1"),
        ('{"id": 1, "question": "myosite", "history": "pas une liste"}\n', '"history"'),
        ('{"id": 1, "question": 42}\n', "ligne 1"),
    ],
)
def test_a_bad_batch_line_exits_2_naming_the_line(
    site, tmp_path: Path, content: str, message: str
) -> None:
    batch = tmp_path / "bad.jsonl"
    batch.write_text(content, encoding="utf-8")
    result = run_myoqa("ask", "--batch", batch, "--json", *dirs(site), cwd=site["root"])
    line = assert_one_line_error(result, 2)
    assert message in line
    assert result.stdout == ""  # nothing is answered before the whole file is checked


# --- other errors: exit code 1 ----------------------------------------------------------------


def test_a_missing_index_exits_1_and_proposes_myoqa_index(site, tmp_path: Path) -> None:
    (tmp_path / "index-vide").mkdir()
    result = run_myoqa(
        "ask",
        "myosite",
        "--corpus",
        site["corpus"],
        "--index-dir",
        tmp_path / "index-vide",
        cwd=tmp_path,
    )
    line = assert_one_line_error(result, 1)
    assert "myoqa index" in line


def test_a_stale_index_exits_1_naming_the_change(site, tmp_path: Path) -> None:
    corpus = shutil.copytree(site["corpus"], tmp_path / "corpus")
    index = shutil.copytree(site["index"], tmp_path / "index")
    (corpus / "forum-fatigue.txt").unlink()
    result = run_myoqa(
        "ask", "myosite", "--json", "--corpus", corpus, "--index-dir", index, cwd=tmp_path
    )
    line = assert_one_line_error(result, 1)
    assert "supprimé : forum-fatigue.txt" in line and "myoqa index" in line


def test_a_corrupt_index_exits_1_and_proposes_myoqa_index(site, tmp_path: Path) -> None:
    index = shutil.copytree(site["index"], tmp_path / "index")
    generation = index / (index / "CURRENT").read_text(encoding="utf-8").strip()
    (generation / "vectors.faiss").write_bytes(b"\x00" * 10)
    result = run_myoqa(
        "ask", "myosite", "--corpus", site["corpus"], "--index-dir", index, cwd=tmp_path
    )
    line = assert_one_line_error(result, 1)
    assert "myoqa index" in line


def test_a_reader_that_goes_away_stops_the_output_quietly(site) -> None:
    """``myoqa ask ... | head``: no "Broken pipe" error, no traceback."""
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run(
            [*myoqa_command(), "ask", "myosite", "--json", *map(str, dirs(site))],
            cwd=site["root"],
            env=clean_env(),
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=180,
            check=False,
        )
    finally:
        os.close(write)
    assert result.returncode == 1
    assert result.stderr == ""


# --- verify ---------------------------------------------------------------------------------


def test_verify_json_finds_a_verbatim_quote(site) -> None:
    quote = "Le méthotrexate permet souvent de réduire la dose de cortisone."
    result = run_myoqa("verify", quote, "--json", *dirs(site), cwd=site["root"])
    assert result.returncode == 0, result.stderr
    assert_clean_stderr(result)
    data = json.loads(result.stdout)
    assert {"query", "found", "matches"} <= set(data)
    assert data["found"] is True
    best = data["matches"][0]
    assert {"passage", "similarity", "start", "end", "text", "source"} <= set(best)
    assert set(best["source"]) >= SOURCE_KEYS
    assert best["source"]["doc_id"] == "guide-myosites"
    assert best["passage"][best["start"] : best["end"]] == best["text"]
    assert quote.rstrip(".") in best["text"] and best["similarity"] >= 0.9


# --- help -------------------------------------------------------------------------------------


def subcommands() -> list[str]:
    parser = build_parser()
    (action,) = [a for a in parser._actions if a.dest == "command"]
    return sorted(action.choices)


def test_the_documented_subcommands_exist() -> None:
    assert {"index", "ask", "verify"} <= set(subcommands())


@pytest.mark.parametrize("command", [None, *subcommands()])
def test_every_help_has_an_example(command: str | None, tmp_path: Path) -> None:
    result = run_myoqa(*([command] if command else []), "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "exemple" in result.stdout
    assert f"myoqa {command or ''}".strip() in result.stdout
