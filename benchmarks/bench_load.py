"""Load benchmark: the real app on loopback, N concurrent conversations through gradio_client.

Builds an index of the seed corpus in a temporary folder (``myoqa index``), starts
``python app.py`` on 127.0.0.1 and a free port with that index, then runs ``--clients``
conversations at once, each of ``--questions`` questions drawn from eval/questions.jsonl
(follow-ups come after the question they follow). Every request is ``/ask(question,
history)`` with the earlier questions of its conversation as history. Reports throughput,
client-side latency (p50/p95/max), the server's own ``elapsed_ms``, errors (must be 0) and
the server process's RSS; prints a Markdown table and writes benchmarks/out/bench_load.json.

    .venv/bin/python benchmarks/bench_load.py [--clients 20] [--questions 25]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio_client is imported

from common import (
    PROJECT,
    clean_env,
    load_questions,
    machine,
    machine_line,
    markdown_table,
    myoqa_cli,
    percentiles,
    write_json,
)

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def conversations(
    items: list[dict[str, Any]], clients: int, length: int, seed: int
) -> list[list[str]]:
    """One list of questions per client; a follow-up comes right after its earlier question(s)."""
    plans = []
    for client in range(clients):
        rng = random.Random(seed * 1000 + client)
        plan: list[str] = []
        while len(plan) < length:
            item = rng.choice(items)
            plan += [*item.get("history", []), item["question"]]
        plans.append(plan[:length])
    return plans


def process_memory_mb(pid: int) -> dict[str, float | None]:
    """VmRSS (now) and VmHWM (peak) of another process, in MB."""
    names = {"VmRSS": "vm_rss_mb", "VmHWM": "vm_hwm_mb"}
    values: dict[str, float | None] = dict.fromkeys(names.values())
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in names:
                values[names[name]] = round(int(rest.split()[0]) / 1024, 1)
    except OSError:
        pass
    return values


class Server:
    """``python app.py`` on loopback with the given index; stopped by its own pid."""

    def __init__(self, corpus: Path, index_dir: Path, log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://{LOOPBACK}:{self.port}/"
        env = {
            **clean_env(),
            "MYOQA_CORPUS_DIR": str(corpus),
            "MYOQA_INDEX_DIR": str(index_dir),
            "GRADIO_SERVER_NAME": LOOPBACK,
            "GRADIO_SERVER_PORT": str(self.port),
            "GRADIO_ANALYTICS_ENABLED": "False",
            "PYTHONUNBUFFERED": "1",
        }
        self.log = log_path.open("w", encoding="utf-8")
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, str(PROJECT / "app.py")],
            cwd=PROJECT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float) -> float:
        """Seconds from process start until the app answers HTTP on its port."""
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the app exited with code {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.url + "config", timeout=2) as response:
                    if response.status == 200:
                        return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.25)
        raise RuntimeError(f"the app was not ready after {timeout} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self.log.close()


class MemorySampler(threading.Thread):
    """Samples the server's VmRSS while the load runs."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.samples: list[float] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            rss = process_memory_mb(self.pid)["vm_rss_mb"]
            if rss is not None:
                self.samples.append(rss)
            self.done.wait(self.every)


def run_client(
    url: str, plan: list[str], deadline: float, request_timeout: float
) -> dict[str, Any]:
    """One conversation: each question with the earlier ones as history."""
    from gradio_client import Client

    client = Client(url, verbose=False, download_files=False, analytics_enabled=False)
    latencies, server_ms, errors, answered = [], [], [], 0
    history: list[str] = []
    for question in plan:
        if time.monotonic() > deadline:
            errors.append("not sent: the benchmark's time limit was reached")
            continue
        started = time.perf_counter()
        try:
            data = client.submit(question, list(history), api_name="/ask").result(
                timeout=request_timeout
            )
        except Exception as exc:  # every failure is counted and reported, never hidden
            errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
            history.append(question)
            continue
        latencies.append((time.perf_counter() - started) * 1000)
        if not isinstance(data, dict) or data.get("question") != " ".join(question.split()):
            errors.append(f"unexpected answer for {question!r}: {str(data)[:200]}")
        else:
            server_ms.append(float(data["elapsed_ms"]))
            answered += bool(data["answered"])
        history.append(question)
    client.close()
    return {"latencies": latencies, "server_ms": server_ms, "errors": errors, "answered": answered}


