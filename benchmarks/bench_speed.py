"""Speed and memory of myoqa on the seed corpus, against the targets of issue 5.

Measures, in a temporary index folder (the project's index/ is never touched):
- index build through the CLI, cold (empty index folder: process start, model load, every
  text embedded) and warm (embedding cache filled, nothing changed);
- app-like ready time: ``Assistant.load`` on the existing index (index, model, warm-up),
  and the same from a fresh process (imports included);
- warm ``ask`` latency over every question of eval/questions.jsonl (history included);
- ``verify`` latency over quotes (gold spans) and trial ids of the corpus;
- memory of the serving process (VmRSS and getrusage max RSS) after load and after the
  queries.

Prints a Markdown table and writes benchmarks/out/bench_speed.json.

    .venv/bin/python benchmarks/bench_speed.py
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import (
    PROJECT,
    children_peak_mb,
    clean_env,
    load_questions,
    machine,
    machine_line,
    markdown_table,
    memory,
    myoqa_cli,
    percentiles,
    write_json,
)

READY_SNIPPET = """
import json, sys, time
started = time.perf_counter()
from pathlib import Path
from myoqa.assistant import Assistant
from myoqa.config import Settings
imported = time.perf_counter()
Assistant.load(Settings(corpus_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2])))
print(json.dumps({"imports_s": imported - started, "total_s": time.perf_counter() - started}))
"""


def timed_index(corpus: Path, index_dir: Path) -> dict:
    """``myoqa index`` in its own process; wall time as a user sees it."""
    started = time.perf_counter()
    result = subprocess.run(
        [*myoqa_cli(), "index", "--quiet", "--corpus", str(corpus), "--index-dir", str(index_dir)],
        capture_output=True,
        text=True,
        env=clean_env(),
        check=False,
    )
    wall = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"myoqa index failed: {result.stderr}")
    embedded = re.search(r"(\d+) textes encodés", result.stdout)
    chunks = re.search(r"(\d+) passages", result.stdout)
    return {
        "wall_s": round(wall, 2),
        "embedded": int(embedded.group(1)) if embedded else None,
        "chunks": int(chunks.group(1)) if chunks else None,
        "peak_rss_children_mb": children_peak_mb(),
    }


def fresh_process_ready(corpus: Path, index_dir: Path) -> dict:
    import json

    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", READY_SNIPPET, str(corpus), str(index_dir)],
        capture_output=True,
        text=True,
        env=clean_env(),
        check=True,
    )
    wall = time.perf_counter() - started
    data = json.loads(result.stdout.strip().splitlines()[-1])
    return {
        "wall_s": round(wall, 2),
        "imports_s": round(data["imports_s"], 2),
        "in_process_s": round(data["total_s"], 2),
    }


def verify_inputs(questions: list[dict], corpus: Path, limit: int = 120) -> list[str]:
    quotes = [q["gold"][0] for q in questions if q.get("gold")][:limit]
    trials = set()
    for path in sorted(corpus.iterdir()):
        if path.suffix in (".txt", ".md"):
            trials.update(re.findall(r"NCT\d{8}", path.read_text(encoding="utf-8")))
    return quotes + sorted(trials)


def run(corpus: Path, questions_path: Path, workdir: Path) -> dict:
    from myoqa.assistant import Assistant
    from myoqa.config import Settings
    from myoqa.embedding import load_model
    from myoqa.index import load_index

    index_dir = workdir / "index"
    results: dict = {"corpus": str(corpus)}

    results["build_cold"] = timed_index(corpus, index_dir)
    results["build_warm"] = timed_index(corpus, index_dir)
    results["ready_fresh_process"] = fresh_process_ready(corpus, index_dir)

    settings = Settings(corpus_dir=corpus, index_dir=index_dir)
    results["memory_start"] = memory()
    started = time.perf_counter()
    index = load_index(settings)
    index_s = time.perf_counter() - started
    model = load_model(settings.model)
    model_s = time.perf_counter() - started - index_s
    assistant = Assistant(settings, model, index)
    assistant.warm_up()
    results["ready"] = {
        "index_s": round(index_s, 3),
        "model_s": round(model_s, 2),
        "total_s": round(time.perf_counter() - started, 2),
        "chunks": len(index.chunks),
    }
    results["memory_after_load"] = memory()

    questions = load_questions(questions_path)
    for item in questions[:20]:  # warm caches; not counted
        assistant.ask(item["question"], item.get("history") or [])
    latencies, answered = [], 0
    for item in questions:
        t = time.perf_counter()
        result = assistant.ask(item["question"], item.get("history") or [])
        latencies.append((time.perf_counter() - t) * 1000)
        answered += result.answered
    results["ask"] = {**percentiles(latencies), "answered": answered}

    inputs = verify_inputs(questions, corpus)
    latencies = []
    for text in inputs:
        t = time.perf_counter()
        assistant.verify(text)
        latencies.append((time.perf_counter() - t) * 1000)
    results["verify"] = percentiles(latencies)
    results["memory_after_queries"] = memory()
    results["machine"] = machine()  # last: it imports torch, which the load must pay for
    return results


def table(r: dict) -> str:
    rows = [
        [
            "index build, cold (CLI: process, model load, embed all)",
            f"{r['build_cold']['wall_s']:.1f} s ({r['build_cold']['embedded']} texts embedded)",
            "≤ 30 s",
        ],
        [
            "index build, warm cache (CLI, nothing changed)",
            f"{r['build_warm']['wall_s']:.1f} s ({r['build_warm']['embedded']} embedded)",
            "",
        ],
        ["peak RSS of the index build", f"{r['build_cold']['peak_rss_children_mb']:.0f} MB", ""],
        [
            "ready in the serving process: index, model (torch import included), warm-up",
            f"{r['ready']['total_s']:.1f} s (index {r['ready']['index_s']:.2f} s)",
            "≤ 15 s",
        ],
        [
            "ready from a fresh process (interpreter start to first answer possible)",
            f"{r['ready_fresh_process']['wall_s']:.1f} s",
            "≤ 15 s",
        ],
        [
            f"ask, warm, p50 / p95 ({r['ask']['n']} questions)",
            f"{r['ask']['p50_ms']:.1f} / {r['ask']['p95_ms']:.1f} ms",
            "≤ 30 / ≤ 80 ms",
        ],
        [
            f"verify, warm, p50 / p95 ({r['verify']['n']} inputs)",
            f"{r['verify']['p50_ms']:.1f} / {r['verify']['p95_ms']:.1f} ms",
            "",
        ],
        [
            "RSS after load (VmRSS / max RSS)",
            f"{r['memory_after_load']['vm_rss_mb']:.0f} / "
            f"{r['memory_after_load']['max_rss_mb']:.0f} MB",
            "≤ 1.5 GB",
        ],
        [
            "RSS after the queries (VmRSS / max RSS)",
            f"{r['memory_after_queries']['vm_rss_mb']:.0f} / "
            f"{r['memory_after_queries']['max_rss_mb']:.0f} MB",
            "≤ 1.5 GB",
        ],
    ]
    return (
        markdown_table(
            ["seed corpus (" + f"{r['ready']['chunks']} chunks)", "measured", "target"], rows
        )
        + f"\n\nMachine: {machine_line(r['machine'])}; commit {r['machine']['commit']}."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=PROJECT / "corpus")
    parser.add_argument("--questions", type=Path, default=PROJECT / "eval" / "questions.jsonl")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="myoqa-bench-") as tmp:
        results = run(args.corpus.resolve(), args.questions, Path(tmp))
    results["table"] = table(results)
    path = write_json("bench_speed.json", results)
    print(results["table"])
    print(f"\n(JSON: {path.relative_to(PROJECT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
