"""What the benchmarks share: the machine they ran on, memory, percentiles, output files."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

PROJECT = Path(__file__).resolve().parents[1]
OUT = PROJECT / "benchmarks" / "out"


def machine() -> dict[str, Any]:
    """CPU model, cores, RAM, Python and library versions, and the code's commit."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    versions = {}
    for module in ("torch", "faiss", "bm25s", "sentence_transformers", "numpy"):
        try:
            versions[module] = __import__(module).__version__
        except Exception:  # a missing library is reported, not fatal
            versions[module] = None
    try:
        commit = (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"],
                cwd=PROJECT,
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
            or None
        )
    except OSError:
        commit = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "commit": commit,
        "load_average": [round(x, 2) for x in os.getloadavg()],  # 1, 5, 15 min, at the end
    }


def machine_line(info: dict[str, Any]) -> str:
    return (
        f"{info['cpu']}, {info['usable_cores'] or info['cores']} cores, "
        f"{info['ram_gb']} GB RAM, Python {info['python']}, {info['platform']}; "
        f"load average {' / '.join(map(str, info.get('load_average', [])))} (1 / 5 / 15 min)"
    )


def status_mb(field: str) -> float | None:
    """A memory line of /proc/self/status (VmRSS, VmHWM) in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def memory() -> dict[str, float | None]:
    """Current RSS (VmRSS) and peak RSS (getrusage ru_maxrss) of this process, in MB, and
    how much of the current RSS is heap (RssAnon) or mapped files (RssFile: memory-mapped
    index files, which the kernel can drop and read again)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return {
        "vm_rss_mb": status_mb("VmRSS"),
        "max_rss_mb": round(peak, 1),
        "rss_anon_mb": status_mb("RssAnon"),
        "rss_file_mb": status_mb("RssFile"),
    }


def children_peak_mb() -> float:
    """The largest peak RSS of the child processes waited for so far, in MB."""
    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


def percentiles(values_ms: list[float]) -> dict[str, float]:
    data = np.asarray(values_ms, dtype=np.float64)
    return {
        "n": int(data.size),
        "p50_ms": round(float(np.percentile(data, 50)), 2),
        "p95_ms": round(float(np.percentile(data, 95)), 2),
        "p99_ms": round(float(np.percentile(data, 99)), 2),
        "mean_ms": round(float(data.mean()), 2),
        "max_ms": round(float(data.max()), 2),
    }


def write_json(name: str, data: dict[str, Any]) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def markdown_table(header: list[str], rows: list[list[Any]]) -> str:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|",
    ]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def myoqa_cli() -> list[str]:
    script = Path(sys.executable).with_name("myoqa")
    return [str(script)] if script.exists() else [sys.executable, "-m", "myoqa"]


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("MYOQA_")}


def load_questions(path: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