def build_index(corpus: Path, index_dir: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [*myoqa_cli(), "index", "--quiet", "--corpus", str(corpus), "--index-dir", str(index_dir)],
        cwd=PROJECT,
        env=clean_env(),
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20, help="concurrent conversations")
    parser.add_argument("--questions", type=int, default=25, help="questions per conversation")
    parser.add_argument("--corpus", type=Path, default=PROJECT / "corpus")
    parser.add_argument("--questions-file", type=Path, default=PROJECT / "eval/questions.jsonl")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-seconds", type=float, default=900, help="limit for the load run")
    parser.add_argument("--request-timeout", type=float, default=120, help="per question, s")
    parser.add_argument("--ready-timeout", type=float, default=300)
    parser.add_argument("--out", default="bench_load.json", help="file name in benchmarks/out/")
    args = parser.parse_args(argv)
    if not (1 <= args.clients <= 64 and 1 <= args.questions <= 200):
        parser.error("--clients must be 1-64 (the app queues 64) and --questions 1-200")

    items = load_questions(args.questions_file)
    plans = conversations(items, args.clients, args.questions, args.seed)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="myoqa-bench-load-") as tmp:
        root = Path(tmp)
        corpus = Path(shutil.copytree(args.corpus, root / "corpus"))
        print(f"Building the index of {args.corpus} in {root}…", file=sys.stderr)
        build_seconds = build_index(corpus, root / "index")
        server = Server(corpus, root / "index", root / "app.log")
        try:
            ready = server.wait_ready(args.ready_timeout)
            memory_ready = process_memory_mb(server.process.pid)
            print(
                f"App ready on {server.url} in {ready:.1f} s; {args.clients} clients × "
                f"{args.questions} questions…",
                file=sys.stderr,
            )
            sampler = MemorySampler(server.process.pid)
            sampler.start()
            deadline = time.monotonic() + args.max_seconds
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.clients) as pool:
                results = list(
                    pool.map(
                        lambda plan: run_client(server.url, plan, deadline, args.request_timeout),
                        plans,
                    )
                )
            wall = time.perf_counter() - started
            sampler.done.set()
            sampler.join()
            memory_after = process_memory_mb(server.process.pid)
            alive = server.process.poll() is None
        finally:
            server.stop()
            log_tail = (root / "app.log").read_text(encoding="utf-8", errors="replace")[-2000:]
    load_after = os.getloadavg()

    latencies = [x for r in results for x in r["latencies"]]
    errors = [e for r in results for e in r["errors"]]
    done = len(latencies)
    client_stats = percentiles(latencies) if latencies else {}
    server_stats = percentiles([x for r in results for x in r["server_ms"]]) if done else {}
    follow_ups = sum(
        1
        for plan in plans
        for q in plan
        if any(q == i["question"] and i.get("history") for i in items)
    )
    report = {
        "config": {
            "clients": args.clients,
            "questions_per_client": args.questions,
            "requests_planned": args.clients * args.questions,
            "follow_ups_planned": follow_ups,
            "history": "all earlier questions of the conversation",
            "seed": args.seed,
            "corpus": str(args.corpus),
            "url": "http://127.0.0.1:<free port>/ (loopback only)",
            "endpoint": "/ask",
        },
        "index_build_s": round(build_seconds, 1),
        "app_ready_s": round(ready, 1),
        "wall_s": round(wall, 2),
        "completed": done,
        "answered": sum(r["answered"] for r in results),
        "throughput_qps": round(done / wall, 2) if wall else None,
        "client_latency_ms": client_stats,
        "server_elapsed_ms": server_stats,
        "errors": len(errors),
        "error_samples": errors[:10],
        "server_alive_after": alive,
        "server_memory_mb": {
            "rss_ready": memory_ready["vm_rss_mb"],
            "rss_max_sampled": max(sampler.samples, default=None),
            "rss_after": memory_after["vm_rss_mb"],
            "peak_hwm": memory_after["vm_hwm_mb"],
        },
        "load_average": {
            "before": [round(x, 2) for x in load_before],
            "after": [round(x, 2) for x in load_after],
        },
        "machine": machine(),
    }
    if errors:
        report["app_log_tail"] = log_tail
    path = write_json(args.out, report)

    mem = report["server_memory_mb"]
    rows = [
        [
            "conversations × questions (follow-ups)",
            f"{args.clients} × {args.questions} = {args.clients * args.questions} ({follow_ups})",
        ],
        ["completed / answered", f"{done} / {report['answered']}"],
        ["errors", len(errors)],
        ["wall time", f"{wall:.1f} s"],
        ["throughput", f"{report['throughput_qps']} questions/s"],
        [
            "client latency p50 / p95 / max",
            f"{client_stats.get('p50_ms')} / {client_stats.get('p95_ms')} / "
            f"{client_stats.get('max_ms')} ms",
        ],
        [
            "server `elapsed_ms` p50 / p95",
            f"{server_stats.get('p50_ms')} / {server_stats.get('p95_ms')} ms",
        ],
        [
            "server RSS: ready / max during load / peak (VmHWM)",
            f"{mem['rss_ready']} / {mem['rss_max_sampled']} / {mem['peak_hwm']} MB",
        ],
        ["app ready (existing index, process start → HTTP)", f"{ready:.1f} s"],
        ["load average before / after (1 min)", f"{load_before[0]:.2f} / {load_after[0]:.2f}"],
    ]
    print(markdown_table(["load: app on loopback, gradio_client `/ask`", "measured"], rows))
    print(f"\nMachine: {machine_line(report['machine'])}; commit {report['machine']['commit']}.")
    print(f"JSON: {path}", file=sys.stderr)
    return 0 if not errors and alive else 1


if __name__ == "__main__":
    sys.exit(main())
