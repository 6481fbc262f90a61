"""myoqa at scale: synthetic corpora of ~10k and ~100k chunks (benchmarks/synthetic_corpus.py).

For each size, in a temporary folder:
1. generate the corpus (real seed sentences recombined, deterministic seed);
2. build the index in a child process: build time, texts embedded, peak RSS;
3. measure the index on disk (per file, and the embedding cache apart);
4. serve it in another child process: ready time, RSS after load and after the queries,
   warm ``ask`` p50/p95 over eval/questions.jsonl;
5. compare FAISS search with the exact flat index over ~200 query vectors (the questions
   of eval/questions.jsonl, embedded): latency of flat search and, for HNSW with the
   parameters of index.py, build time, recall@10 and latency for several efSearch values.
   Above ``index.APPROXIMATE_ABOVE`` chunks the index itself is HNSW; below, the HNSW
   figures say what switching would give.

Prints Markdown tables; writes benchmarks/out/bench_scale_<chunks>.json.

    .venv/bin/python benchmarks/bench_scale.py --chunks 10000
    nohup .venv/bin/python benchmarks/bench_scale.py --chunks 100000 \\
        > benchmarks/out/bench_scale_100000.log 2>&1 &
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from common import (
    PROJECT,
    clean_env,
    load_questions,
    machine,
    machine_line,
    markdown_table,
    memory,
    percentiles,
    write_json,
)

QUESTIONS = PROJECT / "eval" / "questions.jsonl"
EF_SEARCH = (16, 32, 48, 64, 96, 128, 192, 256)
RECALL_QUERIES = 200


# --- children -------------------------------------------------------------------------------


def child_build(corpus: Path, index_dir: Path) -> dict:
    from myoqa.config import Settings
    from myoqa.embedding import load_model
    from myoqa.index import build_index

    started = time.perf_counter()
    model = load_model()
    model_s = time.perf_counter() - started
    report = build_index(
        Settings(corpus_dir=corpus, index_dir=index_dir),
        model=model,
        progress=False,
        on_step=lambda m: print(f"  build: {m}", file=sys.stderr, flush=True),
    )
    return {
        "model_s": round(model_s, 2),
        "build_s": round(report.seconds, 1),
        "total_s": round(time.perf_counter() - started, 1),
        "documents": report.documents,
        "chunks": report.chunks,
        "embedded": report.embedded,
        "memory": memory(),
    }


def child_serve(corpus: Path, index_dir: Path) -> dict:
    import faiss

    from myoqa import index as index_module
    from myoqa.assistant import Assistant
    from myoqa.config import Settings
    from myoqa.embedding import encode

    settings = Settings(corpus_dir=corpus, index_dir=index_dir)
    started = time.perf_counter()
    assistant = Assistant.load(settings)
    ready_s = time.perf_counter() - started
    after_load = memory()
    questions = load_questions(QUESTIONS)
    for item in questions[:20]:
        assistant.ask(item["question"], item.get("history") or [])
    latencies = []
    for item in questions:
        t = time.perf_counter()
        assistant.ask(item["question"], item.get("history") or [])
        latencies.append((time.perf_counter() - t) * 1000)
    result = {
        "ready_s": round(ready_s, 2),
        "faiss": assistant.index.manifest.get("faiss"),
        "chunks": len(assistant.index.chunks),
        "ask": percentiles(latencies),
        "memory_after_load": after_load,
        "memory_after_queries": memory(),
    }

    # FAISS alone: exact flat search against HNSW, same vectors, same query vectors.
    live = assistant.index.vectors
    vectors = live.reconstruct_n(0, live.ntotal)
    texts = [q["question"] for q in questions[:RECALL_QUERIES]]
    queries = encode(assistant.model, texts)
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    _, truth = flat.search(queries, 10)
    result["flat_search"] = search_latency(flat, queries)
    if hasattr(live, "hnsw"):
        hnsw, hnsw_build_s = live, None
    else:
        t = time.perf_counter()
        hnsw = faiss.IndexHNSWFlat(
            vectors.shape[1], index_module.HNSW_M, faiss.METRIC_INNER_PRODUCT
        )
        hnsw.hnsw.efConstruction = index_module.HNSW_EF_CONSTRUCTION
        hnsw.add(vectors)
        hnsw_build_s = round(time.perf_counter() - t, 2)
    sweep = []
    for ef in EF_SEARCH:
        hnsw.hnsw.efSearch = ef
        _, found = hnsw.search(queries, 10)
        recall = float(
            np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth, strict=True)])
        )
        sweep.append(
            {"ef_search": ef, "recall_at_10": round(recall, 4), **search_latency(hnsw, queries)}
        )
    result["hnsw"] = {
        "m": index_module.HNSW_M,
        "ef_construction": index_module.HNSW_EF_CONSTRUCTION,
        "ef_search_default": index_module.HNSW_EF_SEARCH,
        "build_s": hnsw_build_s,
        "sweep": sweep,
        "queries": len(texts),
    }
    return result


def search_latency(index, queries: np.ndarray) -> dict:
    """One query at a time, as in serving."""
    times = []
    for row in queries:
        t = time.perf_counter()
        index.search(row.reshape(1, -1), 10)
        times.append((time.perf_counter() - t) * 1000)
    stats = percentiles(times)
    return {"p50_ms": stats["p50_ms"], "p95_ms": stats["p95_ms"]}


def ann_grid(index_dir: Path, ms: tuple[int, ...], efcs: tuple[int, ...]) -> dict:
    """Tuning aid over the vectors of an existing index: HNSW built with each (M,
    efConstruction) and searched with several efSearch values, and IVF-Flat with several
    nprobe values; recall@10 against flat search, one query at a time."""
    import faiss

    from myoqa.embedding import encode, load_model
    from myoqa.index import current_generation

    live = faiss.read_index(str(current_generation(index_dir) / "vectors.faiss"))
    vectors = live.reconstruct_n(0, live.ntotal)
    texts = [q["question"] for q in load_questions(QUESTIONS)[:RECALL_QUERIES]]
    queries = encode(load_model(), texts)
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    _, truth = flat.search(queries, 10)
    rows = []

    def measure(index, kind: str, build_s: float, param: str) -> None:
        _, found = index.search(queries, 10)
        pairs = zip(found, truth, strict=True)
        recall = float(np.mean([len(set(f) & set(t)) / 10 for f, t in pairs]))
        row = {
            "index": kind,
            "build_s": round(build_s, 1),
            "search": param,
            "recall_at_10": round(recall, 4),
            **search_latency(index, queries),
        }
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)

    for m in ms:
        for efc in efcs:
            t = time.perf_counter()
            hnsw = faiss.IndexHNSWFlat(vectors.shape[1], m, faiss.METRIC_INNER_PRODUCT)
            hnsw.hnsw.efConstruction = efc
            hnsw.add(vectors)
            build_s = time.perf_counter() - t
            for ef in (64, 128, 256, 384, 512):
                hnsw.hnsw.efSearch = ef
                measure(hnsw, f"HNSW M={m} efConstruction={efc}", build_s, f"efSearch={ef}")
    nlist = int(4 * np.sqrt(len(vectors)))
    t = time.perf_counter()
    ivf = faiss.IndexIVFFlat(
        faiss.IndexFlatIP(vectors.shape[1]), vectors.shape[1], nlist, faiss.METRIC_INNER_PRODUCT
    )
    ivf.train(vectors)
    ivf.add(vectors)
    build_s = time.perf_counter() - t
    for nprobe in (8, 16, 32, 64, 128):
        ivf.nprobe = nprobe
        measure(ivf, f"IVF-Flat nlist={nlist}", build_s, f"nprobe={nprobe}")
    return {"vectors": int(live.ntotal), "flat": search_latency(flat, queries), "grid": rows}


def grid_table(result: dict) -> str:
    rows = [
        [
            r["index"],
            f"{r['build_s']:.0f}",
            r["search"],
            f"{r['recall_at_10']:.4f}",
            f"{r['p50_ms']:.2f}",
            f"{r['p95_ms']:.2f}",
        ]
        for r in result["grid"]
    ]
    flat = result["flat"]
    return (
        markdown_table(["index", "build s", "search", "recall@10", "p50 ms", "p95 ms"], rows)
        + f"\n\nFlat search over {result['vectors']} vectors: p50 {flat['p50_ms']:.2f} ms, "
        f"p95 {flat['p95_ms']:.2f} ms (one query at a time, FAISS threads as configured)."
    )


# --- parent -----------------------------------------------------------------------------------


def run_child(mode: str, corpus: Path, index_dir: Path) -> dict:
    process = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(corpus), str(index_dir)],
        stdout=subprocess.PIPE,
        text=True,
        env=clean_env(),
        check=False,
    )
    if process.returncode != 0:
        sys.exit(f"{mode} child failed (exit {process.returncode})")
    return json.loads(process.stdout.strip().splitlines()[-1])


def disk_usage(index_dir: Path) -> dict:
    generation = index_dir / (index_dir / "CURRENT").read_text(encoding="utf-8").strip()
    files = {}
    for path in sorted(generation.iterdir()):
        size = (
            sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
            if path.is_dir()
            else path.stat().st_size
        )
        files[path.name] = size
    cache = sum(p.stat().st_size for p in (index_dir / "cache").rglob("*") if p.is_file())
    return {
        "index_mb": round(sum(files.values()) / 2**20, 1),
        "files_mb": {k: round(v / 2**20, 1) for k, v in files.items()},
        "cache_mb": round(cache / 2**20, 1),
    }


def bench(chunks: int, workdir: Path, seed: int) -> dict:
    from synthetic_corpus import generate

    corpus = workdir / f"synth-{chunks}" / "corpus"
    index_dir = workdir / f"synth-{chunks}" / "index"
    print(f"[{chunks}] generating the corpus in {corpus}", file=sys.stderr, flush=True)
    generated = generate(corpus, chunks, seed=seed)
    print(f"[{chunks}] building the index", file=sys.stderr, flush=True)
    build = run_child("build", corpus, index_dir)
    disk = disk_usage(index_dir)
    print(f"[{chunks}] serving and measuring", file=sys.stderr, flush=True)
    serve = run_child("serve", corpus, index_dir)
    return {
        "target_chunks": chunks,
        "corpus": generated,
        "build": build,
        "disk": disk,
        "serve": serve,
        "machine": machine(),
    }


def tables(r: dict) -> str:
    b, s, d = r["build"], r["serve"], r["disk"]
    corpus = r["corpus"]
    main = markdown_table(
        [f"synthetic corpus, {b['chunks']} chunks", "measured"],
        [
            [
                "documents / words / size",
                f"{corpus['documents']} / {corpus['words']:,} / {corpus['bytes'] / 2**20:.0f} MB",
            ],
            [
                "index build (model loaded), texts embedded",
                f"{b['build_s']:.0f} s, {b['embedded']:,} texts",
            ],
            ["peak RSS of the build", f"{b['memory']['max_rss_mb']:.0f} MB"],
            [
                "index on disk (embedding cache apart)",
                f"{d['index_mb']:.0f} MB (+ cache {d['cache_mb']:.0f} MB)",
            ],
            ["FAISS index", s["faiss"]],
            ["ready (Assistant.load)", f"{s['ready_s']:.1f} s"],
            [
                f"ask, warm, p50 / p95 ({s['ask']['n']} questions)",
                f"{s['ask']['p50_ms']:.1f} / {s['ask']['p95_ms']:.1f} ms",
            ],
            [
                "RSS after load / after the queries",
                f"{s['memory_after_load']['vm_rss_mb']:.0f} / "
                f"{s['memory_after_queries']['vm_rss_mb']:.0f} MB "
                f"(max {s['memory_after_queries']['max_rss_mb']:.0f} MB; after the queries "
                f"{s['memory_after_queries']['rss_anon_mb']:.0f} MB heap, "
                f"{s['memory_after_queries']['rss_file_mb']:.0f} MB mapped files)",
            ],
            [
                "flat search alone, p50 / p95",
                f"{s['flat_search']['p50_ms']:.2f} / {s['flat_search']['p95_ms']:.2f} ms",
            ],
        ],
    )
    h = s["hnsw"]
    rows = [
        [
            f"{x['ef_search']}"
            + (" (default)" if x["ef_search"] == h["ef_search_default"] else ""),
            f"{x['recall_at_10']:.4f}",
            f"{x['p50_ms']:.2f}",
            f"{x['p95_ms']:.2f}",
        ]
        for x in h["sweep"]
    ]
    built = f", built in {h['build_s']:.1f} s" if h["build_s"] is not None else ""
    sweep = markdown_table(["efSearch", "recall@10 vs flat", "p50 ms", "p95 ms"], rows)
    return (
        f"{main}\n\nHNSW (M={h['m']}, efConstruction={h['ef_construction']}{built}), "
        f"{h['queries']} query vectors:\n\n{sweep}\n\nMachine: {machine_line(r['machine'])}; "
        f"commit {r['machine']['commit']}."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--chunks",
        type=int,
        action="append",
        help="corpus size in chunks (repeatable; default 10000)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, help="keep the corpora and indexes here")
    parser.add_argument(
        "--child", nargs=3, metavar=("MODE", "CORPUS", "INDEX"), help=argparse.SUPPRESS
    )
    parser.add_argument(
        "--grid",
        type=Path,
        metavar="INDEX_DIR",
        help="only compare HNSW and IVF settings on the vectors of an existing index",
    )
    args = parser.parse_args(argv)
    if args.grid:
        result = ann_grid(args.grid, ms=(32, 48, 64), efcs=(80, 200))
        result["table"] = grid_table(result)
        path = write_json(f"bench_ann_grid_{result['vectors']}.json", result)
        print(result["table"])
        print(f"\n(JSON: {path.relative_to(PROJECT)})")
        return 0
    if args.child:
        mode, corpus, index_dir = args.child
        work = child_build if mode == "build" else child_serve
        print(json.dumps(work(Path(corpus), Path(index_dir))))
        return 0
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="myoqa-scale-"))
    try:
        for chunks in args.chunks or [10_000]:
            result = bench(chunks, workdir, args.seed)
            result["table"] = tables(result)
            path = write_json(f"bench_scale_{chunks}.json", result)
            print(result["table"], flush=True)
            print(f"\n(JSON: {path.relative_to(PROJECT)})\n", flush=True)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
